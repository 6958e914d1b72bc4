"""several workstations: row_version (optimistic locking) on correspondence's editable records

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: editable records of the correspondence area; every UPDATE of them checks and bumps row_version
TABLES = ("instansi", "jenis_naskah", "instruksi_disposisi", "surat_masuk", "disposisi", "surat_keluar",
          "paraf_surat")


def upgrade() -> None:
    # existing rows start at version 1 (the server default), like new ones
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("row_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("row_version")
