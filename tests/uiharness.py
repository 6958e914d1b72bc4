"""Helpers for tests that drive the real main window: log in as a demo user, watch for error
dialogs, and answer modal dialogs that a clicked action opens.

Imported by the UI test modules (``from uiharness import …``); pytest puts ``tests/`` on the path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QWidget,
)

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.services import accounts
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import MainWindow

#: lines for the terminal summary (the role × page × action matrix writes its per-role counts here)
SUMMARY: list[str] = []


def open_window(qtbot: Any, ctx: Any, username: str) -> MainWindow:
    """The real main window, logged in (with the real log-in check) as ``username``."""
    actor = accounts.login(ctx.db, username, DEMO_PASSWORD)
    win = MainWindow(UiContext(ctx, actor))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5_000)
    return win


def idle(qtbot: Any, win: MainWindow, timeout: int = 20_000) -> None:
    """Wait until the window's background jobs are done and their results delivered."""
    qtbot.waitUntil(lambda: win.ctx.runner.running == 0, timeout=timeout)
    qtbot.wait(5)


def error_boxes() -> list[QMessageBox]:
    """Visible message boxes that report an error (the app's error dialog, or a warning/critical box)."""
    out = []
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible() and (
            w.icon() in (QMessageBox.Icon.Critical, QMessageBox.Icon.Warning)
            or w.windowTitle() == "Terjadi kesalahan"
        ):
            out.append(w)
    return out


def describe(box: QMessageBox) -> str:
    return f"{box.windowTitle()}: {box.text()} | {box.informativeText()} | {box.detailedText()[:2000]}"


def close_error_boxes() -> list[str]:
    seen = []
    for box in error_boxes():
        seen.append(describe(box))
        box.close()
    return seen


def when_modal(qtbot: Any, handle: Callable[[QWidget], None], *, timeout: int = 10_000,
               kind: type[QWidget] = QWidget) -> list[QWidget]:
    """Arm a watcher: the next modal widget (of ``kind``) that opens is handed to ``handle`` (from
    inside its own event loop, so ``exec()``-style dialogs work). Returns a list that receives it."""
    got: list[QWidget] = []
    elapsed = [0]

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if kind is not QWidget:
            w = next((t for t in QApplication.topLevelWidgets() if isinstance(t, kind) and t.isVisible()), None)
        if w is not None and w.isVisible():
            got.append(w)
            handle(w)
            return
        elapsed[0] += 20
        if elapsed[0] < timeout:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return got


def reject(w: QWidget) -> None:
    if isinstance(w, QDialog):
        w.reject()
    else:
        w.close()


#: common English words of Qt's dialogs and buttons (a word a user should never meet untranslated)
ENGLISH = re.compile(
    r"\b(Cancel|Open|Save|Show Details|Hide Details|Look in|File name|Files of type|Size|Date Modified|"
    r"Back|Forward|Print|Printer|Properties|Location|Copies|Options|Yes|Close|Apply|Help|Preview|"
    r"Output|Collate|Reverse|Grayscale|Pages|Selection|Current Page|Duplex|Name|Detail View|List View|"
    r"Parent Directory|Create New Folder|All Files|Directory)\b"
)


def visible_texts(root: QWidget) -> list[str]:
    """Every text a user can read in ``root``: labels, buttons, group titles, combo items, headers."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text().replace("&", ""))
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QHeaderView) and w.model() is not None and w.orientation() == Qt.Orientation.Horizontal:
            m = w.model()
            out += [str(m.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(m.columnCount())]
    return [t for t in out if t]


def english_in(root: QWidget) -> list[str]:
    """The texts in ``root`` holding a common English word (markup stripped)."""
    return [t for t in visible_texts(root) if ENGLISH.search(re.sub(r"<[^>]+>", " ", t))]


def open_top_level(kind: type) -> Any:
    """The newest visible top-level window of ``kind`` (a dialog an action just opened)."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert found, f"no {kind.__name__} open"
    return found[-1]


def accept_button(dialog: QWidget) -> Any:
    """The dialog's accepting button (Simpan / Kirim / OK), to be clicked like a person would."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    return next(b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)


def choose_file(qtbot: Any, path: Any) -> list[QWidget]:
    """Arm a watcher for the next (Qt, non-native) file dialog: type ``path`` in its name field and
    press Enter, as a person would. Call it, then trigger what opens the dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    def pick(w: QWidget) -> None:
        edit = w.findChild(QLineEdit, "fileNameEdit")
        edit.setText(str(path))
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    return when_modal(qtbot, pick, kind=QFileDialog)

