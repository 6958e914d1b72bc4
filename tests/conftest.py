"""Shared fixtures. Tests use real SQLite files built through the migrations (a template migrated
once per session, copied per test) and real Qt widgets on the offscreen platform."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The offscreen screen is a common office laptop's, 1366×768 (Qt's own default is 800×600), so
# every GUI test sees the window and dialog sizes a clerk sees (issue 9 item 6).
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + str(Path(__file__).with_name("offscreen-1366x768.json"))
# Qt keeps window state in QSettings under XDG_CONFIG_HOME: tests never touch the user's own.
import tempfile  # noqa: E402

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tatausaha-test-config-")
os.environ.pop("TATAUSAHA_DATABASE_URL", None)
for _name in ("TATAUSAHA_USER", "TATAUSAHA_PASSWORD"):  # a test logs the CLI in itself (cli_login)
    os.environ.pop(_name, None)

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from tatausaha import clock  # noqa: E402
from tatausaha.config import AppPaths  # noqa: E402
from tatausaha.context import AppContext  # noqa: E402
from tatausaha.services.auth import Actor, Role  # noqa: E402

#: The days the demo-dependent tests run at: new year's day, a leap day, the day CI once went red
#: because the demo followed the wall clock, and new year's eve.
DEMO_DAYS = [dt.date(2026, 1, 1), dt.date(2028, 2, 29), dt.date(2026, 12, 1), dt.date(2026, 12, 31)]
#: Every other test runs on this day (tests never read the calendar).
DEFAULT_DAY = dt.date(2026, 12, 1)


@pytest.fixture
def demo_day(request: pytest.FixtureRequest) -> dt.date:
    """The office day a test runs at; parametrise with ``@pytest.mark.parametrize("demo_day", DEMO_DAYS,
    indirect=True)`` to run a test on each of ``DEMO_DAYS``."""
    return getattr(request, "param", DEFAULT_DAY)


@pytest.fixture(autouse=True)
def fixed_clock(demo_day: dt.date):
    """Every test runs at 09:00 WIB of ``demo_day`` on a clock that ticks on from there (the order of
    events stays real; the date never depends on when the suite runs)."""
    from tatausaha import recordref

    old_zone = clock.set_office_zone("Asia/Jakarta")
    old_key = recordref.set_office_key(None)  # process-wide like the clock: each test starts clean
    c = clock.FixedClock(demo_day, ticking=True)
    old = clock.set_clock(c)
    yield c
    clock.set_clock(old)
    clock.set_office_zone(old_zone)
    recordref.set_office_key(old_key)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database at head with the reference data loaded; copied for each test."""
    from tatausaha.app import setup

    home = tmp_path_factory.mktemp("template")
    ctx = AppContext.open(AppPaths(home))
    setup.ensure_reference_data(ctx)
    ctx.close()
    return home / "tatausaha.sqlite"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    return AppPaths(home)


@pytest.fixture
def ctx(paths: AppPaths, template_db: Path):
    shutil.copy(template_db, paths.database)
    c = AppContext.open(paths)
    yield c
    c.close()


@pytest.fixture(scope="session")
def _demo_homes(tmp_path_factory: pytest.TempPathFactory, template_db: Path):
    """Builds the demo office once per session and day (its database and archive files)."""
    from tatausaha.app import demo

    homes: dict[dt.date, Path] = {}

    def get(day: dt.date) -> Path:
        if day not in homes:
            home = tmp_path_factory.mktemp(f"demo-template-{day:%Y%m%d}")
            shutil.copy(template_db, home / "tatausaha.sqlite")
            with clock.use_clock(clock.FixedClock(day, ticking=True)):
                c = AppContext.open(AppPaths(home))
                demo.fill(c)
                c.close()
            homes[day] = home
        return homes[day]

    return get


@pytest.fixture
def demo_template(_demo_homes, demo_day: dt.date, fixed_clock) -> Path:
    """The demo office as filled on ``demo_day``; copied per test by ``demo_ctx``."""
    return _demo_homes(demo_day)


@pytest.fixture
def demo_ctx(paths: AppPaths, demo_template: Path):
    """The demo office (users, units, officials, and whatever the areas add) in this test's own home:
    the whole data folder is copied — database, archive, and the audit trail's key and anchor file,
    which live beside the database and belong to it (without them ``check`` rightly says the trail
    cannot be proven)."""
    shutil.copytree(demo_template, paths.home, dirs_exist_ok=True, ignore=shutil.ignore_patterns("log"))
    c = AppContext.open(paths)
    yield c
    c.close()


