"""Several workstations on one real PostgreSQL server (issue 15, items 2–4), started by the tests.

Each workstation is a real app process (``tests/liveapp.py``: Qt offscreen, the real log-in, the
window's context with its live feed and edit locks, the real dialogs clicked) or the real
``tatausaha watch`` command. Nothing is mocked; waits are generous limits, never timed asserts —
the measured latency is printed in the terminal summary.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from test_foundation_postgres import PgServer, pg  # noqa: F401  (fixture: a server per module)
from uiharness import SUMMARY

from tatausaha.app import demo, setup
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import letters
from tatausaha.models.correspondence import SuratMasuk
from tatausaha.services.auth import SYSTEM
from tatausaha.services.uow import perform

pytestmark = pytest.mark.postgres

HERE = Path(__file__).parent
#: how long a workstation may take to see something — a limit for a stuck test, not the expectation
LIMIT = 30.0


@dataclass
class Office:
    env: dict[str, str]
    letters: list[int]
    recipient: str  # a word of the Sekretaris Kecamatan's entry in the disposition dialog


@pytest.fixture(scope="module")
def office(pg: PgServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:  # noqa: F811
    """One office database on the server (demo people, four letters) shared by this module's tests."""
    name = "kantor_live"
    admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    home = tmp_path_factory.mktemp("live-home")
    env = {"TATAUSAHA_DATABASE_URL": pg.url(name), "TATAUSAHA_HOME": str(home)}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        mp.setattr(demo, "demo_parts", lambda: [])  # the core demo office: people, units, officials
        ctx = AppContext.open(AppPaths(home))
        try:
            setup.ensure_reference_data(ctx)
            demo.fill(ctx)
            ids = []
            with ctx.uow(actor=SYSTEM) as uow:
                for i in range(4):
                    saved = letters.register_masuk(uow, letters.SuratMasukInput(
                        tanggal_terima=letters._today(), pengirim=f"Kelurahan Uji {i}", perihal=f"Perihal awal {i}",
                        nomor_surat=f"005/{i + 1}/LIVE"))
                    ids.append(saved.id)
                uow.commit()
            with ctx.reader(SYSTEM) as uow:
                labels = [o.label for o in dsp.recipient_options(uow)]
        finally:
            ctx.close()
    recipient = next(lab for lab in labels if "Sekretaris" in lab)
    yield Office(env, ids, recipient)


