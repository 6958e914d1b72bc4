"""The SPJ area: declared so the shell shows its page as "belum tersedia" and the names are
settled — one record kind ``spj_item`` (a piece of evidence: kwitansi, nota, faktur); a printed
kwitansi carries the QR kind ``kwitansi`` and lands on its SPJ item. It will read staff's golongan."""

from __future__ import annotations

from tatausaha.registry import Area, RecordKind

SPJ_ITEM = "spj_item"
KWITANSI = "kwitansi"  # the QR kind printed on a kwitansi
SAMPUL = "spj_sampul"  # the QR kind printed on an item's checklist cover sheet (evidence behind it)

AREA = Area(
    name="spj",
    label="SPJ",
    kinds=(RecordKind(SPJ_ITEM, "Bukti SPJ", None, qr_aliases=(KWITANSI,), scan_role="kwitansi",
                      cover_aliases=(SAMPUL,), cover_role="bukti",
                      search_aliases=("spj", "kwitansi")),),
    ui_module="tatausaha.ui.spj.area",
    reads=("staff",),
    built=False,
)
