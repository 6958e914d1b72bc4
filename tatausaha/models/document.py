from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, utcnow


class Document(Base):
    """A file kept once in the archive store, named by the SHA-256 of its bytes."""

    __tablename__ = "document"
    __audit__ = True
    #: ``sha512`` is derived from the bytes (named by ``sha256``), worked out once for bundles: not an edit
    __audit_exclude__ = frozenset({"text", "sha512"})

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    sha512: Mapped[str | None] = mapped_column(String(128))  # empty for files stored before 0013 until bundled
    size: Mapped[int]
    mime: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(500))
    page_count: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)
    text_source: Mapped[str | None] = mapped_column(String(16))  # pdf | ocr | none
    kode_klasifikasi: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DocumentLink(Base):
    """Attaches a document to any record: (record_kind, record_id) with a role and version."""

    __tablename__ = "document_link"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("document_id", "record_kind", "record_id", "role"),
        Index("ix_document_link_record", "record_kind", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"))
    record_kind: Mapped[str] = mapped_column(String(32))  # surat_masuk, surat_keluar, disposisi, spj_item ...
    record_id: Mapped[int]
    role: Mapped[str] = mapped_column(String(32), default="lampiran")  # scan | lampiran | cetak | ttd ...
    version: Mapped[int] = mapped_column(default=1)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
