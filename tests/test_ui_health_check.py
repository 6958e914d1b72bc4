"""Pengaturan → Periksa keutuhan sekarang names a record changed behind the app's back, as
``tatausaha check`` does (clicked on the real page)."""

from __future__ import annotations

import sqlite3

from conftest import CLI_PASSWORD, CLI_USER, add_account
from PySide6.QtWidgets import QMessageBox, QPushButton

from tatausaha.services import accounts, office
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import MainWindow


def test_health_check_names_a_row_changed_outside_the_app(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    add_account(ctx.paths.home)
    admin = accounts.login(ctx.db, CLI_USER, CLI_PASSWORD)
    with ctx.uow(actor=admin) as uow:
        unit = office.save_unit(uow, "PEM", "Seksi Pemerintahan")
        uow.commit()
    conn = sqlite3.connect(ctx.paths.database)
    conn.execute("UPDATE unit SET nama = 'Seksi Siluman' WHERE id = ?", (unit.id,))
    conn.commit()
    conn.close()
    win = MainWindow(UiContext(ctx, admin))
    qtbot.addWidget(win)
    page = win.show_page("pengaturan")
    page.findChild(QPushButton, "run_check").click()
    qtbot.waitUntil(lambda: "Jejak audit" in page.health_result.text(), timeout=30000)
    text = page.health_result.text()
    assert "Catatan diubah di luar aplikasi: 1" in text and f"unit {unit.id}: kolom nama" in text
    box = page.findChild(QMessageBox, "health_warning")  # the window-modal warning, not blocking
    assert box is not None and "di luar aplikasi" in box.text()
    box.accept()
