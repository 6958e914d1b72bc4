"""``tatausaha spj import|list|show|status|close [--json]`` end to end, in-process, on a real data
dir; and the demo office's SPJ part (a budget year, ~60 items in every state)."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from tatausaha.cli import main
from tatausaha.context import AppContext
from tatausaha.services.auth import Role
from tatausaha.spj import service as spj


def _xlsx(path: Path, head: list, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _out(capsys) -> object:  # type: ignore[no-untyped-def]
    return json.loads(capsys.readouterr().out)


def test_spj_cli(ctx: AppContext, cli_login, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dpa = _xlsx(tmp_path / "dpa.xlsx", ["Tahun", "Kode Program", "Kode Kegiatan", "Kode Sub Kegiatan", "Nama Sub Kegiatan",
                                        "Kode Rekening", "Nama Rekening", "Jenis Belanja", "Pagu"], [
        [2026, "7.01.01", "7.01.01.2.06", "7.01.01.2.06.0002", "Penyediaan Peralatan dan Perlengkapan Kantor",
         "5.1.02.01.01.0024", "Belanja ATK", "barang", 40_000_000],
    ])
    assert main(["spj", "import", str(dpa), "--dry-run", "--json"]) == 0
    assert _out(capsys)["uji_coba"] is True
    assert main(["spj", "import", str(dpa)]) == 0
    assert "1 baris diimpor" in capsys.readouterr().out
    items = _xlsx(tmp_path / "spj.xlsx", ["Tanggal", "Kode Sub Kegiatan", "Kode Rekening", "Uraian", "Jumlah",
                                          "Penyedia", "No TBP"], [
        ["05-03-2026", "7.01.01.2.06.0002", "5.1.02.01.01.0024", "Belanja ATK Maret", 3_000_000, "Toko Maju", "TBP-1"],
        ["06-03-2026", "7.01.01.2.06.0002", "5.1.02.01.01.0099", "Belanja tinta", -5, "Toko Maju", "TBP-1"],
    ])
    assert main(["--json", "spj", "import", str(items)]) == 1  # bad rows: nothing imported, each named
    problems = _out(capsys)["masalah"]
    assert {(p["baris"], p["kolom"].split(" (")[0]) for p in problems} >= {(3, "Kode Rekening"), (3, "Jumlah"), (3, "No TBP")}
    good = _xlsx(tmp_path / "ok.xlsx", ["Tanggal", "Kode Sub Kegiatan", "Kode Rekening", "Uraian", "Jumlah", "Penyedia",
                                        "No TBP"], [
        ["05-03-2026", "7.01.01.2.06.0002", "5.1.02.01.01.0024", "Belanja ATK Maret", 3_000_000, "Toko Maju", "TBP-1"],
    ])
    assert main(["spj", "import", str(good)]) == 0
    capsys.readouterr()

    assert main(["spj", "list", "--json", "--cari", "maret"]) == 0
    rows = _out(capsys)
    assert [r["no_tbp"] for r in rows] == ["TBP-1"] and rows[0]["kelengkapan"]["lengkap"] is False
    assert main(["spj", "show", "TBP-1", "--json"]) == 0
    shown = _out(capsys)
    assert shown["penyedia"] == "Toko Maju" and any(b["dokumen"] == "kuitansi" for b in shown["bukti"])
    assert main(["spj", "status", "--json"]) == 0
    status = _out(capsys)
    assert status["tahun"] == 2026 and status["total"]["item"] == 1 and status["bulan"][0]["kode"] == "2026-03"

    assert main(["spj", "aturan", "--tanggal", "01-01-2025", "--json"]) == 0
    rules = _out(capsys)
    ppn = [r for r in rules["pajak"] if r["jenis_pajak"] == "ppn" and r["jenis_belanja"] == "barang"]
    assert [(r["tarif_ppm"], r["dpp"]) for r in ppn] == [(120_000, [11, 12])]
    assert main(["spj", "aturan", "--tanggal", "31-12-2024"]) == 0
    assert "11%" in capsys.readouterr().out

    cli_login("operator1", "sandi-operator-2026", Role.OPERATOR)
    assert main(["spj", "close", "TBP-1"]) != 0  # documents missing
    assert "belum dapat ditutup" in capsys.readouterr().err
    assert main(["spj", "close", "TBP-1", "--alasan", "bukti dikirim menyusul"]) != 0  # not a pimpinan
    assert "pimpinan" in capsys.readouterr().err
    cli_login("camat1", "sandi-camat-2026", Role.PIMPINAN)
    assert main(["spj", "close", "TBP-1", "--alasan", "Nota asli hilang; surat keterangan penyedia", "--json"]) == 0
    closed = _out(capsys)
    assert closed["status"] == "ditutup" and closed["nomor"] == "0001/SPJ/2026" and closed["alasan_override"]


def test_demo_office_has_a_budget_year_and_items_in_every_state(demo_ctx: AppContext) -> None:
    with demo_ctx.reader() as uow:
        tahun = spj.tahun_list(uow)[0]
        items = spj.list_items(uow, spj.ItemFilter(tahun=tahun))
        subs = spj.rollup_by_sub_kegiatan(uow, tahun)
        views = [spj.item(uow, i.id) for i in items]
    assert 55 <= len(items) <= 65 and len(subs) >= 5
    assert {i.status for i in items} == {"draft", "siap", "ditutup"}
    assert {i.kelengkapan.tingkat for i in items} == {"kosong", "sebagian", "lengkap"}
    states = {b.status for v in views for b in v.bukti}
    assert states == {"belum_ada", "belum_lengkap", "lengkap", "perlu_perbaikan", "tidak_berlaku"}
    assert sum(1 for v in views if v.override_alasan) == 2
    assert any(v.pelaksana for v in views) and any(p.disetor for v in views for p in v.pajak)
    assert any(b.document_ids for v in views for b in v.bukti)  # some evidence has its scan in the archive
