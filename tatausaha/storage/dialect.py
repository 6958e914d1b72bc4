"""The one dialect-aware place: everything that differs between SQLite and PostgreSQL.

Nothing outside this module (and the search backend it selects) writes SQLite-only SQL.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

SQLITE_BUSY_TIMEOUT_MS = 15_000


def is_sqlite(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "sqlite"


def configure_engine(engine: Engine) -> None:
    """Install per-dialect connection setup.

    SQLite: WAL, foreign keys on, a busy timeout, and our own BEGIN so that writing units of
    work take the write lock up front (``BEGIN IMMEDIATE``) instead of failing with SQLITE_BUSY
    when a deferred read transaction tries to upgrade. Readers use a deferred BEGIN and never
    block on WAL.
    """
    if not is_sqlite(engine):
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("tatausaha_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def lock_for_update(stmt: Any, bind: Engine | Connection) -> Any:
    """Row lock on servers; SQLite's BEGIN IMMEDIATE already serialises writers."""
    if is_sqlite(bind):
        return stmt
    return stmt.with_for_update()


def insert_ignoring_duplicates(table: Any, bind: Engine | Connection) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING``: for rows that concurrent sessions may all try to create."""
    if is_sqlite(bind):
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    if bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    from sqlalchemy import insert

    return insert(table)


def online_backup_sqlite(engine: Engine, target_path: str) -> None:
    """A consistent copy of a live SQLite database via the sqlite3 backup API."""
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        dest = sqlite3.connect(target_path)
        try:
            dbapi.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()


def make_durable(engine: Engine, *, busy_ms: int | None = None) -> None:
    """Make every committed transaction survive a power cut before something irreversible happens
    (the scan folder deleting an original). WAL with synchronous=NORMAL may lose the last commits
    on power loss; a FULL checkpoint writes them into the database file and syncs it.

    A reader holding an old snapshot blocks the checkpoint: it waits ``busy_ms`` (default: the
    connection's busy timeout) and then raises ``OperationalError`` — the caller tries again later."""
    if is_sqlite(engine):
        raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
        conn = raw.driver_connection
        try:
            if busy_ms is not None:
                conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")  # type: ignore[union-attr]
            try:
                busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(FULL)").fetchone()  # type: ignore[union-attr]
            finally:
                if busy_ms is not None:
                    conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")  # type: ignore[union-attr]
        finally:
            raw.close()
        if busy:
            raise OperationalError("PRAGMA wal_checkpoint(FULL)", {}, Exception("checkpoint blocked by a reader"))


def integrity_problems(engine: Engine) -> list[str]:
    """Database-level integrity check; an empty list means healthy."""
    problems: list[str] = []
    with engine.connect() as conn:
        if is_sqlite(engine):
            try:
                rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
                problems += [r[0] for r in rows if r[0] != "ok"]
                fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                problems += [f"foreign key: {tuple(r)}" for r in fk]
            except DatabaseError as exc:  # so damaged that the check itself stops: that is the finding
                problems.append(f"basis data rusak: {getattr(exc, 'orig', exc)}")
        else:
            conn.exec_driver_sql("SELECT 1")
    return problems
