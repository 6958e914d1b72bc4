"""The bendahara's books for a period: the BKU with its running balance and the tax recap (withheld,
paid in, still due) — read back from the real PDF (pdftotext layout) and the real XLSX (openpyxl)."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tatausaha.printing import build_register, to_bytes
from tatausaha.printing.data import KopSurat, Signer
from tatausaha.printing.readback import page_texts
from tatausaha.spj.books import (
    BkuEntry,
    TaxEntry,
    bku_lines,
    bku_register,
    tax_register,
    tax_totals,
    write_bku,
    write_tax_recap,
)

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
KOP = KopSurat("PEMERINTAH KOTA BEKASI", "KECAMATAN JATISAMPURNA", "Jalan Raya Hankam No. 1", kota="Bekasi")
PA = Signer("Camat Jatisampurna", "Drs. H. Ahmad Suryadi, M.Si.", "197001011990031001",
            keterangan="Mengetahui, Pengguna Anggaran")
BENDAHARA = Signer("Bendahara Pengeluaran", "Siti Rahmawati, S.E.", "198505052010012003")

BKU = [
    BkuEntry(dt.date(2026, 3, 2), "0017/SPJ/2026", "Pembelian ATK rapat koordinasi", "5.1.02.01.01.0024",
             pengeluaran=D(2_950_000)),
    BkuEntry(dt.date(2026, 3, 2), "0017/SPJ/2026", "Pungutan PPN atas pembelian ATK", penerimaan=D(265_950)),
    BkuEntry(dt.date(2026, 3, 1), "", "Penerimaan GU", penerimaan=D(50_000_000)),
    BkuEntry(dt.date(2026, 3, 9), "0017/SPJ/2026", "Setor PPN", pengeluaran=D(265_950)),
]
TAX = [
    TaxEntry(dt.date(2026, 3, 2), "0017/SPJ/2026", "Pembelian ATK", "PPN", D(2_709_174), D(265_950), D(265_950),
             dt.date(2026, 3, 9), "0A1B2C3D4E5F6G7H", "CV Sumber Makmur"),
    TaxEntry(dt.date(2026, 3, 2), "0017/SPJ/2026", "Pembelian ATK", "PPh 22", D(2_709_174), D(40_638),
             penerima="CV Sumber Makmur"),
    TaxEntry(dt.date(2026, 3, 5), "0021/SPJ/2026", "Honorarium narasumber", "PPh 21", D(1_500_000), D(75_000),
             D(30_000), penerima="Dr. Budi"),
]


def _layout_text(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "x.pdf"
    f.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True).stdout


def test_bku_runs_the_balance_in_date_order_from_the_opening_balance() -> None:
    lines = bku_lines(BKU, D(1_250_000))
    assert [ln.entry.uraian for ln in lines][0] == "Penerimaan GU"  # 1 March before 2 March
    assert [ln.saldo for ln in lines] == [D(51_250_000), D(48_300_000), D(48_565_950), D(48_300_000)]
    assert [ln.no for ln in lines] == [1, 2, 3, 4]
    with pytest.raises(ValueError):
        bku_lines([BkuEntry(START, "", "x", pengeluaran=D(-1))])


def test_bku_pdf_reads_back_with_totals_balance_and_both_signatures(tmp_path: Path) -> None:
    pdf = to_bytes(build_register, bku_register(BKU, start=START, end=END, saldo_awal=D(1_250_000), kop=KOP,
                                                pengguna_anggaran=PA, bendahara=BENDAHARA))
    text = _layout_text(pdf, tmp_path)
    assert "BUKU KAS UMUM" in text and "Periode 1 Maret 2026 s.d. 31 Maret 2026" in text
    assert "KECAMATAN JATISAMPURNA" in text  # on the kop
    saldo_awal = next(line for line in text.splitlines() if "Saldo awal periode" in line)
    assert saldo_awal.rstrip().endswith("1.250.000,00")
    jumlah = next(line for line in text.splitlines() if "Jumlah periode ini" in line).split()
    assert jumlah[-2:] == ["50.265.950,00", "3.215.950,00"]
    assert next(line for line in text.splitlines() if "Saldo akhir periode" in line).rstrip().endswith("48.300.000,00")
    assert "Saldo akhir Rp48.300.000,00" in text  # PUEBI rupiah under the title
    for s in (PA, BENDAHARA):
        assert s.nama in text
    assert "NIP. 19700101 199003 1 001" in text and "NIP. 19850505 201001 2 003" in text
    assert "Mengetahui, Pengguna Anggaran" in text and "Bekasi, 31 Maret 2026" in text


def test_tax_recap_totals_per_tax_and_what_is_still_due(tmp_path: Path) -> None:
    totals = {t.jenis_pajak: t for t in tax_totals(TAX)}
    assert (totals["PPN"].dipungut, totals["PPN"].disetor, totals["PPN"].terutang) == (D(265_950), D(265_950), 0)
    assert totals["PPh 22"].terutang == D(40_638)
    assert totals["PPh 21"].terutang == D(45_000)  # partly paid in
    pdf = to_bytes(build_register, tax_register(TAX, start=START, end=END, kop=KOP, pengguna_anggaran=PA,
                                                bendahara=BENDAHARA))
    text = _layout_text(pdf, tmp_path)
    assert "REKAPITULASI PAJAK" in text
    grand = next(line for line in text.splitlines() if "JUMLAH SELURUH PAJAK" in line).split()
    assert grand[-3:] == ["381.588,00", "295.950,00", "85.638,00"]
    assert "Jumlah PPh 22 (1 bukti)" in text and "0A1B2C3D4E5F6G7H" in text
    assert "belum disetor Rp85.638,00" in text
    # the legend comes after the last rows, never between them
    flat = " ".join(page_texts(pdf))
    assert flat.index("JUMLAH SELURUH PAJAK") < flat.index("sudah dipungut/dipotong, belum disetor")


def test_bku_and_tax_recap_xlsx_have_real_dates_and_numbers(tmp_path: Path) -> None:
    f = tmp_path / "bku.xlsx"
    assert write_bku(f, BKU, start=START, end=END, saldo_awal=D(1_250_000), kantor="Kecamatan Jatisampurna") == 4
    ws = load_workbook(f).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "Buku Kas Umum Kecamatan Jatisampurna"
    header = rows.index(next(r for r in rows if r and r[0] == "No."))
    body = rows[header + 1:]
    assert body[0][3] == "Saldo awal periode" and body[0][7] == 1_250_000
    first = body[1]
    assert isinstance(first[1], dt.datetime) and first[1].date() == dt.date(2026, 3, 1)
    assert first[5] == 50_000_000 and first[7] == 51_250_000
    assert body[-1][3] == "Saldo akhir periode" and body[-1][7] == 48_300_000

    g = tmp_path / "pajak.xlsx"
    assert write_tax_recap(g, TAX, start=START, end=END) == 3
    rows = [list(r) for r in load_workbook(g).active.iter_rows(values_only=True)]
    grand = next(r for r in rows if r[3] == "JUMLAH SELURUH PAJAK")
    assert (grand[7], grand[8], grand[11]) == (381_588, 295_950, 85_638)
    ppn = next(r for r in rows if r[5] == "PPN" and r[0] == 1)
    assert ppn[10] == "0A1B2C3D4E5F6G7H" and ppn[9].date() == dt.date(2026, 3, 9)
