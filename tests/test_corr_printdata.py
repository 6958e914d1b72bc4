"""printdata: a numbered letter, a lembar disposisi and a register rendered by the real builders and read back."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from tatausaha.app.demo import quick_office
from tatausaha.context import AppContext
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import letters, printdata
from tatausaha.correspondence.disposisi import Recipient
from tatausaha.errors import PermissionDenied
from tatausaha.printing import build_disposition, build_letter, build_register, to_bytes

D = dt.date


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_letter_disposition_and_register_print(ctx: AppContext) -> None:
    people = quick_office(ctx)
    op, camat = people["operator"], people["camat"]
    from tatausaha.correspondence import approval
    from tatausaha.services.auth import SYSTEM

    with ctx.uow(actor=SYSTEM) as uow:
        approval.set_enabled(uow, False)  # printing a numbered letter; approval has its own tests
        uow.commit()
    with ctx.uow(actor=op) as uow:
        m = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=D(2026, 3, 2), pengirim="Kelurahan Jatikarya", perihal="Permohonan fasilitasi Musrenbang",
            nomor_surat="005/41/Kel.JK", tanggal_surat=D(2026, 2, 27), derajat="segera", kode_klasifikasi="000.7.1.4"))
        k = letters.create_keluar(uow, letters.SuratKeluarInput(
            jenis="UND", hal="Undangan Musrenbang Kecamatan", tujuan="Lurah se-Kecamatan Jatisampurna",
            tujuan_di="Tempat", tembusan=("Wali Kota Bekasi",), penandatangan_id=people["sekcam"].official_id,
            ttd_prefix="a.n.", atas_nama_jabatan="CAMAT JATISAMPURNA", reply_to_id=m.id,
            isi="Dengan hormat, kami mengundang Saudara pada:\n\nHari/tanggal : Rabu, 11 Maret 2026\nWaktu : 09.00 WIB"
                "\nTempat : Aula Kecamatan\nAcara : Musrenbang\n\nDemikian, atas kehadirannya diucapkan terima kasih."))
        letters.give_number(uow, k.id, tanggal=D(2026, 3, 4))
        uow.commit()
    with ctx.uow(actor=camat) as uow:
        ids = dsp.dispose(uow, m.id, [Recipient(official_id=people["sekcam"].official_id),
                                      Recipient(official_id=people["kasipem"].official_id)],
                          instruksi=["Untuk diselesaikan", "Koordinasikan/konfirmasikan"], catatan="Segera siapkan",
                          batas_waktu=D(2026, 3, 9))
        uow.commit()
    with ctx.reader(op) as uow:
        ldoc = printdata.letter_doc(uow, k.id)
        sheet = printdata.disposition_sheet(uow, ids[0])
        blank = printdata.blank_disposition_sheet(uow, m.id)
        reg = printdata.register_doc(uow, "masuk", 2026, 3)
    assert ldoc.layout == "undangan" and ldoc.undangan is not None and ldoc.undangan.tanggal == D(2026, 3, 11)
    assert ldoc.nomor == "000.1.5/1/Kec.JTS/III/2026" and ldoc.signer.jabatan_prefix == "a.n."
    assert sheet.diteruskan_kepada == ("Sekretaris Kecamatan", "Kepala Seksi Pemerintahan")
    assert sheet.nomor_agenda == "1/2026" and "Segera" in sheet.sifat
    letter_pdf = to_bytes(build_letter, ldoc)
    t = _text(letter_pdf)
    assert "000.1.5/1/Kec.JTS/III/2026" in t and "Aula Kecamatan" in t and "Wali Kota Bekasi" in t
    t2 = _text(to_bytes(build_disposition, sheet))
    assert "005/41/Kel.JK" in t2 and "Segera siapkan" in t2
    assert "Kelurahan Jatikarya" in _text(to_bytes(build_disposition, blank))
    t3 = _text(to_bytes(build_register, reg))
    assert "BUKU AGENDA SURAT MASUK" in t3 and "Musrenbang" in t3 and reg.period == "Bulan Maret 2026"


def test_secret_letter_sheet_refused_to_outsiders(ctx: AppContext) -> None:
    people = quick_office(ctx)
    with ctx.uow(actor=people["operator"]) as uow:
        m = letters.register_masuk(uow, letters.SuratMasukInput(tanggal_terima=D(2026, 3, 2), pengirim="Polsek",
                                                                perihal="Rahasia", keamanan="rahasia"))
        uow.commit()
    with ctx.reader(people["staf"]) as uow, pytest.raises(PermissionDenied):
        printdata.blank_disposition_sheet(uow, m.id)
