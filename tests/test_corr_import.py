"""Import of Excel/CSV registers: Indonesian dates, mapping, dry run, all-or-nothing, 5,000 rows."""

from __future__ import annotations

import csv
import datetime as dt
import random

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tatausaha.context import AppContext
from tatausaha.correspondence import importer, letters, registers
from tatausaha.correspondence.letters import LetterFilter
from tatausaha.errors import ValidationFailed
from tatausaha.models.audit import AuditLog
from tatausaha.models.correspondence import SuratMasuk

D = dt.date


@pytest.fixture
def people(ctx: AppContext) -> dict:
    from tatausaha.app.demo import quick_office

    return quick_office(ctx)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Agustus 2024", D(2024, 8, 12)),
        ("12-08-2024", D(2024, 8, 12)),
        ("12/08/24", D(2024, 8, 12)),
        ("12.08.2024", D(2024, 8, 12)),
        ("2024-08-12", D(2024, 8, 12)),
        ("3 Pebruari 2025", D(2025, 2, 3)),
        ("30 Nopember 2023", D(2023, 11, 30)),
        ("12 Agt 2024", D(2024, 8, 12)),
        ("12 Agst. 2024", D(2024, 8, 12)),
        ("Senin, 12 Agustus 2024", D(2024, 8, 12)),
        ("1-Okt-2024", D(2024, 10, 1)),
        ("  7  Desember   1999 ", D(1999, 12, 7)),
        (dt.datetime(2024, 8, 12, 0, 0), D(2024, 8, 12)),
        (45516, D(2024, 8, 12)),  # an Excel serial date
        ("", None),
        (None, None),
    ],
)
def test_indonesian_dates(text, expected) -> None:
    assert importer.parse_tanggal(text) == expected


@pytest.mark.parametrize("text", ["31 Pebruari 2024", "12 Agutus 2024", "kemarin", "13/13/2024"])
def test_bad_dates_are_named(text) -> None:
    with pytest.raises(ValueError, match=text.split()[0]):
        importer.parse_tanggal(text)


HEADERS = ["No", "Tgl Terima", "No. Surat", "Tgl Surat", "Asal Surat", "Perihal", "Kode", "Sifat", "Keterangan"]


def _write_xlsx(path, rows, title=True) -> None:
    wb = Workbook()
    ws = wb.active
    if title:  # offices put a title above the table
        ws.append(["BUKU AGENDA SURAT MASUK KECAMATAN JATISAMPURNA 2024"])
        ws.append([])
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)


def test_bad_rows_import_nothing_and_every_bad_row_is_named(ctx, people, tmp_path) -> None:
    rows = [
        [1, "2 Januari 2024", "005/1/Kel.JS", "02-01-2024", "Kelurahan Jatisampurna", "Undangan rapat RT/RW", "000.1.5", "Biasa", ""],
        [2, "31 Pebruari 2024", "005/2/Kel.JS", "01-02-2024", "Kelurahan Jatisampurna", "Data penduduk", "400.12.1", "Segera", ""],
        [3, "3 Januari 2024", "B/10/Polsek", "4 Januari 2024", "Polsek Jatisampurna", "Laporan", "300.1", "Rahasia", ""],
        [4, "5 Jan 2024", "", "", "", "", "", "", ""],
        [5, "6 Januari 2024", "470/9/Dukcapil", "6 Januari 2024", "Disdukcapil", "KTP-el", "999.99", "Kilat", ""],
        [1, "7 Januari 2024", "005/7/Kel.JS", "7 Januari 2024", "Kelurahan Jatiranggon", "Musrenbang", "000.7.1.4", "Biasa", ""],
        [7, "8 Januari 2024", "005/1/Kel.JS", "2 Januari 2024", "Kelurahan Jatisampurna", "Undangan rapat RT/RW", "", "", ""],
    ]
    path = tmp_path / "agenda.xlsx"
    _write_xlsx(path, rows)
    op = people["operator"]
    with ctx.uow(actor=op) as uow:
        report = importer.import_file(uow, path)
        uow.commit()  # even if a caller commits, nothing was written
    # file rows: title=1, blank=2, header=3, data from 4
    assert report.arah == "masuk" and report.rows == 7
    assert report.bad_rows == [5, 6, 7, 8, 9, 10]
    text = "\n".join(str(p) for p in report.problems)
    assert "baris 5, kolom Tgl Terima: '31 Pebruari 2024' bukan tanggal yang mungkin" in text
    assert "baris 6, kolom Tgl Surat: tanggal surat 04-01-2024 sesudah tanggal terima 03-01-2024" in text
    assert "baris 7, kolom Asal Surat: Pengirim kosong" in text and "baris 7, kolom Perihal: Perihal kosong" in text
    assert "kode klasifikasi '999.99'" in text and "sifat 'Kilat'" in text
    assert "nomor agenda 1/2024 dipakai juga di baris 4" in text
    assert "sudah ada di baris 4" in text  # same sender + number twice in the file
    with ctx.reader(op) as uow:
        assert uow.session.execute(select(func.count(SuratMasuk.id))).scalar_one() == 0


