"""Surat masuk and surat keluar lists: filters, permission-aware paged queries, counts.

Secret rows are masked in the query (agenda number and date only), never dropped, so the agenda
has no unexplained gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from tatausaha import clock
from tatausaha.correspondence.common import (
    MASKED,
    check_derajat,
    check_kanal,
    check_keamanan,
    keluar_visible_clause,
    masuk_visible_clause,
)
from tatausaha.correspondence.letter_types import KELUAR, MASUK, LetterFilter, LetterRow
from tatausaha.errors import ValidationFailed
from tatausaha.models.correspondence import (
    JenisNaskah,
    SuratKeluar,
    SuratMasuk,
)
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork


def _masuk_query(uow: UnitOfWork, flt: LetterFilter) -> Select[Any]:
    visible = masuk_visible_clause(uow.actor)
    q = select(
        SuratMasuk.id, SuratMasuk.tahun, SuratMasuk.nomor_agenda, SuratMasuk.nomor_surat, SuratMasuk.tanggal_terima,
        SuratMasuk.tanggal_surat, SuratMasuk.pengirim, SuratMasuk.perihal, SuratMasuk.derajat, SuratMasuk.keamanan,
        SuratMasuk.kode_klasifikasi, SuratMasuk.status, SuratMasuk.kanal,
        case((visible, 1), else_=0).label("visible"),
    )
    return _filter_masuk(q, flt, visible)


def _filter_masuk(q: Any, flt: LetterFilter, visible: Any) -> Select[Any]:
    if flt.tahun:
        q = q.where(SuratMasuk.tahun == flt.tahun)
    return _filter_common(
        q, flt, visible, SuratMasuk, tanggal=SuratMasuk.tanggal_terima, pihak=SuratMasuk.pengirim,
        text_cols=(SuratMasuk.perihal, SuratMasuk.nomor_surat, SuratMasuk.pengirim),
    )


def _filter_common(
    q: Any, flt: LetterFilter, visible: Any, model: type[SuratMasuk] | type[SuratKeluar], *, tanggal: Any, pihak: Any,
    text_cols: Sequence[Any],
) -> Any:
    """The filters both directions share; ``tanggal``/``pihak``/``text_cols`` name the direction's columns."""
    if flt.date_from:
        q = q.where(tanggal >= flt.date_from)
    if flt.date_to:
        q = q.where(tanggal <= flt.date_to)
    if flt.keamanan:
        q = q.where(model.keamanan == check_keamanan(flt.keamanan))
    if flt.derajat:
        q = q.where(model.derajat == check_derajat(flt.derajat))
    if flt.status:
        q = q.where(model.status == flt.status)
    elif not flt.include_batal:
        q = q.where(model.status != "batal")
    if flt.kanal:
        q = q.where(model.kanal == check_kanal(flt.kanal))
    if flt.kode_prefix:
        p = flt.kode_prefix.strip().rstrip(".")
        q = q.where(or_(model.kode_klasifikasi == p, model.kode_klasifikasi.like(p + ".%")))
    if flt.instansi_id:
        q = q.where(model.instansi_id == flt.instansi_id)
    # text filters look only into letters the actor may see (no probing of secret contents)
    if flt.pihak:
        q = q.where(visible, pihak.ilike(f"%{flt.pihak.strip()}%"))
    if flt.text:
        like = f"%{flt.text.strip()}%"
        q = q.where(visible, or_(*(c.ilike(like) for c in text_cols)))
    return q


SORT_MASUK = {
    "agenda": (SuratMasuk.tahun, SuratMasuk.nomor_agenda),
    "tanggal": (SuratMasuk.tanggal_terima, SuratMasuk.id),
    "tanggal_surat": (SuratMasuk.tanggal_surat, SuratMasuk.id),
    "nomor": (SuratMasuk.nomor_surat, SuratMasuk.id),
    "pihak": (SuratMasuk.pengirim, SuratMasuk.id),
    "perihal": (SuratMasuk.perihal, SuratMasuk.id),
    "derajat": (SuratMasuk.derajat, SuratMasuk.id),
    "status": (SuratMasuk.status, SuratMasuk.id),
}


def _order(cols: Sequence[Any], descending: bool) -> list[Any]:
    return [c.desc() if descending else c.asc() for c in cols]


def _row_masuk(r: Any) -> LetterRow:
    masked = not r.visible
    return LetterRow(
        r.id, MASUK, r.tahun, r.nomor_agenda, "" if masked else r.nomor_surat, r.tanggal_terima,
        None if masked else r.tanggal_surat, MASKED if masked else r.pengirim, MASKED if masked else r.perihal,
        r.derajat, r.keamanan, "" if masked else r.kode_klasifikasi, r.status, r.kanal, masked,
    )


def _page(
    uow: UnitOfWork, query: Any, row: Any, sorts: dict[str, Any], flt: LetterFilter, sort: str, descending: bool,
    offset: int, limit: int | None,
) -> list[LetterRow]:
    """One sorted page of ``query(uow, flt)``, each result made a LetterRow by ``row``."""
    uow.require(Permission.READ)
    cols = sorts.get(sort)
    if cols is None:
        raise ValidationFailed(f"Urutan '{sort}' tidak dikenal ({', '.join(sorts)}).")
    q = query(uow, flt).order_by(*_order(cols, descending)).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return [row(r) for r in uow.session.execute(q)]


