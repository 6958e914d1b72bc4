"""Short pessimistic locks between workstations (issue 15, items 3 and 4): "sedang dibuka oleh …".

Optimistic locking (``row_version``) protects every save; these locks only keep two people from
*starting* the same costly piece of work at once — disposing one letter, working one SPJ item, watching
the one scan folder. They are PostgreSQL **session-level advisory locks** (``pg_try_advisory_lock``,
never waiting) taken on one connection per app that is kept for that purpose: they vanish with that
connection, so a PC that crashes, loses power or is killed (``kill -9``) frees them at once — no lock
table to clean, no heartbeat. Who holds one is read from ``pg_locks`` joined with
``pg_stat_activity.application_name``, which each app sets to ``tatausaha kunci: <user>@<PC>``.

Use (any area; the SPJ item editor is meant to use the same helper)::

    locks = EditLocks(db, actor.username)
    got = locks.acquire("spj_item", item_id)        # Held(granted, holder)
    if not got.granted: show(got.message("Item SPJ ini"))
    ...
    locks.release("spj_item", item_id)              # when the editor closes

or ``with locks.hold("spj_item", item_id, what="Item SPJ ini"):`` (raises ``RecordInUse``).

Under SQLite (one PC) every lock is granted at once and nobody else holds any.

``WatchLease`` keeps the one scan-folder watcher of an office (item 4) on top of the same lock.
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tatausaha.errors import RecordInUse, StorageError
from tatausaha.services.live import application_name, conninfo

log = logging.getLogger(__name__)

_PREFIX = "tatausaha kunci: "
#: the scan-folder watcher's lock (one per office database)
WATCHER = ("scan_watcher", 1)


def lock_class(kind: str) -> int:
    """The first advisory-lock key of a kind of record: a stable positive int4."""
    return zlib.crc32(kind.encode()) & 0x7FFFFFFF


def holder_label(app_name: str | None) -> str:
    if not app_name:
        return "komputer lain"
    return app_name.split(": ", 1)[1] if ": " in app_name else app_name


@dataclass(frozen=True)
class Held:
    granted: bool
    holder: str = ""  # who holds it when not granted (``user@PC``)

    def message(self, what: str = "Data ini") -> str:
        return (f"{what} sedang dibuka oleh {self.holder}. Tunggu sampai ia menutupnya, atau minta ia "
                "menutupnya dulu; perubahan bersamaan tidak digabung.")


class EditLocks:
    """This app's advisory locks, on one connection of their own (see the module doc). Thread-safe."""

    def __init__(self, db: Any, username: str, *, purpose: str = "kunci") -> None:
        self.db = db
        self.username = username
        self.purpose = purpose
        self._conn: Any = None
        self._mutex = threading.RLock()
        self._held: dict[tuple[str, int], int] = {}

    @property
    def active(self) -> bool:
        return not bool(getattr(self.db, "is_sqlite", True))

    def _connection(self) -> Any:
        import psycopg

        if self._conn is None or self._conn.closed or self._conn.broken:
            if self._conn is not None:
                self._held.clear()  # a new session holds nothing: the old one's locks are gone
            self._conn = psycopg.connect(conninfo(self.db.url), autocommit=True, connect_timeout=5,
                                         application_name=application_name(self.username, self.purpose))
        return self._conn

    def acquire(self, kind: str, record_id: int) -> Held:
        """Take the lock if nobody else has it (never waits). Taking one this app already holds is granted.
        The server out of reach: ``StorageError`` (an Indonesian sentence, nothing held)."""
        if not self.active:
            return Held(True)
        import psycopg

        try:
            return self._acquire(kind, record_id)
        except psycopg.Error as exc:
            self.close()
            raise StorageError("Server kantor tidak dapat dihubungi untuk membuka data ini; periksa sambungan "
                               "jaringan ke server, lalu coba lagi.") from exc

    def _acquire(self, kind: str, record_id: int) -> Held:
        key = (kind, int(record_id))
        with self._mutex:
            if self._held.get(key):
                self._held[key] += 1
                return Held(True)
            conn = self._connection()
            got = conn.execute("SELECT pg_try_advisory_lock(%s::int4, %s::int4)",
                               (lock_class(kind), int(record_id))).fetchone()[0]
            if got:
                self._held[key] = 1
                return Held(True)
        return Held(False, self.holder(kind, record_id) or "komputer lain")

    def release(self, kind: str, record_id: int) -> None:
        if not self.active:
            return
        key = (kind, int(record_id))
        with self._mutex:
            n = self._held.get(key, 0)
            if n > 1:
                self._held[key] = n - 1
                return
            self._held.pop(key, None)
            if n and self._conn is not None and not self._conn.closed:
                try:
                    self._conn.execute("SELECT pg_advisory_unlock(%s::int4, %s::int4)", (lock_class(kind), key[1]))
                except Exception:  # noqa: BLE001 - the session is gone, and its locks with it
                    log.info("advisory unlock of %s failed (connection gone)", key)

    def holds(self, kind: str, record_id: int) -> bool:
        """Whether this app still holds the lock — checked on the server (a dropped connection loses it)."""
        if not self.active:
            return True
        with self._mutex:
            if not self._held.get((kind, int(record_id))) or self._conn is None:
                return False
            try:
                row = self._conn.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                    "AND classid = %s::int8::oid AND objid = %s::int8::oid AND objsubid = 2 AND granted",
                    (lock_class(kind), int(record_id))).fetchone()
            except Exception:  # noqa: BLE001 - connection lost: so is the lock
                self._held.clear()
                return False
            return bool(row and row[0])

    def holder(self, kind: str, record_id: int) -> str | None:
        """``user@PC`` of whoever holds the lock now, None when free (or under SQLite)."""
        if not self.active:
            return None
        with self._mutex:
            row = self._connection().execute(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.classid = %s::int8::oid AND l.objid = %s::int8::oid "
                "AND l.objsubid = 2 AND l.granted LIMIT 1",
                (lock_class(kind), int(record_id))).fetchone()
        return holder_label(row[0]) if row else None

    @contextmanager
    def hold(self, kind: str, record_id: int, *, what: str = "Data ini") -> Iterator[None]:
        got = self.acquire(kind, record_id)
        if not got.granted:
            raise RecordInUse(got.message(what), holder=got.holder)
        try:
            yield
        finally:
            self.release(kind, record_id)

    def close(self) -> None:
        with self._mutex:
            self._held.clear()
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None


