"""staff: employees (SIASN-named), riwayat tables with SK links, SK proposals, golongan/pangkat, dated rules

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


#: reference golongan/ruang (DOMAIN.md §6.2); PPPK kelompok is the office's editable equivalence
_PNS = (
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"), ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"), ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"), ("III/c", "Penata"), ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"), ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"), ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
_PPPK = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII")


def _seed(table: sa.Table) -> None:
    rows = [{"kode": k, "jenis": "pns", "urutan": i + 1, "pangkat": p, "kelompok": k.split("/")[0]}
            for i, (k, p) in enumerate(_PNS)]
    rows += [{"kode": k, "jenis": "pppk", "urutan": i + 1, "pangkat": "",
              "kelompok": ("I", "II", "III", "IV")[min(i // 4, 3)]} for i, k in enumerate(_PPPK)]
    op.bulk_insert(table, rows)


def upgrade() -> None:
    golongan = op.create_table('golongan',
    sa.Column('kode', sa.String(length=8), nullable=False),
    sa.Column('jenis', sa.String(length=8), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('pangkat', sa.String(length=60), nullable=False),
    sa.Column('kelompok', sa.String(length=4), nullable=False),
    sa.CheckConstraint("jenis IN ('pns', 'pppk')", name=op.f('ck_golongan_jenis')),
    sa.PrimaryKeyConstraint('kode', name=op.f('pk_golongan'))
    )
    op.create_table('aturan_pegawai',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('jenis', sa.String(length=20), nullable=False),
    sa.Column('kunci', sa.String(length=40), nullable=False),
    sa.Column('nilai', sa.JSON(), nullable=False),
    sa.Column('berlaku_mulai', sa.Date(), nullable=False),
    sa.Column('berlaku_sampai', sa.Date(), nullable=True),
    sa.Column('dasar_hukum', sa.String(length=300), nullable=False),
    sa.Column('dibuat_oleh', sa.Integer(), nullable=True),
    sa.Column('dibuat_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("jenis IN ('kp_periode', 'kp_interval', 'kgb_interval', 'bup', 'pensiun_proses', 'kontrak_usul', 'peringatan', 'cuti_tahunan')", name=op.f('ck_aturan_pegawai_jenis')),
    sa.ForeignKeyConstraint(['dibuat_oleh'], ['user_account.id'], name=op.f('fk_aturan_pegawai_dibuat_oleh_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aturan_pegawai')),
    sa.UniqueConstraint('jenis', 'kunci', 'berlaku_mulai', name=op.f('uq_aturan_pegawai_jenis_kunci_berlaku_mulai'))
    )
    op.create_table('pegawai',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('nip_baru', sa.String(length=18), nullable=True),
    sa.Column('nip_lama', sa.String(length=9), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=200), nullable=False),
    sa.Column('gelar_depan', sa.String(length=60), nullable=False),
    sa.Column('gelar_belakang', sa.String(length=100), nullable=False),
    sa.Column('tempat_lahir', sa.String(length=100), nullable=False),
    sa.Column('tgl_lahir', sa.Date(), nullable=False),
    sa.Column('jenis_kelamin', sa.String(length=1), nullable=False),
    sa.Column('agama', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('no_hp', sa.String(length=40), nullable=False),
    sa.Column('alamat', sa.Text(), nullable=False),
    sa.Column('foto_document_id', sa.Integer(), nullable=True),
    sa.Column('status_pegawai', sa.String(length=20), nullable=False),
    sa.Column('kedudukan', sa.String(length=12), nullable=False),
    sa.Column('tanggal_keluar', sa.Date(), nullable=True),
    sa.Column('tmt_cpns', sa.Date(), nullable=True),
    sa.Column('nomor_sk_cpns', sa.String(length=100), nullable=False),
    sa.Column('tmt_pns', sa.Date(), nullable=True),
    sa.Column('nomor_sk_pns', sa.String(length=100), nullable=False),
    sa.Column('kontrak_mulai', sa.Date(), nullable=True),
    sa.Column('kontrak_selesai', sa.Date(), nullable=True),
    sa.Column('gol_ruang_akhir', sa.String(length=8), nullable=True),
    sa.Column('tmt_gol_akhir', sa.Date(), nullable=True),
    sa.Column('mk_tahun', sa.Integer(), nullable=False),
    sa.Column('mk_bulan', sa.Integer(), nullable=False),
    sa.Column('tmt_kgb_akhir', sa.Date(), nullable=True),
    sa.Column('gaji_pokok', sa.Integer(), nullable=False),
    sa.Column('jenis_jabatan', sa.String(length=30), nullable=False),
    sa.Column('jabatan_nama', sa.String(length=200), nullable=False),
    sa.Column('jenjang_jabatan', sa.String(length=20), nullable=False),
    sa.Column('eselon', sa.String(length=8), nullable=False),
    sa.Column('tmt_jabatan', sa.Date(), nullable=True),
    sa.Column('unor_nama', sa.String(length=200), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('pendidikan_tingkat', sa.String(length=4), nullable=False),
    sa.Column('pendidikan_nama', sa.String(length=200), nullable=False),
    sa.Column('tahun_lulus', sa.Integer(), nullable=True),
    sa.Column('tmt_pensiun', sa.Date(), nullable=True),
    sa.Column('no_npwp', sa.String(length=20), nullable=False),
    sa.Column('bank_nama', sa.String(length=100), nullable=False),
    sa.Column('bank_rekening', sa.String(length=40), nullable=False),
    sa.Column('bank_atas_nama', sa.String(length=200), nullable=False),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("jenis_kelamin IN ('L', 'P')", name=op.f('ck_pegawai_jenis_kelamin')),
    sa.CheckConstraint("kedudukan IN ('aktif', 'pensiun', 'meninggal', 'pindah', 'berhenti', 'cltn')", name=op.f('ck_pegawai_kedudukan')),
    sa.CheckConstraint("status_pegawai IN ('pns', 'cpns', 'pppk', 'pppk_paruh_waktu', 'non_asn')", name=op.f('ck_pegawai_status_pegawai')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_pegawai_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['foto_document_id'], ['document.id'], name=op.f('fk_pegawai_foto_document_id_document'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['gol_ruang_akhir'], ['golongan.kode'], name=op.f('fk_pegawai_gol_ruang_akhir_golongan'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_pegawai_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pegawai')),
    sa.UniqueConstraint('nip_baru', name=op.f('uq_pegawai_nip_baru'))
    )
    with op.batch_alter_table('pegawai', schema=None) as batch_op:
        batch_op.create_index('ix_pegawai_nama', ['nama'], unique=False)
        batch_op.create_index('ix_pegawai_status', ['status_pegawai', 'kedudukan'], unique=False)

    op.create_table('riwayat_cuti',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('jenis', sa.String(length=16), nullable=False),
    sa.Column('tanggal_mulai', sa.Date(), nullable=False),
    sa.Column('tanggal_selesai', sa.Date(), nullable=False),
    sa.Column('hari_kerja', sa.Integer(), nullable=False),
    sa.Column('alasan', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("jenis IN ('tahunan', 'besar', 'sakit', 'melahirkan', 'alasan_penting', 'bersama', 'cltn')", name=op.f('ck_riwayat_cuti_jenis')),
    sa.CheckConstraint('tanggal_selesai >= tanggal_mulai', name=op.f('ck_riwayat_cuti_urutan_tanggal')),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_cuti_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_cuti_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_cuti'))
    )
    with op.batch_alter_table('riwayat_cuti', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_cuti_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('riwayat_diklat',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('jenis', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=200), nullable=False),
    sa.Column('tingkat', sa.Integer(), nullable=False),
    sa.Column('penyelenggara', sa.String(length=200), nullable=False),
    sa.Column('tanggal_mulai', sa.Date(), nullable=True),
    sa.Column('tanggal_selesai', sa.Date(), nullable=True),
    sa.Column('jam', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("jenis IN ('kepemimpinan', 'fungsional', 'teknis', 'prajabatan', 'lainnya')", name=op.f('ck_riwayat_diklat_jenis')),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_diklat_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_diklat_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_diklat'))
    )
    with op.batch_alter_table('riwayat_diklat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_diklat_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('riwayat_hukdis',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('tingkat', sa.String(length=8), nullable=False),
    sa.Column('jenis', sa.String(length=200), nullable=False),
    sa.Column('tmt', sa.Date(), nullable=False),
    sa.Column('tmt_akhir', sa.Date(), nullable=True),
    sa.Column('tunda_kgb_bulan', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("tingkat IN ('ringan', 'sedang', 'berat')", name=op.f('ck_riwayat_hukdis_tingkat')),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_hukdis_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_hukdis_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_hukdis'))
    )
    with op.batch_alter_table('riwayat_hukdis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_hukdis_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('riwayat_jabatan',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('jenis_jabatan', sa.String(length=30), nullable=False),
    sa.Column('jabatan_nama', sa.String(length=200), nullable=False),
    sa.Column('jenjang_jabatan', sa.String(length=20), nullable=False),
    sa.Column('eselon', sa.String(length=8), nullable=False),
    sa.Column('unor_nama', sa.String(length=200), nullable=False),
    sa.Column('tmt_jabatan', sa.Date(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_jabatan_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_jabatan_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_jabatan'))
    )
    with op.batch_alter_table('riwayat_jabatan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_jabatan_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('riwayat_kgb',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('tmt_kgb', sa.Date(), nullable=False),
    sa.Column('golongan', sa.String(length=8), nullable=True),
    sa.Column('mk_tahun', sa.Integer(), nullable=False),
    sa.Column('mk_bulan', sa.Integer(), nullable=False),
    sa.Column('gaji_lama', sa.Integer(), nullable=False),
    sa.Column('gaji_baru', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['golongan'], ['golongan.kode'], name=op.f('fk_riwayat_kgb_golongan_golongan'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_kgb_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_kgb_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_kgb'))
    )
    with op.batch_alter_table('riwayat_kgb', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_kgb_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('riwayat_kontrak',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('kontrak_mulai', sa.Date(), nullable=False),
    sa.Column('kontrak_selesai', sa.Date(), nullable=False),
    sa.Column('perpanjangan_ke', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('kontrak_selesai >= kontrak_mulai', name=op.f('ck_riwayat_kontrak_urutan_tanggal')),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_kontrak_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_kontrak_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_kontrak'))
    )
    with op.batch_alter_table('riwayat_kontrak', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_kontrak_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('riwayat_pangkat',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('golongan', sa.String(length=8), nullable=False),
    sa.Column('tmt_golongan', sa.Date(), nullable=False),
    sa.Column('jenis_kp', sa.String(length=40), nullable=False),
    sa.Column('mk_golongan_tahun', sa.Integer(), nullable=False),
    sa.Column('mk_golongan_bulan', sa.Integer(), nullable=False),
    sa.Column('no_pertek_bkn', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['golongan'], ['golongan.kode'], name=op.f('fk_riwayat_pangkat_golongan_golongan'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_pangkat_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_pangkat_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_pangkat'))
    )
    with op.batch_alter_table('riwayat_pangkat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_pangkat_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('riwayat_pendidikan',
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('sk_document_id', sa.Integer(), nullable=True),
    sa.Column('tingkat', sa.String(length=4), nullable=False),
    sa.Column('nama_sekolah', sa.String(length=200), nullable=False),
    sa.Column('jurusan', sa.String(length=200), nullable=False),
    sa.Column('tahun_lulus', sa.Integer(), nullable=False),
    sa.Column('gelar', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('sk_nomor', sa.String(length=200), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("tingkat IN ('SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3')", name=op.f('ck_riwayat_pendidikan_tingkat')),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_riwayat_pendidikan_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sk_document_id'], ['document.id'], name=op.f('fk_riwayat_pendidikan_sk_document_id_document'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_riwayat_pendidikan'))
    )
    with op.batch_alter_table('riwayat_pendidikan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_pendidikan_pegawai_id'), ['pegawai_id'], unique=False)

    op.create_table('usulan_sk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('pegawai_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('jenis', sa.String(length=12), nullable=False),
    sa.Column('usulan', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('riwayat_id', sa.Integer(), nullable=True),
    sa.Column('dibuat_oleh', sa.Integer(), nullable=True),
    sa.Column('diputus_oleh', sa.Integer(), nullable=True),
    sa.Column('diputus_at', sa.DateTime(), nullable=True),
    sa.Column('alasan_tolak', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("jenis IN ('pangkat', 'kgb', 'jabatan', 'kontrak')", name=op.f('ck_usulan_sk_jenis')),
    sa.CheckConstraint("status IN ('usulan', 'diterapkan', 'ditolak')", name=op.f('ck_usulan_sk_status')),
    sa.ForeignKeyConstraint(['dibuat_oleh'], ['user_account.id'], name=op.f('fk_usulan_sk_dibuat_oleh_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['diputus_oleh'], ['user_account.id'], name=op.f('fk_usulan_sk_diputus_oleh_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_usulan_sk_document_id_document'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], name=op.f('fk_usulan_sk_pegawai_id_pegawai'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usulan_sk'))
    )
    with op.batch_alter_table('usulan_sk', schema=None) as batch_op:
        batch_op.create_index('ix_usulan_sk_pegawai', ['pegawai_id', 'status'], unique=False)

    _seed(golongan)


def downgrade() -> None:
    with op.batch_alter_table('usulan_sk', schema=None) as batch_op:
        batch_op.drop_index('ix_usulan_sk_pegawai')

    op.drop_table('usulan_sk')
    with op.batch_alter_table('riwayat_pendidikan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_pendidikan_pegawai_id'))

    op.drop_table('riwayat_pendidikan')
    with op.batch_alter_table('riwayat_pangkat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_pangkat_pegawai_id'))

    op.drop_table('riwayat_pangkat')
    with op.batch_alter_table('riwayat_kontrak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_kontrak_pegawai_id'))

    op.drop_table('riwayat_kontrak')
    with op.batch_alter_table('riwayat_kgb', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_kgb_pegawai_id'))

    op.drop_table('riwayat_kgb')
    with op.batch_alter_table('riwayat_jabatan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_jabatan_pegawai_id'))

    op.drop_table('riwayat_jabatan')
    with op.batch_alter_table('riwayat_hukdis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_hukdis_pegawai_id'))

    op.drop_table('riwayat_hukdis')
    with op.batch_alter_table('riwayat_diklat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_diklat_pegawai_id'))

    op.drop_table('riwayat_diklat')
    with op.batch_alter_table('riwayat_cuti', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_cuti_pegawai_id'))

    op.drop_table('riwayat_cuti')
    with op.batch_alter_table('pegawai', schema=None) as batch_op:
        batch_op.drop_index('ix_pegawai_status')
        batch_op.drop_index('ix_pegawai_nama')

    op.drop_table('pegawai')
    op.drop_table('aturan_pegawai')
    op.drop_table('golongan')
