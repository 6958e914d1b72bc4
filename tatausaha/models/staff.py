"""Models of the staff (kepegawaian) area: employees, their career history (riwayat), SK proposals,
reference golongan/pangkat and the office's dated rules (DOMAIN.md §6, ANCHORS-NEXT.md §1).

Column names follow SIASN's de facto field set in snake_case (``nipBaru`` → ``nip_baru``,
``tglLahir`` → ``tgl_lahir``, ``golRuangAkhir`` → ``gol_ruang_akhir`` …) so a SIASN file maps one
to one; ``tatausaha.staff.fields.SIASN_COLUMNS`` lists the mapping.

Vocabulary:

* ``status_pegawai``: ``pns`` | ``cpns`` | ``pppk`` | ``pppk_paruh_waktu`` | ``non_asn``.
* ``jenis_kelamin``: ``L`` (pria, NIP digit 15 = 1) | ``P`` (wanita, NIP digit 15 = 2).
* ``jenis_jabatan``: ``jpt`` | ``administrator`` | ``pengawas`` | ``pelaksana`` |
  ``fungsional_keahlian`` | ``fungsional_keterampilan``; ``jenjang_jabatan`` qualifies it
  (``pratama``/``madya``/``utama`` for JPT; ``ahli_pertama`` … ``ahli_utama``; ``pemula`` …
  ``penyelia``).
* ``golongan.kode``: ``I/a`` … ``IV/e`` (PNS) and ``I`` … ``XVII`` (PPPK).

Every editable table carries ``row_version`` (optimistic locking, issue 15). SK scans are
``document`` rows: a riwayat row points at its SK by ``sk_document_id`` and the document is also
linked to the employee (``DocumentLink(record_kind="pegawai", role="sk")``) so it shows in the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tatausaha.models.base import Base, TimestampMixin, utcnow

STATUS_PEGAWAI = ("pns", "cpns", "pppk", "pppk_paruh_waktu", "non_asn")
JENIS_KELAMIN = ("L", "P")
JENIS_JABATAN = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional_keahlian", "fungsional_keterampilan")
JENJANG_JABATAN = (
    "", "pratama", "madya", "utama",  # JPT
    "ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama",  # fungsional keahlian
    "pemula", "terampil", "mahir", "penyelia",  # fungsional keterampilan
)  # fmt: skip
KEDUDUKAN = ("aktif", "pensiun", "meninggal", "pindah", "berhenti", "cltn")
JENIS_GOLONGAN = ("pns", "pppk")
TINGKAT_PENDIDIKAN = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
#: the seven kinds of PNS leave (PP 11/2017; DOMAIN.md §6.6)
JENIS_CUTI = ("tahunan", "besar", "sakit", "melahirkan", "alasan_penting", "bersama", "cltn")
TINGKAT_HUKDIS = ("ringan", "sedang", "berat")
JENIS_DIKLAT = ("kepemimpinan", "fungsional", "teknis", "prajabatan", "lainnya")
STATUS_USULAN = ("usulan", "diterapkan", "ditolak")
JENIS_USULAN = ("pangkat", "kgb", "jabatan", "kontrak")
RULE_KINDS = ("kp_periode", "kp_interval", "kgb_interval", "bup", "pensiun_proses", "kontrak_usul", "peringatan",
              "cuti_tahunan")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Golongan(Base):
    """Reference: one golongan/ruang with its pangkat name (PNS I/a–IV/e, PPPK I–XVII)."""

    __tablename__ = "golongan"
    #: audited (the office may edit the PPPK equivalence); its seeded rows are known to the drift check
    #: (``services.audit.SEEDED_BY_MIGRATIONS``)
    __audit__ = True
    __table_args__ = (CheckConstraint(_in("jenis", JENIS_GOLONGAN), name="jenis"),)

    kode: Mapped[str] = mapped_column(String(8), primary_key=True)  # "III/a", "IX"
    jenis: Mapped[str] = mapped_column(String(8))  # pns | pppk
    urutan: Mapped[int]  # 1 = lowest; orders DUK and "higher than"
    pangkat: Mapped[str] = mapped_column(String(60), default="")  # "Penata Muda" (PNS only)
    #: the PNS group I–IV it counts as (tax on honoraria, PP 80/2010): for PNS its own; for PPPK the
    #: office's table (default I–IV→I, V–VIII→II, IX–XII→III, XIII–XVII→IV; unverified, editable)
    kelompok: Mapped[str] = mapped_column(String(4))


class Pegawai(TimestampMixin, Base):
    """An employee of the office (PNS, CPNS, PPPK, PPPK paruh waktu, non-ASN)."""

    __tablename__ = "pegawai"
    __audit__ = True
    #: personal data stays out of the audit trail's copies (the trail still names who changed the row)
    __audit_exclude__ = frozenset({"nik", "alamat", "no_hp", "email", "no_npwp", "bank_rekening", "bank_atas_nama"})
    __table_args__ = (
        CheckConstraint(_in("status_pegawai", STATUS_PEGAWAI), name="status_pegawai"),
        CheckConstraint(_in("jenis_kelamin", JENIS_KELAMIN), name="jenis_kelamin"),
        CheckConstraint(_in("kedudukan", KEDUDUKAN), name="kedudukan"),
        Index("ix_pegawai_nama", "nama"),
        Index("ix_pegawai_status", "status_pegawai", "kedudukan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = mapped_column(default=1)
    # identity (SIASN data-utama)
    nip_baru: Mapped[str | None] = mapped_column(String(18), unique=True)  # PNS/CPNS/PPPK; None for non-ASN
    nip_lama: Mapped[str] = mapped_column(String(9), default="")
    nik: Mapped[str] = mapped_column(String(16), default="")
    nama: Mapped[str] = mapped_column(String(200))  # without gelar
    gelar_depan: Mapped[str] = mapped_column(String(60), default="")
    gelar_belakang: Mapped[str] = mapped_column(String(100), default="")
    tempat_lahir: Mapped[str] = mapped_column(String(100), default="")
    tgl_lahir: Mapped[dt.date] = mapped_column(Date)
    jenis_kelamin: Mapped[str] = mapped_column(String(1))
    agama: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    no_hp: Mapped[str] = mapped_column(String(40), default="")
    alamat: Mapped[str] = mapped_column(Text, default="")
    foto_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    # appointment
    status_pegawai: Mapped[str] = mapped_column(String(20))
    kedudukan: Mapped[str] = mapped_column(String(12), default="aktif")  # aktif, or why the person left
    tanggal_keluar: Mapped[dt.date | None] = mapped_column(Date)
    tmt_cpns: Mapped[dt.date | None] = mapped_column(Date)
    nomor_sk_cpns: Mapped[str] = mapped_column(String(100), default="")
    tmt_pns: Mapped[dt.date | None] = mapped_column(Date)
    nomor_sk_pns: Mapped[str] = mapped_column(String(100), default="")
    kontrak_mulai: Mapped[dt.date | None] = mapped_column(Date)  # PPPK / non-ASN
    kontrak_selesai: Mapped[dt.date | None] = mapped_column(Date)
    # rank and pay
    gol_ruang_akhir: Mapped[str | None] = mapped_column(ForeignKey("golongan.kode", ondelete="RESTRICT"))
    tmt_gol_akhir: Mapped[dt.date | None] = mapped_column(Date)
    mk_tahun: Mapped[int] = mapped_column(default=0)  # masa kerja golongan on the last pangkat SK
    mk_bulan: Mapped[int] = mapped_column(default=0)
    tmt_kgb_akhir: Mapped[dt.date | None] = mapped_column(Date)
    gaji_pokok: Mapped[int] = mapped_column(default=0)
    # position and unit
    jenis_jabatan: Mapped[str] = mapped_column(String(30), default="pelaksana")
    jabatan_nama: Mapped[str] = mapped_column(String(200), default="")
    jenjang_jabatan: Mapped[str] = mapped_column(String(20), default="")
    eselon: Mapped[str] = mapped_column(String(8), default="")  # "III.a", "IV.b"
    tmt_jabatan: Mapped[dt.date | None] = mapped_column(Date)
    unor_nama: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    # education (last)
    pendidikan_tingkat: Mapped[str] = mapped_column(String(4), default="")
    pendidikan_nama: Mapped[str] = mapped_column(String(200), default="")  # "S1 Ilmu Pemerintahan"
    tahun_lulus: Mapped[int | None]
    # pension, tax, bank
    tmt_pensiun: Mapped[dt.date | None] = mapped_column(Date)  # set by an SK pensiun; else computed (BUP)
    no_npwp: Mapped[str] = mapped_column(String(20), default="")
    bank_nama: Mapped[str] = mapped_column(String(100), default="")
    bank_rekening: Mapped[str] = mapped_column(String(40), default="")
    bank_atas_nama: Mapped[str] = mapped_column(String(200), default="")
    keterangan: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    __mapper_args__: dict[str, Any] = {"version_id_col": row_version}


class _Riwayat(TimestampMixin):
    """Columns every history row has: its employee, its SK (number, date, scan) and a note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = mapped_column(default=1)
    sk_nomor: Mapped[str] = mapped_column(String(200), default="")
    sk_tanggal: Mapped[dt.date | None] = mapped_column(Date)
    keterangan: Mapped[str] = mapped_column(Text, default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.row_version}


