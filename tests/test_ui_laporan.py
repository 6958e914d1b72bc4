from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tatausaha.services import accounts
from tatausaha.services.demo import DEMO_PASSWORD
from tatausaha.ui.context import UiContext
from tatausaha.ui.pages.laporan import ReportsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, demo_ctx):
    actor = accounts.login(demo_ctx.db, "auditor", DEMO_PASSWORD)  # read and export only
    p = ReportsPage(UiContext(demo_ctx, actor))
    qtbot.addWidget(p)
    return p


def _year_with_letters(page, qtbot):
    from tatausaha.correspondence import letters

    with page.ctx.reader() as uow:
        rows = letters.list_masuk(uow, limit=1) if hasattr(letters, "list_masuk") else None
    return rows


def test_register_on_screen_print_and_export(page, qtbot, tmp_path, monkeypatch):
    page.month.setCurrentIndex(0)  # whole year
    page.reload()
    qtbot.waitUntil(lambda: page.model.register is not None, timeout=10000)
    if page.model.rowCount() == 0:  # the demo year may be last year early in January
        page.year.setValue(page.year.value() - 1)
        page.reload()
        qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    n = page.model.rowCount()
    assert n > 10
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
