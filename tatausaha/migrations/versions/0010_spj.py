"""spj: budget structure, suppliers, SPJ items with evidence in five states, dated checklist and tax rules

Revision ID: 0010
Revises: 0009

Seeds the office-editable configuration: kinds of spending, dated checklist rules per jenis belanja
and value tier (DOMAIN.md §7.1) and dated tax rules (PPN 10 % / 11 % / 12 % × 11/12, PPh 22, PPh 23,
PPh 21 honorarium by golongan).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('spj_aturan_bukti',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jenis_belanja', sa.String(length=40), nullable=False),
    sa.Column('batas_bawah', sa.BigInteger(), nullable=False),
    sa.Column('batas_atas', sa.BigInteger(), nullable=True),
    sa.Column('berlaku_mulai', sa.Date(), nullable=False),
    sa.Column('berlaku_sampai', sa.Date(), nullable=True),
    sa.Column('dokumen', sa.String(length=60), nullable=False),
    sa.Column('nama', sa.String(length=200), nullable=False),
    sa.Column('wajib', sa.Boolean(), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('diterbitkan_oleh', sa.String(length=12), nullable=False),
    sa.Column('tenggat_hari', sa.Integer(), nullable=True),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("diterbitkan_oleh IN ('penyedia', 'kantor', 'pihak_lain')", name=op.f('ck_spj_aturan_bukti_diterbitkan_oleh')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_aturan_bukti'))
    )
    with op.batch_alter_table('spj_aturan_bukti', schema=None) as batch_op:
        batch_op.create_index('ix_spj_aturan_bukti_jenis', ['jenis_belanja', 'berlaku_mulai'], unique=False)

    op.create_table('spj_aturan_pajak',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jenis_pajak', sa.String(length=12), nullable=False),
    sa.Column('berlaku_mulai', sa.Date(), nullable=False),
    sa.Column('berlaku_sampai', sa.Date(), nullable=True),
    sa.Column('jenis_belanja', sa.String(length=40), nullable=False),
    sa.Column('penerima_jenis', sa.String(length=10), nullable=False),
    sa.Column('golongan', sa.String(length=8), nullable=False),
    sa.Column('hanya_pkp', sa.Boolean(), nullable=False),
    sa.Column('batas_bawah', sa.BigInteger(), nullable=False),
    sa.Column('tarif_ppm', sa.Integer(), nullable=False),
    sa.Column('dpp_pembilang', sa.Integer(), nullable=False),
    sa.Column('dpp_penyebut', sa.Integer(), nullable=False),
    sa.Column('dasar_hukum', sa.String(length=300), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("jenis_pajak IN ('ppn', 'pph21', 'pph22', 'pph23', 'pph4_2', 'pajak_daerah')", name=op.f('ck_spj_aturan_pajak_jenis_pajak')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_aturan_pajak'))
    )
    op.create_table('spj_jenis_belanja',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=40), nullable=False),
    sa.Column('nama', sa.String(length=200), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_jenis_belanja')),
    sa.UniqueConstraint('kode', name=op.f('uq_spj_jenis_belanja_kode'))
    )
    op.create_table('spj_rekening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=40), nullable=False),
    sa.Column('nama', sa.String(length=400), nullable=False),
    sa.Column('jenis_belanja', sa.String(length=40), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_rekening')),
    sa.UniqueConstraint('kode', name=op.f('uq_spj_rekening_kode'))
    )
    op.create_table('spj_supplier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nama', sa.String(length=300), nullable=False),
    sa.Column('nama_norm', sa.String(length=300), nullable=False),
    sa.Column('bentuk', sa.String(length=40), nullable=False),
    sa.Column('pkp', sa.Boolean(), nullable=False),
    sa.Column('npwp', sa.String(length=30), nullable=False),
    sa.Column('nik', sa.String(length=20), nullable=False),
    sa.Column('alamat', sa.String(length=400), nullable=False),
    sa.Column('rt_rw', sa.String(length=20), nullable=False),
    sa.Column('kelurahan', sa.String(length=120), nullable=False),
    sa.Column('kota', sa.String(length=120), nullable=False),
    sa.Column('telepon', sa.String(length=40), nullable=False),
    sa.Column('pemilik', sa.String(length=200), nullable=False),
    sa.Column('bank_nama', sa.String(length=100), nullable=False),
    sa.Column('bank_rekening', sa.String(length=40), nullable=False),
    sa.Column('bank_atas_nama', sa.String(length=200), nullable=False),
    sa.Column('catatan', sa.Text(), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_supplier'))
    )
    with op.batch_alter_table('spj_supplier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_supplier_nama_norm'), ['nama_norm'], unique=False)

    op.create_table('spj_tahun',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun', sa.Integer(), nullable=False),
    sa.Column('keterangan', sa.String(length=200), nullable=False),
    sa.Column('nomor_terakhir', sa.Integer(), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_tahun')),
    sa.UniqueConstraint('tahun', name=op.f('uq_spj_tahun_tahun'))
    )
    op.create_table('spj_program',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=40), nullable=False),
    sa.Column('nama', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tahun_id'], ['spj_tahun.id'], name=op.f('fk_spj_program_tahun_id_spj_tahun'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_program')),
    sa.UniqueConstraint('tahun_id', 'kode', name=op.f('uq_spj_program_tahun_id_kode'))
    )
    with op.batch_alter_table('spj_program', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_program_tahun_id'), ['tahun_id'], unique=False)

    op.create_table('spj_kegiatan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=40), nullable=False),
    sa.Column('nama', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['spj_program.id'], name=op.f('fk_spj_kegiatan_program_id_spj_program'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_kegiatan')),
    sa.UniqueConstraint('program_id', 'kode', name=op.f('uq_spj_kegiatan_program_id_kode'))
    )
    with op.batch_alter_table('spj_kegiatan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_kegiatan_program_id'), ['program_id'], unique=False)

    op.create_table('spj_sub_kegiatan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('kegiatan_id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=40), nullable=False),
    sa.Column('nama', sa.String(length=400), nullable=False),
    sa.Column('pagu', sa.BigInteger(), nullable=False),
    sa.Column('pptk_nama', sa.String(length=200), nullable=False),
    sa.Column('pptk_nip', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kegiatan_id'], ['spj_kegiatan.id'], name=op.f('fk_spj_sub_kegiatan_kegiatan_id_spj_kegiatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tahun_id'], ['spj_tahun.id'], name=op.f('fk_spj_sub_kegiatan_tahun_id_spj_tahun'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_sub_kegiatan')),
    sa.UniqueConstraint('tahun_id', 'kode', name=op.f('uq_spj_sub_kegiatan_tahun_id_kode'))
    )
    with op.batch_alter_table('spj_sub_kegiatan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_sub_kegiatan_kegiatan_id'), ['kegiatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_sub_kegiatan_tahun_id'), ['tahun_id'], unique=False)

    op.create_table('spj_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('tanggal', sa.Date(), nullable=False),
    sa.Column('sub_kegiatan_id', sa.Integer(), nullable=False),
    sa.Column('rekening_id', sa.Integer(), nullable=False),
    sa.Column('jenis_belanja', sa.String(length=40), nullable=False),
    sa.Column('uraian', sa.Text(), nullable=False),
    sa.Column('jumlah', sa.BigInteger(), nullable=False),
    sa.Column('penerima_jenis', sa.String(length=10), nullable=False),
    sa.Column('pegawai_id', sa.Integer(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('penerima_nama', sa.String(length=300), nullable=False),
    sa.Column('penerima_nip', sa.String(length=30), nullable=False),
    sa.Column('penerima_nik', sa.String(length=20), nullable=False),
    sa.Column('penerima_npwp', sa.String(length=30), nullable=False),
    sa.Column('penerima_alamat', sa.String(length=400), nullable=False),
    sa.Column('penerima_golongan', sa.String(length=8), nullable=False),
    sa.Column('bank_nama', sa.String(length=100), nullable=False),
    sa.Column('bank_rekening', sa.String(length=40), nullable=False),
    sa.Column('metode_bayar', sa.String(length=10), nullable=False),
    sa.Column('no_npd', sa.String(length=80), nullable=True),
    sa.Column('no_tbp', sa.String(length=80), nullable=True),
    sa.Column('kegiatan_selesai', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('nomor_urut', sa.Integer(), nullable=True),
    sa.Column('nomor', sa.String(length=60), nullable=True),
    sa.Column('versi', sa.Integer(), nullable=False),
    sa.Column('siap_at', sa.DateTime(), nullable=True),
    sa.Column('ditutup_at', sa.DateTime(), nullable=True),
    sa.Column('ditutup_oleh', sa.Integer(), nullable=True),
    sa.Column('override_alasan', sa.Text(), nullable=True),
    sa.Column('override_oleh', sa.Integer(), nullable=True),
    sa.Column('catatan', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("metode_bayar IN ('tunai', 'non_tunai')", name=op.f('ck_spj_item_metode_bayar')),
    sa.CheckConstraint("penerima_jenis IN ('pegawai', 'penyedia', 'orang')", name=op.f('ck_spj_item_penerima_jenis')),
    sa.CheckConstraint("status IN ('draft', 'siap', 'ditutup')", name=op.f('ck_spj_item_status')),
    sa.CheckConstraint('jumlah >= 0', name=op.f('ck_spj_item_jumlah')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_spj_item_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ditutup_oleh'], ['user_account.id'], name=op.f('fk_spj_item_ditutup_oleh_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['override_oleh'], ['user_account.id'], name=op.f('fk_spj_item_override_oleh_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rekening_id'], ['spj_rekening.id'], name=op.f('fk_spj_item_rekening_id_spj_rekening'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sub_kegiatan_id'], ['spj_sub_kegiatan.id'], name=op.f('fk_spj_item_sub_kegiatan_id_spj_sub_kegiatan'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['supplier_id'], ['spj_supplier.id'], name=op.f('fk_spj_item_supplier_id_spj_supplier'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tahun_id'], ['spj_tahun.id'], name=op.f('fk_spj_item_tahun_id_spj_tahun'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_item')),
    sa.UniqueConstraint('tahun_id', 'no_tbp', name=op.f('uq_spj_item_tahun_id_no_tbp')),
    sa.UniqueConstraint('tahun_id', 'nomor_urut', name=op.f('uq_spj_item_tahun_id_nomor_urut'))
    )
    with op.batch_alter_table('spj_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_item_nomor'), ['nomor'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_item_pegawai_id'), ['pegawai_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_item_rekening_id'), ['rekening_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_item_sub_kegiatan_id'), ['sub_kegiatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_item_supplier_id'), ['supplier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_item_tahun_id'), ['tahun_id'], unique=False)
        batch_op.create_index('ix_spj_item_tanggal', ['tanggal'], unique=False)

    op.create_table('spj_pagu',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sub_kegiatan_id', sa.Integer(), nullable=False),
    sa.Column('rekening_id', sa.Integer(), nullable=False),
    sa.Column('pagu', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rekening_id'], ['spj_rekening.id'], name=op.f('fk_spj_pagu_rekening_id_spj_rekening'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sub_kegiatan_id'], ['spj_sub_kegiatan.id'], name=op.f('fk_spj_pagu_sub_kegiatan_id_spj_sub_kegiatan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_pagu')),
    sa.UniqueConstraint('sub_kegiatan_id', 'rekening_id', name=op.f('uq_spj_pagu_sub_kegiatan_id_rekening_id'))
    )
    with op.batch_alter_table('spj_pagu', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_pagu_rekening_id'), ['rekening_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_pagu_sub_kegiatan_id'), ['sub_kegiatan_id'], unique=False)

    op.create_table('spj_bukti',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('aturan_id', sa.Integer(), nullable=True),
    sa.Column('dokumen', sa.String(length=60), nullable=False),
    sa.Column('nama', sa.String(length=200), nullable=False),
    sa.Column('wajib', sa.Boolean(), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('alasan', sa.Text(), nullable=False),
    sa.Column('diterbitkan_oleh', sa.String(length=12), nullable=False),
    sa.Column('penerbit_nama', sa.String(length=300), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('nomor_dokumen', sa.String(length=100), nullable=False),
    sa.Column('tanggal_dokumen', sa.Date(), nullable=True),
    sa.Column('tenggat', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("diterbitkan_oleh IN ('penyedia', 'kantor', 'pihak_lain')", name=op.f('ck_spj_bukti_diterbitkan_oleh')),
    sa.CheckConstraint("status IN ('belum_ada', 'belum_lengkap', 'lengkap', 'perlu_perbaikan', 'tidak_berlaku')", name=op.f('ck_spj_bukti_status')),
    sa.ForeignKeyConstraint(['aturan_id'], ['spj_aturan_bukti.id'], name=op.f('fk_spj_bukti_aturan_id_spj_aturan_bukti'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['spj_item.id'], name=op.f('fk_spj_bukti_item_id_spj_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['spj_supplier.id'], name=op.f('fk_spj_bukti_supplier_id_spj_supplier'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_bukti')),
    sa.UniqueConstraint('item_id', 'dokumen', name=op.f('uq_spj_bukti_item_id_dokumen'))
    )
    with op.batch_alter_table('spj_bukti', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_bukti_item_id'), ['item_id'], unique=False)

    op.create_table('spj_item_versi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('versi', sa.Integer(), nullable=False),
    sa.Column('nomor', sa.String(length=60), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('alasan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_spj_item_versi_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['spj_item.id'], name=op.f('fk_spj_item_versi_item_id_spj_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_item_versi')),
    sa.UniqueConstraint('item_id', 'versi', name=op.f('uq_spj_item_versi_item_id_versi'))
    )
    with op.batch_alter_table('spj_item_versi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_item_versi_item_id'), ['item_id'], unique=False)

    op.create_table('spj_pajak',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('jenis', sa.String(length=12), nullable=False),
    sa.Column('aturan_id', sa.Integer(), nullable=True),
    sa.Column('dasar', sa.BigInteger(), nullable=False),
    sa.Column('tarif_ppm', sa.Integer(), nullable=False),
    sa.Column('jumlah_hitung', sa.BigInteger(), nullable=False),
    sa.Column('jumlah', sa.BigInteger(), nullable=False),
    sa.Column('alasan_ubah', sa.Text(), nullable=True),
    sa.Column('disetor', sa.Boolean(), nullable=False),
    sa.Column('tanggal_setor', sa.Date(), nullable=True),
    sa.Column('ntpn', sa.String(length=40), nullable=False),
    sa.Column('kode_billing', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("jenis IN ('ppn', 'pph21', 'pph22', 'pph23', 'pph4_2', 'pajak_daerah')", name=op.f('ck_spj_pajak_jenis')),
    sa.ForeignKeyConstraint(['aturan_id'], ['spj_aturan_pajak.id'], name=op.f('fk_spj_pajak_aturan_id_spj_aturan_pajak'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['spj_item.id'], name=op.f('fk_spj_pajak_item_id_spj_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_pajak')),
    sa.UniqueConstraint('item_id', 'jenis', name=op.f('uq_spj_pajak_item_id_jenis'))
    )
    with op.batch_alter_table('spj_pajak', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_pajak_item_id'), ['item_id'], unique=False)

    op.create_table('spj_pelaksana',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('pegawai_id', sa.Integer(), nullable=True),
    sa.Column('nama', sa.String(length=200), nullable=False),
    sa.Column('nip', sa.String(length=30), nullable=False),
    sa.Column('surat_tugas_id', sa.Integer(), nullable=True),
    sa.Column('surat_tugas_nomor', sa.String(length=120), nullable=False),
    sa.Column('spd_nomor', sa.String(length=120), nullable=False),
    sa.Column('berangkat', sa.Date(), nullable=True),
    sa.Column('kembali', sa.Date(), nullable=True),
    sa.Column('tujuan', sa.String(length=300), nullable=False),
    sa.Column('jumlah', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['spj_item.id'], name=op.f('fk_spj_pelaksana_item_id_spj_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['surat_tugas_id'], ['surat_keluar.id'], name=op.f('fk_spj_pelaksana_surat_tugas_id_surat_keluar'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_pelaksana'))
    )
    with op.batch_alter_table('spj_pelaksana', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_pelaksana_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_pelaksana_pegawai_id'), ['pegawai_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_pelaksana_surat_tugas_id'), ['surat_tugas_id'], unique=False)

    op.create_table('spj_bukti_berkas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bukti_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bukti_id'], ['spj_bukti.id'], name=op.f('fk_spj_bukti_berkas_bukti_id_spj_bukti'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_spj_bukti_berkas_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_spj_bukti_berkas_document_id_document'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spj_bukti_berkas')),
    sa.UniqueConstraint('bukti_id', 'document_id', name=op.f('uq_spj_bukti_berkas_bukti_id_document_id'))
    )
    with op.batch_alter_table('spj_bukti_berkas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spj_bukti_berkas_bukti_id'), ['bukti_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spj_bukti_berkas_document_id'), ['document_id'], unique=False)
    _seed()


def downgrade() -> None:
    with op.batch_alter_table('spj_bukti_berkas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_bukti_berkas_document_id'))
        batch_op.drop_index(batch_op.f('ix_spj_bukti_berkas_bukti_id'))

    op.drop_table('spj_bukti_berkas')
    with op.batch_alter_table('spj_pelaksana', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_pelaksana_surat_tugas_id'))
        batch_op.drop_index(batch_op.f('ix_spj_pelaksana_pegawai_id'))
        batch_op.drop_index(batch_op.f('ix_spj_pelaksana_item_id'))

    op.drop_table('spj_pelaksana')
    with op.batch_alter_table('spj_pajak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_pajak_item_id'))

    op.drop_table('spj_pajak')
    with op.batch_alter_table('spj_item_versi', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_item_versi_item_id'))

    op.drop_table('spj_item_versi')
    with op.batch_alter_table('spj_bukti', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_bukti_item_id'))

    op.drop_table('spj_bukti')
    with op.batch_alter_table('spj_pagu', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_pagu_sub_kegiatan_id'))
        batch_op.drop_index(batch_op.f('ix_spj_pagu_rekening_id'))

    op.drop_table('spj_pagu')
    with op.batch_alter_table('spj_item', schema=None) as batch_op:
        batch_op.drop_index('ix_spj_item_tanggal')
        batch_op.drop_index(batch_op.f('ix_spj_item_tahun_id'))
        batch_op.drop_index(batch_op.f('ix_spj_item_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_spj_item_sub_kegiatan_id'))
        batch_op.drop_index(batch_op.f('ix_spj_item_rekening_id'))
        batch_op.drop_index(batch_op.f('ix_spj_item_pegawai_id'))
        batch_op.drop_index(batch_op.f('ix_spj_item_nomor'))

    op.drop_table('spj_item')
    with op.batch_alter_table('spj_sub_kegiatan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_sub_kegiatan_tahun_id'))
        batch_op.drop_index(batch_op.f('ix_spj_sub_kegiatan_kegiatan_id'))

    op.drop_table('spj_sub_kegiatan')
    with op.batch_alter_table('spj_kegiatan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_kegiatan_program_id'))

    op.drop_table('spj_kegiatan')
    with op.batch_alter_table('spj_program', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_program_tahun_id'))

    op.drop_table('spj_program')
    op.drop_table('spj_tahun')
    with op.batch_alter_table('spj_supplier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spj_supplier_nama_norm'))

    op.drop_table('spj_supplier')
    op.drop_table('spj_rekening')
    op.drop_table('spj_jenis_belanja')
    op.drop_table('spj_aturan_pajak')
    with op.batch_alter_table('spj_aturan_bukti', schema=None) as batch_op:
        batch_op.drop_index('ix_spj_aturan_bukti_jenis')

    op.drop_table('spj_aturan_bukti')


JENIS_BELANJA = [
    ("barang", "Belanja barang (ATK, bahan, peralatan)"),
    ("jasa", "Belanja jasa (cetak, fotokopi, sewa, jasa lainnya)"),
    ("makan_minum", "Makan minum rapat"),
    ("honorarium", "Honorarium"),
    ("lembur", "Uang lembur"),
    ("perjalanan_dinas", "Perjalanan dinas"),
    ("rapat", "Rapat / sosialisasi"),
    ("pemeliharaan", "Pemeliharaan"),
    ("lainnya", "Lainnya"),
]

_JT = 1_000_000
_SINCE = dt.date(2020, 1, 1)
# (dokumen, nama, wajib, diterbitkan_oleh)
_BJ_KECIL = [
    ("npd", "Nota Pencairan Dana (NPD)", True, "kantor"),
    ("surat_pesanan", "Surat pesanan", True, "kantor"),
    ("kuitansi", "Kuitansi", True, "kantor"),
    ("bukti_pembelian", "Bukti pembelian (faktur/nota/struk/invoice)", True, "penyedia"),
    ("baphp", "Berita acara pemeriksaan hasil pekerjaan (BAPHP)", True, "kantor"),
    ("bapb", "Berita acara penerimaan barang (BAPB)", True, "kantor"),
    ("foto", "Foto / dokumentasi", True, "kantor"),
    ("faktur_pajak", "Faktur pajak", False, "penyedia"),
    ("bukti_setor_pajak", "Bukti setor pajak (SSP/e-Billing)", True, "kantor"),
    ("identitas_penyedia", "Fotokopi NPWP dan rekening penyedia", True, "penyedia"),
]
_BJ_SEDANG = _BJ_KECIL + [
    ("spk", "Surat perintah kerja (SPK)", True, "kantor"),
    ("profil_perusahaan", "Profil perusahaan", True, "penyedia"),
    ("hps_survei", "HPS dan survei harga", True, "kantor"),
    ("spesifikasi", "Spesifikasi teknis", True, "kantor"),
    ("ba_penyelesaian", "Berita acara penyelesaian pekerjaan", True, "kantor"),
    ("bast", "Berita acara serah terima (BAST)", True, "kantor"),
    ("ba_pembayaran", "Berita acara pembayaran", True, "kantor"),
]
_BJ_BESAR = _BJ_SEDANG + [
    ("kontrak", "Surat perjanjian (kontrak)", True, "kantor"),
    ("rup", "Pengumuman RUP", True, "kantor"),
]
_MAMIN_KECIL = [
    ("kuitansi", "Kuitansi", True, "kantor"),
    ("bukti_pembelian", "Bukti pembelian (nota/faktur)", True, "penyedia"),
    ("undangan", "Undangan rapat", True, "kantor"),
    ("daftar_hadir", "Daftar hadir", True, "kantor"),
    ("notulen", "Notulen / laporan", True, "kantor"),
    ("foto", "Dokumentasi berwarna", True, "kantor"),
    ("bukti_setor_pajak", "Bukti setor pajak", True, "kantor"),
]
_MAMIN_BESAR = _MAMIN_KECIL + [
    ("spk", "Surat perintah kerja (SPK)", True, "kantor"),
    ("ba_penyelesaian", "Berita acara penyelesaian pekerjaan", True, "kantor"),
]
_HONOR = [
    ("sk", "SK penetapan penerima honorarium", True, "kantor"),
    ("daftar_tanda_terima", "Daftar tanda terima honorarium", True, "kantor"),
    ("kuitansi", "Kuitansi", True, "kantor"),
    ("bukti_setor_pajak", "Bukti setor PPh 21 (e-Billing)", True, "kantor"),
]
_LEMBUR = [
    ("surat_perintah_lembur", "Surat perintah lembur", True, "kantor"),
    ("daftar_hadir_lembur", "Daftar hadir lembur", True, "kantor"),
    ("daftar_tanda_terima", "Daftar tanda terima", True, "kantor"),
    ("kuitansi", "Kuitansi", True, "kantor"),
    ("bukti_setor_pajak", "Bukti setor pajak", True, "kantor"),
]
_PERJADIN = [
    ("daftar_nominatif", "Daftar nominatif", True, "kantor"),
    ("surat_tugas", "Surat tugas", True, "kantor"),
    ("spd", "SPD lembar I dan II (visum)", True, "kantor"),
    ("rincian_biaya", "Rincian biaya perjalanan dinas", True, "kantor"),
    ("tiket", "Tiket / boarding pass", False, "pihak_lain"),
    ("bill_hotel", "Bill hotel", False, "pihak_lain"),
    ("dpr", "Daftar pengeluaran riil (DPR)", False, "kantor"),
    ("undangan", "Undangan (bila menghadiri rapat)", False, "pihak_lain"),
    ("laporan_perjadin", "Laporan perjalanan dinas", True, "kantor"),
]
_RAPAT = [
    ("kuitansi", "Kuitansi dan nota", True, "kantor"),
    ("undangan", "Undangan", True, "kantor"),
    ("daftar_hadir", "Daftar hadir", True, "kantor"),
    ("notulen", "Notulen", True, "kantor"),
    ("foto", "Foto", True, "kantor"),
    ("materi", "Materi", False, "kantor"),
    ("bukti_setor_pajak", "Bukti setor pajak", True, "kantor"),
]
_LAIN = [
    ("kuitansi", "Kuitansi", True, "kantor"),
    ("bukti_pembelian", "Bukti pembelian / bukti pengeluaran", True, "penyedia"),
]
# (jenis, batas_bawah, batas_atas, documents): a tier is [batas_bawah, batas_atas)
CHECKLIST = [
    *[(j, 0, 10 * _JT + 1, _BJ_KECIL) for j in ("barang", "jasa", "pemeliharaan")],
    *[(j, 10 * _JT + 1, 50 * _JT + 1, _BJ_SEDANG) for j in ("barang", "jasa", "pemeliharaan")],
    *[(j, 50 * _JT + 1, None, _BJ_BESAR) for j in ("barang", "jasa", "pemeliharaan")],
    ("makan_minum", 0, 10 * _JT + 1, _MAMIN_KECIL),
    ("makan_minum", 10 * _JT + 1, None, _MAMIN_BESAR),
    ("honorarium", 0, None, _HONOR),
    ("lembur", 0, None, _LEMBUR),
    ("perjalanan_dinas", 0, None, _PERJADIN),
    ("rapat", 0, None, _RAPAT),
    ("lainnya", 0, None, _LAIN),
]
# (jenis_pajak, mulai, sampai, jenis_belanja, penerima, golongan, hanya_pkp, batas_bawah, ppm, pembilang, penyebut, dasar)
_ABOVE_2JT = 2 * _JT + 1
TAX_RULES = [
    *[("ppn", dt.date(2010, 1, 1), dt.date(2022, 3, 31), j, "penyedia", "", True, _ABOVE_2JT, 100_000, 1, 1,
       "UU PPN: tarif 10%") for j in ("barang", "jasa", "pemeliharaan")],
    *[("ppn", dt.date(2022, 4, 1), dt.date(2024, 12, 31), j, "penyedia", "", True, _ABOVE_2JT, 110_000, 1, 1,
       "UU 7/2021 (HPP): tarif 11% mulai 1 April 2022") for j in ("barang", "jasa", "pemeliharaan")],
    *[("ppn", dt.date(2025, 1, 1), None, j, "penyedia", "", True, _ABOVE_2JT, 120_000, 11, 12,
       "PMK 131/2024: tarif 12% x DPP nilai lain 11/12") for j in ("barang", "jasa", "pemeliharaan")],
    ("pph22", dt.date(2010, 1, 1), None, "barang", "penyedia", "", False, _ABOVE_2JT, 15_000, 1, 1,
     "PMK 34/2017: PPh 22 bendahara 1,5% atas pembelian barang di atas Rp2.000.000"),
    *[("pph23", dt.date(2010, 1, 1), None, j, "penyedia", "", False, 0, 20_000, 1, 1,
       "UU PPh Ps 23: 2% atas imbalan jasa") for j in ("jasa", "pemeliharaan", "makan_minum")],
    *[("pph21", dt.date(2010, 1, 1), None, "honorarium", "pegawai", g, False, 0, ppm, 1, 1,
       "PP 80/2010 Ps 4: PPh 21 final honorarium APBD") for g, ppm in
      (("I", 0), ("II", 0), ("III", 50_000), ("IV", 150_000))],
    ("pph21", dt.date(2024, 1, 1), None, "honorarium", "orang", "", False, 0, 50_000, 1, 2,
     "PP 58/2023: bukan pegawai, 5% x 50% penghasilan bruto"),
]


def _seed() -> None:
    at = dt.datetime(2026, 1, 1)  # fixed: the seed's own timestamp, not the migration's clock
    jenis = sa.table("spj_jenis_belanja", sa.column("kode"), sa.column("nama"), sa.column("urutan"),
                     sa.column("aktif"), sa.column("row_version"), sa.column("created_at"), sa.column("updated_at"))
    op.bulk_insert(jenis, [dict(kode=k, nama=n, urutan=i * 10, aktif=True, row_version=1, created_at=at, updated_at=at)
                           for i, (k, n) in enumerate(JENIS_BELANJA)])
    bukti = sa.table(
        "spj_aturan_bukti", sa.column("jenis_belanja"), sa.column("batas_bawah"), sa.column("batas_atas"),
        sa.column("berlaku_mulai"), sa.column("berlaku_sampai"), sa.column("dokumen"), sa.column("nama"),
        sa.column("wajib"), sa.column("urutan"), sa.column("diterbitkan_oleh"), sa.column("tenggat_hari"),
        sa.column("aktif"), sa.column("row_version"), sa.column("created_at"), sa.column("updated_at"),
    )
    op.bulk_insert(bukti, [
        dict(jenis_belanja=j, batas_bawah=lo, batas_atas=hi, berlaku_mulai=_SINCE, berlaku_sampai=None,
             dokumen=d, nama=n, wajib=w, urutan=i * 10, diterbitkan_oleh=oleh, tenggat_hari=3, aktif=True,
             row_version=1, created_at=at, updated_at=at)
        for j, lo, hi, docs in CHECKLIST for i, (d, n, w, oleh) in enumerate(docs)
    ])
    pajak = sa.table(
        "spj_aturan_pajak", sa.column("jenis_pajak"), sa.column("berlaku_mulai"), sa.column("berlaku_sampai"),
        sa.column("jenis_belanja"), sa.column("penerima_jenis"), sa.column("golongan"), sa.column("hanya_pkp"),
        sa.column("batas_bawah"), sa.column("tarif_ppm"), sa.column("dpp_pembilang"), sa.column("dpp_penyebut"),
        sa.column("dasar_hukum"), sa.column("aktif"), sa.column("row_version"), sa.column("created_at"),
        sa.column("updated_at"),
    )
    op.bulk_insert(pajak, [
        dict(jenis_pajak=jp, berlaku_mulai=m, berlaku_sampai=s, jenis_belanja=jb, penerima_jenis=pj, golongan=g,
             hanya_pkp=pkp, batas_bawah=bb, tarif_ppm=ppm, dpp_pembilang=a, dpp_penyebut=b, dasar_hukum=dh,
             aktif=True, row_version=1, created_at=at, updated_at=at)
        for jp, m, s, jb, pj, g, pkp, bb, ppm, a, b, dh in TAX_RULES
    ])