class RiwayatPangkat(_Riwayat, Base):
    """rw-golongan: one pangkat/golongan with its TMT and masa kerja golongan."""

    __tablename__ = "riwayat_pangkat"
    __audit__ = True

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    golongan: Mapped[str] = mapped_column(ForeignKey("golongan.kode", ondelete="RESTRICT"))
    tmt_golongan: Mapped[dt.date] = mapped_column(Date)
    jenis_kp: Mapped[str] = mapped_column(String(40), default="")  # reguler, pilihan, pengangkatan CPNS …
    mk_golongan_tahun: Mapped[int] = mapped_column(default=0)
    mk_golongan_bulan: Mapped[int] = mapped_column(default=0)
    no_pertek_bkn: Mapped[str] = mapped_column(String(100), default="")


class RiwayatJabatan(_Riwayat, Base):
    __tablename__ = "riwayat_jabatan"
    __audit__ = True

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    jenis_jabatan: Mapped[str] = mapped_column(String(30), default="pelaksana")
    jabatan_nama: Mapped[str] = mapped_column(String(200))
    jenjang_jabatan: Mapped[str] = mapped_column(String(20), default="")
    eselon: Mapped[str] = mapped_column(String(8), default="")
    unor_nama: Mapped[str] = mapped_column(String(200), default="")
    tmt_jabatan: Mapped[dt.date] = mapped_column(Date)


