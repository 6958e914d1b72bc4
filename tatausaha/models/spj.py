"""Models of the SPJ area (surat pertanggungjawaban: the evidence behind each payment).

SIPD pays; tatausaha keeps the evidence and makes it complete, findable and provable
(DOMAIN.md §7, ANCHORS-NEXT.md §2). Vocabulary:

* Budget structure per budget year (``SpjTahun``): ``SpjProgram`` → ``SpjKegiatan`` →
  ``SpjSubKegiatan`` (codes as SIPD writes them, e.g. ``7.01.01.2.01.0001``; the digits alone key
  SIPD's evidence) with a pagu; ``SpjRekening`` is the kode rekening belanja
  (``5.1.02.01.01.0024``), shared across years; ``SpjPagu`` is one budget line (sub-kegiatan ×
  rekening with its pagu), what the DPA lists and the budget import writes.
* ``SpjSupplier``: the supplier directory (penyedia) with what BPK confirms: NPWP, NIK, address,
  phone, bank.
* ``SpjItem``: one payment (one TBP in SIPD): date, sub-kegiatan, rekening, jenis belanja, uraian,
  amount in whole rupiah, payee (``penerima_jenis``: ``pegawai`` an employee of the staff area,
  ``penyedia`` a supplier, ``orang`` a person typed on the item), payment method, SIPD's NPD and TBP
  numbers. ``status``: ``draft`` → ``siap`` (numbered, locked: a later change is a new version,
  ``SpjItemVersi``) → ``ditutup`` (closed; refused while a required document is missing unless a
  pimpinan overrides with a reason).
* ``SpjPajak``: the taxes of an item, computed from the dated ``SpjAturanPajak`` rules and
  editable with a reason; ``disetor``/``ntpn`` record the deposit (the tax recap: withheld vs paid).
* ``SpjBukti``: one evidence requirement of an item, copied from the dated checklist rules
  (``SpjAturanBukti``, per jenis belanja and value tier, configurable by the office) in one of five
  states (``STATUS_BUKTI``); ``tidak_berlaku`` needs a reason. Its files are ``SpjBuktiBerkas``
  rows pointing at archive documents; who issued it (``diterbitkan_oleh``) and a deadline.
* ``SpjPelaksana``: the travellers of a perjalanan dinas, each with the surat tugas (a
  correspondence ``surat_keluar``) and SPD number.

Amounts are whole rupiah (``BigInteger``); rates are parts per million (``tarif_ppm``: 1.5 % =
15000) so nothing is a float. Every editable table carries ``row_version`` (optimistic locking).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tatausaha.models.base import Base, TimestampMixin, utcnow

#: payee kinds; SIPD's TBP says ``pns`` / ``usaha`` / ``orang``
PENERIMA_JENIS = ("pegawai", "penyedia", "orang")
METODE_BAYAR = ("tunai", "non_tunai")
STATUS_ITEM = ("draft", "siap", "ditutup")
#: the five states of an evidence requirement
STATUS_BUKTI = ("belum_ada", "belum_lengkap", "lengkap", "perlu_perbaikan", "tidak_berlaku")
STATUS_BUKTI_LABEL = {
    "belum_ada": "Belum ada",
    "belum_lengkap": "Belum lengkap",
    "lengkap": "Lengkap",
    "perlu_perbaikan": "Perlu perbaikan",
    "tidak_berlaku": "Tidak berlaku",
}
#: who issued a piece of evidence: the supplier, the office itself, or another party
PENERBIT = ("penyedia", "kantor", "pihak_lain")
JENIS_PAJAK = ("ppn", "pph21", "pph22", "pph23", "pph4_2", "pajak_daerah")
JENIS_PAJAK_LABEL = {
    "ppn": "PPN",
    "pph21": "PPh 21",
    "pph22": "PPh 22",
    "pph23": "PPh 23",
    "pph4_2": "PPh 4(2)",
    "pajak_daerah": "Pajak daerah",
}
#: golongan ruang classes the PPh 21 honorarium rule is keyed by (PPPK: same classes by the staff area)
GOLONGAN_KELAS = ("I", "II", "III", "IV")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class _Versioned:
    """``row_version``: optimistic locking (issue 15 builds the conflict message on it)."""

    row_version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]


class SpjTahun(TimestampMixin, _Versioned, Base):
    """A budget year (tahun anggaran) with the counter the items' numbers come from."""

    __tablename__ = "spj_tahun"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int] = mapped_column(unique=True)
    keterangan: Mapped[str] = mapped_column(String(200), default="")
    nomor_terakhir: Mapped[int] = mapped_column(default=0)  # last SPJ number handed out this year
    aktif: Mapped[bool] = mapped_column(default=True)


