"""Models of the correspondence area: surat masuk, disposisi, surat keluar, numbering, registers.

Vocabulary (DOMAIN.md §1, §4, §5):

* ``derajat`` (derajat kecepatan): ``biasa`` | ``segera`` | ``sangat_segera``.
* ``keamanan`` (klasifikasi keamanan): ``biasa`` | ``terbatas`` | ``rahasia`` | ``sangat_rahasia``.
  ``rahasia``/``sangat_rahasia`` letters are seen only by their disposition chain, the clerk who
  registered them and SEE_SECRET holders (enforced in ``tatausaha.correspondence`` services).
* ``kanal``: ``manual`` | ``srikandi`` | ``email``.

Numbers: ``NomorCounter`` rows hold the last number handed out per scope (e.g. surat dinas,
2026, unit UMPEG); ``NomorTerbit`` is the register of every number ever issued, active or
cancelled (*batal*), including numbers issued elsewhere (SRIKANDI) and recorded by hand. Its
unique constraints make reuse impossible even across processes and workstations.

Scans and attachments are ``DocumentLink(record_kind="surat_masuk"|"surat_keluar"|"disposisi")``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, TimestampMixin, utcnow

DERAJAT = ("biasa", "segera", "sangat_segera")
KEAMANAN = ("biasa", "terbatas", "rahasia", "sangat_rahasia")
SECRET_KEAMANAN = ("rahasia", "sangat_rahasia")
KANAL = ("manual", "srikandi", "email")
STATUS_MASUK = ("terdaftar", "didisposisi", "selesai", "batal")
STATUS_DISPOSISI = ("belum_dibaca", "dibaca", "ditindaklanjuti", "selesai")
STATUS_KELUAR = ("draft", "bernomor", "terkirim", "batal")
#: Approval of a draft (``SuratKeluar.tahap``): konsep → paraf (reviewers in order) → ttd → ditandatangani;
#: a reviewer or the signer may send it back (dikembalikan) with a note. Meaningful while status is draft.
TAHAP_KELUAR = ("konsep", "paraf", "ttd", "ditandatangani", "dikembalikan")
PERAN_PARAF = ("paraf", "ttd")
STATUS_PARAF = ("menunggu", "selesai", "dikembalikan", "dibatalkan")
STATUS_NOMOR = ("aktif", "batal")
SUMBER_NOMOR = ("otomatis", "manual", "srikandi")
KELOMPOK_NASKAH = ("arahan", "korespondensi", "khusus", "produk_hukum", "lainnya")
LAYOUT_NASKAH = ("korespondensi", "judul", "undangan", "formulir")
TTD_PREFIX = ("", "a.n.", "u.b.", "Plt.", "Plh.", "Pj.")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Instansi(TimestampMixin, Base):
    """A sender/addressee: Dinas, kelurahan, Polsek, Koramil, Puskesmas, a company, a citizen ..."""

    __tablename__ = "instansi"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    #: optimistic locking (issue 15): every UPDATE checks and bumps it; a stale save is refused
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's declarative form
    nama: Mapped[str] = mapped_column(String(300), unique=True)
    nama_norm: Mapped[str] = mapped_column(String(300), index=True)  # folded, for lookup/autocomplete
    singkatan: Mapped[str] = mapped_column(String(60), default="")
    jenis: Mapped[str] = mapped_column(String(40), default="")  # dinas, kelurahan, polsek, puskesmas, warga ...
    alamat: Mapped[str] = mapped_column(String(300), default="")
    kota: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(default=True)


class InstansiAlias(Base):
    """Other spellings of an instansi ("Disdukcapil", "Dinas Dukcapil Kota Bekasi")."""

    __tablename__ = "instansi_alias"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey("instansi.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    alias_norm: Mapped[str] = mapped_column(String(300), unique=True)


class JenisNaskah(TimestampMixin, Base):
    """A kind of naskah dinas with its layout and numbering template (DOMAIN.md §1.2, §1.5).

    ``template_nomor`` tokens: ``{kka} {urut} {urut:3} {unit} {bulan_romawi} {bulan2} {tahun}
    {derajat}``. The counter is per year, optionally also per unit / jenis / KKA (``scope_*``).
    """

    __tablename__ = "jenis_naskah"
    __audit__ = True
    __table_args__ = (
        CheckConstraint(_in("kelompok", KELOMPOK_NASKAH), name="kelompok"),
        CheckConstraint(_in("layout", LAYOUT_NASKAH), name="layout"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: optimistic locking (issue 15): every UPDATE checks and bumps it; a stale save is refused
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's declarative form
    kode: Mapped[str] = mapped_column(String(20), unique=True)  # SD, UND, ND, SK, ST, SE, KEP, BA ...
    nama: Mapped[str] = mapped_column(String(200))
    kelompok: Mapped[str] = mapped_column(String(20), default="korespondensi")
    layout: Mapped[str] = mapped_column(String(20), default="korespondensi")
    template_nomor: Mapped[str] = mapped_column(String(200), default="{kka}/{urut}/{unit}/{tahun}")
    scope_unit: Mapped[bool] = mapped_column(default=False)
    scope_jenis: Mapped[bool] = mapped_column(default=False)
    scope_kka: Mapped[bool] = mapped_column(default=False)
    kode_klasifikasi_default: Mapped[str] = mapped_column(String(32), default="")
    penandatangan_default_id: Mapped[int | None] = mapped_column(ForeignKey("official.id", ondelete="SET NULL"))
    butuh_tembusan: Mapped[bool] = mapped_column(default=True)
    urutan: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class InstruksiDisposisi(Base):
    """The editable standard list of disposition instructions (DOMAIN.md §4.1)."""

    __tablename__ = "instruksi_disposisi"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    #: optimistic locking (issue 15): every UPDATE checks and bumps it; a stale save is refused
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's declarative form
    teks: Mapped[str] = mapped_column(String(200), unique=True)
    urutan: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class SuratMasuk(TimestampMixin, Base):
    __tablename__ = "surat_masuk"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("tahun", "nomor_agenda"),
        Index("ix_surat_masuk_tanggal_terima", "tanggal_terima", "id"),
        Index("ix_surat_masuk_pengirim_nomor", "instansi_id", "nomor_surat"),
        Index("ix_surat_masuk_nomor_surat", "nomor_surat"),
        Index("ix_surat_masuk_keamanan", "keamanan"),
        CheckConstraint(_in("derajat", DERAJAT), name="derajat"),
        CheckConstraint(_in("keamanan", KEAMANAN), name="keamanan"),
        CheckConstraint(_in("kanal", KANAL), name="kanal"),
        CheckConstraint(_in("status", STATUS_MASUK), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: optimistic locking (issue 15): every UPDATE checks and bumps it; a stale save is refused
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's declarative form
    tahun: Mapped[int]
    nomor_agenda: Mapped[int]  # per year, from NomorCounter, never reused
    tanggal_terima: Mapped[dt.date] = mapped_column(Date)
    nomor_surat: Mapped[str] = mapped_column(String(200), default="")
    tanggal_surat: Mapped[dt.date | None] = mapped_column(Date)
    instansi_id: Mapped[int | None] = mapped_column(ForeignKey("instansi.id", ondelete="SET NULL"))
    pengirim: Mapped[str] = mapped_column(String(300), default="")  # as written on the letter
    ditujukan: Mapped[str] = mapped_column(String(300), default="")  # "Camat Jatisampurna"
    perihal: Mapped[str] = mapped_column(Text, default="")
    ringkasan: Mapped[str] = mapped_column(Text, default="")
    derajat: Mapped[str] = mapped_column(String(16), default="biasa")
    keamanan: Mapped[str] = mapped_column(String(16), default="biasa")
    kode_klasifikasi: Mapped[str] = mapped_column(String(32), default="")
    klasifikasi_scheme: Mapped[str] = mapped_column(String(16), default="pmdn83_2022")
    lampiran: Mapped[str] = mapped_column(String(100), default="")
    kanal: Mapped[str] = mapped_column(String(16), default="manual")
    srikandi_ref: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="terdaftar")
    keterangan: Mapped[str] = mapped_column(Text, default="")
    lokasi_arsip: Mapped[str] = mapped_column(String(200), default="")
    batal_alasan: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class Disposisi(TimestampMixin, Base):
    """One hop of a disposition tree: from one official to one recipient (unit or official/user)."""

    __tablename__ = "disposisi"
    __audit__ = True
    __table_args__ = (
        Index("ix_disposisi_kepada_user", "kepada_user_id", "status"),
        Index("ix_disposisi_kepada_official", "kepada_official_id", "status"),
        Index("ix_disposisi_kepada_unit", "kepada_unit_id", "status"),
        Index("ix_disposisi_batas_waktu", "batas_waktu"),
        CheckConstraint(_in("status", STATUS_DISPOSISI), name="status"),
        CheckConstraint(_in("derajat", DERAJAT), name="derajat"),
        CheckConstraint(
            "kepada_unit_id IS NOT NULL OR kepada_official_id IS NOT NULL OR kepada_user_id IS NOT NULL",
            name="recipient",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: optimistic locking (issue 15): every UPDATE checks and bumps it; a stale save is refused
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's declarative form
    surat_masuk_id: Mapped[int] = mapped_column(ForeignKey("surat_masuk.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("disposisi.id", ondelete="CASCADE"), index=True)
    dari_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    dari_official_id: Mapped[int | None] = mapped_column(ForeignKey("official.id", ondelete="SET NULL"))
    kepada_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    kepada_official_id: Mapped[int | None] = mapped_column(ForeignKey("official.id", ondelete="SET NULL"))
    kepada_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    instruksi: Mapped[list[Any]] = mapped_column(JSON, default=list)  # texts from InstruksiDisposisi (+ free ones)
    catatan: Mapped[str] = mapped_column(Text, default="")
    batas_waktu: Mapped[dt.date | None] = mapped_column(Date)
    derajat: Mapped[str] = mapped_column(String(16), default="biasa")
    status: Mapped[str] = mapped_column(String(20), default="belum_dibaca")
    tanggal: Mapped[dt.datetime] = mapped_column(default=utcnow)
    dibaca_at: Mapped[dt.datetime | None]
    ditindaklanjuti_at: Mapped[dt.datetime | None]
    selesai_at: Mapped[dt.datetime | None]
    tindak_lanjut: Mapped[str] = mapped_column(Text, default="")  # follow-up notes of the recipient


class SuratKeluar(TimestampMixin, Base):
    __tablename__ = "surat_keluar"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("tahun", "nomor_agenda"),
        Index("ix_surat_keluar_tanggal_surat", "tanggal_surat", "id"),
        Index("ix_surat_keluar_status", "status"),
        CheckConstraint(_in("derajat", DERAJAT), name="derajat"),
        CheckConstraint(_in("keamanan", KEAMANAN), name="keamanan"),
        CheckConstraint(_in("kanal", KANAL), name="kanal"),
        CheckConstraint(_in("status", STATUS_KELUAR), name="status"),
        CheckConstraint(_in("tahap", TAHAP_KELUAR), name="tahap"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: optimistic locking (issue 15): every UPDATE checks and bumps it; a stale save is refused
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's declarative form
    jenis_id: Mapped[int] = mapped_column(ForeignKey("jenis_naskah.id", ondelete="RESTRICT"), index=True)
    tahun: Mapped[int | None]  # set when numbered
    nomor_agenda: Mapped[int | None]  # No. urut in the Buku Agenda Surat Keluar, set when numbered
    nomor: Mapped[str] = mapped_column(String(200), default="")
    tanggal_surat: Mapped[dt.date | None] = mapped_column(Date)
    instansi_id: Mapped[int | None] = mapped_column(ForeignKey("instansi.id", ondelete="SET NULL"))
    tujuan: Mapped[str] = mapped_column(Text, default="")  # one addressee per line (after "Yth.")
    tujuan_di: Mapped[str] = mapped_column(String(200), default="")  # "di Tempat" / "di Bekasi"
    tembusan: Mapped[list[Any]] = mapped_column(JSON, default=list)
    lampiran: Mapped[str] = mapped_column(String(100), default="")
    hal: Mapped[str] = mapped_column(Text, default="")
    isi: Mapped[str] = mapped_column(Text, default="")  # paragraphs separated by blank lines
    derajat: Mapped[str] = mapped_column(String(16), default="biasa")
    keamanan: Mapped[str] = mapped_column(String(16), default="biasa")
    kode_klasifikasi: Mapped[str] = mapped_column(String(32), default="")
    klasifikasi_scheme: Mapped[str] = mapped_column(String(16), default="pmdn83_2022")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    penandatangan_id: Mapped[int | None] = mapped_column(ForeignKey("official.id", ondelete="SET NULL"))
    ttd_prefix: Mapped[str] = mapped_column(String(8), default="")  # "", a.n., u.b., Plt., Plh., Pj.
    atas_nama_jabatan: Mapped[str] = mapped_column(String(200), default="")
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("surat_masuk.id", ondelete="SET NULL"), index=True)
    kanal: Mapped[str] = mapped_column(String(16), default="manual")
    srikandi_ref: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    tanggal_kirim: Mapped[dt.date | None] = mapped_column(Date)
    cara_kirim: Mapped[str] = mapped_column(String(40), default="")  # kurir, pos, pos-el, SRIKANDI, diantar
    penerima_nama: Mapped[str] = mapped_column(String(200), default="")  # tanda terima in the Buku Ekspedisi
    diterima_at: Mapped[dt.datetime | None]
    keterangan: Mapped[str] = mapped_column(Text, default="")
    batal_alasan: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # approval (paraf → tanda tangan → nomor), see ``tatausaha.correspondence.approval``
    tahap: Mapped[str] = mapped_column(String(16), default="konsep", server_default="konsep")
    menunggu_official_id: Mapped[int | None] = mapped_column(ForeignKey("official.id", ondelete="SET NULL"), index=True)
    ditandatangani_at: Mapped[dt.datetime | None]
    ditandatangani_oleh: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: per-jenis fields: undangan {tanggal, tanggal_sampai, waktu, tempat, acara}; surat tugas
    #: {dasar: [..], kepada: [{nama, nip, pangkat, jabatan}], untuk}
    rincian: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ParafSurat(Base):
    """One step of a draft's approval round: a paraf by a reviewer or the signature (``peran``).

    Every submission (``putaran``) writes its own rows, so the history of rounds — who initialled,
    who sent it back and why — stays after a revision.
    """

    __tablename__ = "paraf_surat"
    __audit__ = True
    __table_args__ = (
        CheckConstraint(_in("peran", PERAN_PARAF), name="peran"),
        CheckConstraint(_in("status", STATUS_PARAF), name="status"),
        Index("ix_paraf_surat_surat", "surat_keluar_id", "putaran", "urutan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: optimistic locking (issue 15): every UPDATE checks and bumps it; a stale save is refused
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's declarative form
    surat_keluar_id: Mapped[int] = mapped_column(ForeignKey("surat_keluar.id", ondelete="CASCADE"))
    putaran: Mapped[int] = mapped_column(default=1)
    urutan: Mapped[int] = mapped_column(default=0)
    peran: Mapped[str] = mapped_column(String(8), default="paraf")
    official_id: Mapped[int | None] = mapped_column(ForeignKey("official.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="menunggu")
    catatan: Mapped[str] = mapped_column(Text, default="")
    diajukan_oleh: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    diajukan_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    oleh_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    selesai_at: Mapped[dt.datetime | None]


class NomorCounter(Base):
    """The last number handed out in one scope (``scope_key`` such as ``SD|2026|unit=UMPEG``)."""

    __tablename__ = "nomor_counter"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_key: Mapped[str] = mapped_column(String(200), unique=True)
    tahun: Mapped[int]
    last_value: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NomorTerbit(Base):
    """Every number ever issued: automatic, manual or from SRIKANDI; active or cancelled (batal)."""

    __tablename__ = "nomor_terbit"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("tahun", "nomor"),
        UniqueConstraint("scope_key", "urut"),
        CheckConstraint(_in("status", STATUS_NOMOR), name="status"),
        CheckConstraint(_in("sumber", SUMBER_NOMOR), name="sumber"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int]
    nomor: Mapped[str] = mapped_column(String(200))
    jenis_id: Mapped[int | None] = mapped_column(ForeignKey("jenis_naskah.id", ondelete="SET NULL"), index=True)
    scope_key: Mapped[str | None] = mapped_column(String(200))  # NULL for numbers recorded by hand
    urut: Mapped[int | None]
    tanggal: Mapped[dt.date] = mapped_column(Date)
    kode_klasifikasi: Mapped[str] = mapped_column(String(32), default="")
    sumber: Mapped[str] = mapped_column(String(16), default="otomatis")
    srikandi_ref: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(8), default="aktif")
    batal_alasan: Mapped[str] = mapped_column(Text, default="")
    batal_at: Mapped[dt.datetime | None]
    batal_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    surat_keluar_id: Mapped[int | None] = mapped_column(ForeignKey("surat_keluar.id", ondelete="SET NULL"), index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class CorrespondenceSetting(Base):
    """Small remembered settings of the area (e.g. the import column mapping), JSON values."""

    __tablename__ = "corr_setting"
    __audit__ = True

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
