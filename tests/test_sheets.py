"""Spreadsheets in and out (issue 10 items 2 and 7, issue 11 item 7): exports are data, never code, with
real date and number cells; imports read any bytes; the shared room serves the next areas too.

Every file is written by the real export service and read back with openpyxl / the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tatausaha.context import AppContext
from tatausaha.correspondence import importer, letters, registers
from tatausaha.errors import ValidationFailed
from tatausaha.idparse import parse_rupiah, parse_tanggal
from tatausaha.sheets import Col, clean, decode_text, find_header, guess_mapping, neutralise, write_table
from tatausaha.sheets.report import CheckedImport

D = dt.date
CALC = "=cmd|' /C calc'!A0"
NASTY = [CALC, "+6281234567 =1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
STORED = [p.strip() for p in NASTY]  # the letter service trims the tab and CR; the rest must stay text


@pytest.fixture
def people(ctx: AppContext) -> dict:
    from tatausaha.app.demo import quick_office

    return quick_office(ctx)


def _register_nasty(ctx: AppContext, people: dict) -> None:
    with ctx.uow(actor=people["operator"]) as uow:
        for i, perihal in enumerate(NASTY, start=1):
            letters.register_masuk(uow, letters.SuratMasukInput(
                tanggal_terima=D(2026, 3, i), tanggal_surat=D(2026, 2, i), pengirim=f"@Kelurahan {i}", perihal=perihal,
                nomor_surat=f"=HYPERLINK(\"http://x.example/{i}\")"))
        uow.commit()


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_buku_agenda_exports_keep_formulas_as_text_and_dates_as_dates(ctx, people, tmp_path: Path) -> None:
    _register_nasty(ctx, people)
    with ctx.uow(actor=people["operator"]) as uow:
        reg = registers.agenda_masuk(uow, registers.period_filter(2026, 3))
        x = registers.export(uow, reg, tmp_path / "agenda.xlsx", kantor="Kecamatan Jatisampurna")
        c = registers.export(uow, reg, tmp_path / "agenda.csv")
        uow.commit()
    ws = load_workbook(x).active
    assert ws["A4"].value == "No. Agenda" and ws.max_row == 4 + len(NASTY)
    for i, perihal in enumerate(STORED, start=5):
        cell = ws[f"F{i}"]
        assert cell.value == perihal and cell.data_type == "s"  # the exact text, as text — never a formula
        assert ws[f"C{i}"].data_type == "s" and ws[f"E{i}"].data_type == "s"
        tgl = ws[f"B{i}"]
        assert tgl.is_date and tgl.value.date() == D(2026, 3, i - 4) and tgl.number_format == "DD-MM-YYYY"
        assert ws[f"D{i}"].is_date and ws[f"A{i}"].data_type == "n" and ws[f"A{i}"].value == i - 4
    formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    rows = _csv_rows(c)
    assert rows[0][0] == "No. Agenda"
    for row, perihal in zip(rows[1:], STORED, strict=True):
        assert row[5] == "'" + perihal  # OWASP: a leading quote, the text kept after it
        assert row[4].startswith("'@Kelurahan") and row[2].startswith("'=HYPERLINK")
        assert row[1].count("-") == 2 and not row[1].startswith("'")  # a date is not a formula


def test_search_export_keeps_formulas_as_text_and_dates_as_dates(ctx, people, tmp_path: Path) -> None:
    from tatausaha.search import service

    _register_nasty(ctx, people)
    with ctx.uow(actor=people["camat"]) as uow:
        nx = service.export_results(uow, "", tmp_path / "hasil.xlsx")
        nc = service.export_results(uow, "", tmp_path / "hasil.csv")
    assert nx == nc >= len(NASTY)
    ws = load_workbook(tmp_path / "hasil.xlsx").active
    titles = [c.value for c in ws[1]]
    col = {t: i for i, t in enumerate(titles)}
    found = {}
    for row in ws.iter_rows(min_row=2, max_row=1 + nx):
        found[row[col["Perihal / Judul"]].value] = row
        assert all(c.data_type != "f" for c in row)
        tgl = row[col["Tanggal"]]
        assert tgl.is_date and tgl.number_format == "DD-MM-YYYY"
    for perihal in STORED:
        assert found[perihal][col["Perihal / Judul"]].data_type == "s"
    assert ws.cell(ws.max_row, 1).value == "Pencarian: "
    rows = _csv_rows(tmp_path / "hasil.csv")
    perihals = {r[3] for r in rows[1:]}
    assert {"'" + p for p in STORED} <= perihals and not perihals & set(STORED)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("@x", "'@x"), ("-x", "'-x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
        ("-", "-"), ("-5", "-5"), ("-1,5", "-1,5"), ("-1.250.000", "-1.250.000"), ("biasa = x", "biasa = x"), ("", ""),
    ],
)
def test_neutralise_follows_owasp_and_leaves_plain_numbers(text: str, safe: str) -> None:
    assert neutralise(text) == safe


def test_shared_room_writes_typed_cells_for_any_area(tmp_path: Path) -> None:
    """A next area (SPJ, staff) exports through the same room: rupiah, dates, counts, and hostile text."""
    cols = [Col("Tanggal"), Col("Uraian", wrap=True), Col("Jumlah", number_format='"Rp"#,##0'), Col("Lembar")]
    rows = [(D(2026, 4, 20), "=1+1 honor", Decimal("2950000"), 3), (dt.datetime(2026, 4, 21, 9, 30), "ATK", 125000.5, 1)]
    assert write_table(tmp_path / "spj.xlsx", cols, rows, sheet="SPJ: April/2026") == 2
    ws = load_workbook(tmp_path / "spj.xlsx").active
    assert ws.title == "SPJ  April 2026"
    assert ws["A2"].is_date and ws["A3"].number_format == "DD-MM-YYYY HH:MM"
    assert ws["B2"].value == "=1+1 honor" and ws["B2"].data_type == "s"
    assert ws["C2"].value == 2950000 and ws["C2"].number_format == '"Rp"#,##0' and ws["D2"].number_format == "#,##0"
    with pytest.raises(ValidationFailed, match="tidak didukung"):
        write_table(tmp_path / "spj.ods", cols, rows)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


# --------------------------------------------------------------------------- import: any bytes


def _agenda_csv(encoding: str, *, bom: bytes = b"", pengirim: str = "Kelurahan Jatikarya") -> bytes:
    text = ("No. Agenda;Tanggal Terima;Pengirim;Perihal;Nomor Surat\r\n"
            f"1;3 Maret 2026;{pengirim};Undangan musrenbang;005/1\r\n"
            f"2;4 Maret 2026;{pengirim};Permohonan data;005/2\r\n")
    return bom + text.encode(encoding)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", _agenda_csv("utf-8")),
        ("utf8-bom.csv", _agenda_csv("utf-8", bom=b"\xef\xbb\xbf")),
        ("utf16le-bom.csv", _agenda_csv("utf-16-le", bom=b"\xff\xfe")),
        ("utf16be-bom.csv", _agenda_csv("utf-16-be", bom=b"\xfe\xff")),
        ("utf16le.csv", _agenda_csv("utf-16-le")),
        ("cp1252.csv", _agenda_csv("cp1252", pengirim="Kelurahan Jatikarya — Bü")),
        # bytes cp1252 leaves undefined: this crashed the import with UnboundLocalError
        ("undefined.csv", _agenda_csv("latin-1", pengirim="Kelurahan Jatikarya \x81\x8d\x8f\x90\x9d")),
    ],
)
def test_csv_import_reads_any_byte_sequence(ctx, people, tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    report = importer.run_import(ctx.db, people["operator"], path, arah="masuk").value  # the command of UI and CLI
    assert report.ok and report.imported == 2, [str(p) for p in report.problems]
    with ctx.reader(people["operator"]) as uow:
        rows = letters.list_masuk(uow, sort="agenda", descending=False)
    assert [r.perihal for r in rows] == ["Undangan musrenbang", "Permohonan data"]
    assert rows[0].pihak.startswith("Kelurahan Jatikarya")


def test_decode_text_is_total_and_names_the_encoding() -> None:
    every_byte = bytes(range(256))
    text, enc = decode_text(every_byte)
    assert enc == "cp1252" and len(text) == 256 and text[0x80] == "€" and text[0x81] == "\x81"
    assert decode_text("Pebruari".encode("utf-16"))[0] == "Pebruari"
    assert decode_text(b"\xef\xbb\xbfa;b")[0] == "a;b"
    assert decode_text("é".encode())[1] == "utf-8"


def test_a_bad_file_imports_nothing_and_is_not_clean(ctx, people, tmp_path: Path) -> None:
    path = tmp_path / "buruk.csv"
    path.write_bytes(_agenda_csv("utf-8").replace(b"4 Maret 2026", b"31 Pebruari 2026"))
    report = importer.run_import(ctx.db, people["operator"], path, arah="masuk").value
    assert not report.ok and not clean(report) and report.bad_rows == [3] and "31 Pebruari 2026" in str(report.problems[0])
    with ctx.reader(people["operator"]) as uow:
        assert letters.count_masuk(uow) == 0
    dry = CheckedImport(file="x.csv", rows=2, valid=2, imported=0, dry_run=True)
    assert not clean(dry)  # a dry run never commits


def test_header_mapping_is_generic() -> None:
    aliases = {"nip": ("nip", "nomor induk pegawai"), "nama": ("nama", "nama pegawai"), "gol": ("golongan", "gol")}
    raw = [["DAFTAR PEGAWAI", None], [], ["No", "Nama Pegawai", "NIP", "Gol."], [1, "Budi", "1981", "III/d"]]
    idx = find_header(raw, aliases)
    assert idx == 2
    assert guess_mapping(raw[idx], list(aliases), aliases) == {"Nama Pegawai": "nama", "NIP": "nip", "Gol.": "gol"}


# --------------------------------------------------------------------------- Indonesian parsing in one place


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2950000", Decimal("2950000")), ("2.950.000", Decimal("2950000")), ("2.950.000,50", Decimal("2950000.50")),
        ("Rp2.950.000,00", Decimal("2950000.00")), ("Rp 2.950.000,-", Decimal("2950000")), ("Rp. 125.000", Decimal("125000")),
        ("2950000.5", Decimal("2950000.5")), (125000, Decimal("125000")), (1250.5, Decimal("1250.5")),
    ],
)
def test_parse_rupiah(text, amount) -> None:
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["dua juta", "Rp", "1,2,3", "", True])
def test_parse_rupiah_refuses_in_indonesian(text) -> None:
    with pytest.raises(ValueError, match="bukan angka rupiah"):
        parse_rupiah(text)


def test_importer_and_cli_share_the_one_date_parser() -> None:
    from tatausaha.cli.print_cmd import parse_jumlah

    assert importer.parse_tanggal is parse_tanggal
    assert parse_tanggal("Senin, 12 Agustus 2024") == D(2024, 8, 12)
    assert parse_jumlah("Rp2.950.000,00") == Decimal("2950000.00")


def test_audit_trail_export_has_real_numbers_and_times(ctx, people, tmp_path: Path) -> None:
    from tatausaha.services import audittrail

    with ctx.uow() as uow:  # the administrator reads the trail and exports it as the page does
        t = audittrail.table(uow, audittrail.AuditFilter(entity="unit"))
        reg = registers.Register(t.kind, t.title, t.period,
                                 tuple(registers.Column(k, title, w, align) for k, title, w, align in t.columns),  # type: ignore[arg-type]
                                 t.rows, t.ids, t.cells)
        registers.export(uow, reg, tmp_path / "jejak.xlsx")
    ws = load_workbook(tmp_path / "jejak.xlsx").active
    assert ws["A4"].value == "No." and ws["B4"].value == "Waktu" and ws.max_row > 5
    assert ws["A5"].data_type == "n" and ws["A5"].value == t.ids[0]
    assert ws["B5"].is_date and ws["B5"].number_format == "DD-MM-YYYY HH:MM"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_export_that_fails_half_way_leaves_nothing_behind(tmp_path: Path, suffix: str) -> None:
    def rows():  # type: ignore[no-untyped-def]
        yield (1, "satu")
        raise ValidationFailed("Pencarian dibatalkan.")

    target = tmp_path / ("hasil" + suffix)
    target.write_bytes(b"the previous export")
    with pytest.raises(ValidationFailed):
        write_table(target, ["No.", "Perihal"], rows())
    assert target.read_bytes() == b"the previous export" and [p.name for p in tmp_path.iterdir()] == [target.name]
