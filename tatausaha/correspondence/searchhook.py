"""Feeding the search index (``tatausaha.search.index``) in the same transaction as the letters.

Kinds: ``surat_masuk``, ``surat_keluar``, ``disposisi``. A rahasia letter's record carries its
ACL: the clerk who registered it and everyone in its disposition chain (users, the users of the
officials, the units); SEE_SECRET holders see it anyway.

The area's ``SOURCES`` (how ``reindex`` walks every row) are declared in ``correspondence/area.py``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tatausaha import clock
from tatausaha.models.account import User
from tatausaha.models.correspondence import Disposisi, JenisNaskah, SuratKeluar, SuratMasuk
from tatausaha.models.office import OfficeProfile, Official, PenugasanPejabat, Unit
from tatausaha.search import index as _index

KINDS = ("surat_masuk", "surat_keluar", "disposisi")


def _search() -> ModuleType | None:
    """The search index module (kept as a function: the indexing code below reads it per call)."""
    return _index


def _chain(session: Session, masuk_ids: list[int]) -> dict[int, tuple[set[int], set[int]]]:
    """Per letter: (user ids, unit ids) of everyone in its disposition chain plus its clerk."""
    out: dict[int, tuple[set[int], set[int]]] = {i: (set(), set()) for i in masuk_ids}
    if not masuk_ids:
        return out
    for sid, cb in session.execute(select(SuratMasuk.id, SuratMasuk.created_by).where(SuratMasuk.id.in_(masuk_ids))):
        if cb:
            out[sid][0].add(cb)
    officials: dict[int, set[int]] = {}
    rows = session.execute(
        select(Disposisi.surat_masuk_id, Disposisi.dari_user_id, Disposisi.kepada_user_id, Disposisi.dari_official_id,
               Disposisi.kepada_official_id, Disposisi.kepada_unit_id).where(Disposisi.surat_masuk_id.in_(masuk_ids))
    ).all()
    for sid, du, ku, do, ko, kun in rows:
        users, units = out[sid]
        users.update(x for x in (du, ku) if x)
        if kun:
            units.add(kun)
        for o in (do, ko):
            if o:
                officials.setdefault(o, set()).add(sid)
    if officials:
        for uid, oid in session.execute(select(User.id, User.official_id).where(User.official_id.in_(officials))):
            for sid in officials.get(oid or 0, ()):
                out[sid][0].add(uid)
        # accounts acting for a post (Plt./Plh.) are in its chain too
        for uid, oid in session.execute(select(PenugasanPejabat.user_id, PenugasanPejabat.official_id).where(
                PenugasanPejabat.official_id.in_(officials), PenugasanPejabat.active.is_(True))):
            for sid in officials.get(oid, ()):
                out[sid][0].add(uid)
    return out


def _masuk_records(session: Session, ids: list[int] | None = None) -> Iterator[Any]:
    s = _search()
    if s is None:
        return
    q = select(SuratMasuk).order_by(SuratMasuk.id)
    if ids is not None:
        q = q.where(SuratMasuk.id.in_(ids))
    batch: list[SuratMasuk] = []

    def flush(batch: list[SuratMasuk]) -> Iterator[Any]:
        secret = [m.id for m in batch if m.keamanan != "biasa"]
        chains = _chain(session, secret)
        for m in batch:
            users, units = chains.get(m.id, (set(), set()))
            yield s.SearchRecord(
                kind="surat_masuk", ref_id=m.id, title=m.perihal or "(tanpa perihal)",
                body="\n".join(x for x in (m.ringkasan, m.keterangan, m.srikandi_ref) if x),
                nomor=" ".join(x for x in (m.nomor_surat, f"{m.nomor_agenda}/{m.tahun}") if x), dari=m.pengirim,
                kepada=m.ditujukan, kode=m.kode_klasifikasi, tanggal=m.tanggal_terima, sifat=m.derajat,
                keamanan=m.keamanan, jenis="surat masuk", status=m.status,
                allowed_user_ids=frozenset(users), allowed_unit_ids=frozenset(units),
            )

    for m in session.execute(q).scalars():
        batch.append(m)
        if len(batch) >= 500:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def _names(session: Session) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    users = dict(session.execute(select(User.id, User.full_name)).all())
    officials = {i: f"{j} ({n})" for i, n, j in session.execute(select(Official.id, Official.nama, Official.jabatan))}
    units = dict(session.execute(select(Unit.id, Unit.nama)).all())
    return users, officials, units


def _disposisi_records(session: Session, ids: list[int] | None = None) -> Iterator[Any]:
    s = _search()
    if s is None:
        return
    users, officials, units = _names(session)
    q = select(Disposisi, SuratMasuk).join(SuratMasuk, SuratMasuk.id == Disposisi.surat_masuk_id).order_by(Disposisi.id)
    if ids is not None:
        q = q.where(Disposisi.id.in_(ids))
    rows = session.execute(q).all()
    chains = _chain(session, sorted({m.id for _d, m in rows if m.keamanan != "biasa"}))
    for d, m in rows:
        dari = officials.get(d.dari_official_id or 0) or users.get(d.dari_user_id or 0, "")
        kepada = (officials.get(d.kepada_official_id or 0) or users.get(d.kepada_user_id or 0)
                  or units.get(d.kepada_unit_id or 0, ""))
        u, un = chains.get(m.id, (set(), set()))
        yield s.SearchRecord(
            kind="disposisi", ref_id=d.id, title=f"Disposisi: {m.perihal}",
            body="\n".join([", ".join(d.instruksi or []), d.catatan, d.tindak_lanjut]),
            nomor=m.nomor_surat, dari=dari, kepada=kepada, kode=m.kode_klasifikasi, tanggal=clock.office_date(d.tanggal),
            sifat=d.derajat, keamanan=m.keamanan, jenis="disposisi", status=d.status,
            allowed_user_ids=frozenset(u), allowed_unit_ids=frozenset(un),
        )


def _keluar_records(session: Session, ids: list[int] | None = None) -> Iterator[Any]:
    s = _search()
    if s is None:
        return
    office = session.get(OfficeProfile, 1)
    dari = office.nama_kantor.title() if office else ""
    jenis = dict(session.execute(select(JenisNaskah.id, JenisNaskah.nama)).all())
    q = select(SuratKeluar).order_by(SuratKeluar.id)
    if ids is not None:
        q = q.where(SuratKeluar.id.in_(ids))
    for k in session.execute(q).scalars():
        users: set[int] = {k.created_by} if k.created_by else set()
        if k.penandatangan_id and k.keamanan != "biasa":
            users.update(session.execute(select(User.id).where(User.official_id == k.penandatangan_id)).scalars())
        yield s.SearchRecord(
            kind="surat_keluar", ref_id=k.id, title=k.hal or "(tanpa hal)", body=k.isi, nomor=k.nomor, dari=dari,
            kepada=k.tujuan.replace("\n", "; "), kode=k.kode_klasifikasi,
            tanggal=k.tanggal_surat or clock.office_date(k.created_at), sifat=k.derajat, keamanan=k.keamanan,
            jenis=jenis.get(k.jenis_id, ""), status=k.status, allowed_user_ids=frozenset(users),
        )


def _put(session: Session, records: Iterable[Any]) -> None:
    s = _search()
    if s is None:
        return
    s.index_records(session, records)


# -------------------------------------------------------------------- called by the services

_DEFER = "tatausaha_corr_index_deferred"


@contextlib.contextmanager
def deferred(session: Session) -> Iterator[None]:
    """Collect index updates and write them once, in batches, at the end (demo, bulk work)."""
    if _DEFER in session.info:
        yield
        return
    pending: dict[str, set[int]] = {"surat_masuk": set(), "disposisi": set(), "surat_keluar": set()}
    session.info[_DEFER] = pending
    try:
        yield
    finally:
        session.info.pop(_DEFER, None)
    if _search() is None:
        return
    session.flush()
    for kind, fn in (("surat_masuk", _masuk_records), ("disposisi", _disposisi_records),
                     ("surat_keluar", _keluar_records)):
        ids = sorted(pending[kind])
        for i in range(0, len(ids), 500):
            _put(session, fn(session, ids[i:i + 500]))


def _defer(session: Session, kind: str, ids: Iterable[int]) -> bool:
    pending = session.info.get(_DEFER)
    if pending is None:
        return False
    pending[kind].update(ids)
    return True



def index_masuk(session: Session, masuk_id: int, *, with_disposisi: bool = False) -> None:
    """(Re)index a letter; ``with_disposisi`` also its dispositions (their ACL follows the letter's chain)."""
    if _search() is None:
        return
    if with_disposisi:
        ids = list(session.execute(select(Disposisi.id).where(Disposisi.surat_masuk_id == masuk_id)).scalars())
        if _defer(session, "surat_masuk", [masuk_id]):
            _defer(session, "disposisi", ids)
            return
    elif _defer(session, "surat_masuk", [masuk_id]):
        return
    session.flush()
    _put(session, _masuk_records(session, [masuk_id]))
    if with_disposisi:
        ids = list(session.execute(select(Disposisi.id).where(Disposisi.surat_masuk_id == masuk_id)).scalars())
        if ids:
            _put(session, _disposisi_records(session, ids))


def index_masuk_many(session: Session, ids: list[int]) -> None:
    if _search() is None or not ids or _defer(session, "surat_masuk", ids):
        return
    session.flush()
    _put(session, _masuk_records(session, ids))


def index_disposisi(session: Session, disposisi_ids: list[int]) -> None:
    if _search() is None or not disposisi_ids or _defer(session, "disposisi", disposisi_ids):
        return
    session.flush()
    _put(session, _disposisi_records(session, disposisi_ids))


def index_keluar(session: Session, keluar_id: int) -> None:
    if _search() is None or _defer(session, "surat_keluar", [keluar_id]):
        return
    session.flush()
    _put(session, _keluar_records(session, [keluar_id]))


def remove(session: Session, kind: str, ref_id: int) -> None:
    s = _search()
    if s is None:
        return
    s.remove_record(session, kind, ref_id)


def _source(kind: str, fn: Any, model: Any) -> _index.SearchSource:
    return _index.SearchSource(
        name=kind,
        iter_records=lambda session: fn(session),
        count=lambda session: session.execute(select(func.count(model.id))).scalar_one(),
    )


#: How ``reindex`` walks every letter and disposition (declared in ``correspondence/area.py``).
SOURCES: tuple[_index.SearchSource, ...] = (
    _source("surat_masuk", _masuk_records, SuratMasuk),
    _source("surat_keluar", _keluar_records, SuratKeluar),
    _source("disposisi", _disposisi_records, Disposisi),
)

__all__ = ["KINDS", "SOURCES", "deferred", "index_disposisi", "index_keluar", "index_masuk", "index_masuk_many", "remove"]
