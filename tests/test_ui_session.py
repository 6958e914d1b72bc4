"""A shared PC (issue 9 item 10): log out / switch user, change one's own password, settings per user.

Driven as a person would: typing into the log-in dialog, clicking its "Masuk" button, triggering the
real menu actions, clicking the dialog's buttons.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from sqlalchemy import select

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.models.account import User
from tatausaha.services import accounts
from tatausaha.ui.account import ChangePasswordDialog
from tatausaha.ui.login import LoginDialog
from tatausaha.ui.mainwindow import MainWindow
from tatausaha.ui.shell import AppShell

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]


@pytest.fixture
def shell(qtbot, demo_ctx):
    sh = AppShell(demo_ctx)
    ended: list[int] = []
    sh.finished.connect(ended.append)
    sh.ended = ended  # type: ignore[attr-defined]
    yield sh
    if sh.window is not None:
        sh.window.close()
    if sh.login is not None:
        sh.login.close()


def log_in(qtbot, sh: AppShell, username: str, password: str = DEMO_PASSWORD) -> MainWindow:
    dlg = sh.login
    assert isinstance(dlg, LoginDialog) and dlg.isVisible()
    assert dlg.username.text() == "" and dlg.password.text() == ""  # nothing of the previous user
    qtbot.keyClicks(dlg.username, username)
    qtbot.keyClicks(dlg.password, password)
    ok = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sh.window is not None and sh.window.isVisible())
    win = sh.window
    assert isinstance(win, MainWindow) and win.ctx.actor.username == username
    return win


def log_out(qtbot, sh: AppShell) -> None:
    win = sh.window
    assert win is not None
    win.act_logout.trigger()
    qtbot.waitUntil(lambda: sh.login is not None and sh.login.isVisible())
    assert not win.isVisible()


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowType() != Qt.WindowType.Popup]


def test_switch_user_closes_everything_of_the_previous_user(qtbot, shell):
    shell.start()
    win = log_in(qtbot, shell, "operator")
    assert "Operator" in win.lbl_user.text()
    # a dialog of the operator's session is open when the next person comes
    win.act_password.trigger()
    dlg = win.password_dialog
    assert dlg.isVisible()
    qtbot.keyClicks(dlg.old, "setengah-ketik")
    log_out(qtbot, shell)
    assert not dlg.isVisible()
    assert visible_windows() == [shell.login]
    assert shell.ended == []  # the app did not quit
    win2 = log_in(qtbot, shell, "camat")
    assert win2 is not win
    assert "Pimpinan" in win2.lbl_user.text() and "Operator" not in win2.lbl_user.text()
    assert shell.sessions == 2


def test_logout_by_its_shortcut_and_the_menu_entry_is_there(qtbot, shell):
    shell.start()
    win = log_in(qtbot, shell, "auditor")
    titles = [a.text() for a in win.menuBar().actions()]
    assert "A&kun" in titles
    berkas = win.menuBar().actions()[0].menu()
    assert "Keluar / Ganti pengguna" in [a.text() for a in berkas.actions()]
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible())
    assert not win.isVisible()


def test_cancel_at_the_login_after_logout_ends_the_app_and_quit_ends_it_too(qtbot, shell):
    shell.start()
    log_in(qtbot, shell, "operator")
    log_out(qtbot, shell)
    cancel = shell.login.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert shell.ended == [1]


def test_quit_action_ends_the_app(qtbot, shell):
    shell.start()
    win = log_in(qtbot, shell, "operator")
    win.act_quit.trigger()
    assert shell.ended == [0]
    assert shell.login is None


def change_password(qtbot, win: MainWindow, old: str, new: str, repeat: str | None = None) -> ChangePasswordDialog:
    win.act_password.trigger()
    dlg = win.password_dialog
    for edit, text in ((dlg.old, old), (dlg.new, new), (dlg.repeat, new if repeat is None else repeat)):
        edit.clear()
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dlg


REFUSALS = [
    ("", "sandi-baru-2026", None, "Kata sandi lama wajib diisi."),
    ("salah-sandi-1", "sandi-baru-2026", None, "Kata sandi lama salah."),
    (DEMO_PASSWORD, "pendek1", None, "minimal 8 karakter"),
    (DEMO_PASSWORD, "sandi-baru-2026", "sandi-baru-2027", "tidak sama"),
    (DEMO_PASSWORD, DEMO_PASSWORD, None, "berbeda dari kata sandi lama"),
    (DEMO_PASSWORD, "operator-2026", None, "tidak boleh memuat nama pengguna"),
    (DEMO_PASSWORD, "hurufsajatanpaangka", None, "huruf dan paling sedikit satu angka"),
    (DEMO_PASSWORD, "aaaa1111", None, "terlalu mudah ditebak"),
]


def test_change_password_refusals_leave_the_password_as_it_was(qtbot, shell, demo_ctx):
    def stored_hash() -> str:
        with demo_ctx.reader() as uow:
            return uow.session.execute(select(User.password_hash).where(User.username == "operator")).scalar_one()

    shell.start()
    win = log_in(qtbot, shell, "operator")
    before = stored_hash()
    for old, new, repeat, message in REFUSALS:
        dlg = change_password(qtbot, win, old, new, repeat)
        assert dlg.isVisible(), message  # refused: the dialog stays, with the reason in Indonesian
        assert message in dlg.message.text()
        dlg.reject()
        assert stored_hash() == before  # nothing written
    accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)  # unchanged


def test_change_own_password_then_log_in_with_it(qtbot, shell, demo_ctx):
    shell.start()
    win = log_in(qtbot, shell, "operator")
    dlg = change_password(qtbot, win, DEMO_PASSWORD, "Jatisampurna#2026")
    assert not dlg.isVisible()
    log_out(qtbot, shell)
    dlg_login = shell.login
    qtbot.keyClicks(dlg_login.username, "operator")
    qtbot.keyClicks(dlg_login.password, DEMO_PASSWORD)
    qtbot.mouseClick(dlg_login.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert "salah" in dlg_login.message.text() and shell.window is None
    dlg_login.username.clear()
    log_in(qtbot, shell, "operator", "Jatisampurna#2026")
    with demo_ctx.reader() as uow:
        from tatausaha.models.audit import AuditLog

        actions = uow.session.execute(
            select(AuditLog.action, AuditLog.actor_name).where(AuditLog.action == "password_changed")).all()
    assert ("password_changed", "operator") in [tuple(a) for a in actions]


def test_settings_are_kept_per_user(qtbot, shell):
    shell.start()
    op = log_in(qtbot, shell, "operator")
    op.start_page_actions["disposisi"].trigger()  # Akun ▸ Halaman awal saat masuk ▸ Disposisi
    op.show_page("arsip")
    op.showNormal()  # the first start on a laptop is maximized
    op.resize(700, 500)
    log_out(qtbot, shell)

    camat = log_in(qtbot, shell, "camat")
    assert camat.isMaximized()  # not the operator's window: the first start on a 1366×768 laptop
    assert camat.start_page_actions[""].isChecked()  # default: the page opened last
    camat.nav.setCurrentRow([i for i in range(camat.nav.count()) if camat.nav.item(i).text() == "Laporan"][0])
    camat.showNormal()
    camat.resize(1200, 600)
    log_out(qtbot, shell)

    op = log_in(qtbot, shell, "operator")
    assert op.stack.currentWidget() is op.page("disposisi")  # start page, not the last page (arsip)
    assert op.start_page_actions["disposisi"].isChecked()
    assert op.size() == QSize(700, 500)
    log_out(qtbot, shell)

    camat = log_in(qtbot, shell, "camat")
    assert camat.stack.currentWidget() is camat.page("laporan")  # last page
    assert camat.size() == QSize(1200, 600)
