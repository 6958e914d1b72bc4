"""Screenshots of every page of the real app, as the operator, the Camat and the auditor see it on a
1366×768 office laptop.

Starts the real application (``tatausaha.ui.app.main``: log-in dialog, main window, scan watcher),
types each person's name and password into the log-in dialog, visits every page of the navigation
(selecting the first row of its list), saves the screen, then uses "Keluar / Ganti pengguna" and
logs the next person in. A few dialogs are shot as well (the disposition with the letter's scan,
the register's print preview, the audit trail's before/after). Run it under a real X server:

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/app_tour.py docs/img/1366

Options: ``--users operator,camat,auditor`` and ``--home DIR`` (an existing demo office; by default
a new demo office is made in a temporary folder, at a fixed date so the pictures do not change with
the calendar). Pictures: ``<out>/<user>_<page>.png``, dialogs ``<out>/<user>_dialog_<name>.png``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTableView, QWidget

DEMO_DAY = dt.date(2026, 12, 1)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", nargs="?", default="docs/img/1366", type=Path)
    p.add_argument("--users", default="operator,camat,auditor")
    p.add_argument("--home", type=Path, default=None, help="an existing demo office (default: a new one)")
    return p.parse_args()


def make_demo(home: Path) -> None:
    from tatausaha.app import demo, setup
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext

    ctx = AppContext.open(AppPaths(home))
    setup.ensure_reference_data(ctx)
    demo.fill(ctx)
    attach_a_scan(ctx, home)
    ctx.close()


def attach_a_scan(ctx, home: Path) -> None:  # type: ignore[no-untyped-def]
    """The newest incoming letter gets its scan, as the clerk attaches it (the disposition shows it)."""
    from tatausaha import clock
    from tatausaha.app.demo import DEMO_PASSWORD
    from tatausaha.correspondence import letters
    from tatausaha.correspondence.letters import LetterFilter
    from tatausaha.ingest import testing
    from tatausaha.services import accounts

    operator = accounts.login(ctx.db, "operator", DEMO_PASSWORD)
    with ctx.uow(actor=operator) as uow:
        newest = letters.list_masuk(uow, LetterFilter(tahun=clock.today().year), limit=1)[0]
        d = letters.get_masuk(uow, newest.id)
        scan = home / "pindaian-surat.pdf"
        scan.write_bytes(testing.letter_pdf(None, nomor=d.nomor_surat, hal=d.perihal,
                                            pengirim=("PEMERINTAH KOTA BEKASI", d.pengirim.upper()),
                                            tanggal=d.tanggal_surat or clock.today()))
        letters.attach_files(uow, ctx.store, "surat_masuk", newest.id, [scan])
        uow.commit()


class Tour:
    def __init__(self, out: Path, users: list[str]) -> None:
        self.out, self.users = out, users
        self.queue: list[Callable[[], None]] = []
        self.shots: list[Path] = []

    # -- plumbing ----------------------------------------------------------------------
    def then(self, fn: Callable[[], None], delay: int = 400) -> None:
        self.queue.append(lambda: QTimer.singleShot(delay, fn))

    def next(self) -> None:
        if self.queue:
            self.queue.pop(0)()

    def shoot(self, name: str) -> None:
        for _ in range(5):
            QApplication.processEvents()
        path = self.out / f"{name}.png"
        QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
        self.shots.append(path)
        print(path, flush=True)

    @staticmethod
    def main_window():  # type: ignore[no-untyped-def]
        from tatausaha.ui.mainwindow import MainWindow

        return next((t for t in QApplication.topLevelWidgets() if isinstance(t, MainWindow) and t.isVisible()), None)

    @staticmethod
    def login_dialog():  # type: ignore[no-untyped-def]
        from tatausaha.ui.login import LoginDialog

        return next((t for t in QApplication.topLevelWidgets() if isinstance(t, LoginDialog) and t.isVisible()), None)

    def wait_for(self, probe: Callable[[], object], then: Callable[[object], None], tries: int = 100) -> None:
        found = probe()
        if found:
            then(found)
        elif tries:
            QTimer.singleShot(200, lambda: self.wait_for(probe, then, tries - 1))
        else:
            print("gave up waiting", file=sys.stderr)
            QApplication.exit(3)

    # -- the tour ----------------------------------------------------------------------
    def start(self) -> None:
        for i, user in enumerate(self.users):
            self.queue.append(lambda u=user, first=(i == 0): self.log_in(u, first))
        self.queue.append(self.finish)
        self.next()

    def log_in(self, user: str, first: bool) -> None:
        def typed(dlg) -> None:  # type: ignore[no-untyped-def]
            from tatausaha.app.demo import DEMO_PASSWORD

            QTest.keyClicks(dlg.username, user)
            QTest.keyClicks(dlg.password, DEMO_PASSWORD)
            if first:
                self.shoot("login")
            ok = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            QTest.mouseClick(ok, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
            self.wait_for(self.main_window, lambda w: QTimer.singleShot(1500, lambda: self.visit(user, w)))

        self.wait_for(self.login_dialog, typed)

    def visit(self, user: str, win) -> None:  # type: ignore[no-untyped-def]
        keys = [s.key for s in win.specs]
        steps: list[Callable[[], None]] = []
        for key in keys:
            steps.append(lambda k=key: self.open_page(win, k))
            steps.append(lambda k=key: self.shoot(f"{user}_{k}"))
        steps += self.dialogs(user, win)
        steps.append(lambda: win.act_logout.trigger())
        self.run_steps(steps)

    def run_steps(self, steps: list[Callable[[], None]]) -> None:
        if not steps:
            QTimer.singleShot(800, self.next)
            return
        step = steps.pop(0)
        step()
        QTimer.singleShot(900, lambda: self.run_steps(steps))

    @staticmethod
    def open_page(win, key: str) -> None:  # type: ignore[no-untyped-def]
        page = win.show_page(key)
        view = getattr(page, "view", None) or getattr(page, "table", None)
        tabs = getattr(page, "tabs", None)
        if key == "disposisi" and tabs is not None and view is not None and view.model().rowCount() == 0:
            tabs.setCurrentIndex(1)  # nothing for me: show what I gave (the Camat's usual view)
        if isinstance(view, QTableView) and view.model() is not None and view.model().rowCount() > 0:
            view.setFocus()
            view.selectRow(0)

    def dialogs(self, user: str, win) -> list[Callable[[], None]]:  # type: ignore[no-untyped-def]
        steps: list[Callable[[], None]] = []

        def close_dialogs() -> None:
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QDialog) and w.isVisible():
                    w.close()

        def pick_letter_with_scan(page: QWidget) -> None:
            from tatausaha.correspondence import letters

            view = page.view  # type: ignore[attr-defined]
            with win.ctx.reader() as uow:
                for row in range(view.model().rowCount()):
                    r = view.model().row_at(row)
                    if r is not None and not r.masked and letters.get_masuk(uow, r.id).attachments:
                        view.selectRow(row)
                        view.scrollTo(view.model().index(row, 0))
                        return
            view.selectRow(0)

        if user == "camat":
            def dispose() -> None:
                page = win.show_page("surat_masuk")
                pick_letter_with_scan(page)
                page.act_dispose.trigger()

            steps += [dispose, lambda: self.shoot(f"{user}_dialog_disposisi"), close_dialogs]
        if user == "operator":
            def new_letter() -> None:
                page = win.show_page("surat_masuk")
                page.act_new.trigger()

            steps += [new_letter, lambda: self.shoot(f"{user}_dialog_surat_masuk_baru"), close_dialogs]
            steps += [lambda: win.act_password.trigger(), lambda: self.shoot(f"{user}_dialog_ubah_kata_sandi"),
                      close_dialogs]
        if user == "kasubag" and "pegawai" in [s.key for s in win.specs]:
            def pegawai(action: str):  # type: ignore[no-untyped-def]
                def go() -> None:
                    page = win.show_page("pegawai")
                    if page.current_id is None and page.view.rowCount():
                        page.view.selectRow(0)
                    getattr(page, action).trigger()
                return go

            def kgb_tab() -> None:
                page = win.show_page("pegawai")
                page.tabs.setCurrentWidget(page.tables["kgb"])

            steps += [pegawai("act_personal"), kgb_tab, lambda: self.shoot(f"{user}_pegawai_data_pribadi")]
            for action, name in (("act_new", "pegawai_baru"), ("act_history", "tambah_riwayat"),
                                 ("act_kgb", "surat_pengantar_kgb"), ("act_due", "laporan_jatuh_tempo"),
                                 ("act_duk", "laporan_duk")):
                steps += [pegawai(action), lambda n=name: self.shoot(f"{user}_dialog_{n}"), close_dialogs]
        if user in ("operator", "camat") and "spj" in [s.key for s in win.specs]:
            def spj(action: str, pick: str = "belum"):  # type: ignore[no-untyped-def]
                def go() -> None:
                    page = win.show_page("spj")
                    for row, it in enumerate(page.items):  # an open item with evidence still missing
                        if it.status != "ditutup" and not it.kelengkapan.lengkap and (pick == "belum" or it.nomor):
                            page.table.selectRow(row)
                            page.table.scrollToItem(page.table.item(row, 0))
                            break
                    getattr(page, action).trigger()
                return go

            shots = ((("act_edit", "spj_item"), ("act_cover", "spj_lembar_sampul"), ("act_kwitansi", "spj_kwitansi"))
                     if user == "operator" else (("act_close", "spj_tutup_override"), ("act_tax", "spj_rekap_pajak")))
            for action, name in shots:
                steps += [spj(action), lambda: None, lambda n=name: self.shoot(f"{user}_dialog_{n}"), close_dialogs]
        if user == "auditor" and "jejak_audit" in [s.key for s in win.specs]:
            def audit_row() -> None:
                page = win.show_page("jejak_audit")
                view = page.view
                for row in range(min(view.model().rowCount(), 300)):
                    e = page.model.entry(row)
                    if e is not None and e.action == "update":
                        view.selectRow(row)
                        view.scrollTo(view.model().index(row, 0))
                        return

            steps += [audit_row, lambda: self.shoot(f"{user}_jejak_audit_rincian")]
        return steps

    def finish(self) -> None:
        QApplication.exit(0)  # the log-in dialog of the next person is still open: the tour ends here


def main() -> int:
    args = parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    # a fixed folder name: the status bar shows the database path, and the pictures stay the same run to run
    tmp = Path(tempfile.gettempdir()) / "tatausaha-tour"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    # this tour's own window settings, never the user's (per-user window state starts fresh)
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from tatausaha import clock

    clock.set_clock(clock.FixedClock(DEMO_DAY, ticking=True))
    home = args.home
    if home is None:
        home = tmp / "demo"
        home.mkdir()
        make_demo(home)
    os.environ["TATAUSAHA_HOME"] = str(home)

    from tatausaha.ui import app as app_module

    app_module.create_application([])  # main() reuses this instance
    tour = Tour(out, [u.strip() for u in args.users.split(",") if u.strip()])
    QTimer.singleShot(1000, tour.start)
    code = app_module.main([])
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(tour.shots)} gambar di {out}")
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
