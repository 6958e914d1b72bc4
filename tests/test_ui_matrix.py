"""Issue 9 item 2: the role × page × action matrix over the real main window.

For each kind of user the office has, the real ``MainWindow`` is opened as that user (real log-in
check, the demo office at a fixed date), every page is visited through the navigation list, the
first row of every list on it is clicked, and every visible, enabled action is triggered through
its widget: the toolbar button is clicked (or the QAction triggered when it has no button), page
buttons are clicked, the window's menu actions are triggered — never a page's Python method.

Modal dialogs that open are answered with Batal/Escape by a watcher timer (file, print, input and
message boxes included; Qt's dialogs are the non-native ones offscreen). The test fails on any
exception reaching ``sys.excepthook`` / ``threading.excepthook``, on any error dialog, on a page that
failed to build, and on a crash dressed as a placeholder; unbuilt areas must say "belum tersedia".

The walk reads the widget tree, so pages and actions added later join without editing this file.
Per-role counts are printed in the terminal summary ("UI matrix: …") and logged.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uiharness
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QToolBar,
    QToolButton,
    QWidget,
)

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.services import accounts
from tatausaha.services.auth import SYSTEM, Role
from tatausaha.ui.app import install_qt_indonesian
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import PAGE_STATE, MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.slow]
log = logging.getLogger("tests.ui_matrix")

#: the kinds of user the office has: (matrix name, username)
ROLES = [
    ("operator_dalam_rantai", "staf"),  # a clerk a rahasia letter was disposed to
    ("operator_luar_rantai", "operator2"),  # a clerk outside every rahasia chain
    ("camat", "camat"),
    ("sekcam", "sekcam"),
    ("kasubag", "kasubag"),
    ("auditor", "auditor"),
    ("admin", "admin"),
]
SECRET_KEY = "matrix_secret_letter"
#: actions that end the session: triggered last, once
CLOSING = {"act_logout", "act_quit"}
#: texts that mean "program failure" when shown on a page
CRASH_MARKERS = ("Traceback", "Rincian teknis", "Error:", "Exception")


@dataclass
class RoleReport:
    role: str
    pages: int = 0
    actions: int = 0
    buttons: int = 0
    double_clicks: int = 0
    rows_selected: int = 0
    dialogs_closed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


COUNTS: dict[str, RoleReport] = {}


# ----------------------------------------------------------------------------- the office


@pytest.fixture(scope="session")
def matrix_home(_demo_homes, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The demo office once per session, plus what the matrix needs: a rahasia letter disposed to
    the clerk ``staf`` (inside its chain) and a clerk account ``operator2`` outside every chain."""
    from conftest import DEFAULT_DAY

    from tatausaha import clock
    from tatausaha.correspondence import disposisi as dsp
    from tatausaha.correspondence import letters
    from tatausaha.correspondence.disposisi import Recipient
    from tatausaha.correspondence.letters import LetterFilter

    src = _demo_homes(DEFAULT_DAY)
    home = tmp_path_factory.mktemp("matrix-template")
    shutil.copy(src / "tatausaha.sqlite", home / "tatausaha.sqlite")
    if (src / "arsip").exists():
        shutil.copytree(src / "arsip", home / "arsip")
    info: dict[str, str] = {}
    with clock.use_clock(clock.FixedClock(DEFAULT_DAY, ticking=True)):
        ctx = AppContext.open(AppPaths(home))
        try:
            with ctx.uow(actor=SYSTEM) as uow:
                accounts.create_user(uow, "operator2", "Dian Puspita", Role.OPERATOR, DEMO_PASSWORD)
                uow.commit()
            camat = accounts.login(ctx.db, "camat", DEMO_PASSWORD)
            staf = accounts.login(ctx.db, "staf", DEMO_PASSWORD)
            with ctx.uow(actor=camat) as uow:
                secret = letters.list_masuk(uow, LetterFilter(keamanan="rahasia"), limit=1)[0]
                dsp.dispose(uow, secret.id, [Recipient(user_id=staf.user_id)], instruksi=["Arsipkan"])
                uow.commit()
            info[SECRET_KEY] = str(secret.id)
        finally:
            ctx.close()
    return home, info


