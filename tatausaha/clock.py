"""The one clock of the core and the demo, and the office's time zone.

Every "now" and "today" in tatausaha comes from here, never from ``datetime.now()`` or
``date.today()`` directly, so that a test (or a demo) can run at any date: install a
:class:`FixedClock` with :func:`set_clock` / :func:`use_clock` (or ``AppContext.clock``).

Timestamps are stored in UTC, naive (``utcnow()``). What a person sees, prints, indexes and searches
is in *office time*: the office's zone (WIB, WITA or WIT — Indonesia keeps no daylight saving, so
each is a fixed offset) set in the office profile; until one is set, the machine's offset decides,
else WIB. :func:`to_office` is the one conversion from a stored UTC timestamp to office time.

The clock and the office zone are process-wide, like the time itself: column defaults of the models
read them without a context at hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, overload


class Clock(Protocol):
    def now_utc(self) -> dt.datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now_utc(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that shows a chosen instant.

    ``at`` is an aware datetime, a naive datetime (taken as office time) or a date (taken as 09:00
    office time that day). Frozen by default; :meth:`advance` and :meth:`set` move it. With
    ``ticking=True`` it starts at ``at`` and runs on with the machine's monotonic clock, so the
    order of events stays real while the date is the chosen one.
    """

    def __init__(self, at: dt.datetime | dt.date, *, ticking: bool = False) -> None:
        self._lock = threading.Lock()
        self._at = _as_utc(at)
        self._ticking = ticking
        self._t0 = time.monotonic()

    def now_utc(self) -> dt.datetime:
        with self._lock:
            if self._ticking:
                return self._at + dt.timedelta(seconds=time.monotonic() - self._t0)
            return self._at

    def set(self, at: dt.datetime | dt.date) -> None:
        with self._lock:
            self._at, self._t0 = _as_utc(at), time.monotonic()

    def advance(self, delta: dt.timedelta | None = None, **kwargs: float) -> None:
        step = delta if delta is not None else dt.timedelta(**kwargs)
        with self._lock:
            self._at += step

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()}{', ticking' if self._ticking else ''})"


# --- the office's time zone ---------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeZone:
    key: str  # IANA name
    abbr: str  # WIB / WITA / WIT
    hours: int  # offset from UTC
    label: str  # shown to the user

    @property
    def tzinfo(self) -> dt.timezone:
        return dt.timezone(dt.timedelta(hours=self.hours), self.abbr)


ZONES: tuple[OfficeZone, ...] = (
    OfficeZone("Asia/Jakarta", "WIB", 7, "WIB — Waktu Indonesia Barat (UTC+7)"),
    OfficeZone("Asia/Makassar", "WITA", 8, "WITA — Waktu Indonesia Tengah (UTC+8)"),
    OfficeZone("Asia/Jayapura", "WIT", 9, "WIT — Waktu Indonesia Timur (UTC+9)"),
)
ZONE_BY_KEY = {z.key: z for z in ZONES}
DEFAULT_ZONE = ZONES[0]


def machine_zone(now: dt.datetime | None = None) -> OfficeZone:
    """The Indonesian zone matching the machine's UTC offset; WIB when it matches none."""
    off = (now or dt.datetime.now().astimezone()).utcoffset()
    for z in ZONES:
        if off == dt.timedelta(hours=z.hours):
            return z
    return DEFAULT_ZONE


def zone(key: str | None) -> OfficeZone:
    """The zone for a stored key; an empty or unknown key means the machine's default."""
    return ZONE_BY_KEY.get(key or "") or machine_zone()


_clock: Clock = SystemClock()
_zone: OfficeZone | None = None  # None: not set by an office profile — the machine's zone


def get_clock() -> Clock:
    return _clock


def set_clock(clock: Clock | None) -> Clock:
    """Install ``clock`` (None: the system clock); returns the one it replaced."""
    global _clock
    old, _clock = _clock, clock or SystemClock()
    return old


@contextlib.contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    old = set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(old)


def office_zone() -> OfficeZone:
    return _zone or machine_zone()


def set_office_zone(key_or_zone: str | OfficeZone | None) -> OfficeZone | None:
    """Set the office's zone (a key such as ``Asia/Makassar``; None: back to the machine's);
    returns the previous setting."""
    global _zone
    old = _zone
    if key_or_zone is None or isinstance(key_or_zone, OfficeZone):
        _zone = key_or_zone
    else:
        _zone = ZONE_BY_KEY.get(key_or_zone) or None
    return old


def office_tz() -> dt.timezone:
    return office_zone().tzinfo


# --- reading the clock ---------------------------------------------------------------------------


def now_utc() -> dt.datetime:
    """Now, aware, UTC."""
    return _clock.now_utc()


def utcnow() -> dt.datetime:
    """Now, naive UTC: the form timestamps are stored in."""
    return _clock.now_utc().replace(tzinfo=None)


def now_office() -> dt.datetime:
    """Now, aware, in office time."""
    return _clock.now_utc().astimezone(office_tz())


def now_local_naive() -> dt.datetime:
    """Now in office time without tzinfo: for file names and human-readable stamps."""
    return now_office().replace(tzinfo=None)


def today() -> dt.date:
    """Today's date in office time."""
    return now_office().date()


@overload
def to_office(ts: dt.datetime) -> dt.datetime: ...
@overload
def to_office(ts: None) -> None: ...
def to_office(ts: dt.datetime | None) -> dt.datetime | None:
    """A stored timestamp (naive = UTC, or aware) in office time, naive: the one conversion used
    for display, printing, the search index and search filters."""
    if ts is None:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=dt.UTC)
    return ts.astimezone(office_tz()).replace(tzinfo=None)


def office_date(ts: dt.datetime | dt.date | None) -> dt.date | None:
    """The office-time date of a stored timestamp (dates pass through unchanged)."""
    if ts is None:
        return None
    if isinstance(ts, dt.datetime):
        return to_office(ts).date()
    return ts


def office_to_utc(local: dt.datetime) -> dt.datetime:
    """An office-time wall-clock datetime (naive) as naive UTC, for storing."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=office_tz())
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _as_utc(at: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(at, dt.datetime):
        at = dt.datetime.combine(at, dt.time(9, 0))
    if at.tzinfo is None:
        at = at.replace(tzinfo=office_tz())
    return at.astimezone(dt.UTC)