class Station:
    """A workstation process; its stdout lines (JSON) are collected by a thread."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._stderr = log.open("w")
        self.proc = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, text=True, bufsize=1)
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            line = line.strip()
            if line.startswith("{"):
                self.lines.put(json.loads(line))

    def send(self, **cmd: Any) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def expect(self, pred: Callable[[dict[str, Any]], bool], timeout: float = LIMIT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                item = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(item)
            if item.get("event") == "crash":
                raise AssertionError(item.get("trace"))
            if pred(item):
                return item
        raise AssertionError(f"not seen within {timeout} s; saw {self.seen[-8:]}; stderr: {self.stderr()[-3000:]}")

    def event(self, name: str, timeout: float = LIMIT) -> dict[str, Any]:
        return self.expect(lambda e: e.get("event") == name, timeout)

    def stderr(self) -> str:
        self._stderr.flush()
        return self.log.read_text(errors="replace")

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send(cmd="quit")
                self.proc.wait(20)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                self.proc.kill()
                self.proc.wait(10)
        self._stderr.close()


@pytest.fixture
def stations(office: Office, tmp_path: Path) -> Iterator[Callable[..., Station]]:
    started: list[Station] = []

    def start(username: str, home: Path | None = None) -> Station:
        env = dict(os.environ, **office.env, QT_QPA_PLATFORM="offscreen")
        if home is not None:  # a PC with a data folder of its own
            env["TATAUSAHA_HOME"] = str(home)
        st = Station([sys.executable, str(HERE / "liveapp.py"), username, demo.DEMO_PASSWORD], env,
                     tmp_path / f"{username}-{len(started)}.log")
        started.append(st)
        ready = st.event("ready", 120)
        assert ready["live"] is True, "the live feed did not connect"
        return st

    yield start
    for st in started:
        st.close()


def _perihal(office: Office, letter_id: int) -> str:
    engine = create_engine(office.env["TATAUSAHA_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            return str(conn.execute(select(SuratMasuk.perihal).where(SuratMasuk.id == letter_id)).scalar_one())
    finally:
        engine.dispose()


def test_an_edit_over_a_newer_save_is_refused_naming_who_when_and_what(office: Office, stations) -> None:  # type: ignore[no-untyped-def]
    lid = office.letters[0]
    a, b = stations("operator"), stations("kasubag")
    a.send(cmd="open_masuk", id=lid)
    assert a.event("opened")["perihal"] == "Perihal awal 0"
    b.send(cmd="open_masuk", id=lid)
    b.event("opened")
    b.send(cmd="type_perihal", text="Perihal diperbaiki Kasubag")
    b.event("typed")
    b.send(cmd="save_masuk")
    b.event("saved")
    # A hears B's save (live) while its editor is still open with the old text …
    a.expect(lambda e: e.get("event") == "changes" and lid in e["kinds"].get("surat_masuk", []))
    a.send(cmd="type_perihal", text="Ketikan operator")
    a.event("typed")
    a.send(cmd="save_masuk")
    refused = a.event("refused")
    # … and its save is refused, naming who, when and what — its typed text stays in the editor
    assert "Data ini telah diubah oleh Budi Santoso, S.AP. (kasubag) pada " in refused["text"]
    assert "Perihal: «Perihal awal 0» → «Perihal diperbaiki Kasubag»" in refused["text"]
    assert refused["kept"] == "Ketikan operator" and refused["still_open"] is True
    assert _perihal(office, lid) == "Perihal diperbaiki Kasubag"  # nothing merged, nothing overwritten


def test_a_disposition_given_on_one_pc_is_seen_on_the_other(office: Office, stations) -> None:  # type: ignore[no-untyped-def]
    lid = office.letters[1]
    kasubag, camat = stations("kasubag"), stations("camat")
    camat.send(cmd="dispose", masuk_id=lid, to=office.recipient)
    sent = camat.event("saved")
    heard = kasubag.expect(lambda e: e.get("event") == "changes" and "disposisi" in e["kinds"]
                           and lid in e["kinds"].get("surat_masuk", []))
    latency = heard["t"] - sent["t"]
    SUMMARY.append(f"live refresh: disposition clicked on one PC → change set on the other in {latency * 1000:.0f} ms "
                   "(click to commit included)")
    assert latency < LIMIT


def test_the_disposition_editor_is_locked_while_open_and_freed_by_kill_9(office: Office, stations) -> None:  # type: ignore[no-untyped-def]
    lid = office.letters[2]
    kasubag, camat = stations("kasubag"), stations("camat")
    kasubag.send(cmd="dispose", masuk_id=lid)
    kasubag.event("opened")
    camat.send(cmd="dispose", masuk_id=lid)
    refused = camat.event("refused")
    assert refused["text"].startswith("Disposisi surat ini sedang dibuka oleh kasubag@"), refused
    kasubag.kill9()  # the PC crashes with the editor open: its session, and the lock, go with it
    deadline = time.monotonic() + LIMIT
    while True:
        camat.send(cmd="dispose", masuk_id=lid)
        got = camat.expect(lambda e: e.get("event") in ("opened", "refused"))
        if got["event"] == "opened" or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert got["event"] == "opened", got


def _watch(office: Office, folder: Path, log: Path, home: Path | None = None) -> Station:
    from conftest import login_env

    env = dict(os.environ, **office.env, **login_env("operator", demo.DEMO_PASSWORD))
    if home is not None:
        env["TATAUSAHA_HOME"] = str(home)
    return Station([sys.executable, "-m", "tatausaha", "--json", "watch", str(folder), "--no-ocr", "--quiet", "0.2",
                    "--lease-poll", "0.3"], env, log)


def test_kill_9_of_the_watching_pc_hands_the_watcher_to_the_other(office: Office, tmp_path: Path) -> None:
    folder = tmp_path / "pindai"
    folder.mkdir()
    first = _watch(office, folder, tmp_path / "first.log")
    second: Station | None = None
    try:
        first.event("watching", 120)
        second = _watch(office, folder, tmp_path / "second.log")
        other = second.event("watched_elsewhere", 120)
        assert other["holder"].startswith("operator@")
        from conftest import login_env

        once = subprocess.run([sys.executable, "-m", "tatausaha", "watch", "--once", str(folder), "--no-ocr"],
                              env=dict(os.environ, **office.env, **login_env("operator", demo.DEMO_PASSWORD)),
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert once.returncode != 0 and "Folder pindai sedang diawasi oleh operator@" in once.stdout + once.stderr
        first.kill9()
        second.event("watching")  # fail-over: the lock died with the killed process's session
        (folder / "surat.txt").write_text("bukan pindaian")
        settled = second.expect(lambda e: str(e.get("path") or "").endswith("surat.txt"))
        assert settled["event"] in ("quarantined", "review", "error", "failed", "filed")
    finally:
        first.close()
        if second is not None:
            second.proc.send_signal(signal.SIGTERM)
            second.proc.wait(30)
            second.close()


def test_fifty_concurrent_number_grabs_from_two_pcs_leave_no_gap_and_no_duplicate(office: Office, stations) -> None:  # type: ignore[no-untyped-def]
    a, b = stations("operator"), stations("kasubag")
    at = time.time() + 2.0
    a.send(cmd="grab", n=25, at=at, jenis="KEP")
    b.send(cmd="grab", n=25, at=at, jenis="KEP")
    got_a, got_b = a.event("grabbed", 120), b.event("grabbed", 120)
    assert got_a["errors"] == [] and got_b["errors"] == []
    numbers = got_a["numbers"] + got_b["numbers"]
    assert sorted(numbers) == list(range(1, 51))  # 50 numbers, none twice, none skipped
    assert got_a["numbers"] and got_b["numbers"]  # both PCs got some


@pytest.fixture
def office_ctx(office: Office, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    for k, v in office.env.items():
        monkeypatch.setenv(k, v)
    ctx = AppContext.open(AppPaths(Path(office.env["TATAUSAHA_HOME"])))
    yield ctx
    ctx.close()


def test_two_saves_of_one_row_in_the_same_instant_let_only_the_first_through(office: Office, office_ctx) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.errors import EditConflict

    lid = office.letters[3]
    with office_ctx.uow(actor=SYSTEM) as first, office_ctx.uow(actor=SYSTEM) as second:
        mine, theirs = first.session.get(SuratMasuk, lid), second.session.get(SuratMasuk, lid)
        assert mine is not None and theirs is not None and mine.row_version == theirs.row_version
        theirs.perihal = "yang kedua, tersimpan lebih dulu"
        second.commit()
        mine.perihal = "yang pertama, tersimpan belakangan"
        with pytest.raises(EditConflict, match="pada saat yang sama"):
            first.commit()  # UPDATE … WHERE row_version = <loaded>: no row, StaleDataError → refused
    assert _perihal(office, lid) == "yang kedua, tersimpan lebih dulu"


def test_a_commit_notifies_table_id_and_operation_and_a_rollback_nothing(office: Office, office_ctx) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    from tatausaha.services import live

    with psycopg.connect(live.conninfo(office.env["TATAUSAHA_DATABASE_URL"]), autocommit=True) as conn:
        conn.execute(f"LISTEN {live.CHANNEL}")

        def failing(uow):  # type: ignore[no-untyped-def]
            uow.session.get(SuratMasuk, office.letters[3]).keterangan = "tidak jadi"
            uow.session.flush()
            raise RuntimeError("berhenti")

        with pytest.raises(RuntimeError):
            perform(office_ctx.db, SYSTEM, failing)
        with office_ctx.uow(actor=SYSTEM) as uow:
            m = uow.session.get(SuratMasuk, office.letters[3])
            m.keterangan = "dicatat"
            uow.commit()
        notes = list(conn.notifies(timeout=LIMIT, stop_after=1))
        more = list(conn.notifies(timeout=0.5))
    body = json.loads(notes[0].payload)
    assert ["surat_masuk", office.letters[3], "update"] in body["c"]
    assert body["o"] == office_ctx.db.instance_id and body["u"] == "sistem"
    assert more == []  # the rolled-back one was never sent


def test_a_scan_filed_on_one_pc_opens_on_the_other(office: Office, office_ctx, stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Together with the shared archive (``store``): two PCs with data folders of their own; the
    watching PC files a QR-coded scan onto a letter, the other hears it live and opens the file."""
    import hashlib

    from tatausaha import recordref
    from tatausaha.ingest import testing as T

    with office_ctx.uow(actor=SYSTEM) as uow:
        lid = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=letters._today(), pengirim="Dinas Uji Arsip", perihal="Arsip bersama",
            nomor_surat="005/99/ARSIP")).id
        uow.commit()
    kasubag = stations("kasubag", home=tmp_path / "pc-kasubag")
    folder = tmp_path / "pindai"
    folder.mkdir()
    watcher = _watch(office, folder, tmp_path / "watch.log", home=tmp_path / "pc-depan")
    try:
        watcher.event("watching", 120)
        pdf = T.letter_pdf(recordref.encode("surat_masuk", lid), hal="Arsip bersama")
        (folder / "tmp-scan.part").write_bytes(pdf)
        (folder / "tmp-scan.part").rename(folder / "scan-arsip.pdf")
        filed = watcher.expect(lambda e: e.get("event") in ("filed", "review", "quarantined", "error"), 120)
        assert filed["event"] == "filed", filed
        kasubag.expect(lambda e: e.get("event") == "changes" and lid in e["kinds"].get("surat_masuk", []))
        kasubag.send(cmd="open_attachment", masuk_id=lid)
        opened = kasubag.event("opened_file")
    finally:
        watcher.proc.send_signal(signal.SIGTERM)
        watcher.proc.wait(30)
        watcher.close()
    assert opened["error"] is None and opened["visible"] is True, opened
    assert opened["sha256"] == opened["stored"] == hashlib.sha256(pdf).hexdigest()
    assert str(tmp_path / "pc-kasubag") in opened["local"]  # read from the server into this PC's cache
    assert not (tmp_path / "pc-depan" / "arsip").exists() or not any((tmp_path / "pc-depan" / "arsip").rglob("*"))