@pytest.fixture
def role_ctx(matrix_home, tmp_path, monkeypatch):
    home, info = matrix_home
    mine = tmp_path / "home"
    mine.mkdir()
    shutil.copy(home / "tatausaha.sqlite", mine / "tatausaha.sqlite")
    if (home / "arsip").exists():
        shutil.copytree(home / "arsip", mine / "arsip")
    monkeypatch.setenv("TATAUSAHA_HOME", str(mine))
    ctx = AppContext.open(AppPaths(mine))
    yield ctx, info
    ctx.close()


@pytest.fixture(autouse=True)
def isolated_settings_here(isolated_settings, qapp):
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    install_qt_indonesian(qapp)  # as the app does at start
    yield


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    yield
    if not COUNTS:
        return
    line = "UI matrix: " + ", ".join(
        f"{r.role}={r.actions + r.buttons + r.double_clicks} aksi ({r.actions} QAction, {r.buttons} tombol, "
        f"{r.double_clicks} dobel-klik, {r.pages} halaman, "
        f"{len(r.dialogs_closed)} dialog ditutup)" for r in COUNTS.values())
    log.info(line)
    uiharness.SUMMARY.extend(f"{r.role}: {r.actions + r.buttons + r.double_clicks} aksi ({r.actions} QAction, "
                             f"{r.buttons} tombol, {r.double_clicks} dobel-klik baris), "
                             f"{r.pages} halaman, {r.rows_selected} baris dipilih, {len(r.dialogs_closed)} dialog ditutup"
                             for r in COUNTS.values())


# ----------------------------------------------------------------------------- watching


