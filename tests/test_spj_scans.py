"""Scanned evidence lands on an SPJ item through the registry (no UI): the signed kwitansi fills the
item's kuitansi row; receipts behind its cover sheet fill the next missing documents in checklist
order; a closed item keeps its checklist (the document is still linked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestService
from tatausaha.models.document import DocumentLink
from tatausaha.printing import build_cover_sheet, build_kwitansi, to_bytes
from tatausaha.services.auth import SYSTEM
from tatausaha.spj import printdata
from tatausaha.spj import service as spj
from tests.spjdata import atk_budget_line

FAST = IngestConfig(quiet_seconds=0, rescan_seconds=0, ocr_enabled=False)


def _item(ctx, jumlah: int = 1_500_000) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=SYSTEM) as uow:
        sk, rek = atk_budget_line(uow)
        v = spj.create_item(uow, spj.ItemInput(tanggal=dt.date(2026, 11, 2), sub_kegiatan_id=sk, rekening_id=rek,
                                               jenis_belanja="barang", uraian="Pembelian map dan ordner",
                                               jumlah=jumlah, penerima_jenis="orang", penerima_nama="Budi"))
        uow.commit()
        return v.id


def _file(ctx, tmp_path: Path, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pindai"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    IngestService(ctx, [FolderSpec(folder)], FAST).run_once(timeout=60)


def test_signed_kwitansi_fills_the_kuitansi_row(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    item_id = _item(ctx)
    with ctx.reader() as uow:
        pdf = to_bytes(build_kwitansi, printdata.kwitansi_doc(uow, item_id, None))
        rows = spj.item(uow, item_id).bukti
    kuitansi = next(b for b in rows if "uitansi" in b.nama.lower() or "witansi" in b.nama.lower())
    assert kuitansi.status == "belum_ada"
    _file(ctx, tmp_path, "kwitansi-ttd.pdf", pdf)
    with ctx.reader() as uow:
        after = {b.id: b for b in spj.item(uow, item_id).bukti}
    assert after[kuitansi.id].status == "lengkap" and len(after[kuitansi.id].document_ids) == 1
    assert sum(1 for b in after.values() if b.document_ids) == 1  # only that row


def test_receipts_behind_the_cover_fill_missing_documents_in_checklist_order(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    item_id = _item(ctx)
    with ctx.reader() as uow:
        cover = to_bytes(build_cover_sheet, printdata.cover_doc(uow, item_id, None))
        before = spj.item(uow, item_id)
    missing = [b.id for b in sorted(before.bukti, key=lambda b: b.urutan) if b.wajib and b.status == "belum_ada"]
    _file(ctx, tmp_path, "sampul.pdf", T.concat_pdfs([cover, T.tiny_pdf("NOTA 1"), T.tiny_pdf("NOTA 2")]))
    with ctx.reader() as uow:
        after = spj.item(uow, item_id)
    got = [b.id for b in sorted(after.bukti, key=lambda b: b.urutan) if b.document_ids]
    assert got == missing[:2]
    assert after.kelengkapan.terpenuhi == before.kelengkapan.terpenuhi + 2


def test_a_closed_item_keeps_its_checklist_but_the_scan_is_linked(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    item_id = _item(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        spj.close_item(uow, item_id, override_alasan="Uji: ditutup sebelum bukti lengkap")
        uow.commit()
    with ctx.reader() as uow:
        cover = to_bytes(build_cover_sheet, printdata.cover_doc(uow, item_id, None))
        before = spj.item(uow, item_id).bukti
    _file(ctx, tmp_path, "telat.pdf", T.concat_pdfs([cover, T.tiny_pdf("NOTA TERLAMBAT")]))
    with ctx.reader() as uow:
        after = spj.item(uow, item_id).bukti
        links = uow.session.execute(select(DocumentLink.role).where(
            DocumentLink.record_kind == "spj_item", DocumentLink.record_id == item_id)).scalars().all()
    assert [(b.status, b.document_ids) for b in after] == [(b.status, b.document_ids) for b in before]
    assert links == ["bukti"]
