"""A cover sheet (lembar sampul) files the stack of evidence scanned behind it onto its record: one
document per page, or one per stack between separator sheets; the cover page itself is not kept.

The kind here is a throw-away area's (ingest names no area's kinds); the cover is printed by the
real ``build_cover_sheet`` and dropped into a folder a real watchdog observer watches.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tatausaha import recordref, registry
from tatausaha.changes import Changes
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.identify import _split_parts
from tatausaha.ingest.service import IngestService
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.ingest import FILED, SPLIT, ScanItem
from tatausaha.printing import build_cover_sheet, to_bytes
from tatausaha.printing.data import ChecklistLine, CoverSheet
from tatausaha.recordref import RecordRef
from tatausaha.services import documents
from tatausaha.services.auth import SYSTEM

KIND, COVER = "berkas_uji", "sampul_uji"
FAST = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=False)


class Base(DeclarativeBase):
    pass


class BerkasUji(Base):
    __tablename__ = "berkas_uji"
    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(100))


ATTACHED: list[tuple[int, int, str]] = []


def _attach(uow, record_id: int, document_id: int, role: str, note: str | None) -> Changes:  # type: ignore[no-untyped-def]
    ATTACHED.append((record_id, document_id, role))  # the area's own hook runs (e.g. its checklist)
    return documents.link_document(uow, document_id, KIND, record_id, role=role, note=note)


AREA = registry.Area("uji_sampul", "Uji sampul", kinds=(
    registry.RecordKind(KIND, "Berkas uji", BerkasUji, qr_aliases=("kw_uji",), scan_role="kwitansi",
                        cover_aliases=(COVER,), cover_role="bukti", attach_scan=_attach),
))


@pytest.fixture
def area(ctx) -> Iterator[object]:  # type: ignore[no-untyped-def]
    Base.metadata.create_all(ctx.db.engine)
    ATTACHED.clear()
    with registry.installed(AREA):
        yield ctx


def _cover(rid: int) -> bytes:
    return to_bytes(build_cover_sheet, CoverSheet(
        "Lembar sampul bukti", recordref.encode(COVER, rid), fields=(("Uraian", "Pembelian ATK"),), jumlah=2_950_000,
        checklist=(ChecklistLine("Kuitansi"), ChecklistLine("Nota pembelian"), ChecklistLine("Faktur pajak"))))


def _rows(ctx) -> list[ScanItem]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        rows = list(uow.session.execute(select(ScanItem).order_by(ScanItem.id)).scalars())
        for r in rows:
            uow.session.expunge(r)
    return rows


def _docs_on(ctx, rid: int) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return [(d.text or "", d.page_count, link.role) for link, d in uow.session.execute(
            select(DocumentLink, Document).join(Document, Document.id == DocumentLink.document_id)
            .where(DocumentLink.record_kind == KIND, DocumentLink.record_id == rid).order_by(DocumentLink.id)).all()]


def _drop(ctx, folder: Path, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    svc = IngestService(ctx, [FolderSpec(folder)], FAST)
    svc.start()  # a real watchdog observer
    try:
        time.sleep(0.2)
        (folder / name).write_bytes(data)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not any(r.source_done for r in _rows(ctx) if r.parent_id is None):
            time.sleep(0.1)
        assert svc.wait_idle(timeout=90, settle=0.3), svc.counts()
    finally:
        svc.stop()


def _new(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=SYSTEM) as uow:
        b = BerkasUji(nama="Belanja ATK")
        uow.session.add(b)
        uow.session.flush()
        uow.commit()
        return b.id


@pytest.mark.parametrize("scanned", [False, True], ids=["born-digital", "scanned"])
def test_cover_with_three_receipts_behind_it_files_three_documents(area, tmp_path: Path, scanned: bool) -> None:  # type: ignore[no-untyped-def]
    ctx = area
    rid = _new(ctx)
    receipts = [T.tiny_pdf(f"NOTA TOKO SUMBER REJEKI nomor {n}") for n in (101, 102, 103)]
    data = T.concat_pdfs([_cover(rid), *receipts])
    if scanned:  # the office's scanner: grey 200 dpi JPEG pages, slightly rotated, no text layer
        data = T.scannerize(data, random.Random(7), fmt="PDF")
    folder = tmp_path / "pindai"
    folder.mkdir()
    _drop(ctx, folder, "sampul-dan-bukti.pdf", data)

    rows = _rows(ctx)
    parent = next(r for r in rows if r.parent_id is None)
    assert parent.state == SPLIT and parent.method == "cover" and "lembar sampul" in (parent.note or "")
    children = [r for r in rows if r.parent_id == parent.id]
    assert [(c.state, c.record_kind, c.record_id, c.role, c.page_count) for c in children] == [
        (FILED, KIND, rid, "bukti", 1)] * 3
    docs = _docs_on(ctx, rid)
    assert len(docs) == 3 and all(role == "bukti" and pages == 1 for _, pages, role in docs)
    if not scanned:  # one receipt per document, in scan order; the cover is not among them
        assert [t for t, _, _ in docs] == [f"NOTA TOKO SUMBER REJEKI nomor {n}" for n in (101, 102, 103)]
    assert [a[0] for a in ATTACHED] == [rid] * 3  # through the area's attach_scan hook


def test_separator_sheets_behind_a_cover_keep_a_long_receipt_together(area, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = area
    rid = _new(ctx)
    data = T.concat_pdfs([_cover(rid), T.tiny_pdf("FAKTUR hal 1"), T.tiny_pdf("FAKTUR hal 2"), T.separator_pdf(1),
                          T.tiny_pdf("KUITANSI"), T.separator_pdf(2), T.tiny_pdf("SSP")])
    folder = tmp_path / "pindai"
    folder.mkdir()
    _drop(ctx, folder, "bukti.pdf", data)
    docs = _docs_on(ctx, rid)
    assert [(t.replace("\n", " "), p) for t, p, _ in docs] == [("FAKTUR hal 1 FAKTUR hal 2", 2), ("KUITANSI", 1),
                                                               ("SSP", 1)]


def test_split_rules_around_cover_sheets(area) -> None:  # type: ignore[no-untyped-def]
    cover_a, cover_b = RecordRef(COVER, 1), RecordRef(COVER, 2)
    sep, sep_named = RecordRef("sep", 1), [RecordRef("sep", 2), RecordRef(KIND, 9)]
    # two covers in one batch: each stack goes to its own record, one page each
    parts = _split_parts([[cover_a], [], [], [cover_b], []])
    assert [(p.pages, p.ref, p.method) for p in parts] == [
        ((1,), cover_a, "cover"), ((2,), cover_a, "cover"), ((4,), cover_b, "cover")]
    # a separator naming another record ends the cover's stack
    parts = _split_parts([[cover_a], [], sep_named, [], []])
    assert [(p.pages, p.ref.id if p.ref else None, p.method) for p in parts] == [
        ((1,), 1, "cover"), ((3, 4), 9, "separator")]
    # the record's own printed kwitansi behind its cover keeps its QR (and so its role); another
    # record's printed page (a copy of a letter as evidence) is evidence like any receipt
    kw, other = RecordRef("kw_uji", 1), RecordRef(KIND, 7)
    parts = _split_parts([[cover_a], [kw], [], [other]])
    assert [(p.pages, p.ref, p.method) for p in parts] == [
        ((1,), kw, "qr"), ((2,), cover_a, "cover"), ((3,), cover_a, "cover")]
    # pages before the cover stay by themselves (they wait in the Kotak Pindai)
    parts = _split_parts([[], [cover_a], [], [sep], []])
    assert [(p.pages, p.ref) for p in parts] == [((0,), None), ((2,), cover_a), ((4,), cover_a)]
