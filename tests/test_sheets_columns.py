"""The shared import mapping (tatausaha/sheets/columns.py): header name + order of occurrence, anchors,
never fuzzy, a stored correction dictionary, a dry run naming each problem by row and column.

Real XLSX/CSV files written with openpyxl / bytes, read by the room; the dictionary is kept in a real
office database. The room knows no area: the specs here are a throw-away profile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tatausaha.context import AppContext
from tatausaha.errors import ValidationFailed
from tatausaha.idparse import parse_tanggal
from tatausaha.sheets import reading
from tatausaha.sheets.columns import (
    ColumnSpec,
    Corrections,
    anchor_score,
    check_rows,
    column_letter,
    duplicates,
    load_corrections,
    map_columns,
    occurrences,
    parse_key,
    save_corrections,
)
from tatausaha.sheets.export import write_table
from tatausaha.sheets.report import CheckedImport, clean

SPECS = (
    ColumnSpec("kode", ("Kode", "KODE BARANG"), anchor=True, required=True),
    ColumnSpec("nama", ("Nama",), anchor=True, required=True),
    ColumnSpec("tgl_beli", (("TMT", 1), "Tanggal Beli"), label="Tanggal beli"),
    ColumnSpec("tgl_pakai", (("TMT", 2),), label="Tanggal pakai"),
    ColumnSpec("jenis", ("Jenis",)),
)


def _date(v: object) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    d = parse_tanggal(str(v))  # raises ValueError naming an impossible date
    if d is None:
        raise ValidationFailed(f"tanggal '{v}' tidak dapat dibaca")
    return d


def _jenis(v: object) -> str:
    t = str(v).strip().upper()
    if t not in ("A", "B"):
        raise ValidationFailed(f"jenis '{v}' tidak dikenal (A atau B)")
    return t


PARSERS = {"tgl_beli": _date, "tgl_pakai": _date, "jenis": _jenis}


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_occurrence_names_the_second_of_two_equal_headers_wherever_it_moves(tmp_path: Path) -> None:
    assert occurrences(["TMT", "Gol", "tmt ", "TMT"]) == [("tmt", 1), ("gol", 1), ("tmt", 2), ("tmt", 3)]
    assert parse_key("TMT#2") == ("TMT", 2) and parse_key("No. #") == ("No. #", 1)
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(26) == "AA"
    # month 1: Kode, Nama, TMT(beli), Jenis, TMT(pakai)
    m1 = map_columns((["Kode", "Nama", "TMT", "Jenis", "TMT"], 1), SPECS)
    assert m1.index == {"kode": 0, "nama": 1, "tgl_beli": 2, "jenis": 3, "tgl_pakai": 4}
    # month 2: the columns moved and a column crept in between; occurrence still decides
    m2 = map_columns((["No", "TMT", "Nama", "Keterangan", "kode", "TMT", "Jenis"], 1), SPECS)
    assert m2.index == {"tgl_beli": 1, "nama": 2, "kode": 4, "tgl_pakai": 5, "jenis": 6}
    assert m2.unused == ["No", "Keterangan"]
    assert m2.column_name("tgl_pakai") == "TMT (F)"


def test_never_fuzzy_and_a_missing_anchor_is_named(tmp_path: Path) -> None:
    m = map_columns((["Kode Brg", "Nama Barang", "Jenis"], 3), SPECS)  # near names are NOT taken
    assert "kode" not in m.index and "nama" not in m.index
    assert sorted(s.field for s in m.missing_anchors) == ["kode", "nama"]
    assert m.unused == ["Kode Brg", "Nama Barang"]


def test_dry_run_names_every_problem_by_row_and_column_and_nothing_is_clean(tmp_path: Path) -> None:
    f = _xlsx(tmp_path / "barang.xlsx", [
        ["Daftar barang kantor"], [],
        ["Kode", "Nama", "TMT", "Jenis", "TMT"],
        ["K1", "Meja", dt.datetime(2024, 1, 5), "A", "06-01-2024"],
        ["K2", "", "31-02-2024", "C", "1 Maret 2024"],
        [None, None, None, None, None],
        ["K1", "Kursi", "2 Januari 2024", "B", "3 Januari 2024"],
    ])
    table = reading.read_table(f, anchor_score(SPECS))
    assert table.header_row == 3
    cmap = map_columns(table, SPECS)
    report = CheckedImport(file=f.name, dry_run=False)
    good = check_rows(table, cmap, SPECS, PARSERS, report)
    bad = duplicates(good, "kode", report, cmap, what="kode")
    got = {(p.row, p.column) for p in report.problems}
    assert got == {(5, "Nama (B)"), (5, "TMT (C)"), (5, "Jenis (D)"), (7, "Kode (A)")}, report.problems
    texts = [str(p) for p in report.problems]
    assert any(t.startswith("baris 5, kolom TMT (C): '31-02-2024' bukan tanggal") for t in texts), texts
    assert any("baris 7, kolom Kode (A): kode K1 sudah ada di baris 4" in t for t in texts)
    assert report.rows == 3 and bad == {7}
    report.imported = 1
    assert not clean(report)  # all or nothing: one bad row keeps the whole file out


def test_a_file_without_an_anchor_column_is_refused_and_says_which(tmp_path: Path) -> None:
    f = tmp_path / "barang.csv"
    f.write_bytes("Kode;Barang;TMT\r\nK1;Meja;05-01-2024\r\n".encode("cp1252"))
    # the header row is still found by the one anchor it has (``Kode``)
    table = reading.read_table(f, anchor_score((SPECS[0], SPECS[2])))
    cmap = map_columns(table, SPECS)
    report = CheckedImport(file=f.name, dry_run=False)
    check_rows(table, cmap, SPECS, PARSERS, report)
    assert [(p.row, p.column) for p in report.problems] == [(1, "Nama")]
    assert "kolom wajib tidak ada" in report.problems[0].message
    assert not report.ok


def test_the_correction_dictionary_is_kept_in_the_office_database_and_used_next_month(ctx: AppContext,
                                                                                      tmp_path: Path) -> None:
    from tatausaha.app.demo import quick_office

    people = quick_office(ctx)
    fix = Corrections()
    fix.map_header(("Kode Brg", 1), "kode")  # the clerk said: this office's "Kode Brg" is the code
    fix.correct_value("jenis", "a (alat)", "A")
    with ctx.uow(actor=people["operator"]) as uow:
        save_corrections(uow, "barang", fix)
        uow.commit()
    with ctx.uow(actor=people["operator"]) as uow:
        more = Corrections()
        more.correct_value("jenis", "bahan", "B")
        save_corrections(uow, "barang", more)  # merged, not replaced
        uow.commit()
    with ctx.uow(actor=people["operator"], write=False) as uow:
        stored = load_corrections(uow, "barang")
        assert load_corrections(uow, "lain") == Corrections()
    assert stored.headers == {"kode brg#1": "kode"}
    assert stored.values == {"jenis": {"a alat": "A", "bahan": "B"}}
    f = _xlsx(tmp_path / "bulan2.xlsx", [["Kode Brg", "Nama", "Jenis"], ["K9", "Lemari", "A (alat)"],
                                         ["K10", "Kertas", "Bahan"]])
    table = reading.read_table(f, anchor_score(SPECS[1:]))
    cmap = map_columns(table, SPECS, stored)
    assert cmap.index["kode"] == 0 and cmap.corrected == ["Kode Brg"] and not cmap.missing_anchors
    report = CheckedImport(file=f.name)
    good = check_rows(table, cmap, SPECS, PARSERS, report, stored)
    assert not report.problems and [r.values["jenis"] for r in good] == ["A", "B"]
    assert Corrections.from_json("{rusak") == Corrections()  # a damaged entry is forgotten, never a crash


def test_row_fill_colours_rows_and_writes_a_legend(tmp_path: Path) -> None:
    out = tmp_path / "jatuh_tempo.xlsx"
    n = write_table(out, ["Nama", "Tanggal"], [["A", dt.date(2026, 1, 1)], ["B", dt.date(2026, 6, 1)]],
                    row_fill=lambda r: "FFCDD2" if r[0] == "A" else None, legend=[("FFCDD2", "Lewat waktu")])
    assert n == 2
    ws = load_workbook(out).active
    assert ws["A2"].fill.fgColor.rgb.endswith("FFCDD2") and ws["B2"].fill.fgColor.rgb.endswith("FFCDD2")
    assert ws["A3"].fill.fill_type is None
    assert ws["B5"].value == "Lewat waktu" and ws["A5"].fill.fgColor.rgb.endswith("FFCDD2")


@pytest.mark.parametrize("spec_headers", [("Kode",), (("Kode", 1),)])
def test_spec_keys_accept_plain_names_and_occurrences(spec_headers: tuple) -> None:
    assert ColumnSpec("kode", spec_headers).keys() == [("Kode", 1)]
