from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.errors import PermissionDenied
from tatausaha.services import accounts, documents
from tatausaha.ui.context import UiContext
from tatausaha.ui.pages.arsip import ArchivePage

pytestmark = pytest.mark.gui


def _pdf(path, text):
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 720, text)
    c.showPage()
    c.drawString(72, 720, text + " halaman dua")
    c.save()
    return path


def test_archive_page_adds_files_in_background_and_previews(qtbot, demo_ctx, tmp_path):
    actor = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    ui = UiContext(demo_ctx, actor)
    page = ArchivePage(ui)
    qtbot.addWidget(page)
    page.kka.set_kode("000.1.2")  # filters the list to this code (and files new documents under it)
    before = page.model.total
    a = _pdf(tmp_path / "undangan-rapat.pdf", "Undangan rapat koordinasi")
    b = _pdf(tmp_path / "copy.pdf", "Undangan rapat koordinasi")  # different name ...
    b.write_bytes(a.read_bytes())  # ... same bytes: kept once
    page.add_files([a, b])
    qtbot.waitUntil(lambda: page.model.total == before + 1, timeout=10000)
    row = next(r for r in page.model.rows if r.original_name == "undangan-rapat.pdf")
    assert row.page_count == 2
    assert row.kode_klasifikasi == "000.1.2"
    page.table.selectRow(page.model.rows.index(row))
    assert page.preview.pixmap() is not None and not page.preview.pixmap().isNull()
    page.filter.setText("tidak-ada-berkas-begini")
    page.reload()
    assert page.model.total == 0


def test_auditor_cannot_add_to_archive(qtbot, demo_ctx, tmp_path):
    actor = accounts.login(demo_ctx.db, "auditor", DEMO_PASSWORD)
    page = ArchivePage(UiContext(demo_ctx, actor))
    qtbot.addWidget(page)
    assert not page.findChild(QPushButton, "archive_add").isEnabled()
    with demo_ctx.uow(actor=actor) as uow, pytest.raises(PermissionDenied):
        documents.add_document(uow, demo_ctx.store, _pdf(tmp_path / "x.pdf", "x"))


def test_added_document_is_searchable_at_once_and_opens_from_search(qtbot, demo_ctx, tmp_path):
    from tatausaha.search import service as search

    actor = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    pdf = _pdf(tmp_path / "nota-pengadaan-kertas.pdf", "Nota pengadaan kertas arsip tahun anggaran")
    with demo_ctx.uow(actor=actor) as uow:
        info = documents.add_document(uow, demo_ctx.store, pdf)
        uow.commit()
    with demo_ctx.reader(actor) as uow:
        result = search.search(uow, "pengadaan kertas")
    assert any(h.kind == "dokumen" and h.ref_id == info.id for h in result.hits)
    page = ArchivePage(UiContext(demo_ctx, actor))
    qtbot.addWidget(page)
    page.open_record(info.id)
    assert [r.id for r in page.model.rows] == [info.id]
    assert page.table.currentIndex().row() == 0
