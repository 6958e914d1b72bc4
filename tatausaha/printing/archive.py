"""Keep the printed PDF of a record in the archive, as a new version of its "cetak" document."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from tatausaha.changes import Changes
from tatausaha.errors import ValidationFailed
from tatausaha.models.document import DocumentLink
from tatausaha.services import documents
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.filestore import FileStore

ROLE_CETAK = "cetak"


@dataclass(frozen=True)
class PrintedVersion:
    document_id: int
    sha256: str
    version: int
    new: bool  # False when these exact bytes were already kept for this record
    changes: Changes


def keep_printed_version(
    uow: UnitOfWork,
    store: FileStore,
    record_kind: str,
    record_id: int,
    pdf_bytes: bytes,
    *,
    name: str | None = None,
    note: str | None = None,
) -> PrintedVersion:
    """Store ``pdf_bytes`` and link it to the record with role ``cetak`` and the next version.

    Printing the same bytes twice keeps one version (the link already exists). The caller commits.
    """
    uow.require(Permission.WRITE)
    if not pdf_bytes.startswith(b"%PDF-"):
        raise ValidationFailed("Hasil cetak bukan berkas PDF; tidak disimpan ke arsip.")
    filename = name or f"{record_kind}-{record_id}-cetak.pdf"
    info = documents.add_document_bytes(uow, store, pdf_bytes, filename)
    existing = uow.session.execute(
        select(DocumentLink.version).where(
            DocumentLink.document_id == info.id,
            DocumentLink.record_kind == record_kind,
            DocumentLink.record_id == record_id,
            DocumentLink.role == ROLE_CETAK,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return PrintedVersion(info.id, info.sha256, existing, False, Changes())
    changes = documents.link_document(uow, info.id, record_kind, record_id, role=ROLE_CETAK, note=note)
    version = uow.session.execute(
        select(func.max(DocumentLink.version)).where(
            DocumentLink.record_kind == record_kind,
            DocumentLink.record_id == record_id,
            DocumentLink.role == ROLE_CETAK,
        )
    ).scalar_one()
    uow.record("print", record_kind, record_id, {"document_id": info.id, "version": version})
    return PrintedVersion(info.id, info.sha256, int(version), True, changes)


def printed_versions(uow: UnitOfWork, record_kind: str, record_id: int) -> list[documents.LinkInfo]:
    """The kept printed versions of a record, oldest first."""
    return [link for link in documents.list_links(uow, record_kind, record_id) if link.role == ROLE_CETAK]
