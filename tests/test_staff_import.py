"""Issue 12 item 5 and "Must show / bad input": employees from XLSX/CSV by header name + order of
occurrence, anchors, the correction dictionary, a dry run naming every problem by row and column,
all or nothing; the export imports back 1:1. Real files, a real office database, the real write path
(``importer.run_import`` — the command the window and the CLI both run)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tatausaha.app.demo import quick_office
from tatausaha.context import AppContext
from tatausaha.errors import PermissionDenied
from tatausaha.models.audit import AuditLog
from tatausaha.models.staff import Pegawai, RiwayatJabatan, RiwayatPangkat
from tatausaha.staff import importer

D = dt.date
# a SIASN-like export: SIASN names, a second "TMT" (the jabatan's), columns the app does not use
HEAD = ["nipBaru", "nama", "gelarBelakang", "tglLahir", "jenisKelamin", "tmtCpns", "statusPegawai", "golRuangAkhir",
        "TMT", "mkTahun", "jabatanNama", "TMT", "unorNama", "KETERANGAN LAIN"]
GOOD = [
    ["198609262015051001", "Andi Wijaya", "S.Sos.", "26-09-1986", "L", "01-05-2015", "PNS", "III/b", "01-04-2019", 4,
     "Analis Kebijakan", "01-01-2022", "Subbagian Umum", "x"],
    ["'197810222005012009", "Sri Lestari", "", D(1978, 10, 22), "P", "01-01-2005", "PNS", "III-c", "1 April 2021", 16,
     "Kepala Subbagian Umum", "02-01-2023", "Sekretariat", ""],
    ["199003152023212001", "Rina Marlina", "A.Md.", "15-03-1990", "P", "", "PPPK", "VII", "01-02-2023", 0,
     "Pengelola Layanan", "01-02-2023", "Seksi Pelayanan", ""],
    ["", "Budi Santoso", "", "07-07-1995", "L", "", "Honorer", "", "", "", "Pramu Kantor", "", "Subbagian Umum", ""],
]


def _xlsx(path: Path, head: list[str], rows: list[list[object]], title: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["DAFTAR NOMINATIF PEGAWAI KECAMATAN JATISAMPURNA"])
        ws.append([])
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def office(ctx: AppContext) -> dict:
    return quick_office(ctx)


def _count(ctx: AppContext) -> int:
    with ctx.reader() as uow:
        s = uow.session
        return s.execute(select(func.count(Pegawai.id))).scalar_one()


def test_a_good_file_imports_all_with_pangkat_and_jabatan_then_updates_by_nip(ctx, office, tmp_path) -> None:
    f = _xlsx(tmp_path / "nominatif.xlsx", HEAD, GOOD)
    dry = importer.run_import(ctx.db, office["kasubag"], f, dry_run=True).value
    assert dry.ok and dry.rows == 4 and dry.added == 4 and _count(ctx) == 0  # the dry run went through and rolled back
    assert dry.mapping["TMT (I)"] == "tmt_gol_akhir" and dry.mapping["TMT (L)"] == "tmt_jabatan"  # occurrence decides
    assert "KETERANGAN LAIN" in dry.unmapped
    rep = importer.run_import(ctx.db, office["kasubag"], f).value
    assert rep.ok and rep.imported == 4 and rep.added == 4 and _count(ctx) == 4
    with ctx.reader() as uow:
        s = uow.session
        sri = s.execute(select(Pegawai).where(Pegawai.nama == "Sri Lestari")).scalar_one()
        assert (sri.nip_baru, sri.gol_ruang_akhir, sri.tmt_gol_akhir, sri.tmt_jabatan) == (
            "197810222005012009", "III/c", D(2021, 4, 1), D(2023, 1, 2))
        assert s.execute(select(func.count(RiwayatPangkat.id))).scalar_one() == 3  # PNS and PPPK with TMT golongan
        assert s.execute(select(func.count(RiwayatJabatan.id))).scalar_one() == 3
        budi = s.execute(select(Pegawai).where(Pegawai.nama == "Budi Santoso")).scalar_one()
        assert budi.status_pegawai == "non_asn" and budi.nip_baru is None
        rina = s.execute(select(Pegawai).where(Pegawai.nama == "Rina Marlina")).scalar_one()
        assert rina.status_pegawai == "pppk" and rina.gol_ruang_akhir == "VII"
        events = s.execute(select(AuditLog.action).where(AuditLog.action == "import")).scalars().all()
        assert events == ["import"]
    # next month: Andi was promoted; the same NIP updates him, nobody is added twice
    nxt = [list(r) for r in GOOD[:1]]
    nxt[0][7], nxt[0][8], nxt[0][9] = "III/c", "01-04-2023", 8
    rep2 = importer.run_import(ctx.db, office["kasubag"], _xlsx(tmp_path / "bulan2.xlsx", HEAD, nxt)).value
    assert rep2.ok and (rep2.added, rep2.updated) == (0, 1) and _count(ctx) == 4
    with ctx.reader() as uow:
        s = uow.session
        andi = s.execute(select(Pegawai).where(Pegawai.nip_baru == "198609262015051001")).scalar_one()
        assert (andi.gol_ruang_akhir, andi.tmt_gol_akhir, andi.mk_tahun) == ("III/c", D(2023, 4, 1), 8)


def test_bad_input_nothing_imported_and_every_problem_named_by_row_and_column(ctx, office, tmp_path) -> None:
    """Must show: a wrong NIP, a duplicate NIP, an impossible date, a missing anchor column."""
    head = [h for h in HEAD if h != "tglLahir"]  # the anchor "Tanggal lahir" is missing
    rows = [[c for i, c in enumerate(r) if HEAD[i] != "tglLahir"] for r in GOOD]
    rows[0][0] = "19860926201505100"  # row 4: 17 digits
    rows[2] = list(rows[1])  # row 6: row 5 (Sri Lestari, NIP 197810222005012009) listed again
    rows[3][4] = "31-02-2015"  # row 7: tmtCpns 31 February
    f = _xlsx(tmp_path / "rusak.xlsx", head, rows)
    for dry_run in (True, False):
        rep = importer.run_import(ctx.db, office["kasubag"], f, dry_run=dry_run).value
        got = sorted((p.row, p.column) for p in rep.problems)
        assert got == [(3, "Tanggal lahir"), (4, "nipBaru (A)"), (6, "nipBaru (A)"), (7, "tmtCpns (E)")], rep.problems
        text = {(p.row, p.column): p.message for p in rep.problems}
        assert "kolom wajib tidak ada" in text[(3, "Tanggal lahir")] and "tglLahir" in text[(3, "Tanggal lahir")]
        assert "18 angka" in text[(4, "nipBaru (A)")]
        assert "sudah ada di baris 5" in text[(6, "nipBaru (A)")]
        assert "31-02-2015" in text[(7, "tmtCpns (E)")] and "bukan tanggal" in text[(7, "tmtCpns (E)")]
        assert not rep.ok and rep.imported == 0 and _count(ctx) == 0  # all or nothing
        assert "tidak ada yang diimpor" in rep.summary()


def test_problems_the_staff_rules_find_are_named_too_and_keep_the_whole_file_out(ctx, office, tmp_path) -> None:
    rows = [list(r) for r in GOOD]
    rows[0][3] = "27-09-1986"  # the NIP says 26-09-1986
    rows[2][7] = "III/a"  # a PNS golongan for a PPPK
    rows[3][3] = "07-07-2035"  # born in the future
    rep = importer.run_import(ctx.db, office["kasubag"], _xlsx(tmp_path / "f.xlsx", HEAD, rows)).value
    got = {(p.row, p.column): p.message for p in rep.problems}
    assert set(got) == {(4, "nipBaru (A)"), (6, "golRuangAkhir (H)"), (7, "tglLahir (D)")}, rep.problems
    assert "26-09-1986" in got[(4, "nipBaru (A)")]
    assert "bukan golongan PPPK" in got[(6, "golRuangAkhir (H)")]
    assert rep.imported == 0 and _count(ctx) == 0


def test_a_file_without_the_anchors_is_refused_and_near_names_are_not_guessed(ctx, office, tmp_path) -> None:
    head = ["NIP Pegawai", "Nama Karyawan", "Tanggal Lahir"]  # near "NIP" and "Nama": not taken
    f = _xlsx(tmp_path / "lain.xlsx", head, [["198609262015051001", "Andi", "26-09-1986"]], title=False)
    from tatausaha.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="baris judul kolom tidak ditemukan"):
        importer.run_import(ctx.db, office["kasubag"], f, dry_run=True)
    f2 = _xlsx(tmp_path / "lain2.xlsx", ["NIP Pegawai", "NAMA", "TANGGAL LAHIR"],
               [["198609262015051001", "Andi", "26-09-1986"]], title=False)
    rep = importer.run_import(ctx.db, office["kasubag"], f2, dry_run=True).value
    assert (1, "NIP") in [(p.row, p.column) for p in rep.problems] and rep.unmapped == ["NIP Pegawai"]
    assert not rep.ok and _count(ctx) == 0


def test_the_correction_dictionary_maps_next_months_file(ctx, office, tmp_path) -> None:
    head = ["NIP 18", "NAMA", "TANGGAL LAHIR", "JK", "STATUS", "GOL/RUANG", "TMT GOLONGAN"]
    row = ["198609262015051001", "Andi Wijaya", "26-09-1986", "L", "PNS", "3B", "01-04-2019"]
    f = _xlsx(tmp_path / "desember.xlsx", head, [row])
    rep = importer.run_import(ctx.db, office["kasubag"], f, dry_run=True).value
    assert [(p.row, p.column) for p in rep.problems] == [(3, "NIP"), (4, "GOL/RUANG (F)")]
    fix = importer.corrections_from_args(["NIP 18=nip_baru"], ["gol_ruang_akhir:3B=III/b"])
    rep = importer.run_import(ctx.db, office["kasubag"], f, corrections=fix).value
    assert rep.ok and rep.added == 1
    # next month: the same shape maps itself; the dictionary was kept with the import
    row2 = ["197810222005012009", "Sri Lestari", "22-10-1978", "P", "PNS", "3B", "01-04-2021"]
    rep2 = importer.run_import(ctx.db, office["kasubag"], _xlsx(tmp_path / "januari.xlsx", head, [row2])).value
    assert rep2.ok and rep2.added == 1 and _count(ctx) == 2
    with pytest.raises(Exception, match="bidang yang ada"):
        importer.corrections_from_args(["NIP 18=nipbaru"])


def test_csv_in_windows_1252_with_semicolons(ctx, office, tmp_path) -> None:
    text = "NIP;NAMA;TANGGAL LAHIR;JK;STATUS\r\n198609262015051001;Andi Wijaya;26/09/1986;L;PNS\r\n" \
           ";Dédé Suhendar;1 Januari 1990;L;Non ASN\r\n"
    f = tmp_path / "pegawai.csv"
    f.write_bytes(text.encode("cp1252"))
    rep = importer.run_import(ctx.db, office["kasubag"], f).value
    assert rep.ok and rep.added == 2
    with ctx.reader() as uow:
        s = uow.session
        assert s.execute(select(Pegawai.nama).where(Pegawai.nip_baru.is_(None))).scalar_one() == "Dédé Suhendar"


def test_export_writes_the_same_columns_and_imports_back_one_to_one(ctx, office, tmp_path) -> None:
    importer.run_import(ctx.db, office["kasubag"], _xlsx(tmp_path / "in.xlsx", HEAD, GOOD))
    out = tmp_path / "pegawai.xlsx"
    from tatausaha.services.uow import perform

    n = perform(ctx.db, office["kasubag"], lambda uow: importer.export_file(uow, out)).value
    assert n == 4
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]][:3] == ["nipBaru", "nipLama", "nama"]
    nips = {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert "198609262015051001" in nips  # text, not a number Excel shortens
    rep = importer.run_import(ctx.db, office["kasubag"], out, dry_run=True).value
    assert rep.ok and (rep.added, rep.updated) == (1, 3)  # the non-ASN has no NIP: it would be added again
    # the export holds personal data: refused to a clerk who may not see it
    with pytest.raises(PermissionDenied):
        perform(ctx.db, office["operator"], lambda uow: importer.export_file(uow, tmp_path / "x.xlsx"))


def test_cli_staff_import_dry_run_names_problems_then_imports_and_exports(ctx, cli_login, capsys, tmp_path) -> None:
    import json

    from tatausaha.cli import main

    bad = [list(r) for r in GOOD]
    bad[1][3] = "30-02-1978"
    f = _xlsx(tmp_path / "rusak.xlsx", HEAD, bad)
    assert main(["--json", "staff", "import", str(f), "--dry-run"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [(p["row"], p["column"]) for p in out["problems"]] == [(5, "tglLahir (D)")] and not out["ok"]
    good = _xlsx(tmp_path / "baik.xlsx", HEAD, GOOD)
    assert main(["staff", "import", str(good)]) == 0
    assert "4 pegawai diimpor (4 baru, 0 diperbarui)" in capsys.readouterr().out
    assert _count(ctx) == 4
    out_x = tmp_path / "keluar.xlsx"
    assert main(["staff", "export", str(out_x)]) == 0 and out_x.exists()
    pdf = tmp_path / "duk.pdf"
    assert main(["staff", "report", "duk", str(pdf)]) == 0 and pdf.read_bytes().startswith(b"%PDF-")
    capsys.readouterr()
