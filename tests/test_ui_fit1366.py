"""Fits 1366×768 (issue 9 item 6): the default window and every dialog fit the screen, and the key
columns of every list are in view without horizontal scrolling.

The offscreen screen of the test session is 1366×768 (tests/conftest.py). Each page is opened in
the window as it first comes up on that laptop (maximized) and as a normal window at the largest
size that fits; dialogs are opened through the real toolbar and menu actions.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QTableView, QWidget

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.services import accounts
from tatausaha.ui import screenfit
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]

#: page → the columns a clerk must see on a 1366-pixel screen
KEY_COLUMNS = {
    "surat_masuk": ["No. Agenda", "Tgl. Terima", "Nomor Surat", "Pengirim", "Perihal", "Sifat", "Status"],
    "surat_keluar": ["No. Urut", "Nomor Surat", "Tgl. Surat", "Tujuan", "Perihal", "Sifat", "Status"],
    "disposisi": ["Batas Waktu", "Agenda", "Dari", "Kepada", "Perihal", "Status"],
    "arsip": ["Nama berkas", "Klasifikasi", "Diarsipkan", "Tertaut ke"],
    "kotak_pindai": ["Berkas", "Diterima", "Keterangan"],
    "jejak_audit": ["Waktu", "Pengguna", "Tindakan", "Jenis data", "Ringkasan"],
}


def test_the_test_screen_is_a_1366x768_laptop(qapp):
    geo = QGuiApplication.primaryScreen().availableGeometry()
    assert (geo.width(), geo.height()) == (1366, 768)


def _window(qtbot, ctx, username: str) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(UiContext(ctx, accounts.login(ctx.db, username, DEMO_PASSWORD)))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _fits(w: QWidget) -> bool:
    geo = screenfit.available(w)
    frame = w.frameGeometry()
    return frame.width() <= geo.width() and frame.height() <= geo.height() and geo.contains(frame)


def _columns_in_view(view: QTableView) -> dict[str, tuple[int, int]]:
    """Header text → (left, right) in viewport pixels, for every column."""
    hh = view.horizontalHeader()
    model = view.model()
    out = {}
    for c in range(model.columnCount()):
        if hh.isSectionHidden(c):
            continue
        name = str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        x = hh.sectionViewportPosition(c)
        out[name] = (x, x + hh.sectionSize(c))
    return out


def _check_page(win: MainWindow, key: str) -> list[str]:
    page = win.show_page(key)
    QApplication.processEvents()
    limit = screenfit.max_client_size(win)
    if win.minimumSizeHint().height() > limit.height() or win.minimumSizeHint().width() > limit.width():
        return [f"{key}: the window cannot be smaller than {win.minimumSizeHint().toTuple()}, screen "
                f"{limit.toTuple()}"]
    view = getattr(page, "view", None) or getattr(page, "table", None)  # the page's main list
    assert isinstance(view, QTableView) and view.isVisible(), f"{key}: no list on the page"
    cols = _columns_in_view(view)
    width = view.viewport().width()
    problems = []
    for name in KEY_COLUMNS[key]:
        assert name in cols, f"{key}: no column {name!r} in {list(cols)}"
        left, right = cols[name]
        if left < 0 or right > width:
            problems.append(f"{key}: {name} at {left}–{right}, viewport {width}")
        if right - left < 40:
            problems.append(f"{key}: {name} only {right - left} px wide")
    if view.horizontalScrollBar().maximum() > 0:
        problems.append(f"{key}: scrolls horizontally")
    perihal = cols.get("Perihal")
    if perihal is not None and perihal[1] - perihal[0] < 150:
        problems.append(f"{key}: Perihal only {perihal[1] - perihal[0]} px")
    return problems


@pytest.mark.parametrize(("username", "pages"), [
    ("camat", ["surat_masuk", "surat_keluar", "disposisi", "arsip", "kotak_pindai"]),
    ("auditor", ["surat_masuk", "surat_keluar", "arsip", "jejak_audit"]),
])
def test_key_columns_are_in_view_at_1366(qtbot, demo_ctx, username, pages):
    win = _window(qtbot, demo_ctx, username)
    # first start on a laptop: the window takes the screen, within it
    assert win.isMaximized()
    assert _fits(win)
    problems = []
    for key in pages:
        problems += _check_page(win, key)
    # a normal (not maximized) window at the largest size that fits: still every key column
    win.showNormal()
    screenfit.fit_to_screen(win, screenfit.max_client_size(win))
    qtbot.waitUntil(lambda: not win.isMaximized())
    assert _fits(win)
    for key in pages:
        problems += [f"normal window: {p}" for p in _check_page(win, key)]
    assert problems == []
    win.close()


def _dialogs(main: QWidget) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w is not main and w.isVisible() and isinstance(w, QDialog)]


def _open_and_measure(qtbot, win: MainWindow, trigger, what: str) -> list[str]:  # type: ignore[no-untyped-def]
    before = set(map(id, _dialogs(win)))
    trigger()
    qtbot.waitUntil(lambda: any(id(d) not in before for d in _dialogs(win)), timeout=5000)
    problems = []
    for d in _dialogs(win):
        if id(d) in before:
            continue
        QApplication.processEvents()
        if not _fits(d):
            problems.append(f"{what}: {type(d).__name__} {d.frameGeometry().getRect()} does not fit "
                            f"{screenfit.available(d).getRect()}")
        d.close()
    return problems


def _select_first(page) -> None:  # type: ignore[no-untyped-def]
    view = page.view
    view.setFocus()
    view.selectRow(0)
    QApplication.processEvents()


def test_every_dialog_fits_the_screen(qtbot, demo_ctx):
    win = _window(qtbot, demo_ctx, "camat")
    problems: list[str] = []
    masuk = win.show_page("surat_masuk")
    _select_first(masuk)
    for act in (masuk.act_new, masuk.act_edit, masuk.act_dispose, masuk.act_print):
        problems += _open_and_measure(qtbot, win, act.trigger, f"Surat Masuk ▸ {act.text()}")
    keluar = win.show_page("surat_keluar")
    _select_first(keluar)
    for act in (keluar.act_edit, keluar.act_print):
        if act.isEnabled():
            problems += _open_and_measure(qtbot, win, act.trigger, f"Surat Keluar ▸ {act.text()}")
    problems += _open_and_measure(qtbot, win, win.act_password.trigger, "Akun ▸ Ubah kata sandi")
    assert problems == []
    win.close()
