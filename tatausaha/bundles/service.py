"""The auditor's bundles: what a scope holds, the export, and the history of bundles handed over.

Generic: the items come from each area's registry entry (``Area.bundle_exporter``, an
:class:`~tatausaha.bundles.types.Exporter`) or from a saved search; this room never names an area's
kinds. It decides what may leave the office with the one visibility rule (``tatausaha.visibility``):
a rahasia record goes in only when the exporting user may see it AND the scope asks for rahasia
records; every one left out is counted in ``bag-info.txt`` and the table of contents, never named.

Each export is on the audit trail (``export`` of ``bundel``) with the SHA-256 of the bundle's
``tagmanifest-sha256.txt`` — the one hash that names the bundle — so a bundle shown later can be
proven to be the one handed over; :func:`history` reads those events back.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select

from tatausaha import __version__, clock, idformat, registry, visibility
from tatausaha.bundles import names
from tatausaha.bundles.bag import BagWriter, Source, safe_name
from tatausaha.bundles.types import (
    SAVED_SEARCH,
    BundleFile,
    BundleItem,
    BundlePlan,
    BundleResult,
    Exporter,
    RequestLetter,
    Scope,
    ScopeKind,
    ScopeParam,
    Withheld,
)
from tatausaha.bundles.verify import bundle_anchor_message
from tatausaha.errors import NotFound, StorageError, ValidationFailed
from tatausaha.models.audit import AuditLog
from tatausaha.models.document import Document, DocumentLink
from tatausaha.services import audit
from tatausaha.services.auth import Permission, Role
from tatausaha.services.uow import UnitOfWork

#: the audit trail's entity for exported bundles (its id is the bundle id)
ENTITY = "bundel"
NOT_ALLOWED = "tidak_berhak"  # outside the exporting user's sight
NOT_ASKED = "tidak_diminta"  # the scope leaves rahasia records out
KEAMANAN_LABELS = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia", "sangat_rahasia": "Sangat rahasia"}

SAVED_SEARCH_KIND = ScopeKind(
    SAVED_SEARCH, "Hasil pencarian tersimpan",
    (ScopeParam("pencarian", "Pencarian tersimpan", choices=lambda uow: _saved_search_choices(uow)),),
    uses_period=False,
)


# -- what can be bundled ------------------------------------------------------------------------------
def exporters() -> list[Exporter]:
    """The installed areas' exporters, in installation order (areas not built yet left out)."""
    return [a.bundle_exporter for a in registry.areas() if a.built and isinstance(a.bundle_exporter, Exporter)]


def exporter(area: str) -> Exporter:
    for e in exporters():
        if e.area == area:
            return e
    raise ValidationFailed(f"Bagian '{area}' tidak dapat dibundel untuk pemeriksa (tidak ada pengekspornya).",
                           field="area")


def scope_choices() -> list[tuple[str, str, ScopeKind]]:
    """(area, area label, scope kind) for every scope offered, the saved search last."""
    out = [(e.area, e.label, k) for e in exporters() for k in e.scope_kinds]
    out.append(("", "Pencarian", SAVED_SEARCH_KIND))
    return out


def _scope_kind(scope: Scope) -> ScopeKind:
    if not scope.area and scope.kind == SAVED_SEARCH:
        return SAVED_SEARCH_KIND
    kind = exporter(scope.area).scope_kind(scope.kind)
    if kind is None:
        raise ValidationFailed(f"Cakupan '{scope.kind}' tidak dikenal untuk bagian {scope.area}.", field="kind")
    return kind


def _saved_search_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    from tatausaha.search.service import list_saved_searches

    return [(str(s.id), f"{s.name} — {s.query}") for s in list_saved_searches(uow)]


def request_letters(uow: UnitOfWork, text: str = "") -> list[RequestLetter]:
    """Registered letters that can be an auditor's request letter (from every area that offers them)."""
    uow.require(Permission.READ)
    out: list[RequestLetter] = []
    for e in exporters():
        if e.request_letters is not None:
            out.extend(e.request_letters(uow, text))
    return out


def check_scope_kind(scope: Scope) -> ScopeKind:
    """The scope kind ``scope`` names (refused in Indonesian when no exporter offers it)."""
    return _scope_kind(scope)


def check_scope(scope: Scope) -> ScopeKind:
    kind = _scope_kind(scope)
    for p in kind.params:
        if p.required and not scope.param(p.key).strip():
            raise ValidationFailed(f"{p.label} wajib diisi untuk cakupan '{kind.label}'.", field=p.key)
    if scope.date_from and scope.date_to and scope.date_from > scope.date_to:
        raise ValidationFailed("Tanggal awal periode tidak boleh sesudah tanggal akhirnya.", field="date_from")
    return kind


