"""Feeding the search index with SPJ items, in the same transaction as the items.

An item is found by its uraian (title), payee and supplier (``dari``), its SPJ / TBP / NPD numbers
and rekening code (``nomor``, any fragment matches), its sub-kegiatan code (``kode:7.01.01`` finds
the subtree), the amount written both ways (``5000000`` and ``Rp5.000.000``), its evidence
documents' names and numbers, and ``jenis:spj``. Amount *ranges* are the item list's filter
(``ItemFilter.jumlah_min/jumlah_max``, ``tatausaha spj list --min/--max``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tatausaha.models.spj import SpjBukti, SpjItem, SpjJenisBelanja, SpjRekening, SpjSubKegiatan, SpjSupplier
from tatausaha.search import index as _index

SPJ_ITEM = "spj_item"


def rupiah(amount: int) -> str:
    """``Rp5.000.000`` (PUEBI: no space, dots between thousands)."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def _records(session: Session, ids: list[int] | None = None) -> Iterator[Any]:
    jenis = dict(session.execute(select(SpjJenisBelanja.kode, SpjJenisBelanja.nama)).all())
    q = (select(SpjItem, SpjSubKegiatan, SpjRekening, SpjSupplier)
         .join(SpjSubKegiatan, SpjSubKegiatan.id == SpjItem.sub_kegiatan_id)
         .join(SpjRekening, SpjRekening.id == SpjItem.rekening_id)
         .outerjoin(SpjSupplier, SpjSupplier.id == SpjItem.supplier_id)
         .order_by(SpjItem.id))
    if ids is not None:
        q = q.where(SpjItem.id.in_(ids))
    batch: list[tuple[SpjItem, SpjSubKegiatan, SpjRekening, SpjSupplier | None]] = []

    def flush(rows: list[tuple[SpjItem, SpjSubKegiatan, SpjRekening, SpjSupplier | None]]) -> Iterator[Any]:
        docs: dict[int, list[str]] = {}
        for item_id, nama, nomor, penerbit in session.execute(
            select(SpjBukti.item_id, SpjBukti.nama, SpjBukti.nomor_dokumen, SpjBukti.penerbit_nama)
            .where(SpjBukti.item_id.in_([r[0].id for r in rows]))
        ):
            docs.setdefault(item_id, []).append(" ".join(x for x in (nama, nomor, penerbit) if x))
        for i, sk, rek, sup in rows:
            payee = i.penerima_nama or (sup.nama if sup else "")
            body = "\n".join(x for x in (
                f"{sk.kode} {sk.nama}", f"{rek.kode} {rek.nama}", f"{i.jumlah} {rupiah(i.jumlah)}",
                f"{sup.nama} {sup.npwp} {sup.alamat}" if sup else "", i.penerima_nip, i.penerima_npwp, i.catatan,
                *docs.get(i.id, []),
            ) if x)
            yield _index.SearchRecord(
                kind=SPJ_ITEM, ref_id=i.id, title=i.uraian, body=body,
                nomor=" ".join(x for x in (i.nomor, i.no_tbp, i.no_npd, rek.kode) if x),
                dari=" ".join(x for x in (payee, sup.nama if sup and sup.nama != payee else "") if x),
                kode=sk.kode, tanggal=i.tanggal, jenis=jenis.get(i.jenis_belanja, i.jenis_belanja),
                status=i.status,
            )

    for row in session.execute(q):
        batch.append(row)
        if len(batch) >= 500:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def index_items(session: Session, ids: list[int]) -> None:
    """(Re)index these items now (inside the caller's transaction)."""
    if not ids:
        return
    session.flush()
    _index.index_records(session, _records(session, ids))


def remove(session: Session, item_id: int) -> None:
    _index.remove_record(session, SPJ_ITEM, item_id)


#: How ``reindex`` walks every SPJ item (declared in ``spj/area.py``).
SOURCES: tuple[_index.SearchSource, ...] = (
    _index.SearchSource(name=SPJ_ITEM, iter_records=lambda session: _records(session),
                        count=lambda session: session.execute(select(func.count(SpjItem.id))).scalar_one()),
)
