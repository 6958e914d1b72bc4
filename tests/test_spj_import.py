"""SPJ import on the spreadsheet room: budget lines and items, dry run, all or nothing, every bad
row named (unknown rekening, negative amount, duplicate TBP)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tatausaha.models.spj import SpjItem, SpjPagu, SpjSubKegiatan
from tatausaha.spj import importer
from tatausaha.spj import service as spj

BUDGET_HEAD = ["Tahun", "Kode Program", "Nama Program", "Kode Kegiatan", "Nama Kegiatan", "Kode Sub Kegiatan",
               "Nama Sub Kegiatan", "Kode Rekening", "Nama Rekening", "Jenis Belanja", "Pagu"]
PROG = ("7.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")
KEG = ("7.01.01.2.02", "Administrasi Keuangan Perangkat Daerah")
BUDGET_ROWS = [
    [2026, *PROG, *KEG, "7.01.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN", "5.1.02.01.01.0024",
     "Belanja Alat/Bahan untuk Kegiatan Kantor-ATK", "Belanja barang (ATK, bahan, peralatan)", 12_500_000],
    [2026, *PROG, *KEG, "7.01.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN", "5.1.02.02.01.0003",
     "Honorarium Narasumber atau Pembahas", "honorarium", "Rp7.500.000"],
    [2026, *PROG, "7.01.01.2.06", "Administrasi Umum Perangkat Daerah", "7.01.01.2.06.0009",
     "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", "5.1.02.02.01.0026", "Belanja Makanan dan Minuman Rapat",
     "makan_minum", 30_000_000],
]


@pytest.fixture
def people(ctx) -> dict:
    from tatausaha.app.demo import quick_office

    return quick_office(ctx)


ITEM_HEAD = ["No", "Tanggal", "Kode Sub Kegiatan", "Kode Rekening", "Uraian", "Jumlah", "Penerima", "Penyedia",
             "Cara Bayar", "No NPD", "No TBP"]


def _xlsx(path: Path, head: list, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["DPA SKPD Kecamatan Jatisampurna"])  # a title above the header: the header is found
    ws.append([])
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _counts(ctx) -> tuple[int, int, int]:
    with ctx.uow() as uow:
        s = uow.session
        return (s.execute(select(func.count(SpjSubKegiatan.id))).scalar(), s.execute(select(func.count(SpjPagu.id))).scalar(),
                s.execute(select(func.count(SpjItem.id))).scalar())


def test_budget_then_items_dry_run_first_then_kept(ctx, tmp_path: Path, people) -> None:
    operator = people["operator"]
    budget = _xlsx(tmp_path / "dpa.xlsx", BUDGET_HEAD, BUDGET_ROWS)
    dry = importer.run_import(ctx.db, operator, budget, dry_run=True).value
    assert (dry.ok, dry.rows, dry.imported, dry.problems) == (True, 3, 3, []) and dry.dry_run
    assert _counts(ctx) == (0, 0, 0)  # a dry run keeps nothing
    done = importer.run_import(ctx.db, operator, budget).value
    assert done.imported == 3 and _counts(ctx) == (2, 3, 0)
    with ctx.uow(actor=operator) as uow:
        lines = {b.kode: b for b in spj.budget_lines(uow, 2026)}
        reks = {kode: jenis for _id, kode, _n, jenis in spj.rekening_list(uow)}
    assert lines["7.01.01.2.02.0001"].pagu == 20_000_000  # the sum of its rekening lines
    assert lines["7.01.01.2.06.0009"].kegiatan_kode == "7.01.01.2.06"
    assert reks["5.1.02.01.01.0024"] == "barang"  # a jenis written by its name is stored by its code

    items = _xlsx(tmp_path / "spj.xlsx", ITEM_HEAD, [
        [1, "12-03-2026", "7.01.01.2.02.0001", "5.1.02.01.01.0024", "Belanja ATK", "Rp2.500.000", "", "Toko Sinar Jaya",
         "tunai", "NPD/01", "TBP/0001"],
        [2, dt.date(2026, 3, 14), "7.01.01.2.06.0009", "5.1.02.02.01.0026", "Makan minum rapat koordinasi", 1_500_000,
         "", "RM Sederhana", "non tunai", "NPD/02", "TBP/0002"],
    ])
    kept = importer.run_import(ctx.db, operator, items).value
    assert kept.imported == 2 and not kept.problems
    with ctx.uow(actor=operator) as uow:
        got = {i.no_tbp: i for i in spj.list_items(uow)}
    assert got["TBP/0001"].jenis_belanja == "barang" and got["TBP/0001"].supplier_nama == "Toko Sinar Jaya"
    assert got["TBP/0002"].jenis_belanja == "makan_minum" and got["TBP/0002"].kelengkapan.wajib > 0


def test_bad_items_file_imports_nothing_and_names_each_problem(ctx, tmp_path: Path, people) -> None:
    operator = people["operator"]
    importer.run_import(ctx.db, operator, _xlsx(tmp_path / "dpa.xlsx", BUDGET_HEAD, BUDGET_ROWS))
    importer.run_import(ctx.db, operator, _xlsx(tmp_path / "first.xlsx", ITEM_HEAD, [
        [1, "02-03-2026", "7.01.01.2.02.0001", "5.1.02.01.01.0024", "Belanja ATK", 500_000, "Budi", "", "tunai", "", "TBP/0009"],
    ]))
    before = _counts(ctx)
    bad = _xlsx(tmp_path / "bad.xlsx", ITEM_HEAD, [
        [1, "12-03-2026", "7.01.01.2.02.0001", "5.1.02.01.01.0024", "Belanja kertas", 900_000, "Ani", "", "tunai", "", "TBP/0010"],
        [2, "13-03-2026", "7.01.01.2.02.0001", "5.1.02.99.99.9999", "Belanja tinta", 400_000, "Ani", "", "tunai", "", "TBP/0011"],
        [3, "14-03-2026", "7.01.01.2.02.0001", "5.1.02.01.01.0024", "Retur map", -250_000, "Ani", "", "tunai", "", "TBP/0012"],
        [4, "15-03-2026", "7.01.01.2.02.0001", "5.1.02.01.01.0024", "Belanja map", 300_000, "Ani", "", "tunai", "", "TBP/0010"],
        [5, "16-03-2026", "7.01.01.2.02.0001", "5.1.02.01.01.0024", "Belanja lakban", 100_000, "Ani", "", "tunai", "", "TBP/0009"],
    ])
    for dry_run in (True, False):
        report = importer.run_import(ctx.db, operator, bad, dry_run=dry_run).value
        assert report.imported == 0 and not report.ok
        assert _counts(ctx) == before  # nothing imported, not even the good first row
        text = [str(p) for p in report.problems]
        assert any(t.startswith("baris 5, kolom Kode Rekening (D)") and "5.1.02.99.99.9999 tidak dikenal" in t
                   for t in text), text
        assert any(t.startswith("baris 6, kolom Jumlah (F)") and "negatif" in t for t in text), text
        assert any(t.startswith("baris 7, kolom No TBP (K)") and "TBP/0010 sudah ada di baris 4" in t for t in text), text
        assert any(t.startswith("baris 8, kolom No TBP (K)") and "TBP/0009 sudah dipakai" in t for t in text), text
        assert report.bad_rows == [5, 6, 7, 8]


def test_a_budget_file_without_its_anchor_columns_is_refused(ctx, tmp_path: Path, people) -> None:
    operator = people["operator"]
    path = _xlsx(tmp_path / "x.xlsx", ["Kode Sub Kegiatan", "Kode Rekening", "Keterangan"], [["7.01", "5.1", "x"]])
    report = importer.run_import(ctx.db, operator, path, jenis="anggaran", tahun=2026).value
    assert not report.ok and any("Pagu" in str(p) and "kolom wajib tidak ada" in str(p) for p in report.problems)
    assert _counts(ctx) == (0, 0, 0)
