"""The correspondence DTOs: what letter services take and give back (plain frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tatausaha.changes import Changes
from tatausaha.correspondence import numbering
from tatausaha.models.klasifikasi import SCHEME_PMDN83
from tatausaha.services import documents

MASUK, KELUAR = "masuk", "keluar"


@dataclass(frozen=True)
class SuratMasukInput:
    tanggal_terima: dt.date
    pengirim: str
    perihal: str
    nomor_surat: str = ""
    tanggal_surat: dt.date | None = None
    instansi_id: int | None = None
    ditujukan: str = ""
    ringkasan: str = ""
    derajat: str = "biasa"
    keamanan: str = "biasa"
    kode_klasifikasi: str = ""
    klasifikasi_scheme: str = SCHEME_PMDN83
    lampiran: str = ""
    kanal: str = "manual"
    srikandi_ref: str = ""
    keterangan: str = ""
    lokasi_arsip: str = ""
    #: the version the editor showed (``SuratMasukDetail.row_version``); a save from an older one is
    #: refused (``EditConflict``). None: not from an editor (import, CLI) — no comparison.
    row_version: int | None = None


@dataclass(frozen=True)
class SuratKeluarInput:
    jenis: str  # jenis naskah code (SD, UND, ND ...)
    hal: str
    tujuan: str = ""  # one addressee per line
    tujuan_di: str = ""
    instansi_id: int | None = None
    tanggal_surat: dt.date | None = None
    tembusan: tuple[str, ...] = ()
    lampiran: str = ""
    isi: str = ""
    derajat: str = "biasa"
    keamanan: str = "biasa"
    kode_klasifikasi: str = ""
    klasifikasi_scheme: str = SCHEME_PMDN83
    unit_id: int | None = None
    penandatangan_id: int | None = None
    ttd_prefix: str = ""
    atas_nama_jabatan: str = ""
    reply_to_id: int | None = None
    kanal: str = "manual"
    srikandi_ref: str = ""
    keterangan: str = ""
    #: per-jenis fields (undangan, surat tugas): see ``tatausaha.correspondence.rincian``
    rincian: dict[str, Any] | None = None
    #: see ``SuratMasukInput.row_version``
    row_version: int | None = None


@dataclass(frozen=True)
class LetterRow:
    """One line of a letter list (either direction)."""

    id: int
    arah: str  # masuk | keluar
    tahun: int | None
    nomor_agenda: int | None
    nomor: str
    tanggal: dt.date | None  # tanggal terima (masuk) / tanggal surat (keluar)
    tanggal_surat: dt.date | None
    pihak: str  # pengirim (masuk) / tujuan (keluar)
    perihal: str
    derajat: str
    keamanan: str
    kode_klasifikasi: str
    status: str
    kanal: str
    masked: bool = False
    tahap: str = ""  # surat keluar: the approval step of a draft (konsep | paraf | ttd | ditandatangani | dikembalikan)

    @property
    def ref(self) -> str:
        return f"{'M' if self.arah == MASUK else 'K'}-{self.id}"

    @property
    def agenda(self) -> str:
        return f"{self.nomor_agenda}/{self.tahun}" if self.nomor_agenda else ""


@dataclass(frozen=True)
class AttachmentInfo(documents.LinkInfo):
    """A document link (the core's ``LinkInfo``) plus what the letter views show about the file."""

    page_count: int | None
    size: int


@dataclass(frozen=True)
class DisposisiNode:
    id: int
    parent_id: int | None
    depth: int
    dari: str
    kepada: str
    kepada_user_id: int | None
    kepada_official_id: int | None
    kepada_unit_id: int | None
    instruksi: tuple[str, ...]
    catatan: str
    batas_waktu: dt.date | None
    derajat: str
    status: str
    tanggal: dt.datetime
    dibaca_at: dt.datetime | None
    ditindaklanjuti_at: dt.datetime | None
    selesai_at: dt.datetime | None
    tindak_lanjut: str
    overdue: bool


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    who: str
    what: str


@dataclass(frozen=True)
class SuratMasukDetail:
    id: int
    tahun: int
    nomor_agenda: int
    tanggal_terima: dt.date
    nomor_surat: str
    tanggal_surat: dt.date | None
    instansi_id: int | None
    pengirim: str
    ditujukan: str
    perihal: str
    ringkasan: str
    derajat: str
    keamanan: str
    kode_klasifikasi: str
    klasifikasi_scheme: str
    kode_nama: str
    lampiran: str
    kanal: str
    srikandi_ref: str
    status: str
    keterangan: str
    lokasi_arsip: str
    batal_alasan: str
    created_by: str
    created_at: dt.datetime
    attachments: tuple[AttachmentInfo, ...] = ()
    disposisi: tuple[DisposisiNode, ...] = ()
    replies: tuple[LetterRow, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    row_version: int = 1

    @property
    def ref(self) -> str:
        return f"M-{self.id}"

    @property
    def agenda(self) -> str:
        return f"{self.nomor_agenda}/{self.tahun}"

    def as_input(self) -> SuratMasukInput:
        return SuratMasukInput(
            tanggal_terima=self.tanggal_terima, pengirim=self.pengirim, perihal=self.perihal,
            nomor_surat=self.nomor_surat, tanggal_surat=self.tanggal_surat, instansi_id=self.instansi_id,
            ditujukan=self.ditujukan, ringkasan=self.ringkasan, derajat=self.derajat, keamanan=self.keamanan,
            kode_klasifikasi=self.kode_klasifikasi, klasifikasi_scheme=self.klasifikasi_scheme, lampiran=self.lampiran,
            kanal=self.kanal, srikandi_ref=self.srikandi_ref, keterangan=self.keterangan, lokasi_arsip=self.lokasi_arsip,
            row_version=self.row_version,
        )


@dataclass(frozen=True)
class SuratKeluarDetail:
    id: int
    jenis_kode: str
    jenis_nama: str
    layout: str
    tahun: int | None
    nomor_agenda: int | None
    nomor: str
    tanggal_surat: dt.date | None
    instansi_id: int | None
    tujuan: str
    tujuan_di: str
    tembusan: tuple[str, ...]
    lampiran: str
    hal: str
    isi: str
    derajat: str
    keamanan: str
    kode_klasifikasi: str
    klasifikasi_scheme: str
    unit_id: int | None
    penandatangan_id: int | None
    penandatangan: str
    ttd_prefix: str
    atas_nama_jabatan: str
    reply_to_id: int | None
    reply_to: str
    kanal: str
    srikandi_ref: str
    status: str
    tanggal_kirim: dt.date | None
    cara_kirim: str
    penerima_nama: str
    diterima_at: dt.datetime | None
    keterangan: str
    batal_alasan: str
    created_by: str
    created_at: dt.datetime
    attachments: tuple[AttachmentInfo, ...] = ()
    numbers: tuple[numbering.NumberInfo, ...] = ()
    tahap: str = "konsep"  # approval: konsep | paraf | ttd | ditandatangani | dikembalikan
    rincian: dict[str, Any] | None = None
    row_version: int = 1

    @property
    def ref(self) -> str:
        return f"K-{self.id}"

    def as_input(self) -> SuratKeluarInput:
        return SuratKeluarInput(
            jenis=self.jenis_kode, hal=self.hal, tujuan=self.tujuan, tujuan_di=self.tujuan_di,
            instansi_id=self.instansi_id, tanggal_surat=self.tanggal_surat, tembusan=self.tembusan,
            lampiran=self.lampiran, isi=self.isi, derajat=self.derajat, keamanan=self.keamanan,
            kode_klasifikasi=self.kode_klasifikasi, klasifikasi_scheme=self.klasifikasi_scheme, unit_id=self.unit_id,
            penandatangan_id=self.penandatangan_id, ttd_prefix=self.ttd_prefix,
            atas_nama_jabatan=self.atas_nama_jabatan, reply_to_id=self.reply_to_id, kanal=self.kanal,
            srikandi_ref=self.srikandi_ref, keterangan=self.keterangan, rincian=self.rincian,
            row_version=self.row_version,
        )


@dataclass(frozen=True)
class DuplicateHit:
    id: int
    agenda: str
    tanggal_terima: dt.date
    pengirim: str
    nomor_surat: str
    perihal: str
    reason: str  # Indonesian, ready to show


@dataclass(frozen=True)
class LetterFilter:
    """Filters shared by lists and registers. Empty values filter nothing."""

    tahun: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    keamanan: str | None = None
    derajat: str | None = None
    status: str | None = None
    kode_prefix: str | None = None  # "800" matches 800.1.11.1
    pihak: str | None = None  # sender (masuk) / addressee (keluar), substring
    text: str | None = None  # perihal / nomor / pengirim substring
    instansi_id: int | None = None
    jenis: str | None = None  # surat keluar: jenis naskah code
    kanal: str | None = None
    include_batal: bool = True


@dataclass(frozen=True)
class Saved:
    id: int
    nomor_agenda: int | None
    tahun: int | None
    changes: Changes = field(default_factory=Changes)


