"""SPJ's registry entry for the auditor's bundles (``Area.bundle_exporter``).

Scope: the items of a sub-kegiatan (or every sub-kegiatan), within a period, of one jenis belanja
or all. Reading order: by sub-kegiatan, then payment date and number; inside an item its evidence
in checklist order (``spj_bukti.urutan``: kuitansi, nota, faktur … as the dated rules list them),
then any other file attached to the item (the printed kwitansi, its cover sheet's scan). A required
piece of evidence not ``lengkap``/``tidak_berlaku`` is named as missing, with its state.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from tatausaha.bundles.types import BundleFile, BundleItem, Exporter, Scope, ScopeKind, ScopeParam
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.spj import STATUS_BUKTI_LABEL, SpjBukti, SpjBuktiBerkas, SpjItem, SpjSubKegiatan
from tatausaha.services.uow import UnitOfWork

SATISFIED = ("lengkap", "tidak_berlaku")


def _kind() -> str:
    from tatausaha.spj.area import SPJ_ITEM  # the area declares the kind (and imports this module)

    return SPJ_ITEM


def _sub_kegiatan_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    rows = uow.session.execute(select(SpjSubKegiatan.id, SpjSubKegiatan.kode, SpjSubKegiatan.nama)
                               .order_by(SpjSubKegiatan.kode)).all()
    return [(str(i), f"{k} {n}") for i, k, n in rows]


def _jenis_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    from tatausaha.spj.service import jenis_belanja_list

    return list(jenis_belanja_list(uow))


SCOPE_SPJ = ScopeKind(
    "sub_kegiatan", "Bukti SPJ menurut sub-kegiatan, periode dan jenis belanja",
    (ScopeParam("sub_kegiatan", "Sub-kegiatan", required=False, choices=_sub_kegiatan_choices),
     ScopeParam("jenis_belanja", "Jenis belanja", required=False, choices=_jenis_choices)),
)


def _items(uow: UnitOfWork, rows: Sequence[tuple[SpjItem, str, str]]) -> list[BundleItem]:
    s = uow.session
    ids = [r.id for r, _k, _n in rows]
    bukti: dict[int, list[SpjBukti]] = {}
    berkas: dict[int, list[int]] = {}
    for i in range(0, len(ids), 500):
        for b in s.execute(select(SpjBukti).where(SpjBukti.item_id.in_(ids[i:i + 500]))
                           .order_by(SpjBukti.item_id, SpjBukti.urutan, SpjBukti.id)).scalars():
            bukti.setdefault(b.item_id, []).append(b)
    bukti_ids = [b.id for bs in bukti.values() for b in bs]
    for i in range(0, len(bukti_ids), 500):
        for bid, did in s.execute(select(SpjBuktiBerkas.bukti_id, SpjBuktiBerkas.document_id)
                                  .where(SpjBuktiBerkas.bukti_id.in_(bukti_ids[i:i + 500]))
                                  .order_by(SpjBuktiBerkas.id)):
            berkas.setdefault(bid, []).append(did)
    links: dict[int, list[tuple[int, str, int]]] = {}
    for i in range(0, len(ids), 500):
        for lid, rid, role, did in s.execute(select(DocumentLink.id, DocumentLink.record_id, DocumentLink.role,
                                                    DocumentLink.document_id)
                                             .where(DocumentLink.record_kind == _kind(),
                                                    DocumentLink.record_id.in_(ids[i:i + 500]))
                                             .order_by(DocumentLink.id)):
            links.setdefault(rid, []).append((did, role, lid))
    doc_ids = {d for ds in berkas.values() for d in ds} | {d for ls in links.values() for d, _r, _l in ls}
    docs: dict[int, Document] = {}
    dl = sorted(doc_ids)
    for i in range(0, len(dl), 500):
        for d in s.execute(select(Document).where(Document.id.in_(dl[i:i + 500]))).scalars():
            docs[d.id] = d
    out = []
    for row, sk_kode, sk_nama in rows:
        link_of = {did: lid for did, _role, lid in links.get(row.id, [])}
        files: list[BundleFile] = []
        seen: set[int] = set()
        missing: list[str] = []
        audit_refs: list[tuple[str, str]] = []
        for b in bukti.get(row.id, []):
            audit_refs.append((SpjBukti.__tablename__, str(b.id)))
            for did in berkas.get(b.id, []):
                found = docs.get(did)
                if found is None or did in seen:
                    continue
                d = found
                seen.add(did)
                files.append(BundleFile(d.id, d.sha256, d.size, d.original_name, d.mime, "bukti", b.nama,
                                        d.page_count, link_of.get(did)))
            if b.wajib and b.status not in SATISFIED:
                missing.append(f"{b.nama}: {STATUS_BUKTI_LABEL.get(b.status, b.status).lower()}")
        for did, role, lid in links.get(row.id, []):
            other = docs.get(did)
            if other is None or did in seen:
                continue
            d = other
            seen.add(did)
            files.append(BundleFile(d.id, d.sha256, d.size, d.original_name, d.mime, role, role.capitalize(),
                                    d.page_count, lid))
        out.append(BundleItem(
            _kind(), row.id, "Bukti SPJ", nomor=row.nomor or f"(konsep #{row.id})", tanggal=row.tanggal,
            perihal=f"{row.uraian} — Rp{row.jumlah:,}".replace(",", "."), klasifikasi=sk_kode,
            files=tuple(files), missing=tuple(missing), audit_refs=tuple(audit_refs), group=f"{sk_kode} {sk_nama}"))
    return out


def _query():  # type: ignore[no-untyped-def]
    return (select(SpjItem, SpjSubKegiatan.kode, SpjSubKegiatan.nama)
            .join(SpjSubKegiatan, SpjSubKegiatan.id == SpjItem.sub_kegiatan_id)
            .order_by(SpjSubKegiatan.kode, SpjItem.tanggal, SpjItem.nomor_urut, SpjItem.id))


def items(uow: UnitOfWork, scope: Scope) -> list[BundleItem]:
    q = _query()
    sk = scope.param("sub_kegiatan").strip()
    if sk:
        q = q.where(SpjItem.sub_kegiatan_id == int(sk))
    jenis = scope.param("jenis_belanja").strip()
    if jenis:
        q = q.where(SpjItem.jenis_belanja == jenis)
    if scope.date_from:
        q = q.where(SpjItem.tanggal >= scope.date_from)
    if scope.date_to:
        q = q.where(SpjItem.tanggal <= scope.date_to)
    return _items(uow, [tuple(r) for r in uow.session.execute(q)])  # type: ignore[misc]


def items_for(uow: UnitOfWork, keys: Sequence[tuple[str, int]]) -> list[BundleItem]:
    ids = sorted({rid for k, rid in keys if k == _kind()})
    if not ids:
        return []
    return _items(uow, [tuple(r) for r in uow.session.execute(_query().where(SpjItem.id.in_(ids)))])  # type: ignore[misc]


def describe(uow: UnitOfWork, scope: Scope) -> str:
    parts = ["Bukti SPJ"]
    sk = scope.param("sub_kegiatan").strip()
    if sk:
        row = uow.session.get(SpjSubKegiatan, int(sk))
        parts.append(f"sub-kegiatan {row.kode} {row.nama}" if row else f"sub-kegiatan #{sk}")
    else:
        parts.append("semua sub-kegiatan")
    jenis = scope.param("jenis_belanja").strip()
    parts.append(f"jenis belanja {jenis}" if jenis else "semua jenis belanja")
    return ", ".join(parts)


EXPORTER = Exporter(area="spj", label="SPJ", scope_kinds=(SCOPE_SPJ,), items=items, items_for=items_for,
                    describe=describe)
