"""search: index tables, saved searches and the SQLite FTS5 index

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Contentless FTS5 table: the inverted index only, no copy of the (already stemmed) text.
# Kept literal here (not imported) so this migration never changes after release.
FTS5_CREATE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, nomor, dari, kepada, pegawai, meta, "
    "content='', tokenize='unicode61 remove_diacritics 0')"
)

# PostgreSQL: a tsvector per entry (weights A title, B number/sender/recipient/employee, C filter
# tokens, D body), GIN-indexed; rows go with their entry (ON DELETE CASCADE).
PG_CREATE = (
    "CREATE TABLE search_fts_pg (entry_id BIGINT PRIMARY KEY REFERENCES search_entry(id) ON DELETE CASCADE, "
    "tsv TSVECTOR NOT NULL)",
    "CREATE INDEX ix_search_fts_pg_tsv ON search_fts_pg USING GIN (tsv)",
)

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "search_entry",
        sa.Column("id", _ID, autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref_id", _ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("nomor", sa.String(length=200), nullable=False),
        sa.Column("dari", sa.String(length=300), nullable=False),
        sa.Column("kepada", sa.String(length=300), nullable=False),
        sa.Column("pegawai", sa.String(length=300), nullable=False),
        sa.Column("kode", sa.String(length=32), nullable=False),
        sa.Column("kode_group", sa.String(length=3), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=True),
        sa.Column("tahun", sa.Integer(), nullable=True),
        sa.Column("sifat", sa.String(length=32), nullable=False),
        sa.Column("keamanan", sa.String(length=16), nullable=False),
        sa.Column("jenis", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("indexed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("kind", "ref_id", name=op.f("uq_search_entry_kind_ref_id")),
    )
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.create_index("ix_search_entry_keamanan", ["keamanan"], unique=False)
        batch_op.create_index("ix_search_entry_kind_tahun", ["kind", "tahun"], unique=False)
        batch_op.create_index("ix_search_entry_kode", ["kode"], unique=False)

    op.create_table(
        "search_body",
        sa.Column("entry_id", _ID, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["search_entry.id"], name=op.f("fk_search_body_entry_id_search_entry"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_search_body")),
    )
    op.create_table(
        "search_acl",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", _ID, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["entry_id"], ["search_entry.id"], name=op.f("fk_search_acl_entry_id_search_entry"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_acl")),
    )
    with op.batch_alter_table("search_acl", schema=None) as batch_op:
        batch_op.create_index("ix_search_acl_entry_id", ["entry_id"], unique=False)

    op.create_table(
        "search_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_meta")),
    )
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_saved_search_user_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_saved_search_user_id_name")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS5_CREATE)
    elif op.get_bind().dialect.name == "postgresql":
        for stmt in PG_CREATE:
            op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_fts_pg")
    op.drop_table("saved_search")
    op.drop_table("search_meta")
    with op.batch_alter_table("search_acl", schema=None) as batch_op:
        batch_op.drop_index("ix_search_acl_entry_id")
    op.drop_table("search_acl")
    op.drop_table("search_body")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_search_entry_kode")
        batch_op.drop_index("ix_search_entry_kind_tahun")
        batch_op.drop_index("ix_search_entry_keamanan")
    op.drop_table("search_entry")
