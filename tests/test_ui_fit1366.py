"""Fits 1366×768 (issue 9 item 6): the default window and every dialog fit the screen, and the key
columns of every list are in view without horizontal scrolling.

The offscreen screen of the test session is 1366×768 (tests/conftest.py). Each page is opened in
the window as it first comes up on that laptop (maximized) and as a normal window at the largest
size that fits; dialogs are opened through the real toolbar and menu actions.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QListWidget, QScrollArea, QSplitter, QTableView, QWidget

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.services import accounts
from tatausaha.ui import screenfit
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import MainWindow
from tatausaha.ui.widgets.card import Card

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


# ---------------------------------------------------------------------------------------- Beranda


def _visible_in(viewport: QWidget, w: QWidget, rect: QRect | None = None) -> bool:
    """``rect`` of ``w`` (default: the whole widget) lies inside ``viewport``'s visible area."""
    r = rect if rect is not None else w.rect()
    top_left = w.mapTo(viewport, r.topLeft())
    return w.isVisible() and viewport.rect().contains(QRect(top_left, r.size()))


def _beranda_problems(page: QWidget) -> list[str]:
    """What of each area's section is not on screen without scrolling: its heading, its figures,
    the first row of each of its lists."""
    scroll = page.findChild(QScrollArea, "beranda_scroll")
    viewport = scroll.viewport()
    problems = []
    if scroll.verticalScrollBar().value() != 0:
        problems.append("the Beranda opens scrolled")
    for name, section in page.sections.items():
        if not _visible_in(viewport, section, QRect(0, 0, section.width(), 8)):
            problems.append(f"{name}: top of the section at {section.mapTo(viewport, QPoint(0, 0)).y()}, "
                            f"viewport {viewport.height()} high")
        for card in section.findChildren(Card):
            if card.isVisible() and not _visible_in(viewport, card):
                problems.append(f"{name}: card {card.title.text()!r} not in view")
        for view in section.findChildren(QListWidget):
            if not view.isVisible() or view.count() == 0:
                continue
            row = view.visualItemRect(view.item(0))
            row.setWidth(min(row.width(), view.viewport().width()))  # long rows run on to the right
            if not _visible_in(view.viewport(), view.viewport(), row) or not _visible_in(
                    viewport, view.viewport(), row):
                problems.append(f"{name}: first row of {view.objectName() or type(view).__name__} not in view")
    return problems


def test_beranda_shows_every_section_without_scrolling_at_1366(qtbot, demo_ctx):
    """The Kasubag's Beranda on the laptop: the correspondence figures, the first lines of the
    dispositions, the Kepegawaian due list and the SPJ figures are all on screen as it opens — in
    the maximized window and in a window as short as a Windows laptop leaves it (task bar and title
    bar taken) — and a compact card's "Lihat" still opens its page, by mouse and by keyboard."""
    win = _window(qtbot, demo_ctx, "kasubag")
    assert win.isMaximized() and _fits(win)
    page = win.show_page("beranda")
    qtbot.wait(50)
    assert {"correspondence", "staff", "spj"} <= set(page.sections)
    staff = page.sections["staff"]
    assert staff.items.count() >= 3 and "Kepegawaian" in staff.heading.text()
    assert _beranda_problems(page) == []
    # the figures are compact: one short row each, several to a row, in the app's normal font or larger
    cards = [c for c in page.findChildren(Card) if c.isVisible()]
    assert len(cards) >= 13
    assert all(c.height() <= 64 for c in cards), [c.height() for c in cards]
    corr_cards = page.sections["correspondence"].findChildren(Card)
    assert len({c.y() for c in corr_cards}) <= 2  # nine figures in two rows
    assert all(c.title.font().pointSizeF() >= QApplication.font().pointSizeF() for c in cards)
    # a Windows laptop: 768 less the task bar (40) and the title bar (30)
    win.showNormal()
    qtbot.waitUntil(lambda: not win.isMaximized())
    win.setGeometry(0, 30, 1366, 768 - 40 - 30)
    qtbot.wait(50)
    assert _beranda_problems(page) == [], win.size()
    # "Lihat" on a compact card opens its page: the mouse on "Disposisi untuk saya" …
    corr = page.sections["correspondence"]
    qtbot.mouseClick(corr.c_mine.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.specs[win.nav.currentRow()].key == "disposisi", timeout=5_000)
    # … and the keyboard (Tab reaches the button, Space presses it) on an SPJ card
    win.show_page("beranda")
    spj_card = next(c for c in page.sections["spj"].findChildren(Card) if c.objectName() == "card_spj_belum")
    assert spj_card.button.focusPolicy() & Qt.FocusPolicy.TabFocus
    spj_card.button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(spj_card.button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: win.specs[win.nav.currentRow()].key == "spj", timeout=5_000)
    win.close()


@pytest.mark.parametrize("username", ["operator", "camat", "auditor", "staf"])
def test_every_roles_beranda_fits_1366(qtbot, demo_ctx, username):
    win = _window(qtbot, demo_ctx, username)
    page = win.show_page("beranda")
    qtbot.wait(50)
    assert page.sections
    assert _beranda_problems(page) == []
    win.close()


def test_the_spj_list_keeps_uraian_readable_beside_an_open_item_at_1366(qtbot, demo_ctx):
    """The SPJ list shares the page with the open item's checklist. With the list at about 600 px (the
    checklist pane dragged wider, or a wider detail pane) its seven fixed columns once left Uraian
    about 20 px (a few letters); now Penerima gives up width first, every column stays in view and
    the list does not scroll sideways."""
    from tatausaha.spj import service as spj

    win = _window(qtbot, demo_ctx, "operator")
    assert win.isMaximized()
    page = win.show_page("spj")
    with demo_ctx.reader() as uow:
        item_id = spj.list_items(uow)[0].id
    page.open_record(item_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == item_id, timeout=20_000)
    QApplication.processEvents()
    assert page.checklist.isVisible()
    split = page.findChild(QSplitter)
    total = sum(split.sizes())
    for list_width in (split.sizes()[0], 600):  # as it opens, and with the checklist dragged wider
        split.setSizes([list_width, total - list_width])
        QApplication.processEvents()
        cols = _columns_in_view(page.table)
        width = page.table.viewport().width()
        assert all(0 <= left and right <= width + 1 for left, right in cols.values()), (cols, width)
        assert cols["Uraian"][1] - cols["Uraian"][0] >= 70, (list_width, cols)
        assert all(right - left >= 40 for left, right in cols.values()), (list_width, cols)
        assert page.table.horizontalScrollBar().maximum() == 0, (list_width, cols)
    win.close()
