"""Staff's registry entry for the auditor's bundles (``Area.bundle_exporter``): an employee's file.

Scope: one employee. Reading order: the employee (files attached to the file itself), then the
riwayat with their SK scans — pangkat, jabatan, pendidikan, KGB, diklat, cuti, hukuman disiplin,
kontrak — each oldest first. A riwayat row with an SK number and no scan is named as missing
evidence. Personal data follows the area's own rule: only those who may open employees' personal
data (``staff.access``) can bundle an employee's file; anyone else is refused in Indonesian.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from tatausaha.bundles.types import BundleFile, BundleItem, Exporter, Scope, ScopeKind, ScopeParam
from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.staff import (
    Pegawai,
    RiwayatCuti,
    RiwayatDiklat,
    RiwayatHukdis,
    RiwayatJabatan,
    RiwayatKgb,
    RiwayatKontrak,
    RiwayatPangkat,
    RiwayatPendidikan,
)
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import access
from tatausaha.staff.kinds import PEGAWAI

#: (model, label, the column that dates a row) in reading order
RIWAYAT: tuple[tuple[Any, str], ...] = (
    (RiwayatPangkat, "Riwayat pangkat"), (RiwayatJabatan, "Riwayat jabatan"),
    (RiwayatPendidikan, "Riwayat pendidikan"), (RiwayatKgb, "Riwayat KGB"), (RiwayatDiklat, "Riwayat diklat"),
    (RiwayatCuti, "Riwayat cuti"), (RiwayatHukdis, "Riwayat hukuman disiplin"), (RiwayatKontrak, "Riwayat kontrak"),
)


def _employee_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    if not access.may_see_personal(uow):
        return []  # who may not open personal data is not offered the employees (the export refuses too)
    rows = uow.session.execute(select(Pegawai.id, Pegawai.nama, Pegawai.nip_baru).order_by(Pegawai.nama)).all()
    return [(str(i), f"{n} ({nip})" if nip else n) for i, n, nip in rows]


SCOPE_PEGAWAI = ScopeKind(
    "berkas_pegawai", "Berkas seorang pegawai (riwayat dengan SK)",
    (ScopeParam("pegawai", "Pegawai", choices=_employee_choices),), uses_period=False, asks_rahasia=True,
)


def _file(d: Document, role: str, label: str, link_id: int | None = None) -> BundleFile:
    return BundleFile(d.id, d.sha256, d.size, d.original_name, d.mime, role, label, d.page_count, link_id)


def _employee_items(uow: UnitOfWork, p: Pegawai) -> list[BundleItem]:
    s = uow.session
    rows: list[tuple[str, str, Any]] = []
    for model, label in RIWAYAT:
        for r in s.execute(select(model).where(model.pegawai_id == p.id).order_by(model.sk_tanggal, model.id)).scalars():
            rows.append((model.__tablename__, label, r))
    doc_ids = {r.sk_document_id for _t, _l, r in rows if getattr(r, "sk_document_id", None)}
    links = s.execute(select(DocumentLink.id, DocumentLink.document_id, DocumentLink.role)
                      .where(DocumentLink.record_kind == PEGAWAI, DocumentLink.record_id == p.id)
                      .order_by(DocumentLink.id)).all()
    doc_ids |= {did for _lid, did, _role in links}
    docs = {d.id: d for d in s.execute(select(Document).where(Document.id.in_(sorted(doc_ids)))).scalars()} if doc_ids else {}
    link_of = {did: lid for lid, did, _role in links}
    sk_docs = {r.sk_document_id for _t, _l, r in rows if getattr(r, "sk_document_id", None)}
    nama = " ".join(x for x in (p.gelar_depan, p.nama) if x) + (f", {p.gelar_belakang}" if p.gelar_belakang else "")
    own = [_file(docs[did], role, role.capitalize(), lid) for lid, did, role in links
           if did in docs and did not in sk_docs]
    items = [BundleItem(PEGAWAI, p.id, "Pegawai", nomor=p.nip_baru or "", perihal=nama, files=tuple(own),
                        group=nama)]
    for table, label, r in rows:
        did = getattr(r, "sk_document_id", None)
        files = (_file(docs[did], "sk", f"SK {label.lower()}", link_of.get(did)),) if did in docs else ()
        missing = (f"SK {r.sk_nomor} belum dipindai",) if r.sk_nomor and not files else ()
        items.append(BundleItem(table, r.id, label, nomor=r.sk_nomor or "", tanggal=r.sk_tanggal,
                                perihal=r.keterangan or "", files=files, missing=missing, group=nama))
    return items


def items(uow: UnitOfWork, scope: Scope) -> list[BundleItem]:
    access.require_personal(uow)
    raw = scope.param("pegawai").strip()
    try:
        p = uow.session.get(Pegawai, int(raw))
    except ValueError:
        raise ValidationFailed(f"Pegawai {raw!r} tidak dikenal: pilih dari daftar pegawai.", field="pegawai") from None
    if p is None:
        raise NotFound(f"Pegawai #{raw} tidak ditemukan.")
    return _employee_items(uow, p)


def items_for(uow: UnitOfWork, keys: Sequence[tuple[str, int]]) -> list[BundleItem]:
    ids = sorted({rid for k, rid in keys if k == PEGAWAI})
    if not ids:
        return []
    access.require_personal(uow)
    out: list[BundleItem] = []
    for p in uow.session.execute(select(Pegawai).where(Pegawai.id.in_(ids)).order_by(Pegawai.nama)).scalars():
        out.extend(_employee_items(uow, p))
    return out


def describe(uow: UnitOfWork, scope: Scope) -> str:
    raw = scope.param("pegawai").strip()
    p = uow.session.get(Pegawai, int(raw)) if raw.isdigit() else None
    return f"Berkas pegawai {p.nama}" if p is not None else "Berkas pegawai"


EXPORTER = Exporter(area="staff", label="Kepegawaian", scope_kinds=(SCOPE_PEGAWAI,), items=items, items_for=items_for,
                    describe=describe)
