"""Live refresh between workstations (issue 15, item 2): what one PC commits, the others' views hear.

Sending: the unit of work announces its change set inside the transaction it commits —
``SELECT pg_notify('tatausaha', payload)`` right after the last flush and before COMMIT
(``announce``). PostgreSQL delivers a notification only when (and if) its transaction commits, so a
rolled-back command announces nothing, and listeners never see a change before they can read it.

Why the unit of work and not triggers: the change set the UI refreshes from is richer than the rows
of one table — a document link also changes the letter it points at, a Core statement or a file is
added with ``uow.note`` — and the unit of work already knows it in exactly that vocabulary
(``tatausaha.changes``); one ``pg_notify`` per transaction instead of one per row; no trigger to keep
in step with every new table an area adds. The price: a row changed outside the app (psql) is not
announced — the audit check flags such rows anyway.

Payload (JSON, well under PostgreSQL's 8000-byte limit)::

    {"v": 1, "o": "<origin>", "u": "<username>", "c": [["surat_masuk", 12, "update"], ...]}

``o`` is the sending process's database handle (``Database.instance_id``), so a PC skips its own
notifications (its window already refreshed from the write's own change set). A change set too large
for one notification is sent as ``{"all": true}``: listeners refresh everything.

Receiving: ``LiveFeed`` — one thread per app, on its own connection (not from the pool), ``LISTEN
tatausaha``, waiting in ``notifies(timeout=…)``. Each notification becomes a ``Changes`` handed to
``on_changes`` (the UI puts it on the same ``hub.changes_applied`` its own writes use). When the
connection drops, the feed reconnects with a back-off; notifications are not replayed, so after the
reconnect it hands over ``Changes.all()`` — every view reloads what it shows.

Under SQLite (one PC) the same interface exists and does nothing: ``announce`` returns at once and
``LiveFeed.start`` starts no thread.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tatausaha.changes import Changes

log = logging.getLogger(__name__)

CHANNEL = "tatausaha"
#: PostgreSQL refuses payloads of 8000 bytes or more; stay well below
MAX_PAYLOAD = 7000
#: ops of a change set entry
INSERT, UPDATE, DELETE = "insert", "update", "delete"

Op = tuple[str, int | None, str]


def is_server(session_or_bind: Any) -> bool:
    bind = session_or_bind.get_bind() if isinstance(session_or_bind, Session) else session_or_bind
    return bool(bind.dialect.name == "postgresql")


def payload(origin: str, username: str, changes: Changes, ops: Iterable[Op] = ()) -> str:
    """The notification text for one committed transaction (see the module doc)."""
    entries: list[list[Any]] = []
    seen: set[tuple[str, int | None]] = set()
    for kind, rid, op in ops:
        if (kind, rid) not in seen and changes.affects(kind):
            seen.add((kind, rid))
            entries.append([kind, rid, op])
    for kind, ids in sorted(changes.touched.items()):
        rids: list[int | None] = [*sorted(ids)] or [None]
        for rid in rids:
            if (kind, rid) not in seen:
                seen.add((kind, rid))
                entries.append([kind, rid, UPDATE])
    body: dict[str, Any] = {"v": 1, "o": origin, "u": username, "c": entries}
    if changes.everything:
        body = {"v": 1, "o": origin, "u": username, "all": True}
    text_ = json.dumps(body, separators=(",", ":"))
    if len(text_.encode()) > MAX_PAYLOAD:
        text_ = json.dumps({"v": 1, "o": origin, "u": username, "all": True}, separators=(",", ":"))
    return text_


def parse(raw: str) -> tuple[str, str, Changes]:
    """``(origin, username, changes)`` of a notification; anything unreadable means "refresh everything"."""
    try:
        body = json.loads(raw)
        if body.get("all"):
            return str(body.get("o", "")), str(body.get("u", "")), Changes.all()
        found = Changes()
        for kind, rid, _op in body["c"]:
            found = found.merge(Changes.of(str(kind), *([int(rid)] if rid is not None else [])))
        return str(body.get("o", "")), str(body.get("u", "")), found
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", "", Changes.all()


def announce(session: Session, origin: str, username: str, changes: Changes, ops: Iterable[Op] = ()) -> bool:
    """Queue the notification of this transaction (delivered at COMMIT, dropped on rollback).
    A no-op under SQLite and for an empty change set. Returns whether something was queued."""
    if not changes or not is_server(session):
        return False
    session.execute(text("SELECT pg_notify(:channel, :payload)"),
                    {"channel": CHANNEL, "payload": payload(origin, username, changes, ops)})
    return True


def conninfo(url: str) -> str:
    """A libpq connection string for the app's SQLAlchemy URL (``postgresql+psycopg://…``).

    Built key by key, not by re-rendering the URL: SQLAlchemy writes a space in a query value as ``+``,
    which libpq reads literally — a PC's ``passfile=C:\\Users\\Budi Santoso\\…`` would break."""
    from psycopg.conninfo import make_conninfo

    u = make_url(url)
    params: dict[str, str | int | None] = {"host": u.host, "port": u.port, "dbname": u.database,
                                           "user": u.username, "password": u.password}
    params.update({k: v for k, v in u.query.items() if isinstance(v, str)})
    return make_conninfo("", **{k: v for k, v in params.items() if v is not None})


