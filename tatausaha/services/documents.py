"""Documents in the archive: store a file once, record it, link it to records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tatausaha import fileio, registry, visibility
from tatausaha.changes import Changes
from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.models.document import Document, DocumentLink
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.archive import ArchiveStore

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    sha256: str
    size: int
    mime: str
    original_name: str
    page_count: int | None
    text_source: str | None
    created: bool  # False when the same bytes were already archived


@dataclass(frozen=True)
class LinkInfo:
    link_id: int
    document_id: int
    sha256: str
    original_name: str
    mime: str
    role: str
    version: int


sniff_mime = fileio.sniff_mime  # one sniffer for the archive, the scan folder and the UI


def pdf_info(path: Path) -> tuple[int | None, str | None]:
    """Page count and text layer of a PDF; (None, None) when it cannot be read."""
    try:
        import pypdfium2 as pdfium

        from tatausaha.pdflock import PDFIUM_LOCK

        with PDFIUM_LOCK:
            return _pdf_info_locked(pdfium, path)
    except Exception:  # noqa: BLE001 - a broken PDF is just "unknown" here; ingest quarantines it
        return None, None


def _pdf_info_locked(pdfium, path: Path) -> tuple[int | None, str | None]:  # type: ignore[no-untyped-def]
    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf)
        texts = []
        for i in range(min(n, 200)):
            page = pdf[i]
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            page.close()
        return n, "\n".join(texts).strip() or None
    finally:
        pdf.close()


def reindex(session: Session, document_id: int) -> None:
    """Keep the search index in step with a document's text and links, in the caller's transaction.

    The documents room does not import search (search sits beside it): the application wires the
    search room's indexer to ``registry.on_document_changed`` when the areas are installed."""
    registry.document_changed(session, document_id)


def _to_info(doc: Document, created: bool) -> DocumentInfo:
    return DocumentInfo(doc.id, doc.sha256, doc.size, doc.mime, doc.original_name, doc.page_count, doc.text_source, created)


def add_document(
    uow: UnitOfWork,
    store: ArchiveStore,
    source: Path,
    *,
    original_name: str | None = None,
    text: str | None = None,
    text_source: str | None = None,
    kode_klasifikasi: str | None = None,
) -> DocumentInfo:
    """Keep ``source`` in the archive (once per content) and return its record."""
    uow.require(Permission.WRITE)
    if not source.is_file():
        raise NotFound(f"Berkas {source} tidak ditemukan.")
    if source.stat().st_size == 0:
        raise ValidationFailed(f"Berkas {source.name} kosong (0 bita).")
    stored = store.put_file(source)
    existing = uow.session.execute(select(Document).where(Document.sha256 == stored.sha256)).scalar_one_or_none()
    if existing is not None:
        if existing.sha512 is None and stored.sha512:  # stored before 0013: learn it now (not an edit)
            existing.sha512 = stored.sha512
        return _to_info(existing, created=False)
    with source.open("rb") as fh:
        head = fh.read(16)
    mime = sniff_mime(head, original_name or source.name)
    page_count = None
    if mime == "application/pdf":
        page_count, pdf_text = pdf_info(stored.path)
        if text is None and pdf_text:
            text, text_source = pdf_text, "pdf"
    doc = Document(
        sha256=stored.sha256,
        sha512=stored.sha512 or None,
        size=stored.size,
        mime=mime,
        original_name=original_name or source.name,
        page_count=page_count,
        text=text,
        text_source=text_source,
        kode_klasifikasi=kode_klasifikasi,
    )
    uow.session.add(doc)
    uow.session.flush()
    reindex(uow.session, doc.id)
    return _to_info(doc, created=True)


def add_document_bytes(uow: UnitOfWork, store: ArchiveStore, data: bytes, original_name: str, **kw: object) -> DocumentInfo:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "data"
        p.write_bytes(data)
        return add_document(uow, store, p, original_name=original_name, **kw)  # type: ignore[arg-type]


def link_document(
    uow: UnitOfWork, document_id: int, record_kind: str, record_id: int, *, role: str = "lampiran", note: str | None = None
) -> Changes:
    """Attach a document to a record; a new link for the same (record, role) gets the next version."""
    uow.require(Permission.WRITE)
    exists = uow.session.execute(
        select(DocumentLink).where(
            DocumentLink.document_id == document_id,
            DocumentLink.record_kind == record_kind,
            DocumentLink.record_id == record_id,
            DocumentLink.role == role,
        )
    ).scalar_one_or_none()
    if exists is not None:
        return Changes()
    last = uow.session.execute(
        select(func.max(DocumentLink.version)).where(
            DocumentLink.record_kind == record_kind, DocumentLink.record_id == record_id, DocumentLink.role == role
        )
    ).scalar()
    uow.session.add(
        DocumentLink(
            document_id=document_id, record_kind=record_kind, record_id=record_id, role=role,
            version=(last or 0) + 1, note=note, created_by=uow.actor.user_id,
        )
    )
    uow.session.flush()
    reindex(uow.session, document_id)  # the document now follows the record's keamanan and ACL
    return Changes.of(record_kind, record_id).merge(Changes.of("document", document_id))


def list_links(uow: UnitOfWork, record_kind: str, record_id: int) -> list[LinkInfo]:
    """The documents attached to a record, leaving out those the actor may not see.

    A document inherits the strictest keamanan of every record it is attached to
    (``tatausaha.visibility``), so a scan attached to a normal letter and to a rahasia one is
    listed only for the rahasia letter's chain.
    """
    uow.require(Permission.READ)
    rows = uow.session.execute(
        select(DocumentLink, Document)
        .join(Document, Document.id == DocumentLink.document_id)
        .where(DocumentLink.record_kind == record_kind, DocumentLink.record_id == record_id,
               visibility.document_visible_clause(uow.actor, Document.id))
        .order_by(DocumentLink.role, DocumentLink.version)
    ).all()
    return [LinkInfo(lk.id, d.id, d.sha256, d.original_name, d.mime, lk.role, lk.version) for lk, d in rows]


def require_visible_document(uow: UnitOfWork, document_id: int, what: str = "Dokumen") -> None:
    """Refuse a document (its file, text, preview) to anyone who may not see every record it belongs to."""
    visibility.require_visible(uow.session, uow.actor, [(visibility.DOCUMENT, document_id)], what)


def get_document(uow: UnitOfWork, document_id: int) -> DocumentInfo:
    uow.require(Permission.READ)
    doc = uow.session.get(Document, document_id)
    if doc is None:
        raise NotFound(f"Dokumen {document_id} tidak ditemukan.")
    require_visible_document(uow, doc.id, f"Dokumen {doc.id}")
    return _to_info(doc, created=False)


def all_hashes(uow: UnitOfWork) -> list[str]:
    return list(uow.session.execute(select(Document.sha256)).scalars())