class RiwayatPendidikan(_Riwayat, Base):
    __tablename__ = "riwayat_pendidikan"
    __audit__ = True
    __table_args__ = (CheckConstraint(_in("tingkat", TINGKAT_PENDIDIKAN), name="tingkat"),)

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))  # ijazah
    tingkat: Mapped[str] = mapped_column(String(4))
    nama_sekolah: Mapped[str] = mapped_column(String(200), default="")
    jurusan: Mapped[str] = mapped_column(String(200), default="")
    tahun_lulus: Mapped[int]
    gelar: Mapped[str] = mapped_column(String(40), default="")


class RiwayatKgb(_Riwayat, Base):
    __tablename__ = "riwayat_kgb"
    __audit__ = True

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    tmt_kgb: Mapped[dt.date] = mapped_column(Date)
    golongan: Mapped[str | None] = mapped_column(ForeignKey("golongan.kode", ondelete="RESTRICT"))
    mk_tahun: Mapped[int] = mapped_column(default=0)
    mk_bulan: Mapped[int] = mapped_column(default=0)
    gaji_lama: Mapped[int] = mapped_column(default=0)
    gaji_baru: Mapped[int] = mapped_column(default=0)


class RiwayatDiklat(_Riwayat, Base):
    __tablename__ = "riwayat_diklat"
    __audit__ = True
    __table_args__ = (CheckConstraint(_in("jenis", JENIS_DIKLAT), name="jenis"),)

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))  # sertifikat
    jenis: Mapped[str] = mapped_column(String(16))
    nama: Mapped[str] = mapped_column(String(200))  # "PKA", "PKP", "Diklatpim IV", "Pelatihan Arsiparis"
    #: for kepemimpinan: 1 (PIM I / PKN I) … 4 (PIM IV / PKP); higher level = lower number; 0 = none
    tingkat: Mapped[int] = mapped_column(default=0)
    penyelenggara: Mapped[str] = mapped_column(String(200), default="")
    tanggal_mulai: Mapped[dt.date | None] = mapped_column(Date)
    tanggal_selesai: Mapped[dt.date | None] = mapped_column(Date)
    jam: Mapped[int] = mapped_column(default=0)


