"""The Kotak Pindai (review inbox) services: what waits, ranked suggestions, attach, new surat
masuk prefilled from the scan, page edits (rotate, split, merge), duplicates and quarantine."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from tatausaha import registry, visibility
from tatausaha.changes import Changes
from tatausaha.errors import NotFound, PermissionDenied, ValidationFailed
from tatausaha.ingest import records
from tatausaha.ingest.extract import Extracted
from tatausaha.ingest.pages import PageSource
from tatausaha.ingest.records import Suggestion
from tatausaha.ingest.validate import PDF
from tatausaha.models.base import utcnow
from tatausaha.models.document import Document
from tatausaha.models.ingest import DISCARDED, DUPLICATE, FILED, QUARANTINED, REVIEW, SETTLED, STATES, ScanItem
from tatausaha.services import documents
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.archive import ArchiveStore

STATE_LABELS = {
    "detected": "Terdeteksi",
    "stored": "Diproses",
    "filed": "Terarsip",
    "review": "Menunggu",
    "duplicate": "Duplikat",
    "quarantined": "Karantina",
    "split": "Dipisah",
    "discarded": "Disisihkan",
    "delete_pending": "Menunggu dihapus dari folder pindai",
}
METHOD_LABELS = {
    "qr": "kode QR", "separator": "lembar pemisah", "cover": "lembar sampul", "rule": "aturan nama berkas",
    "text": "teks PDF",
    "ocr": "OCR", "manual": "manual",
}


@dataclass(frozen=True)
class ScanRow:
    id: int
    state: str
    source_name: str
    detected_at: dt.datetime
    mime: str | None
    page_count: int | None
    document_id: int | None
    sha256: str | None
    view_sha256: str | None  # the PDF to preview (the original when it is a PDF)
    method: str | None
    record_kind: str | None
    record_id: int | None
    note: str
    reason: str
    dest_path: str | None
    parent_id: int | None
    duplicate_of_id: int | None
    top_suggestion: str = ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class ScanDetail:
    row: ScanRow
    suggestions: tuple[Suggestion, ...] = ()
    extracted: Extracted = field(default_factory=Extracted)
    record_label: str = ""
    text: str = ""


def _row(uow: UnitOfWork, it: ScanItem, docs: dict[int, str]) -> ScanRow:
    sugg = ""
    if it.suggestions:
        try:
            first = json.loads(it.suggestions)[0]
            sugg = f"{first['label']} ({first['score']:.0%})"
        except (ValueError, KeyError, IndexError, TypeError):
            sugg = ""
    view = docs.get(it.view_document_id) if it.view_document_id else None
    if view is None and it.mime == PDF:
        view = it.sha256
    return ScanRow(
        it.id, it.state, it.source_name, it.detected_at, it.mime, it.page_count, it.document_id, it.sha256, view,
        it.method, it.record_kind, it.record_id, it.note or "", it.reason or "", it.dest_path, it.parent_id,
        it.duplicate_of_id, sugg,
    )


#: what a person outside a secret letter's chain sees of a scan that belongs to it
MASKED_NAME = "— pindaian surat rahasia —"


def _touched(it: ScanItem, dup: ScanItem | None) -> list[visibility.Key]:
    """The records (and documents) a scan item is derived from: what it inherits its keamanan from."""
    keys: list[visibility.Key] = []
    for one in (it, dup):
        if one is None:
            continue
        keys += [(visibility.DOCUMENT, d) for d in (one.document_id, one.view_document_id) if d]
        if one.record_kind and one.record_id:
            keys.append((one.record_kind, one.record_id))
        if one.suggestions:
            try:
                keys += [(str(s["kind"]), int(s["id"])) for s in json.loads(one.suggestions)]
            except (ValueError, KeyError, TypeError):
                pass
    return keys


def _hidden_items(uow: UnitOfWork, items: Sequence[ScanItem]) -> set[int]:
    """Ids of the items the actor may not see (the strictest keamanan of what each one touches)."""
    viewer = visibility.Viewer.of(uow.actor)
    if viewer.see_all or not items:
        return set()
    dup_ids = {it.duplicate_of_id for it in items if it.duplicate_of_id}
    dups = {d.id: d for d in uow.session.execute(select(ScanItem).where(ScanItem.id.in_(dup_ids))).scalars()} if dup_ids else {}
    touched = {it.id: _touched(it, dups.get(it.duplicate_of_id or 0)) for it in items}
    labels = visibility.labels(uow.session, {k for ks in touched.values() for k in ks})
    out = set()
    for it in items:
        lab = visibility.PUBLIC
        for k in touched[it.id]:
            lab = lab.join(labels.get(k, visibility.PUBLIC))
        if not lab.visible_to(viewer):
            out.add(it.id)
    return out


def _masked_row(it: ScanItem) -> ScanRow:
    return ScanRow(
        it.id, it.state, MASKED_NAME, it.detected_at, it.mime, it.page_count, None, None, None, it.method,
        it.record_kind, it.record_id, "Pindaian ini milik surat rahasia; hanya pimpinan dan alur suratnya yang dapat membukanya.",
        "", None, it.parent_id, it.duplicate_of_id, "",
    )


def list_items(uow: UnitOfWork, states: Sequence[str] = (REVIEW,), *, limit: int = 500, offset: int = 0) -> list[ScanRow]:
    """One page of the journal; a scan of a secret letter is listed masked to those outside its chain."""
    uow.require(Permission.READ)
    bad = [s for s in states if s not in STATES]
    if bad:
        raise ValidationFailed(f"Status pindaian tidak dikenal: {', '.join(bad)}.")
    items = list(uow.session.execute(
        select(ScanItem).where(ScanItem.state.in_(list(states))).order_by(ScanItem.id.desc()).limit(limit).offset(offset)
    ).scalars())
    view_ids = {it.view_document_id for it in items if it.view_document_id}
    docs = dict(uow.session.execute(select(Document.id, Document.sha256).where(Document.id.in_(view_ids))).all()) if view_ids else {}
    secret = _hidden_items(uow, items)
    return [_masked_row(it) if it.id in secret else _row(uow, it, docs) for it in items]


def counts(uow: UnitOfWork) -> dict[str, int]:
    uow.require(Permission.READ)
    rows = uow.session.execute(select(ScanItem.state, func.count()).group_by(ScanItem.state)).all()
    out = {state: int(n) for state, n in rows}
    # settled items whose original still waits to be deleted from the scan folder (retried automatically)
    pending = uow.session.execute(
        select(func.count()).select_from(ScanItem)
        .where(ScanItem.source_done.is_(False), ScanItem.dest_path == "", ScanItem.state.in_(list(SETTLED)))
    ).scalar_one()
    if pending:
        out["delete_pending"] = int(pending)
    return out


def _item(uow: UnitOfWork, item_id: int) -> ScanItem:
    """The scan item, once the actor may see everything it is derived from (opening, filing, editing)."""
    it = uow.session.get(ScanItem, item_id)
    if it is None:
        raise NotFound(f"Pindaian #{item_id} tidak ditemukan.")
    if _hidden_items(uow, [it]):
        raise PermissionDenied(f"Pindaian #{item_id} milik surat rahasia: hanya dapat dibuka oleh pimpinan dan "
                               "orang-orang dalam alur surat tersebut.")
    return it


def get_item(uow: UnitOfWork, item_id: int) -> ScanDetail:
    uow.require(Permission.READ)
    it = _item(uow, item_id)
    docs = {}
    if it.view_document_id:
        vd = uow.session.get(Document, it.view_document_id)
        if vd is not None:
            docs[vd.id] = vd.sha256
    suggestions: tuple[Suggestion, ...] = ()
    if it.suggestions:
        try:
            suggestions = tuple(Suggestion(**s) for s in json.loads(it.suggestions))
        except (ValueError, TypeError):
            suggestions = ()
    extracted = Extracted.from_dict(json.loads(it.extracted)) if it.extracted else Extracted()
    label = records.label(uow, it.record_kind, it.record_id) if it.record_kind and it.record_id else ""
    doc = uow.session.get(Document, it.document_id) if it.document_id else None
    return ScanDetail(_row(uow, it, docs), suggestions, extracted, label, (doc.text or "") if doc else "")


def attach(uow: UnitOfWork, item_id: int, kind: str, record_id: int, *, role: str = "scan") -> Changes:
    """Attach a waiting scan to a record (the one action of the Kotak Pindai)."""
    uow.require(Permission.WRITE)
    it = _item(uow, item_id)
    if it.state not in (REVIEW, DUPLICATE) or it.document_id is None:
        raise ValidationFailed(f"Pindaian #{item_id} berstatus {STATE_LABELS.get(it.state, it.state)}; "
                               "hanya pindaian yang menunggu yang dapat dilampirkan.")
    if registry.kind(kind) is None:
        known = ", ".join(k.name for k in registry.kinds(built_only=True) if k.attachable)
        raise ValidationFailed(f"Jenis catatan '{kind}' tidak dikenal. Jenis yang dapat dilampiri: {known}.", field="kind")
    if not records.exists(uow, kind, record_id):
        raise NotFound(f"{records.kind_label(kind)} #{record_id} tidak ditemukan.")
    rk = registry.kind(kind)
    note = f"Pindaian {it.source_name}"
    if rk is not None and rk.attach_scan is not None:
        changes = rk.attach_scan(uow, record_id, it.document_id, role, note)
    else:
        changes = documents.link_document(uow, it.document_id, kind, record_id, role=role, note=note)
    it.record_kind, it.record_id, it.role = kind, record_id, role
    if it.state == REVIEW:
        it.state, it.method = FILED, "manual"
    it.filed_at, it.filed_by = utcnow(), uow.actor.user_id
    uow.record("ingest_attach", "scan_item", it.id, {"record_kind": kind, "record_id": record_id, "role": role})
    uow.session.flush()
    return changes.merge(Changes.of("scan_item", it.id))


def discard(uow: UnitOfWork, item_id: int, note: str = "") -> Changes:
    """Take a scan out of the Kotak Pindai (its archived copy stays in the store)."""
    uow.require(Permission.WRITE)
    it = _item(uow, item_id)
    if it.state != REVIEW:
        raise ValidationFailed(f"Pindaian #{item_id} tidak sedang menunggu.")
    it.state = DISCARDED
    it.note = (note or "Disisihkan dari Kotak Pindai.").strip()
    uow.record("ingest_discard", "scan_item", it.id, {"note": it.note})
    uow.session.flush()
    return Changes.of("scan_item", it.id)


def creatable_kinds() -> list[tuple[str, str]]:
    """(kind, action label) of every kind whose records can be created from a scan."""
    return [(k.name, k.create_from_scan.label) for k in registry.kinds(built_only=True) if k.create_from_scan]


def _form(kind: str) -> registry.ScanForm:
    k = registry.kind(kind)
    if k is None or k.create_from_scan is None:
        raise ValidationFailed(f"{records.kind_label(kind)} tidak dapat dibuat dari pindaian.")
    return k.create_from_scan


def prefill(uow: UnitOfWork, item_id: int, kind: str) -> dict[str, object]:
    """Fields for a new record of ``kind`` read from the scan (the clerk checks them before saving)."""
    uow.require(Permission.READ)
    form = _form(kind)
    return form.prefill(uow, get_item(uow, item_id).extracted)


def create_from_scan(uow: UnitOfWork, item_id: int, kind: str, fields: dict[str, object]) -> tuple[int, Changes]:
    """Create a record of ``kind`` from the scan and attach the scan to it, in one transaction."""
    uow.require(Permission.WRITE)
    form = _form(kind)
    missing = [f for f in form.required if not fields.get(f)]
    if missing:
        names = [m.replace("_", " ") for m in missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]
        raise ValidationFailed(f"{listed[:1].upper()}{listed[1:]} wajib diisi untuk {records.kind_label(kind).lower()} baru.")
    new_id, created = form.create(uow, fields)
    changes = attach(uow, item_id, kind, new_id)
    return new_id, changes.merge(created)


def list_quarantine(uow: UnitOfWork, *, limit: int = 500) -> list[ScanRow]:
    return list_items(uow, (QUARANTINED,), limit=limit)


# -- page edits (on the PDF: the original, or the PDF derived from an image) ------------------


def _pdf_bytes(uow: UnitOfWork, store: ArchiveStore, it: ScanItem) -> bytes:
    if it.mime == PDF and it.sha256:
        return store.read_bytes(it.sha256)
    if it.view_document_id:
        vd = uow.session.get(Document, it.view_document_id)
        if vd is not None:
            return store.read_bytes(vd.sha256)
    raise ValidationFailed(f"Pindaian #{it.id} tidak punya PDF yang dapat diubah.")


def _new_item(uow: UnitOfWork, store: ArchiveStore, data: bytes, name: str, parent: ScanItem, note: str) -> ScanItem:
    stored = store.put_bytes(data)
    with PageSource(data, PDF) as ps:
        pages, text = len(ps), ps.all_text() or None
    doc = uow.session.execute(select(Document).where(Document.sha256 == stored.sha256)).scalar_one_or_none()
    if doc is None:
        doc = Document(sha256=stored.sha256, sha512=stored.sha512 or None, size=stored.size, mime=PDF,
                       original_name=name, page_count=pages,
                       text=text, text_source="pdf" if text else None)
        uow.session.add(doc)
        uow.session.flush()
        documents.reindex(uow.session, doc.id)
    item = ScanItem(
        folder_id=parent.folder_id, parent_id=parent.id, source_path=None, source_name=name, source_done=True,
        state=REVIEW, sha256=stored.sha256, mime=PDF, page_count=pages, document_id=doc.id,
        suggestions=parent.suggestions, extracted=parent.extracted, note=note, attempts=0,
    )
    uow.session.add(item)
    uow.session.flush()
    return item


def _retire(it: ScanItem, note: str) -> None:
    it.state = DISCARDED
    it.note = note


def _writer_from(data: bytes):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def _write(pages: Sequence[object]) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    for p in pages:
        w.add_page(p)  # type: ignore[arg-type]
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _editable(uow: UnitOfWork, item_id: int) -> ScanItem:
    it = _item(uow, item_id)
    if it.state != REVIEW:
        raise ValidationFailed(f"Hanya pindaian yang menunggu yang dapat diubah halamannya (#{item_id}).")
    return it


def rotate_pages(uow: UnitOfWork, store: ArchiveStore, item_id: int, degrees: int, pages: Sequence[int] | None = None) -> int:
    """Rotate pages (0-based; all when None) by a multiple of 90°; returns the new item's id."""
    uow.require(Permission.WRITE)
    if degrees % 90:
        raise ValidationFailed("Putaran halaman harus kelipatan 90 derajat.")
    it = _editable(uow, item_id)
    reader = _writer_from(_pdf_bytes(uow, store, it))
    chosen = set(range(len(reader.pages)) if pages is None else pages)
    out = []
    for i, page in enumerate(reader.pages):
        if i in chosen:
            page.rotate(degrees)
        out.append(page)
    new = _new_item(uow, store, _write(out), _pdf_name(it.source_name), it, f"Diputar {degrees}° dari pindaian #{it.id}.")
    _retire(it, f"Diganti oleh #{new.id} (halaman diputar).")
    uow.record("ingest_rotate", "scan_item", it.id, {"new": new.id, "degrees": degrees})
    return new.id


