"""Feeding the search index with employees, in the same transaction as the staff data.

An employee is found by name, NIP, jabatan and unit — but only by those who may see personal data:
the entry is *restricted* (keamanan ``rahasia``) with the pengelola kepegawaian accounts as its
chain, so ``Permission.SEE_SECRET`` holders (pimpinan, admin — the same roles that hold
``Permission.PERSONAL``) and the pengelola find it, nobody else (``tatausaha.staff.access``).
Documents filed on an employee (SK scans) inherit that restriction through the visibility rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tatausaha.models.account import User
from tatausaha.models.setting import AppSetting
from tatausaha.models.staff import Pegawai
from tatausaha.search import index as _index
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import ident
from tatausaha.staff.access import PENGELOLA_KEY
from tatausaha.staff.kinds import PEGAWAI

KEAMANAN = "rahasia"


def _chain(session: Session) -> frozenset[int]:
    value = session.execute(select(AppSetting.value).where(AppSetting.key == PENGELOLA_KEY)).scalar_one_or_none()
    names = [u.strip() for u in (value or "").split(",") if u.strip()]
    if not names:
        return frozenset()
    return frozenset(session.execute(select(User.id).where(User.username.in_(names))).scalars())


def _records(session: Session, ids: list[int] | None = None) -> Iterator[_index.SearchRecord]:
    chain = _chain(session)
    q = select(Pegawai).order_by(Pegawai.id)
    if ids is not None:
        q = q.where(Pegawai.id.in_(ids))
    for p in session.execute(q).scalars():
        name = " ".join(x for x in (p.gelar_depan, p.nama, p.gelar_belakang) if x)
        nip = p.nip_baru or ""
        yield _index.SearchRecord(
            kind=PEGAWAI, ref_id=p.id, title=name,
            body="\n".join(x for x in (p.jabatan_nama, p.unor_nama, p.pendidikan_nama, p.keterangan) if x),
            nomor=" ".join(x for x in (nip, ident.format_nip(nip), p.nip_lama) if x),
            jenis="pegawai", status=p.kedudukan, keamanan=KEAMANAN,
            pegawai=" ".join(x for x in (name, nip) if x), allowed_user_ids=chain,
        )


def index_employee(uow: UnitOfWork, employee_id: int) -> None:
    uow.session.flush()
    for rec in _records(uow.session, [employee_id]):
        _index.index_record(uow.session, rec)


def index_all(uow: UnitOfWork) -> int:
    uow.session.flush()
    return _index.index_records(uow.session, list(_records(uow.session)))


SOURCES: tuple[_index.SearchSource, ...] = (
    _index.SearchSource(
        name=PEGAWAI,
        iter_records=lambda session: _records(session),
        count=lambda session: session.execute(select(func.count(Pegawai.id))).scalar_one(),
    ),
)