@pytest.fixture
def write_units_concurrently():
    """Run ``threads`` writers that each save ``per_thread`` units as ``actor``, all released at once
    by a barrier; returns the exceptions they raised (an empty list when every commit went through)."""
    import threading

    def run(ctx: AppContext, actor: Actor, *, threads: int = 4, per_thread: int = 5) -> list[BaseException]:
        from tatausaha.services import office

        errors: list[BaseException] = []
        barrier = threading.Barrier(threads)

        def writer(n: int) -> None:
            try:
                barrier.wait()
                for i in range(per_thread):
                    with ctx.uow(actor=actor) as uow:
                        office.save_unit(uow, f"U{n}-{i}", f"Unit {n}-{i}")
                        uow.commit()
            except BaseException as exc:  # noqa: BLE001 - handed back to the test
                errors.append(exc)

        workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
        for t in workers:
            t.start()
        for t in workers:
            t.join(60)
        return errors

    return run


#: The account the CLI tests log in with (an admin, so commands keep the rights they had before the
#: command line needed a log-in). One place: every test that runs ``tatausaha`` uses ``cli_login``.
CLI_USER = "penguji"
CLI_PASSWORD = "sandi-penguji-2026"


def add_account(home: Path, username: str = CLI_USER, password: str = CLI_PASSWORD, role: Role = Role.ADMIN) -> None:
    """Make ``username`` in the database under ``home`` (if it is not there yet)."""
    from tatausaha.services import accounts
    from tatausaha.services.auth import SYSTEM

    c = AppContext.open(AppPaths(home))
    try:
        with c.uow(actor=SYSTEM) as uow:
            if username not in {u.username for u in accounts.list_users(uow)}:
                accounts.create_user(uow, username, username.title(), role, password)
                uow.commit()
    finally:
        c.close()


def login_env(username: str = CLI_USER, password: str = CLI_PASSWORD) -> dict[str, str]:
    """The environment a script uses to log the command line in."""
    return {"TATAUSAHA_USER": username, "TATAUSAHA_PASSWORD": password}


@pytest.fixture
def cli_login(request: pytest.FixtureRequest, paths: AppPaths, monkeypatch: pytest.MonkeyPatch):
    """Log ``tatausaha`` in for this test: an admin account in the test's database (made when missing)
    and TATAUSAHA_USER/TATAUSAHA_PASSWORD in the environment, seen by ``main()`` in-process and by
    subprocesses alike. Returns ``login(username=…, password=…, role=…, home=…)`` to log in as
    someone else (or again, once a database created later exists)."""
    for name in ("ctx", "demo_ctx"):  # their database must exist before the account is added
        if name in request.fixturenames:
            request.getfixturevalue(name)

    def login(username: str = CLI_USER, password: str = CLI_PASSWORD, role: Role = Role.ADMIN,
              home: Path | None = None, create: bool = True) -> dict[str, str]:
        home = home or paths.home
        if create and (home / "tatausaha.sqlite").exists():
            add_account(home, username, password, role)
        env = login_env(username, password)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return env

    login()
    return login


def make_actor(role: Role, user_id: int = 999, username: str | None = None) -> Actor:
    return Actor(user_id=user_id, username=username or role.value, full_name=role.value.title(), role=role)


@pytest.fixture
def operator() -> Actor:
    return make_actor(Role.OPERATOR, 901)


@pytest.fixture
def auditor() -> Actor:
    return make_actor(Role.AUDITOR, 902)


@pytest.fixture
def pimpinan() -> Actor:
    return make_actor(Role.PIMPINAN, 903)


@pytest.fixture
def admin() -> Actor:
    return make_actor(Role.ADMIN, 904)


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """The UI matrix's per-role action counts, when it ran (tests/test_ui_matrix.py)."""
    import sys

    lines = getattr(sys.modules.get("uiharness"), "SUMMARY", None)
    if lines:
        terminalreporter.section("UI matrix: aksi per peran")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def isolated_settings(tmp_path: Path, qapp):  # type: ignore[no-untyped-def]
    """Qt settings (window state, per-user pages) in this test's own folder, under a test-only
    organisation name: no test sees another's remembered windows."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("tatausaha-test")
    QCoreApplication.setApplicationName("tatausaha-test")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield
