"""The sender/addressee directory: instansi with aliases, lookup and autocomplete.

Every spelling a clerk has typed for the same office ("Disdukcapil", "Dinas Kependudukan dan
Pencatatan Sipil Kota Bekasi") resolves to one instansi, so registers and searches group them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from tatausaha.changes import Changes
from tatausaha.correspondence.common import fold
from tatausaha.errors import Conflict, NotFound, ValidationFailed
from tatausaha.models.correspondence import Instansi, InstansiAlias, SuratKeluar, SuratMasuk
from tatausaha.services import audit
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork


@dataclass(frozen=True)
class InstansiInfo:
    id: int
    nama: str
    singkatan: str
    jenis: str
    alamat: str
    kota: str
    aliases: tuple[str, ...] = ()


def _info(session: Session, i: Instansi, *, with_aliases: bool = True) -> InstansiInfo:
    aliases: tuple[str, ...] = ()
    if with_aliases:
        aliases = tuple(
            session.execute(
                select(InstansiAlias.alias).where(InstansiAlias.instansi_id == i.id).order_by(InstansiAlias.alias)
            ).scalars()
        )
    return InstansiInfo(i.id, i.nama, i.singkatan, i.jenis, i.alamat, i.kota, aliases)


def lookup(session: Session, name: str) -> Instansi | None:
    """Exact match on the folded name, an alias or the abbreviation; None when unknown."""
    key = fold(name)
    if not key:
        return None
    row = session.execute(select(Instansi).where(Instansi.nama_norm == key)).scalars().first()
    if row is not None:
        return row
    alias = session.execute(select(InstansiAlias.instansi_id).where(InstansiAlias.alias_norm == key)).scalar()
    if alias is not None:
        return session.get(Instansi, alias)
    return session.execute(select(Instansi).where(Instansi.singkatan != "", Instansi.singkatan == name.strip())).scalars().first()


def get_or_create(session: Session, name: str, *, jenis: str = "") -> Instansi | None:
    """The instansi called ``name`` (by name, alias or abbreviation), created if new. Empty name → None."""
    name = " ".join(name.split())
    if not name:
        return None
    row = lookup(session, name)
    if row is None:
        row = Instansi(nama=name[:300], nama_norm=fold(name)[:300], jenis=jenis)
        session.add(row)
        session.flush()
    return row


def find(uow: UnitOfWork, text: str, *, limit: int = 15) -> list[InstansiInfo]:
    """Autocomplete: names, aliases and abbreviations that start with (then contain) ``text``."""
    uow.require(Permission.READ)
    key = fold(text)
    s = uow.session
    if not key:
        first = s.execute(select(Instansi).where(Instansi.active.is_(True)).order_by(Instansi.nama).limit(limit)).scalars()
        return [_info(s, r, with_aliases=False) for r in first]
    like_any = f"%{key}%"
    alias_ids = select(InstansiAlias.instansi_id).where(InstansiAlias.alias_norm.like(like_any))
    q = (
        select(Instansi)
        .where(
            Instansi.active.is_(True),
            or_(Instansi.nama_norm.like(like_any), Instansi.id.in_(alias_ids), Instansi.singkatan.ilike(f"{text.strip()}%")),
        )
        .limit(limit * 4)
    )
    rows = list(s.execute(q).scalars())

    def rank(r: Instansi) -> tuple[int, str]:
        if r.nama_norm.startswith(key) or fold(r.singkatan).startswith(key):
            return (0, r.nama)
        if any(w.startswith(key) for w in r.nama_norm.split()):
            return (1, r.nama)
        return (2, r.nama)

    rows.sort(key=rank)
    return [_info(s, r) for r in rows[:limit]]


def list_all(uow: UnitOfWork) -> list[InstansiInfo]:
    uow.require(Permission.READ)
    return [_info(uow.session, r) for r in uow.session.execute(select(Instansi).order_by(Instansi.nama)).scalars()]


def get(uow: UnitOfWork, instansi_id: int) -> InstansiInfo:
    uow.require(Permission.READ)
    row = uow.session.get(Instansi, instansi_id)
    if row is None:
        raise NotFound(f"Instansi {instansi_id} tidak ditemukan.")
    return _info(uow.session, row)


def save(
    uow: UnitOfWork, *, nama: str, singkatan: str = "", jenis: str = "", alamat: str = "", kota: str = "",
    instansi_id: int | None = None,
) -> InstansiInfo:
    uow.require(Permission.WRITE)
    nama = " ".join(nama.split())
    if not nama:
        raise ValidationFailed("Nama instansi wajib diisi.", field="nama")
    s = uow.session
    clash = lookup(s, nama)
    if clash is not None and clash.id != instansi_id:
        raise Conflict(f"Instansi '{nama}' sudah ada di direktori (sebagai {clash.nama}).")
    if instansi_id:
        row = s.get(Instansi, instansi_id)
        if row is None:
            raise NotFound(f"Instansi {instansi_id} tidak ditemukan.")
    else:
        row = Instansi(nama=nama, nama_norm=fold(nama))
        s.add(row)
    row.nama, row.nama_norm = nama, fold(nama)
    row.singkatan, row.jenis, row.alamat, row.kota = singkatan.strip(), jenis.strip(), alamat.strip(), kota.strip()
    s.flush()
    return _info(s, row)


def add_alias(uow: UnitOfWork, instansi_id: int, alias: str) -> Changes:
    uow.require(Permission.WRITE)
    alias = " ".join(alias.split())
    key = fold(alias)
    if not key:
        raise ValidationFailed("Alias tidak boleh kosong.", field="alias")
    s = uow.session
    if s.get(Instansi, instansi_id) is None:
        raise NotFound(f"Instansi {instansi_id} tidak ditemukan.")
    other = lookup(s, alias)
    if other is not None:
        if other.id == instansi_id:
            return Changes()
        raise Conflict(f"'{alias}' sudah dipakai untuk instansi {other.nama}.")
    s.add(InstansiAlias(instansi_id=instansi_id, alias=alias, alias_norm=key))
    s.flush()
    return Changes.of("instansi", instansi_id)


def merge(uow: UnitOfWork, keep_id: int, drop_id: int) -> Changes:
    """Two entries are one office: move letters and aliases to ``keep``; the dropped name becomes an alias."""
    uow.require(Permission.WRITE)
    s = uow.session
    keep, drop = s.get(Instansi, keep_id), s.get(Instansi, drop_id)
    if keep is None or drop is None or keep_id == drop_id:
        raise NotFound("Instansi yang akan digabung tidak ditemukan.")
    moved = {m: list(s.execute(select(m.id).where(m.instansi_id == drop_id)).scalars()) for m in (SuratMasuk, SuratKeluar)}
    s.execute(update(SuratMasuk).where(SuratMasuk.instansi_id == drop_id).values(instansi_id=keep_id))
    s.execute(update(SuratKeluar).where(SuratKeluar.instansi_id == drop_id).values(instansi_id=keep_id))
    for m, ids in moved.items():  # set-based updates go on the trail like any other change
        audit.record_rows(s, m, m.id.in_(ids), "update")
    for a in s.execute(select(InstansiAlias).where(InstansiAlias.instansi_id == drop_id)).scalars():
        a.instansi_id = keep_id
    name, key = drop.nama, drop.nama_norm
    s.delete(drop)
    s.flush()
    if key != keep.nama_norm and lookup(s, name) is None:
        s.add(InstansiAlias(instansi_id=keep_id, alias=name, alias_norm=key))
    s.flush()
    return Changes.of("instansi", keep_id, drop_id)