class Watcher:
    """Answers every modal dialog with Batal and notes error dialogs and uncaught exceptions."""

    def __init__(self, report: RoleReport) -> None:
        self.report = report
        self.where = ""
        self.timer = QTimer()
        self.timer.setInterval(15)
        self.timer.timeout.connect(self.poll)
        self._old_hooks: tuple[Any, Any] | None = None

    def start(self) -> None:
        self._old_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._old_hooks is not None:
            sys.excepthook, threading.excepthook = self._old_hooks

    def _excepthook(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        self.report.failures.append(f"{self.where}: exception {''.join(traceback.format_exception(exc_type, exc, tb))}")

    def _thread_hook(self, args) -> None:  # type: ignore[no-untyped-def]
        self.report.failures.append(f"{self.where}: thread exception {args.exc_type.__name__}: {args.exc_value}")

    def poll(self) -> None:
        for w in list(QApplication.topLevelWidgets()):
            if not w.isVisible() or isinstance(w, (MainWindow, QProgressDialog)):
                continue
            english = uiharness.english_in(w)
            if english:
                self.report.failures.append(f"{self.where}: English on screen in {type(w).__name__}: {english}")
            if isinstance(w, QMessageBox):
                text = f"{w.windowTitle()}: {w.text()}"
                if w.icon() in (QMessageBox.Icon.Critical, QMessageBox.Icon.Warning) or "kesalahan" in w.windowTitle():
                    # an enabled action on a selected row must not end in an error or a refusal
                    self.report.failures.append(f"{self.where}: error dialog {text} | {w.detailedText()[:1500]}")
                self.report.dialogs_closed.append(f"{self.where}: QMessageBox {w.windowTitle()}")
                esc = w.escapeButton()
                if esc is not None:
                    esc.click()
                else:
                    w.reject()
                continue
            if isinstance(w, QDialog) and (w.isModal() or w.windowModality() != Qt.WindowModality.NonModal
                                           or isinstance(w, QFileDialog)):
                self.report.dialogs_closed.append(f"{self.where}: {type(w).__name__} {w.windowTitle()}")
                w.reject()
            elif isinstance(w, QDialog):  # a non-modal dialog (e.g. a viewer): close it too
                self.report.dialogs_closed.append(f"{self.where}: {type(w).__name__} {w.windowTitle()}")
                w.close()


def settle(qtbot: Any, win: MainWindow, ms: int = 10) -> None:
    """Let background jobs finish and their results arrive (dialogs they open are answered)."""
    qtbot.waitUntil(lambda: win.ctx.runner.running == 0, timeout=60_000)
    qtbot.wait(ms)


# ----------------------------------------------------------------------------- walking


def _visible_in(page: QWidget, w: QWidget) -> bool:
    return w.isVisibleTo(page) and w.isVisible()


def _lists(page: QWidget) -> list[QAbstractItemView]:
    """The page's visible lists that have rows, the main list first (the largest), then its details."""
    views = [v for v in page.findChildren(QAbstractItemView) if _visible_in(page, v) and v.model() is not None
             and v.model().rowCount() > 0 and v.objectName() != "navigation"]
    views.sort(key=lambda v: -(v.width() * v.height()))
    return views


def _select_rows(qtbot: Any, page: QWidget, report: RoleReport) -> None:
    for v in _lists(page):
        idx = v.model().index(0, 0)
        rect = v.visualRect(idx)
        if rect.isEmpty():
            v.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
            rect = v.visualRect(idx)
        if rect.isEmpty():
            continue
        qtbot.mouseClick(v.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        report.rows_selected += 1


def _page_actions(page: QWidget) -> list[tuple[QAction, QToolButton | None]]:
    """Every action of the page: its own, and those of its toolbars (with their buttons)."""
    seen: dict[int, tuple[QAction, QToolButton | None]] = {}
    for tb in page.findChildren(QToolBar):
        for a in tb.actions():
            if a.isSeparator():
                continue
            btn = tb.widgetForAction(a)
            seen[id(a)] = (a, btn if isinstance(btn, QToolButton) else None)
    for a in page.actions():
        if not a.isSeparator() and id(a) not in seen:
            seen[id(a)] = (a, None)
    return list(seen.values())


def _page_buttons(page: QWidget) -> list[QAbstractButton]:
    out = []
    for b in page.findChildren(QPushButton):
        if b.window() is page.window() and _visible_in(page, b) and b.isEnabled():
            out.append(b)
    return out


def _check_page_state(page: QWidget, key: str, report: RoleReport) -> bool:
    state = page.property(PAGE_STATE)
    texts = " ".join(lbl.text() for lbl in page.findChildren(QLabel) if lbl.isVisibleTo(page))
    if state == "error":
        report.failures.append(f"{key}: the page failed to build: {getattr(page, 'details', None) and page.details.toPlainText()[:1500]}")
        return False
    if state == "unbuilt":
        if "belum tersedia" not in texts or any(m in texts for m in CRASH_MARKERS):
            report.failures.append(f"{key}: an unbuilt area must say so plainly: {texts[:300]}")
        return False
    if any(m in texts for m in CRASH_MARKERS):
        report.failures.append(f"{key}: a crash shown on the page: {texts[:500]}")
    return True


def _click_nav(qtbot: Any, win: MainWindow, row: int) -> QWidget:
    item = win.nav.item(row)
    win.nav.scrollToItem(item)
    rect = win.nav.visualItemRect(item)
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if win.nav.currentRow() != row:  # an item hidden below the fold at this window size: keyboard
        win.nav.setFocus()
        while win.nav.currentRow() < row:
            qtbot.keyClick(win.nav, Qt.Key.Key_Down)
    return win.stack.currentWidget()


def walk(qtbot: Any, win: MainWindow, report: RoleReport, watcher: Watcher) -> None:
    for row in range(win.nav.count()):
        key = win.specs[row].key
        watcher.where = f"{report.role}/{key}"
        page = _click_nav(qtbot, win, row)
        settle(qtbot, win)
        report.pages += 1
        if not _check_page_state(page, key, report):
            continue
        _select_rows(qtbot, page, report)
        settle(qtbot, win)
        for action, button in _page_actions(page):
            if win.stack.currentWidget() is not page:  # an action opened another page: come back
                page = _click_nav(qtbot, win, row)
                settle(qtbot, win)
                _select_rows(qtbot, page, report)
            if not (action.isEnabled() and action.isVisible()):
                continue
            watcher.where = f"{report.role}/{key}/{action.text()}"
            if button is not None and button.isVisible() and button.isEnabled():
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            else:
                action.trigger()
            report.actions += 1
            settle(qtbot, win)
        if win.stack.currentWidget() is not page:
            page = _click_nav(qtbot, win, row)
            settle(qtbot, win)
        # a double-click on the first row of each list (opens the record, its editor or the scan)
        for v in _lists(page):
            if win.stack.currentWidget() is not page:
                break
            rect = v.visualRect(v.model().index(0, 0))
            if rect.isEmpty():
                continue
            watcher.where = f"{report.role}/{key}/[dobel-klik {type(v).__name__}]"
            qtbot.mouseDClick(v.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            report.double_clicks += 1
            settle(qtbot, win)
        if win.stack.currentWidget() is not page:
            page = _click_nav(qtbot, win, row)
            settle(qtbot, win)
        for b in _page_buttons(page):
            if win.stack.currentWidget() is not page or not (b.isVisible() and b.isEnabled()):
                continue
            watcher.where = f"{report.role}/{key}/[{b.text()}]"
            qtbot.mouseClick(b, Qt.MouseButton.LeftButton, pos=QPoint(b.width() // 2, b.height() // 2))
            report.buttons += 1
            settle(qtbot, win)
    # the window's own menus: everything but leaving, then leaving
    closing = []
    for menu_action in win.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for a in menu.actions():
            if a.isSeparator() or a.menu() is not None or not (a.isEnabled() and a.isVisible()):
                continue
            if a.objectName() in CLOSING or a.text() in ("Keluar", "&Keluar"):
                closing.append(a)
                continue
            watcher.where = f"{report.role}/menu/{a.text()}"
            a.trigger()
            report.actions += 1
            settle(qtbot, win)
    for a in closing[:1]:
        watcher.where = f"{report.role}/menu/{a.text()}"
        a.trigger()
        report.actions += 1
        settle(qtbot, win)


# ----------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize(("role", "username"), ROLES, ids=[r for r, _u in ROLES])
def test_every_page_and_action_as(role: str, username: str, role_ctx, qtbot) -> None:
    ctx, info = role_ctx
    report = RoleReport(role)
    actor = accounts.login(ctx.db, username, DEMO_PASSWORD)
    win = MainWindow(UiContext(ctx, actor))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    watcher = Watcher(report)
    watcher.start()
    try:
        walk(qtbot, win, report, watcher)
    finally:
        watcher.stop()
        win.close()
        win.ctx.runner.shutdown()
    COUNTS[role] = report
    log.info("%s: %d QAction, %d tombol, %d halaman, %d baris dipilih, %d dialog ditutup: %s",
             role, report.actions, report.buttons, report.pages, report.rows_selected, len(report.dialogs_closed),
             report.dialogs_closed)
    print(f"\n[UI matrix] {role}: {report.actions} QAction + {report.buttons} tombol + {report.double_clicks} dobel-klik, "
          f"{report.pages} halaman, "
          f"{len(report.dialogs_closed)} dialog ditutup")
    assert not report.failures, "\n\n".join(report.failures)
    assert report.pages == win.nav.count()
    assert report.actions > 5
    assert report.pages >= 10

    # the two clerks are what their names say: one reads the rahasia letter, the other may not
    if role.startswith("operator"):
        from tatausaha.correspondence import letters
        from tatausaha.errors import TatausahaError

        with ctx.reader(actor) as uow:
            try:
                letters.get_masuk(uow, int(info[SECRET_KEY]))
                visible = True
            except TatausahaError:
                visible = False
        assert visible == (role == "operator_dalam_rantai")
