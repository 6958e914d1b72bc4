"""archive files inside the server database (archive_file, archive_part), write-once on PostgreSQL

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_file",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_archive_file")),
    )
    op.create_table(
        "archive_part",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["archive_file.sha256"], name=op.f("fk_archive_part_sha256_archive_file")),
        sa.PrimaryKeyConstraint("sha256", "part", name=op.f("pk_archive_part")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Scans and PDFs are compressed already: keep the parts out of line, uncompressed.
        op.execute("ALTER TABLE archive_part ALTER COLUMN data SET STORAGE EXTERNAL")
        # Read-only once written. Only removing an orphan (a file no record names, found by
        # 'tatausaha check') may delete, and only with the session switch the server command sets.
        op.execute("""
            CREATE FUNCTION tatausaha_archive_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' AND current_setting('tatausaha.hapus_yatim', true) = 'ya' THEN
                RETURN OLD;
              END IF;
              RAISE EXCEPTION 'berkas arsip hanya-baca: % pada % ditolak', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
            END $$""")
        for table in ("archive_file", "archive_part"):
            op.execute(f"CREATE TRIGGER {table}_write_once BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION tatausaha_archive_write_once()")


def downgrade() -> None:
    op.drop_table("archive_part")
    op.drop_table("archive_file")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS tatausaha_archive_write_once()")