class RiwayatCuti(_Riwayat, Base):
    __tablename__ = "riwayat_cuti"
    __audit__ = True
    __table_args__ = (
        CheckConstraint(_in("jenis", JENIS_CUTI), name="jenis"),
        CheckConstraint("tanggal_selesai >= tanggal_mulai", name="urutan_tanggal"),
    )

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    jenis: Mapped[str] = mapped_column(String(16))
    tanggal_mulai: Mapped[dt.date] = mapped_column(Date)
    tanggal_selesai: Mapped[dt.date] = mapped_column(Date)
    hari_kerja: Mapped[int] = mapped_column(default=0)  # working days taken (Mon–Fri)
    alasan: Mapped[str] = mapped_column(Text, default="")


class RiwayatHukdis(_Riwayat, Base):
    __tablename__ = "riwayat_hukdis"
    __audit__ = True
    __table_args__ = (CheckConstraint(_in("tingkat", TINGKAT_HUKDIS), name="tingkat"),)

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    tingkat: Mapped[str] = mapped_column(String(8))
    jenis: Mapped[str] = mapped_column(String(200))  # "teguran lisan", "penundaan KGB 1 tahun" …
    tmt: Mapped[dt.date] = mapped_column(Date)
    tmt_akhir: Mapped[dt.date | None] = mapped_column(Date)
    #: a hukdis that defers the next KGB by this many months (PP 94/2021); 0 = none
    tunda_kgb_bulan: Mapped[int] = mapped_column(default=0)


class RiwayatKontrak(_Riwayat, Base):
    """PPPK / non-ASN contract periods (the first and each extension)."""

    __tablename__ = "riwayat_kontrak"
    __audit__ = True
    __table_args__ = (CheckConstraint("kontrak_selesai >= kontrak_mulai", name="urutan_tanggal"),)

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    sk_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    kontrak_mulai: Mapped[dt.date] = mapped_column(Date)
    kontrak_selesai: Mapped[dt.date] = mapped_column(Date)
    perpanjangan_ke: Mapped[int] = mapped_column(default=0)


class UsulanSk(TimestampMixin, Base):
    """What an SK (its scan) proposes for an employee — applied only when a user confirms it."""

    __tablename__ = "usulan_sk"
    __audit__ = True
    __table_args__ = (
        CheckConstraint(_in("status", STATUS_USULAN), name="status"),
        CheckConstraint(_in("jenis", JENIS_USULAN), name="jenis"),
        Index("ix_usulan_sk_pegawai", "pegawai_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = mapped_column(default=1)
    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    jenis: Mapped[str] = mapped_column(String(12))
    #: the proposed values, e.g. {"golongan": "III/c", "tmt_golongan": "2026-04-01", "sk_nomor": …}
    usulan: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="usulan")
    riwayat_id: Mapped[int | None]  # the history row made when it was applied
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    diputus_oleh: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    diputus_at: Mapped[dt.datetime | None]
    alasan_tolak: Mapped[str] = mapped_column(Text, default="")

    __mapper_args__: dict[str, Any] = {"version_id_col": row_version}


class AturanPegawai(TimestampMixin, Base):
    """One dated rule of the staff area, as the office configured it.

    The packaged defaults (``tatausaha.staff.rules.DEFAULT_RULES``) are dated the same way; a row
    here with the same kind, key and start replaces a default, any other adds to them. The rule in
    force on a date is the one of that kind and key with the latest ``berlaku_mulai`` not after the
    date (and ``berlaku_sampai``, if set, not before it).
    """

    __tablename__ = "aturan_pegawai"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("jenis", "kunci", "berlaku_mulai"),
        CheckConstraint(_in("jenis", RULE_KINDS), name="jenis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = mapped_column(default=1)
    jenis: Mapped[str] = mapped_column(String(20))  # see RULE_KINDS
    kunci: Mapped[str] = mapped_column(String(40), default="")  # e.g. the BUP category
    nilai: Mapped[Any] = mapped_column(JSON)  # months list, a number of months/years/days …
    berlaku_mulai: Mapped[dt.date] = mapped_column(Date)
    berlaku_sampai: Mapped[dt.date | None] = mapped_column(Date)
    dasar_hukum: Mapped[str] = mapped_column(String(300), default="")
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    dibuat_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __mapper_args__: dict[str, Any] = {"version_id_col": row_version}