@pytest.mark.gui
def test_the_other_pc_shows_who_watches_the_scan_folder_and_takes_over(qtbot, office_ctx) -> None:  # type: ignore[no-untyped-def]
    """Two windows (two sessions on the server) in one test process: the status bar of the second
    names the watching PC, and the second watches once the first stops; both show the live link."""
    from tatausaha.services import accounts
    from tatausaha.ui.context import UiContext
    from tatausaha.ui.ingest.controller import IngestController
    from tatausaha.ui.mainwindow import MainWindow

    wins = []
    for user in ("operator", "kasubag"):
        ui = UiContext(office_ctx, accounts.login(office_ctx.db, user, demo.DEMO_PASSWORD))
        ui.start_live()
        ui.ingest = IngestController(ui)
        win = MainWindow(ui)
        qtbot.addWidget(win)
        win.show()
        wins.append(win)
    first, second = wins
    try:
        first.ctx.ingest.start()
        qtbot.waitUntil(lambda: first.ctx.ingest.running, timeout=30_000)
        second.ctx.ingest.start()
        qtbot.waitUntil(lambda: second.lbl_scan.text().startswith("Pindai: diawasi oleh operator@"), timeout=30_000)
        assert not second.ctx.ingest.running
        qtbot.waitUntil(lambda: second.lbl_db.text().endswith("· langsung"), timeout=30_000)
        first.ctx.ingest.stop()  # the operator's PC stops watching (log-out, closed)
        qtbot.waitUntil(lambda: second.ctx.ingest.running, timeout=30_000)
        qtbot.waitUntil(lambda: not second.lbl_scan.text().startswith("Pindai: diawasi oleh"), timeout=10_000)
    finally:
        for win in wins:
            win.ctx.ingest.stop()
            win.ctx.close()


