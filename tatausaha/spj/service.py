"""SPJ services: budget structure, suppliers, items, evidence, taxes, numbering and closing.

Every command takes a ``UnitOfWork`` (run it through ``services.uow.perform`` or ``ui.write``),
checks permissions, never commits, and returns frozen DTOs. See ``docs/spj.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tatausaha import clock, visibility
from tatausaha.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.spj import (
    METODE_BAYAR,
    PENERBIT,
    PENERIMA_JENIS,
    STATUS_BUKTI,
    STATUS_BUKTI_LABEL,
    SpjBukti,
    SpjBuktiBerkas,
    SpjItem,
    SpjItemVersi,
    SpjJenisBelanja,
    SpjKegiatan,
    SpjPagu,
    SpjPajak,
    SpjPelaksana,
    SpjProgram,
    SpjRekening,
    SpjSubKegiatan,
    SpjSupplier,
    SpjTahun,
)
from tatausaha.services import documents, versioning
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.spj import golongan as golongan_reader
from tatausaha.spj import rules, searchhook

#: states that satisfy a required document
SATISFIED = ("lengkap", "tidak_berlaku")
STATUS_ITEM_LABEL = {"draft": "Konsep", "siap": "Siap (bernomor)", "ditutup": "Ditutup"}


def fold(text: str) -> str:
    return " ".join(text.lower().split())


def digits(code: str) -> str:
    """A SIPD code without its dots: ``7.01.01.2.01.0001`` → ``70101201 0001`` digits (the key SIPD uses)."""
    return "".join(ch for ch in code if ch.isdigit())


# -- DTOs ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    """How complete an item's evidence is: required documents satisfied (lengkap or tidak berlaku)."""

    wajib: int
    terpenuhi: int
    kurang: tuple[str, ...]  # names of the required documents still missing
    perlu_perbaikan: int = 0
    lewat_tenggat: int = 0  # required documents missing past their deadline

    @property
    def persen(self) -> int:
        return 100 if self.wajib == 0 else self.terpenuhi * 100 // self.wajib

    @property
    def lengkap(self) -> bool:
        return self.terpenuhi >= self.wajib

    @property
    def tingkat(self) -> str:
        """``lengkap`` | ``sebagian`` | ``kosong`` — the colour a list shows (green / yellow / red)."""
        if self.lengkap:
            return "lengkap"
        return "sebagian" if self.terpenuhi else "kosong"


@dataclass(frozen=True)
class BuktiView:
    id: int
    dokumen: str
    nama: str
    wajib: bool
    urutan: int
    status: str
    status_label: str
    alasan: str
    diterbitkan_oleh: str
    penerbit_nama: str
    supplier_id: int | None
    nomor_dokumen: str
    tanggal_dokumen: dt.date | None
    tenggat: dt.date | None
    document_ids: tuple[int, ...]
    row_version: int


@dataclass(frozen=True)
class PajakView:
    id: int
    jenis: str
    dasar: int
    tarif_ppm: int
    jumlah_hitung: int
    jumlah: int
    alasan_ubah: str | None
    disetor: bool
    tanggal_setor: dt.date | None
    ntpn: str
    kode_billing: str
    row_version: int


@dataclass(frozen=True)
class PelaksanaView:
    id: int
    pegawai_id: int | None
    nama: str
    nip: str
    surat_tugas_id: int | None
    surat_tugas_nomor: str
    spd_nomor: str
    berangkat: dt.date | None
    kembali: dt.date | None
    tujuan: str
    jumlah: int


@dataclass(frozen=True)
class SupplierInput:
    nama: str
    bentuk: str = ""
    pkp: bool = False
    npwp: str = ""
    nik: str = ""
    alamat: str = ""
    rt_rw: str = ""
    kelurahan: str = ""
    kota: str = ""
    telepon: str = ""
    pemilik: str = ""
    bank_nama: str = ""
    bank_rekening: str = ""
    bank_atas_nama: str = ""
    catatan: str = ""


@dataclass(frozen=True)
class SupplierView(SupplierInput):
    id: int = 0
    aktif: bool = True
    row_version: int = 1


@dataclass(frozen=True)
class ItemInput:
    """What a clerk types for an item. Payee: ``pegawai`` (pegawai_id), ``penyedia`` (supplier_id)
    or ``orang`` (the penerima_* fields)."""

    tanggal: dt.date
    sub_kegiatan_id: int
    rekening_id: int
    jenis_belanja: str
    uraian: str
    jumlah: int
    penerima_jenis: str = "orang"
    pegawai_id: int | None = None
    supplier_id: int | None = None
    penerima_nama: str = ""
    penerima_nip: str = ""
    penerima_nik: str = ""
    penerima_npwp: str = ""
    penerima_alamat: str = ""
    penerima_golongan: str = ""
    bank_nama: str = ""
    bank_rekening: str = ""
    metode_bayar: str = "tunai"
    no_npd: str = ""
    no_tbp: str = ""
    kegiatan_selesai: dt.date | None = None
    catatan: str = ""


@dataclass(frozen=True)
class ItemSummary:
    id: int
    tahun: int
    tanggal: dt.date
    nomor: str
    status: str
    versi: int
    sub_kegiatan_kode: str
    sub_kegiatan_nama: str
    rekening_kode: str
    rekening_nama: str
    jenis_belanja: str
    uraian: str
    jumlah: int
    penerima_jenis: str
    penerima_nama: str
    supplier_nama: str
    no_npd: str
    no_tbp: str
    kelengkapan: Completeness
    row_version: int


@dataclass(frozen=True)
class ItemView(ItemSummary):
    tahun_id: int = 0
    sub_kegiatan_id: int = 0
    rekening_id: int = 0
    pegawai_id: int | None = None
    supplier_id: int | None = None
    supplier: SupplierView | None = None
    penerima_nip: str = ""
    penerima_nik: str = ""
    penerima_npwp: str = ""
    penerima_alamat: str = ""
    penerima_golongan: str = ""
    bank_nama: str = ""
    bank_rekening: str = ""
    metode_bayar: str = "tunai"
    kegiatan_selesai: dt.date | None = None
    catatan: str = ""
    override_alasan: str | None = None
    ditutup_at: dt.datetime | None = None
    bukti: tuple[BuktiView, ...] = ()
    pajak: tuple[PajakView, ...] = ()
    pelaksana: tuple[PelaksanaView, ...] = ()
    program_kode: str = ""
    program_nama: str = ""
    kegiatan_kode: str = ""
    kegiatan_nama: str = ""

    @property
    def pajak_total(self) -> int:
        return sum(p.jumlah for p in self.pajak)

    @property
    def dibayar_bersih(self) -> int:
        """What the payee receives: the amount less the taxes withheld (PPN collected included)."""
        return self.jumlah - self.pajak_total

    def to_input(self) -> ItemInput:
        """The editable part, to change a few fields with ``dataclasses.replace``."""
        names = {f.name for f in fields(ItemInput)}
        data = {n: getattr(self, n) for n in names}
        data["no_npd"] = self.no_npd or ""
        data["no_tbp"] = self.no_tbp or ""
        return ItemInput(**data)


@dataclass(frozen=True)
class BudgetLine:
    """A sub-kegiatan with its pagu and what its items spend (for pickers and roll-ups)."""

    id: int
    kode: str
    nama: str
    pagu: int
    kegiatan_kode: str
    kegiatan_nama: str
    program_kode: str
    program_nama: str
    realisasi: int = 0


@dataclass(frozen=True)
class Rollup:
    """Completeness of a group of items (a sub-kegiatan or a month)."""

    key: str  # sub-kegiatan code or "2026-03"
    label: str
    items: int
    lengkap: int  # items whose required documents are all satisfied
    ditutup: int
    jumlah: int  # rupiah
    wajib: int  # required documents
    terpenuhi: int
    kurang_items: tuple[int, ...] = field(default=())  # ids of incomplete items

    @property
    def persen(self) -> int:
        return 100 if self.wajib == 0 else self.terpenuhi * 100 // self.wajib


# -- budget structure ------------------------------------------------------------------------------


