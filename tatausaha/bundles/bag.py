"""Writing a BagIt bag (RFC 8493): a ZIP holding one bag, or a plain folder.

Pure file work, no database: payload files are streamed once — read, hashed (SHA-256 and SHA-512)
and written in the same pass — then the tag files are written: ``bagit.txt``, ``bag-info.txt`` (with
``Payload-Oxum``), ``manifest-sha256.txt``, ``manifest-sha512.txt`` and the tag manifests over them.

Choices that keep every verifier happy (learned from the BagIt tools' issue trackers):

* payload paths are plain ASCII (letters, digits, ``._-`` and ``/``), so the BagIt 1.0
  percent-encoding of CR, LF and ``%`` — which implementations disagree on — never comes up;
* manifest lines are ``<hex>  <path>`` (two spaces, LF), which is also what ``sha256sum -c`` reads;
* the bag is written under a temporary name beside the target and renamed only when complete, so
  a cancelled or failed export leaves no partial file under the real name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import queue
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from tatausaha.errors import JobCancelled, StorageError

ALGORITHMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
CHUNK = 1 << 20

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str, *, limit: int = 60, default: str = "berkas") -> str:
    """A file-name part any verifier and any OS takes: ASCII letters, digits, ``._-``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _SAFE.sub("_", ascii_text).strip("._-")
    cleaned = re.sub(r"_+", "_", cleaned)[:limit].strip("._-")
    return cleaned or default


def _check_path(rel: str) -> None:
    if not rel or rel.startswith("/") or ".." in rel.split("/") or not re.fullmatch(r"[A-Za-z0-9._/-]+", rel):
        raise ValueError(f"unsafe bag path: {rel!r}")


@dataclass
class Entry:
    path: str  # inside the bag, e.g. "data/dokumen/0001-x/01-scan.pdf"
    size: int
    sha256: str
    sha512: str = ""  # streamed payload files: both digests filled in when the helper threads are done
    key: int = -1


_Queue = queue.Queue[tuple[Any, bytes | None] | None]


class _HashPool:
    """Both digests of the payload on helper threads while this thread only reads and writes.

    The copy loop is then the same work as a plain stored ZIP (read, CRC-32, write); SHA-256 and
    SHA-512 of the chunks it already read run beside it (hashlib releases the GIL on big buffers),
    each on its own worker when the PC has the cores, both on one when it has not. Each file's chunks
    reach its hashers in order; the queues are bounded so memory stays at a few chunks per worker."""

    def __init__(self, workers: int | None = None) -> None:
        n = workers if workers is not None else max(1, min(2, (os.cpu_count() or 2) - 1))
        self._queues: list[queue.Queue[tuple[Any, bytes | None] | None]] = [queue.Queue(maxsize=16) for _ in range(n)]
        self._digests: dict[tuple[int, str], str] = {}
        self._errors: list[BaseException] = []
        self._threads = [threading.Thread(target=self._run, args=(q,), daemon=True, name=f"bag-hash-{i}")
                         for i, q in enumerate(self._queues)]
        for t in self._threads:
            t.start()
        self._next = 0

    def _run(self, q: queue.Queue[tuple[Any, bytes | None] | None]) -> None:
        while True:
            job = q.get()
            if job is None:
                return
            (key, alg, hasher), chunk = job
            try:
                if chunk is None:
                    self._digests[(key, alg)] = hasher.hexdigest()
                else:
                    hasher.update(chunk)
            except BaseException as exc:  # noqa: BLE001 - handed to the writer thread at close()
                self._errors.append(exc)

    def open(self, algorithms: tuple[str, ...] = ALGORITHMS) -> tuple[int, list[tuple[_Queue, Any]]]:
        """A new file: (its key, [(queue, job head)] for each digest to work out)."""
        key = self._next
        self._next += 1
        n = len(self._queues)
        return key, [(self._queues[(len(algorithms) * key + i) % n], (key, alg, hashlib.new(alg)))
                     for i, alg in enumerate(algorithms)]

    def close(self) -> dict[tuple[int, str], str]:
        for q in self._queues:
            q.put(None)
        for t in self._threads:
            t.join()
        if self._errors:
            raise self._errors[0]
        return self._digests


