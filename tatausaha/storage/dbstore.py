"""The office's shared archive inside the PostgreSQL server (tables ``archive_file`` + ``archive_part``).

Chosen over a shared folder (UNC path / SMB mount) by measuring backup and restore
(``docs/shared-archive.md``, ``bench/bench_archive_backends.py``): one ``pg_dump`` holds the records
and the files at the same instant, one restore brings both back, and "read-only once written" is
enforced by the server (a trigger, and a role with only SELECT and INSERT), not by a file attribute
any PC on the share can clear.

Still content-addressed: a file is named by the SHA-256 of its bytes, kept once, written whole in one
transaction (parts of 1 MiB). Callers that need a real file (a PDF reader, an external viewer) get
one from a local cache (``<data folder>/cache/arsip``), written through ``FileStore`` and checked
against its name before it is handed out.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from tatausaha import clock
from tatausaha.errors import StorageError
from tatausaha.storage.filestore import CHUNK, FileStore, StoredFile, VerifyReport, check_digest

PART = CHUNK  # 1 MiB per row


class DbFileStore:
    """The archive store of a server database; the same interface as ``FileStore``."""

    shared = True

    def __init__(self, engine: Engine, cache: Path) -> None:
        self.engine = engine
        self.cache = FileStore(cache)
        self.root = cache  # where local copies appear (for messages)

    def describe(self) -> str:
        return f"di dalam basis data server ({self.engine.url.host or 'lokal'}/{self.engine.url.database})"

    # -- reading -------------------------------------------------------------------------------------
    def exists(self, sha256: str) -> bool:
        check_digest(sha256)
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT 1 FROM archive_file WHERE sha256 = :s"), {"s": sha256}).first() is not None

    def _parts(self, sha256: str) -> Iterator[bytes]:
        """The file's parts in order, checked to be all there (a file row without its parts is missing)."""
        with self.engine.connect() as conn:
            head = conn.execute(text("SELECT size, parts FROM archive_file WHERE sha256 = :s"), {"s": sha256}).first()
            if head is None:
                raise StorageError(f"Berkas arsip {sha256[:12]}… tidak ada di arsip server.")
            seen = 0
            result = conn.execution_options(stream_results=True, max_row_buffer=4).execute(
                text("SELECT part, data FROM archive_part WHERE sha256 = :s ORDER BY part"), {"s": sha256})
            for part, data in result:
                if part != seen:
                    raise StorageError(f"Berkas arsip {sha256[:12]}… di server tidak utuh (bagian {seen} hilang).")
                seen += 1
                yield bytes(data)
            if seen != head.parts:
                raise StorageError(f"Berkas arsip {sha256[:12]}… di server tidak utuh ({seen} dari {head.parts} bagian).")

    def local_path(self, sha256: str) -> Path:
        """A real file holding the bytes (the local cache), fetched from the server when needed."""
        check_digest(sha256)
        if self.cache.exists(sha256):
            return self.cache.path_for(sha256)
        try:
            stored = self.cache._put(self._parts(sha256))
        except DBAPIError as exc:
            raise StorageError(f"Berkas arsip {sha256[:12]}… tidak dapat diambil dari server; periksa sambungan "
                               "ke server kantor.") from exc
        if stored.sha256 != sha256:
            self.cache.remove(stored.sha256)
            raise StorageError(f"Berkas arsip {sha256[:12]}… di server rusak: isinya tidak cocok dengan sidiknya. "
                               "Jalankan 'tatausaha check' dan pulihkan dari cadangan.")
        return stored.path

    path_for = local_path

    def open(self, sha256: str) -> BinaryIO:
        return self.local_path(sha256).open("rb")

    def read_bytes(self, sha256: str) -> bytes:
        return self.local_path(sha256).read_bytes()

    def iter_hashes(self) -> Iterator[str]:
        with self.engine.connect() as conn:
            yield from (r[0] for r in conn.execute(text("SELECT sha256 FROM archive_file ORDER BY sha256")))

    # -- writing -------------------------------------------------------------------------------------
    def put_bytes(self, data: bytes) -> StoredFile:
        digest = hashlib.sha256(data).hexdigest()
        return self._put(digest, len(data), lambda: iter([data]))

    def put_file(self, source: Path) -> StoredFile:
        h = hashlib.sha256()
        size = 0
        with source.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
                size += len(chunk)

        def chunks() -> Iterator[bytes]:
            with source.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    yield chunk

        return self._put(h.hexdigest(), size, chunks)

    def _put(self, digest: str, size: int, chunks: object) -> StoredFile:
        parts = max(1, -(-size // PART))
        h = hashlib.sha256()
        try:
            with self.engine.begin() as conn:
                # Two PCs storing the same bytes at once: the second waits for the first and does nothing.
                created = conn.execute(text(
                    "INSERT INTO archive_file (sha256, size, parts, stored_at) VALUES (:s, :n, :p, :t) "
                    "ON CONFLICT (sha256) DO NOTHING"), {"s": digest, "n": size, "p": parts,
                                                         "t": clock.utcnow()}).rowcount == 1
                if created:
                    for i, data in enumerate(_reparted(chunks())):  # type: ignore[operator]
                        h.update(data)
                        conn.execute(text("INSERT INTO archive_part (sha256, part, data) VALUES (:s, :i, :d)"),
                                     {"s": digest, "i": i, "d": data})
                    if h.hexdigest() != digest:  # the source changed between hashing and sending
                        raise StorageError("Berkas berubah selagi disimpan ke arsip; tidak ada yang disimpan.")
        except DBAPIError as exc:
            raise StorageError("Berkas tidak dapat disimpan ke arsip di server; periksa sambungan ke server "
                               "kantor. Tidak ada yang disimpan.") from exc
        local = self.cache._put(chunks())  # type: ignore[operator]
        if local.sha256 != digest:  # the source changed between hashing and the cache copy
            raise StorageError("Berkas berubah selagi disimpan ke arsip; simpan ulang berkas itu.")
        return StoredFile(digest, size, local.path, created=created, sha512=local.sha512)

    def remove(self, sha256: str) -> None:
        """Only for orphans found by ``verify`` (the server's trigger refuses any other delete)."""
        with self.engine.begin() as conn:
            conn.execute(text("SET LOCAL tatausaha.hapus_yatim = 'ya'"))
            conn.execute(text("DELETE FROM archive_part WHERE sha256 = :s"), {"s": sha256})
            conn.execute(text("DELETE FROM archive_file WHERE sha256 = :s"), {"s": sha256})
        self.cache.remove(sha256)

    # -- checking ------------------------------------------------------------------------------------
    def verify(self, known: Iterable[str], *, rehash: bool = True, progress=None, cancel=None) -> VerifyReport:  # type: ignore[no-untyped-def]
        """Compare the server's archive with the hashes the records name; re-hash every file from the server."""
        known_set = set(known)
        report = VerifyReport()
        stored = set(self.iter_hashes())
        total = len(known_set)
        for i, digest in enumerate(sorted(known_set)):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if digest not in stored:
                report.missing.append(digest)
            elif rehash:
                h = hashlib.sha256()
                try:
                    for data in self._parts(digest):
                        h.update(data)
                    ok = h.hexdigest() == digest
                except StorageError:
                    ok = False
                if not ok:
                    report.corrupt.append(digest)
            report.checked += 1
            if progress is not None and i % 50 == 0:
                progress.report(i, total, "Memeriksa berkas arsip di server")
        report.orphans = sorted(stored - known_set)
        return report

    def copy_tree_to(self, target: Path) -> int:
        """Copy every stored file to ``target`` as ``ab/cd/<sha256>`` (a folder store); returns files copied."""
        out = FileStore(target)
        n = 0
        for digest in self.iter_hashes():
            if out.exists(digest):
                continue
            if out._put(self._parts(digest)).sha256 != digest:
                raise StorageError(f"Berkas arsip {digest[:12]}… di server rusak.")
            n += 1
        return n

    def import_folder(self, folder: FileStore) -> int:
        """Bring a PC's local archive folder into the server (files already there are skipped)."""
        n = 0
        for digest in folder.iter_hashes():
            if not self.exists(digest):
                if self.put_file(folder.path_for(digest)).sha256 != digest:
                    raise StorageError(f"Berkas arsip {digest[:12]}… di folder {folder.root} rusak; tidak diimpor.")
                n += 1
        return n


def _reparted(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Chunks regrouped into parts of exactly ``PART`` bytes (the last one shorter; one empty part for an
    empty file), so the part count stored up front always matches."""
    buf = io.BytesIO()
    sent = False
    for chunk in chunks:
        buf.write(chunk)
        while buf.tell() >= PART:
            data = buf.getvalue()
            yield data[:PART]
            sent = True
            buf = io.BytesIO()
            buf.write(data[PART:])
    if buf.tell() or not sent:
        yield buf.getvalue()
