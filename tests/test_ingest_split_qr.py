"""One scan holding several printed letters (each page with its own QR, no separator sheet) is cut at
every record boundary; an order that cannot be cut safely waits in the Kotak Pindai, never filed whole."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tatausaha import recordref
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestService
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.ingest import FILED, REVIEW, SPLIT, ScanItem

FAST = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=False)


def _rows(ctx) -> list[ScanItem]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        rows = list(uow.session.execute(select(ScanItem).order_by(ScanItem.id)).scalars())
        for r in rows:
            uow.session.expunge(r)
    return rows


def _links(ctx, kind: str, rid: int) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return [(d.original_name, d.page_count) for _link, d in uow.session.execute(
            select(DocumentLink, Document).join(Document, Document.id == DocumentLink.document_id)
            .where(DocumentLink.record_kind == kind, DocumentLink.record_id == rid)).all()]


def _letters(ctx, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        ids = [T.make_surat_keluar(uow, nomor=f"000.1/{300 + i}/Kec.JTS/2024", nomor_agenda=i + 1,
                                   hal=f"Surat nomor {i + 1}") for i in range(n)]
        uow.commit()
    return ids


def _printed(kid: int, i: int) -> bytes:
    return T.letter_pdf(recordref.encode("surat_keluar", kid), nomor=f"000.1/{300 + i}/Kec.JTS/2024",
                        hal=f"Surat nomor {i + 1}")


def _drop_and_wait(ctx, scan: Path, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    svc = IngestService(ctx, [FolderSpec(scan)], FAST)
    svc.start()  # a real watchdog observer on the folder
    try:
        time.sleep(0.2)
        (scan / name).write_bytes(data)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not any(r.source_done for r in _rows(ctx) if r.parent_id is None):
            time.sleep(0.1)
        assert svc.wait_idle(timeout=90, settle=0.3), svc.counts()
    finally:
        svc.stop()


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    d = tmp_path / "pindai"
    d.mkdir()
    return d


@pytest.mark.parametrize("scanned", [False, True], ids=["born-digital", "scanned"])
def test_three_printed_letters_in_one_pdf_are_cut_at_each_qr_and_filed_each_on_its_own(
    ctx, scan: Path, scanned: bool
) -> None:
    ids = _letters(ctx, 3)
    # letter 2 has a second page without a QR (a lampiran): it follows the QR'd page before it
    pages = [_printed(ids[0], 0), _printed(ids[1], 1), T.tiny_pdf("lampiran surat kedua, tanpa kode"),
             _printed(ids[2], 2)]
    data = T.concat_pdfs(pages)
    if scanned:
        data = T.scannerize(data, random.Random(11), dpi=150, fmt="PDF")
    _drop_and_wait(ctx, scan, "tiga-surat.pdf", data)
    rows = _rows(ctx)
    parent = next(r for r in rows if r.source_name == "tiga-surat.pdf")
    assert parent.state == SPLIT and parent.source_done, (parent.state, parent.note)
    assert "kode QR" in parent.note
    parts = sorted((r for r in rows if r.parent_id == parent.id), key=lambda r: r.part_no or 0)
    assert [(p.state, p.record_kind, p.record_id, p.page_count) for p in parts] == [
        (FILED, "surat_keluar", ids[0], 1), (FILED, "surat_keluar", ids[1], 2), (FILED, "surat_keluar", ids[2], 1)]
    for kid, pages_n in zip(ids, (1, 2, 1), strict=True):
        links = _links(ctx, "surat_keluar", kid)
        assert [n for _name, n in links] == [pages_n], links  # its own pages only, never the whole batch


def test_separator_sheets_and_qr_changes_cut_together(ctx, scan: Path) -> None:
    ids = _letters(ctx, 3)
    data = T.concat_pdfs([T.separator_pdf(1), _printed(ids[0], 0), _printed(ids[1], 1), T.separator_pdf(2),
                          _printed(ids[2], 2)])
    _drop_and_wait(ctx, scan, "campur.pdf", data)
    rows = _rows(ctx)
    parent = next(r for r in rows if r.source_name == "campur.pdf")
    parts = sorted((r for r in rows if r.parent_id == parent.id), key=lambda r: r.part_no or 0)
    assert parent.state == SPLIT
    assert [(p.state, p.record_id) for p in parts] == [(FILED, k) for k in ids]


@pytest.mark.parametrize("order", ["ABA", "two-on-one-page"])
def test_pages_that_cannot_be_cut_safely_wait_in_the_kotak_pindai_with_the_reason(ctx, scan: Path, order: str) -> None:
    ids = _letters(ctx, 2)
    if order == "ABA":
        data = T.concat_pdfs([_printed(ids[0], 0), _printed(ids[1], 1), _printed(ids[0], 0)])
        word = "tercampur"
    else:  # one page carrying the QR codes of two records, between two letters
        data = T.concat_pdfs([_printed(ids[0], 0), _two_qr_page(ids), _printed(ids[1], 1)])
        word = "2 catatan berbeda"
    _drop_and_wait(ctx, scan, "acak.pdf", data)
    rows = _rows(ctx)
    assert len(rows) == 1, [(r.source_name, r.state) for r in rows]
    (row,) = rows
    assert row.state == REVIEW and row.record_id is None, (row.state, row.note)
    assert word in row.note and "Kotak Pindai" in row.note
    for kid in ids:
        assert _links(ctx, "surat_keluar", kid) == []


def test_first_and_last_page_naming_different_records_is_never_filed_whole(ctx, scan: Path) -> None:
    """A batch longer than the page limit for cutting is read on its first and last page only."""
    ids = _letters(ctx, 2)
    data = T.concat_pdfs([_printed(ids[0], 0), T.tiny_pdf("tengah"), _printed(ids[1], 1)])
    svc = IngestService(ctx, [FolderSpec(scan)], FAST.with_(separator_max_pages=2))
    svc.start()
    try:
        (scan / "panjang.pdf").write_bytes(data)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(r.source_done for r in _rows(ctx)):
            time.sleep(0.1)
        assert svc.wait_idle(timeout=60, settle=0.3)
    finally:
        svc.stop()
    (row,) = _rows(ctx)
    assert row.state == REVIEW and "beberapa catatan" in row.note, row.note
    assert _links(ctx, "surat_keluar", ids[0]) == [] and _links(ctx, "surat_keluar", ids[1]) == []


def _two_qr_page(ids: list[int]) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    from tatausaha.printing.common import draw_qr

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for kid, x in ((ids[0], 60), (ids[1], 330)):
        draw_qr(c, recordref.encode("surat_keluar", kid), x, 400, 180)
    c.showPage()
    c.save()
    return buf.getvalue()