def split_item(uow: UnitOfWork, store: ArchiveStore, item_id: int, starts: Sequence[int]) -> list[int]:
    """Split before each 0-based page in ``starts``; returns the new items' ids (in page order)."""
    uow.require(Permission.WRITE)
    it = _editable(uow, item_id)
    reader = _writer_from(_pdf_bytes(uow, store, it))
    n = len(reader.pages)
    cuts = sorted({s for s in starts if 0 < s < n})
    if not cuts:
        raise ValidationFailed("Pilih halaman tempat dokumen dipisah (bukan halaman pertama).")
    bounds = [0, *cuts, n]
    ids = []
    stem = _pdf_name(it.source_name)[:-4]
    for k in range(len(bounds) - 1):
        pages = [reader.pages[i] for i in range(bounds[k], bounds[k + 1])]
        new = _new_item(uow, store, _write(pages), f"{stem} (bagian {k + 1}).pdf", it,
                        f"Bagian {k + 1} dari pindaian #{it.id} (halaman {bounds[k] + 1}–{bounds[k + 1]}).")
        ids.append(new.id)
    _retire(it, f"Dipisah menjadi {', '.join(f'#{i}' for i in ids)}.")
    uow.record("ingest_split", "scan_item", it.id, {"new": ids})
    return ids


def merge_items(uow: UnitOfWork, store: ArchiveStore, item_ids: Sequence[int]) -> int:
    """Join waiting scans (in the given order) into one; returns the new item's id."""
    uow.require(Permission.WRITE)
    if len(item_ids) < 2:
        raise ValidationFailed("Pilih sedikitnya dua pindaian untuk digabung.")
    items = [_editable(uow, i) for i in item_ids]
    pages = []
    for it in items:
        pages.extend(_writer_from(_pdf_bytes(uow, store, it)).pages)
    first = items[0]
    new = _new_item(uow, store, _write(pages), _pdf_name(first.source_name)[:-4] + " (gabungan).pdf", first,
                    "Gabungan pindaian " + ", ".join(f"#{it.id}" for it in items) + ".")
    for it in items:
        _retire(it, f"Digabung ke #{new.id}.")
    uow.record("ingest_merge", "scan_item", new.id, {"from": list(item_ids)})
    return new.id


def _pdf_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem + ".pdf"
