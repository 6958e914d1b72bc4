"""Unit of work: one session per ``with`` block, explicit commit, rollback on exit.

Services take a ``UnitOfWork``; they check the actor's permissions through it and return
plain DTOs and ``Changes``. ORM objects never leave the block.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tatausaha.changes import Changes, Result, changes_of
from tatausaha.errors import EditConflict, StorageError
from tatausaha.services import audit, live, versioning
from tatausaha.services.auth import Actor, Permission
from tatausaha.storage.database import Database

#: SQLite's words for a damaged file (SQLITE_CORRUPT / SQLITE_NOTADB).
_CORRUPT_MARKERS = ("malformed", "not a database", "corrupt")

#: Bookkeeping tables that never name a change a view shows.
_QUIET_TABLES = ("search_", "audit_", "nomor_counter")

T = TypeVar("T")


def change_kind(obj: object) -> str:
    """The change-set kind of an ORM object: ``__change_kind__`` or its table name."""
    cls = type(obj)
    return str(getattr(cls, "__change_kind__", None) or getattr(cls, "__tablename__", cls.__name__.lower()))


def _row_changes(obj: object) -> Changes:
    table = getattr(type(obj), "__tablename__", "")
    if table.startswith(_QUIET_TABLES):
        return Changes()
    ident = inspect(obj).identity
    ids = tuple(i for i in (ident or ()) if isinstance(i, int))
    found = Changes.of(change_kind(obj), *ids[:1])
    # a row that points at a record (document links, scan items …) changes what that record shows
    kind, rid = getattr(obj, "record_kind", None), getattr(obj, "record_id", None)
    if isinstance(kind, str) and isinstance(rid, int):
        found = found.merge(Changes.of(kind, rid))
    return found


class UnitOfWork:
    def __init__(self, db: Database, actor: Actor, *, write: bool = True) -> None:
        self.db = db
        self.actor = actor
        self.write = write
        self._session: Session | None = None
        self._changes = Changes()
        self._ops: list[live.Op] = []
        self._unannounced = Changes()  # what the next commit tells other workstations

    @property
    def changes(self) -> Changes:
        """Every row flushed by this unit of work so far (inserted, updated, deleted), by kind."""
        return self._changes

    def note(self, changes: Changes) -> None:
        """Add changes the flush cannot see (Core UPDATE/DELETE statements, files)."""
        self._changes = self._changes.merge(changes)
        self._unannounced = self._unannounced.merge(changes)

    def _collect(self, session: Session, _flush_context: object) -> None:
        for op, objs in ((live.INSERT, session.new), (live.UPDATE, session.dirty), (live.DELETE, session.deleted)):
            for obj in objs:
                if op == live.UPDATE and not session.is_modified(obj, include_collections=False):
                    continue
                found = _row_changes(obj)
                self._changes = self._changes.merge(found)
                self._unannounced = self._unannounced.merge(found)
                for kind, ids in found.touched.items():
                    own = kind == change_kind(obj)
                    self._ops += [(kind, i, op if own else live.UPDATE) for i in ids]

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.db.new_session(write=self.write)
        self._session.info["actor"] = self.actor
        if self.db.audit_seal is not None:
            self._session.info[audit.SEAL] = self.db.audit_seal
        audit.install(self._session)
        self._changes = Changes()
        self._ops = []
        self._unannounced = Changes()
        if self.write:
            event.listen(self._session, "after_flush", self._collect)
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
        if isinstance(exc, StaleDataError):
            # two saves of the same row in the same instant: row_version let only the first through
            raise EditConflict(versioning.STALE_MESSAGE) from exc
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
            self.session.flush()
            # other workstations hear of it when (and only if) this transaction commits
            live.announce(self.session, str(getattr(self.db, "instance_id", "")), self.actor.username,
                          self._unannounced, self._ops)
            self.session.commit()
            # a unit of work that commits twice announces each commit's own rows once
            self._unannounced, self._ops = Changes(), []
        except StaleDataError as exc:
            self.session.rollback()
            raise EditConflict(versioning.STALE_MESSAGE) from exc
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


def perform(
    db: Database, actor: Actor, fn: Callable[[UnitOfWork], T], *, commit_if: Callable[[T], bool] | None = None
) -> Result[T]:
    """THE write path: run the command ``fn(uow)`` in one unit of work, commit, and return its value
    with everything it changed. ``commit_if`` (e.g. "the import had no bad row") decides whether the
    work is kept; when it says no, nothing is written and the result carries no changes.

    Commands never commit; the UI (``UiContext.write``, off the UI thread) and the CLI both call them
    through here.
    """
    with UnitOfWork(db, actor) as uow:
        value = fn(uow)
        if commit_if is not None and not commit_if(value):
            return Result(value, Changes())
        uow.session.flush()
        uow.note(changes_of(value))
        changes = uow.changes
        uow.commit()
    return Result(value, changes)
