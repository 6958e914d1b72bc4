"""The bendahara's books for a period, printed (PDF on the register layout) and exported (XLSX through
the sheets room): the BKU-style register and the tax recap (withheld, paid, still due).

Pure: the rows come in as plain entries (``BkuEntry``, ``TaxEntry``) — the SPJ services map their
items, taxes and deposits onto them — so the layout, the running balance and the totals are tested
without a database.

BKU (Buku Kas Umum, Permendagri 77/2020 practice): every payment is a *pengeluaran*; a tax the
bendahara withholds or collects on it is a *penerimaan* (the money stays with the bendahara until
it is paid in) and its deposit (setoran, with NTPN) a *pengeluaran*; the saldo runs from the
period's opening balance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tatausaha.idformat import format_angka, rupiah, tanggal_pendek
from tatausaha.printing.data import KopSurat, RegisterColumn, RegisterDoc, Signer
from tatausaha.sheets import Col, write_table

__all__ = [
    "BkuEntry", "BkuLine", "TaxEntry", "TaxTotal", "bku_lines", "bku_register", "tax_register", "tax_totals",
    "write_bku", "write_tax_recap", "period_label",
]

ZERO = Decimal(0)
MONEY_FORMAT = "#,##0.00"  # Excel shows it with the reader's separators (1.234.567,00 in Indonesia)


@dataclass(frozen=True)
class BkuEntry:
    """One line of the BKU: money in (``penerimaan``) or out (``pengeluaran``), never both."""

    tanggal: dt.date
    nomor_bukti: str
    uraian: str
    kode_rekening: str = ""
    penerimaan: Decimal = ZERO
    pengeluaran: Decimal = ZERO


@dataclass(frozen=True)
class BkuLine:
    no: int
    entry: BkuEntry
    saldo: Decimal


@dataclass(frozen=True)
class TaxEntry:
    """One tax on one payment: what was withheld/collected and what of it has been paid in."""

    tanggal: dt.date
    nomor_bukti: str
    uraian: str
    jenis_pajak: str  # "PPN", "PPh 21", "PPh 22", "PPh 23" …
    dasar: Decimal  # dasar pengenaan pajak (DPP)
    dipungut: Decimal  # withheld or collected
    disetor: Decimal = ZERO
    tanggal_setor: dt.date | None = None
    ntpn: str = ""
    penerima: str = ""

    @property
    def terutang(self) -> Decimal:
        """Withheld and not yet paid in: the bendahara still owes it to the state."""
        return max(self.dipungut - self.disetor, ZERO)


@dataclass(frozen=True)
class TaxTotal:
    jenis_pajak: str
    dipungut: Decimal
    disetor: Decimal
    terutang: Decimal
    count: int


def period_label(start: dt.date, end: dt.date) -> str:
    from tatausaha.idformat import tanggal_panjang

    return f"Periode {tanggal_panjang(start)} s.d. {tanggal_panjang(end)}"


def bku_lines(entries: Iterable[BkuEntry], saldo_awal: Decimal = ZERO) -> list[BkuLine]:
    """The entries in date order (stable), numbered, each with the balance after it."""
    saldo = Decimal(saldo_awal)
    out: list[BkuLine] = []
    for i, e in enumerate(sorted(entries, key=lambda e: e.tanggal), 1):
        if e.penerimaan < 0 or e.pengeluaran < 0:
            raise ValueError("BKU amounts are never negative")
        saldo += e.penerimaan - e.pengeluaran
        out.append(BkuLine(i, e, saldo))
    return out


def _money(v: Decimal) -> str:
    return format_angka(v, 2) if v else ""


BKU_COLUMNS = (
    RegisterColumn("No.", 0.45, "CENTER"),
    RegisterColumn("Tanggal", 1.0, "CENTER", "whole"),
    RegisterColumn("Nomor Bukti", 1.5, wrap="slash"),
    RegisterColumn("Uraian", 3.6),
    RegisterColumn("Kode Rekening", 1.7, wrap="whole"),
    RegisterColumn("Penerimaan (Rp)", 1.45, "RIGHT", "whole"),
    RegisterColumn("Pengeluaran (Rp)", 1.45, "RIGHT", "whole"),
    RegisterColumn("Saldo (Rp)", 1.5, "RIGHT", "whole"),
)


def bku_register(entries: Sequence[BkuEntry], *, start: dt.date, end: dt.date, saldo_awal: Decimal = ZERO,
                 kop: KopSurat | None = None, pengguna_anggaran: Signer | None = None,
                 bendahara: Signer | None = None, tanggal: dt.date | None = None) -> RegisterDoc:
    """The BKU as a register: opening balance, one row per entry, totals and the closing balance."""
    lines = bku_lines(entries, saldo_awal)
    rows: list[tuple[str | None, ...]] = [
        ("", tanggal_pendek(start), "", "Saldo awal periode", "", "", "", format_angka(saldo_awal, 2))]
    for ln in lines:
        e = ln.entry
        rows.append((str(ln.no), tanggal_pendek(e.tanggal), e.nomor_bukti, e.uraian, e.kode_rekening,
                     _money(e.penerimaan), _money(e.pengeluaran), format_angka(ln.saldo, 2)))
    masuk = sum((ln.entry.penerimaan for ln in lines), ZERO)
    keluar = sum((ln.entry.pengeluaran for ln in lines), ZERO)
    akhir = lines[-1].saldo if lines else Decimal(saldo_awal)
    rows.append(("", "", "", "Jumlah periode ini", "", format_angka(masuk, 2), format_angka(keluar, 2), ""))
    rows.append(("", tanggal_pendek(end), "", "Saldo akhir periode", "", "", "", format_angka(akhir, 2)))
    return RegisterDoc(
        title="Buku Kas Umum", period=period_label(start, end), columns=BKU_COLUMNS, rows=tuple(rows), kop=kop,
        signer=bendahara, co_signer=pengguna_anggaran, tanggal=tanggal or end, on_kop=kop is not None,
        subtitle=f"Saldo akhir {rupiah(akhir)}",
    )


def tax_totals(entries: Iterable[TaxEntry]) -> list[TaxTotal]:
    """Per jenis pajak, in the order first met: withheld, paid in, still due."""
    acc: dict[str, list[Decimal | int]] = {}
    for e in entries:
        a = acc.setdefault(e.jenis_pajak, [ZERO, ZERO, ZERO, 0])
        a[0] += e.dipungut
        a[1] += e.disetor
        a[2] += e.terutang
        a[3] += 1
    return [TaxTotal(k, Decimal(v[0]), Decimal(v[1]), Decimal(v[2]), int(v[3])) for k, v in acc.items()]


TAX_COLUMNS = (
    RegisterColumn("No.", 0.45, "CENTER"),
    RegisterColumn("Tanggal", 1.0, "CENTER", "whole"),
    RegisterColumn("Nomor Bukti", 1.4, wrap="slash"),
    RegisterColumn("Uraian / Penerima", 2.8),
    RegisterColumn("Jenis Pajak", 0.9, "CENTER", "whole"),
    RegisterColumn("Dasar Pengenaan (Rp)", 1.4, "RIGHT", "whole"),
    RegisterColumn("Dipungut/ Dipotong (Rp)", 1.35, "RIGHT", "whole"),
    RegisterColumn("Disetor (Rp)", 1.3, "RIGHT", "whole"),
    RegisterColumn("Tanggal Setor / NTPN", 1.5),
    RegisterColumn("Belum Disetor (Rp)", 1.3, "RIGHT", "whole"),
)

DUE_COLOUR = "#ffe0b2"  # orange: withheld and not yet paid in


def tax_register(entries: Sequence[TaxEntry], *, start: dt.date, end: dt.date, kop: KopSurat | None = None,
                 pengguna_anggaran: Signer | None = None, bendahara: Signer | None = None,
                 tanggal: dt.date | None = None) -> RegisterDoc:
    """The tax recap: one row per tax, a total per jenis pajak and a grand total; what is still
    owed is coloured so it reads the same on paper."""
    ordered = sorted(entries, key=lambda e: (e.tanggal, e.nomor_bukti, e.jenis_pajak))
    rows: list[tuple[str | None, ...]] = []
    colours: list[str | None] = []
    for i, e in enumerate(ordered, 1):
        setor = " / ".join(x for x in (tanggal_pendek(e.tanggal_setor) if e.tanggal_setor else "", e.ntpn) if x)
        uraian = f"{e.uraian} — {e.penerima}" if e.penerima else e.uraian
        rows.append((str(i), tanggal_pendek(e.tanggal), e.nomor_bukti, uraian, e.jenis_pajak, _money(e.dasar),
                     _money(e.dipungut), _money(e.disetor), setor, _money(e.terutang)))
        colours.append(DUE_COLOUR if e.terutang else None)
    totals = tax_totals(ordered)
    for t in totals:
        rows.append(("", "", "", f"Jumlah {t.jenis_pajak} ({t.count} bukti)", t.jenis_pajak, "",
                     format_angka(t.dipungut, 2), format_angka(t.disetor, 2), "", format_angka(t.terutang, 2)))
        colours.append("#eeeeee")
    all_in = sum((t.dipungut for t in totals), ZERO)
    all_paid = sum((t.disetor for t in totals), ZERO)
    all_due = sum((t.terutang for t in totals), ZERO)
    rows.append(("", "", "", "JUMLAH SELURUH PAJAK", "", "", format_angka(all_in, 2), format_angka(all_paid, 2), "",
                 format_angka(all_due, 2)))
    colours.append("#e0e0e0")
    return RegisterDoc(
        title="Rekapitulasi Pajak", period=period_label(start, end), columns=TAX_COLUMNS, rows=tuple(rows), kop=kop,
        signer=bendahara, co_signer=pengguna_anggaran, tanggal=tanggal or end, on_kop=kop is not None,
        row_colours=tuple(colours), legend=((DUE_COLOUR, "sudah dipungut/dipotong, belum disetor"),),
        subtitle=f"Dipungut {rupiah(all_in)} · disetor {rupiah(all_paid)} · belum disetor {rupiah(all_due)}",
    )


def write_bku(path: Path, entries: Sequence[BkuEntry], *, start: dt.date, end: dt.date, saldo_awal: Decimal = ZERO,
              kantor: str = "") -> int:
    """The BKU as XLSX (real date and number cells) or CSV; returns the number of entries."""
    lines = bku_lines(entries, saldo_awal)
    cols = [Col("No.", 6, "center"), Col("Tanggal", 12), Col("Nomor Bukti", 24), Col("Uraian", 50, wrap=True),
            Col("Kode Rekening", 20), Col("Penerimaan", 16, "right", number_format=MONEY_FORMAT),
            Col("Pengeluaran", 16, "right", number_format=MONEY_FORMAT),
            Col("Saldo", 18, "right", number_format=MONEY_FORMAT)]
    rows: list[list[object]] = [[None, start, None, "Saldo awal periode", None, None, None, Decimal(saldo_awal)]]
    rows += [[ln.no, ln.entry.tanggal, ln.entry.nomor_bukti, ln.entry.uraian, ln.entry.kode_rekening,
              ln.entry.penerimaan or None, ln.entry.pengeluaran or None, ln.saldo] for ln in lines]
    masuk = sum((ln.entry.penerimaan for ln in lines), ZERO)
    keluar = sum((ln.entry.pengeluaran for ln in lines), ZERO)
    rows.append([None, None, None, "Jumlah periode ini", None, masuk, keluar, None])
    rows.append([None, end, None, "Saldo akhir periode", None, None, None,
                 lines[-1].saldo if lines else Decimal(saldo_awal)])
    write_table(path, cols, rows, sheet="BKU", boxed=True,
                preamble=[f"Buku Kas Umum {kantor}".strip(), period_label(start, end)])
    return len(lines)


def write_tax_recap(path: Path, entries: Sequence[TaxEntry], *, start: dt.date, end: dt.date, kantor: str = "") -> int:
    """The tax recap as XLSX or CSV: one row per tax, then the totals per jenis pajak."""
    ordered = sorted(entries, key=lambda e: (e.tanggal, e.nomor_bukti, e.jenis_pajak))
    money = {"align": "right", "number_format": MONEY_FORMAT}
    cols = [Col("No.", 6, "center"), Col("Tanggal", 12), Col("Nomor Bukti", 22), Col("Uraian", 40, wrap=True),
            Col("Penerima", 26), Col("Jenis Pajak", 11), Col("Dasar Pengenaan", 16, **money),  # type: ignore[arg-type]
            Col("Dipungut/Dipotong", 16, **money), Col("Disetor", 16, **money),  # type: ignore[arg-type]
            Col("Tanggal Setor", 13), Col("NTPN", 20), Col("Belum Disetor", 16, **money)]  # type: ignore[arg-type]
    rows: list[list[object]] = [
        [i, e.tanggal, e.nomor_bukti, e.uraian, e.penerima, e.jenis_pajak, e.dasar, e.dipungut, e.disetor,
         e.tanggal_setor, e.ntpn, e.terutang] for i, e in enumerate(ordered, 1)]
    totals = tax_totals(ordered)
    rows.append([])
    rows += [[None, None, None, f"Jumlah {t.jenis_pajak}", None, t.jenis_pajak, None, t.dipungut, t.disetor, None,
              None, t.terutang] for t in totals]
    rows.append([None, None, None, "JUMLAH SELURUH PAJAK", None, None, None, sum((t.dipungut for t in totals), ZERO),
                 sum((t.disetor for t in totals), ZERO), None, None, sum((t.terutang for t in totals), ZERO)])
    write_table(path, cols, rows, sheet="Rekap Pajak", boxed=True,
                preamble=[f"Rekapitulasi Pajak {kantor}".strip(), period_label(start, end)])
    return len(ordered)
