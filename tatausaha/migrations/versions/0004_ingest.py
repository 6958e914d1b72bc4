"""ingest: scan folders, ingest settings, the scan journal (scan_item)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_folder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("polling", sa.Boolean(), nullable=False),
        sa.Column("poll_interval", sa.Double(), nullable=False),
        sa.Column("after", sa.String(length=8), nullable=False),
        sa.Column("processed_path", sa.String(length=1000), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_folder")),
        sa.UniqueConstraint("path", name=op.f("uq_ingest_folder_path")),
    )
    op.create_table(
        "ingest_setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_ingest_setting")),
    )
    op.create_table(
        "scan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folder_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("part_no", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=2000), nullable=True),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("source_size", sa.BigInteger(), nullable=True),
        sa.Column("source_mtime_ns", sa.BigInteger(), nullable=True),
        sa.Column("source_done", sa.Boolean(), nullable=False),
        sa.Column("dest_path", sa.String(length=2000), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("mime", sa.String(length=100), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("view_document_id", sa.Integer(), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=True),
        sa.Column("record_kind", sa.String(length=32), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("suggestions", sa.Text(), nullable=True),
        sa.Column("extracted", sa.Text(), nullable=True),
        sa.Column("text_source", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("filed_at", sa.DateTime(), nullable=True),
        sa.Column("filed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_scan_item_document_id_document"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["duplicate_of_id"], ["scan_item.id"], name=op.f("fk_scan_item_duplicate_of_id_scan_item"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["filed_by"], ["user_account.id"], name=op.f("fk_scan_item_filed_by_user_account"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["folder_id"], ["ingest_folder.id"], name=op.f("fk_scan_item_folder_id_ingest_folder"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["parent_id"], ["scan_item.id"], name=op.f("fk_scan_item_parent_id_scan_item"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["view_document_id"], ["document.id"], name=op.f("fk_scan_item_view_document_id_document"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_item")),
    )
    with op.batch_alter_table("scan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scan_item_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index("ix_scan_item_sha256", ["sha256"], unique=False)
        batch_op.create_index("ix_scan_item_source", ["source_path", "source_done"], unique=False)
        batch_op.create_index("ix_scan_item_state", ["state", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scan_item", schema=None) as batch_op:
        batch_op.drop_index("ix_scan_item_state")
        batch_op.drop_index("ix_scan_item_source")
        batch_op.drop_index("ix_scan_item_sha256")
        batch_op.drop_index(batch_op.f("ix_scan_item_parent_id"))
    op.drop_table("scan_item")
    op.drop_table("ingest_setting")
    op.drop_table("ingest_folder")