def application_name(username: str, purpose: str) -> str:
    """What this PC's extra connections call themselves (shown to other PCs as "who")."""
    host = socket.gethostname().split(".")[0] or "PC"
    return f"tatausaha {purpose}: {username}@{host}"[:63]


class LiveFeed:
    """One listener thread per app (see the module doc). ``on_changes`` is called from that thread."""

    def __init__(
        self,
        db: Any,
        on_changes: Callable[[Changes], None],
        *,
        username: str = "",
        on_state: Callable[[bool], None] | None = None,
        include_own: bool = False,
        poll: float = 1.0,
    ) -> None:
        self.db = db
        self.on_changes = on_changes
        self.on_state = on_state
        self.username = username
        self.include_own = include_own
        self.poll = poll
        self.origin = str(getattr(db, "instance_id", ""))
        self.connected = False
        #: how often the connection was (re)established; after the first, views refresh everything
        self.connects = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: Any = None

    @property
    def active(self) -> bool:
        """False under SQLite: there is nobody else to hear from."""
        return not bool(getattr(self.db, "is_sqlite", True))

    def start(self) -> None:
        if not self.active or (self._thread is not None and self._thread.is_alive()):
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="live-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wait_connected(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.connected or not self.active:
                return True
            time.sleep(0.02)
        return False

    def _set_state(self, up: bool) -> None:
        if up == self.connected:
            return
        self.connected = up
        if self.on_state is not None:
            try:
                self.on_state(up)
            except Exception:  # noqa: BLE001 - a listener callback must not end the feed
                log.exception("live feed state callback failed")

    def _deliver(self, changes: Changes) -> None:
        try:
            self.on_changes(changes)
        except Exception:  # noqa: BLE001
            log.exception("live feed callback failed")

    def _run(self) -> None:
        import psycopg

        delay = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(conninfo(self.db.url), autocommit=True, connect_timeout=5,
                                     application_name=application_name(self.username, "siaran")) as conn:
                    self._conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connects += 1
                    self._set_state(True)
                    delay = 0.5
                    if self.connects > 1:
                        # what happened while we were away is not replayed: reload everything
                        self._deliver(Changes.all())
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.poll):
                            origin, _user, changes = parse(note.payload)
                            if origin == self.origin and not self.include_own:
                                continue
                            self._deliver(changes)
                        if conn.closed or conn.broken:
                            raise psycopg.OperationalError("connection lost")
            except (psycopg.Error, OSError) as exc:
                log.info("live feed disconnected: %s", exc)
            finally:
                self._conn = None
            self._set_state(False)
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, 5.0)
