"""The SPJ area: one record kind ``spj_item`` (one payment with its evidence). A printed kwitansi
carries the QR kind ``kwitansi`` and lands on its item; the item's checklist cover sheet carries the
cover QR kind ``spj_sampul``, so the receipts scanned behind it file themselves onto the item's
evidence (``tatausaha.spj.scans``). Its search source, demo filler and ``tatausaha spj`` commands are
declared here. It reads staff's golongan (``spj/golongan.py``)."""

from __future__ import annotations

from typing import Any

from tatausaha.models.spj import SpjItem
from tatausaha.registry import Area, RecordKind, RecordLabel
from tatausaha.spj import bundle, searchhook

SPJ_ITEM = "spj_item"
KWITANSI = "kwitansi"  # the QR kind printed on a kwitansi
SAMPUL = "spj_sampul"  # the QR kind printed on an item's checklist cover sheet (evidence behind it)


def _describe(uow: Any, item_id: int) -> RecordLabel | None:
    it = uow.session.get(SpjItem, item_id)
    if it is None:
        return None
    return RecordLabel(SPJ_ITEM, item_id, "Item SPJ", nomor=it.nomor or "", perihal=it.uraian or "")


def _find_by_number(uow: Any, text: str) -> list[int]:
    from tatausaha.spj import service

    return service.find_by_number(uow, text)


def _attach_scan(uow: Any, item_id: int, document_id: int, role: str, note: str | None) -> Any:
    from tatausaha.spj import scans

    return scans.attach_scan(uow, item_id, document_id, role, note)


def _demo(ctx: Any, uow: Any, rng: Any) -> object:
    from tatausaha.spj.demo import demo_fill

    return demo_fill(ctx, uow, rng)


AREA = Area(
    name="spj",
    label="SPJ",
    kinds=(RecordKind(SPJ_ITEM, "Item SPJ", SpjItem, qr_aliases=(KWITANSI,), scan_role="kwitansi",
                      cover_aliases=(SAMPUL,), cover_role="bukti", describe=_describe,
                      find_by_number=_find_by_number, attach_scan=_attach_scan,
                      search_aliases=("spj", "kwitansi")),),
    search_sources=searchhook.SOURCES,
    demo=_demo,
    ui_module="tatausaha.ui.spj.area",
    bundle_exporter=bundle.EXPORTER,  # items with evidence in checklist order (tatausaha/spj/bundle.py)
    cli_module="tatausaha.cli.spj_cmd",
    audit_labels={
        "spj_tahun": "Tahun anggaran", "spj_program": "Program", "spj_kegiatan": "Kegiatan",
        "spj_sub_kegiatan": "Sub kegiatan", "spj_rekening": "Kode rekening", "spj_pagu": "Pagu anggaran",
        "spj_jenis_belanja": "Jenis belanja", "spj_supplier": "Penyedia", "spj_item_versi": "Versi item SPJ",
        "spj_pajak": "Pajak SPJ", "spj_aturan_pajak": "Aturan pajak", "spj_aturan_bukti": "Aturan kelengkapan SPJ",
        "spj_aturan_meterai": "Aturan bea meterai",
        "spj_bukti": "Bukti SPJ", "spj_bukti_berkas": "Berkas bukti SPJ", "spj_pelaksana": "Pelaksana perjalanan dinas",
    },
    reads=("staff",),
)
