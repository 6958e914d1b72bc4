"""audit: rows sealed with the installation key (key_id)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows keep key_id NULL: their plain SHA-256 links stay verifiable; new rows are keyed.
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("key_id")
