"""Models of the ingest area: configured scan folders, settings and the pipeline journal.

``ScanItem`` is the journal: one row per file taken from a scan folder (or per part of a batch
split by separator sheets). Its ``state`` walks

    detected -> stored -> filed | review | duplicate | quarantined | split

and ``source_done`` tells whether the original has left the scan folder (moved to the processed
folder or deleted). A row is *open* while it is not final or its source is not done; the
pipeline resumes open rows after a crash, so nothing is lost and nothing is filed twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, utcnow

# Journal states
DETECTED = "detected"  # seen and complete; nothing archived yet
STORED = "stored"  # bytes in the archive store, Document row written; identification pending
FILED = "filed"  # attached to a record automatically (or by a person from the Kotak Pindai)
REVIEW = "review"  # archived, waiting in the Kotak Pindai
DUPLICATE = "duplicate"  # the same bytes were archived before
QUARANTINED = "quarantined"  # a bad file, moved to the quarantine folder with a reason
SPLIT = "split"  # a batch scan cut into parts by separator sheets (parts are their own rows)
DISCARDED = "discarded"  # removed from the Kotak Pindai by a person (the archived copy stays)

FINAL_STATES = frozenset({FILED, REVIEW, DUPLICATE, QUARANTINED, SPLIT, DISCARDED})
#: archived and settled: only moving/deleting the original may be left (never quarantined afterwards)
SETTLED = frozenset({FILED, REVIEW, DUPLICATE, SPLIT, DISCARDED})
STATES = (DETECTED, STORED, FILED, REVIEW, DUPLICATE, QUARANTINED, SPLIT, DISCARDED)


class IngestFolder(Base):
    """A scan folder the watcher takes files from."""

    __tablename__ = "ingest_folder"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    #: poll instead of native events (network shares: SMB mounts, Windows shares)
    polling: Mapped[bool] = mapped_column(default=False)
    poll_interval: Mapped[float] = mapped_column(default=1.0)
    #: what happens to the original after it is archived: "move" (to processed_path) or "delete"
    after: Mapped[str] = mapped_column(String(8), default="move")
    processed_path: Mapped[str] = mapped_column(String(1000), default="")  # "" = <folder>/_diproses
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IngestSetting(Base):
    """Office-wide ingest settings as key -> JSON text (quiet period, size limit, rules ...)."""

    __tablename__ = "ingest_setting"
    __audit__ = True

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ScanItem(Base):
    """One file (or one part of a split batch) in the ingest journal."""

    __tablename__ = "scan_item"
    # The journal is operational and busy (several updates per file); the audit trail gets the
    # Document/DocumentLink rows it produces and explicit events for what people do in the inbox.
    __audit__ = False
    __table_args__ = (
        Index("ix_scan_item_state", "state", "id"),
        Index("ix_scan_item_source", "source_path", "source_done"),
        Index("ix_scan_item_sha256", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_folder.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("scan_item.id", ondelete="SET NULL"), index=True)
    part_no: Mapped[int | None]  # 1-based part of a split batch
    source_path: Mapped[str | None] = mapped_column(String(2000))  # the original in the scan folder
    source_name: Mapped[str] = mapped_column(String(500), default="")
    source_size: Mapped[int | None] = mapped_column(BigInteger)
    source_mtime_ns: Mapped[int | None] = mapped_column(BigInteger)
    source_done: Mapped[bool] = mapped_column(default=False)
    #: where the original goes (processed or quarantine folder), written before it is moved
    dest_path: Mapped[str | None] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(16), default=DETECTED)
    sha256: Mapped[str | None] = mapped_column(String(64))
    mime: Mapped[str | None] = mapped_column(String(100))
    page_count: Mapped[int | None]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"))
    #: a PDF derived from an image original, for viewing and search
    view_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("scan_item.id", ondelete="SET NULL"))
    method: Mapped[str | None] = mapped_column(String(16))  # qr | separator | cover | rule | text | ocr | manual
    record_kind: Mapped[str | None] = mapped_column(String(32))
    record_id: Mapped[int | None]
    role: Mapped[str | None] = mapped_column(String(32))
    suggestions: Mapped[str | None] = mapped_column(Text)  # JSON list of ranked suggestions
    extracted: Mapped[str | None] = mapped_column(Text)  # JSON: nomor_surat, tanggal_surat, pengirim, perihal
    text_source: Mapped[str | None] = mapped_column(String(16))  # pdf | ocr | none
    note: Mapped[str] = mapped_column(Text, default="")  # why it is waiting, what was tried (Indonesian)
    reason: Mapped[str] = mapped_column(Text, default="")  # quarantine reason (Indonesian)
    attempts: Mapped[int] = mapped_column(default=0)
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    filed_at: Mapped[dt.datetime | None]
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
