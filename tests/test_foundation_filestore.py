"""The content-addressed archive store: a killed write leaves no partial file under a final name;
stored files are read-only; identical content is kept once; the verifier finds what is wrong."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tatausaha.errors import StorageError
from tatausaha.storage.filestore import TMP_PREFIX, FileStore, sha256_file

CHILD = r"""
import sys
from pathlib import Path
from tatausaha.storage.filestore import FileStore
FileStore(Path(sys.argv[1])).put_file(Path(sys.argv[2]))
print("finished")
"""


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def assert_store_consistent(store: FileStore) -> None:
    """Every file under a final (64-hex) name is complete: its bytes hash to its name."""
    for p in all_files(store.root):
        if p.name.startswith(TMP_PREFIX):
            continue
        assert len(p.name) == 64, f"unexpected file in the store: {p}"
        assert sha256_file(p) == p.name, f"partial or corrupt file under its final name: {p}"
        assert p == store.path_for(p.name)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_killed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "arsip")
    complete = [store.put_bytes(f"surat lengkap nomor {i}".encode() * 1000) for i in range(3)]
    fifo = tmp_path / "pindaian.fifo"
    os.mkfifo(fifo)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(store.root), str(fifo)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = 0
    try:
        # The child copies from a "slow scanner" (the FIFO); we feed 6 MiB, then kill it mid-file.
        with fifo.open("wb") as feed:
            block = os.urandom(1 << 20)
            for _ in range(6):
                feed.write(block)
                sent += len(block)
            feed.flush()
            deadline = time.monotonic() + 20
            tmp_files: list[Path] = []
            while time.monotonic() < deadline:
                tmp_files = list(store.root.glob(TMP_PREFIX + "*"))
                if tmp_files and tmp_files[0].stat().st_size >= 4 << 20:
                    break
                time.sleep(0.01)
            assert tmp_files, "the child never started writing"
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
    except BrokenPipeError:
        pass
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert child.stdout is not None and b"finished" not in child.stdout.read()

    assert_store_consistent(store)
    final_names = [p.name for p in all_files(store.root) if not p.name.startswith(TMP_PREFIX)]
    assert sorted(final_names) == sorted(s.sha256 for s in complete)  # nothing new under a final name
    report = store.verify([s.sha256 for s in complete])
    assert report.checked == 3
    assert report.missing == [] and report.corrupt == [] and report.orphans == []
    assert len(report.leftovers) == 1 and report.leftovers[0].startswith(TMP_PREFIX)
    assert report.ok  # leftovers of an interrupted write are reported, but nothing is lost or damaged

    # The same file, stored again properly, lands complete under its name.
    src = tmp_path / "scan.bin"
    src.write_bytes(os.urandom(1 << 20))
    stored = store.put_file(src)
    assert stored.created and sha256_file(stored.path) == stored.sha256
    assert_store_consistent(store)


def test_stored_files_are_read_only_and_kept_once(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "arsip")
    data = b"%PDF-1.4 Surat Undangan Rapat Koordinasi\n" * 100
    first = store.put_bytes(data)
    assert first.created
    assert first.sha256 == hashlib.sha256(data).hexdigest() and first.size == len(data)
    assert first.path == store.root / first.sha256[:2] / first.sha256[2:4] / first.sha256
    mode = stat.S_IMODE(first.path.stat().st_mode)
    assert mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) == 0, oct(mode)

    src = tmp_path / "salinan.pdf"
    src.write_bytes(data)
    second = store.put_file(src)
    assert not second.created and second.path == first.path
    assert src.read_bytes() == data  # the source is left in place
    assert [p for p in all_files(store.root)] == [first.path]  # one file, no leftovers
    assert store.read_bytes(first.sha256) == data
    assert list(store.iter_hashes()) == [first.sha256]


def test_verify_reports_missing_corrupt_and_orphan_files(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "arsip")
    good = store.put_bytes(b"berkas baik")
    bad = store.put_bytes(b"berkas yang nanti rusak")
    orphan = store.put_bytes(b"berkas tanpa catatan")
    gone = hashlib.sha256(b"berkas yang hilang").hexdigest()
    os.chmod(bad.path, 0o644)
    bad.path.write_bytes(b"berkas yang nanti RUSAK")
    report = store.verify([good.sha256, bad.sha256, gone])
    assert report.missing == [gone]
    assert report.corrupt == [bad.sha256]
    assert report.orphans == [orphan.sha256]
    assert not report.ok
    with pytest.raises(StorageError, match="tidak ada di penyimpanan arsip"):
        store.open(gone)


def test_unwritable_store_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "arsip"
    blocker.write_text("bukan folder")  # the store path is a file: fails even for root
    with pytest.raises(StorageError, match="tidak dapat ditulisi"):
        FileStore(blocker).put_bytes(b"isi")
    assert blocker.read_text() == "bukan folder"


def test_path_for_rejects_what_is_not_a_digest(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "arsip")
    for bad in ("../../etc/passwd", "ab" * 31, "AB" * 32, "zz" * 32):
        with pytest.raises(ValueError):
            store.path_for(bad)
