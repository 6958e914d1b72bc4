"""The archive as a list: every stored document with its classification and the records it belongs to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from tatausaha import visibility
from tatausaha.models.document import Document, DocumentLink
from tatausaha.services.auth import Actor, Permission
from tatausaha.services.klasifikasi import in_subtree
from tatausaha.services.uow import UnitOfWork


@dataclass(frozen=True)
class DocumentRow:
    id: int
    original_name: str
    mime: str
    size: int
    page_count: int | None
    kode_klasifikasi: str
    created_at: dt.datetime
    links: str  # "surat_masuk #12 (scan), ..."
    sha256: str


def _filters(stmt, text: str, kode: str, actor: Actor):  # type: ignore[no-untyped-def]
    # documents of secret records the actor is not in the chain of are not listed, counted or matched
    stmt = stmt.where(visibility.document_visible_clause(actor, Document.id))
    if text:
        for word in text.lower().split():
            pattern = f"%{word}%"
            stmt = stmt.where(or_(func.lower(Document.original_name).like(pattern), Document.sha256.like(word + "%")))
    if kode:
        stmt = stmt.where(or_(Document.kode_klasifikasi == kode, Document.kode_klasifikasi.like(kode + ".%")))
    return stmt


def count_documents(uow: UnitOfWork, *, text: str = "", kode: str = "") -> int:
    uow.require(Permission.READ)
    return uow.session.execute(_filters(select(func.count(Document.id)), text, kode, uow.actor)).scalar_one()


def list_documents(uow: UnitOfWork, *, text: str = "", kode: str = "", limit: int = 200, offset: int = 0) -> list[DocumentRow]:
    uow.require(Permission.READ)
    docs = uow.session.execute(
        _filters(select(Document), text, kode, uow.actor).order_by(Document.created_at.desc(), Document.id.desc()).limit(limit).offset(offset)
    ).scalars().all()
    ids = [d.id for d in docs]
    links: dict[int, list[str]] = {}
    if ids:
        for link in uow.session.execute(select(DocumentLink).where(DocumentLink.document_id.in_(ids))).scalars():
            links.setdefault(link.document_id, []).append(f"{link.record_kind.replace('_', ' ')} #{link.record_id} ({link.role})")
    return [
        DocumentRow(d.id, d.original_name, d.mime, d.size, d.page_count, d.kode_klasifikasi or "", d.created_at,
                    ", ".join(links.get(d.id, [])), d.sha256)
        for d in docs
    ]


def set_klasifikasi(uow: UnitOfWork, document_id: int, kode: str) -> None:
    uow.require(Permission.WRITE)
    doc = uow.session.get(Document, document_id)
    if doc is not None:
        doc.kode_klasifikasi = kode or None


__all__ = ["DocumentRow", "count_documents", "in_subtree", "list_documents", "set_klasifikasi"]