class SpjProgram(TimestampMixin, _Versioned, Base):
    __tablename__ = "spj_program"
    __audit__ = True
    __table_args__ = (UniqueConstraint("tahun_id", "kode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("spj_tahun.id", ondelete="CASCADE"), index=True)
    kode: Mapped[str] = mapped_column(String(40))  # 7.01.01
    nama: Mapped[str] = mapped_column(String(400))


class SpjKegiatan(TimestampMixin, _Versioned, Base):
    __tablename__ = "spj_kegiatan"
    __audit__ = True
    __table_args__ = (UniqueConstraint("program_id", "kode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("spj_program.id", ondelete="CASCADE"), index=True)
    kode: Mapped[str] = mapped_column(String(40))  # 7.01.01.2.01
    nama: Mapped[str] = mapped_column(String(400))


class SpjSubKegiatan(TimestampMixin, _Versioned, Base):
    """A sub-kegiatan of a budget year: SIPD keys evidence by its code (12 digits without dots)."""

    __tablename__ = "spj_sub_kegiatan"
    __audit__ = True
    __table_args__ = (UniqueConstraint("tahun_id", "kode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("spj_tahun.id", ondelete="CASCADE"), index=True)
    kegiatan_id: Mapped[int] = mapped_column(ForeignKey("spj_kegiatan.id", ondelete="CASCADE"), index=True)
    kode: Mapped[str] = mapped_column(String(40))  # 7.01.01.2.01.0001
    nama: Mapped[str] = mapped_column(String(400))
    pagu: Mapped[int] = mapped_column(BigInteger, default=0)  # rupiah
    pptk_nama: Mapped[str] = mapped_column(String(200), default="")
    pptk_nip: Mapped[str] = mapped_column(String(30), default="")


class SpjRekening(TimestampMixin, _Versioned, Base):
    """A kode rekening belanja (``5.1.02.01.01.0024 Belanja Alat/Bahan untuk Kegiatan Kantor-ATK``)."""

    __tablename__ = "spj_rekening"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(40), unique=True)
    nama: Mapped[str] = mapped_column(String(400))
    #: the jenis belanja an item on this rekening usually is (pre-filled, editable on the item)
    jenis_belanja: Mapped[str] = mapped_column(String(40), default="")
    aktif: Mapped[bool] = mapped_column(default=True)


class SpjPagu(TimestampMixin, _Versioned, Base):
    """One budget line: a sub-kegiatan's pagu on one rekening (as the DPA lists it)."""

    __tablename__ = "spj_pagu"
    __audit__ = True
    __table_args__ = (UniqueConstraint("sub_kegiatan_id", "rekening_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_kegiatan_id: Mapped[int] = mapped_column(ForeignKey("spj_sub_kegiatan.id", ondelete="CASCADE"), index=True)
    rekening_id: Mapped[int] = mapped_column(ForeignKey("spj_rekening.id", ondelete="RESTRICT"), index=True)
    pagu: Mapped[int] = mapped_column(BigInteger, default=0)


class SpjJenisBelanja(TimestampMixin, _Versioned, Base):
    """The kinds of spending checklists are keyed by (barang_jasa, honorarium, lembur, …): the office may add its own."""

    __tablename__ = "spj_jenis_belanja"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(40), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    urutan: Mapped[int] = mapped_column(default=0)
    aktif: Mapped[bool] = mapped_column(default=True)


class SpjSupplier(TimestampMixin, _Versioned, Base):
    """A supplier (penyedia) with what BPK confirms: NPWP/NIK, address, phone, bank."""

    __tablename__ = "spj_supplier"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(300))
    nama_norm: Mapped[str] = mapped_column(String(300), index=True)
    bentuk: Mapped[str] = mapped_column(String(40), default="")  # CV, PT, toko, perorangan …
    pkp: Mapped[bool] = mapped_column(default=False)  # pengusaha kena pajak: collects PPN
    npwp: Mapped[str] = mapped_column(String(30), default="")
    nik: Mapped[str] = mapped_column(String(20), default="")
    alamat: Mapped[str] = mapped_column(String(400), default="")
    rt_rw: Mapped[str] = mapped_column(String(20), default="")
    kelurahan: Mapped[str] = mapped_column(String(120), default="")
    kota: Mapped[str] = mapped_column(String(120), default="")
    telepon: Mapped[str] = mapped_column(String(40), default="")
    pemilik: Mapped[str] = mapped_column(String(200), default="")
    bank_nama: Mapped[str] = mapped_column(String(100), default="")
    bank_rekening: Mapped[str] = mapped_column(String(40), default="")
    bank_atas_nama: Mapped[str] = mapped_column(String(200), default="")
    catatan: Mapped[str] = mapped_column(Text, default="")
    aktif: Mapped[bool] = mapped_column(default=True)


class SpjItem(TimestampMixin, _Versioned, Base):
    """One payment and its evidence (one TBP in SIPD)."""

    __tablename__ = "spj_item"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("tahun_id", "nomor_urut"),
        UniqueConstraint("tahun_id", "no_tbp"),
        CheckConstraint(_in("penerima_jenis", PENERIMA_JENIS), name="penerima_jenis"),
        CheckConstraint(_in("metode_bayar", METODE_BAYAR), name="metode_bayar"),
        CheckConstraint(_in("status", STATUS_ITEM), name="status"),
        CheckConstraint("jumlah >= 0", name="jumlah"),
        Index("ix_spj_item_tanggal", "tanggal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("spj_tahun.id", ondelete="RESTRICT"), index=True)
    tanggal: Mapped[dt.date] = mapped_column(Date)  # payment date (may be set earlier when completed late)
    sub_kegiatan_id: Mapped[int] = mapped_column(ForeignKey("spj_sub_kegiatan.id", ondelete="RESTRICT"), index=True)
    rekening_id: Mapped[int] = mapped_column(ForeignKey("spj_rekening.id", ondelete="RESTRICT"), index=True)
    jenis_belanja: Mapped[str] = mapped_column(String(40))
    uraian: Mapped[str] = mapped_column(Text)
    jumlah: Mapped[int] = mapped_column(BigInteger)  # gross, rupiah
    # payee
    penerima_jenis: Mapped[str] = mapped_column(String(10), default="orang")
    pegawai_id: Mapped[int | None] = mapped_column(index=True)  # the staff area's employee (no FK: areas stay apart)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("spj_supplier.id", ondelete="RESTRICT"), index=True)
    penerima_nama: Mapped[str] = mapped_column(String(300), default="")  # as printed on the kwitansi
    penerima_nip: Mapped[str] = mapped_column(String(30), default="")
    penerima_nik: Mapped[str] = mapped_column(String(20), default="")
    penerima_npwp: Mapped[str] = mapped_column(String(30), default="")
    penerima_alamat: Mapped[str] = mapped_column(String(400), default="")
    #: golongan class on the payment date (I–IV) — read from the staff area for an employee, typed otherwise
    penerima_golongan: Mapped[str] = mapped_column(String(8), default="")
    bank_nama: Mapped[str] = mapped_column(String(100), default="")
    bank_rekening: Mapped[str] = mapped_column(String(40), default="")
    metode_bayar: Mapped[str] = mapped_column(String(10), default="tunai")
    # SIPD references
    no_npd: Mapped[str | None] = mapped_column(String(80))
    no_tbp: Mapped[str | None] = mapped_column(String(80))
    # activity and deadline (evidence deadline = end of activity + the rule's days)
    kegiatan_selesai: Mapped[dt.date | None] = mapped_column(Date)
    # numbering and lock
    status: Mapped[str] = mapped_column(String(10), default="draft")
    nomor_urut: Mapped[int | None]
    nomor: Mapped[str | None] = mapped_column(String(60), index=True)  # 0012/SPJ/2026
    versi: Mapped[int] = mapped_column(default=1)
    siap_at: Mapped[dt.datetime | None]
    ditutup_at: Mapped[dt.datetime | None]
    ditutup_oleh: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: a pimpinan closed it with required documents missing: why (also an audit event)
    override_alasan: Mapped[str | None] = mapped_column(Text)
    override_oleh: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    catatan: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class SpjItemVersi(Base):
    """A numbered item as it was before a later change (``versi`` n; the item goes on as n+1)."""

    __tablename__ = "spj_item_versi"
    __audit__ = True
    __table_args__ = (UniqueConstraint("item_id", "versi"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("spj_item.id", ondelete="CASCADE"), index=True)
    versi: Mapped[int]
    nomor: Mapped[str | None] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    alasan: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class SpjPajak(TimestampMixin, _Versioned, Base):
    """A tax on an item: computed from a dated rule, editable with a reason; deposit recorded."""

    __tablename__ = "spj_pajak"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("item_id", "jenis"),
        CheckConstraint(_in("jenis", JENIS_PAJAK), name="jenis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("spj_item.id", ondelete="CASCADE"), index=True)
    jenis: Mapped[str] = mapped_column(String(12))
    aturan_id: Mapped[int | None] = mapped_column(ForeignKey("spj_aturan_pajak.id", ondelete="SET NULL"))
    dasar: Mapped[int] = mapped_column(BigInteger, default=0)  # DPP, rupiah
    tarif_ppm: Mapped[int] = mapped_column(default=0)  # parts per million of the DPP
    jumlah_hitung: Mapped[int] = mapped_column(BigInteger, default=0)  # as the rule computes it
    jumlah: Mapped[int] = mapped_column(BigInteger, default=0)  # what is withheld (the override if any)
    alasan_ubah: Mapped[str | None] = mapped_column(Text)  # why jumlah differs from jumlah_hitung
    disetor: Mapped[bool] = mapped_column(default=False)
    tanggal_setor: Mapped[dt.date | None] = mapped_column(Date)
    ntpn: Mapped[str] = mapped_column(String(40), default="")  # deposit proof number (e-Billing)
    kode_billing: Mapped[str] = mapped_column(String(40), default="")


class SpjAturanPajak(TimestampMixin, _Versioned, Base):
    """A dated tax rule: a tax applies to an item when the payment date is within its validity,
    the jenis belanja / payee kind / golongan match (empty = any) and the amount reaches ``batas_bawah``.

    Tax = floor(jumlah × dpp_pembilang / dpp_penyebut) × tarif_ppm / 1 000 000, rounded down.
    """

    __tablename__ = "spj_aturan_pajak"
    __audit__ = True
    __table_args__ = (CheckConstraint(_in("jenis_pajak", JENIS_PAJAK), name="jenis_pajak"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jenis_pajak: Mapped[str] = mapped_column(String(12))
    berlaku_mulai: Mapped[dt.date] = mapped_column(Date)
    berlaku_sampai: Mapped[dt.date | None] = mapped_column(Date)  # inclusive; None = open
    jenis_belanja: Mapped[str] = mapped_column(String(40), default="")  # "" = any
    penerima_jenis: Mapped[str] = mapped_column(String(10), default="")  # "" = any
    golongan: Mapped[str] = mapped_column(String(8), default="")  # "" = any (PPh 21 honorarium: I–IV)
    hanya_pkp: Mapped[bool] = mapped_column(default=False)  # only when the supplier is PKP (PPN)
    batas_bawah: Mapped[int] = mapped_column(BigInteger, default=0)  # applies from this amount (inclusive)
    tarif_ppm: Mapped[int] = mapped_column(default=0)
    dpp_pembilang: Mapped[int] = mapped_column(default=1)
    dpp_penyebut: Mapped[int] = mapped_column(default=1)
    dasar_hukum: Mapped[str] = mapped_column(String(300), default="")
    aktif: Mapped[bool] = mapped_column(default=True)


class SpjAturanMeterai(TimestampMixin, _Versioned, Base):
    """A dated bea meterai rule: a receipt (kwitansi) stating an amount ``jumlah`` on a date within
    validity needs a meterai of ``tarif`` rupiah when ``batas_bawah < jumlah`` (the law's "lebih dari",
    exclusive) and, when ``batas_atas`` is set, ``jumlah <= batas_atas`` ("sampai dengan", inclusive).
    Several rows may hold on one date for different amount bands (PP 24/2000: Rp3.000 / Rp6.000).
    """

    __tablename__ = "spj_aturan_meterai"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    berlaku_mulai: Mapped[dt.date] = mapped_column(Date)
    berlaku_sampai: Mapped[dt.date | None] = mapped_column(Date)  # inclusive; None = open
    batas_bawah: Mapped[int] = mapped_column(BigInteger, default=0)  # exclusive: amounts above it
    batas_atas: Mapped[int | None] = mapped_column(BigInteger)  # inclusive; None = no upper bound
    tarif: Mapped[int] = mapped_column(BigInteger)  # whole rupiah
    dasar_hukum: Mapped[str] = mapped_column(String(300), default="")
    aktif: Mapped[bool] = mapped_column(default=True)


class SpjAturanBukti(TimestampMixin, _Versioned, Base):
    """A dated checklist rule row: for jenis belanja J with an amount in [batas_bawah, batas_atas)
    on a date within validity, document ``dokumen`` is required (``wajib``) or optional."""

    __tablename__ = "spj_aturan_bukti"
    __audit__ = True
    __table_args__ = (
        CheckConstraint(_in("diterbitkan_oleh", PENERBIT), name="diterbitkan_oleh"),
        Index("ix_spj_aturan_bukti_jenis", "jenis_belanja", "berlaku_mulai"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jenis_belanja: Mapped[str] = mapped_column(String(40))
    batas_bawah: Mapped[int] = mapped_column(BigInteger, default=0)  # inclusive
    batas_atas: Mapped[int | None] = mapped_column(BigInteger)  # exclusive; None = no upper bound
    berlaku_mulai: Mapped[dt.date] = mapped_column(Date)
    berlaku_sampai: Mapped[dt.date | None] = mapped_column(Date)  # inclusive
    dokumen: Mapped[str] = mapped_column(String(60))  # kuitansi, nota, faktur_pajak, surat_tugas …
    nama: Mapped[str] = mapped_column(String(200))  # "Kuitansi bermeterai"
    wajib: Mapped[bool] = mapped_column(default=True)
    urutan: Mapped[int] = mapped_column(default=0)
    diterbitkan_oleh: Mapped[str] = mapped_column(String(12), default="kantor")
    tenggat_hari: Mapped[int | None]  # days after the activity ends; None = no deadline
    aktif: Mapped[bool] = mapped_column(default=True)


class SpjBukti(TimestampMixin, _Versioned, Base):
    """One evidence requirement of an item, in one of the five states."""

    __tablename__ = "spj_bukti"
    __audit__ = True
    __table_args__ = (
        UniqueConstraint("item_id", "dokumen"),
        CheckConstraint(_in("status", STATUS_BUKTI), name="status"),
        CheckConstraint(_in("diterbitkan_oleh", PENERBIT), name="diterbitkan_oleh"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("spj_item.id", ondelete="CASCADE"), index=True)
    aturan_id: Mapped[int | None] = mapped_column(ForeignKey("spj_aturan_bukti.id", ondelete="SET NULL"))
    dokumen: Mapped[str] = mapped_column(String(60))
    nama: Mapped[str] = mapped_column(String(200))
    wajib: Mapped[bool] = mapped_column(default=True)
    urutan: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="belum_ada")
    alasan: Mapped[str] = mapped_column(Text, default="")  # why tidak berlaku / what must be fixed
    diterbitkan_oleh: Mapped[str] = mapped_column(String(12), default="kantor")
    penerbit_nama: Mapped[str] = mapped_column(String(300), default="")
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("spj_supplier.id", ondelete="SET NULL"))
    nomor_dokumen: Mapped[str] = mapped_column(String(100), default="")
    tanggal_dokumen: Mapped[dt.date | None] = mapped_column(Date)
    tenggat: Mapped[dt.date | None] = mapped_column(Date)


class SpjBuktiBerkas(Base):
    """A file from the archive (``Document``) that is (part of) an evidence requirement."""

    __tablename__ = "spj_bukti_berkas"
    __audit__ = True
    __table_args__ = (UniqueConstraint("bukti_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bukti_id: Mapped[int] = mapped_column(ForeignKey("spj_bukti.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class SpjPelaksana(TimestampMixin, _Versioned, Base):
    """A traveller of a perjalanan dinas item, with the surat tugas (correspondence) and SPD."""

    __tablename__ = "spj_pelaksana"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("spj_item.id", ondelete="CASCADE"), index=True)
    pegawai_id: Mapped[int | None] = mapped_column(index=True)  # the staff area's employee (no FK)
    nama: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str] = mapped_column(String(30), default="")
    surat_tugas_id: Mapped[int | None] = mapped_column(
        ForeignKey("surat_keluar.id", ondelete="SET NULL"), index=True
    )
    surat_tugas_nomor: Mapped[str] = mapped_column(String(120), default="")  # as written, also when not in the app
    spd_nomor: Mapped[str] = mapped_column(String(120), default="")
    berangkat: Mapped[dt.date | None] = mapped_column(Date)
    kembali: Mapped[dt.date | None] = mapped_column(Date)
    tujuan: Mapped[str] = mapped_column(String(300), default="")
    jumlah: Mapped[int] = mapped_column(BigInteger, default=0)  # this traveller's share