def _good_rows(n: int, seed: int = 7) -> list[list]:
    rng = random.Random(seed)
    senders = ["Kelurahan Jatisampurna", "Kelurahan Jatikarya", "Kelurahan Jatiranggon", "Kelurahan Jatiraden",
               "Kelurahan Jatirangga", "Polsek Jatisampurna", "Koramil 05/Pondok Gede", "Puskesmas Jatisampurna",
               "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi", "BPKAD Kota Bekasi"]
    forms = [
        lambda d: f"{d.day} {['Januari','Pebruari','Maret','April','Mei','Juni','Juli','Agustus','September','Oktober','Nopember','Desember'][d.month-1]} {d.year}",
        lambda d: d.strftime("%d-%m-%Y"),
        lambda d: d.strftime("%d/%m/%y"),
        lambda d: dt.datetime(d.year, d.month, d.day),
    ]
    rows = []
    start = D(2024, 1, 2)
    for i in range(1, n + 1):
        d = start + dt.timedelta(days=(i * 360) // n)
        ds = d - dt.timedelta(days=rng.randint(0, 5))
        s = rng.choice(senders)
        rows.append([i, rng.choice(forms)(d), f"{rng.choice(['005','400.12.1','100.2.4'])}/{i}/X", rng.choice(forms)(ds),
                     s, f"Perihal surat nomor {i}", rng.choice(["000.1.5", "400.12.1", "100.2.4", "005", ""]),
                     rng.choice(["Biasa", "Segera", "Sangat Segera", "Rahasia", ""]), ""])
    return rows


@pytest.mark.slow
def test_good_file_of_5000_rows_imports_with_one_audit_event(ctx, people, tmp_path) -> None:
    path = tmp_path / "agenda2024.xlsx"
    _write_xlsx(path, _good_rows(5000))
    op = people["operator"]
    with ctx.uow(actor=op) as uow:
        dry = importer.import_file(uow, path, dry_run=True)
    assert dry.ok and dry.rows == 5000 and dry.imported == 0, [str(p) for p in dry.problems[:5]]
    with ctx.uow(actor=op) as uow:
        report = importer.import_file(uow, path)
        assert report.ok
        uow.commit()
    assert report.imported == 5000 and report.agenda_range == "agenda 1–5000/2024"
    with ctx.reader(op) as uow:
        assert letters.count_masuk(uow, LetterFilter(tahun=2024)) == 5000
        assert letters.count_masuk(uow, LetterFilter(keamanan="rahasia")) > 500  # "Sifat: Rahasia" went to keamanan
        events = uow.session.execute(select(AuditLog.after).where(AuditLog.action == "import")).scalars().all()
        lama = uow.session.execute(select(func.count(SuratMasuk.id)).where(SuratMasuk.klasifikasi_scheme == "lama")).scalar()
    assert len(events) == 1 and '"rows": 5000' in events[0]
    assert lama > 0  # the old code 005 is recognised as the pre-2022 scheme
    # the next letter registered by hand continues after the imported agenda
    with ctx.uow(actor=op) as uow:
        s = letters.register_masuk(uow, letters.SuratMasukInput(tanggal_terima=D(2024, 12, 31), pengirim="X", perihal="Y"))
        uow.commit()
    assert s.nomor_agenda == 5001
    # importing the same file again is refused row by row (already registered)
    with ctx.uow(actor=op) as uow:
        again = importer.import_file(uow, path, dry_run=True)
    assert len(again.bad_rows) == 5000


def test_csv_with_semicolons_mapping_remembered_and_keluar(ctx, people, tmp_path) -> None:
    path = tmp_path / "keluar.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Nomor", "Tanggal", "Kepada Yth", "Hal", "Klasifikasi", "Tgl Kirim"])
        w.writerow(["000.1.5/1/Kec.JTS/I/2024", "3 Januari 2024", "Lurah Jatisampurna", "Undangan", "000.1.5", "4-1-2024"])
        w.writerow(["400.12.1/2/Kec.JTS/I/2024", "5 Januari 2024", "Kepala Disdukcapil", "Data", "400.12.1", ""])
    op = people["operator"]
    with ctx.uow(actor=op) as uow:
        with pytest.raises(ValidationFailed, match="Tujuan"):  # "Kepada Yth" is not a known name
            importer.import_file(uow, path, arah="keluar", dry_run=True)
        mapping = {"Nomor": "nomor", "Tanggal": "tanggal_surat", "Kepada Yth": "tujuan", "Hal": "perihal",
                   "Klasifikasi": "kode_klasifikasi", "Tgl Kirim": "tanggal_kirim"}
        report = importer.import_file(uow, path, arah="keluar", mapping=mapping)
        assert report.ok and report.imported == 2
        uow.commit()
    with ctx.uow(actor=op) as uow:  # remembered: the next file of the same shape maps itself (and clashes)
        again = importer.import_file(uow, path, arah="keluar", dry_run=True)
    assert again.mapping == mapping and "sudah tercatat di register nomor" in str(again.problems[0])
    with ctx.reader(op) as uow:
        reg = registers.agenda_keluar(uow, LetterFilter(tahun=2024))
        eks = registers.ekspedisi(uow, LetterFilter(tahun=2024))
    assert [r[1] for r in reg.rows] == ["000.1.5/1/Kec.JTS/I/2024", "400.12.1/2/Kec.JTS/I/2024"]
    assert [r[2] for r in eks.rows] == ["000.1.5/1/Kec.JTS/I/2024"]


