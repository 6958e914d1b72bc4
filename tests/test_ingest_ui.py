"""Kotak Pindai page with real widgets (offscreen): preview, suggestions, attach, new surat masuk,
page edits, quarantine tab, and the controller bringing watcher events to the GUI thread."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestService
from tatausaha.models.document import DocumentLink
from tatausaha.models.ingest import DISCARDED, FILED, REVIEW, ScanItem
from tatausaha.services.auth import SYSTEM, Role
from tatausaha.ui.context import UiContext
from tatausaha.ui.ingest.controller import IngestController
from tatausaha.ui.pages.kotak_pindai import KotakPindaiPage

pytestmark = pytest.mark.gui

FAST = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=False)


def _state(ctx, item_id: int) -> str:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        row = uow.session.get(ScanItem, item_id)
        assert row is not None
        return row.state


@pytest.fixture
def filled(ctx, tmp_path: Path):  # type: ignore[no-untyped-def]
    scan = tmp_path / "pindai"
    scan.mkdir()
    with ctx.uow() as uow:
        mid = T.make_surat_masuk(uow, nomor_surat="470/9/Disdukcapil/2024", perihal="Undangan Rapat Koordinasi",
                                 pengirim="DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL")
        uow.commit()
    (scan / "undangan.pdf").write_bytes(T.letter_pdf(None, nomor="470/9a/Disdukcapil/2024",
                                                     pengirim=("PEMERINTAH KOTA BEKASI",
                                                               "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL")))
    (scan / "baru.pdf").write_bytes(T.letter_pdf(None, nomor="800/55/BKPSDM/2024", hal="Pendataan Pegawai",
                                                 pengirim=("PEMERINTAH KOTA BEKASI", "BADAN KEPEGAWAIAN DAERAH")))
    (scan / "tiga-halaman.pdf").write_bytes(T.concat_pdfs([T.tiny_pdf(f"hal {i}") for i in range(3)]))
    (scan / "foto.jpg").write_bytes(T.scannerize(T.tiny_pdf("foto surat"), random.Random(1)))
    (scan / "kosong.pdf").write_bytes(b"")
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=60)
    return ctx, mid, scan


def _row_of(page: KotakPindaiPage, name: str) -> int:
    return next(i for i, r in enumerate(page.model.rows) if r.source_name == name)


def test_kotak_pindai_attach_new_surat_masuk_and_page_edits(qtbot, filled, monkeypatch, tmp_path) -> None:
    ctx, mid, _scan = filled
    ui = UiContext(ctx, SYSTEM)
    page = KotakPindaiPage(ui)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    names = {r.source_name for r in page.model.rows}
    assert names == {"undangan.pdf", "baru.pdf", "tiga-halaman.pdf", "foto.jpg"}
    assert "Menunggu (4)" in page.tabs.tabText(0) and "Karantina (1)" in page.tabs.tabText(2)

    # preview and thumbnails are rendered in the background; the suggestion is ranked first
    page.table.selectRow(_row_of(page, "undangan.pdf"))
    qtbot.waitUntil(lambda: page.thumbs.count() == 1 and page.preview.pixmap() is not None
                    and not page.preview.pixmap().isNull(), timeout=10000)
    assert page.suggestions.count() >= 1 and f"#{mid}" in page.suggestions.item(0).text()
    page.grab().save(str(tmp_path / "kotak_pindai.png"))
    item_id = page.detail.row.id  # type: ignore[union-attr]
    page.attach_suggestion()
    qtbot.waitUntil(lambda: _state(ctx, item_id) == FILED, timeout=10000)
    with ctx.reader() as uow:
        link = uow.session.execute(select(DocumentLink).where(DocumentLink.record_kind == "surat_masuk")).scalar_one()
        assert link.record_id == mid
    qtbot.waitUntil(lambda: "undangan.pdf" not in {r.source_name for r in page.model.rows}, timeout=5000)

    # a new surat masuk prefilled from the scan's text
    page.table.selectRow(_row_of(page, "baru.pdf"))
    seen: dict[str, object] = {}

    def fake_exec(dlg: QDialog) -> int:  # the clerk reads the prefilled form and presses OK
        seen.update(dlg.fields())  # type: ignore[attr-defined]
        return int(QDialog.DialogCode.Accepted)

    from tatausaha.ui.correspondence.scan_form import NewSuratMasukDialog

    monkeypatch.setattr(NewSuratMasukDialog, "exec", fake_exec)
    baru_id = page.detail.row.id  # type: ignore[union-attr]
    qtbot.mouseClick(page.new_buttons["surat_masuk"], Qt.MouseButton.LeftButton)
    assert seen["nomor_surat"] == "800/55/BKPSDM/2024" and seen["perihal"] == "Pendataan Pegawai"
    qtbot.waitUntil(lambda: _state(ctx, baru_id) == FILED, timeout=10000)

    # split the three-page scan at its second page, then merge the parts back
    page.table.selectRow(_row_of(page, "tiga-halaman.pdf"))
    qtbot.waitUntil(lambda: page.thumbs.count() == 3, timeout=10000)
    tiga = page.detail.row.id  # type: ignore[union-attr]
    page.thumbs.setCurrentRow(1)
    page.split_here()
    qtbot.waitUntil(lambda: _state(ctx, tiga) == DISCARDED, timeout=10000)
    qtbot.waitUntil(lambda: sum(1 for r in page.model.rows if "bagian" in r.source_name) == 2, timeout=5000)
    parts = sorted((r for r in page.model.rows if "bagian" in r.source_name), key=lambda r: r.source_name)
    assert [p.page_count for p in parts] == [1, 2]
    page.table.clearSelection()
    for p in parts:
        page.table.selectionModel().select(
            page.model.index(page.model.rows.index(p), 0),
            page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows)
    page.merge_selected()
    qtbot.waitUntil(lambda: any("gabungan" in r.source_name for r in page.model.rows), timeout=10000)
    merged = next(r for r in page.model.rows if "gabungan" in r.source_name)
    assert merged.page_count == 3 and merged.state == REVIEW

    # rotate a page of the photo (an image: edited through its derived PDF)
    page.table.selectRow(_row_of(page, "foto.jpg"))
    foto = page.detail.row.id  # type: ignore[union-attr]
    page.rotate(90)
    qtbot.waitUntil(lambda: _state(ctx, foto) == DISCARDED, timeout=10000)

    # the quarantine tab shows the reason
    page.tabs.setCurrentIndex(2)
    assert [r.source_name for r in page.model.rows] == ["kosong.pdf"]
    assert "kosong" in page.model.data(page.model.index(0, 4)).lower()


def test_auditor_sees_but_cannot_change(qtbot, filled) -> None:
    ctx, _mid, _scan = filled
    from tests.conftest import make_actor

    page = KotakPindaiPage(UiContext(ctx, make_actor(Role.AUDITOR)))
    qtbot.addWidget(page)
    assert page.model.rowCount() == 4
    assert not page.btn_attach_manual.isEnabled() and not page.new_buttons["surat_masuk"].isEnabled()


def test_controller_delivers_watcher_events_to_the_gui_thread(qtbot, ctx, tmp_path) -> None:
    scan = tmp_path / "pindai"
    scan.mkdir()
    ui = UiContext(ctx, SYSTEM)
    ctl = IngestController(ui, IngestService(ctx, [FolderSpec(scan)], FAST))
    page = KotakPindaiPage(ui, controller=ctl)
    qtbot.addWidget(page)
    with qtbot.waitSignal(ctl.running_changed, timeout=10000):
        ctl.start()
    try:
        with qtbot.waitSignal(ctl.item_settled, timeout=10000):
            (scan / "baru-masuk.pdf").write_bytes(T.tiny_pdf("baru masuk"))
        qtbot.waitUntil(lambda: [r.source_name for r in page.model.rows] == ["baru-masuk.pdf"], timeout=5000)
        assert "menunggu" in ctl.status_text()
    finally:
        ctl.stop()
    assert not ctl.running
