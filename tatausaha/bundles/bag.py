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
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tatausaha.errors import JobCancelled, StorageError

ALGORITHMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
CHUNK = 1 << 20
#: above this a file's second hash runs on a helper thread (hashlib releases the GIL on big buffers)
_PARALLEL_FROM = 4 * CHUNK

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


@dataclass(frozen=True)
class Entry:
    path: str  # inside the bag, e.g. "data/dokumen/0001-x/01-scan.pdf"
    size: int
    sha256: str
    sha512: str


class _Hashes:
    """SHA-256 in this thread, SHA-512 on a helper thread for big files (two cores: one pass, ~one hash's time)."""

    def __init__(self, parallel: bool) -> None:
        self.h256 = hashlib.sha256()
        self.h512 = hashlib.sha512()
        self._parallel = parallel
        self._queue: list[bytes] = []
        self._cond = threading.Condition()
        self._done = False
        self._thread: threading.Thread | None = None
        if parallel:
            self._thread = threading.Thread(target=self._run, daemon=True, name="bag-sha512")
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._done:
                    self._cond.wait()
                if not self._queue and self._done:
                    return
                chunk = self._queue.pop(0)
            self.h512.update(chunk)

    def update(self, chunk: bytes) -> None:
        if self._parallel:
            with self._cond:
                self._queue.append(chunk)
                self._cond.notify()
        else:
            self.h512.update(chunk)
        self.h256.update(chunk)

    def finish(self) -> tuple[str, str]:
        if self._thread is not None:
            with self._cond:
                self._done = True
                self._cond.notify()
            self._thread.join()
        return self.h256.hexdigest(), self.h512.hexdigest()


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

    def _cleanup(self) -> None:
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

    def _write(self, rel: str, chunks: Iterable[bytes], size_hint: int) -> Entry:
        _check_path(rel)
        if rel in self._paths:
            raise ValueError(f"duplicate bag path: {rel}")
        self._paths.add(rel)
        hashes = _Hashes(parallel=size_hint >= _PARALLEL_FROM)
        size = 0
        try:
            if self._zip is not None:
                with self._zip.open(self._zipinfo(rel, size_hint), "w", force_zip64=size_hint > 0x7FFFFFFF) as out:
                    for chunk in chunks:
                        hashes.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
            else:
                path = self._tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("wb") as fh:
                    for chunk in chunks:
                        hashes.update(chunk)
                        fh.write(chunk)
                        size += len(chunk)
        finally:
            sha256, sha512 = hashes.finish()
        return Entry(rel, size, sha256, sha512)

    def add_stream(self, rel: str, src: BinaryIO, size_hint: int = 0) -> Entry:
        """Copy a payload file (``rel`` under ``data/``) from an open binary stream."""
        self._check_cancel()

        def chunks() -> Iterable[bytes]:
            while True:
                chunk = src.read(CHUNK)
                if not chunk:
                    return
                yield chunk
                self._check_cancel()

        entry = self._write(f"data/{rel}", chunks(), size_hint)
        self.entries.append(entry)
        return entry

    def add_bytes(self, rel: str, data: bytes) -> Entry:
        self._check_cancel()
        entry = self._write(f"data/{rel}", [data] if data else [], len(data))
        self.entries.append(entry)
        return entry

    def _add_tag(self, rel: str, text: str) -> Entry:
        data = text.encode("utf-8")
        entry = self._write(rel, [data] if data else [], len(data))
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
