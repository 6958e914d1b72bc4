"""``tatausaha letters import|list|show|number`` end to end, in-process, on a real data dir."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import Workbook

from tatausaha.app.demo import quick_office
from tatausaha.cli import main
from tatausaha.context import AppContext
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence.disposisi import Recipient


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_letters_cli(ctx: AppContext, cli_login, capsys, tmp_path) -> None:
    people = quick_office(ctx)
    wb = Workbook()
    ws = wb.active
    ws.append(["No. Agenda", "Tanggal Terima", "Nomor Surat", "Tanggal Surat", "Pengirim", "Perihal", "Kode Klasifikasi"])
    ws.append([1, "2 Januari 2024", "005/1/Kel.JS", "2 Januari 2024", "Kelurahan Jatisampurna", "Undangan rapat", "000.1.5"])
    ws.append([2, "3 Jan 2024", "B/10/Polsek", "03/01/24", "Polsek Jatisampurna", "Laporan kamtibmas", "300.1"])
    good = tmp_path / "agenda.xlsx"
    wb.save(good)
    ws.append([3, "4 Januari 2024", "x", "5 Januari 2024", "X", "Y", ""])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    ctx.close()

    rc, out, err = _run(capsys, "letters", "import", str(bad))
    assert rc == 1 and "1 dari 3 baris bermasalah" in out and "baris 4" in out and "sesudah tanggal terima" in out
    rc, out, _ = _run(capsys, "--json", "letters", "import", str(good), "--dry-run")
    assert rc == 0 and json.loads(out)["diimpor"] == 0 and json.loads(out)["baris"] == 2
    rc, out, _ = _run(capsys, "letters", "import", str(good))
    assert rc == 0 and "2 surat masuk diimpor (agenda 1–2/2024)" in out

    # a disposition, then show
    c = AppContext.open(ctx.paths)
    with c.uow(actor=people["camat"]) as uow:
        dsp.dispose(uow, 1, [Recipient(official_id=people["sekcam"].official_id)], instruksi=["Untuk diketahui"],
                    batas_waktu=dt.date(2024, 1, 10))
        uow.commit()
    c.close()

    rc, out, _ = _run(capsys, "--json", "letters", "list", "--year", "2024")
    rows = json.loads(out)
    assert rc == 0 and [r["id"] for r in rows] == ["M-1", "M-2"]
    assert rows[0]["agenda"] == "1/2024" and rows[0]["pengirim"] == "Kelurahan Jatisampurna" and rows[0]["arah"] == "masuk"
    assert rows[1]["tanggal_surat"] == "2024-01-03"

    rc, out, _ = _run(capsys, "--json", "letters", "show", "M-1")
    d = json.loads(out)
    assert d["perihal"] == "Undangan rapat" and d["disposisi"][0]["kepada"].startswith("Sekretaris Kecamatan")
    assert d["disposisi"][0]["terlambat"] is True and d["lampiran_berkas"] == []
    rc, out, _ = _run(capsys, "letters", "show", "M-1")
    assert "TERLAMBAT" in out and "agenda 1/2024" in out

    rc, out, _ = _run(capsys, "letters", "number", "SD", "--kka", "000.1.5", "--tanggal", "12 Agustus 2026")
    assert rc == 0 and out.strip() == "000.1.5/1/Kec.JTS/VIII/2026"
    rc, out, _ = _run(capsys, "--json", "letters", "number", "KEP", "--tanggal", "13-08-2026")
    assert json.loads(out)["nomor"] == "1 TAHUN 2026"
    rc, out, err = _run(capsys, "letters", "number", "XYZ")
    assert rc == 2 and "Jenis naskah 'XYZ' tidak ada" in err
    rc, out, err = _run(capsys, "letters", "show", "M-99")
    assert rc == 2 and "tidak ditemukan" in err
