"""archive: each document's SHA-512 kept beside its SHA-256 (the bundle's second manifest)

Revision ID: 0013
Revises: 0012

A digest is a property of the bytes, and the bytes never change under their SHA-256 name, so the
SHA-512 an auditor bundle lists is worked out once (when the file is stored, or by the first bundle
that carries an older file) instead of on every export. Older rows start empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("sha512", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("sha512")
