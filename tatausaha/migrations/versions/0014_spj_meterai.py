"""spj: dated bea meterai rules (which kwitansi needs a meterai, and of what value)

Revision ID: 0014
Revises: 0013

Whether a receipt needs a meterai is law that changes, so it is a dated rule like the taxes and the
checklists, seeded with the two regimes a kecamatan's archive spans:

* UU No. 13 Tahun 1985 with PP No. 24 Tahun 2000 (from 2000-05-01 until 2020-12-31): a document
  stating a sum of money "lebih dari Rp250.000 sampai dengan Rp1.000.000" Rp3.000, "lebih dari
  Rp1.000.000" Rp6.000 (https://pasal.id/en/peraturan/pp/pp-no-24-tahun-2000/koreksi/9177772,
  https://www.kompas.com/tren/read/2020/09/04/131908365/bakal-jadi-rp-10000-apa-saja-kegunaan-meterai?page=2).
* UU No. 10 Tahun 2020 tentang Bea Meterai (in force 2021-01-01), Pasal 3 ayat (2) huruf g and
  Pasal 5: a single rate of Rp10.000 on a document stating a sum of money "lebih dari
  Rp5.000.000" (https://peraturan.go.id/common/dokumen/ln/2020/uu10-2020bt.pdf).

``batas_bawah`` is exclusive ("lebih dari"), ``batas_atas`` inclusive ("sampai dengan").
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

#: (berlaku_mulai, berlaku_sampai, batas_bawah exclusive, batas_atas inclusive, tarif, dasar_hukum)
METERAI_RULES = [
    (dt.date(2000, 5, 1), dt.date(2020, 12, 31), 250_000, 1_000_000, 3_000,
     "UU 13/1985 jo. PP 24/2000: lebih dari Rp250.000 s.d. Rp1.000.000"),
    (dt.date(2000, 5, 1), dt.date(2020, 12, 31), 1_000_000, None, 6_000,
     "UU 13/1985 jo. PP 24/2000: lebih dari Rp1.000.000"),
    (dt.date(2021, 1, 1), None, 5_000_000, None, 10_000,
     "UU 10/2020 Ps 3 ayat (2) huruf g dan Ps 5: lebih dari Rp5.000.000"),
]


def upgrade() -> None:
    op.create_table(
        "spj_aturan_meterai",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("berlaku_mulai", sa.Date(), nullable=False),
        sa.Column("berlaku_sampai", sa.Date(), nullable=True),
        sa.Column("batas_bawah", sa.BigInteger(), nullable=False),
        sa.Column("batas_atas", sa.BigInteger(), nullable=True),
        sa.Column("tarif", sa.BigInteger(), nullable=False),
        sa.Column("dasar_hukum", sa.String(length=300), nullable=False),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spj_aturan_meterai")),
    )
    at = dt.datetime(2026, 1, 1)  # fixed: the seed's own timestamp, not the migration's clock
    table = sa.table(
        "spj_aturan_meterai", sa.column("berlaku_mulai"), sa.column("berlaku_sampai"), sa.column("batas_bawah"),
        sa.column("batas_atas"), sa.column("tarif"), sa.column("dasar_hukum"), sa.column("aktif"),
        sa.column("row_version"), sa.column("created_at"), sa.column("updated_at"),
    )
    op.bulk_insert(table, [
        dict(berlaku_mulai=m, berlaku_sampai=s, batas_bawah=lo, batas_atas=hi, tarif=t, dasar_hukum=dh, aktif=True,
             row_version=1, created_at=at, updated_at=at)
        for m, s, lo, hi, t, dh in METERAI_RULES
    ])


def downgrade() -> None:
    op.drop_table("spj_aturan_meterai")
