"""Numbers, sizes and durations in Indonesian format, through one helper (idformat)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from tatausaha.idformat import angka, durasi, ukuran


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (0, 0, "0"), (999, 0, "999"), (1000, 0, "1.000"), (1234567, 0, "1.234.567"), (-45000, 0, "-45.000"),
    (2.0, 2, "2,00"), (0.125, 2, "0,13"), (1234.5, 1, "1.234,5"), (Decimal("2950000.5"), 2, "2.950.000,50"),
])
def test_angka(value, decimals, text):
    assert angka(value, decimals) == text


@pytest.mark.parametrize(("secs", "text"), [
    (2, "2,00 detik"), (0.5, "0,50 detik"), (59.994, "59,99 detik"), (65, "1 menit 5 detik"),
    (3725, "1 jam 2 menit"),
])
def test_durasi(secs, text):
    assert durasi(secs) == text


@pytest.mark.parametrize(("n", "text"), [
    (812, "812 B"), (1536, "1,5 KB"), (12 * 1024 * 1024 + 300 * 1024, "12,3 MB"), (3 * 1024**4, "3.072,0 GB"),
])
def test_ukuran(n, text):
    assert ukuran(n) == text


@pytest.mark.gui
def test_pengaturan_shows_seconds_with_a_decimal_comma(qtbot, demo_ctx):
    from PySide6.QtWidgets import QDoubleSpinBox

    from tatausaha.app.demo import DEMO_PASSWORD
    from tatausaha.services import accounts
    from tatausaha.ui.context import UiContext
    from tatausaha.ui.pages.pengaturan import SettingsPage

    admin = accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD)
    page = SettingsPage(UiContext(demo_ctx, admin))
    qtbot.addWidget(page)
    box = page.scan_quiet
    assert isinstance(box, QDoubleSpinBox)
    box.selectAll()
    qtbot.keyClicks(box.lineEdit(), "2,5")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.value() == 2.5
    assert box.text() == "2,50 detik"
