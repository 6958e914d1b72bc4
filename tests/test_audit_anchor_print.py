"""The trail's head is printed on every page of a register and a berita acara (an anchor on paper);
what is printed is what ``tatausaha audit verify --jangkar`` takes back, and it names a trail cut
after printing even when the attacker also fixed the head and the anchor file."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from tatausaha import clock
from tatausaha.cli import main
from tatausaha.printing.readback import page_texts

ANCHOR = re.compile(r"Jejak audit (\d+):([0-9a-f]{16}) \((\d+) baris\)")


def test_register_and_berita_acara_carry_the_trail_head(
    ctx, cli_login, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    from tatausaha.app.demo import quick_office
    from tatausaha.correspondence import approval, letters
    from tatausaha.correspondence.letters import SuratKeluarInput, SuratMasukInput
    from tatausaha.services.auth import SYSTEM

    people = quick_office(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        approval.set_enabled(uow, False)
        uow.commit()
    with ctx.uow(actor=people["operator"]) as uow:
        for day in range(1, 29):  # enough rows for a register of more than one page
            letters.register_masuk(uow, SuratMasukInput(
                tanggal_terima=dt.date(2026, 2, day), pengirim=f"Kelurahan {day}", perihal=f"Laporan bulanan {day}",
                nomor_surat=f"400/{day}/Kel", tanggal_surat=dt.date(2026, 2, day), kode_klasifikasi="400"))
        ba = letters.create_keluar(uow, SuratKeluarInput(
            jenis="BA", hal="Serah terima arsip inaktif", tujuan="", kode_klasifikasi="000.5.2",
            penandatangan_id=people["camat"].official_id, isi="Pada hari ini telah diserahterimakan arsip."))
        letters.give_number(uow, ba.id, tanggal=dt.date(2026, 3, 4))
        uow.commit()
    ctx.close()

    out = tmp_path / "agenda.pdf"
    assert main(["print", "register", "masuk", "--tahun", "2026", "--bulan", "2", "-o", str(out)]) == 0
    pages = [" ".join(t.split()) for t in page_texts(out.read_bytes())]
    assert len(pages) >= 2
    found = [ANCHOR.search(t) for t in pages]
    assert all(found), pages[-1][-200:]
    last_id, prefix, count = found[0].group(1), found[0].group(2), found[0].group(3)  # type: ignore[union-attr]
    assert {m.group(0) for m in found if m} == {found[0].group(0)}  # the same head on every page
    conn = sqlite3.connect(ctx.paths.database)
    assert conn.execute("SELECT hash FROM audit_log WHERE id = ?", (int(last_id),)).fetchone()[0].startswith(prefix)
    assert conn.execute("SELECT count(*) FROM audit_log WHERE id <= ?", (int(last_id),)).fetchone()[0] == int(count)
    conn.close()

    out = tmp_path / "ba.pdf"
    assert main(["print", "letter", str(ba.id), "-o", str(out)]) == 0, capsys.readouterr()
    assert all(ANCHOR.search(" ".join(t.split())) for t in page_texts(out.read_bytes()))

    # What the paper says is what verify takes back: whole now …
    capsys.readouterr()
    assert main(["audit", "verify", "--jangkar", f"{last_id}:{prefix}"]) == 0, capsys.readouterr().out
    # … and after the rows since printing are cut (head fixed, anchor file cut too), the paper names it.
    # The anchored row is the print command's own log-in. Audit times are kept to the second, so a
    # verify run within the same second as the print would write a byte-identical log-in row with the
    # same hash, and there would truly be nothing to detect (seen once in CI). Tampering happens later
    # than printing: the clock moves on a minute first.
    test_clock = clock.get_clock()
    assert isinstance(test_clock, clock.FixedClock)
    test_clock.advance(minutes=1)
    conn = sqlite3.connect(ctx.paths.database)
    keep = int(last_id) - 1
    keep_hash = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (keep,)).fetchone()[0]
    conn.execute("DELETE FROM audit_log WHERE id > ?", (keep,))
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ?, count = ?", (keep, keep_hash, keep))
    conn.commit()
    conn.close()
    anchor_file = ctx.paths.home / "jejak-audit.jangkar"
    lines = [ln for ln in anchor_file.read_text().splitlines() if int(ln.split()[1]) <= keep]
    anchor_file.write_text("".join(ln + "\n" for ln in lines))
    capsys.readouterr()
    rc = main(["audit", "verify", "--jangkar", f"{last_id}:{prefix}"])
    out_text = capsys.readouterr().out
    # (this run's own log-in wrote a new row with that number: it differs from the paper, or is missing)
    assert rc == 1 and f"baris audit {last_id} " in out_text and f"jangkar {last_id}:{prefix}" in out_text