class BagWriter:
    """Write one bag to ``target`` (``.zip`` file, or a folder when ``as_zip`` is False).

    Use as a context manager: leaving the block with an error (or a cancel) removes the temporary
    file and leaves ``target`` untouched; :meth:`finish` writes the tag files and renames."""

    def __init__(self, target: Path, *, name: str, as_zip: bool = True, stamp: dt.datetime | None = None,
                 cancel: object | None = None) -> None:
        self.target = Path(target)
        self.name = safe_name(name, limit=120, default="bundel")
        self.as_zip = as_zip
        self.stamp = stamp or dt.datetime(2000, 1, 1)
        self.cancel = cancel
        self.entries: list[Entry] = []
        self.tag_entries: list[Entry] = []
        self._paths: set[str] = set()
        self._tmp = self.target.with_name(f".{self.target.name}.{os.getpid()}.{threading.get_ident()}.sebagian")
        self._zip: zipfile.ZipFile | None = None
        self._pool: _HashPool | None = None
        #: (bag path, the SHA-256 the caller expects, what to call it in a refusal)
        self._expected: list[tuple[str, str, str]] = []
        self._done = False

    # -- life cycle --------------------------------------------------------------------------------
    def __enter__(self) -> BagWriter:
        if self.target.exists():
            raise StorageError(f"{self.target} sudah ada; pilih nama lain (bundel lama tidak ditimpa).")
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            if self.as_zip:
                self._zip = zipfile.ZipFile(self._tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True)
            else:
                (self._tmp / "data").mkdir(parents=True)
        except OSError as exc:
            self._cleanup()
            raise StorageError(f"Bundel tidak dapat ditulis di {self.target.parent}: {exc.strerror or exc}.") from exc
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if not self._done:
            self._cleanup()
        if isinstance(exc, OSError) and not isinstance(exc, StorageError):
            raise StorageError(f"Bundel tidak dapat ditulis ke {self.target}: {exc.strerror or exc}. "
                               "Tidak ada berkas yang tertinggal.") from exc

    def _close_pool(self) -> None:
        if self._pool is not None:
            digests = self._pool.close()
            self._pool = None
            for e in self.entries:
                if e.key >= 0:
                    e.sha256 = digests[(e.key, "sha256")]
                    e.sha512 = e.sha512 or digests[(e.key, "sha512")]
        by_path = {e.path: e for e in self.entries}
        for rel, expected, what in self._expected:
            if by_path[rel].sha256 != expected:
                raise StorageError(f"{what} rusak: isinya tidak sama dengan sidik SHA-256 yang tercatat "
                                   f"({expected[:12]}…, terbaca {by_path[rel].sha256[:12]}…). Bundel tidak dibuat; "
                                   "jalankan 'tatausaha check'.")
        self._expected = []

    def _cleanup(self) -> None:
        with contextlib.suppress(Exception):
            self._close_pool()
        if self._zip is not None:
            with contextlib.suppress(Exception):
                self._zip.close()
            self._zip = None
        with contextlib.suppress(OSError):
            if self._tmp.is_dir():
                shutil.rmtree(self._tmp)
            else:
                self._tmp.unlink(missing_ok=True)

    def _check_cancel(self) -> None:
        if self.cancel is not None and getattr(self.cancel, "cancelled", False):
            raise JobCancelled("Ekspor bundel dibatalkan; tidak ada berkas yang tertinggal.")

    # -- writing -----------------------------------------------------------------------------------
    def _zipinfo(self, rel: str, size: int) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(f"{self.name}/{rel}", date_time=self.stamp.timetuple()[:6])
        zi.compress_type = zipfile.ZIP_STORED
        zi.external_attr = 0o644 << 16
        zi.file_size = size
        return zi

    def _write(self, rel: str, chunks: Iterable[bytes], size_hint: int, *, pooled: bool,
               known_sha512: str = "") -> Entry:
        _check_path(rel)
        if rel in self._paths:
            raise ValueError(f"duplicate bag path: {rel}")
        self._paths.add(rel)
        jobs: list[tuple[Any, Any]] = []
        key = -1
        if pooled:
            if self._pool is None:
                self._pool = _HashPool()
            key, jobs = self._pool.open(("sha256",) if known_sha512 else ALGORITHMS)
            local: list[Any] = []
        else:
            local = [hashlib.sha256(), hashlib.sha512()]
        size = 0
        try:
            if self._zip is not None:
                out_cm = self._zip.open(self._zipinfo(rel, size_hint), "w", force_zip64=size_hint > 0x7FFFFFFF)
            else:
                path = self._tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                out_cm = path.open("wb")
            with out_cm as out:
                for chunk in chunks:
                    for q, head in jobs:
                        q.put((head, chunk))
                    for h in local:
                        h.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
        finally:
            for q, head in jobs:
                q.put((head, None))
        if pooled:
            return Entry(rel, size, "", known_sha512, key)
        return Entry(rel, size, local[0].hexdigest(), local[1].hexdigest(), key)

    def add_stream(self, rel: str, src: BinaryIO, size_hint: int = 0, *, expect_sha256: str | None = None,
                   known_sha512: str | None = None, what: str = "") -> Entry:
        """Copy a payload file (``rel`` under ``data/``) from an open binary stream. Its digests are
        filled in by :meth:`finish`; with ``expect_sha256`` the bag is refused there (nothing written)
        when the bytes read are not the ones recorded (``what`` names them in the refusal).

        ``known_sha512`` (only with ``expect_sha256``): the SHA-512 the archive already worked out for
        these bytes. Only SHA-256 is then computed; since the bag is refused unless it matches the
        recorded SHA-256, the bytes written are the ones that SHA-512 was computed from."""
        if known_sha512 and not expect_sha256:
            raise ValueError("known_sha512 needs expect_sha256: the bytes must be proven to be those it belongs to")
        self._check_cancel()

        def chunks() -> Iterable[bytes]:
            while True:
                chunk = src.read(CHUNK)
                if not chunk:
                    return
                yield chunk
                self._check_cancel()

        entry = self._write(f"data/{rel}", chunks(), size_hint, pooled=True, known_sha512=known_sha512 or "")
        self.entries.append(entry)
        if expect_sha256 is not None:
            self._expected.append((entry.path, expect_sha256, what or entry.path))
        return entry

    def add_bytes(self, rel: str, data: bytes) -> Entry:
        self._check_cancel()
        entry = self._write(f"data/{rel}", [data] if data else [], len(data), pooled=False)
        self.entries.append(entry)
        return entry

    def _add_tag(self, rel: str, text: str) -> Entry:
        data = text.encode("utf-8")
        entry = self._write(rel, [data] if data else [], len(data), pooled=False)
        self.tag_entries.append(entry)
        return entry

    @property
    def oxum(self) -> str:
        return f"{sum(e.size for e in self.entries)}.{len(self.entries)}"

    def finish(self, bag_info: list[tuple[str, str]], extra_tags: Iterable[tuple[str, str]] = (),
               on_complete: Callable[[str], None] | None = None) -> str:
        """Write the tag files, close and rename the bag into place; returns the SHA-256 of
        ``tagmanifest-sha256.txt`` (the one hash that names this bundle)."""
        self._check_cancel()
        self._close_pool()
        info = [*bag_info, ("Payload-Oxum", self.oxum)]
        self._add_tag("bagit.txt", BAGIT_TXT)
        self._add_tag("bag-info.txt", "".join(f"{k}: {_one_line(v)}\n" for k, v in info))
        for alg in ALGORITHMS:
            self._add_tag(f"manifest-{alg}.txt", manifest_text(self.entries, alg))
        for rel, text in extra_tags:
            self._add_tag(rel, text)
        tagged = list(self.tag_entries)
        tag_hash = ""
        for alg in ALGORITHMS:
            entry = self._add_tag(f"tagmanifest-{alg}.txt", manifest_text(tagged, alg))
            if alg == "sha256":
                tag_hash = entry.sha256
        self._check_cancel()
        try:
            if self._zip is not None:
                self._zip.close()
                self._zip = None
                with self._tmp.open("rb+") as fh:
                    os.fsync(fh.fileno())
            os.replace(self._tmp, self.target) if self.as_zip else os.rename(self._tmp, self.target)
        except OSError as exc:
            raise StorageError(f"Bundel tidak dapat disimpan sebagai {self.target}: {exc.strerror or exc}.") from exc
        self._done = True
        if on_complete is not None:
            on_complete(tag_hash)
        return tag_hash


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def manifest_text(entries: Iterable[Entry], alg: str) -> str:
    return "".join(f"{getattr(e, alg)}  {e.path}\n" for e in sorted(entries, key=lambda e: e.path))