def describe_scope(uow: UnitOfWork, scope: Scope) -> str:
    kind = _scope_kind(scope)
    if scope.kind == SAVED_SEARCH and not scope.area:
        text = f"{kind.label}: {_saved_query(uow, scope)[1]!r}"
    else:
        exp = exporter(scope.area)
        text = exp.describe(uow, scope) if exp.describe is not None else kind.label
    if kind.uses_period and (scope.date_from or scope.date_to):
        text += (f", periode {idformat.tanggal_pendek(scope.date_from) or '…'} s.d. "
                 f"{idformat.tanggal_pendek(scope.date_to) or '…'}")
    text += "; rahasia diminta" if scope.include_rahasia else "; tanpa catatan rahasia"
    return text


# -- collecting ---------------------------------------------------------------------------------------
def _saved_query(uow: UnitOfWork, scope: Scope) -> tuple[int, str]:
    from tatausaha.models.search import SavedSearch

    raw = scope.param("pencarian")
    try:
        saved = uow.session.get(SavedSearch, int(raw))
    except ValueError:
        saved = None
    if saved is None:
        raise NotFound(f"Pencarian tersimpan {raw!r} tidak ditemukan.")
    return saved.id, saved.query


class _SeeAll:
    """The unit of work as seen by someone who sees every record: only to COUNT what the exporting
    user may not see (a saved search run as them would drop those silently). Nothing of it is shown."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.session = uow.session
        self.actor = dataclasses.replace(uow.actor, role=Role.PIMPINAN)

    def require(self, permission: Permission) -> None:
        self.actor.require(permission)


def _collect(uow: UnitOfWork, scope: Scope) -> list[BundleItem]:
    if scope.kind == SAVED_SEARCH and not scope.area:
        return _collect_saved_search(uow, scope)
    return list(exporter(scope.area).items(uow, scope))


def _collect_saved_search(uow: UnitOfWork, scope: Scope) -> list[BundleItem]:
    from tatausaha.search.service import iter_all_hits

    _sid, query = _saved_query(uow, scope)
    keys: list[tuple[str, int]] = []
    seen: set[tuple[str, int]] = set()
    for hit in iter_all_hits(_SeeAll(uow), query, order="date"):  # type: ignore[arg-type]
        key = (hit.kind, int(hit.ref_id))
        if key not in seen:
            seen.add(key)
            keys.append(key)
    by_area: dict[str, list[tuple[str, int]]] = {}
    docs: list[int] = []
    for kind, rid in keys:
        if kind == visibility.DOCUMENT:
            docs.append(rid)
            continue
        area = registry.area_of(kind)
        if area is not None:
            by_area.setdefault(area.name, []).append((kind, rid))
    items: list[BundleItem] = []
    for e in exporters():
        if e.area in by_area and e.items_for is not None:
            items.extend(e.items_for(uow, by_area[e.area]))
    items.extend(_document_items(uow, docs))
    order = {k: n for n, k in enumerate(keys)}
    items.sort(key=lambda i: order.get(i.key, len(order)))
    return items


def _document_items(uow: UnitOfWork, ids: Sequence[int]) -> list[BundleItem]:
    """Archived documents found by a search (the search room's own kind): one item each."""
    out = []
    for i in range(0, len(ids), 500):
        for d in uow.session.execute(select(Document).where(Document.id.in_(ids[i:i + 500]))).scalars():
            f = BundleFile(d.id, d.sha256, d.size, d.original_name, d.mime, "dokumen", "Dokumen", d.page_count)
            out.append(BundleItem(visibility.DOCUMENT, d.id, "Dokumen arsip", nomor=f"#{d.id}",
                                  tanggal=clock.office_date(d.created_at), perihal=d.original_name,
                                  klasifikasi=d.kode_klasifikasi or "", files=(f,)))
    return out


def plan(uow: UnitOfWork, scope: Scope) -> BundlePlan:
    """What the scope holds as the acting user may hand it over: items, secrets counted, evidence missing."""
    uow.require(Permission.EXPORT)
    check_scope(scope)
    raw = _collect(uow, scope)
    keys: set[tuple[str, int]] = set()
    for item in raw:
        keys.add(item.key)
        keys.update((visibility.DOCUMENT, f.document_id) for f in item.files)
    labels = visibility.labels(uow.session, keys)
    viewer = visibility.Viewer.of(uow.actor)
    items: list[BundleItem] = []
    withheld: list[Withheld] = []
    secret_in = 0
    for item in raw:
        own = labels.get(item.key, visibility.PUBLIC).join(visibility.Label(item.keamanan))
        parts = [own, *(labels.get((visibility.DOCUMENT, f.document_id), visibility.PUBLIC) for f in item.files)]
        strictest = visibility.PUBLIC
        for lab in parts:
            strictest = strictest.join(lab)
        if not strictest.restricted:
            items.append(item)
            continue
        if not all(lab.visible_to(viewer) for lab in parts):
            withheld.append(Withheld(strictest.keamanan, NOT_ALLOWED, len(item.files)))
        elif not scope.include_rahasia:
            withheld.append(Withheld(strictest.keamanan, NOT_ASKED, len(item.files)))
        else:
            items.append(dataclasses.replace(item, keamanan=strictest.keamanan))
            secret_in += 1
    return BundlePlan(scope, describe_scope(uow, scope), tuple(items), tuple(withheld), secret_in)


# -- the files inside ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Placed:
    item: BundleItem
    file: BundleFile
    path: str  # under data/
    first_page: int
    pages: int


def _layout(items: Sequence[BundleItem]) -> list[_Placed]:
    """data/dokumen/0001-<record>/01-<role>-<name>: the reading order in the names, page numbers running on."""
    out: list[_Placed] = []
    page = 1
    for n, item in enumerate(items, start=1):
        folder = f"{names.DOCUMENTS}/{n:04d}-{safe_name(f'{item.kind_label} {item.nomor}', limit=50)}"
        for m, f in enumerate(item.files, start=1):
            stem, dot, ext = f.original_name.rpartition(".")
            ext = safe_name(ext, limit=8, default="bin").lower() if dot and stem else _ext_for(f.mime)
            base = safe_name(stem if dot and stem else f.original_name, limit=40)
            role = safe_name(f.role or "berkas", limit=12)
            pages = max(1, f.page_count or 1)
            out.append(_Placed(item, f, f"{folder}/{m:02d}-{role}-{base}.{ext}", page, pages))
            page += pages
    return out


def _ext_for(mime: str) -> str:
    return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/tiff": "tif"}.get(mime, "bin")


def _page_ref(p: _Placed) -> str:
    return str(p.first_page) if p.pages == 1 else f"{p.first_page}–{p.first_page + p.pages - 1}"


def _manifest_rows(placed: Sequence[_Placed]) -> list[dict[str, Any]]:
    rows = []
    for n, p in enumerate(placed, start=1):
        i, f = p.item, p.file
        rows.append({
            "no": n, "path": p.path, "sha256": f.sha256, "ukuran": f.size, "jenis_berkas": f.mime,
            "nama_asli": f.original_name, "peran": f.role_label or f.role, "halaman": _page_ref(p),
            "jumlah_halaman": f.page_count, "dokumen_id": f.document_id, "catatan_jenis": i.record_kind,
            "catatan_label": i.kind_label, "catatan_id": i.record_id, "nomor": i.nomor,
            "tanggal": i.tanggal.isoformat() if i.tanggal else None, "perihal": i.perihal,
            "klasifikasi": i.klasifikasi, "keamanan": i.keamanan, "kelompok": i.group,
        })
    return rows


_CSV_COLUMNS = ("no", "path", "sha256", "ukuran", "jenis_berkas", "nama_asli", "peran", "halaman", "dokumen_id",
                "catatan_label", "catatan_id", "nomor", "tanggal", "perihal", "klasifikasi", "keamanan", "kelompok")


def _manifest_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(_CSV_COLUMNS)
    for r in rows:
        # a cell that a spreadsheet would run as a formula is quoted as text (the house's export rule)
        w.writerow(["'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else ("" if v is None else v)
                    for v in (r[c] for c in _CSV_COLUMNS)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def _audit_rows(uow: UnitOfWork, items: Sequence[BundleItem], request: RequestLetter | None) -> list[dict[str, Any]]:
    """Every trail row about the bundled records, their documents and links, oldest first."""
    wanted: dict[str, set[str]] = {}

    def want(entity: str, eid: object) -> None:
        wanted.setdefault(entity, set()).add(str(eid))

    for item in items:
        k = registry.kind(item.record_kind)
        table = getattr(getattr(k, "model", None), "__tablename__", None) if k is not None else None
        for entity in {item.record_kind, table or item.record_kind}:
            want(entity, item.record_id)
        for entity, eid in item.audit_refs:
            want(entity, eid)
        for f in item.files:
            want(Document.__tablename__, f.document_id)
            if f.link_id is not None:
                want(DocumentLink.__tablename__, f.link_id)
    if request is not None and request.record_kind and request.record_id is not None:
        k = registry.kind(request.record_kind)
        table = getattr(getattr(k, "model", None), "__tablename__", None) if k is not None else None
        want(table or request.record_kind, request.record_id)
    cols = (AuditLog.id, AuditLog.ts, AuditLog.actor_id, AuditLog.actor_name, AuditLog.action, AuditLog.entity,
            AuditLog.entity_id, AuditLog.before, AuditLog.after, AuditLog.key_id, AuditLog.prev_hash, AuditLog.hash)
    found: dict[int, dict[str, Any]] = {}
    for entity, ids in wanted.items():
        id_list = sorted(ids)
        for i in range(0, len(id_list), 500):
            q = select(*cols).where(AuditLog.entity == entity, AuditLog.entity_id.in_(id_list[i:i + 500]))
            for r in uow.session.execute(q):
                found[int(r.id)] = {"id": int(r.id), "ts": r.ts.isoformat(), "actor_id": r.actor_id,
                                    "actor_name": r.actor_name, "action": r.action, "entity": r.entity,
                                    "entity_id": r.entity_id, "before": r.before, "after": r.after,
                                    "key_id": r.key_id, "prev_hash": r.prev_hash, "hash": r.hash}
    return [found[k] for k in sorted(found)]


def _office(uow: UnitOfWork) -> Any:
    from tatausaha.services.office import get_office

    return get_office(uow)


def _contents_pdf(uow: UnitOfWork, store: Any, plan_: BundlePlan, placed: Sequence[_Placed], bundle_id: str,
                  anchor_text: str | None) -> bytes:
    from tatausaha.printing import to_bytes
    from tatausaha.printing.contents import ContentsDoc, build_contents

    columns = (("No.", 0.45, "CENTER"), ("Berkas di data/", 3.0, "LEFT"), ("Catatan", 1.5, "LEFT"),
               ("Nomor", 1.8, "LEFT"), ("Tanggal", 0.8, "CENTER"), ("Perihal", 2.6, "LEFT"),
               ("Klasifikasi", 0.9, "CENTER"), ("Keamanan", 0.8, "CENTER"), ("Hlm.", 0.6, "CENTER"))
    rows: list[tuple[str, ...]] = []
    for n, p in enumerate(placed, start=1):
        i = p.item
        rows.append((str(n), p.path, f"{i.kind_label} ({p.file.role_label or p.file.role})", i.nomor,
                     idformat.tanggal_pendek(i.tanggal), i.perihal, i.klasifikasi,
                     KEAMANAN_LABELS.get(i.keamanan, i.keamanan), _page_ref(p)))
    first_missing = len(rows)
    for item, why in plan_.missing:
        rows.append(("—", f"KURANG: {why}", item.kind_label, item.nomor, idformat.tanggal_pendek(item.tanggal),
                     item.perihal, item.klasifikasi, KEAMANAN_LABELS.get(item.keamanan, item.keamanan), "—"))
    notes = [f"Jumlah: {plan_.records} catatan, {len(placed)} berkas asli; nomor halaman berurutan bila berkas "
             "dicetak menurut urutan di atas. Lampiran bundel: " + ", ".join(
                 (names.HANDOVER, names.MANIFEST_JSON_NAME, names.MANIFEST_CSV_NAME, names.AUDIT_ROWS_NAME,
                  names.AUDIT_ANCHOR_NAME)) + "."]
    if plan_.missing:
        notes.append(f"{len(plan_.missing)} bukti belum tersedia di arsip (baris berwarna, 'KURANG').")
    if plan_.withheld:
        notes.append(f"{len(plan_.withheld)} catatan rahasia tidak disertakan "
                     f"({plan_.withheld_count(NOT_ALLOWED)} di luar kewenangan pengekspor, "
                     f"{plan_.withheld_count(NOT_ASKED)} tidak diminta cakupan); nomor dan perihalnya tidak dicantumkan.")
    doc = ContentsDoc(title=f"DAFTAR ISI BUNDEL {bundle_id}", period=plan_.scope_text, columns=columns,
                      rows=tuple(rows), clip=("end", "middle", "end", "middle", "end", "end", "end", "end", "end"),
                      highlight=frozenset(range(first_missing, len(rows))), notes=tuple(notes),
                      kop=_kop(uow, store), tanggal=clock.today(), audit_anchor=anchor_text)
    return to_bytes(build_contents, doc)


def _kop(uow: UnitOfWork, store: Any) -> Any:
    import warnings

    from tatausaha.services.printed import kop_from_office

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kop_from_office(uow, store)


def _handover_pdf(uow: UnitOfWork, store: Any, plan_: BundlePlan, bundle_id: str, details: list[tuple[str, str]],
                  anchor_text: str | None) -> bytes:
    from tatausaha.printing import to_bytes
    from tatausaha.printing.handover import HandoverDoc, Party, build_handover

    office = _office(uow)
    instansi = office.nama_kantor if office else ""
    req = plan_.scope.request
    second = Party("PIHAK KEDUA", instansi=req.pengirim if req else "")
    first = Party("PIHAK PERTAMA", nama=uow.actor.full_name, jabatan="", instansi=instansi)
    notes = []
    if plan_.withheld:
        notes.append(f"Catatan: {len(plan_.withheld)} catatan berklasifikasi rahasia dalam cakupan tidak disertakan "
                     f"({plan_.withheld_count(NOT_ALLOWED)} di luar kewenangan pengekspor, "
                     f"{plan_.withheld_count(NOT_ASKED)} tidak diminta). Permintaan atasnya diajukan tersendiri kepada pimpinan.")
    if plan_.missing:
        notes.append(f"Catatan: {len(plan_.missing)} bukti belum tersedia di arsip (lihat daftar_isi.pdf, baris 'KURANG').")
    doc = HandoverDoc(
        title="BERITA ACARA SERAH TERIMA DOKUMEN ELEKTRONIK", tanggal=clock.today(),
        tempat=(office.kota or office.nama_kantor) if office else "", first=first, second=second,
        request=req.text if req else "", scope=plan_.scope_text, details=tuple(details), notes=tuple(notes),
        kop=_kop(uow, store), audit_anchor=anchor_text)
    return to_bytes(build_handover, doc)


HOW_TO_CHECK_TEXT = """CARA MEMERIKSA KEUTUHAN BUNDEL INI
==================================

Bundel ini adalah bag BagIt 1.0 (RFC 8493). Setiap berkas di folder data/ tercantum dengan sidik
SHA-256 di manifest-sha256.txt dan SHA-512 di manifest-sha512.txt. Berkas tag (bagit.txt,
bag-info.txt, manifest-*.txt, berkas ini) tercantum di tagmanifest-sha256.txt dan tagmanifest-sha512.txt.
Sidik SHA-256 dari tagmanifest-sha256.txt dicatat di jejak audit kantor saat bundel diekspor.

1. Dengan aplikasi tatausaha:
     tatausaha verify BUNDEL.zip

2. Dengan bagit-python (tanpa tatausaha), setelah ZIP diekstrak:
     pip install bagit
     python -m bagit --validate FOLDER-BUNDEL

3. Dengan alat bawaan sistem operasi, di dalam folder bundel:
     Linux/macOS:  sha256sum -c manifest-sha256.txt
     Windows (PowerShell), satu berkas:
       Get-FileHash -Algorithm SHA256 data\\dokumen\\0001-...\\01-....pdf
     Windows (Command Prompt), satu berkas:
       CertUtil -hashfile data\\dokumen\\0001-...\\01-....pdf SHA256
   lalu bandingkan hasilnya dengan baris berkas itu di manifest-sha256.txt.

Berkas yang hilang, berubah (walau satu bita) atau ditambahkan akan disebut namanya oleh cara 1 dan 2.
Berkas data/jejak_audit.jsonl memuat jejak audit catatan-catatan di bundel ini; setiap baris
bersambung (prev_hash = hash baris sebelumnya bila nomornya berurutan) dan kepala jejak saat ekspor
dicatat di data/jejak_audit_jangkar.json.
"""


# -- the export -----------------------------------------------------------------------------------------
def new_bundle_id() -> str:
    return f"BDL-{clock.today():%Y%m%d}-{secrets.token_hex(3).upper()}"


def default_file_name(bundle_id: str, scope_text: str = "") -> str:
    return f"{bundle_id}.zip"


def export_bundle(uow: UnitOfWork, store: Any, scope: Scope, target: Path | str, *, as_zip: bool = True,
                  progress: Any = None, cancel: Any = None, bundle_id: str | None = None) -> BundleResult:
    """Write the bundle for ``scope`` to ``target`` (a ``.zip``, or a folder when ``as_zip`` is False).

    Written under a temporary name and renamed only when complete; a cancel or an error leaves no
    file. The export goes on the audit trail with the tag-manifest hash (committed by the caller).

    Everything is read in one read-only snapshot (its own unit of work), so on SQLite the handed
    unit of work takes the write lock only for the one audit event at commit: a long export does not
    keep the other PCs from saving."""
    uow.require(Permission.EXPORT)
    with UnitOfWork(uow.db, uow.actor, write=False) as snapshot:
        result, detail, learned = _write_bundle(snapshot, store, scope, Path(target), as_zip=as_zip,
                                                progress=progress, cancel=cancel, bundle_id=bundle_id)
    _keep_sha512(uow, learned)
    uow.record("export", ENTITY, result.bundle_id, detail)
    return result


def _opener(store: Any, f: BundleFile) -> Callable[[], BinaryIO]:
    def open_file() -> BinaryIO:
        try:
            return store.open(f.sha256)  # type: ignore[no-any-return]
        except (StorageError, OSError, ValueError) as exc:
            raise StorageError(f"Berkas arsip dokumen #{f.document_id} ({f.original_name}) tidak ada di "
                               "penyimpanan arsip; bundel tidak dibuat. Jalankan 'tatausaha check'.") from exc
    return open_file


def _known_sha512(uow: UnitOfWork, hashes: Sequence[str]) -> dict[str, str]:
    """The SHA-512 the archive already holds for these files (``document.sha512``), by SHA-256."""
    out: dict[str, str] = {}
    unique = sorted(set(hashes))
    for i in range(0, len(unique), 500):
        out.update((h, h512 or "") for h, h512 in uow.session.execute(
            select(Document.sha256, Document.sha512).where(Document.sha256.in_(unique[i:i + 500]),
                                                         Document.sha512.is_not(None))))
    return out


def _keep_sha512(uow: UnitOfWork, learned: dict[str, str]) -> None:
    """Files stored before the archive kept SHA-512 get it from their first bundle (each proven by its
    SHA-256 on the way), so the next bundle with them hashes once. Not an edit: not on the trail."""
    hashes = sorted(learned)
    for i in range(0, len(hashes), 500):
        for d in uow.session.execute(select(Document).where(Document.sha256.in_(hashes[i:i + 500]),
                                                            Document.sha512.is_(None))).scalars():
            d.sha512 = learned[d.sha256]


def _write_bundle(uow: UnitOfWork, store: Any, scope: Scope, target: Path, *, as_zip: bool, progress: Any,
                  cancel: Any, bundle_id: str | None) -> tuple[BundleResult, dict[str, Any], dict[str, str]]:
    t0 = time.perf_counter()
    plan_ = plan(uow, scope)
    if not plan_.items:
        raise ValidationFailed("Cakupan ini tidak berisi catatan yang dapat diserahkan; bundel tidak dibuat.")
    bundle_id = bundle_id or new_bundle_id()
    placed = _layout(plan_.items)
    total = len(placed) + 4
    office = _office(uow)
    stamp = clock.now_office().replace(tzinfo=None, microsecond=0)
    report = (lambda n, label: progress.report(n, total, label)) if progress is not None else (lambda n, label: None)
    report(0, "Menyiapkan bundel")
    known512 = _known_sha512(uow, [p.file.sha256 for p in placed])
    with BagWriter(target, name=target.stem if as_zip else target.name, as_zip=as_zip, stamp=stamp,
                   cancel=cancel) as bag:
        # byte-identical to the archive: each file checked against the name it is stored under
        bag.add_files([Source(p.path, _opener(store, p.file), p.file.size, expect_sha256=p.file.sha256,
                              known_sha512=known512.get(p.file.sha256),
                              what=f"Berkas arsip dokumen #{p.file.document_id} ({p.file.original_name})")
                       for p in placed],
                      on_file=lambda n: report(n, "Menyalin berkas asli") if n % 20 == 0 or n == len(placed) else None)
        rows = _manifest_rows(placed)
        listing = {
            "bundel": bundle_id, "kantor": office.nama_kantor if office else "", "cakupan": scope.as_dict(),
            "cakupan_teks": plan_.scope_text, "dibuat": stamp.isoformat(), "oleh": uow.actor.username,
            "jumlah_catatan": plan_.records, "jumlah_berkas": len(placed),
            "rahasia": {"total": plan_.secret_total, "disertakan": plan_.secret_included,
                        NOT_ALLOWED: plan_.withheld_count(NOT_ALLOWED), NOT_ASKED: plan_.withheld_count(NOT_ASKED)},
            "kurang": [{"catatan": f"{i.kind_label} {i.nomor}".strip(), "catatan_id": i.record_id, "keterangan": why}
                       for i, why in plan_.missing],
            "berkas": rows,
        }
        manifest_json = json.dumps(listing, ensure_ascii=False, indent=1).encode("utf-8")
        bag.add_bytes(names.MANIFEST_JSON_NAME, manifest_json)
        bag.add_bytes(names.MANIFEST_CSV_NAME, _manifest_csv(rows))
        report(len(placed) + 1, "Menyusun jejak audit")
        audit_rows = _audit_rows(uow, plan_.items, scope.request)
        rows_data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in audit_rows).encode("utf-8")
        head = audit.current_anchor(uow.session)
        extract_sha = hashlib.sha256(rows_data).hexdigest()
        seal = uow.session.info.get(audit.SEAL)
        key = seal.key if isinstance(seal, audit.AuditSeal) else None
        head_id, head_hash = (head.last_id, head.hash) if head else (0, audit.GENESIS)
        anchor = {"bundle_id": bundle_id, "head": {"last_id": head_id, "count": head.count if head else 0,
                                                    "hash": head_hash},
                  "rows": len(audit_rows), "first_id": audit_rows[0]["id"] if audit_rows else None,
                  "last_id": audit_rows[-1]["id"] if audit_rows else None, "extract_sha256": extract_sha,
                  "key_id": audit.key_id_of(key) if key else None,
                  "mac": (hashlib_mac(key, bundle_anchor_message(bundle_id, extract_sha, head_id, head_hash))
                          if key else None)}
        bag.add_bytes(names.AUDIT_ROWS_NAME, rows_data)
        bag.add_bytes(names.AUDIT_ANCHOR_NAME, json.dumps(anchor, ensure_ascii=False, indent=1).encode("utf-8"))
        anchor_text = head.text if head is not None else None
        report(len(placed) + 2, "Mencetak daftar isi")
        bag.add_bytes(names.TABLE_OF_CONTENTS, _contents_pdf(uow, store, plan_, placed, bundle_id, anchor_text))
        req = scope.request
        details = [
            ("Nomor bundel", bundle_id),
            ("Jumlah catatan / berkas asli", f"{plan_.records} catatan, {len(placed)} berkas "
                                             f"({idformat.ukuran(plan_.octets)})"),
            ("Catatan rahasia", f"{plan_.secret_total} dalam cakupan; {plan_.secret_included} disertakan, "
                                f"{len(plan_.withheld)} tidak disertakan"),
            ("Bukti belum tersedia", str(len(plan_.missing))),
            ("SHA-256 daftar berkas (manifest.json)", hashlib.sha256(manifest_json).hexdigest()),
            ("Jejak audit", f"{len(audit_rows)} baris; {anchor_text or 'kosong'}"),
        ]
        report(len(placed) + 3, "Mencetak berita acara")
        bag.add_bytes(names.HANDOVER, _handover_pdf(uow, store, plan_, bundle_id, details, anchor_text))
        info = _bag_info(uow, office, plan_, bundle_id, stamp, len(placed), len(audit_rows), anchor_text, req)
        tag_hash = bag.finish(info, extra_tags=[(names.HOW_TO_CHECK, HOW_TO_CHECK_TEXT)])
        payload_files, payload_octets = len(bag.entries), sum(e.size for e in bag.entries)
        copied = {f"data/{p.path}" for p in placed}
        learned = {e.sha256: e.sha512 for e in bag.entries
                   if e.path in copied and e.sha256 not in known512 and e.sha512}
    result = BundleResult(
        bundle_id=bundle_id, path=str(target), records=plan_.records, files=len(placed),
        payload_octets=payload_octets, payload_files=payload_files, tagmanifest_sha256=tag_hash,
        secret_included=plan_.secret_included, secret_withheld=len(plan_.withheld), missing=len(plan_.missing),
        audit_rows=len(audit_rows), seconds=time.perf_counter() - t0)
    detail = {
        "file": target.name, "format": "zip" if as_zip else "folder", "tagmanifest_sha256": tag_hash,
        "payload_oxum": f"{payload_octets}.{payload_files}", "scope": scope.as_dict(), "scope_text": plan_.scope_text,
        "request": req.text if req else "", "records": plan_.records, "files": len(placed),
        "secret_included": plan_.secret_included, "secret_withheld": len(plan_.withheld),
        "missing": len(plan_.missing), "audit_rows": len(audit_rows),
    }
    report(total, "Selesai")
    return result, detail, learned


def hashlib_mac(key: bytes, message: str) -> str:
    import hmac

    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]


def _bag_info(uow: UnitOfWork, office: Any, plan_: BundlePlan, bundle_id: str, stamp: Any, files: int, audit_rows: int,
              anchor_text: str | None, req: RequestLetter | None) -> list[tuple[str, str]]:
    a = uow.actor
    info = [
        ("Source-Organization", " ".join(p for p in ((office.pemerintah, office.nama_kantor) if office else ()) if p)
         or "(profil kantor belum diisi)"),
    ]
    if office and office.alamat:
        info.append(("Organization-Address", office.alamat))
    if office and office.email:
        info.append(("Contact-Email", office.email))
    info += [
        ("Contact-Name", f"{a.full_name} ({a.username})"),
        ("External-Identifier", bundle_id),
        ("External-Description", f"Bundel dokumen untuk pemeriksaan: {plan_.scope_text}"),
        ("Bagging-Date", stamp.date().isoformat()),
        ("Bag-Software-Agent", f"tatausaha {__version__}"),
        ("Bag-Size", idformat.ukuran(plan_.octets)),
    ]
    if req is not None:
        info += [("Internal-Sender-Identifier", req.nomor),
                 ("Internal-Sender-Description", f"Surat permintaan {req.text}" + (f"; perihal {req.perihal}" if req.perihal else ""))]
    info += [
        ("Tatausaha-Cakupan", plan_.scope_text),
        ("Tatausaha-Cakupan-Data", plan_.scope.to_json()),
        ("Tatausaha-Diekspor-Oleh", f"{a.full_name} ({a.username}, {a.role.value})"),
        ("Tatausaha-Waktu-Ekspor", f"{stamp.isoformat()} {clock.office_zone().abbr}"),
        ("Tatausaha-Jumlah-Catatan", str(plan_.records)),
        ("Tatausaha-Jumlah-Berkas-Asli", str(files)),
        ("Tatausaha-Rahasia-Dalam-Cakupan", str(plan_.secret_total)),
        ("Tatausaha-Rahasia-Disertakan", str(plan_.secret_included)),
        ("Tatausaha-Rahasia-Tidak-Berhak", str(plan_.withheld_count(NOT_ALLOWED))),
        ("Tatausaha-Rahasia-Tidak-Diminta", str(plan_.withheld_count(NOT_ASKED))),
        ("Tatausaha-Bukti-Kurang", str(len(plan_.missing))),
        ("Tatausaha-Jejak-Audit", f"{audit_rows} baris; {anchor_text or 'kosong'}"),
    ]
    return info


# -- history ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HandedOver:
    bundle_id: str
    when: Any  # office time
    by: str
    file: str
    scope_text: str
    request: str
    records: int
    files: int
    secret_withheld: int
    tagmanifest_sha256: str
    audit_id: int


def history(uow: UnitOfWork, *, limit: int = 500) -> list[HandedOver]:
    """Bundles exported from this office, newest first (read from the audit trail)."""
    uow.require(Permission.EXPORT)
    q = (select(AuditLog.id, AuditLog.ts, AuditLog.actor_name, AuditLog.entity_id, AuditLog.after)
         .where(AuditLog.entity == ENTITY, AuditLog.action == "export").order_by(AuditLog.id.desc()).limit(limit))
    out = []
    for r in uow.session.execute(q):
        try:
            d = json.loads(r.after or "{}")
        except ValueError:
            d = {}
        out.append(HandedOver(str(r.entity_id), clock.to_office(r.ts), r.actor_name, str(d.get("file", "")),
                              str(d.get("scope_text", "")), str(d.get("request", "")), int(d.get("records", 0) or 0),
                              int(d.get("files", 0) or 0), int(d.get("secret_withheld", 0) or 0),
                              str(d.get("tagmanifest_sha256", "")), int(r.id)))
    return out


def find_handed_over(uow: UnitOfWork, tagmanifest_sha256: str) -> HandedOver | None:
    """The export whose tag-manifest hash this is (a bundle shown later proven to be the one handed over)."""
    for h in history(uow, limit=100000):
        if h.tagmanifest_sha256 and h.tagmanifest_sha256 == tagmanifest_sha256:
            return h
    return None


def iter_scope_params(scope_kind: ScopeKind) -> Iterable[ScopeParam]:
    return iter(scope_kind.params)