def test_after_the_connection_drops_the_feed_reconnects_and_asks_for_everything(office: Office, office_ctx) -> None:  # type: ignore[no-untyped-def]
    """The server ends the listener's session (a network cut, a server restart): the feed connects
    again by itself and hands over "refresh everything" — notifications sent meanwhile are lost."""
    from tatausaha.changes import Changes
    from tatausaha.services import live

    heard: list[Changes] = []
    states: list[bool] = []
    feed = live.LiveFeed(office_ctx.db, heard.append, username="kasubag", on_state=states.append, include_own=True)
    feed.start()
    try:
        assert feed.wait_connected(LIMIT)
        engine = create_engine(office.env["TATAUSAHA_DATABASE_URL"])
        with engine.connect() as conn:
            ended = conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE application_name LIKE 'tatausaha siaran: kasubag@%'")).scalars().all()
        engine.dispose()
        assert ended and all(ended)
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline and not any(c.everything for c in heard):
            time.sleep(0.05)
        assert any(c.everything for c in heard) and feed.connects == 2
        assert states[:2] == [True, False] and feed.connected
        # and it listens again: a commit after the reconnect arrives as its own change set
        with office_ctx.uow(actor=SYSTEM) as uow:
            uow.session.get(SuratMasuk, office.letters[3]).keterangan = "setelah sambung ulang"
            uow.commit()
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline and not any(office.letters[3] in c.touched.get("surat_masuk", ()) for c in heard):
            time.sleep(0.05)
        assert any(office.letters[3] in c.touched.get("surat_masuk", ()) for c in heard)
    finally:
        feed.stop()
