"""Kode Klasifikasi Arsip: load the shipped tables, find a code by number or words, walk the tree."""

from __future__ import annotations

import csv
import importlib.resources
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, or_, select

from tatausaha.errors import NotFound
from tatausaha.models.klasifikasi import SCHEME_LAMA, SCHEME_PMDN83, Klasifikasi
from tatausaha.services.uow import UnitOfWork

SCHEME_LABELS = {
    SCHEME_PMDN83: "Permendagri 83/2022 (berlaku)",
    SCHEME_LAMA: "Skema lama (sebelum 2022, hanya-baca)",
}


@dataclass(frozen=True)
class KodeInfo:
    scheme: str
    kode: str
    nama: str
    level: int
    parent_kode: str | None
    catatan: str | None = None


def _info(k: Klasifikasi) -> KodeInfo:
    return KodeInfo(k.scheme, k.kode, k.nama_lengkap or k.nama, k.level, k.parent_kode, k.catatan)


def _read_csv(name: str) -> list[dict[str, str]]:
    with importlib.resources.files("tatausaha.data").joinpath(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_tables(uow: UnitOfWork) -> int:
    """(Re)load both shipped tables. Idempotent; returns rows loaded."""
    uow.session.execute(delete(Klasifikasi))
    rows: list[dict[str, object]] = []
    for r in _read_csv("permendagri83_2022_kka_pemda.csv"):
        kode = r["kode"].strip()
        parent = r["parent"].strip() or None
        rows.append(dict(
            scheme=SCHEME_PMDN83, kode=kode, nama=r["nama_sumber"].strip(),
            nama_lengkap=(r["nama_lengkap_kandidat"].strip() or None), level=int(r["level"]),
            parent_kode=parent, catatan=(r["catatan"].strip() or None), read_only=False,
        ))
    seen: set[str] = set()
    for r in _read_csv("klasifikasi_lama_opensid.csv"):
        kode, nama = r["kode"].strip(), r["nama"].strip()
        if not kode or kode in seen or nama in ("", "-"):  # known defects: placeholders, a duplicated 458
            continue
        seen.add(kode)
        parent = kode.rsplit(".", 1)[0] if "." in kode else None
        rows.append(dict(
            scheme=SCHEME_LAMA, kode=kode, nama=nama.title() if nama.isupper() else nama, nama_lengkap=None,
            level=kode.count(".") + 1, parent_kode=parent, catatan=None, read_only=True,
        ))
    uow.session.execute(insert(Klasifikasi), rows)
    return len(rows)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def find(uow: UnitOfWork, query: str, *, scheme: str = SCHEME_PMDN83, limit: int = 50) -> list[KodeInfo]:
    """By number prefix (``000.1``) or by words (all must appear in the name), best first."""
    q = query.strip()
    stmt = select(Klasifikasi).where(Klasifikasi.scheme == scheme)
    if not q:
        stmt = stmt.where(Klasifikasi.level == 1)
    elif q[0].isdigit():
        stmt = stmt.where(or_(Klasifikasi.kode == q, Klasifikasi.kode.like(q.rstrip(".") + "%")))
    else:
        for word in fold(q).split():
            pattern = f"%{word}%"
            stmt = stmt.where(or_(func.lower(Klasifikasi.nama).like(pattern), func.lower(Klasifikasi.nama_lengkap).like(pattern)))
    stmt = stmt.order_by(Klasifikasi.level, Klasifikasi.kode).limit(limit)
    return [_info(k) for k in uow.session.execute(stmt).scalars()]


def get(uow: UnitOfWork, kode: str, *, scheme: str = SCHEME_PMDN83) -> KodeInfo:
    k = uow.session.execute(
        select(Klasifikasi).where(Klasifikasi.scheme == scheme, Klasifikasi.kode == kode.strip())
    ).scalar_one_or_none()
    if k is None:
        raise NotFound(f"Kode klasifikasi {kode} tidak ada dalam {SCHEME_LABELS.get(scheme, scheme)}.")
    return _info(k)


def children(uow: UnitOfWork, parent_kode: str | None, *, scheme: str = SCHEME_PMDN83) -> list[KodeInfo]:
    stmt = select(Klasifikasi).where(Klasifikasi.scheme == scheme)
    stmt = stmt.where(Klasifikasi.parent_kode.is_(None) if parent_kode is None else Klasifikasi.parent_kode == parent_kode)
    return [_info(k) for k in uow.session.execute(stmt.order_by(Klasifikasi.kode)).scalars()]


def path(uow: UnitOfWork, kode: str, *, scheme: str = SCHEME_PMDN83) -> list[KodeInfo]:
    """The code and its ancestors, root first."""
    out: list[KodeInfo] = []
    current: str | None = kode
    while current:
        try:
            info = get(uow, current, scheme=scheme)
        except NotFound:
            break
        out.append(info)
        current = info.parent_kode
    return list(reversed(out))


def in_subtree(kode: str, root: str) -> bool:
    return kode == root or kode.startswith(root + ".")
