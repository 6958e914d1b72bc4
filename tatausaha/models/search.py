"""Models of the search area: the generic search index every area feeds.

``search_entry`` holds one narrow row per indexed record (kind + ref_id) with the plain filter
columns; ``search_body`` keeps the original long text (snippets, preview, export) apart so the
entry rows stay small; ``search_acl`` lists who may see a restricted record. The full-text
index itself is backend-specific (SQLite: the FTS5 virtual table ``search_fts`` created in
migration 0005, see ``tatausaha/search/fts5.py``) and is not a model.

``search_entry.id`` is not an autoincrement counter: it encodes the record's date
(``date.toordinal() << 20 | sequence``) so that the full-text index's rowid order *is* date
order. Date sorting, date ranges and "newest first" pages are then rowid ranges inside the
FTS index, with no join and no sort (see docs/search.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, utcnow


class SearchEntry(Base):
    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("kind", "ref_id"),
        Index("ix_search_entry_kind_tahun", "kind", "tahun"),
        Index("ix_search_entry_kode", "kode"),
        Index("ix_search_entry_keamanan", "keamanan"),
    )

    # Date-ordered id (see module doc); autoincrement off on purpose.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    title: Mapped[str] = mapped_column(Text, default="")
    nomor: Mapped[str] = mapped_column(String(200), default="")
    dari: Mapped[str] = mapped_column(String(300), default="")
    kepada: Mapped[str] = mapped_column(String(300), default="")
    pegawai: Mapped[str] = mapped_column(String(300), default="")
    kode: Mapped[str] = mapped_column(String(32), default="")
    kode_group: Mapped[str] = mapped_column(String(3), default="")  # top-level KKA group: 000 … 900
    tanggal: Mapped[dt.date | None] = mapped_column(Date)
    tahun: Mapped[int | None]
    sifat: Mapped[str] = mapped_column(String(32), default="")
    keamanan: Mapped[str] = mapped_column(String(16), default="biasa")
    jenis: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(32), default="")
    indexed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SearchBody(Base):
    """The long text of an entry (letter summary/content, disposition notes, document text)."""

    __tablename__ = "search_body"

    entry_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("search_entry.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text, default="")


class SearchAcl(Base):
    """Who may see a restricted (terbatas/rahasia/sangat rahasia) entry besides SEE_SECRET holders."""

    __tablename__ = "search_acl"
    __table_args__ = (Index("ix_search_acl_entry_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("search_entry.id", ondelete="CASCADE")
    )
    user_id: Mapped[int | None]
    unit_id: Mapped[int | None]


class SearchMeta(Base):
    """Key/value facts about the index (analyzer version, last full rebuild)."""

    __tablename__ = "search_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SavedSearch(Base):
    __tablename__ = "saved_search"
    __audit__ = True
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
