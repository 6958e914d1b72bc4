"""One place for atomic writes and file-type sniffing (tatausaha/fileio.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tatausaha import fileio
from tatausaha.errors import StorageError


def test_sniff_by_content_not_by_name() -> None:
    assert fileio.sniff(b"%PDF-1.7\n") == fileio.PDF
    assert fileio.sniff(b"\n\n%PDF-1.4") == fileio.PDF  # junk before the header is allowed by the spec
    assert fileio.sniff(b"\xff\xd8\xff\xe0JFIF") == fileio.JPEG
    assert fileio.sniff(b"\x89PNG\r\n\x1a\nIHDR") == fileio.PNG
    assert fileio.sniff(b"II*\x00....") == fileio.TIFF == fileio.sniff(b"MM\x00*....")
    assert fileio.sniff(b"PK\x03\x04") is None
    # a JPEG named .pdf is a JPEG; an unknown body falls back to the name, then to octet-stream
    assert fileio.sniff_mime(b"\xff\xd8\xff\xe0", "surat.pdf") == fileio.JPEG
    assert fileio.sniff_mime(b"hello", "catatan.txt") == "text/plain"
    assert fileio.sniff_mime(b"hello", "tanpa-ekstensi") == "application/octet-stream"


def test_the_archive_and_the_scan_folder_share_the_sniffer() -> None:
    from tatausaha.ingest import validate
    from tatausaha.services import documents

    assert validate.sniff is fileio.sniff and documents.sniff_mime is fileio.sniff_mime


def test_atomic_write_replaces_whole_or_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "ekspor.csv"
    fileio.atomic_write_bytes(target, b"lama")
    assert target.read_bytes() == b"lama"
    with pytest.raises(RuntimeError), fileio.atomic_target(target) as tmp:
        tmp.write_bytes(b"setengah")
        raise RuntimeError("crash while writing")
    assert target.read_bytes() == b"lama"  # the old content is untouched
    assert sorted(p.name for p in target.parent.iterdir()) == ["ekspor.csv"]  # no temp file left
    fileio.atomic_write_bytes(target, b"baru")
    assert target.read_bytes() == b"baru"


@pytest.mark.skipif(os.name == "nt", reason="directory permissions")
def test_an_unwritable_folder_is_one_indonesian_sentence(tmp_path: Path) -> None:
    blocked = tmp_path / "berkas"
    blocked.write_text("bukan folder")  # a file where the folder should be
    with pytest.raises(StorageError, match="tidak dapat ditulis"):
        fileio.atomic_write_bytes(blocked / "x.pdf", b"%PDF-")