def _tahun(session: Session, tahun: int) -> SpjTahun:
    row = session.execute(select(SpjTahun).where(SpjTahun.tahun == tahun)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Tahun anggaran {tahun} belum ada.")
    return row


def ensure_tahun(uow: UnitOfWork, tahun: int, keterangan: str = "") -> int:
    """The budget year's id, created when new."""
    uow.require(Permission.WRITE)
    if not 2000 <= tahun <= 2100:
        raise ValidationFailed(f"Tahun anggaran {tahun} tidak masuk akal.", field="tahun")
    s = uow.session
    row = s.execute(select(SpjTahun).where(SpjTahun.tahun == tahun)).scalar_one_or_none()
    if row is None:
        row = SpjTahun(tahun=tahun, keterangan=keterangan)
        s.add(row)
        s.flush()
    return row.id


def ensure_program(uow: UnitOfWork, tahun_id: int, kode: str, nama: str) -> int:
    uow.require(Permission.WRITE)
    s = uow.session
    kode = kode.strip()
    row = s.execute(select(SpjProgram).where(SpjProgram.tahun_id == tahun_id, SpjProgram.kode == kode)).scalar_one_or_none()
    if row is None:
        row = SpjProgram(tahun_id=tahun_id, kode=kode, nama=nama.strip())
        s.add(row)
        s.flush()
    elif nama.strip() and row.nama != nama.strip():
        row.nama = nama.strip()
    return row.id


def ensure_kegiatan(uow: UnitOfWork, program_id: int, kode: str, nama: str) -> int:
    uow.require(Permission.WRITE)
    s = uow.session
    kode = kode.strip()
    row = s.execute(
        select(SpjKegiatan).where(SpjKegiatan.program_id == program_id, SpjKegiatan.kode == kode)
    ).scalar_one_or_none()
    if row is None:
        row = SpjKegiatan(program_id=program_id, kode=kode, nama=nama.strip())
        s.add(row)
        s.flush()
    elif nama.strip() and row.nama != nama.strip():
        row.nama = nama.strip()
    return row.id


def ensure_sub_kegiatan(
    uow: UnitOfWork, kegiatan_id: int, kode: str, nama: str, pagu: int = 0, *, pptk_nama: str = "", pptk_nip: str = ""
) -> int:
    uow.require(Permission.WRITE)
    if pagu < 0:
        raise ValidationFailed("Pagu tidak boleh negatif.", field="pagu")
    s = uow.session
    keg = s.get(SpjKegiatan, kegiatan_id)
    if keg is None:
        raise NotFound("Kegiatan tidak ditemukan.")
    prog = s.get(SpjProgram, keg.program_id)
    assert prog is not None
    kode = kode.strip()
    row = s.execute(
        select(SpjSubKegiatan).where(SpjSubKegiatan.tahun_id == prog.tahun_id, SpjSubKegiatan.kode == kode)
    ).scalar_one_or_none()
    if row is None:
        row = SpjSubKegiatan(tahun_id=prog.tahun_id, kegiatan_id=kegiatan_id, kode=kode, nama=nama.strip(), pagu=pagu,
                             pptk_nama=pptk_nama, pptk_nip=pptk_nip)
        s.add(row)
        s.flush()
    else:
        row.nama, row.pagu, row.kegiatan_id = nama.strip() or row.nama, pagu, kegiatan_id
        if pptk_nama:
            row.pptk_nama, row.pptk_nip = pptk_nama, pptk_nip
    return row.id


def ensure_rekening(uow: UnitOfWork, kode: str, nama: str, jenis_belanja: str = "") -> int:
    uow.require(Permission.WRITE)
    s = uow.session
    kode = kode.strip()
    if not kode.startswith("5") or len(digits(kode)) < 6:
        raise ValidationFailed(f"Kode rekening belanja '{kode}' tidak dikenali (diawali 5, mis. 5.1.02.01.01.0024).",
                               field="kode")
    row = s.execute(select(SpjRekening).where(SpjRekening.kode == kode)).scalar_one_or_none()
    if row is None:
        row = SpjRekening(kode=kode, nama=nama.strip(), jenis_belanja=jenis_belanja)
        s.add(row)
        s.flush()
    else:
        if nama.strip():
            row.nama = nama.strip()
        if jenis_belanja:
            row.jenis_belanja = jenis_belanja
    return row.id


def set_pagu(uow: UnitOfWork, sub_kegiatan_id: int, rekening_id: int, pagu: int) -> int:
    """One budget line (sub-kegiatan × rekening); created or changed."""
    uow.require(Permission.WRITE)
    if pagu < 0:
        raise ValidationFailed("Pagu tidak boleh negatif.", field="pagu")
    s = uow.session
    row = s.execute(
        select(SpjPagu).where(SpjPagu.sub_kegiatan_id == sub_kegiatan_id, SpjPagu.rekening_id == rekening_id)
    ).scalar_one_or_none()
    if row is None:
        row = SpjPagu(sub_kegiatan_id=sub_kegiatan_id, rekening_id=rekening_id, pagu=pagu)
        s.add(row)
        s.flush()
    else:
        row.pagu = pagu
    return row.id


def tahun_list(uow: UnitOfWork) -> list[int]:
    uow.require(Permission.READ)
    return list(uow.session.execute(select(SpjTahun.tahun).order_by(SpjTahun.tahun.desc())).scalars())


def budget_lines(uow: UnitOfWork, tahun: int) -> list[BudgetLine]:
    """The sub-kegiatan of a year with pagu and realisation (sum of its items), by code."""
    uow.require(Permission.READ)
    s = uow.session
    t = _tahun(s, tahun)
    spent = dict(s.execute(
        select(SpjItem.sub_kegiatan_id, func.coalesce(func.sum(SpjItem.jumlah), 0))
        .where(SpjItem.tahun_id == t.id).group_by(SpjItem.sub_kegiatan_id)
    ).all())
    rows = s.execute(
        select(SpjSubKegiatan, SpjKegiatan, SpjProgram)
        .join(SpjKegiatan, SpjKegiatan.id == SpjSubKegiatan.kegiatan_id)
        .join(SpjProgram, SpjProgram.id == SpjKegiatan.program_id)
        .where(SpjSubKegiatan.tahun_id == t.id).order_by(SpjSubKegiatan.kode)
    ).all()
    return [BudgetLine(sk.id, sk.kode, sk.nama, sk.pagu, k.kode, k.nama, p.kode, p.nama, int(spent.get(sk.id, 0)))
            for sk, k, p in rows]


def rekening_list(uow: UnitOfWork, *, sub_kegiatan_id: int | None = None) -> list[tuple[int, str, str, str]]:
    """(id, kode, nama, jenis_belanja) of active rekening; of one sub-kegiatan's budget lines when given."""
    uow.require(Permission.READ)
    q = select(SpjRekening.id, SpjRekening.kode, SpjRekening.nama, SpjRekening.jenis_belanja).where(
        SpjRekening.aktif.is_(True))
    if sub_kegiatan_id is not None:
        q = q.join(SpjPagu, SpjPagu.rekening_id == SpjRekening.id).where(SpjPagu.sub_kegiatan_id == sub_kegiatan_id)
    return [tuple(r) for r in uow.session.execute(q.order_by(SpjRekening.kode)).all()]  # type: ignore[misc]


def pagu_lines(uow: UnitOfWork, tahun: int) -> list[tuple[int, int, str, str, str, int]]:
    """The budget lines of a year: (sub_kegiatan_id, rekening_id, kode, nama, jenis_belanja, pagu), by code."""
    uow.require(Permission.READ)
    s = uow.session
    t = _tahun(s, tahun)
    rows = s.execute(
        select(SpjPagu.sub_kegiatan_id, SpjRekening.id, SpjRekening.kode, SpjRekening.nama, SpjRekening.jenis_belanja,
               SpjPagu.pagu)
        .join(SpjRekening, SpjRekening.id == SpjPagu.rekening_id)
        .join(SpjSubKegiatan, SpjSubKegiatan.id == SpjPagu.sub_kegiatan_id)
        .where(SpjSubKegiatan.tahun_id == t.id).order_by(SpjRekening.kode)
    ).all()
    return [(int(a), int(b), str(c), str(d), str(e or ""), int(f or 0)) for a, b, c, d, e, f in rows]


def jenis_belanja_list(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(kode, nama) of the office's kinds of spending, in order."""
    uow.require(Permission.READ)
    return [tuple(r) for r in uow.session.execute(  # type: ignore[misc]
        select(SpjJenisBelanja.kode, SpjJenisBelanja.nama).where(SpjJenisBelanja.aktif.is_(True))
        .order_by(SpjJenisBelanja.urutan, SpjJenisBelanja.kode)).all()]


# -- suppliers -------------------------------------------------------------------------------------


def _supplier_view(r: SpjSupplier) -> SupplierView:
    data = {f.name: getattr(r, f.name) for f in fields(SupplierInput)}
    return SupplierView(**data, id=r.id, aktif=r.aktif, row_version=r.row_version)


def save_supplier(uow: UnitOfWork, data: SupplierInput, *, supplier_id: int | None = None,
                  row_version: int | None = None) -> SupplierView:
    """Create a supplier, or change one (``row_version``: the version the form showed)."""
    uow.require(Permission.WRITE)
    if not data.nama.strip():
        raise ValidationFailed("Nama penyedia wajib diisi.", field="nama")
    npwp = digits(data.npwp)
    if data.npwp.strip() and len(npwp) not in (15, 16):
        raise ValidationFailed("NPWP harus 15 atau 16 angka.", field="npwp")
    if data.nik.strip() and (len(digits(data.nik)) != 16 or digits(data.nik) != data.nik.strip()):
        raise ValidationFailed("NIK harus 16 angka.", field="nik")
    s = uow.session
    if supplier_id is None:
        row = SpjSupplier(nama=data.nama.strip(), nama_norm=fold(data.nama))
        s.add(row)
    else:
        found = s.get(SpjSupplier, supplier_id)
        if found is None:
            raise NotFound("Penyedia tidak ditemukan.")
        row = found
        versioning.check(uow.session, row, row_version, labels=_LABELS)
    for f in fields(SupplierInput):
        setattr(row, f.name, getattr(data, f.name).strip() if isinstance(getattr(data, f.name), str) else getattr(data, f.name))
    row.nama_norm = fold(data.nama)
    s.flush()
    return _supplier_view(row)


def suppliers(uow: UnitOfWork, text: str = "", *, limit: int = 200) -> list[SupplierView]:
    uow.require(Permission.READ)
    q = select(SpjSupplier).where(SpjSupplier.aktif.is_(True))
    if text.strip():
        q = q.where(SpjSupplier.nama_norm.contains(fold(text)))
    return [_supplier_view(r) for r in uow.session.execute(q.order_by(SpjSupplier.nama).limit(limit)).scalars()]


def supplier(uow: UnitOfWork, supplier_id: int) -> SupplierView:
    uow.require(Permission.READ)
    r = uow.session.get(SpjSupplier, supplier_id)
    if r is None:
        raise NotFound("Penyedia tidak ditemukan.")
    return _supplier_view(r)


# -- items -----------------------------------------------------------------------------------------


#: how a changed column is named when a stale save is refused (``services.versioning``: who, when, what)
_LABELS = {"uraian": "Uraian", "jumlah": "Jumlah", "tanggal": "Tanggal", "status": "Status", "nama": "Nama",
           "npwp": "NPWP", "alamat": "Alamat", "catatan": "Catatan", "tenggat": "Tenggat", "ntpn": "NTPN",
           "tanggal_setor": "Tanggal setor", "kode_billing": "Kode billing", "jenis_belanja": "Jenis belanja",
           "sub_kegiatan_id": "Sub kegiatan", "rekening_id": "Rekening", "penerima_nama": "Nama penerima",
           "penerima_nip": "NIP penerima", "penerima_npwp": "NPWP penerima", "bank_rekening": "Rekening bank",
           "metode_bayar": "Metode bayar", "no_npd": "No. NPD", "no_tbp": "No. TBP", "versi": "Versi"}


def _item(s: Session, item_id: int) -> SpjItem:
    row = s.get(SpjItem, item_id)
    if row is None:
        raise NotFound(f"Item SPJ #{item_id} tidak ditemukan.")
    return row


def _validate(s: Session, data: ItemInput, *, item_id: int | None = None) -> tuple[SpjSubKegiatan, SpjRekening]:
    problems = []
    if data.jumlah is None or data.jumlah < 0:
        problems.append("Jumlah tidak boleh negatif.")
    if data.jumlah == 0:
        problems.append("Jumlah harus lebih dari nol.")
    if not data.uraian.strip():
        problems.append("Uraian wajib diisi.")
    if data.penerima_jenis not in PENERIMA_JENIS:
        problems.append("Jenis penerima harus pegawai, penyedia atau orang.")
    if data.metode_bayar not in METODE_BAYAR:
        problems.append("Cara bayar harus tunai atau non tunai.")
    if data.penerima_jenis == "pegawai" and data.pegawai_id is None and not data.penerima_nama.strip():
        problems.append("Pilih pegawai penerima.")
    if data.penerima_jenis == "penyedia" and data.supplier_id is None:
        problems.append("Pilih penyedia dari daftar penyedia.")
    if data.penerima_jenis == "orang" and not data.penerima_nama.strip():
        problems.append("Nama penerima wajib diisi.")
    if data.penerima_nik.strip() and len(digits(data.penerima_nik)) != 16:
        problems.append("NIK penerima harus 16 angka.")
    jenis = s.execute(select(SpjJenisBelanja.id).where(SpjJenisBelanja.kode == data.jenis_belanja)).scalar()
    if jenis is None:
        problems.append(f"Jenis belanja '{data.jenis_belanja}' tidak dikenal.")
    sk = s.get(SpjSubKegiatan, data.sub_kegiatan_id)
    if sk is None:
        problems.append("Sub kegiatan tidak ditemukan.")
    rek = s.get(SpjRekening, data.rekening_id)
    if rek is None:
        problems.append("Kode rekening tidak ditemukan.")
    if data.supplier_id is not None and s.get(SpjSupplier, data.supplier_id) is None:
        problems.append("Penyedia tidak ditemukan.")
    if sk is not None:
        t = s.get(SpjTahun, sk.tahun_id)
        if t is not None and data.tanggal.year != t.tahun:
            problems.append(f"Tanggal {data.tanggal:%d-%m-%Y} di luar tahun anggaran {t.tahun}.")
        if data.no_tbp.strip():
            dup = s.execute(select(SpjItem.id).where(SpjItem.tahun_id == sk.tahun_id, SpjItem.no_tbp == data.no_tbp.strip(),
                                                     SpjItem.id != (item_id or 0))).scalar()
            if dup is not None:
                problems.append(f"Nomor TBP {data.no_tbp.strip()} sudah dipakai item SPJ #{dup}.")
    if problems:
        raise ValidationFailed(" ".join(problems), detail="\n".join(problems))
    assert sk is not None and rek is not None
    return sk, rek


def _apply(uow: UnitOfWork, row: SpjItem, data: ItemInput, sk: SpjSubKegiatan) -> None:
    s = uow.session
    row.tahun_id = sk.tahun_id
    row.tanggal = data.tanggal
    row.sub_kegiatan_id = data.sub_kegiatan_id
    row.rekening_id = data.rekening_id
    row.jenis_belanja = data.jenis_belanja
    row.uraian = data.uraian.strip()
    row.jumlah = int(data.jumlah)
    row.penerima_jenis = data.penerima_jenis
    row.pegawai_id = data.pegawai_id if data.penerima_jenis == "pegawai" else None
    row.supplier_id = data.supplier_id if data.penerima_jenis == "penyedia" else None
    row.penerima_nama = data.penerima_nama.strip()
    row.penerima_nip = data.penerima_nip.strip()
    row.penerima_nik = data.penerima_nik.strip()
    row.penerima_npwp = data.penerima_npwp.strip()
    row.penerima_alamat = data.penerima_alamat.strip()
    row.bank_nama = data.bank_nama.strip()
    row.bank_rekening = data.bank_rekening.strip()
    row.metode_bayar = data.metode_bayar
    row.no_npd = data.no_npd.strip() or None
    row.no_tbp = data.no_tbp.strip() or None
    row.kegiatan_selesai = data.kegiatan_selesai
    row.catatan = data.catatan
    golongan = data.penerima_golongan.strip()
    if row.penerima_jenis == "pegawai" and row.pegawai_id is not None:
        # the golongan on the payment date, from the staff area (the typed one when it does not know)
        golongan = golongan_reader.golongan_on(uow, row.pegawai_id, row.tanggal) or golongan
    row.penerima_golongan = golongan
    if row.penerima_jenis == "penyedia" and row.supplier_id is not None:
        sup = s.get(SpjSupplier, row.supplier_id)
        assert sup is not None
        row.penerima_nama = row.penerima_nama or sup.nama
        row.penerima_npwp = row.penerima_npwp or sup.npwp
        row.penerima_nik = row.penerima_nik or sup.nik
        row.penerima_alamat = row.penerima_alamat or sup.alamat
        row.bank_nama = row.bank_nama or sup.bank_nama
        row.bank_rekening = row.bank_rekening or sup.bank_rekening


def _deadline(row: SpjItem, tenggat_hari: int | None) -> dt.date | None:
    if tenggat_hari is None:
        return None
    return (row.kegiatan_selesai or row.tanggal) + dt.timedelta(days=tenggat_hari)


def _sync_checklist(s: Session, row: SpjItem) -> None:
    """Bring the item's evidence rows in line with the dated checklist for its jenis, amount and date.

    New required documents are added (belum ada); a document the rules no longer ask for is dropped
    when nothing was done with it, kept as optional otherwise. States and files are never lost.
    """
    wanted = {c.dokumen: c for c in rules.checklist_for(s, row.jenis_belanja, row.jumlah, row.tanggal)}
    have = {b.dokumen: b for b in s.execute(select(SpjBukti).where(SpjBukti.item_id == row.id)).scalars()}
    for dok, c in wanted.items():
        b = have.get(dok)
        if b is None:
            s.add(SpjBukti(item_id=row.id, aturan_id=c.aturan_id, dokumen=dok, nama=c.nama, wajib=c.wajib,
                           urutan=c.urutan, status="belum_ada", diterbitkan_oleh=c.diterbitkan_oleh,
                           supplier_id=row.supplier_id if c.diterbitkan_oleh == "penyedia" else None,
                           tenggat=_deadline(row, c.tenggat_hari)))
        else:
            b.aturan_id, b.wajib, b.urutan = c.aturan_id, c.wajib, c.urutan
            deadline = _deadline(row, c.tenggat_hari)
            if b.tenggat != deadline:
                b.tenggat = deadline
    for dok, b in have.items():
        if dok in wanted or b.aturan_id is None and not b.wajib:
            continue
        files = s.execute(select(func.count()).select_from(SpjBuktiBerkas).where(SpjBuktiBerkas.bukti_id == b.id)).scalar()
        if b.status == "belum_ada" and not files:
            s.delete(b)
        elif b.wajib:
            b.wajib = False
    s.flush()


def _pkp(s: Session, row: SpjItem) -> bool:
    if row.supplier_id is None:
        return False
    sup = s.get(SpjSupplier, row.supplier_id)
    return bool(sup and sup.pkp)


def _sync_taxes(s: Session, row: SpjItem) -> None:
    """Recompute the taxes from the dated rules; an amount changed by hand (with a reason) stays."""
    lines = {t.jenis: t for t in rules.taxes_for(
        s, jenis_belanja=row.jenis_belanja, jumlah=row.jumlah, on=row.tanggal, penerima_jenis=row.penerima_jenis,
        golongan=rules.golongan_class(row.penerima_golongan), pkp=_pkp(s, row))}
    have = {p.jenis: p for p in s.execute(select(SpjPajak).where(SpjPajak.item_id == row.id)).scalars()}
    for jenis, t in lines.items():
        p = have.get(jenis)
        if p is None:
            s.add(SpjPajak(item_id=row.id, jenis=jenis, aturan_id=t.aturan_id, dasar=t.dasar, tarif_ppm=t.tarif_ppm,
                           jumlah_hitung=t.jumlah, jumlah=t.jumlah))
            continue
        if (p.aturan_id, p.dasar, p.tarif_ppm, p.jumlah_hitung) != (t.aturan_id, t.dasar, t.tarif_ppm, t.jumlah):
            p.aturan_id, p.dasar, p.tarif_ppm, p.jumlah_hitung = t.aturan_id, t.dasar, t.tarif_ppm, t.jumlah
        if not p.alasan_ubah and p.jumlah != t.jumlah:
            p.jumlah = t.jumlah
    for jenis, p in have.items():
        if jenis not in lines and not p.alasan_ubah and not p.disetor:
            s.delete(p)
        elif jenis not in lines and p.jumlah_hitung:
            p.jumlah_hitung, p.aturan_id = 0, None
    s.flush()


def create_item(uow: UnitOfWork, data: ItemInput) -> ItemView:
    """A new item (draft) with its checklist and taxes from the rules valid on its date."""
    uow.require(Permission.WRITE)
    s = uow.session
    sk, _rek = _validate(s, data)
    row = SpjItem(created_by=uow.actor.user_id, status="draft")
    _apply(uow, row, data, sk)
    s.add(row)
    s.flush()
    _sync_checklist(s, row)
    _sync_taxes(s, row)
    searchhook.index_items(s, [row.id])
    return item(uow, row.id)


def _snapshot(s: Session, row: SpjItem) -> dict[str, Any]:
    cols = {c.key: getattr(row, c.key) for c in SpjItem.__table__.columns if c.key not in ("created_at", "updated_at")}
    cols["pajak"] = [{"jenis": p.jenis, "dasar": p.dasar, "tarif_ppm": p.tarif_ppm, "jumlah": p.jumlah,
                      "alasan_ubah": p.alasan_ubah}
                     for p in s.execute(select(SpjPajak).where(SpjPajak.item_id == row.id)).scalars()]
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in cols.items()}


def _new_version_if_locked(uow: UnitOfWork, row: SpjItem, alasan: str) -> None:
    """A numbered item changes only as a new version (the old one is kept, with why it changed)."""
    if row.status == "ditutup":
        raise ValidationFailed(f"Item SPJ {row.nomor} sudah ditutup; buka kembali dulu (pimpinan) untuk mengubahnya.")
    if row.status != "siap":
        return
    if not alasan.strip():
        raise ValidationFailed(f"Item SPJ {row.nomor} sudah bernomor; tulis alasan perubahan (menjadi versi baru).",
                               field="alasan")
    s = uow.session
    s.add(SpjItemVersi(item_id=row.id, versi=row.versi, nomor=row.nomor, data=_snapshot(s, row), alasan=alasan.strip(),
                       created_by=uow.actor.user_id))
    row.versi += 1


def update_item(uow: UnitOfWork, item_id: int, data: ItemInput, *, row_version: int | None = None,
                alasan: str = "") -> ItemView:
    """Change an item. On a numbered (siap) item the change needs ``alasan`` and makes a new version."""
    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    versioning.check(uow.session, row, row_version, labels=_LABELS)
    sk, _rek = _validate(s, data, item_id=item_id)
    _new_version_if_locked(uow, row, alasan)
    _apply(uow, row, data, sk)
    s.flush()
    _sync_checklist(s, row)
    _sync_taxes(s, row)
    searchhook.index_items(s, [row.id])
    return item(uow, row.id)


def delete_item(uow: UnitOfWork, item_id: int) -> None:
    """Remove a draft item (a numbered one is never deleted: its number stays on record)."""
    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    if row.status != "draft":
        raise ValidationFailed(f"Item SPJ {row.nomor} sudah bernomor dan tidak dapat dihapus.")
    for p in s.execute(select(SpjPajak).where(SpjPajak.item_id == row.id)).scalars():
        s.delete(p)
    for b in s.execute(select(SpjBukti).where(SpjBukti.item_id == row.id)).scalars():
        for f in s.execute(select(SpjBuktiBerkas).where(SpjBuktiBerkas.bukti_id == b.id)).scalars():
            s.delete(f)
        s.delete(b)
    for t in s.execute(select(SpjPelaksana).where(SpjPelaksana.item_id == row.id)).scalars():
        s.delete(t)
    searchhook.remove(s, row.id)
    s.delete(row)
    s.flush()


# -- evidence --------------------------------------------------------------------------------------


def _bukti(s: Session, bukti_id: int) -> tuple[SpjBukti, SpjItem]:
    b = s.get(SpjBukti, bukti_id)
    if b is None:
        raise NotFound("Dokumen bukti tidak ditemukan.")
    row = _item(s, b.item_id)
    if row.status == "ditutup":
        raise ValidationFailed(f"Item SPJ {row.nomor} sudah ditutup; bukti tidak dapat diubah.")
    return b, row


def set_bukti_status(
    uow: UnitOfWork, bukti_id: int, status: str, *, alasan: str = "", row_version: int | None = None,
) -> BuktiView:
    """Put an evidence requirement in one of the five states. ``tidak_berlaku`` needs the reason
    it does not apply; ``perlu_perbaikan`` the reason what must be fixed."""
    uow.require(Permission.WRITE)
    if status not in STATUS_BUKTI:
        raise ValidationFailed(f"Status bukti '{status}' tidak dikenal.", field="status")
    if status in ("tidak_berlaku", "perlu_perbaikan") and not alasan.strip():
        what = "mengapa tidak berlaku" if status == "tidak_berlaku" else "apa yang perlu diperbaiki"
        raise ValidationFailed(f"Tuliskan alasan {what}.", field="alasan")
    s = uow.session
    b, _row = _bukti(s, bukti_id)
    versioning.check(uow.session, b, row_version, labels=_LABELS)
    b.status = status
    b.alasan = alasan.strip()
    s.flush()
    return _bukti_view(s, b)


def update_bukti(
    uow: UnitOfWork, bukti_id: int, *, diterbitkan_oleh: str | None = None, penerbit_nama: str | None = None,
    supplier_id: int | None = None, nomor_dokumen: str | None = None, tanggal_dokumen: dt.date | None = None,
    tenggat: dt.date | None = None, row_version: int | None = None,
) -> BuktiView:
    """Who issued a document (the supplier, the office, another party), its number, date, deadline."""
    uow.require(Permission.WRITE)
    s = uow.session
    b, _row = _bukti(s, bukti_id)
    versioning.check(uow.session, b, row_version, labels=_LABELS)
    if diterbitkan_oleh is not None:
        if diterbitkan_oleh not in PENERBIT:
            raise ValidationFailed("Penerbit harus penyedia, kantor atau pihak lain.", field="diterbitkan_oleh")
        b.diterbitkan_oleh = diterbitkan_oleh
    if penerbit_nama is not None:
        b.penerbit_nama = penerbit_nama.strip()
    if supplier_id is not None:
        if s.get(SpjSupplier, supplier_id) is None:
            raise NotFound("Penyedia tidak ditemukan.")
        b.supplier_id = supplier_id
    if nomor_dokumen is not None:
        b.nomor_dokumen = nomor_dokumen.strip()
    if tanggal_dokumen is not None:
        b.tanggal_dokumen = tanggal_dokumen
    if tenggat is not None:
        b.tenggat = tenggat
    s.flush()
    searchhook.index_items(s, [b.item_id])
    return _bukti_view(s, b)


def add_bukti(uow: UnitOfWork, item_id: int, nama: str, *, wajib: bool = False, dokumen: str = "") -> BuktiView:
    """An extra evidence row the checklist does not ask for (e.g. a second nota)."""
    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    if row.status == "ditutup":
        raise ValidationFailed(f"Item SPJ {row.nomor} sudah ditutup.")
    if not nama.strip():
        raise ValidationFailed("Nama dokumen wajib diisi.", field="nama")
    key = dokumen.strip() or "lain_" + "_".join(fold(nama).split())[:50]
    if s.execute(select(SpjBukti.id).where(SpjBukti.item_id == item_id, SpjBukti.dokumen == key)).scalar():
        raise Conflict(f"Dokumen '{nama}' sudah ada pada item ini.")
    top = s.execute(select(func.max(SpjBukti.urutan)).where(SpjBukti.item_id == item_id)).scalar() or 0
    b = SpjBukti(item_id=item_id, dokumen=key, nama=nama.strip(), wajib=wajib, urutan=top + 10, status="belum_ada")
    s.add(b)
    s.flush()
    return _bukti_view(s, b)


def attach_file(uow: UnitOfWork, bukti_id: int, document_id: int, *, lengkap: bool = True) -> BuktiView:
    """A file from the archive is (part of) this evidence; the state becomes ``lengkap`` (or
    ``belum_lengkap`` when ``lengkap`` is False, e.g. one page of several). The document is also
    linked to the item (``DocumentLink(spj_item, role "bukti")``) so the archive and search show it."""
    uow.require(Permission.WRITE)
    s = uow.session
    b, row = _bukti(s, bukti_id)
    if s.get(Document, document_id) is None:
        raise NotFound("Berkas tidak ditemukan di arsip.")
    exists = s.execute(select(SpjBuktiBerkas.id).where(SpjBuktiBerkas.bukti_id == b.id,
                                                       SpjBuktiBerkas.document_id == document_id)).scalar()
    if exists is None:
        s.add(SpjBuktiBerkas(bukti_id=b.id, document_id=document_id, created_by=uow.actor.user_id))
        documents.link_document(uow, document_id, SPJ_ITEM_KIND, row.id, role="bukti", note=b.nama)
    if lengkap:
        b.status, b.alasan = "lengkap", ""
    elif b.status != "lengkap":
        b.status = "belum_lengkap"
    s.flush()
    return _bukti_view(s, b)


def detach_file(uow: UnitOfWork, bukti_id: int, document_id: int) -> BuktiView:
    uow.require(Permission.WRITE)
    s = uow.session
    b, _row = _bukti(s, bukti_id)
    for f in s.execute(select(SpjBuktiBerkas).where(SpjBuktiBerkas.bukti_id == b.id,
                                                    SpjBuktiBerkas.document_id == document_id)).scalars():
        s.delete(f)
    s.flush()
    left = s.execute(select(func.count()).select_from(SpjBuktiBerkas).where(SpjBuktiBerkas.bukti_id == b.id)).scalar()
    if not left and b.status in ("lengkap", "belum_lengkap"):
        b.status = "belum_ada"
    s.flush()
    return _bukti_view(s, b)


#: the record kind of an item (also in area.py; repeated here so the service does not import the area)
SPJ_ITEM_KIND = "spj_item"
#: the roles under which evidence lands on an item (scans behind the cover sheet, a signed kwitansi, drops)
EVIDENCE_ROLES = ("bukti", "kwitansi")


@dataclass(frozen=True)
class ItemFile:
    """An evidence file of an item: on a checklist row (``bukti_id``) or on the item in no row (None)."""

    document_id: int
    nama_berkas: str
    bukti_id: int | None
    diterima: dt.datetime


@dataclass(frozen=True)
class MovedFile:
    """What ``move_file`` did: the rows as they are now (None: the item itself, in no row)."""

    item_id: int
    document_id: int
    dari: BuktiView | None
    ke: BuktiView | None


def item_files(uow: UnitOfWork, item_id: int) -> list[ItemFile]:
    """Every evidence file of an item the actor may see: first those on checklist rows (in
    checklist order), then those linked to the item but on no row (``bukti_id`` None) — extra pages
    behind a cover sheet, a file taken off a row — which the clerk may still move onto a row."""
    uow.require(Permission.READ)
    s = uow.session
    _item(s, item_id)
    visible = visibility.document_visible_clause(uow.actor, Document.id)
    paired = s.execute(
        select(SpjBuktiBerkas.document_id, Document.original_name, SpjBuktiBerkas.bukti_id, SpjBuktiBerkas.created_at)
        .join(SpjBukti, SpjBukti.id == SpjBuktiBerkas.bukti_id)
        .join(Document, Document.id == SpjBuktiBerkas.document_id)
        .where(SpjBukti.item_id == item_id, visible)
        .order_by(SpjBukti.urutan, SpjBukti.id, SpjBuktiBerkas.id)).all()
    out = [ItemFile(d, n or f"Berkas #{d}", b, t) for d, n, b, t in paired]
    on_rows = {f.document_id for f in out}
    seen: set[int] = set()
    for d, n, t in s.execute(
            select(DocumentLink.document_id, Document.original_name, DocumentLink.created_at)
            .join(Document, Document.id == DocumentLink.document_id)
            .where(DocumentLink.record_kind == SPJ_ITEM_KIND, DocumentLink.record_id == item_id,
                   DocumentLink.role.in_(EVIDENCE_ROLES), visible)
            .order_by(DocumentLink.created_at, DocumentLink.id)).all():
        if d not in on_rows and d not in seen:
            seen.add(d)
            out.append(ItemFile(d, n or f"Berkas #{d}", None, t))
    return out


def unpaired_files(uow: UnitOfWork, item_id: int) -> list[ItemFile]:
    """The item's evidence files on no checklist row ("Berkas tanpa baris")."""
    return [f for f in item_files(uow, item_id) if f.bukti_id is None]


def move_file(
    uow: UnitOfWork, document_id: int, *, item_id: int, from_bukti_id: int | None, to_bukti_id: int | None,
    from_row_version: int | None = None, to_row_version: int | None = None,
) -> MovedFile:
    """Move one evidence file between the checklist rows of ONE item: row → row, row → no row (the
    file stays on the item, linked as ``bukti``, never lost), or no row → row. The row that loses its
    last file and was *lengkap* / *belum lengkap* because of files goes back to *belum ada*; the target
    row becomes *lengkap* (as ``attach_file``). ``*_row_version`` are the versions the form showed."""
    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    if row.status == "ditutup":
        raise ValidationFailed(f"Item SPJ {row.nomor or '#' + str(row.id)} sudah ditutup; buka kembali item ini "
                               "lebih dulu (oleh pimpinan) sebelum memindahkan berkas.")
    if from_bukti_id == to_bukti_id:
        raise ValidationFailed("Pilih baris tujuan yang lain: berkas sudah berada di sana.", field="ke")
    if s.get(Document, document_id) is None:
        raise NotFound("Berkas tidak ditemukan di arsip.")

    def own_row(bukti_id: int | None, version: int | None) -> SpjBukti | None:
        if bukti_id is None:
            return None
        b = s.get(SpjBukti, bukti_id)
        if b is None:
            raise NotFound("Baris bukti tidak ditemukan.")
        if b.item_id != item_id:
            raise ValidationFailed(f"Baris '{b.nama}' milik item SPJ lain; berkas hanya dapat dipindahkan "
                                   "antarbaris item yang sama.", field="ke")
        versioning.check(s, b, version, labels=_LABELS)
        return b

    src = own_row(from_bukti_id, from_row_version)
    dst = own_row(to_bukti_id, to_row_version)
    row_ids = select(SpjBukti.id).where(SpjBukti.item_id == item_id)
    if src is not None:
        held = s.execute(select(SpjBuktiBerkas).where(SpjBuktiBerkas.bukti_id == src.id,
                                                      SpjBuktiBerkas.document_id == document_id)).scalars().all()
        if not held:
            raise ValidationFailed(f"Berkas itu tidak ada pada baris '{src.nama}'; muat ulang daftar bukti.")
        for f in held:
            s.delete(f)
        s.flush()
        left = s.execute(select(func.count()).select_from(SpjBuktiBerkas)
                         .where(SpjBuktiBerkas.bukti_id == src.id)).scalar()
        if not left and src.status in ("lengkap", "belum_lengkap"):
            src.status = "belum_ada"
    else:
        linked = s.execute(select(DocumentLink.id).where(
            DocumentLink.document_id == document_id, DocumentLink.record_kind == SPJ_ITEM_KIND,
            DocumentLink.record_id == item_id, DocumentLink.role.in_(EVIDENCE_ROLES))).first()
        on_row = s.execute(select(SpjBuktiBerkas.id).where(SpjBuktiBerkas.document_id == document_id,
                                                           SpjBuktiBerkas.bukti_id.in_(row_ids))).first()
        if linked is None or on_row is not None:
            raise ValidationFailed("Berkas itu bukan berkas tanpa baris pada item ini; muat ulang daftar bukti.")
    if dst is not None:
        there = s.execute(select(SpjBuktiBerkas.id).where(SpjBuktiBerkas.bukti_id == dst.id,
                                                          SpjBuktiBerkas.document_id == document_id)).scalar()
        if there is None:
            s.add(SpjBuktiBerkas(bukti_id=dst.id, document_id=document_id, created_by=uow.actor.user_id))
        dst.status, dst.alasan = "lengkap", ""
    # the file stays on the item whatever happens to the rows (a file on no row is kept, never lost)
    kept = s.execute(select(DocumentLink.id).where(
        DocumentLink.document_id == document_id, DocumentLink.record_kind == SPJ_ITEM_KIND,
        DocumentLink.record_id == item_id, DocumentLink.role.in_(EVIDENCE_ROLES))).first()
    if kept is None:
        documents.link_document(uow, document_id, SPJ_ITEM_KIND, item_id, role="bukti",
                                note=dst.nama if dst is not None else None)
    s.flush()
    return MovedFile(item_id, document_id, _bukti_view(s, src) if src is not None else None,
                     _bukti_view(s, dst) if dst is not None else None)


# -- taxes -----------------------------------------------------------------------------------------


def set_tax(uow: UnitOfWork, pajak_id: int, jumlah: int, alasan: str, *, row_version: int | None = None,
            alasan_versi: str = "") -> PajakView:
    """Withhold another amount than the rule computes; the reason is required and kept."""
    uow.require(Permission.WRITE)
    if jumlah < 0:
        raise ValidationFailed("Jumlah pajak tidak boleh negatif.", field="jumlah")
    s = uow.session
    p = s.get(SpjPajak, pajak_id)
    if p is None:
        raise NotFound("Baris pajak tidak ditemukan.")
    versioning.check(uow.session, p, row_version, labels=_LABELS)
    if jumlah != p.jumlah_hitung and not alasan.strip():
        raise ValidationFailed("Tuliskan alasan jumlah pajak berbeda dari hitungan aturan.", field="alasan")
    row = _item(s, p.item_id)
    _new_version_if_locked(uow, row, alasan_versi or alasan)
    p.jumlah = jumlah
    p.alasan_ubah = alasan.strip() if jumlah != p.jumlah_hitung else None
    s.flush()
    return _pajak_view(p)


def add_tax(uow: UnitOfWork, item_id: int, jenis: str, jumlah: int, alasan: str) -> PajakView:
    """A tax the rules did not put on the item (e.g. pajak daerah), with why."""
    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    if not alasan.strip():
        raise ValidationFailed("Tuliskan alasan pajak ini ditambahkan.", field="alasan")
    if jumlah < 0:
        raise ValidationFailed("Jumlah pajak tidak boleh negatif.", field="jumlah")
    if s.execute(select(SpjPajak.id).where(SpjPajak.item_id == item_id, SpjPajak.jenis == jenis)).scalar():
        raise Conflict("Pajak jenis ini sudah ada pada item; ubah jumlahnya saja.")
    _new_version_if_locked(uow, row, alasan)
    p = SpjPajak(item_id=item_id, jenis=jenis, dasar=row.jumlah, tarif_ppm=0, jumlah_hitung=0, jumlah=jumlah,
                 alasan_ubah=alasan.strip())
    s.add(p)
    s.flush()
    return _pajak_view(p)


def record_tax_deposit(uow: UnitOfWork, pajak_id: int, *, tanggal_setor: dt.date, ntpn: str, kode_billing: str = "",
                       row_version: int | None = None) -> PajakView:
    """The tax was deposited (setor): date and NTPN, for the tax recap (withheld vs paid)."""
    uow.require(Permission.WRITE)
    if not ntpn.strip():
        raise ValidationFailed("NTPN wajib diisi.", field="ntpn")
    s = uow.session
    p = s.get(SpjPajak, pajak_id)
    if p is None:
        raise NotFound("Baris pajak tidak ditemukan.")
    versioning.check(uow.session, p, row_version, labels=_LABELS)
    p.disetor, p.tanggal_setor, p.ntpn, p.kode_billing = True, tanggal_setor, ntpn.strip(), kode_billing.strip()
    s.flush()
    return _pajak_view(p)


# -- perjalanan dinas: travellers with their surat tugas ------------------------------------------


def add_pelaksana(
    uow: UnitOfWork, item_id: int, nama: str, *, nip: str = "", pegawai_id: int | None = None,
    surat_tugas_id: int | None = None, surat_tugas_nomor: str = "", spd_nomor: str = "",
    berangkat: dt.date | None = None, kembali: dt.date | None = None, tujuan: str = "", jumlah: int = 0,
) -> PelaksanaView:
    """A traveller of a perjalanan dinas item, linked to the surat tugas (a surat keluar) by id."""
    from tatausaha.models.correspondence import SuratKeluar

    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    if row.status == "ditutup":
        raise ValidationFailed(f"Item SPJ {row.nomor} sudah ditutup.")
    if not nama.strip():
        raise ValidationFailed("Nama pelaksana wajib diisi.", field="nama")
    if berangkat and kembali and kembali < berangkat:
        raise ValidationFailed("Tanggal kembali sebelum tanggal berangkat.", field="kembali")
    if surat_tugas_id is not None:
        st = s.get(SuratKeluar, surat_tugas_id)
        if st is None:
            raise NotFound("Surat tugas tidak ditemukan.")
        surat_tugas_nomor = surat_tugas_nomor or (st.nomor or "")
    paid = s.execute(select(func.coalesce(func.sum(SpjPelaksana.jumlah), 0)).where(SpjPelaksana.item_id == item_id)).scalar()
    if jumlah < 0 or int(paid or 0) + jumlah > row.jumlah:
        raise ValidationFailed("Jumlah para pelaksana melebihi jumlah item.", field="jumlah")
    p = SpjPelaksana(item_id=item_id, pegawai_id=pegawai_id, nama=nama.strip(), nip=nip.strip(),
                     surat_tugas_id=surat_tugas_id, surat_tugas_nomor=surat_tugas_nomor.strip(), spd_nomor=spd_nomor.strip(),
                     berangkat=berangkat, kembali=kembali, tujuan=tujuan.strip(), jumlah=jumlah)
    s.add(p)
    s.flush()
    # the surat tugas is the item's evidence too
    if surat_tugas_id is not None or surat_tugas_nomor:
        b = s.execute(select(SpjBukti).where(SpjBukti.item_id == item_id, SpjBukti.dokumen == "surat_tugas")).scalar()
        if b is not None and b.status == "belum_ada":
            b.status = "belum_lengkap"
            b.nomor_dokumen = b.nomor_dokumen or surat_tugas_nomor
    return _pelaksana_view(p)


def remove_pelaksana(uow: UnitOfWork, pelaksana_id: int) -> None:
    uow.require(Permission.WRITE)
    s = uow.session
    p = s.get(SpjPelaksana, pelaksana_id)
    if p is None:
        raise NotFound("Pelaksana tidak ditemukan.")
    s.delete(p)
    s.flush()


# -- numbering, closing ----------------------------------------------------------------------------


def mark_ready(uow: UnitOfWork, item_id: int, *, row_version: int | None = None) -> ItemView:
    """Number the item (``0007/SPJ/2026``, the next of its budget year) and lock it: from now on a
    change makes a new version."""
    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    versioning.check(uow.session, row, row_version, labels=_LABELS)
    if row.status != "draft":
        return item(uow, item_id)
    t = s.get(SpjTahun, row.tahun_id, with_for_update=True)
    assert t is not None
    t.nomor_terakhir += 1
    row.nomor_urut = t.nomor_terakhir
    row.nomor = f"{t.nomor_terakhir:04d}/SPJ/{t.tahun}"
    row.status = "siap"
    row.siap_at = clock.utcnow()
    s.flush()
    searchhook.index_items(s, [row.id])
    return item(uow, item_id)


def close_item(uow: UnitOfWork, item_id: int, *, override_alasan: str = "", row_version: int | None = None) -> ItemView:
    """Close an item (numbering it first when needed). Refused while a required document is
    missing — unless a pimpinan overrides with a reason, which is kept on the item and written to
    the audit trail as its own event (``spj_tutup_override``) with the missing documents."""
    uow.require(Permission.WRITE)
    s = uow.session
    row = _item(s, item_id)
    versioning.check(uow.session, row, row_version, labels=_LABELS)
    if row.status == "ditutup":
        raise ValidationFailed(f"Item SPJ {row.nomor} sudah ditutup.")
    comp = _completeness(s, [row.id])[row.id]
    if not comp.lengkap:
        if not override_alasan.strip():
            raise ValidationFailed(
                f"Item SPJ belum dapat ditutup: {len(comp.kurang)} dokumen wajib belum lengkap "
                f"({', '.join(comp.kurang)}). Lengkapi dulu, atau pimpinan menutupnya dengan alasan.",
                detail="\n".join(comp.kurang))
        if not uow.actor.can(Permission.SIGN):
            raise PermissionDenied("Hanya pimpinan yang dapat menutup item SPJ yang dokumennya belum lengkap.")
        row.override_alasan = override_alasan.strip()
        row.override_oleh = uow.actor.user_id
        uow.record("spj_tutup_override", SPJ_ITEM_KIND, row.id,
                   {"alasan": row.override_alasan, "kurang": list(comp.kurang), "nomor": row.nomor or ""})
    if row.status == "draft":
        mark_ready(uow, row.id)
    row.status = "ditutup"
    row.ditutup_at = clock.utcnow()
    row.ditutup_oleh = uow.actor.user_id
    s.flush()
    searchhook.index_items(s, [row.id])
    return item(uow, item_id)


def reopen_item(uow: UnitOfWork, item_id: int, alasan: str) -> ItemView:
    """A pimpinan opens a closed item again (with a reason); it goes back to ``siap`` as a new version."""
    uow.require(Permission.SIGN)
    if not alasan.strip():
        raise ValidationFailed("Tuliskan alasan membuka kembali item SPJ.", field="alasan")
    s = uow.session
    row = _item(s, item_id)
    if row.status != "ditutup":
        raise ValidationFailed("Item SPJ ini belum ditutup.")
    s.add(SpjItemVersi(item_id=row.id, versi=row.versi, nomor=row.nomor, data=_snapshot(s, row), alasan=alasan.strip(),
                       created_by=uow.actor.user_id))
    row.versi += 1
    row.status = "siap"
    row.ditutup_at = None
    row.ditutup_oleh = None
    uow.record("spj_buka_kembali", SPJ_ITEM_KIND, row.id, {"alasan": alasan.strip(), "nomor": row.nomor or ""})
    s.flush()
    searchhook.index_items(s, [row.id])
    return item(uow, item_id)


def versions(uow: UnitOfWork, item_id: int) -> list[tuple[int, str, dt.datetime, dict[str, Any]]]:
    """(versi, alasan, when, snapshot) of an item's earlier versions, oldest first."""
    uow.require(Permission.READ)
    return [(v.versi, v.alasan, v.created_at, v.data) for v in uow.session.execute(
        select(SpjItemVersi).where(SpjItemVersi.item_id == item_id).order_by(SpjItemVersi.versi)).scalars()]


# -- reading ---------------------------------------------------------------------------------------


def _bukti_view(s: Session, b: SpjBukti) -> BuktiView:
    docs = tuple(s.execute(select(SpjBuktiBerkas.document_id).where(SpjBuktiBerkas.bukti_id == b.id)
                           .order_by(SpjBuktiBerkas.id)).scalars())
    return BuktiView(b.id, b.dokumen, b.nama, b.wajib, b.urutan, b.status, STATUS_BUKTI_LABEL[b.status], b.alasan,
                     b.diterbitkan_oleh, b.penerbit_nama, b.supplier_id, b.nomor_dokumen, b.tanggal_dokumen, b.tenggat,
                     docs, b.row_version)


def _pajak_view(p: SpjPajak) -> PajakView:
    return PajakView(p.id, p.jenis, p.dasar, p.tarif_ppm, p.jumlah_hitung, p.jumlah, p.alasan_ubah, p.disetor,
                     p.tanggal_setor, p.ntpn, p.kode_billing, p.row_version)


def _pelaksana_view(p: SpjPelaksana) -> PelaksanaView:
    return PelaksanaView(p.id, p.pegawai_id, p.nama, p.nip, p.surat_tugas_id, p.surat_tugas_nomor, p.spd_nomor,
                         p.berangkat, p.kembali, p.tujuan, p.jumlah)


def _completeness(s: Session, item_ids: Sequence[int]) -> dict[int, Completeness]:
    today = clock.today()
    acc: dict[int, dict[str, Any]] = {i: {"w": 0, "t": 0, "k": [], "p": 0, "l": 0} for i in item_ids}
    for chunk in range(0, len(item_ids), 500):
        ids = list(item_ids[chunk:chunk + 500])
        for item_id, nama, wajib, status, tenggat in s.execute(
            select(SpjBukti.item_id, SpjBukti.nama, SpjBukti.wajib, SpjBukti.status, SpjBukti.tenggat)
            .where(SpjBukti.item_id.in_(ids)).order_by(SpjBukti.item_id, SpjBukti.urutan, SpjBukti.id)
        ):
            a = acc[item_id]
            if status == "perlu_perbaikan":
                a["p"] += 1
            if not wajib:
                continue
            a["w"] += 1
            if status in SATISFIED:
                a["t"] += 1
            else:
                a["k"].append(nama)
                if tenggat is not None and tenggat < today:
                    a["l"] += 1
    return {i: Completeness(a["w"], a["t"], tuple(a["k"]), a["p"], a["l"]) for i, a in acc.items()}


def completeness(uow: UnitOfWork, item_id: int) -> Completeness:
    uow.require(Permission.READ)
    _item(uow.session, item_id)
    return _completeness(uow.session, [item_id])[item_id]


def _summaries(s: Session, rows: Sequence[Any]) -> list[ItemSummary]:
    """Rows of :func:`_base_query` (plain columns, no ORM objects) as summaries with completeness."""
    comp = _completeness(s, [r[0] for r in rows])
    return [
        ItemSummary(iid, tahun, tanggal, nomor or "", status, versi, skk, skn, rk, rn, jb, uraian, jumlah, pj, pn,
                    sup or "", npd or "", tbp or "", comp[iid], rv)
        for iid, tahun, tanggal, nomor, status, versi, skk, skn, rk, rn, jb, uraian, jumlah, pj, pn, sup, npd, tbp, rv
        in rows
    ]


def _base_query():  # type: ignore[no-untyped-def]
    return (
        select(SpjItem.id, SpjTahun.tahun, SpjItem.tanggal, SpjItem.nomor, SpjItem.status, SpjItem.versi,
               SpjSubKegiatan.kode, SpjSubKegiatan.nama, SpjRekening.kode, SpjRekening.nama, SpjItem.jenis_belanja,
               SpjItem.uraian, SpjItem.jumlah, SpjItem.penerima_jenis, SpjItem.penerima_nama, SpjSupplier.nama,
               SpjItem.no_npd, SpjItem.no_tbp, SpjItem.row_version)
        .join(SpjTahun, SpjTahun.id == SpjItem.tahun_id)
        .join(SpjSubKegiatan, SpjSubKegiatan.id == SpjItem.sub_kegiatan_id)
        .join(SpjRekening, SpjRekening.id == SpjItem.rekening_id)
        .outerjoin(SpjSupplier, SpjSupplier.id == SpjItem.supplier_id)
    )


@dataclass(frozen=True)
class ItemFilter:
    tahun: int | None = None
    status: str | None = None  # draft | siap | ditutup
    sub_kegiatan_id: int | None = None
    sub_kegiatan_kode: str | None = None
    jenis_belanja: str | None = None
    bulan: int | None = None  # 1..12 of the item date
    dari: dt.date | None = None
    sampai: dt.date | None = None
    supplier_id: int | None = None
    teks: str = ""  # in uraian, payee, supplier, NPD/TBP, number
    jumlah_min: int | None = None
    jumlah_max: int | None = None
    kelengkapan: str | None = None  # lengkap | belum (required documents missing)
    limit: int = 2000


def list_items(uow: UnitOfWork, flt: ItemFilter | None = None) -> list[ItemSummary]:
    """Items by date (newest first) with their completeness, filtered."""
    uow.require(Permission.READ)
    f = flt or ItemFilter()
    q = _base_query()
    if f.tahun is not None:
        q = q.where(SpjTahun.tahun == f.tahun)
    if f.status:
        q = q.where(SpjItem.status == f.status)
    if f.sub_kegiatan_id is not None:
        q = q.where(SpjItem.sub_kegiatan_id == f.sub_kegiatan_id)
    if f.sub_kegiatan_kode:
        q = q.where(SpjSubKegiatan.kode == f.sub_kegiatan_kode)
    if f.jenis_belanja:
        q = q.where(SpjItem.jenis_belanja == f.jenis_belanja)
    if f.bulan is not None:
        q = q.where(func.extract("month", SpjItem.tanggal) == f.bulan)
    if f.dari is not None:
        q = q.where(SpjItem.tanggal >= f.dari)
    if f.sampai is not None:
        q = q.where(SpjItem.tanggal <= f.sampai)
    if f.supplier_id is not None:
        q = q.where(SpjItem.supplier_id == f.supplier_id)
    if f.jumlah_min is not None:
        q = q.where(SpjItem.jumlah >= f.jumlah_min)
    if f.jumlah_max is not None:
        q = q.where(SpjItem.jumlah <= f.jumlah_max)
    for word in fold(f.teks).split():
        like = f"%{word}%"
        q = q.where(func.lower(SpjItem.uraian).like(like) | func.lower(SpjItem.penerima_nama).like(like)
                    | func.lower(func.coalesce(SpjSupplier.nama, "")).like(like)
                    | func.lower(func.coalesce(SpjItem.no_tbp, "")).like(like)
                    | func.lower(func.coalesce(SpjItem.no_npd, "")).like(like)
                    | func.lower(func.coalesce(SpjItem.nomor, "")).like(like)
                    | SpjSubKegiatan.kode.like(like) | SpjRekening.kode.like(like))
    rows = uow.session.execute(q.order_by(SpjItem.tanggal.desc(), SpjItem.id.desc()).limit(f.limit)).all()
    out = _summaries(uow.session, rows)
    if f.kelengkapan == "lengkap":
        out = [r for r in out if r.kelengkapan.lengkap]
    elif f.kelengkapan == "belum":
        out = [r for r in out if not r.kelengkapan.lengkap]
    return out


def item(uow: UnitOfWork, item_id: int) -> ItemView:
    """Everything about one item: budget codes, payee, supplier, evidence rows, taxes, travellers."""
    uow.require(Permission.READ)
    s = uow.session
    found = s.execute(_base_query().where(SpjItem.id == item_id)).first()
    if found is None:
        raise NotFound(f"Item SPJ #{item_id} tidak ditemukan.")
    i = s.get(SpjItem, item_id)
    sub = s.get(SpjSubKegiatan, i.sub_kegiatan_id) if i is not None else None
    assert i is not None and sub is not None
    summary = _summaries(s, [found])[0]
    keg = s.get(SpjKegiatan, sub.kegiatan_id)
    prog = s.get(SpjProgram, keg.program_id) if keg else None
    sup = s.get(SpjSupplier, i.supplier_id) if i.supplier_id else None
    bukti = tuple(_bukti_view(s, b) for b in s.execute(
        select(SpjBukti).where(SpjBukti.item_id == i.id).order_by(SpjBukti.urutan, SpjBukti.id)).scalars())
    pajak = tuple(_pajak_view(p) for p in s.execute(
        select(SpjPajak).where(SpjPajak.item_id == i.id).order_by(SpjPajak.id)).scalars())
    pelaksana = tuple(_pelaksana_view(p) for p in s.execute(
        select(SpjPelaksana).where(SpjPelaksana.item_id == i.id).order_by(SpjPelaksana.id)).scalars())
    base = {f.name: getattr(summary, f.name) for f in fields(ItemSummary)}
    return ItemView(
        **base, tahun_id=i.tahun_id, sub_kegiatan_id=i.sub_kegiatan_id, rekening_id=i.rekening_id,
        pegawai_id=i.pegawai_id, supplier_id=i.supplier_id, supplier=_supplier_view(sup) if sup else None,
        penerima_nip=i.penerima_nip, penerima_nik=i.penerima_nik, penerima_npwp=i.penerima_npwp,
        penerima_alamat=i.penerima_alamat, penerima_golongan=i.penerima_golongan, bank_nama=i.bank_nama,
        bank_rekening=i.bank_rekening, metode_bayar=i.metode_bayar, kegiatan_selesai=i.kegiatan_selesai,
        catatan=i.catatan, override_alasan=i.override_alasan, ditutup_at=i.ditutup_at, bukti=bukti, pajak=pajak,
        pelaksana=pelaksana, program_kode=prog.kode if prog else "", program_nama=prog.nama if prog else "",
        kegiatan_kode=keg.kode if keg else "", kegiatan_nama=keg.nama if keg else "",
    )


def find_by_number(uow: UnitOfWork, text: str) -> list[int]:
    """Items whose SPJ number, TBP or NPD number is ``text`` (as read from a scan)."""
    t = text.strip()
    if not t:
        return []
    q = select(SpjItem.id).where((SpjItem.nomor == t) | (SpjItem.no_tbp == t) | (SpjItem.no_npd == t))
    return list(uow.session.execute(q.order_by(SpjItem.id.desc()).limit(20)).scalars())


# -- roll-ups --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    """One item as the roll-ups need it: counted in SQL, no ORM objects."""

    id: int
    sub_kegiatan_id: int
    tanggal: dt.date
    status: str
    jumlah: int
    wajib: int
    terpenuhi: int

    @property
    def lengkap(self) -> bool:
        return self.terpenuhi >= self.wajib


def _counted(uow: UnitOfWork, tahun: int) -> list[_Counted]:
    uow.require(Permission.READ)
    s = uow.session
    t = _tahun(s, tahun)
    wajib = case((SpjBukti.wajib.is_(True), 1), else_=0)
    ok = case((SpjBukti.wajib.is_(True) & SpjBukti.status.in_(SATISFIED), 1), else_=0)
    per_item = (select(SpjBukti.item_id, func.sum(wajib).label("w"), func.sum(ok).label("t"))
                .group_by(SpjBukti.item_id).subquery())
    rows = s.execute(
        select(SpjItem.id, SpjItem.sub_kegiatan_id, SpjItem.tanggal, SpjItem.status, SpjItem.jumlah,
               func.coalesce(per_item.c.w, 0), func.coalesce(per_item.c.t, 0))
        .outerjoin(per_item, per_item.c.item_id == SpjItem.id).where(SpjItem.tahun_id == t.id)
        .order_by(SpjItem.tanggal, SpjItem.id)
    ).all()
    return [_Counted(i, sk, tg, st, int(j), int(w), int(tt)) for i, sk, tg, st, j, w, tt in rows]


def _rollup(key: str, label: str, members: Sequence[_Counted]) -> Rollup:
    return Rollup(
        key, label, len(members), sum(1 for m in members if m.lengkap),
        sum(1 for m in members if m.status == "ditutup"), sum(m.jumlah for m in members),
        sum(m.wajib for m in members), sum(m.terpenuhi for m in members),
        tuple(m.id for m in members if not m.lengkap),
    )


def rollup_by_sub_kegiatan(uow: UnitOfWork, tahun: int) -> list[Rollup]:
    """Completeness per sub-kegiatan of a budget year (every sub-kegiatan, also those without items)."""
    by: dict[int, list[_Counted]] = {}
    for m in _counted(uow, tahun):
        by.setdefault(m.sub_kegiatan_id, []).append(m)
    return [_rollup(b.kode, b.nama, by.get(b.id, [])) for b in budget_lines(uow, tahun)]


BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")


def rollup_by_month(uow: UnitOfWork, tahun: int) -> list[Rollup]:
    """Completeness per month of the item date, January to December (months with items)."""
    by: dict[int, list[_Counted]] = {}
    for m in _counted(uow, tahun):
        by.setdefault(m.tanggal.month, []).append(m)
    return [_rollup(f"{tahun}-{mo:02d}", f"{BULAN[mo - 1]} {tahun}", by[mo]) for mo in sorted(by)]


def rollup_total(uow: UnitOfWork, tahun: int) -> Rollup:
    return _rollup(str(tahun), f"Tahun anggaran {tahun}", _counted(uow, tahun))