class WatchLease:
    """The office's one scan-folder watcher (issue 15, item 4).

    A thread tries the watcher lock every ``poll`` seconds. The PC that gets it calls ``on_acquired``
    (start watching); the others report who watches through ``on_holder`` and keep trying, so when
    the watching PC goes away — closed, crashed, killed, unplugged — its session ends, the lock is
    free, and the next try of another PC takes over (fail-over within about ``poll`` seconds plus
    the time the server needs to notice the dead connection). The holder also checks that it still
    holds the lock; if its connection was lost it calls ``on_lost`` (stop watching) before another PC
    can start, and tries again. Under SQLite ``on_acquired`` is called at once, from ``start``.
    """

    def __init__(
        self,
        db: Any,
        username: str,
        *,
        on_acquired: Callable[[], None],
        on_lost: Callable[[], None] = lambda: None,
        on_holder: Callable[[str | None], None] = lambda _h: None,
        poll: float = 2.0,
    ) -> None:
        self.locks = EditLocks(db, username, purpose="pengawas pindai")
        self.on_acquired, self.on_lost, self.on_holder = on_acquired, on_lost, on_holder
        self.poll = poll
        self.held = False
        self.holder: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if not self.locks.active:
            self.held = True
            self.on_acquired()
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="watch-lease", daemon=True)
        self._thread.start()

    def _tick(self) -> None:
        kind, rid = WATCHER
        if self.held:
            if self.locks.holds(kind, rid):
                return
            self.held = False
            log.warning("scan watcher lock lost (connection to the server dropped); watching stops")
            self.on_lost()
        got = self.locks.acquire(kind, rid)
        if got.granted:
            self.held, self.holder = True, None
            self.on_acquired()
        elif got.holder != self.holder:
            self.holder = got.holder
            self.on_holder(got.holder)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception as exc:  # noqa: BLE001 - server unreachable: try again next time
                log.info("scan watcher lease: %s", exc)
                self.locks.close()
                if self.held:
                    self.held = False
                    self.on_lost()
            self._stop.wait(self.poll)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
        if self.held and self.locks.active:
            self.locks.release(*WATCHER)
        self.held = False
        self.locks.close()
