"""Correspondence's registry entry for the auditor's bundles (``Area.bundle_exporter``).

Scope: letters (surat masuk and surat keluar) of a classification code and its subtree
(``000.1`` takes ``000.1``, ``000.1.2`` …) within a period — surat masuk by date received, surat
keluar by letter date; drafts are not letters yet and stay out. Reading order: by classification,
then by date, surat masuk before surat keluar on the same day. Each record carries its files
(the scan, the lembar disposisi scan, the signed letter, attachments, the newest printed version)
and its dispositions' history; a surat masuk without a scan, or a sent surat keluar without its
signed scan, is named as missing evidence. Any registered surat masuk can be the auditor's
request letter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import and_, func, or_, select

from tatausaha import visibility
from tatausaha.bundles.types import BundleFile, BundleItem, Exporter, RequestLetter, Scope, ScopeKind, ScopeParam
from tatausaha.correspondence.kinds import DISPOSISI, SURAT_KELUAR, SURAT_MASUK
from tatausaha.models.correspondence import Disposisi, SuratKeluar, SuratMasuk
from tatausaha.models.document import Document, DocumentLink
from tatausaha.services.uow import UnitOfWork

ROLE_LABELS = {"scan": "Pindaian", "disposisi": "Lembar disposisi", "ttd": "Surat bertanda tangan",
               "lampiran": "Lampiran", "cetak": "Cetakan", "balasan": "Balasan"}
_ROLE_ORDER = {"ttd": 0, "scan": 0, "disposisi": 1, "lampiran": 2, "cetak": 3}
JENIS_CHOICES = [("semua", "Surat masuk dan keluar"), ("masuk", "Surat masuk saja"), ("keluar", "Surat keluar saja")]

SCOPE_KLASIFIKASI = ScopeKind(
    "klasifikasi", "Surat menurut kode klasifikasi dan periode",
    (ScopeParam("kode", "Kode klasifikasi (beserta turunannya)", required=False,
                hint="mis. 000.1 — kosong: semua kode"),
     ScopeParam("jenis", "Jenis surat", required=False, choices=lambda uow: list(JENIS_CHOICES))),
)


def _in_subtree(col, kode: str):  # type: ignore[no-untyped-def]
    kode = kode.strip().rstrip(".")
    if not kode:
        return None
    return or_(col == kode, col.like(f"{kode}.%"))


def _period(col, scope: Scope):  # type: ignore[no-untyped-def]
    conds = []
    if scope.date_from:
        conds.append(col >= scope.date_from)
    if scope.date_to:
        conds.append(col <= scope.date_to)
    return and_(*conds) if conds else None


def _files(uow: UnitOfWork, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], list[BundleFile]]:
    """The files linked to each record (older printed versions left out: the newest is what was sent)."""
    out: dict[tuple[str, int], list[tuple[int, int, BundleFile]]] = {}
    by_kind: dict[str, list[int]] = {}
    for k, rid in keys:
        by_kind.setdefault(k, []).append(rid)
    for kind, ids in by_kind.items():
        for i in range(0, len(ids), 500):
            q = (select(DocumentLink.id, DocumentLink.record_id, DocumentLink.role, DocumentLink.version, Document)
                 .join(Document, Document.id == DocumentLink.document_id)
                 .where(DocumentLink.record_kind == kind, DocumentLink.record_id.in_(ids[i:i + 500]))
                 .order_by(DocumentLink.record_id, DocumentLink.id))
            for link_id, rid, role, version, d in uow.session.execute(q):
                f = BundleFile(d.id, d.sha256, d.size, d.original_name, d.mime, role, ROLE_LABELS.get(role, role),
                               d.page_count, link_id)
                out.setdefault((kind, rid), []).append((_ROLE_ORDER.get(role, 5), version, f))
    result: dict[tuple[str, int], list[BundleFile]] = {}
    for key, files in out.items():
        newest_cetak = max((v for o, v, f in files if f.role == "cetak"), default=None)
        kept = [(o, v, f) for o, v, f in files if f.role != "cetak" or v == newest_cetak]
        result[key] = [f for _o, _v, f in sorted(kept, key=lambda t: (t[0], t[2].link_id or 0))]
    return result


def _masuk_items(uow: UnitOfWork, rows: Iterable[SuratMasuk]) -> list[BundleItem]:
    rows = list(rows)
    if not rows:
        return []
    dispo: dict[int, list[int]] = {}
    ids = [m.id for m in rows]
    for i in range(0, len(ids), 500):
        for did, mid in uow.session.execute(select(Disposisi.id, Disposisi.surat_masuk_id)
                                            .where(Disposisi.surat_masuk_id.in_(ids[i:i + 500]))):
            dispo.setdefault(mid, []).append(did)
    keys = [(SURAT_MASUK, m.id) for m in rows] + [(DISPOSISI, d) for ds in dispo.values() for d in ds]
    files = _files(uow, keys)
    items = []
    for m in rows:
        own = files.get((SURAT_MASUK, m.id), [])
        extra = [f for d in dispo.get(m.id, []) for f in files.get((DISPOSISI, d), [])]
        missing = () if any(f.role in ("scan", "disposisi") for f in own) else ("belum ada pindaian surat masuk",)
        items.append(BundleItem(
            SURAT_MASUK, m.id, "Surat masuk", nomor=m.nomor_surat or f"agenda {m.nomor_agenda}/{m.tahun}",
            tanggal=m.tanggal_terima, perihal=m.perihal or "", klasifikasi=m.kode_klasifikasi or "",
            keamanan=m.keamanan, files=tuple(own + extra), missing=missing,
            audit_refs=tuple((Disposisi.__tablename__, str(d)) for d in dispo.get(m.id, [])),
            group=m.kode_klasifikasi or ""))
    return items


def _keluar_items(uow: UnitOfWork, rows: Iterable[SuratKeluar]) -> list[BundleItem]:
    rows = list(rows)
    files = _files(uow, [(SURAT_KELUAR, k.id) for k in rows])
    items = []
    for k in rows:
        own = files.get((SURAT_KELUAR, k.id), [])
        missing: tuple[str, ...] = ()
        if k.status == "terkirim" and not any(f.role == "ttd" for f in own):
            missing = ("belum ada pindaian surat keluar bertanda tangan",)
        elif not own:
            missing = ("belum ada berkas surat keluar",)
        items.append(BundleItem(
            SURAT_KELUAR, k.id, "Surat keluar", nomor=k.nomor or "", tanggal=k.tanggal_surat, perihal=k.hal or "",
            klasifikasi=k.kode_klasifikasi or "", keamanan=k.keamanan, files=tuple(own), missing=missing,
            group=k.kode_klasifikasi or ""))
    return items


def _order(items: list[BundleItem]) -> list[BundleItem]:
    kind_rank = {SURAT_MASUK: 0, SURAT_KELUAR: 1}
    return sorted(items, key=lambda i: (i.klasifikasi, i.tanggal or dt.date.min, kind_rank.get(i.record_kind, 2),
                                        i.record_id))


def items(uow: UnitOfWork, scope: Scope) -> list[BundleItem]:
    jenis = scope.param("jenis", "semua") or "semua"
    kode = scope.param("kode")
    out: list[BundleItem] = []
    if jenis in ("semua", "masuk"):
        q = select(SuratMasuk)
        for cond in (_in_subtree(SuratMasuk.kode_klasifikasi, kode), _period(SuratMasuk.tanggal_terima, scope)):
            if cond is not None:
                q = q.where(cond)
        out += _masuk_items(uow, uow.session.execute(q.where(SuratMasuk.status != "batal")).scalars())
    if jenis in ("semua", "keluar"):
        qk = select(SuratKeluar).where(SuratKeluar.status != "draft")
        for cond in (_in_subtree(SuratKeluar.kode_klasifikasi, kode), _period(SuratKeluar.tanggal_surat, scope)):
            if cond is not None:
                qk = qk.where(cond)
        out += _keluar_items(uow, uow.session.execute(qk).scalars())
    return _order(out)


def items_for(uow: UnitOfWork, keys: Sequence[tuple[str, int]]) -> list[BundleItem]:
    """Letters found by a saved search (a disposisi hit brings its surat masuk), in the hits' order."""
    masuk = [rid for k, rid in keys if k == SURAT_MASUK]
    dispo = [rid for k, rid in keys if k == DISPOSISI]
    if dispo:
        masuk += [mid for (mid,) in uow.session.execute(select(Disposisi.surat_masuk_id)
                                                        .where(Disposisi.id.in_(dispo)))]
    keluar = [rid for k, rid in keys if k == SURAT_KELUAR]
    out = _masuk_items(uow, uow.session.execute(select(SuratMasuk).where(SuratMasuk.id.in_(sorted(set(masuk)))))
                       .scalars()) if masuk else []
    out += _keluar_items(uow, uow.session.execute(select(SuratKeluar).where(SuratKeluar.id.in_(sorted(set(keluar)))))
                         .scalars()) if keluar else []
    return out


