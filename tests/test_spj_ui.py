"""SPJ by clicks, in the real main window (offscreen Qt, the real log-in, a real watchdog observer):

create an item in the item editor, print its checklist cover sheet, scan the cover with three
receipts behind it into the watched folder, and see three documents land on the item's evidence and
its completeness change; the kwitansi's terbilang read back from the real PDF; closing an incomplete
item refused for a clerk and done by the pimpinan with a reason in the audit trail.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
from pathlib import Path

import pytest
import uiharness
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton
from sqlalchemy import select

from tatausaha.ingest import config as scan_config
from tatausaha.ingest import testing as T
from tatausaha.ingest.service import IngestService
from tatausaha.models.document import DocumentLink
from tatausaha.models.office import Official
from tatausaha.printing.readback import page_texts, qr_codes
from tatausaha.services import accounts
from tatausaha.services.auth import SYSTEM
from tatausaha.spj import service as spj
from tatausaha.spj.service import SupplierInput
from tatausaha.ui.context import UiContext
from tatausaha.ui.ingest.controller import IngestController
from tatausaha.ui.mainwindow import MainWindow
from tatausaha.ui.print_preview import PrintPreviewDialog
from tatausaha.ui.spj.dialogs import CloseDialog, ItemDialog

pytestmark = [pytest.mark.gui]


@pytest.fixture
def office(demo_ctx):  # type: ignore[no-untyped-def]
    """The demo office with a 2026 budget line, a supplier, the Camat (PA) and the bendahara."""
    with demo_ctx.uow(actor=SYSTEM) as uow:
        t = spj.ensure_tahun(uow, 2026)
        p = spj.ensure_program(uow, t, "7.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")
        k = spj.ensure_kegiatan(uow, p, "7.01.01.2.02", "Administrasi Keuangan Perangkat Daerah")
        sk = spj.ensure_sub_kegiatan(uow, k, "7.01.01.2.02.0099", "Uji Klik Penyediaan ATK", 50_000_000)
        rek = spj.ensure_rekening(uow, "5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-ATK", "barang")
        spj.set_pagu(uow, sk, rek, 20_000_000)
        spj.save_supplier(uow, SupplierInput(nama="Toko Uji Klik Sumber Rejeki", npwp="012345678901234",
                                             alamat="Jl. Raya Hankam 7", kota="Bekasi"))
        for nama, nip, jabatan in (("Drs. Uji Camat, M.Si.", "197001011990031001", "Camat Jatisampurna"),
                                   ("Uji Bendahara, S.E.", "198505052010012003", "Bendahara Pengeluaran")):
            if uow.session.execute(select(Official.id).where(Official.jabatan == jabatan)).first() is None:
                uow.session.add(Official(nama=nama, nip=nip, jabatan=jabatan))
        uow.commit()
    return demo_ctx


def _window(qtbot, ctx, username: str, folder: Path | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    actor = accounts.login(ctx.db, username, uiharness.DEMO_PASSWORD)
    ui = UiContext(ctx, actor)
    if folder is not None:
        with ctx.reader() as uow:
            cfg = scan_config.load_config(uow)
        ui.ingest = IngestController(ui, IngestService(ctx, [scan_config.FolderSpec(folder)], dataclasses.replace(
            cfg, quiet_seconds=0.3, rescan_seconds=0, ocr_enabled=False)))
    win = MainWindow(ui)
    qtbot.addWidget(win)
    win.show()
    return win


def _click(qtbot, page, name: str) -> None:  # type: ignore[no-untyped-def]
    act = next(a for a in page.actions() if a.objectName() == name)
    assert act.isEnabled() and act.isVisible(), name
    button = next(b for b in page.findChildren(QToolButton) if b.defaultAction() is act)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _preview_pdf(qtbot) -> bytes:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: any(isinstance(w, PrintPreviewDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=20_000)
    dlg = uiharness.open_top_level(PrintPreviewDialog)
    pdf = dlg.pdf
    dlg.reject()
    return pdf


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "cetak.pdf"
    f.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_create_item_print_cover_scan_three_receipts_and_see_them_land(office, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pindai"
    folder.mkdir()
    win = _window(qtbot, office, "staf", folder)
    with qtbot.waitSignal(win.ctx.ingest.running_changed, timeout=10_000):
        win.ctx.ingest.start()
    try:
        page = win.show_page("spj")
        assert uiharness.english_in(page) == []

        # 1. a new item, typed into the item editor
        _click(qtbot, page, "act_spj_new")
        dlg = uiharness.open_top_level(ItemDialog)
        dlg.sub_kegiatan.setCurrentIndex(dlg.sub_kegiatan.findText("7.01.01.2.02.0099", Qt.MatchFlag.MatchStartsWith))
        dlg.supplier.setCurrentIndex(dlg.supplier.findText("Toko Uji Klik Sumber Rejeki"))
        qtbot.keyClicks(dlg.uraian, "Pembelian kertas HVS dan tinta printer untuk uji klik")
        qtbot.keyClicks(dlg.jumlah, "1.750.000")
        assert "Satu juta tujuh ratus lima puluh ribu rupiah" in dlg.jumlah_text.text()
        qtbot.keyClicks(dlg.no_tbp, "TBP-UJI-0001")
        qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20_000)
        qtbot.waitUntil(lambda: page.detail is not None and page.detail.no_tbp == "TBP-UJI-0001", timeout=20_000)
        item = page.detail
        assert item.jenis_belanja == "barang" and item.penerima_nama == "Toko Uji Klik Sumber Rejeki"
        before = item.kelengkapan
        missing = [b for b in item.bukti if b.wajib and b.status == "belum_ada"]
        assert before.terpenuhi == 0 and len(missing) >= 3
        assert page.table.item(page.table.currentRow(), 5).background().color().name() == "#ffcdd2"  # red: nothing yet

        # 2. its checklist cover sheet, printed from the page: the QR names the item as a cover
        _click(qtbot, page, "act_spj_cover")
        cover = _preview_pdf(qtbot)
        text = _pdftotext(cover, tmp_path)
        assert "LEMBAR SAMPUL BUKTI SPJ" in text and "Pembelian kertas HVS" in text and "Rp1.750.000,00" in text
        assert all(b.nama in text for b in missing[:3])
        assert [(c.ref.kind, c.ref.id) for c in qr_codes(cover)] == [("spj_sampul", item.id)]

        # 3. the cover with three receipts behind it, through the office's scanner, into the folder
        receipts = [T.tiny_pdf(f"NOTA TOKO SUMBER REJEKI no. {n} kertas HVS") for n in (501, 502, 503)]
        scan = T.scannerize(T.concat_pdfs([cover, *receipts]), random.Random(3), fmt="PDF")
        (folder / "sampul-spj.pdf").write_bytes(scan)

        # 4. three documents land on the item, the next three missing documents become lengkap
        def landed() -> bool:
            return page.detail is not None and page.detail.kelengkapan.terpenuhi == 3

        qtbot.waitUntil(landed, timeout=90_000)
        after = page.detail
        assert after.id == item.id
        filled = {b.nama: b for b in after.bukti if b.document_ids}
        assert sorted(filled) == sorted(b.nama for b in missing[:3])
        assert all(b.status == "lengkap" and len(b.document_ids) == 1 for b in filled.values())
        assert after.kelengkapan.persen > before.persen
        with office.reader() as uow:
            links = uow.session.execute(select(DocumentLink.document_id).where(
                DocumentLink.record_kind == "spj_item", DocumentLink.record_id == item.id,
                DocumentLink.role == "bukti")).scalars().all()
        assert len(links) == 3 and len(set(links)) == 3
        checklist_files = [page.checklist.item(r, 4).text() for r in range(page.checklist.rowCount())]
        assert checklist_files.count("1") == 3  # shown on the checklist, not only in the database
        row = page.table.currentRow()
        assert page.table.item(row, 5).text().startswith("3/")
        assert page.table.item(row, 5).background().color().name() == "#fff3c4"  # yellow: partly complete
        assert uiharness.error_boxes() == []
    finally:
        win.ctx.ingest.stop()


def test_kwitansi_printed_from_the_page_reads_back_terbilang_signers_and_meterai(office, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with office.uow(actor=SYSTEM) as uow:
        sk = next(ln for ln in spj.budget_lines(uow, 2026) if ln.kode == "7.01.01.2.02.0099")
        rek = spj.rekening_list(uow, sub_kegiatan_id=sk.id)[0][0]
        sup = spj.suppliers(uow, "Uji Klik")[0]
        import datetime as dt

        view = spj.create_item(uow, spj.ItemInput(tanggal=dt.date(2026, 11, 20), sub_kegiatan_id=sk.id,
                                                  rekening_id=rek, jenis_belanja="barang",
                                                  uraian="Pengadaan printer untuk pelayanan", jumlah=12_345_678,
                                                  penerima_jenis="penyedia", supplier_id=sup.id,
                                                  penerima_nama="Toko Uji Klik Sumber Rejeki"))
        uow.commit()
    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    page.open_record(view.id)
    assert page.detail is not None and page.detail.id == view.id
    _click(qtbot, page, "act_spj_kwitansi")
    pdf = _preview_pdf(qtbot)
    text = _pdftotext(pdf, tmp_path)
    words = ("Dua Belas Juta Tiga Ratus Empat Puluh Lima Ribu Enam Ratus Tujuh Puluh Delapan Rupiah")
    assert words in " ".join(" ".join(page_texts(pdf)).split())
    assert "Rp12.345.678,00" in text
    assert "Setuju dibayar, Pengguna Anggaran" in text and "Lunas dibayar" in text
    from tatausaha.idformat import format_nip
    from tatausaha.spj.printdata import signers

    with office.reader() as uow:
        pa, bendahara = signers(uow)  # the office's Camat (PA) and its Bendahara Pengeluaran
    assert pa.nip and bendahara.nama == "Uji Bendahara, S.E."
    for s in (pa, bendahara):
        assert s.nama in text and f"NIP. {format_nip(s.nip)}" in text
    assert "Meterai" in text and "Rp10.000" in text  # above Rp5.000.000 in 2026: the UU 10/2020 rule's Rp10.000
    assert [(c.ref.kind, c.ref.id) for c in qr_codes(pdf)] == [("kwitansi", view.id)]


def test_closing_an_incomplete_item_needs_the_pimpinan_and_a_reason(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    with office.uow(actor=SYSTEM) as uow:
        sk = next(ln for ln in spj.budget_lines(uow, 2026) if ln.kode == "7.01.01.2.02.0099")
        rek = spj.rekening_list(uow, sub_kegiatan_id=sk.id)[0][0]
        view = spj.create_item(uow, spj.ItemInput(tanggal=dt.date(2026, 11, 21), sub_kegiatan_id=sk.id,
                                                  rekening_id=rek, jenis_belanja="barang",
                                                  uraian="Materai dan map untuk uji tutup", jumlah=300_000,
                                                  penerima_jenis="orang", penerima_nama="Budi Santoso"))
        uow.commit()
    clerk = _window(qtbot, office, "staf")
    page = clerk.show_page("spj")
    page.open_record(view.id)
    _click(qtbot, page, "act_spj_close")
    dlg = uiharness.open_top_level(CloseDialog)
    assert not uiharness.accept_button(dlg).isEnabled()  # a clerk cannot close it while documents are missing
    dlg.reject()
    clerk.close()

    boss = _window(qtbot, office, "camat")
    page = boss.show_page("spj")
    page.open_record(view.id)
    _click(qtbot, page, "act_spj_close")
    dlg = uiharness.open_top_level(CloseDialog)
    qtbot.keyClicks(dlg.alasan, "Nota asli hilang; diganti surat pernyataan penyedia")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.status == "ditutup", timeout=20_000)
    assert "Nota asli hilang" in page.head.text()
    assert not page.act_edit.isEnabled() and not page.act_close.isEnabled()
    from tatausaha.models.audit import AuditLog

    with office.reader() as uow:
        ev = uow.session.execute(select(AuditLog.after, AuditLog.actor_name).where(
            AuditLog.action == "spj_tutup_override", AuditLog.entity_id == str(view.id))).all()
    assert len(ev) == 1 and "Nota asli hilang" in (ev[0][0] or "") and ev[0][1]


def _item_with_taxes(ctx) -> int:  # type: ignore[no-untyped-def]
    import datetime as dt

    with ctx.uow(actor=SYSTEM) as uow:
        sk = next(ln for ln in spj.budget_lines(uow, 2026) if ln.kode == "7.01.01.2.02.0099")
        rek = spj.rekening_list(uow, sub_kegiatan_id=sk.id)[0][0]
        sup = spj.save_supplier(uow, SupplierInput(nama="CV Uji Pajak Makmur", pkp=True, npwp="019876543210000"))
        view = spj.create_item(uow, spj.ItemInput(tanggal=dt.date(2026, 12, 10), sub_kegiatan_id=sk.id,
                                                  rekening_id=rek, jenis_belanja="barang",
                                                  uraian="Pengadaan kursi rapat uji pajak", jumlah=11_100_000,
                                                  penerima_jenis="penyedia", supplier_id=sup.id,
                                                  penerima_nama="CV Uji Pajak Makmur"))
        ppn = next(p for p in view.pajak if p.jenis == "ppn")
        spj.record_tax_deposit(uow, ppn.id, tanggal_setor=dt.date(2026, 12, 15), ntpn="NTPNUJI0000000001")
        uow.commit()
        return view.id


def test_files_dropped_on_a_checklist_row_become_that_document(office, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    item_id = _item_with_taxes(office)
    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    page.open_record(item_id)
    row = next(r for r, b in enumerate(page.detail.bukti) if b.status == "belum_ada")
    name = page.detail.bukti[row].nama
    scan = tmp_path / "faktur-kursi.pdf"
    scan.write_bytes(T.tiny_pdf("FAKTUR CV UJI PAJAK MAKMUR kursi rapat"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    rect = page.checklist.visualItemRect(page.checklist.item(row, 0))
    drop = QDropEvent(QPointF(rect.center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(rect.center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page.checklist.viewport(), enter)  # the drag comes in over the row …
    assert enter.isAccepted()
    QApplication.sendEvent(page.checklist.viewport(), drop)  # … and is let go there
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: page.detail is not None and any(b.nama == name and b.document_ids
                                                           for b in page.detail.bukti), timeout=20_000)
    b = next(b for b in page.detail.bukti if b.nama == name)
    assert b.status == "lengkap" and page.checklist.item(row, 2).text() == "Lengkap"
    with office.reader() as uow:
        from tatausaha.models.document import Document

        doc = uow.session.get(Document, b.document_ids[0])
        assert doc is not None and doc.original_name == "faktur-kursi.pdf"


def test_bku_and_tax_recap_by_clicks_as_pdf_and_xlsx(office, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from openpyxl import load_workbook
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QFileDialog

    from tatausaha.ui.spj.dialogs import PeriodDialog

    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    _item_with_taxes(office)  # in December, after the demo's items (dated up to the demo day, 1 December)
    win = _window(qtbot, office, "kasubag")
    page = win.show_page("spj")

    _click(qtbot, page, "act_spj_tax")
    dlg = uiharness.open_top_level(PeriodDialog)
    dlg.start.setDate(QDate(2026, 12, 2))
    dlg.end.setDate(QDate(2026, 12, 31))
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    pdf = _preview_pdf(qtbot)
    text = _pdftotext(pdf, tmp_path)
    assert "REKAPITULASI PAJAK" in text and "Periode 2 Desember 2026 s.d. 31 Desember 2026" in text
    assert "NTPNUJI0000000001" in text and "15-12-2026" in text
    # PPN 12 % of a DPP of 11/12 (1.221.000, paid in) and PPh 22 1,5 % (166.500, still due)
    assert "JUMLAH SELURUH PAJAK 1.387.500,00 1.221.000,00 166.500,00" in text
    assert "belum disetor Rp166.500,00" in text

    _click(qtbot, page, "act_spj_bku")
    dlg = uiharness.open_top_level(PeriodDialog)
    dlg.start.setDate(QDate(2026, 12, 2))
    dlg.end.setDate(QDate(2026, 12, 31))
    dlg.fmt.setCurrentIndex(dlg.fmt.findData("xlsx"))
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, QFileDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=10_000)
    save = uiharness.open_top_level(QFileDialog)
    target = tmp_path / "bku-desember.xlsx"
    save.selectFile(str(target))
    save.accept()
    qtbot.waitUntil(target.exists, timeout=20_000)
    uiharness.idle(qtbot, win)
    rows = [list(r) for r in load_workbook(target).active.iter_rows(values_only=True)]
    pay = next(r for r in rows if r[3] == "Pengadaan kursi rapat uji pajak")
    assert pay[1].date() == dt.date(2026, 12, 10) and pay[6] == 11_100_000
    setor = next(r for r in rows if isinstance(r[3], str) and r[3].startswith("Setor PPN (NTPN NTPNUJI0000000001)"))
    assert setor[1].date() == dt.date(2026, 12, 15) and setor[6] > 0
    assert uiharness.error_boxes() == []


def test_beranda_cards_count_the_years_spj_and_open_the_page(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.spj.service import ItemFilter
    from tatausaha.ui.widgets.card import Card

    win = _window(qtbot, office, "camat")
    beranda = win.show_page("beranda")
    beranda.refresh()
    cards = {c.objectName(): c for c in beranda.findChildren(Card) if c.objectName().startswith("card_spj")}
    assert set(cards) == {"card_spj_persen", "card_spj_belum", "card_spj_lewat", "card_spj_siap"}
    with office.reader() as uow:
        items = spj.list_items(uow, ItemFilter(tahun=2026, limit=1_000_000))
        total = spj.rollup_total(uow, 2026)
    belum = sum(1 for i in items if not i.kelengkapan.lengkap)
    assert belum > 0  # the demo office has incomplete items
    assert cards["card_spj_belum"].value.text() == str(belum)
    assert cards["card_spj_persen"].value.text() == str(total.persen)
    assert cards["card_spj_siap"].value.text() == str(sum(1 for i in items if i.status == "siap"))
    qtbot.mouseClick(cards["card_spj_belum"].button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.show_page("spj") or
                    win.specs[win.nav.currentRow()].key == "spj", timeout=5_000)
    assert win.specs[win.nav.currentRow()].key == "spj"


def test_a_tax_deposit_is_recorded_by_clicks_and_the_recap_counts_it_paid(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.ui.spj.dialogs import TaxDialog

    item_id = _item_with_taxes(office)
    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    page.open_record(item_id)
    pph22 = next(p for p in page.detail.pajak if p.jenis == "pph22")
    assert not pph22.disetor
    qtbot.mouseClick(page.btn_tax, Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(TaxDialog)
    dlg.tax.setCurrentIndex(dlg.tax.findData(pph22.id))
    qtbot.keyClicks(dlg.ntpn, "NTPNPPH22UJI00001")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and all(p.disetor for p in page.detail.pajak), timeout=20_000)
    assert "PPh 22 Rp166.500,00 (disetor)" in page.taxes.text()
    import datetime as dt

    from tatausaha.spj import books, printdata

    with office.reader() as uow:
        mine = [e for e in printdata.tax_entries(uow, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
                if e.uraian == "Pengadaan kursi rapat uji pajak"]
    assert {e.jenis_pajak: (e.terutang, e.ntpn) for e in mine} == {
        "PPN": (0, "NTPNUJI0000000001"), "PPh 22": (0, "NTPNPPH22UJI00001")}
    assert books.tax_totals(mine)[0].terutang == 0


def test_an_evidence_state_changed_by_clicks_asks_why_and_shows_at_once(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.ui.spj.dialogs import BuktiStatusDialog

    item_id = _item_with_taxes(office)
    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    page.open_record(item_id)
    row = next(r for r, b in enumerate(page.detail.bukti) if b.wajib and b.status == "belum_ada")
    before = page.detail.kelengkapan.terpenuhi
    page.checklist.selectRow(row)
    qtbot.mouseClick(page.btn_status, Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(BuktiStatusDialog)
    dlg.status.setCurrentIndex(dlg.status.findData("tidak_berlaku"))
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)  # no reason: refused in Indonesian
    qtbot.waitUntil(lambda: bool(uiharness.error_boxes()), timeout=10_000)
    assert "alasan" in uiharness.close_error_boxes()[0].lower()
    qtbot.mouseClick(page.btn_status, Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(BuktiStatusDialog)
    dlg.status.setCurrentIndex(dlg.status.findData("tidak_berlaku"))
    qtbot.keyClicks(dlg.alasan, "Penyedia tidak menerbitkan dokumen ini")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.kelengkapan.terpenuhi == before + 1,
                    timeout=20_000)
    assert page.checklist.item(row, 2).text() == "Tidak berlaku"
    assert "Penyedia tidak menerbitkan" in page.checklist.item(row, 0).text()


def test_an_employee_is_chosen_as_payee_from_the_staff_area(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, office, "kasubag")
    page = win.show_page("spj")
    _click(qtbot, page, "act_spj_new")
    dlg = uiharness.open_top_level(ItemDialog)
    assert dlg.pegawai.count() > 10  # the demo office's employees, from the staff area
    dlg.sub_kegiatan.setCurrentIndex(dlg.sub_kegiatan.findText("7.01.01.2.02.0099", Qt.MatchFlag.MatchStartsWith))
    dlg.pegawai.setCurrentIndex(3)
    chosen = dlg.pegawai.currentText()
    assert dlg.penerima.text() == chosen and dlg.penerima_jenis.currentData() == "pegawai"
    qtbot.keyClicks(dlg.uraian, "Uang lembur uji pilih pegawai")
    qtbot.keyClicks(dlg.jumlah, "450.000")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.uraian == "Uang lembur uji pilih pegawai",
                    timeout=20_000)
    assert page.detail.penerima_jenis == "pegawai" and page.detail.pegawai_id == dlg.pegawai.currentData()
    assert page.detail.penerima_nama == chosen


# -- the budget and the supplier directory, kept from the SPJ page (issue 13 items 1 and 2) ----------


def _budget_dialog(qtbot, page):  # type: ignore[no-untyped-def]
    from tatausaha.ui.spj.budget import BudgetDialog

    _click(qtbot, page, "act_spj_budget")
    dlg = uiharness.open_top_level(BudgetDialog)
    dlg.year.setCurrentIndex(dlg.year.findData(2026))
    return dlg


def _sub_count(ctx, kode: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func

    from tatausaha.models.spj import SpjSubKegiatan

    with ctx.reader() as uow:
        return int(uow.session.execute(select(func.count(SpjSubKegiatan.id)).where(SpjSubKegiatan.kode == kode)).scalar())


def test_a_sub_kegiatan_typed_in_the_budget_is_offered_in_the_item_editor(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.ui.spj.budget import BudgetRowDialog

    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    budget = _budget_dialog(qtbot, page)
    assert uiharness.english_in(budget) == []
    assert budget.tree.topLevelItemCount() >= 1  # the year's programs, with kegiatan and sub-kegiatan below
    qtbot.mouseClick(budget.btn_add, Qt.MouseButton.LeftButton)
    row = uiharness.open_top_level(BudgetRowDialog)
    assert uiharness.english_in(row) == []
    for name, text in (("program_kode", "7.01.01"), ("program_nama", "Program Penunjang Urusan Pemerintahan"),
                       ("kegiatan_kode", "7.01.01.2.08"), ("kegiatan_nama", "Penyediaan Jasa Penunjang Urusan"),
                       ("sub_kode", "7.01.01.2.08.0077"), ("sub_nama", "Uji Ketik Jasa Kebersihan Kantor"),
                       ("sub_pagu", "24.000.000"), ("rekening_kode", "4.1.01.01"),
                       ("rekening_nama", "Belanja Jasa Kebersihan Uji"), ("pagu", "24.000.000")):
        row.edits[name].clear()
        qtbot.keyClicks(row.edits[name], text)
    row.jenis.setCurrentIndex(row.jenis.findData("jasa"))
    qtbot.mouseClick(uiharness.accept_button(row), Qt.MouseButton.LeftButton)
    # the service's sentence, under the rekening field; nothing half-written
    assert row.isVisible()
    assert "tidak dikenali" in row.errors.message("rekening_kode") and "4.1.01.01" in row.errors.message("rekening_kode")
    assert row.errors.message("program_kode") == "" and _sub_count(office, "7.01.01.2.08.0077") == 0
    row.edits["sub_pagu"].clear()
    qtbot.keyClicks(row.edits["sub_pagu"], "-5.000.000")
    row.edits["rekening_kode"].clear()
    qtbot.keyClicks(row.edits["rekening_kode"], "5.1.02.02.01.0077")
    qtbot.mouseClick(uiharness.accept_button(row), Qt.MouseButton.LeftButton)
    assert row.errors.message("sub_pagu") == "Pagu tidak boleh negatif." and row.errors.message("rekening_kode") == ""
    row.edits["sub_pagu"].clear()
    qtbot.keyClicks(row.edits["sub_pagu"], "24.000.000")
    qtbot.mouseClick(uiharness.accept_button(row), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not row.isVisible(), timeout=10_000)
    found = budget.tree.findItems("7.01.01.2.08.0077", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    assert len(found) == 1 and found[0].text(2) == "24.000.000"
    assert found[0].child(0).text(0) == "5.1.02.02.01.0077"  # its rekening line under it
    budget.tree.setCurrentItem(found[0].parent())  # the kegiatan renamed: only its own level is asked
    qtbot.mouseClick(budget.btn_edit, Qt.MouseButton.LeftButton)
    keg = uiharness.open_top_level(BudgetRowDialog)
    assert keg.edits["kegiatan_kode"].isReadOnly() and not keg.edits["sub_kode"].isVisibleTo(keg)
    keg.edits["kegiatan_nama"].clear()
    qtbot.keyClicks(keg.edits["kegiatan_nama"], "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah")
    qtbot.mouseClick(uiharness.accept_button(keg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not keg.isVisible(), timeout=10_000)
    found = budget.tree.findItems("7.01.01.2.08.0077", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    assert found[0].parent().text(1) == "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
    assert found[0].parent().text(2) == "24.000.000"  # a kegiatan's pagu: the sum of its sub kegiatan
    budget.reject()

    _click(qtbot, page, "act_spj_new")
    dlg = uiharness.open_top_level(ItemDialog)
    i = dlg.sub_kegiatan.findText("7.01.01.2.08.0077", Qt.MatchFlag.MatchStartsWith)
    assert i >= 0, "the typed sub-kegiatan is offered"
    dlg.sub_kegiatan.setCurrentIndex(i)
    assert [dlg.rekening.itemText(n) for n in range(dlg.rekening.count())] == [
        "5.1.02.02.01.0077 Belanja Jasa Kebersihan Uji"]
    assert dlg.jenis.currentData() == "jasa"
    dlg.reject()
    win.close()


def test_a_budget_file_with_bad_rows_imports_nothing_and_names_each_row_and_column(office, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox, QPushButton, QTableWidget
    from test_spj_import import BUDGET_HEAD, KEG, PROG, _xlsx

    from tatausaha.ui.spj.budget import BudgetImportCheckDialog

    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    sub = ["7.01.01.2.02.0088", "Uji Impor Klik Penyediaan Bahan Bacaan"]
    rows = [
        [2026, *PROG, *KEG, *sub, "5.1.02.01.01.0026", "Belanja Bahan Bacaan Uji", "barang", "3.000.000"],
        [2026, *PROG, *KEG, *sub, "4.1.01.01.01.0001", "Bukan rekening belanja", "barang", "1.000.000"],
        [2026, *PROG, *KEG, *sub, "5.1.02.01.01.0027", "Belanja Cetak Uji", "barang", "-250.000"],
        [2026, *PROG, *KEG, *sub, "5.1.02.01.01.0028", "Belanja Fotokopi Uji", "belanja antah berantah", "500.000"],
    ]
    bad = _xlsx(tmp_path / "dpa-rusak.xlsx", BUDGET_HEAD, rows)
    good = _xlsx(tmp_path / "dpa-baik.xlsx", BUDGET_HEAD, rows[:1])
    win = _window(qtbot, office, "kasubag")
    page = win.show_page("spj")
    budget = _budget_dialog(qtbot, page)

    def choose(path: Path) -> None:
        uiharness.choose_file(qtbot, path)
        qtbot.mouseClick(budget.btn_import, Qt.MouseButton.LeftButton)

    def checks() -> list[BudgetImportCheckDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, BudgetImportCheckDialog) and w.isVisible()]

    choose(bad)
    qtbot.waitUntil(lambda: bool(checks()), timeout=30_000)
    check = checks()[-1]
    table = check.findChild(QTableWidget, "import_problems")
    got = {(table.item(r, 0).text(), table.item(r, 1).text().split(" (")[0]): table.item(r, 2).text()
           for r in range(table.rowCount())}  # the column as the file names it, with its letter: "Pagu (K)"
    assert set(got) == {("5", "Kode Rekening"), ("6", "Pagu"), ("7", "Jenis Belanja")}, got
    assert "4.1.01.01.01.0001" in got[("5", "Kode Rekening")] and "antah berantah" in got[("7", "Jenis Belanja")]
    assert "negatif" in got[("6", "Pagu")]
    assert not check.findChild(QPushButton, "import_go").isVisible()
    assert "tidak ada yang diimpor" in check.summary.text() and uiharness.english_in(check) == []
    check.reject()
    uiharness.idle(qtbot, win)
    assert _sub_count(office, sub[0]) == 0  # not even the good row
    assert not budget.tree.findItems(sub[0], Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)

    choose(good)
    qtbot.waitUntil(lambda: bool(checks()) and checks()[-1] is not check, timeout=30_000)
    ok = checks()[-1]
    assert "1 baris anggaran" in ok.summary.text()
    assert _sub_count(office, sub[0]) == 0  # the check is a dry run
    done: list[str] = []
    uiharness.when_modal(qtbot, lambda box: (done.append(box.text()), box.accept()), kind=QMessageBox)
    qtbot.mouseClick(ok.findChild(QPushButton, "import_go"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert "1 baris anggaran diimpor" in done[0]
    assert _sub_count(office, sub[0]) == 1
    qtbot.waitUntil(lambda: bool(budget.tree.findItems(sub[0], Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
                                                       0)), timeout=10_000)
    win.close()


def test_a_supplier_added_in_the_directory_is_chosen_as_payee(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.ui.spj.suppliers import SupplierDialog, SupplierForm

    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    _click(qtbot, page, "act_spj_suppliers")
    directory = uiharness.open_top_level(SupplierDialog)
    assert uiharness.english_in(directory) == []
    before = directory.table.rowCount()
    assert before >= 1
    qtbot.mouseClick(directory.btn_add, Qt.MouseButton.LeftButton)
    form = uiharness.open_top_level(SupplierForm)
    assert uiharness.english_in(form) == []
    for name, text in (("nama", "CV Uji Klik Makmur Abadi"), ("bentuk", "CV"), ("npwp", "01.234.567"),
                       ("nik", "3275010101800001"), ("alamat", "Jl. Raya Jatisampurna No. 12"), ("rt_rw", "002/005"),
                       ("kelurahan", "Jatikarya"), ("kota", "Bekasi"), ("telepon", "021-8440000"),
                       ("bank_nama", "Bank BJB"), ("bank_rekening", "0012345678901"),
                       ("bank_atas_nama", "CV Uji Klik Makmur Abadi")):
        qtbot.keyClicks(form.edits[name], text)
    qtbot.mouseClick(form.pkp, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(uiharness.accept_button(form), Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.errors.message("npwp") == "NPWP harus 15 atau 16 angka."
    form.edits["npwp"].clear()
    qtbot.keyClicks(form.edits["npwp"], "09.876.543.2-109.000")
    qtbot.mouseClick(uiharness.accept_button(form), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    assert form.saved is not None and form.saved.pkp and form.saved.kota == "Bekasi"
    assert directory.table.rowCount() == before + 1
    qtbot.keyClicks(directory.search, "543.2-109")  # found by a piece of its NPWP
    assert directory.table.rowCount() == 1 and directory.table.item(0, 0).text() == "CV Uji Klik Makmur Abadi", [[directory.table.item(r, c).text() for c in range(6)] for r in range(directory.table.rowCount())]
    assert "Jatikarya" in directory.table.item(0, 3).text()
    directory.search.clear()
    qtbot.keyClicks(directory.search, "klik makmur")  # words in any order of the name
    assert directory.table.rowCount() == 1
    directory.table.selectRow(0)  # changed: the phone number
    qtbot.mouseClick(directory.btn_edit, Qt.MouseButton.LeftButton)
    edit = uiharness.open_top_level(SupplierForm)
    edit.edits["telepon"].clear()
    qtbot.keyClicks(edit.edits["telepon"], "0812-1111-2222")
    qtbot.mouseClick(uiharness.accept_button(edit), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not edit.isVisible(), timeout=10_000)
    assert directory.table.item(0, 4).text() == "0812-1111-2222"
    directory.reject()

    _click(qtbot, page, "act_spj_new")
    dlg = uiharness.open_top_level(ItemDialog)
    dlg.sub_kegiatan.setCurrentIndex(dlg.sub_kegiatan.findText("7.01.01.2.02.0099", Qt.MatchFlag.MatchStartsWith))
    i = dlg.supplier.findText("CV Uji Klik Makmur Abadi")
    assert i >= 0, "the new supplier is offered as payee"
    dlg.supplier.setCurrentIndex(i)
    assert dlg.penerima_jenis.currentData() == "penyedia" and dlg.penerima.text() == "CV Uji Klik Makmur Abadi"
    qtbot.keyClicks(dlg.uraian, "Pembelian alat kebersihan dari penyedia baru")
    qtbot.keyClicks(dlg.jumlah, "3.300.000")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.uraian.startswith("Pembelian alat kebersihan"),
                    timeout=20_000)
    assert page.detail.supplier_id == form.saved.id and page.detail.supplier_nama == "CV Uji Klik Makmur Abadi"
    assert page.detail.supplier is not None and page.detail.supplier.telepon == "0812-1111-2222"
    win.close()


def _click_row(qtbot, table, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_receipts_on_the_wrong_rows_are_moved_by_clicks_and_completeness_follows(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Three receipts behind a cover sheet, scanned in the wrong order: one landed on the right row,
    one on an optional row where it does not belong, one on no row. The clerk moves both by clicks."""
    from tatausaha.services import documents
    from tatausaha.ui.spj.dialogs import MoveFileDialog

    item_id = _item_with_taxes(office)
    with office.uow(actor=SYSTEM) as uow:
        rows = [b for b in spj.item(uow, item_id).bukti if b.wajib]
        first, second, third = rows[0], rows[1], rows[2]
        extra = spj.add_bukti(uow, item_id, "Nota tambahan", wajib=False)
        docs = [documents.add_document_bytes(uow, office.store, T.tiny_pdf(f"NOTA CV UJI PAJAK no. {n}"),
                                             f"nota-{n}.pdf").id for n in (701, 702, 703)]
        spj.attach_file(uow, first.id, docs[0])  # right
        spj.attach_file(uow, extra.id, docs[1])  # wrong: it is the second required document
        documents.link_document(uow, docs[2], "spj_item", item_id, role="bukti")  # on the item, on no row
        uow.commit()

    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    page.open_record(item_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == item_id, timeout=20_000)
    before = page.detail.kelengkapan.terpenuhi
    assert page.loose_box.isVisible() and "Berkas tanpa baris (1)" in page.loose_label.text()
    assert page.loose.item(0, 0).text() == "nota-703.pdf"
    ids = [b.id for b in page.detail.bukti]
    assert not page.btn_move.isEnabled()  # nothing chosen yet

    # 1. the receipt on the optional row goes to the second required document
    _click_row(qtbot, page.checklist, ids.index(extra.id))
    assert page.btn_move.isVisible() and page.btn_move.isEnabled() and page.btn_move.text() == "Pindahkan berkas…"
    qtbot.mouseClick(page.btn_move, Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(MoveFileDialog)
    assert uiharness.english_in(dlg) == []
    targets = [dlg.target.item(i).text() for i in range(dlg.target.count())]
    assert targets[-1] == "Tanpa baris (tetap di item SPJ ini)" and not any("Nota tambahan" in t for t in targets)
    assert not uiharness.accept_button(dlg).isEnabled()  # no target chosen yet
    want = next(i for i in range(dlg.target.count()) if dlg.target.item(i).data(Qt.ItemDataRole.UserRole) == second.id)
    assert dlg.target.item(want).text().startswith(second.nama + " — Belum ada")
    qtbot.mouseClick(dlg.target.viewport(), Qt.MouseButton.LeftButton,
                     pos=dlg.target.visualItemRect(dlg.target.item(want)).center())
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.kelengkapan.terpenuhi == before + 1,
                    timeout=20_000)
    got = {b.id: b for b in page.detail.bukti}
    assert got[second.id].document_ids == (docs[1],) and got[second.id].status == "lengkap"
    assert got[extra.id].document_ids == () and got[extra.id].status == "belum_ada"
    r2, rx = ids.index(second.id), ids.index(extra.id)
    assert (page.checklist.item(r2, 2).text(), page.checklist.item(r2, 4).text()) == ("Lengkap", "1")
    assert (page.checklist.item(rx, 2).text(), page.checklist.item(rx, 4).text()) == ("Belum ada", "0")
    list_row = page.table.currentRow()
    assert page.table.item(list_row, 5).text().startswith(f"{before + 1}/")

    # 2. the page on no row goes onto the third required document; the "tanpa baris" list empties
    _click_row(qtbot, page.loose, 0)
    assert page.btn_move_loose.isEnabled()
    qtbot.mouseClick(page.btn_move_loose, Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(MoveFileDialog)
    assert dlg.file.currentData() == docs[2]
    want = next(i for i in range(dlg.target.count()) if dlg.target.item(i).data(Qt.ItemDataRole.UserRole) == third.id)
    qtbot.mouseClick(dlg.target.viewport(), Qt.MouseButton.LeftButton,
                     pos=dlg.target.visualItemRect(dlg.target.item(want)).center())
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.kelengkapan.terpenuhi == before + 2,
                    timeout=20_000)
    assert {b.id: b for b in page.detail.bukti}[third.id].document_ids == (docs[2],)
    assert not page.loose_box.isVisible()
    assert uiharness.error_boxes() == []
    with office.reader() as uow:  # each file still linked to the item once
        links = uow.session.execute(select(DocumentLink.document_id).where(
            DocumentLink.record_kind == "spj_item", DocumentLink.record_id == item_id,
            DocumentLink.role == "bukti")).scalars().all()
    assert sorted(links) == sorted(docs)

    # the auditor sees the files but no move
    audit = _window(qtbot, office, "auditor")
    apage = audit.show_page("spj")
    apage.open_record(item_id)
    qtbot.waitUntil(lambda: apage.detail is not None and apage.detail.id == item_id, timeout=20_000)
    _click_row(qtbot, apage.checklist, r2)
    assert not apage.btn_move.isVisible() and not apage.btn_move_loose.isVisible()


def test_tandai_siap_asks_first_batal_changes_nothing_and_beri_nomor_numbers_the_item(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    item_id = _item_with_taxes(office)
    win = _window(qtbot, office, "staf")
    page = win.show_page("spj")
    page.open_record(item_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == item_id, timeout=20_000)
    assert page.detail.status == "draft" and page.act_ready.isEnabled()

    asked: list[str] = []

    def answer(label: str):  # type: ignore[no-untyped-def]
        def click(box) -> None:  # type: ignore[no-untyped-def]
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == label).click()
        return click

    uiharness.when_modal(qtbot, answer("Batal"), kind=QMessageBox)
    page.act_ready.trigger()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=10_000)
    assert "Beri nomor SPJ" in asked[0]
    with office.reader() as uow:
        kept = spj.item(uow, item_id)
    assert (kept.nomor, kept.status) == ("", "draft")  # Batal: nothing changed

    uiharness.when_modal(qtbot, answer("Beri nomor"), kind=QMessageBox)
    page.act_ready.trigger()
    qtbot.waitUntil(lambda: page.detail is not None and bool(page.detail.nomor), timeout=20_000)
    assert page.detail.status != "draft" and page.detail.nomor.endswith("/SPJ/2026")
    assert uiharness.error_boxes() == []
