"""The one clock: fixed dates, office time, and no other clock in the core."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tatausaha import clock
from tests.conftest import DEMO_DAYS

PACKAGE = Path(__file__).resolve().parent.parent / "tatausaha"


@pytest.mark.parametrize("demo_day", DEMO_DAYS, indirect=True, ids=lambda d: d.isoformat())
def test_tests_run_on_the_chosen_day(demo_day, ctx):
    assert clock.today() == demo_day
    assert ctx.clock is clock.get_clock()
    # a record stamped now carries the chosen day (in UTC: 02:00 of that day, 09:00 WIB)
    from tatausaha.models.base import utcnow

    assert utcnow().date() == demo_day and utcnow().hour == 2


def test_fixed_clock_moves_only_when_told(ctx):
    c = clock.FixedClock(dt.datetime(2028, 2, 28, 23, 59, tzinfo=clock.office_tz()))
    ctx.clock = c
    assert clock.today() == dt.date(2028, 2, 28)
    c.advance(minutes=2)
    assert clock.today() == dt.date(2028, 2, 29)
    assert clock.utcnow() == dt.datetime(2028, 2, 29, 0, 1) - dt.timedelta(hours=7)
    c.set(dt.date(2026, 12, 31))
    assert clock.now_office().replace(tzinfo=None) == dt.datetime(2026, 12, 31, 9, 0)


def test_ticking_clock_keeps_order_but_not_the_calendar():
    c = clock.FixedClock(dt.date(2026, 1, 1), ticking=True)
    a = c.now_utc()
    b = c.now_utc()
    assert a <= b and a.date() == dt.date(2026, 1, 1)
    assert b - a < dt.timedelta(minutes=1)


def test_no_other_clock_in_the_core():
    """Everything, the tests included, reads ``tatausaha.clock``; a direct wall-clock read anywhere else is a test that
    depends on the calendar waiting to happen. (Migrations are frozen history and import no app code.)"""
    wall = re.compile(r"\b(?:datetime\.now|date\.today|datetime\.utcnow|datetime\.today)\(|\btime\.localtime\(")
    files = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "tests").rglob("*.py")]
    found = [f"{p.relative_to(PACKAGE.parent)}:{i}: {line.strip()}"
             for p in files if p.name not in ("clock.py", "test_clock.py") and "migrations" not in p.parts
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if wall.search(line)]
    assert not found, "read the time through tatausaha.clock:\n" + "\n".join(found)
