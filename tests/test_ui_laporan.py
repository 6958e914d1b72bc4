from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton

from tatausaha import clock
from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.services import accounts
from tatausaha.ui.context import UiContext
from tatausaha.ui.pages.laporan import ReportsPage
from tests.conftest import DEMO_DAYS

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, demo_ctx):
    actor = accounts.login(demo_ctx.db, "auditor", DEMO_PASSWORD)  # read and export only
    p = ReportsPage(UiContext(demo_ctx, actor))
    qtbot.addWidget(p)
    return p


def _letters_received(ctx, year: int, month: int | None = None) -> int:
    """The oracle: how many incoming letters the demo registered in that period (straight from the table)."""
    from sqlalchemy import extract, func, select

    from tatausaha.models.correspondence import SuratMasuk

    q = select(func.count()).select_from(SuratMasuk).where(extract("year", SuratMasuk.tanggal_terima) == year)
    if month is not None:
        q = q.where(extract("month", SuratMasuk.tanggal_terima) == month)
    with ctx.reader() as uow:
        return int(uow.session.execute(q).scalar_one())


def _show(page, qtbot, year: int, month_index: int) -> None:
    """Choose the period in the widgets and press "Tampilkan"; wait for that period's register."""
    from PySide6.QtCore import Qt

    page.year.setValue(year)
    page.month.setCurrentIndex(month_index)
    want = f"Tahun {year}" if month_index == 0 else f"{page.month.currentText()} {year}"
    show = page.findChild(QPushButton, "register_show")
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.register is not None and page.model.register.period == want, timeout=10000)


@pytest.mark.parametrize("demo_day", DEMO_DAYS, indirect=True, ids=lambda d: d.isoformat())
def test_register_on_screen_print_and_export(page, qtbot, tmp_path, monkeypatch, demo_day):
    # The page opens on the office's today: this month of this year.
    assert clock.today() == demo_day
    assert page.year.value() == demo_day.year and page.month.currentData() == demo_day.month
    qtbot.waitUntil(lambda: page.model.register is not None, timeout=10000)
    assert page.model.rowCount() == _letters_received(page.ctx, demo_day.year, demo_day.month) >= 3  # 3 came today

    # The whole of the year the demo filled most (early in January that is last year).
    year = max((demo_day.year, demo_day.year - 1), key=lambda y: _letters_received(page.ctx, y))
    _show(page, qtbot, year, 0)
    n = page.model.rowCount()
    assert n == _letters_received(page.ctx, year) > 100
    assert "Agenda" in page.summary.text() and str(n) in page.summary.text()
    assert page.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)

    shown: list[bytes] = []
    monkeypatch.setattr("tatausaha.ui.print_preview.show_print_preview", lambda pdf, **kw: shown.append(pdf))
    page.btn_pdf.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    reader = PdfReader(io.BytesIO(shown[0]))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "BUKU AGENDA SURAT MASUK" in text
    w, h = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert w > h  # landscape

    out = tmp_path / "agenda.xlsx"
    page.export_to(out)
    qtbot.waitUntil(out.exists, timeout=10000)
    ws = load_workbook(out).active
    assert ws.max_row >= n
