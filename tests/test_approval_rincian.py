"""Per-jenis fields (issue 9 item 9): undangan (hari/tanggal, waktu, tempat, acara) and surat tugas (dasar;
kepada as people with nama, NIP, pangkat, jabatan; untuk) entered in the Surat Keluar form when that jenis
is chosen, stored, and printed in their blocks (PDF read back); the reply picker finds the letter being
answered by words. Bad input: a clear Indonesian message and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import func, select

from tatausaha.app.demo import quick_office
from tatausaha.correspondence import letters, printdata
from tatausaha.correspondence.letters import SuratKeluarInput, SuratMasukInput
from tatausaha.errors import ValidationFailed
from tatausaha.models.correspondence import SuratKeluar
from tatausaha.printing import build_letter, to_bytes
from tatausaha.printing.readback import page_texts
from tatausaha.ui.context import UiContext

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]


@pytest.fixture
def people(ctx):  # type: ignore[no-untyped-def]
    return quick_office(ctx)


def _count(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return uow.session.execute(select(func.count(SuratKeluar.id))).scalar_one()


def _masuk(ctx, actor, perihal: str, pengirim: str, nomor: str = "", keamanan: str = "biasa") -> int:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=actor) as uow:
        saved = letters.register_masuk(uow, SuratMasukInput(
            tanggal_terima=dt.date(2026, 3, 2), pengirim=pengirim, perihal=perihal, nomor_surat=nomor, keamanan=keamanan))
        uow.commit()
    return saved.id


def _errors(dlg) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.text() for b in dlg.findChildren(QMessageBox) if b.isVisible()]


def _pdf_text(ctx, actor, kid: int) -> str:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        uow.actor = actor
        doc = printdata.letter_doc(uow, kid)
    return " ".join(" ".join(page_texts(to_bytes(build_letter, doc))).split())


def test_undangan_fields_in_the_form_reply_by_words_stored_and_printed(qtbot, ctx, people) -> None:
    from tatausaha.ui.correspondence.keluar_form import SuratKeluarDialog

    op = people["operator"]
    _masuk(ctx, op, "Permohonan fasilitasi Musrenbang kelurahan", "Kelurahan Jatikarya", "005/41/Kel.JK")
    wanted = _masuk(ctx, op, "Undangan rapat koordinasi posyandu", "Kelurahan Jatikarya", "005/57/Kel.JK")
    _masuk(ctx, op, "Laporan posyandu triwulan", "Puskesmas Jatisampurna")

    dlg = SuratKeluarDialog(UiContext(ctx, op))
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.und_box.isVisible() and not dlg.st_box.isVisible()
    dlg.jenis.setCurrentIndex(dlg.jenis.findData("UND"))
    assert dlg.und_box.isVisible() and not dlg.st_box.isVisible()
    qtbot.keyClicks(dlg.hal, "Undangan rapat koordinasi posyandu")
    qtbot.keyClicks(dlg.tujuan, "Lurah se-Kecamatan Jatisampurna")
    # the letter being answered, by two words (neither is an agenda number)
    qtbot.keyClicks(dlg.reply, "posyandu jatikarya")
    assert dlg.reply_results.count() == 1 and "Undangan rapat koordinasi posyandu" in dlg.reply_results.item(0).text()
    qtbot.keyClick(dlg.reply, Qt.Key.Key_Return)
    assert dlg.reply_id == wanted and "Kelurahan Jatikarya" in dlg.reply_label.text()

    # bad input: required undangan fields empty → one Indonesian message, nothing written
    before = _count(ctx)
    dlg.save()
    qtbot.waitUntil(lambda: bool(_errors(dlg)), timeout=5000)
    text = _errors(dlg)[-1]
    for words in ("Undangan belum dapat disimpan", "hari/tanggal acara wajib diisi", "waktu acara wajib diisi",
                  "tempat acara wajib diisi", "acara acara wajib diisi"):
        assert words in text, text
    assert _count(ctx) == before and dlg.saved_id is None
    for b in dlg.findChildren(QMessageBox):
        b.close()

    qtbot.keyClicks(dlg.und_tanggal, "11 Maret 2026")
    qtbot.keyClicks(dlg.und_waktu, "09.00 WIB s.d. selesai")
    qtbot.keyClicks(dlg.und_tempat, "Aula Kantor Kecamatan Jatisampurna")
    qtbot.keyClicks(dlg.und_acara, "Rapat koordinasi posyandu triwulan I")
    dlg.isi.setPlainText("Dengan hormat, kami mengundang Saudara pada:\n\nDemikian, atas kehadirannya diucapkan terima kasih.")
    dlg.save()
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=10000)
    with ctx.reader() as uow:
        uow.actor = op
        d = letters.get_keluar(uow, dlg.saved_id)
    assert d.reply_to_id == wanted
    assert d.rincian == {"jenis": "undangan", "tanggal": "2026-03-11", "tanggal_sampai": "", "waktu": "09.00 WIB s.d. selesai",
                         "tempat": "Aula Kantor Kecamatan Jatisampurna", "acara": "Rapat koordinasi posyandu triwulan I"}
    pdf = _pdf_text(ctx, op, d.id)
    for words in ("Rabu, 11 Maret 2026", "09.00 WIB s.d. selesai", "Aula Kantor Kecamatan Jatisampurna",
                  "Rapat koordinasi posyandu triwulan I", "hari, tanggal :", "tempat :", "acara :"):
        assert words.lower() in pdf.lower(), (words, pdf)

    # the form opened again shows what was stored
    again = SuratKeluarDialog(UiContext(ctx, op), letter_id=d.id)
    qtbot.addWidget(again)
    assert again.und_waktu.text() == "09.00 WIB s.d. selesai" and again.reply_id == wanted
    assert again.und_tanggal.date() == dt.date(2026, 3, 11)


def test_surat_tugas_people_dasar_untuk_with_a_bad_nip_then_printed(qtbot, ctx, people) -> None:
    from tatausaha.ui.correspondence.keluar_form import SuratKeluarDialog

    op = people["operator"]
    dlg = SuratKeluarDialog(UiContext(ctx, op))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.jenis.setCurrentIndex(dlg.jenis.findData("ST"))
    assert dlg.st_box.isVisible() and not dlg.und_box.isVisible()
    qtbot.keyClicks(dlg.hal, "Bimbingan teknis kearsipan")
    dlg.st_dasar.setPlainText("Surat Kepala Dinas Kearsipan Kota Bekasi Nomor 000.5/211/Disarpus\n"
                              "DPA Kecamatan Jatisampurna Tahun Anggaran 2026")
    dlg.set_person(0, "Budi Santoso, S.AP.", "19810410 200901 1 003", "Penata Tingkat I (III/d)",
                   "Kepala Subbagian Umum dan Kepegawaian")
    dlg.findChild(QPushButton, "st_add_person").click()
    assert dlg.st_kepada.rowCount() == 2
    dlg.set_person(1, "Rudi Hartono", "1990112", "Pengatur Tingkat I (II/d)", "Pengelola Arsip")
    qtbot.keyClicks(dlg.st_untuk, "Mengikuti Bimbingan Teknis Kearsipan tanggal 20 s.d. 22 April 2026.")
    before = _count(ctx)
    dlg.save()
    qtbot.waitUntil(lambda: bool(_errors(dlg)), timeout=5000)
    text = _errors(dlg)[-1]
    assert "Surat tugas belum dapat disimpan" in text and "baris 2 daftar 'Kepada'" in text and "18 angka" in text, text
    assert _count(ctx) == before
    for b in dlg.findChildren(QMessageBox):
        b.close()
    dlg.set_person(1, "Rudi Hartono", "199011202014021002", "Pengatur Tingkat I (II/d)", "Pengelola Arsip")
    dlg.save()
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=10000)
    pdf = _pdf_text(ctx, op, dlg.saved_id)
    for words in ("SURAT TUGAS", "Dasar", "000.5/211/Disarpus", "MEMERINTAHKAN", "Kepada",
                  "1. Budi Santoso, S.AP., NIP 19810410 200901 1 003", "2. Rudi Hartono, NIP 19901120 201402 1 002",
                  "Pengelola Arsip", "Untuk", "Mengikuti Bimbingan Teknis Kearsipan"):
        assert words in pdf, (words, pdf)


def test_service_refuses_incomplete_per_jenis_fields_and_writes_nothing(ctx, people) -> None:
    op = people["operator"]
    rows = [
        ("UND", {"tanggal": "", "waktu": "", "tempat": "Aula", "acara": "Rapat"}, ["hari/tanggal acara wajib diisi", "waktu"]),
        ("UND", {"tanggal": "31 Pebruari 2026", "waktu": "09.00", "tempat": "Aula", "acara": "Rapat"}, ["bukan tanggal"]),
        ("UND", {"tanggal": "2026-03-11", "tanggal_sampai": "2026-03-10", "waktu": "09.00", "tempat": "Aula",
                 "acara": "Rapat"}, ["tanggal akhir acara sebelum"]),
        ("ST", {"dasar": [], "kepada": [], "untuk": ""}, ["dasar surat tugas wajib diisi", "minimal satu orang", "Untuk"]),
        ("ST", {"dasar": ["SK"], "kepada": [{"nama": "", "nip": "198104102009011003"}], "untuk": "x"},
         ["nama pada baris 1"]),
    ]
    before = _count(ctx)
    for jenis, data, words in rows:
        with ctx.uow(actor=op) as uow, pytest.raises(ValidationFailed) as exc:
            letters.create_keluar(uow, SuratKeluarInput(jenis=jenis, hal="Uji", tujuan="Lurah", rincian=data))
            uow.commit()
        for w in words:
            assert w in str(exc.value), (w, str(exc.value))
    assert _count(ctx) == before
    # a jenis without per-jenis fields ignores them; an undangan saved without them keeps the body's lines
    with ctx.uow(actor=op) as uow:
        k = letters.create_keluar(uow, SuratKeluarInput(jenis="SD", hal="Uji", tujuan="Lurah", rincian={"waktu": "x"}))
        uow.commit()
    with ctx.reader() as uow:
        assert uow.session.get(SuratKeluar, k.id).rincian is None


def test_reply_picker_words_agenda_and_secret_letters(ctx, people) -> None:
    op, kasubag = people["operator"], people["kasubag"]
    a = _masuk(ctx, op, "Permohonan data penduduk miskin", "Dinas Sosial Kota Bekasi", "400.9/77/Dinsos")
    _masuk(ctx, kasubag, "Data penduduk rahasia Zamrud", "Polsek Jatisampurna", keamanan="rahasia")
    with ctx.reader() as uow:
        uow.actor = op
        assert [r.id for r in letters.find_masuk_for_reply(uow, "penduduk dinsos")] == [a]
        assert [r.id for r in letters.find_masuk_for_reply(uow, "77/Dinsos")] == [a]  # by its number
        assert [r.id for r in letters.find_masuk_for_reply(uow, "1/2026")] == [a]  # by agenda
        assert letters.find_masuk_for_reply(uow, "Zamrud") == []  # a rahasia letter outside her chain
        assert letters.find_masuk_for_reply(uow, "penduduk polsek") == []
    with ctx.reader() as uow:
        uow.actor = kasubag
        assert len(letters.find_masuk_for_reply(uow, "Zamrud")) == 1
