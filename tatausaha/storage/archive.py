"""The archive file store behind one interface, and which backend a database gets.

- one PC (SQLite): ``FileStore``, a folder ``arsip/`` beside the database;
- several PCs (PostgreSQL): ``DbFileStore``, inside the server database, shared by every PC
  (chosen by measuring backup and restore against a shared folder: ``docs/shared-archive.md``).

Both are content-addressed (a file named by the SHA-256 of its bytes, kept once), written whole or
not at all, read-only once written, and checked by ``tatausaha check`` (``verify``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from tatausaha.config import AppPaths
from tatausaha.storage.database import Database
from tatausaha.storage.dbstore import DbFileStore
from tatausaha.storage.filestore import FileStore, StoredFile, VerifyReport


class ArchiveStore(Protocol):
    shared: bool
    root: Path

    def describe(self) -> str: ...
    def exists(self, sha256: str) -> bool: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def read_bytes(self, sha256: str) -> bytes: ...
    def local_path(self, sha256: str) -> Path: ...
    def path_for(self, sha256: str) -> Path: ...
    def put_bytes(self, data: bytes) -> StoredFile: ...
    def put_file(self, source: Path) -> StoredFile: ...
    def remove(self, sha256: str) -> None: ...
    def iter_hashes(self) -> Iterator[str]: ...
    def verify(self, known: Iterable[str], *, rehash: bool = True, progress=None, cancel=None) -> VerifyReport: ...  # type: ignore[no-untyped-def]
    def copy_tree_to(self, target: Path) -> int: ...


def open_archive(db: Database, paths: AppPaths) -> ArchiveStore:
    """The archive store that belongs with ``db``."""
    if db.is_sqlite:
        return FileStore(paths.store)
    return DbFileStore(db.engine, paths.cache / "arsip")
