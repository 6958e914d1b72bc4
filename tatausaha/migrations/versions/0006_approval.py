"""approval: accounts acting for a post (Plt./Plh.), paraf → tanda tangan of surat keluar, per-jenis fields

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('penugasan_pejabat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('jenis', sa.String(length=8), nullable=False),
    sa.Column('mulai', sa.Date(), nullable=True),
    sa.Column('selesai', sa.Date(), nullable=True),
    sa.Column('dasar', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("jenis IN ('Plt.', 'Plh.')", name=op.f('ck_penugasan_pejabat_jenis')),
    sa.ForeignKeyConstraint(['official_id'], ['official.id'], name=op.f('fk_penugasan_pejabat_official_id_official'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_penugasan_pejabat_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_penugasan_pejabat'))
    )
    with op.batch_alter_table('penugasan_pejabat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_penugasan_pejabat_official_id'), ['official_id'], unique=False)
        batch_op.create_index('ix_penugasan_pejabat_user', ['user_id', 'active'], unique=False)

    op.create_table('paraf_surat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('surat_keluar_id', sa.Integer(), nullable=False),
    sa.Column('putaran', sa.Integer(), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('peran', sa.String(length=8), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('catatan', sa.Text(), nullable=False),
    sa.Column('diajukan_oleh', sa.Integer(), nullable=True),
    sa.Column('diajukan_at', sa.DateTime(), nullable=False),
    sa.Column('oleh_user_id', sa.Integer(), nullable=True),
    sa.Column('selesai_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("peran IN ('paraf', 'ttd')", name=op.f('ck_paraf_surat_peran')),
    sa.CheckConstraint("status IN ('menunggu', 'selesai', 'dikembalikan', 'dibatalkan')", name=op.f('ck_paraf_surat_status')),
    sa.ForeignKeyConstraint(['diajukan_oleh'], ['user_account.id'], name=op.f('fk_paraf_surat_diajukan_oleh_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['official_id'], ['official.id'], name=op.f('fk_paraf_surat_official_id_official'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['oleh_user_id'], ['user_account.id'], name=op.f('fk_paraf_surat_oleh_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['surat_keluar_id'], ['surat_keluar.id'], name=op.f('fk_paraf_surat_surat_keluar_id_surat_keluar'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paraf_surat'))
    )
    with op.batch_alter_table('paraf_surat', schema=None) as batch_op:
        batch_op.create_index('ix_paraf_surat_surat', ['surat_keluar_id', 'putaran', 'urutan'], unique=False)

    with op.batch_alter_table('surat_keluar', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tahap', sa.String(length=16), server_default='konsep', nullable=False))
        batch_op.add_column(sa.Column('menunggu_official_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ditandatangani_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('ditandatangani_oleh', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rincian', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_surat_keluar_menunggu_official_id'), ['menunggu_official_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_surat_keluar_ditandatangani_oleh_user_account'), 'user_account', ['ditandatangani_oleh'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_surat_keluar_menunggu_official_id_official'), 'official', ['menunggu_official_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            op.f('ck_surat_keluar_tahap'), "tahap IN ('konsep', 'paraf', 'ttd', 'ditandatangani', 'dikembalikan')")



def downgrade() -> None:
    with op.batch_alter_table('surat_keluar', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_surat_keluar_tahap'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_surat_keluar_menunggu_official_id_official'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_surat_keluar_ditandatangani_oleh_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_surat_keluar_menunggu_official_id'))
        batch_op.drop_column('rincian')
        batch_op.drop_column('ditandatangani_oleh')
        batch_op.drop_column('ditandatangani_at')
        batch_op.drop_column('menunggu_official_id')
        batch_op.drop_column('tahap')

    with op.batch_alter_table('paraf_surat', schema=None) as batch_op:
        batch_op.drop_index('ix_paraf_surat_surat')

    op.drop_table('paraf_surat')
    with op.batch_alter_table('penugasan_pejabat', schema=None) as batch_op:
        batch_op.drop_index('ix_penugasan_pejabat_user')
        batch_op.drop_index(batch_op.f('ix_penugasan_pejabat_official_id'))

    op.drop_table('penugasan_pejabat')
