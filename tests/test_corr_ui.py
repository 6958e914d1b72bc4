"""Real widgets, offscreen: register a surat masuk with the keyboard, dispose it camat → sekcam → kasubag,
see it in the recipient's inbox, mark it done; plus the Beranda and Surat Keluar pages."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tatausaha import clock
from tatausaha.app.demo import quick_office
from tatausaha.models.correspondence import Disposisi, SuratMasuk
from tatausaha.ui.context import UiContext

pytestmark = pytest.mark.gui

SHOTS = os.environ.get("TATAUSAHA_SHOTS")  # set to a folder to keep screenshots (docs/img)


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.resize(1280, 760)
        widget.show()
        widget.grab().save(str(Path(SHOTS) / name))


def _db(ctx, fn):  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return fn(uow.session)


def test_register_dispose_two_levels_inbox_done(qtbot, ctx) -> None:
    from tatausaha.ui.correspondence.disposisi_page import DisposisiPage
    from tatausaha.ui.correspondence.masuk_page import SuratMasukPage

    people = quick_office(ctx)
    op_ui = UiContext(ctx, people["operator"])
    page = SuratMasukPage(op_ui)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0

    # 1. the clerk registers a letter from the keyboard and saves with Ctrl+S
    dlg = page.new_letter()
    qtbot.addWidget(dlg)
    assert dlg.tanggal_terima.text() == f"{clock.today():%d-%m-%Y}"
    qtbot.keyClicks(dlg.nomor_surat, "470/321/Disdukcapil")
    qtbot.keyClicks(dlg.tanggal_surat, "3 Agt 2026" if clock.today() >= dt.date(2026, 8, 3) else "02-01-2026")
    qtbot.keyClicks(dlg.pengirim, "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi")
    dlg.pengirim.completer().popup().hide()
    qtbot.keyClicks(dlg.perihal, "Undangan rapat koordinasi KTP-el")
    with qtbot.waitActive(dlg):
        dlg.activateWindow()
    dlg.perihal.setFocus()
    qtbot.keyClick(dlg.perihal, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=10000)
    letter_id = dlg.saved_id
    assert dlg.saved_agenda == f"1/{clock.today().year}"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.row_at(0).perihal == "Undangan rapat koordinasi KTP-el"
    _shot(page, "surat_masuk.png")

    # a second registration of the same letter is flagged before saving
    dlg2 = SuratMasukDialog = page.new_letter()
    qtbot.addWidget(dlg2)
    dlg2.pengirim.setText("Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi")
    dlg2.nomor_surat.setText("470 / 321 / Disdukcapil")
    hits = dlg2.check_duplicates()
    assert hits and dlg2.dup_label.isVisibleTo(dlg2) and "agenda 1/" in dlg2.dup_label.text()
    dlg2.reject()
    del SuratMasukDialog

    # 2. the camat disposes it to the sekcam
    camat_page = SuratMasukPage(UiContext(ctx, people["camat"]))
    qtbot.addWidget(camat_page)
    camat_page.select_letter(letter_id)
    d1 = camat_page.dispose()
    qtbot.addWidget(d1)
    assert d1.check_recipient("Sekretaris Kecamatan")
    d1.check_instruksi("Untuk diselesaikan")
    d1.batas.setText((clock.today() + dt.timedelta(days=3)).strftime("%d-%m-%Y"))
    d1.save()
    qtbot.waitUntil(lambda: bool(d1.created), timeout=10000)

    # 3. the sekcam sees it in "Disposisi untuk saya", opens it (read) and forwards it to the kasubag
    sek_page = DisposisiPage(UiContext(ctx, people["sekcam"]))
    qtbot.addWidget(sek_page)
    assert [i.disposisi_id for i in sek_page.model.items] == d1.created
    sek_page.view.selectRow(0)
    qtbot.waitUntil(lambda: _db(ctx, lambda s: s.get(Disposisi, d1.created[0]).status) == "dibaca", timeout=10000)
    assert "Undangan rapat koordinasi" in sek_page.history.header.text()
    d2 = sek_page.forward()
    qtbot.addWidget(d2)
    assert d2.check_recipient("Kepala Subbagian Umum")
    d2.check_instruksi("Proses lebih lanjut")
    d2.save()
    qtbot.waitUntil(lambda: bool(d2.created), timeout=10000)

    # 4. the kasubag has it in the inbox, from the sekcam, and marks it done
    kas_page = DisposisiPage(UiContext(ctx, people["kasubag"]))
    qtbot.addWidget(kas_page)
    items = kas_page.model.items
    assert [i.disposisi_id for i in items] == d2.created and items[0].dari.startswith("Sekretaris Kecamatan")
    kas_page.view.selectRow(0)
    _shot(kas_page, "disposisi.png")
    kas_page.mark_done()
    qtbot.waitUntil(lambda: _db(ctx, lambda s: s.get(Disposisi, d2.created[0]).status) == "selesai", timeout=10000)
    qtbot.waitUntil(lambda: kas_page.model.rowCount() == 0, timeout=5000)  # done items leave the inbox
    # the whole chain is visible on the letter's history
    camat_page.show_letter(letter_id)
    tree = camat_page.history.tree
    assert tree.topLevelItemCount() == 1 and tree.topLevelItem(0).childCount() == 1
    assert tree.topLevelItem(0).child(0).text(4).startswith("Selesai")
    assert _db(ctx, lambda s: s.get(SuratMasuk, letter_id).status) == "didisposisi"  # the sekcam's hop is still open


def test_auditor_cannot_write_and_secret_rows_are_masked(qtbot, ctx) -> None:
    from tatausaha.correspondence import letters
    from tatausaha.ui.correspondence.masuk_page import SuratMasukPage

    people = quick_office(ctx)
    with ctx.uow(actor=people["operator"]) as uow:
        letters.register_masuk(uow, letters.SuratMasukInput(tanggal_terima=clock.today(), pengirim="Polsek",
                                                            perihal="Laporan intelijen", keamanan="rahasia"))
        uow.commit()
    page = SuratMasukPage(UiContext(ctx, people["auditor"]))
    qtbot.addWidget(page)
    assert not page.act_new.isEnabled() and not page.act_dispose.isEnabled() and page.act_export.isEnabled()
    idx = page.model.index(0, 5)
    assert page.model.data(idx) == "— surat rahasia —"
    page.view.selectRow(0)
    qtbot.waitUntil(lambda: "hanya dapat" in page.history.header.text(), timeout=3000)


def test_lazy_list_loads_only_pages_it_shows(qtbot, ctx) -> None:
    from sqlalchemy import insert

    from tatausaha.ui.correspondence.masuk_page import SuratMasukPage
    from tatausaha.ui.itemmodels.letters import PAGE

    people = quick_office(ctx)
    today = clock.today()
    rows = [dict(tahun=today.year, nomor_agenda=i, tanggal_terima=today - dt.timedelta(days=i % 300),
                 nomor_surat=f"{i}/X", pengirim=f"Pengirim {i % 50}", perihal=f"Perihal {i}", ringkasan="",
                 ditujukan="", derajat="biasa", keamanan="biasa", kode_klasifikasi="", klasifikasi_scheme="pmdn83_2022",
                 lampiran="", kanal="manual", srikandi_ref="", status="terdaftar", keterangan="", lokasi_arsip="",
                 batal_alasan="", created_at=clock.now_local_naive(), updated_at=clock.now_local_naive()) for i in range(1, 5001)]
    with ctx.uow() as uow:
        uow.session.execute(insert(SuratMasuk), rows)
        uow.commit()
    page = SuratMasukPage(UiContext(ctx, people["operator"]))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == 5000
    assert page.model.cached_rows <= 2 * PAGE  # only what is on screen
    page.view.scrollToBottom()
    qtbot.wait(50)
    page.view.grab()
    assert page.model.cached_rows <= 4 * PAGE
    page.text.setText("Perihal 4999")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    _ = select  # keep import for readers


def test_surat_keluar_page_draft_number_send_and_beranda(qtbot, ctx) -> None:
    import random

    from tatausaha.correspondence.demo import demo_fill
    from tatausaha.services.auth import SYSTEM
    from tatausaha.ui.correspondence.keluar_page import SuratKeluarPage
    from tatausaha.ui.pages.beranda import BerandaPage

    people = quick_office(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        demo_fill(ctx, uow, random.Random(3), n_masuk=40)
        from tatausaha.correspondence import approval

        approval.set_enabled(uow, False)  # numbering straight from a draft (with a confirmation)
        uow.commit()
    ui = UiContext(ctx, people["operator"])
    page = SuratKeluarPage(ui)
    qtbot.addWidget(page)
    before = page.model.rowCount()
    dlg = page.new_letter()
    qtbot.addWidget(dlg)
    dlg.jenis.setCurrentIndex(dlg.jenis.findData("SD"))
    dlg.hal.setText("Penyampaian laporan kegiatan")
    dlg.tujuan.setPlainText("Wali Kota Bekasi\nc.q. Kepala Bagian Tata Pemerintahan")
    dlg.kode.set_kode("100.2.4")
    dlg.signer.setCurrentIndex(dlg.signer.findData(people["sekcam"].official_id))
    dlg.prefix.setCurrentIndex(dlg.prefix.findData("a.n."))
    assert dlg.atas_nama.text() == "CAMAT JATISAMPURNA"
    assert "100.2.4/" in dlg.preview.text()
    dlg.save()
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=10000)
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5000)
    page.show_letter(dlg.saved_id)
    assert page.act_number.isEnabled()
    page.act_number.trigger()
    from PySide6.QtWidgets import QMessageBox

    box = page.findChild(QMessageBox, "confirm_number")
    assert box is not None and "tidak memakai paraf" in box.text()
    next(b for b in box.buttons() if b.text() == "Ya, beri nomor").click()
    qtbot.waitUntil(lambda: "100.2.4/" in page.detail.toPlainText() and "Bernomor" in page.detail.toPlainText(),
                    timeout=10000)
    _shot(page, "surat_keluar.png")

    beranda = BerandaPage(UiContext(ctx, people["camat"]))
    qtbot.addWidget(beranda)
    corr = beranda.sections["correspondence"]  # the area's own section of the Beranda
    assert int(corr.c_masuk.value.text()) >= 1 and corr.today.count() >= 1
    assert int(corr.c_late.value.text()) >= 0
    _shot(beranda, "beranda.png")
