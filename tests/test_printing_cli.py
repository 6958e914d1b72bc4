"""``tatausaha print …`` end to end: real database, real PDFs read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tatausaha import recordref
from tatausaha.cli import main
from tatausaha.cli.print_cmd import parse_jumlah
from tatausaha.errors import ValidationFailed
from tatausaha.printing.readback import PT_PER_MM, page_sizes_pt, page_texts, qr_codes


def norm(text: str) -> str:
    return " ".join(text.split())


def test_separator_needs_no_database(tmp_path: Path, paths, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pemisah.pdf"
    assert main(["print", "separator", "--mulai", "7", "--banyak", "2", "--keterangan", "Batch A", "-o", str(out)]) == 0
    assert not paths.database.exists()
    refs = [c.ref for c in qr_codes(out.read_bytes(), dpi=50)]
    assert refs == [recordref.RecordRef("sep", 7), recordref.RecordRef("sep", 8)]
    assert "Batch A" in page_texts(out.read_bytes())[0]
    assert "2 halaman" in capsys.readouterr().out


def test_kwitansi_from_options_with_office_kop_and_archive(ctx, cli_login, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.services import office

    with ctx.uow() as uow:
        office.save_office(uow, office.OfficeInfo(pemerintah="PEMERINTAH KOTA BEKASI",
                                                  nama_kantor="KECAMATAN JATISAMPURNA", kota="Bekasi"))  # fmt: skip
        uow.commit()
    out = tmp_path / "kw" / "kwitansi.pdf"
    rc = main(["--json", "print", "kwitansi", "--jumlah", "2.950.000", "--dari", "Bendahara Pengeluaran",
               "--kepada", "Budi Santoso", "--untuk", "Honorarium narasumber", "--nomor", "KW/1/2026",
               "--tanggal", "2026-04-20", "--kertas", "A4", "--id", "31", "--simpan", "-o", str(out)])  # fmt: skip
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"] == 1 and data["arsip"]["versi"] == 1
    pdf = out.read_bytes()
    ((w, h),) = page_sizes_pt(pdf)
    assert (round(w / PT_PER_MM), round(h / PT_PER_MM)) == (210, 297)
    t = norm(page_texts(pdf)[0])
    for expected in ("KECAMATAN JATISAMPURNA", "Rp2.950.000,00", "Dua Juta Sembilan Ratus Lima Puluh Ribu Rupiah",
                     "Budi Santoso", "Honorarium narasumber", "Bekasi, 20 April 2026", "KW/1/2026"):  # fmt: skip
        assert expected in t, expected
    assert "Meterai" not in t  # no --meterai: no box (printing knows no bea meterai law)
    assert [c.ref for c in qr_codes(pdf)] == [recordref.RecordRef("kwitansi", 31)]
    stamped = tmp_path / "kw" / "bermeterai.pdf"
    assert main(["print", "kwitansi", "--jumlah", "7.500.000", "--dari", "Bendahara", "--kepada", "Budi",
                 "--untuk", "Sewa tenda", "--meterai", "10.000", "-o", str(stamped)]) == 0
    t2 = norm(page_texts(stamped.read_bytes())[0])
    assert "Meterai" in t2 and "Rp10.000" in t2
    with ctx.reader() as uow:
        from tatausaha.services.printed import printed_versions

        (kept,) = printed_versions(uow, "kwitansi", 31)
    assert ctx.store.read_bytes(kept.sha256) == pdf


def test_kwitansi_bad_input_is_one_indonesian_line(ctx, cli_login, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    base = ["print", "kwitansi", "--dari", "A", "--kepada", "B", "--untuk", "C", "-o", str(tmp_path / "k.pdf")]
    assert main([*base, "--jumlah", "dua juta"]) == 2
    assert "bukan angka rupiah" in capsys.readouterr().err
    assert main([*base, "--jumlah", "0"]) == 2
    assert "lebih dari nol" in capsys.readouterr().err
    assert main([*base, "--jumlah", "100", "--tanggal", "20-04-2026"]) == 2
    assert "Tanggal" in capsys.readouterr().err
    assert main([*base, "--jumlah", "100", "--simpan"]) == 2  # nothing to link it to
    assert "--id" in capsys.readouterr().err
    assert not (tmp_path / "k.pdf.tmp").exists()


@pytest.mark.parametrize(
    ("text", "value"),
    [("2950000", "2950000"), ("2.950.000", "2950000"), ("2.950.000,50", "2950000.50"), ("Rp2.950.000,00", "2950000.00"),
     ("Rp. 1.000,-", "1000"), ("1500.5", "1500.5"), ("1.500", "1500")],
)  # fmt: skip
def test_parse_jumlah(text: str, value: str) -> None:
    from decimal import Decimal

    assert parse_jumlah(text) == Decimal(value)
    with pytest.raises(ValidationFailed):
        parse_jumlah("1,2,3")


def test_letter_disposition_register_from_correspondence(ctx, cli_login, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from tatausaha.app.demo import quick_office
    from tatausaha.correspondence import disposisi as dsp
    from tatausaha.correspondence import letters
    from tatausaha.correspondence.disposisi import Recipient
    from tatausaha.correspondence.letters import SuratKeluarInput, SuratMasukInput

    people = quick_office(ctx)
    op, camat, sekcam = people["operator"], people["camat"], people["sekcam"]
    from tatausaha.correspondence import approval
    from tatausaha.services.auth import SYSTEM

    with ctx.uow(actor=SYSTEM) as uow:
        approval.set_enabled(uow, False)  # printing a numbered letter; approval has its own tests
        uow.commit()
    with ctx.uow(actor=op) as uow:
        k = letters.create_keluar(
            uow,
            SuratKeluarInput(
                jenis="SD",
                hal="Pembinaan Kearsipan Kelurahan",
                tujuan="Lurah Jatirangga",
                tujuan_di="Bekasi",
                tembusan=("Wali Kota Bekasi",),
                kode_klasifikasi="000.5.2",
                penandatangan_id=camat.official_id,
                isi="Dengan hormat,\n\nKami sampaikan jadwal pembinaan kearsipan.",
            ),
        )
        letters.give_number(uow, k.id, tanggal=dt.date(2026, 3, 4))
        m = letters.register_masuk(
            uow,
            SuratMasukInput(
                tanggal_terima=dt.date(2026, 3, 2),
                pengirim="Dinas Kearsipan Kota Bekasi",
                perihal="Bimtek kearsipan",
                nomor_surat="000.5/211/Disarpus",
                tanggal_surat=dt.date(2026, 2, 27),
                kode_klasifikasi="000.5",
            ),
        )
        uow.commit()
    with ctx.uow(actor=camat) as uow:
        [d1] = dsp.dispose(
            uow,
            m.id,
            [Recipient(official_id=sekcam.official_id)],
            instruksi=["Untuk diselesaikan"],
            catatan="Siapkan peserta",
            batas_waktu=dt.date(2026, 3, 10),
        )
        uow.commit()  # fmt: skip

    out = tmp_path / "surat.pdf"
    assert main(["print", "letter", str(k.id), "--kertas", "A4", "--simpan", "-o", str(out)]) == 0, capsys.readouterr()
    pdf = out.read_bytes()
    t = norm(page_texts(pdf)[0])
    assert "Pembinaan Kearsipan Kelurahan" in t and "Lurah Jatirangga" in t and "000.5.2/" in t
    ((w, h),) = page_sizes_pt(pdf)
    assert (round(w / PT_PER_MM), round(h / PT_PER_MM)) == (210, 297)
    assert [c.ref for c in qr_codes(pdf)] == [recordref.RecordRef("surat_keluar", k.id)]
    assert "versi cetak 1" in capsys.readouterr().out

    out = tmp_path / "disposisi.pdf"
    assert main(["print", "disposition", str(d1), "-o", str(out)]) == 0, capsys.readouterr()
    t = norm(page_texts(out.read_bytes())[0])
    assert "LEMBAR DISPOSISI" in t and "Dinas Kearsipan Kota Bekasi" in t and "Siapkan peserta" in t
    assert [c.ref for c in qr_codes(out.read_bytes(), dpi=200)] == [recordref.RecordRef("disposisi", d1)]

    out = tmp_path / "agenda.pdf"
    assert main(["print", "register", "masuk", "--tahun", "2026", "--bulan", "3", "-o", str(out)]) == 0
    t = norm(page_texts(out.read_bytes())[0])
    assert "BUKU AGENDA" in t.upper() and "Bimtek kearsipan" in t
    ((w, h),) = page_sizes_pt(out.read_bytes())
    assert w > h  # landscape
