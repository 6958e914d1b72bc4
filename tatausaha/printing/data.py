"""Plain data that describes every printable document (no database, no ReportLab here).

Other areas map their records onto these frozen dataclasses (e.g.
``tatausaha/correspondence/printdata.py``) and hand them to the builders in
``tatausaha.printing`` (``build_letter``, ``build_disposition``, ``build_register``,
``build_kwitansi``, ``build_separator``). Every field is plain Python: ``str``, ``int``,
``Decimal``, ``datetime.date``, tuples. Text is plain text (no markup): the builders escape it.

Conventions
-----------
* Empty string / ``None`` means "leave that line out" unless a field says otherwise.
* Dates are ``datetime.date``; the builders print them the Indonesian way ("8 Februari 2023").
* ``record_ref`` is the text of the QR code printed on the document; make it with
  ``tatausaha.recordref.encode(kind, id)``. ``None`` prints no QR code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

Paper = Literal["F4", "A4", "F4_HALF"]
LetterLayout = Literal["korespondensi", "judul", "undangan"]

#: Paper sizes in millimetres (portrait). F4/folio is what Pemda TND prescribes; ½ F4 is the
#: lembar disposisi (an F4 sheet cut in half: 165 × 215 mm, portrait).
PAPER_MM: dict[str, tuple[float, float]] = {
    "F4": (215.0, 330.0),
    "A4": (210.0, 297.0),
    "F4_HALF": (165.0, 215.0),
}


@dataclass(frozen=True)
class PageSetup:
    """Paper, margins and font of one template (all configurable per jenis naskah).

    Defaults follow Pemda practice (DOMAIN.md §1.4): F4, top 2.5 cm, bottom 3 cm, left 3 cm,
    right 2.5 cm, Arial 12. ``font`` is ``"Arial"``/``"Helvetica"`` (the PDF base font with
    Arial's metrics, nothing embedded), ``"Times"`` or a path to a ``.ttf`` file (embedded;
    bold is looked up as ``<name>-Bold.ttf`` / ``<name>bd.ttf`` next to it).
    """

    paper: Paper = "F4"
    landscape: bool = False
    margin_top_mm: float = 25.0
    margin_bottom_mm: float = 30.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 25.0
    font: str = "Arial"
    font_size: float = 12.0
    line_spacing: float = 1.15  # body text leading as a multiple of the font size


@dataclass(frozen=True)
class KopSurat:
    """The letterhead (kop instansi). Filled from ``OfficeProfile`` by ``services.printed.kop_from_office``.

    ``pemerintah``: "PEMERINTAH KOTA BEKASI"; ``nama_kantor``: "KECAMATAN JATISAMPURNA";
    ``alamat``: street address line ("Jalan Raya Hankam No. 1, Jatisampurna"); ``kode_pos``
    is appended to the address with "Kode Pos". ``logo``: PNG/JPEG bytes or a file path
    (the lambang daerah), or ``None`` for a kop without logo. ``kota`` is the place printed
    before the date ("Bekasi, 8 Februari 2023").
    """

    pemerintah: str
    nama_kantor: str
    alamat: str = ""
    kode_pos: str = ""
    telepon: str = ""
    email: str = ""
    laman: str = ""
    kota: str = ""
    logo: bytes | str | Path | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Signer:
    """A signature block.

    Printed as (korespondensi layout)::

        [keterangan]                      e.g. "Mengetahui," / "Setuju dibayar,"
        a.n. CAMAT JATISAMPURNA           only with jabatan_prefix "a.n." / "u.b."
        Sekretaris Kecamatan,             "Plt. CAMAT JATISAMPURNA," with "Plt."/"Plh."/"Pj."
        <space for the signature>
        NAMA LENGKAP                      bold, underlined
        Pembina Tk. I                     pangkat (optional)
        NIP. 19700101 199003 1 001        nip (optional; printed grouped 8-6-1-3)

    ``jabatan_prefix``: ``None``, ``"a.n."``, ``"u.b."``, ``"Plt."``, ``"Plh."`` or ``"Pj."``.
    ``atas_nama_jabatan``: with "a.n."/"u.b." the principal's post (e.g. "CAMAT JATISAMPURNA").
    """

    jabatan: str
    nama: str
    nip: str | None = None
    pangkat: str = ""
    jabatan_prefix: str | None = None
    atas_nama_jabatan: str = ""
    keterangan: str = ""


@dataclass(frozen=True)
class UndanganBlock:
    """The invitation block "hari, tanggal / waktu / tempat / acara" of a surat undangan.

    ``hari`` is derived from ``tanggal`` ("Rabu, 8 Februari 2023"); ``tanggal_sampai`` makes a
    range. ``waktu`` is free text ("09.00 WIB s.d. selesai").
    """

    tanggal: dt.date
    waktu: str
    tempat: str
    acara: str
    tanggal_sampai: dt.date | None = None


@dataclass(frozen=True)
class LabeledList:
    """A labelled, lettered list of the judul layout: ``Menimbang : a. …; b. …``."""

    label: str  # "Menimbang", "Mengingat", "Memperhatikan", "Dasar"
    items: tuple[str, ...]
    numbering: Literal["alpha", "number", "none"] = "alpha"


@dataclass(frozen=True)
class Diktum:
    """One operative part: ``KESATU : …`` (label empty → KESATU, KEDUA, … by position)."""

    text: str
    label: str = ""


@dataclass(frozen=True)
class JudulBlock:
    """Extras of the judul layout (Keputusan, Surat Tugas, Berita Acara …).

    Printed: ``title`` centred bold (e.g. "KEPUTUSAN CAMAT JATISAMPURNA", "SURAT TUGAS"),
    then "NOMOR <LetterDoc.nomor>" when ``show_nomor``, then "TENTANG" + ``tentang``; for a
    keputusan ``pejabat`` ("CAMAT JATISAMPURNA,") after "DENGAN RAHMAT TUHAN YANG MAHA ESA"
    when ``rahmat``; then each of ``considerations`` (Menimbang, Mengingat, Dasar …), then the
    ``decree_word`` line ("MEMUTUSKAN:" / "MEMERINTAHKAN:"), then "Menetapkan : <menetapkan>"
    and the ``diktum`` list (KESATU …). ``LetterDoc.body`` paragraphs (e.g. the text of a
    berita acara) come after the title block. ``ditetapkan`` closes with
    "Ditetapkan di <kota> / pada tanggal <tanggal>" above the signature.
    """

    title: str
    tentang: str = ""
    show_nomor: bool = True
    rahmat: bool = False
    pejabat: str = ""
    considerations: tuple[LabeledList, ...] = ()
    decree_word: str = ""  # "MEMUTUSKAN" | "MEMERINTAHKAN" | ""
    menetapkan: str = ""
    diktum: tuple[Diktum, ...] = ()
    ditetapkan: bool = False


@dataclass(frozen=True)
class LetterDoc:
    """One naskah dinas.

    layout ``korespondensi`` (surat dinas): "<tempat>, <tanggal>" top right; Nomor / Sifat /
    Lampiran / Hal on the left; "Yth." + ``tujuan`` lines (+ "di" ``tujuan_di``); ``body``
    paragraphs justified; signature block on the right; ``tembusan`` list at the end.
    layout ``undangan``: as korespondensi, plus the ``undangan`` block after the first body
    paragraph (``body[0]`` opens, the rest of ``body`` closes).
    layout ``judul``: see ``JudulBlock``; no Nomor/Hal block and no addressee.

    ``tempat`` defaults to ``kop.kota``. ``tanggal`` ``None`` leaves the date blank (a draft to
    be dated at signing). ``watermark`` (e.g. "KONSEP") is printed diagonally in light grey.
    """

    kop: KopSurat
    nomor: str
    tanggal: dt.date | None
    layout: LetterLayout = "korespondensi"
    hal: str = ""
    sifat: str = "Biasa"
    lampiran: str = "-"
    tempat: str = ""
    tujuan: tuple[str, ...] = ()
    tujuan_di: str = ""
    body: tuple[str, ...] = ()
    undangan: UndanganBlock | None = None
    judul: JudulBlock | None = None
    signer: Signer | None = None
    tembusan: tuple[str, ...] = ()
    page: PageSetup = PageSetup()
    record_ref: str | None = None
    #: The audit trail's head when printed (berita acara), at the foot of every page.
    audit_anchor: str | None = None
    watermark: str | None = None


DEFAULT_SIFAT_OPTIONS: tuple[str, ...] = ("Sangat Segera", "Segera", "Rahasia", "Biasa")

DEFAULT_INSTRUKSI_OPTIONS: tuple[str, ...] = (
    "Untuk diketahui",
    "Untuk diselesaikan",
    "Tanggapan dan saran",
    "Proses lebih lanjut",
    "Koordinasikan/konfirmasikan",
    "Siapkan jawaban",
    "Hadiri/wakili",
    "Edarkan",
    "Buat laporan",
    "Arsipkan",
)


@dataclass(frozen=True)
class DispositionSheet:
    """Lembar disposisi (½ F4 by default) for one incoming letter and one disposition hop.

    Option lists are printed as checkboxes; the chosen entries (``sifat``, ``diteruskan_kepada``,
    ``instruksi``) are ticked. A chosen entry that is not in its option list is added to it.
    ``penanda`` is who disposes (e.g. the Camat); ``paraf_tanggal`` the date of the disposition.
    """

    kop: KopSurat
    surat_dari: str
    nomor_surat: str
    tanggal_surat: dt.date | None
    perihal: str
    diterima_tanggal: dt.date | None
    nomor_agenda: str
    sifat: tuple[str, ...] = ()
    sifat_options: tuple[str, ...] = DEFAULT_SIFAT_OPTIONS
    diteruskan_kepada: tuple[str, ...] = ()
    diteruskan_options: tuple[str, ...] = ()
    instruksi: tuple[str, ...] = ()
    instruksi_options: tuple[str, ...] = DEFAULT_INSTRUKSI_OPTIONS
    catatan: str = ""
    batas_waktu: dt.date | None = None
    penanda: Signer | None = None
    paraf_tanggal: dt.date | None = None
    kode_klasifikasi: str = ""
    page: PageSetup = PageSetup(
        paper="F4_HALF", margin_top_mm=10, margin_bottom_mm=12, margin_left_mm=12, margin_right_mm=10, font_size=9.5
    )
    record_ref: str | None = None


@dataclass(frozen=True)
class RegisterColumn:
    """One column of a register: header text, relative width, alignment ("LEFT"/"CENTER"/"RIGHT").

    ``wrap``: "words" (at spaces, the default), "slash" (a letter number: lines break only after a
    "/", never inside 2026 or Kec.JTS) or "whole" (short values such as "1 berkas" or a date stay
    on one line; the text is set a little smaller when the column is narrow).
    """

    title: str
    width: float = 1.0
    align: Literal["LEFT", "CENTER", "RIGHT"] = "LEFT"
    wrap: Literal["words", "slash", "whole"] = "words"


@dataclass(frozen=True)
class RegisterDoc:
    """A register page set: Buku Agenda Surat Masuk / Keluar, Buku Ekspedisi … (landscape).

    ``rows`` are tuples of cell text, one cell per column (``None`` prints empty). The header
    row (and the column-number row "1 2 3 …") repeats on every page. ``signer`` (optional)
    closes the register ("Mengetahui, Kepala Subbagian …") with ``tempat``/``tanggal``.
    """

    title: str
    period: str
    columns: tuple[RegisterColumn, ...]
    rows: tuple[tuple[str | None, ...], ...]
    kop: KopSurat | None = None
    signer: Signer | None = None
    tempat: str = ""
    tanggal: dt.date | None = None
    page: PageSetup = PageSetup(
        landscape=True, margin_top_mm=15, margin_bottom_mm=15, margin_left_mm=15, margin_right_mm=15, font_size=9
    )
    record_ref: str | None = None
    #: The audit trail's head when printed ("Jejak audit 1234:3fa2…"), at the foot of every page.
    audit_anchor: str | None = None
    #: print the kop surat above the title on page 1 (reports sent out: DUK, daftar nominatif)
    on_kop: bool = False
    #: a background colour per row (``"#ffcdd2"`` or None), e.g. a due list coloured by nearness
    row_colours: tuple[str | None, ...] = ()
    #: ``(colour, meaning)`` pairs printed under the table, so the colours read the same on paper
    legend: tuple[tuple[str, str], ...] = ()
    #: a line under the title (e.g. "Keadaan per 1 Desember 2026")
    subtitle: str = ""
    #: a second signature on the left, level with ``signer`` (BKU: "Mengetahui, Pengguna Anggaran")
    co_signer: Signer | None = None


@dataclass(frozen=True)
class KwitansiDoc:
    """A kwitansi (kuitansi): amount in figures (PUEBI "Rp2.950.000,00") and words (terbilang).

    ``jumlah`` is whole rupiah (``int``) or a ``Decimal`` with at most 2 decimals (sen).
    ``dari``: who pays ("Bendahara Pengeluaran Kecamatan Jatisampurna"); ``penerima``: who
    receives (name printed under "Yang menerima"); ``untuk``: "Untuk pembayaran" text.
    ``signers``: the other signature slots, left to right (e.g. "Setuju dibayar" Pengguna
    Anggaran, "Lunas dibayar" Bendahara). A "Meterai" box is drawn in the receiver's slot exactly
    when the caller says so (``meterai=True``), with ``meterai_tarif`` (whole rupiah, e.g. 10000 →
    "Meterai Rp10.000") in it when given. Printing knows no bea meterai law: which receipt needs one,
    and of what value, is the caller's dated rule (the SPJ area: ``spj.rules.meterai_for``).
    """

    nomor: str
    jumlah: int | Decimal
    dari: str
    penerima: str
    untuk: str
    tempat: str = ""
    tanggal: dt.date | None = None
    kop: KopSurat | None = None
    tahun_anggaran: str = ""
    kode_rekening: str = ""
    penerima_jabatan: str = ""
    penerima_nip: str | None = None
    signers: tuple[Signer, ...] = ()
    meterai: bool = False
    meterai_tarif: int | None = None
    page: PageSetup = PageSetup(margin_top_mm=15, margin_bottom_mm=15, margin_left_mm=20, margin_right_mm=20)
    record_ref: str | None = None


@dataclass(frozen=True)
class SeparatorSheet:
    """A "LEMBAR PEMISAH" page put between documents in a scanner batch.

    ``record_ref`` is the separator's own ref (``recordref.encode("sep", n)``); ``keterangan``
    lines are printed under the title (e.g. "Surat masuk 12/2026").
    """

    record_ref: str
    keterangan: tuple[str, ...] = ()
    page: PageSetup = PageSetup(
        paper="A4", margin_top_mm=20, margin_bottom_mm=20, margin_left_mm=20, margin_right_mm=20
    )


@dataclass(frozen=True)
class ChecklistLine:
    """One required (or optional) document on a checklist cover sheet.

    ``status``: the state as the office writes it ("Belum ada", "Lengkap" …); ``tanda`` ticks the
    box (already in the archive). ``keterangan``: issuer, deadline or the reason it does not apply.
    """

    nama: str
    status: str = ""
    tanda: bool = False
    wajib: bool = True
    keterangan: str = ""


@dataclass(frozen=True)
class CoverSheet:
    """A checklist cover sheet (lembar sampul) for one record's stack of evidence.

    A big QR (``record_ref``, a *cover* QR kind: ``registry.RecordKind.cover_aliases``) tells the
    scan folder that the pages behind this sheet are the record's evidence: one document per
    page, or one per stack between LEMBAR PEMISAH sheets. ``fields`` are label/value lines
    ("Nomor bukti", "Uraian" …); ``jumlah`` (optional) is printed in figures and words.
    """

    title: str
    record_ref: str
    fields: tuple[tuple[str, str], ...] = ()
    checklist: tuple[ChecklistLine, ...] = ()
    jumlah: int | Decimal | None = None
    subtitle: str = ""
    kop: KopSurat | None = None
    instruksi: tuple[str, ...] = (
        "Letakkan lembar sampul ini paling atas, lalu bukti-bukti di belakangnya, kemudian pindai sekaligus.",
        "Setiap halaman di belakang lembar ini diarsipkan sebagai satu bukti. Bukti yang lebih dari satu "
        "halaman dipisahkan dengan LEMBAR PEMISAH.",
    )
    dicetak: dt.date | None = None
    page: PageSetup = PageSetup(
        paper="A4", margin_top_mm=15, margin_bottom_mm=18, margin_left_mm=20, margin_right_mm=15, font_size=10
    )