def request_letters(uow: UnitOfWork, text: str = "") -> list[RequestLetter]:
    """Surat masuk that can be an auditor's request letter, newest first (the user's sight applies)."""
    q = select(SuratMasuk).where(SuratMasuk.status != "batal")
    t = text.strip()
    if t:
        like = f"%{t.lower()}%"
        q = q.where(or_(func.lower(SuratMasuk.nomor_surat).like(like), func.lower(SuratMasuk.pengirim).like(like),
                        func.lower(SuratMasuk.perihal).like(like)))
    rows = list(uow.session.execute(q.order_by(SuratMasuk.tanggal_terima.desc(), SuratMasuk.id.desc()).limit(200))
                .scalars())
    hidden = visibility.hidden(uow.session, uow.actor, [(SURAT_MASUK, m.id) for m in rows])
    return [RequestLetter(m.nomor_surat or f"agenda {m.nomor_agenda}/{m.tahun}", m.tanggal_surat or m.tanggal_terima,
                          m.pengirim or "", m.perihal or "", SURAT_MASUK, m.id)
            for m in rows if (SURAT_MASUK, m.id) not in hidden][:100]


def describe(uow: UnitOfWork, scope: Scope) -> str:
    kode = scope.param("kode").strip()
    jenis = dict(JENIS_CHOICES).get(scope.param("jenis", "semua") or "semua", "Surat")
    return f"{jenis}, " + (f"klasifikasi {kode} beserta turunannya" if kode else "semua kode klasifikasi")


EXPORTER = Exporter(
    area="correspondence", label="Persuratan", scope_kinds=(SCOPE_KLASIFIKASI,), items=items, items_for=items_for,
    request_letters=request_letters, describe=describe,
)
