"""Content-addressed archive store: every file kept once, named by the SHA-256 of its bytes.

Layout: ``<root>/ab/cd/<sha256>``. A write goes to a temporary file in the same folder, is
fsynced, made read-only and renamed into place, then the folder is fsynced: a crash at any
moment leaves either no file or the whole file, never a partial one under its final name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from tatausaha.errors import StorageError

CHUNK = 1024 * 1024
TMP_PREFIX = ".tmp-"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def check_digest(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return sha256


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path
    created: bool  # False when the same bytes were already in the store
    sha512: str = ""  # of the same bytes, read in the same pass (kept on the document for bundles)


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # temporary files of interrupted writes

    @property
    def ok(self) -> bool:
        return not (self.missing or self.corrupt or self.orphans)


class FileStore:
    """The archive in a folder of this computer (the one-PC mode, beside the SQLite database)."""

    shared = False

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self) -> str:
        return f"folder {self.root}"

    def path_for(self, sha256: str) -> Path:
        check_digest(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def local_path(self, sha256: str) -> Path:
        """A real file holding the bytes (for a PDF reader or an external viewer)."""
        return self.path_for(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError as exc:
            raise StorageError(f"Berkas arsip {sha256[:12]}… tidak ada di penyimpanan arsip.") from exc

    def read_bytes(self, sha256: str) -> bytes:
        with self.open(sha256) as fh:
            return fh.read()

    def put_bytes(self, data: bytes) -> StoredFile:
        return self._put(iter([data]))

    def put_file(self, source: Path) -> StoredFile:
        """Store a copy of ``source`` (the source is left in place)."""

        def chunks() -> Iterator[bytes]:
            with source.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    yield chunk

        return self._put(chunks())

    def _put(self, chunks: Iterable[bytes]) -> StoredFile:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, dir=self.root)
        except OSError as exc:
            raise StorageError(f"Penyimpanan arsip {self.root} tidak dapat ditulisi: {exc.strerror}.") from exc
        tmp = Path(tmp_name)
        h, h512 = hashlib.sha256(), hashlib.sha512()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    h.update(chunk)
                    h512.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            digest = h.hexdigest()
            final = self.path_for(digest)
            if final.is_file():
                tmp.unlink()
                return StoredFile(digest, size, final, created=False, sha512=h512.hexdigest())
            if not final.parent.is_dir():
                final.parent.mkdir(parents=True, exist_ok=True)
                _fsync_dir(final.parent.parent)  # the new fan-out folders must survive a crash too
                _fsync_dir(self.root)
            os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
            return StoredFile(digest, size, final, created=True, sha512=h512.hexdigest())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def remove(self, sha256: str) -> None:
        """Only for orphans found by ``verify``: the app never deletes archived files itself."""
        p = self.path_for(sha256)
        if p.exists():
            os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)
            p.unlink()

    def iter_hashes(self) -> Iterator[str]:
        if not self.root.exists():
            return
        for first in sorted(self.root.iterdir()):
            if not first.is_dir() or len(first.name) != 2:
                continue
            for second in sorted(first.iterdir()):
                if second.is_dir():
                    for f in sorted(second.iterdir()):
                        if f.is_file() and len(f.name) == 64:
                            yield f.name

    def verify(self, known: Iterable[str], *, rehash: bool = True, progress=None, cancel=None) -> VerifyReport:  # type: ignore[no-untyped-def]
        """Compare the store with the hashes the database knows; re-hash every file."""
        known_set = set(known)
        report = VerifyReport()
        on_disk = set(self.iter_hashes())
        total = len(known_set)
        for i, digest in enumerate(sorted(known_set)):
            if cancel is not None:
                cancel.raise_if_cancelled()
            p = self.path_for(digest)
            if digest not in on_disk:
                report.missing.append(digest)
            elif rehash and sha256_file(p) != digest:
                report.corrupt.append(digest)
            report.checked += 1
            if progress is not None and i % 50 == 0:
                progress.report(i, total, "Memeriksa berkas arsip")
        report.orphans = sorted(on_disk - known_set)
        if self.root.exists():
            report.leftovers = sorted(p.name for p in self.root.glob(TMP_PREFIX + "*"))
        return report

    def copy_tree_to(self, target: Path) -> int:
        """Copy every stored file to ``target`` (same layout); used by backup. Returns files copied."""
        n = 0
        for digest in self.iter_hashes():
            src = self.path_for(digest)
            dst = target / src.relative_to(self.root)
            if dst.exists():
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            n += 1
        return n
