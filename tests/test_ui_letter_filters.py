"""The register filters on the letter lists: classification subtree, the other party, urgency, channel."""

from __future__ import annotations

import pytest

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.services import accounts
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import MainWindow

pytestmark = pytest.mark.gui


def test_surat_masuk_filters_narrow_the_list(qtbot, demo_ctx):
    actor = accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD)
    win = MainWindow(UiContext(demo_ctx, actor))
    qtbot.addWidget(win)
    page = win.show_page("surat_masuk")
    page.year.setCurrentIndex(0)  # all years
    page.reload()
    total = page.model.rowCount()
    assert total > 100
    page.kode.setText("400")
    page.reload()
    n_kode = page.model.rowCount()
    assert 0 < n_kode < total
    flt = page.current_filter()
    assert flt.kode_prefix == "400"
    page.kode.clear()
    page.pihak.setText("Kelurahan")
    page.reload()
    n_pihak = page.model.rowCount()
    assert 0 < n_pihak < total
    page.pihak.clear()
    page.derajat.setCurrentIndex(page.derajat.findData("sangat_segera"))
    page.reload()
    n_ss = page.model.rowCount()
    assert 0 < n_ss < total
    page.derajat.setCurrentIndex(0)
    page.kanal.setCurrentIndex(page.kanal.findData("srikandi"))
    page.reload()
    assert 0 < page.model.rowCount() < total
    assert page.current_filter().kanal == "srikandi"