def _count(uow: UnitOfWork, flt: LetterFilter, model: Any, filter_: Any, visible_clause: Any) -> int:
    uow.require(Permission.READ)
    q = filter_(select(func.count(model.id)), flt, visible_clause(uow.actor))
    return int(uow.session.execute(q).scalar_one())


def count_masuk(uow: UnitOfWork, flt: LetterFilter = LetterFilter()) -> int:
    return _count(uow, flt, SuratMasuk, _filter_masuk, masuk_visible_clause)


def list_masuk(
    uow: UnitOfWork, flt: LetterFilter = LetterFilter(), *, sort: str = "tanggal", descending: bool = True,
    offset: int = 0, limit: int | None = 200,
) -> list[LetterRow]:
    """One page of the surat masuk list (the lazy UI model asks page by page)."""
    return _page(uow, _masuk_query, _row_masuk, SORT_MASUK, flt, sort, descending, offset, limit)


def _keluar_query(uow: UnitOfWork, flt: LetterFilter) -> Select[Any]:
    visible = keluar_visible_clause(uow.actor)
    q = select(
        SuratKeluar.id, SuratKeluar.tahun, SuratKeluar.nomor_agenda, SuratKeluar.nomor, SuratKeluar.tanggal_surat,
        SuratKeluar.tujuan, SuratKeluar.hal, SuratKeluar.derajat, SuratKeluar.keamanan, SuratKeluar.kode_klasifikasi,
        SuratKeluar.status, SuratKeluar.kanal, case((visible, 1), else_=0).label("visible"), SuratKeluar.tahap,
    )
    return _filter_keluar(q, flt, visible)


def _filter_keluar(q: Any, flt: LetterFilter, visible: Any) -> Select[Any]:
    if flt.tahun:
        t = flt.tahun
        q = q.where(or_(
            SuratKeluar.tahun == t,
            and_(SuratKeluar.tahun.is_(None), SuratKeluar.tanggal_surat >= dt.date(t, 1, 1),
                 SuratKeluar.tanggal_surat < dt.date(t + 1, 1, 1)),
            and_(SuratKeluar.tahun.is_(None), SuratKeluar.tanggal_surat.is_(None),
                 SuratKeluar.created_at >= clock.office_to_utc(dt.datetime(t, 1, 1)),
                 SuratKeluar.created_at < clock.office_to_utc(dt.datetime(t + 1, 1, 1))),
        ))
    if flt.jenis:
        q = q.where(SuratKeluar.jenis_id.in_(select(JenisNaskah.id).where(JenisNaskah.kode == flt.jenis.upper())))
    return _filter_common(
        q, flt, visible, SuratKeluar, tanggal=SuratKeluar.tanggal_surat, pihak=SuratKeluar.tujuan,
        text_cols=(SuratKeluar.hal, SuratKeluar.nomor, SuratKeluar.tujuan),
    )


SORT_KELUAR = {
    "agenda": (SuratKeluar.tahun, SuratKeluar.nomor_agenda, SuratKeluar.id),
    "tanggal": (SuratKeluar.tanggal_surat, SuratKeluar.id),
    "tanggal_surat": (SuratKeluar.tanggal_surat, SuratKeluar.id),
    "nomor": (SuratKeluar.nomor, SuratKeluar.id),
    "pihak": (SuratKeluar.tujuan, SuratKeluar.id),
    "perihal": (SuratKeluar.hal, SuratKeluar.id),
    "derajat": (SuratKeluar.derajat, SuratKeluar.id),
    "status": (SuratKeluar.status, SuratKeluar.id),
}


def _row_keluar(r: Any) -> LetterRow:
    masked = not r.visible
    tujuan = (r.tujuan or "").replace("\n", "; ")
    return LetterRow(
        r.id, KELUAR, r.tahun, r.nomor_agenda, r.nomor, r.tanggal_surat, r.tanggal_surat,
        MASKED if masked else tujuan, MASKED if masked else r.hal, r.derajat, r.keamanan,
        "" if masked else r.kode_klasifikasi, r.status, r.kanal, masked, r.tahap,
    )


def count_keluar(uow: UnitOfWork, flt: LetterFilter = LetterFilter()) -> int:
    return _count(uow, flt, SuratKeluar, _filter_keluar, keluar_visible_clause)


def list_keluar(
    uow: UnitOfWork, flt: LetterFilter = LetterFilter(), *, sort: str = "tanggal", descending: bool = True,
    offset: int = 0, limit: int | None = 200,
) -> list[LetterRow]:
    return _page(uow, _keluar_query, _row_keluar, SORT_KELUAR, flt, sort, descending, offset, limit)


def list_letters(uow: UnitOfWork, *, tahun: int | None = None, limit: int | None = None) -> list[LetterRow]:
    """Both directions, oldest first (the CLI's ``letters list``)."""
    flt = LetterFilter(tahun=tahun)
    rows = list_masuk(uow, flt, sort="tanggal", descending=False, limit=limit) + list_keluar(
        uow, flt, sort="tanggal", descending=False, limit=limit
    )
    rows.sort(key=lambda r: (r.tanggal or dt.date.max, r.arah, r.nomor_agenda or 0, r.id))
    return rows[:limit] if limit else rows


