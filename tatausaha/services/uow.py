"""Unit of work: one session per ``with`` block, explicit commit, rollback on exit.

Services take a ``UnitOfWork``; they check the actor's permissions through it and return
plain DTOs and ``Changes``. ORM objects never leave the block.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from tatausaha.errors import StorageError
from tatausaha.services import audit
from tatausaha.services.auth import Actor, Permission
from tatausaha.storage.database import Database

#: SQLite's words for a damaged file (SQLITE_CORRUPT / SQLITE_NOTADB).
_CORRUPT_MARKERS = ("malformed", "not a database", "corrupt")


class UnitOfWork:
    def __init__(self, db: Database, actor: Actor, *, write: bool = True) -> None:
        self.db = db
        self.actor = actor
        self.write = write
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.db.new_session(write=self.write)
        self._session.info["actor"] = self.actor
        audit.install(self._session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None
        if isinstance(exc, OperationalError) and "locked" in str(exc).lower():
            raise StorageError(
                "Basis data sedang dipakai proses lain terlalu lama (terkunci). Perubahan tidak disimpan; coba lagi."
            ) from exc
        if isinstance(exc, DatabaseError) and any(m in str(exc).lower() for m in _CORRUPT_MARKERS):
            raise StorageError(
                "Basis data rusak (sebagian isinya tidak terbaca). Tidak ada yang diubah; jalankan "
                "'tatausaha check', lalu pulihkan dari cadangan dengan 'tatausaha restore'."
            ) from exc

    def commit(self) -> None:
        if not self.write:
            raise RuntimeError("read-only unit of work cannot commit")
        try:
            self.session.commit()
        except OperationalError as exc:
            self.session.rollback()
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise StorageError(
                    "Basis data terkunci oleh proses lain. Perubahan belum disimpan; coba simpan lagi."
                ) from exc
            raise

    def require(self, permission: Permission) -> None:
        self.actor.require(permission)

    def record(self, action: str, entity: str, entity_id: object = None, detail: dict | None = None) -> None:
        """Write an explicit event (login, export, print ...) to the audit trail with this commit."""
        audit.record_event(self.session, action, entity, entity_id, detail)