def test_registers_export_xlsx_and_csv_with_bom(ctx, people, tmp_path) -> None:
    op = people["operator"]
    with ctx.uow(actor=op) as uow:
        for i, perihal in enumerate(["Undangan Musrenbang", "Permohonan data kependudukan — ümlaut"], start=1):
            letters.register_masuk(uow, letters.SuratMasukInput(
                tanggal_terima=D(2026, 3, i), pengirim="Kelurahan Jatikarya", perihal=perihal, nomor_surat=f"005/{i}"))
        uow.commit()
    with ctx.uow(actor=op) as uow:
        reg = registers.agenda_masuk(uow, registers.period_filter(2026, 3), sort="agenda", descending=True)
        x = registers.export(uow, reg, tmp_path / "agenda.xlsx", kantor="Kecamatan Jatisampurna")
        c = registers.export(uow, reg, tmp_path / "agenda.csv")
        uow.commit()
    assert reg.period == "Bulan Maret 2026" and [r[0] for r in reg.rows] == ["2", "1"]
    raw = c.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "ümlaut".encode() in raw
    ws = load_workbook(x).active
    assert ws["A1"].value == "BUKU AGENDA SURAT MASUK" and ws["A4"].value == "No. Agenda"
    assert ws["F5"].value.endswith("ümlaut") and ws.max_row == 6
    with ctx.reader(op) as uow:
        ev = uow.session.execute(select(AuditLog.id).where(AuditLog.action == "export")).scalars().all()
    assert len(ev) == 2
