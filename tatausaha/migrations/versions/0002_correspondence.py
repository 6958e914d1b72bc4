"""correspondence: instansi, surat masuk, disposisi, jenis naskah, surat keluar, numbering

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('corr_setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_corr_setting'))
    )
    op.create_table('instansi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nama', sa.String(length=300), nullable=False),
    sa.Column('nama_norm', sa.String(length=300), nullable=False),
    sa.Column('singkatan', sa.String(length=60), nullable=False),
    sa.Column('jenis', sa.String(length=40), nullable=False),
    sa.Column('alamat', sa.String(length=300), nullable=False),
    sa.Column('kota', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instansi')),
    sa.UniqueConstraint('nama', name=op.f('uq_instansi_nama'))
    )
    with op.batch_alter_table('instansi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instansi_nama_norm'), ['nama_norm'], unique=False)
    op.create_table('instruksi_disposisi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('teks', sa.String(length=200), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instruksi_disposisi')),
    sa.UniqueConstraint('teks', name=op.f('uq_instruksi_disposisi_teks'))
    )
    op.create_table('nomor_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope_key', sa.String(length=200), nullable=False),
    sa.Column('tahun', sa.Integer(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomor_counter')),
    sa.UniqueConstraint('scope_key', name=op.f('uq_nomor_counter_scope_key'))
    )
    op.create_table('instansi_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instansi_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.Column('alias_norm', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['instansi_id'], ['instansi.id'], name=op.f('fk_instansi_alias_instansi_id_instansi'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instansi_alias')),
    sa.UniqueConstraint('alias_norm', name=op.f('uq_instansi_alias_alias_norm'))
    )
    with op.batch_alter_table('instansi_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instansi_alias_instansi_id'), ['instansi_id'], unique=False)
    op.create_table('jenis_naskah',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=20), nullable=False),
    sa.Column('nama', sa.String(length=200), nullable=False),
    sa.Column('kelompok', sa.String(length=20), nullable=False),
    sa.Column('layout', sa.String(length=20), nullable=False),
    sa.Column('template_nomor', sa.String(length=200), nullable=False),
    sa.Column('scope_unit', sa.Boolean(), nullable=False),
    sa.Column('scope_jenis', sa.Boolean(), nullable=False),
    sa.Column('scope_kka', sa.Boolean(), nullable=False),
    sa.Column('kode_klasifikasi_default', sa.String(length=32), nullable=False),
    sa.Column('penandatangan_default_id', sa.Integer(), nullable=True),
    sa.Column('butuh_tembusan', sa.Boolean(), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kelompok IN ('arahan', 'korespondensi', 'khusus', 'produk_hukum', 'lainnya')", name=op.f('ck_jenis_naskah_kelompok')),
    sa.CheckConstraint("layout IN ('korespondensi', 'judul', 'undangan', 'formulir')", name=op.f('ck_jenis_naskah_layout')),
    sa.ForeignKeyConstraint(['penandatangan_default_id'], ['official.id'], name=op.f('fk_jenis_naskah_penandatangan_default_id_official'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jenis_naskah')),
    sa.UniqueConstraint('kode', name=op.f('uq_jenis_naskah_kode'))
    )
    op.create_table('surat_masuk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun', sa.Integer(), nullable=False),
    sa.Column('nomor_agenda', sa.Integer(), nullable=False),
    sa.Column('tanggal_terima', sa.Date(), nullable=False),
    sa.Column('nomor_surat', sa.String(length=200), nullable=False),
    sa.Column('tanggal_surat', sa.Date(), nullable=True),
    sa.Column('instansi_id', sa.Integer(), nullable=True),
    sa.Column('pengirim', sa.String(length=300), nullable=False),
    sa.Column('ditujukan', sa.String(length=300), nullable=False),
    sa.Column('perihal', sa.Text(), nullable=False),
    sa.Column('ringkasan', sa.Text(), nullable=False),
    sa.Column('derajat', sa.String(length=16), nullable=False),
    sa.Column('keamanan', sa.String(length=16), nullable=False),
    sa.Column('kode_klasifikasi', sa.String(length=32), nullable=False),
    sa.Column('klasifikasi_scheme', sa.String(length=16), nullable=False),
    sa.Column('lampiran', sa.String(length=100), nullable=False),
    sa.Column('kanal', sa.String(length=16), nullable=False),
    sa.Column('srikandi_ref', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('lokasi_arsip', sa.String(length=200), nullable=False),
    sa.Column('batal_alasan', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("derajat IN ('biasa', 'segera', 'sangat_segera')", name=op.f('ck_surat_masuk_derajat')),
    sa.CheckConstraint("kanal IN ('manual', 'srikandi', 'email')", name=op.f('ck_surat_masuk_kanal')),
    sa.CheckConstraint("keamanan IN ('biasa', 'terbatas', 'rahasia', 'sangat_rahasia')", name=op.f('ck_surat_masuk_keamanan')),
    sa.CheckConstraint("status IN ('terdaftar', 'didisposisi', 'selesai', 'batal')", name=op.f('ck_surat_masuk_status')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_surat_masuk_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['instansi_id'], ['instansi.id'], name=op.f('fk_surat_masuk_instansi_id_instansi'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surat_masuk')),
    sa.UniqueConstraint('tahun', 'nomor_agenda', name=op.f('uq_surat_masuk_tahun_nomor_agenda'))
    )
    with op.batch_alter_table('surat_masuk', schema=None) as batch_op:
        batch_op.create_index('ix_surat_masuk_keamanan', ['keamanan'], unique=False)
        batch_op.create_index('ix_surat_masuk_nomor_surat', ['nomor_surat'], unique=False)
        batch_op.create_index('ix_surat_masuk_pengirim_nomor', ['instansi_id', 'nomor_surat'], unique=False)
        batch_op.create_index('ix_surat_masuk_tanggal_terima', ['tanggal_terima', 'id'], unique=False)
    op.create_table('disposisi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('surat_masuk_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('dari_user_id', sa.Integer(), nullable=True),
    sa.Column('dari_official_id', sa.Integer(), nullable=True),
    sa.Column('kepada_unit_id', sa.Integer(), nullable=True),
    sa.Column('kepada_official_id', sa.Integer(), nullable=True),
    sa.Column('kepada_user_id', sa.Integer(), nullable=True),
    sa.Column('instruksi', sa.JSON(), nullable=False),
    sa.Column('catatan', sa.Text(), nullable=False),
    sa.Column('batas_waktu', sa.Date(), nullable=True),
    sa.Column('derajat', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('tanggal', sa.DateTime(), nullable=False),
    sa.Column('dibaca_at', sa.DateTime(), nullable=True),
    sa.Column('ditindaklanjuti_at', sa.DateTime(), nullable=True),
    sa.Column('selesai_at', sa.DateTime(), nullable=True),
    sa.Column('tindak_lanjut', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("derajat IN ('biasa', 'segera', 'sangat_segera')", name=op.f('ck_disposisi_derajat')),
    sa.CheckConstraint("status IN ('belum_dibaca', 'dibaca', 'ditindaklanjuti', 'selesai')", name=op.f('ck_disposisi_status')),
    sa.CheckConstraint('kepada_unit_id IS NOT NULL OR kepada_official_id IS NOT NULL OR kepada_user_id IS NOT NULL', name=op.f('ck_disposisi_recipient')),
    sa.ForeignKeyConstraint(['dari_official_id'], ['official.id'], name=op.f('fk_disposisi_dari_official_id_official'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dari_user_id'], ['user_account.id'], name=op.f('fk_disposisi_dari_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['kepada_official_id'], ['official.id'], name=op.f('fk_disposisi_kepada_official_id_official'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['kepada_unit_id'], ['unit.id'], name=op.f('fk_disposisi_kepada_unit_id_unit'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['kepada_user_id'], ['user_account.id'], name=op.f('fk_disposisi_kepada_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['disposisi.id'], name=op.f('fk_disposisi_parent_id_disposisi'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['surat_masuk_id'], ['surat_masuk.id'], name=op.f('fk_disposisi_surat_masuk_id_surat_masuk'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disposisi'))
    )
    with op.batch_alter_table('disposisi', schema=None) as batch_op:
        batch_op.create_index('ix_disposisi_batas_waktu', ['batas_waktu'], unique=False)
        batch_op.create_index('ix_disposisi_kepada_official', ['kepada_official_id', 'status'], unique=False)
        batch_op.create_index('ix_disposisi_kepada_unit', ['kepada_unit_id', 'status'], unique=False)
        batch_op.create_index('ix_disposisi_kepada_user', ['kepada_user_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_disposisi_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disposisi_surat_masuk_id'), ['surat_masuk_id'], unique=False)
    op.create_table('surat_keluar',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jenis_id', sa.Integer(), nullable=False),
    sa.Column('tahun', sa.Integer(), nullable=True),
    sa.Column('nomor_agenda', sa.Integer(), nullable=True),
    sa.Column('nomor', sa.String(length=200), nullable=False),
    sa.Column('tanggal_surat', sa.Date(), nullable=True),
    sa.Column('instansi_id', sa.Integer(), nullable=True),
    sa.Column('tujuan', sa.Text(), nullable=False),
    sa.Column('tujuan_di', sa.String(length=200), nullable=False),
    sa.Column('tembusan', sa.JSON(), nullable=False),
    sa.Column('lampiran', sa.String(length=100), nullable=False),
    sa.Column('hal', sa.Text(), nullable=False),
    sa.Column('isi', sa.Text(), nullable=False),
    sa.Column('derajat', sa.String(length=16), nullable=False),
    sa.Column('keamanan', sa.String(length=16), nullable=False),
    sa.Column('kode_klasifikasi', sa.String(length=32), nullable=False),
    sa.Column('klasifikasi_scheme', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('penandatangan_id', sa.Integer(), nullable=True),
    sa.Column('ttd_prefix', sa.String(length=8), nullable=False),
    sa.Column('atas_nama_jabatan', sa.String(length=200), nullable=False),
    sa.Column('reply_to_id', sa.Integer(), nullable=True),
    sa.Column('kanal', sa.String(length=16), nullable=False),
    sa.Column('srikandi_ref', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('tanggal_kirim', sa.Date(), nullable=True),
    sa.Column('cara_kirim', sa.String(length=40), nullable=False),
    sa.Column('penerima_nama', sa.String(length=200), nullable=False),
    sa.Column('diterima_at', sa.DateTime(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('batal_alasan', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("derajat IN ('biasa', 'segera', 'sangat_segera')", name=op.f('ck_surat_keluar_derajat')),
    sa.CheckConstraint("kanal IN ('manual', 'srikandi', 'email')", name=op.f('ck_surat_keluar_kanal')),
    sa.CheckConstraint("keamanan IN ('biasa', 'terbatas', 'rahasia', 'sangat_rahasia')", name=op.f('ck_surat_keluar_keamanan')),
    sa.CheckConstraint("status IN ('draft', 'bernomor', 'terkirim', 'batal')", name=op.f('ck_surat_keluar_status')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_surat_keluar_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['instansi_id'], ['instansi.id'], name=op.f('fk_surat_keluar_instansi_id_instansi'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['jenis_id'], ['jenis_naskah.id'], name=op.f('fk_surat_keluar_jenis_id_jenis_naskah'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['penandatangan_id'], ['official.id'], name=op.f('fk_surat_keluar_penandatangan_id_official'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reply_to_id'], ['surat_masuk.id'], name=op.f('fk_surat_keluar_reply_to_id_surat_masuk'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_surat_keluar_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surat_keluar')),
    sa.UniqueConstraint('tahun', 'nomor_agenda', name=op.f('uq_surat_keluar_tahun_nomor_agenda'))
    )
    with op.batch_alter_table('surat_keluar', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surat_keluar_jenis_id'), ['jenis_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_surat_keluar_reply_to_id'), ['reply_to_id'], unique=False)
        batch_op.create_index('ix_surat_keluar_status', ['status'], unique=False)
        batch_op.create_index('ix_surat_keluar_tanggal_surat', ['tanggal_surat', 'id'], unique=False)
    op.create_table('nomor_terbit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun', sa.Integer(), nullable=False),
    sa.Column('nomor', sa.String(length=200), nullable=False),
    sa.Column('jenis_id', sa.Integer(), nullable=True),
    sa.Column('scope_key', sa.String(length=200), nullable=True),
    sa.Column('urut', sa.Integer(), nullable=True),
    sa.Column('tanggal', sa.Date(), nullable=False),
    sa.Column('kode_klasifikasi', sa.String(length=32), nullable=False),
    sa.Column('sumber', sa.String(length=16), nullable=False),
    sa.Column('srikandi_ref', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('batal_alasan', sa.Text(), nullable=False),
    sa.Column('batal_at', sa.DateTime(), nullable=True),
    sa.Column('batal_by', sa.Integer(), nullable=True),
    sa.Column('surat_keluar_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('aktif', 'batal')", name=op.f('ck_nomor_terbit_status')),
    sa.CheckConstraint("sumber IN ('otomatis', 'manual', 'srikandi')", name=op.f('ck_nomor_terbit_sumber')),
    sa.ForeignKeyConstraint(['batal_by'], ['user_account.id'], name=op.f('fk_nomor_terbit_batal_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issued_by'], ['user_account.id'], name=op.f('fk_nomor_terbit_issued_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['jenis_id'], ['jenis_naskah.id'], name=op.f('fk_nomor_terbit_jenis_id_jenis_naskah'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['surat_keluar_id'], ['surat_keluar.id'], name=op.f('fk_nomor_terbit_surat_keluar_id_surat_keluar'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomor_terbit')),
    sa.UniqueConstraint('scope_key', 'urut', name=op.f('uq_nomor_terbit_scope_key_urut')),
    sa.UniqueConstraint('tahun', 'nomor', name=op.f('uq_nomor_terbit_tahun_nomor'))
    )
    with op.batch_alter_table('nomor_terbit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomor_terbit_jenis_id'), ['jenis_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomor_terbit_surat_keluar_id'), ['surat_keluar_id'], unique=False)

    _seed()


# Seed data (kept here, not imported from the app, so this migration never changes meaning).
_STD = "{kka}/{urut}/{unit}/{bulan_romawi}/{tahun}"
JENIS = [
    # kode, nama, kelompok, layout, template, scope_jenis, kka default, tembusan
    ("SD", "Surat Dinas", "korespondensi", "korespondensi", _STD, False, "", True),
    ("UND", "Surat Undangan", "korespondensi", "undangan", _STD, False, "000.1.5", True),
    ("ND", "Nota Dinas", "korespondensi", "korespondensi", _STD, False, "", False),
    ("SKET", "Surat Keterangan", "khusus", "judul", _STD, False, "", False),
    ("ST", "Surat Tugas", "arahan", "judul", "{kka}/{urut}/{unit}/{tahun}", False, "800.1.11.1", False),
    ("SE", "Surat Edaran", "arahan", "judul", _STD, False, "", True),
    ("SPENG", "Surat Pengantar", "khusus", "korespondensi", _STD, False, "", False),
    ("BA", "Berita Acara", "khusus", "judul", _STD, False, "", False),
    ("PENG", "Pengumuman", "khusus", "judul", _STD, False, "", False),
    ("KEP", "Keputusan Camat", "arahan", "judul", "{urut} TAHUN {tahun}", True, "", True),
]
INSTRUKSI = [
    "Untuk diketahui", "Untuk diselesaikan", "Tanggapan dan saran", "Proses lebih lanjut",
    "Koordinasikan/konfirmasikan", "Siapkan jawaban", "Hadiri/wakili", "Edarkan", "Teliti dan pelajari",
    "Buat laporan", "Agar dipantau", "Harap temui saya", "Arsipkan",
]


def _seed() -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    jenis = sa.table(
        "jenis_naskah", sa.column("kode"), sa.column("nama"), sa.column("kelompok"), sa.column("layout"),
        sa.column("template_nomor"), sa.column("scope_unit"), sa.column("scope_jenis"), sa.column("scope_kka"),
        sa.column("kode_klasifikasi_default"), sa.column("butuh_tembusan"), sa.column("urutan"), sa.column("active"),
        sa.column("created_at"), sa.column("updated_at"),
    )
    op.bulk_insert(jenis, [
        dict(kode=k, nama=n, kelompok=g, layout=lay, template_nomor=t, scope_unit=False, scope_jenis=sj,
             scope_kka=False, kode_klasifikasi_default=kka, butuh_tembusan=tb, urutan=i * 10, active=True,
             created_at=now, updated_at=now)
        for i, (k, n, g, lay, t, sj, kka, tb) in enumerate(JENIS)
    ])
    instr = sa.table("instruksi_disposisi", sa.column("teks"), sa.column("urutan"), sa.column("active"))
    op.bulk_insert(instr, [dict(teks=t, urutan=i * 10, active=True) for i, t in enumerate(INSTRUKSI)])


def downgrade() -> None:
    with op.batch_alter_table('nomor_terbit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomor_terbit_surat_keluar_id'))
        batch_op.drop_index(batch_op.f('ix_nomor_terbit_jenis_id'))
    op.drop_table('nomor_terbit')
    with op.batch_alter_table('surat_keluar', schema=None) as batch_op:
        batch_op.drop_index('ix_surat_keluar_tanggal_surat')
        batch_op.drop_index('ix_surat_keluar_status')
        batch_op.drop_index(batch_op.f('ix_surat_keluar_reply_to_id'))
        batch_op.drop_index(batch_op.f('ix_surat_keluar_jenis_id'))
    op.drop_table('surat_keluar')
    with op.batch_alter_table('disposisi', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disposisi_surat_masuk_id'))
        batch_op.drop_index(batch_op.f('ix_disposisi_parent_id'))
        batch_op.drop_index('ix_disposisi_kepada_user')
        batch_op.drop_index('ix_disposisi_kepada_unit')
        batch_op.drop_index('ix_disposisi_kepada_official')
        batch_op.drop_index('ix_disposisi_batas_waktu')
    op.drop_table('disposisi')
    with op.batch_alter_table('surat_masuk', schema=None) as batch_op:
        batch_op.drop_index('ix_surat_masuk_tanggal_terima')
        batch_op.drop_index('ix_surat_masuk_pengirim_nomor')
        batch_op.drop_index('ix_surat_masuk_nomor_surat')
        batch_op.drop_index('ix_surat_masuk_keamanan')
    op.drop_table('surat_masuk')
    op.drop_table('jenis_naskah')
    with op.batch_alter_table('instansi_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instansi_alias_instansi_id'))
    op.drop_table('instansi_alias')
    op.drop_table('nomor_counter')
    op.drop_table('instruksi_disposisi')
    with op.batch_alter_table('instansi', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instansi_nama_norm'))
    op.drop_table('instansi')
    op.drop_table('corr_setting')
