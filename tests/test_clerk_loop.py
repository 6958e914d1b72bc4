"""The clerk's loop by clicks and keys (issue 9 item 3), on the real MainWindow, one window per person
logged in through the log-in dialog:

operator registers a surat masuk with its scan (a real PDF, dropped on the form) → the Camat disposes it to
the Sekcam → the Sekcam forwards it to the Kasubag → the Kasubag records the follow-up → the operator starts
the reply from the letter → the Kasubag initials it (from his Beranda queue) and the Camat signs → the
operator numbers it → prints it (preview, save as PDF, read back) → Ctrl+K finds it → the reply closed the
incoming letter's circle (its status says Selesai).

Every step goes through widgets: QAction.trigger() of toolbar/menu actions, clicks, key presses, typing;
never a page's Python method. Only the OS file dialog is answered by a stand-in (it is not ours).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select
from uiharness import accept_button, open_top_level

from tatausaha.app import setup
from tatausaha.models.correspondence import Disposisi, SuratKeluar, SuratMasuk
from tatausaha.models.document import DocumentLink
from tatausaha.printing.readback import page_texts
from tatausaha.services import accounts, office
from tatausaha.services.auth import SYSTEM, Role
from tatausaha.ui.context import UiContext

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]

PASSWORD = "sandi-kantor-1"
PERIHAL = "Permohonan data penerima bantuan sosial triwulan IV"


def _office(ctx) -> None:  # type: ignore[no-untyped-def]
    """The people of the loop, with passwords: they log in through the dialog."""
    from tatausaha.app.demo import OFFICE, PEOPLE, UNITS

    setup.ensure_reference_data(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        office.save_office(uow, OFFICE)
        units: dict[str, int] = {}
        for kode, nama, parent in UNITS:
            units[kode] = office.save_unit(uow, kode, nama, parent_id=units.get(parent) if parent else None).id
        for username, nama, jabatan, nip, pangkat, gol, unit, role, can_sign in PEOPLE:
            if username not in ("camat", "sekcam", "kasubag", "operator"):
                continue
            o = office.save_official(uow, nama=nama, jabatan=jabatan, nip=nip, pangkat=pangkat, golongan=gol,
                                     unit_id=units.get(unit) if unit else None, can_sign=can_sign)
            accounts.create_user(uow, username, nama, Role(role), PASSWORD, unit_id=units.get(unit) if unit else None,
                                 official_id=o.id)
        uow.commit()


def _scan_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "PEMERINTAH KOTA BEKASI - DINAS SOSIAL")
    c.drawString(72, 730, "Nomor: 400.9/311/Dinsos")
    c.drawString(72, 710, f"Hal: {PERIHAL}")
    c.showPage()
    c.save()
    return path


def _login(qtbot, ctx, username: str):  # type: ignore[no-untyped-def]
    from tatausaha.ui.login import LoginDialog
    from tatausaha.ui.mainwindow import MainWindow

    dlg = LoginDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.username, username)
    qtbot.keyClicks(dlg.password, PASSWORD)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.message.text()
    win = MainWindow(UiContext(ctx, dlg.actor))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # the person works in this window: its shortcuts are live
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    return win


NAVIGATED: list[str] = []


def _go(win, title: str):  # type: ignore[no-untyped-def]
    """Menu Buka → <page>, as a user does (Alt+n)."""
    for menu_action in win.menuBar().actions():
        for a in menu_action.menu().actions():
            if a.text() == title:
                a.trigger()
                NAVIGATED.append(title)
                return win.stack.currentWidget()
    raise AssertionError(f"no menu entry {title!r}")


def _click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: view.model().rowCount() > row, timeout=5000)
    col = next(c for c in range(view.model().columnCount()) if not view.isColumnHidden(c) and view.columnWidth(c) > 0)
    index = view.model().index(row, col)
    qtbot.waitUntil(lambda: view.isVisible() and not view.visualRect(index).isEmpty(), timeout=5000)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert view.currentIndex().row() == row


def _tick(qtbot, lst, text_start: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i in range(lst.count()) if lst.item(i).text().startswith(text_start))
    item = lst.item(row)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())
    if item.checkState() != Qt.CheckState.Checked:
        qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked


def _actions(page) -> dict[str, QAction]:  # type: ignore[no-untyped-def]
    return {a.text(): a for a in page.actions()}


def test_the_clerks_loop_by_clicks_and_keys(qtbot, ctx, tmp_path, monkeypatch) -> None:
    from tatausaha.ui.correspondence.forms import DisposisiDialog, NoteDialog, SuratMasukDialog
    from tatausaha.ui.correspondence.keluar_form import SuratKeluarDialog
    from tatausaha.ui.correspondence.keluar_page import SubmitDialog
    from tatausaha.ui.print_preview import PrintPreviewDialog

    NAVIGATED.clear()
    _office(ctx)
    scan = _scan_pdf(tmp_path / "dinsos-311.pdf")
    triggered = 0

    def fire(action: QAction) -> None:
        nonlocal triggered
        assert action.isEnabled(), action.text()
        action.trigger()
        triggered += 1

    # 1. the operator registers the letter, drops its scan on the form, saves
    win = _login(qtbot, ctx, "operator")
    page = _go(win, "Surat Masuk")
    fire(_actions(page)["Surat baru"])
    dlg = open_top_level(SuratMasukDialog)
    qtbot.keyClicks(dlg.nomor_surat, "400.9/311/Dinsos")
    qtbot.keyClicks(dlg.pengirim, "Dinas Sosial Kota Bekasi")
    dlg.pengirim.completer().popup().hide()
    qtbot.keyClicks(dlg.perihal, PERIHAL)
    qtbot.keyClicks(dlg.kode.edit, "400.9")  # Sosial: the reply inherits it, and its number carries it
    qtbot.keyClick(dlg.kode.edit, Qt.Key.Key_Tab)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    pos = dlg.scans.rect().center()
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dlg.scans, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(dlg.scans, QDropEvent(pos.toPointF(), Qt.DropAction.CopyAction, mime,
                                                 Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert dlg.scans.files == [scan]
    qtbot.mouseClick(accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=15000)
    masuk_id = dlg.saved_id
    with ctx.reader() as uow:
        m = uow.session.get(SuratMasuk, masuk_id)
        assert m.status == "terdaftar" and m.perihal == PERIHAL
        links = uow.session.execute(select(DocumentLink).where(DocumentLink.record_kind == "surat_masuk",
                                                               DocumentLink.record_id == masuk_id)).scalars().all()
        assert len(links) == 1 and ctx.store.read_bytes(links[0].sha256 if hasattr(links[0], "sha256") else
                                                         _sha(uow, links[0])) == scan.read_bytes()
    win.close()

    # 2. the Camat disposes it to the Sekcam (Ctrl+D on the list)
    win = _login(qtbot, ctx, "camat")
    beranda = _go(win, "Beranda").sections["correspondence"]
    assert beranda.c_belum.value.text() == "1"  # "Surat belum didisposisi"
    page = _go(win, "Surat Masuk")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    _click_row(qtbot, page.view, 0)  # the one letter of the day
    qtbot.waitUntil(lambda: page.history.files.count() >= 1, timeout=5000)
    assert "dinsos-311.pdf" in page.history.files.item(0).text()  # the scan is there where he decides
    qtbot.keyClick(page.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    triggered += 1
    disp = open_top_level(DisposisiDialog)
    _tick(qtbot, disp.recipients, "Sekretaris Kecamatan")
    _tick(qtbot, disp.instruksi, "Proses lebih lanjut")
    qtbot.keyClicks(disp.catatan, "Mohon disiapkan datanya.")
    qtbot.mouseClick(accept_button(disp), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(disp.created), timeout=10000)
    win.close()

    # 3. the Sekcam forwards it to the Kasubag
    win = _login(qtbot, ctx, "sekcam")
    inbox = _go(win, "Disposisi")
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=5000)
    _click_row(qtbot, inbox.view, 0)
    fire(_actions(inbox)["Teruskan…"])
    fwd = open_top_level(DisposisiDialog)
    _tick(qtbot, fwd.recipients, "Kepala Subbagian Umum dan Kepegawaian")
    _tick(qtbot, fwd.instruksi, "Siapkan jawaban")
    qtbot.mouseClick(accept_button(fwd), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(fwd.created), timeout=10000)
    win.close()

    # 4. the Kasubag records the follow-up (Ctrl+T, a note dialog)
    win = _login(qtbot, ctx, "kasubag")
    inbox = _go(win, "Disposisi")
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=5000)
    _click_row(qtbot, inbox.view, 0)

    def answer_note() -> None:
        note = open_top_level(NoteDialog)
        qtbot.keyClicks(note.text, "Data penerima bantuan sudah dihimpun; jawaban disiapkan operator.")
        qtbot.mouseClick(accept_button(note), Qt.MouseButton.LeftButton)

    QTimer.singleShot(200, answer_note)  # the note dialog may be modal
    qtbot.keyClick(inbox.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    triggered += 1
    qtbot.waitUntil(lambda: _hop_status(ctx, masuk_id, "Kepala Subbagian") == "ditindaklanjuti", timeout=10000)
    win.close()

    # 5. the operator starts the reply from the letter (Ctrl+B), picks the signer, saves, submits for paraf
    win = _login(qtbot, ctx, "operator")
    page = _go(win, "Surat Masuk")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    _click_row(qtbot, page.view, 0)
    qtbot.keyClick(page.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    triggered += 1
    draft = open_top_level(SuratKeluarDialog)
    assert draft.reply_id == masuk_id and "Dinas Sosial Kota Bekasi" in draft.tujuan.toPlainText()
    assert draft.hal.text() == f"Jawaban: {PERIHAL}"
    draft.signer.setCurrentIndex(draft.signer.findText("Camat Jatisampurna", Qt.MatchFlag.MatchStartsWith))
    draft.isi.setFocus()
    qtbot.keyClicks(draft.isi, "Dengan hormat, bersama ini kami sampaikan data penerima bantuan sosial.")
    qtbot.mouseClick(accept_button(draft), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: draft.saved_id is not None, timeout=10000)
    keluar_id = draft.saved_id
    keluar = win.stack.currentWidget()  # the reply opens in Surat Keluar
    qtbot.waitUntil(lambda: getattr(keluar, "current_id", None) == keluar_id, timeout=5000)
    assert not _actions(keluar)["Beri nomor"].isEnabled()  # unsigned: no number yet
    fire(_actions(keluar)["Ajukan paraf…"])
    sub = open_top_level(SubmitDialog)
    _tick(qtbot, sub.list, "Kepala Subbagian Umum dan Kepegawaian")
    qtbot.mouseClick(accept_button(sub), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Menunggu paraf" in keluar.detail.toPlainText(), timeout=10000)
    win.close()

    # 6. the Kasubag initials it from his Beranda queue (Enter on the row opens it)
    win = _login(qtbot, ctx, "kasubag")
    beranda = _go(win, "Beranda").sections["correspondence"]
    assert beranda.c_paraf.value.text() == "1"
    qtbot.mouseClick(beranda.c_paraf.button, Qt.MouseButton.LeftButton)
    assert beranda.queues.currentWidget() is beranda.approvals
    beranda.approvals.setCurrentRow(0)
    qtbot.keyClick(beranda.approvals, Qt.Key.Key_Return)
    keluar = win.stack.currentWidget()
    qtbot.waitUntil(lambda: getattr(keluar, "current_id", None) == keluar_id, timeout=5000)
    fire(_actions(keluar)["Paraf"])
    qtbot.waitUntil(lambda: "Menunggu tanda tangan" in keluar.detail.toPlainText(), timeout=10000)
    win.close()

    # 7. the Camat signs
    win = _login(qtbot, ctx, "camat")
    beranda = _go(win, "Beranda").sections["correspondence"]
    assert beranda.c_ttd.value.text() == "1" and beranda.c_belum.value.text() == "0"
    keluar = _go(win, "Surat Keluar")
    qtbot.waitUntil(lambda: keluar.model.rowCount() == 1, timeout=5000)
    _click_row(qtbot, keluar.view, 0)
    fire(_actions(keluar)["Tanda tangani"])
    qtbot.waitUntil(lambda: "Sudah ditandatangani" in keluar.detail.toPlainText(), timeout=10000)
    win.close()

    # 8. the operator numbers it (Ctrl+R), prints it (Ctrl+P → preview → Simpan sebagai PDF), reads it back
    win = _login(qtbot, ctx, "operator")
    keluar = _go(win, "Surat Keluar")
    qtbot.waitUntil(lambda: keluar.model.rowCount() == 1, timeout=5000)
    _click_row(qtbot, keluar.view, 0)
    qtbot.keyClick(keluar.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    triggered += 1
    with_number = lambda: _nomor(ctx, keluar_id)  # noqa: E731
    qtbot.waitUntil(lambda: bool(with_number()) and with_number() in keluar.detail.toPlainText(), timeout=10000)
    nomor = with_number()
    assert nomor == "400.9/1/Kec.JTS/XII/2026"
    fire(_actions(keluar)["Cetak"])
    preview = open_top_level(PrintPreviewDialog)
    target = tmp_path / "balasan-dinsos.pdf"
    monkeypatch.setattr("tatausaha.ui.print_preview.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), "PDF (*.pdf)"))
    qtbot.mouseClick(preview.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=10000)
    printed = " ".join(" ".join(page_texts(target)).split())
    assert nomor in printed and "Jawaban: Permohonan data penerima bantuan sosial" in printed
    assert "Drs. H. Ahmad Suryadi" in printed  # the signer
    preview.reject()

    # 9. Ctrl+K from anywhere: the search box finds the reply by its number
    qtbot.keyClick(win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    triggered += 1
    search = win.stack.currentWidget()
    assert search.box.hasFocus() or QApplication.focusWidget() is search.box
    qtbot.keyClicks(search.box, "bantuan sosial")
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(h.kind == "surat_keluar" and h.ref_id == keluar_id for h in search.model.hits),
                    timeout=10000)

    # 10. the reply closed the circle: the incoming letter is Selesai, every hop too
    page = _go(win, "Surat Masuk")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.model.row_at(0).status == "selesai", timeout=5000)
    _click_row(qtbot, page.view, 0)
    shown = page.history.toPlainText() if hasattr(page.history, "toPlainText") else _text_of(page.history)
    assert "Selesai" in shown and nomor in shown
    with ctx.reader() as uow:
        assert uow.session.get(SuratMasuk, masuk_id).status == "selesai"
        assert {d.status for d in uow.session.execute(select(Disposisi)).scalars()} == {"selesai"}
        assert uow.session.get(SuratKeluar, keluar_id).reply_to_id == masuk_id
    win.close()
    print(f"clerk's loop: {triggered} toolbar/shortcut actions and {len(NAVIGATED)} menu navigations triggered "
          "through widgets, 9 log-ins")
    assert triggered == 11 and len(NAVIGATED) >= 10


def _sha(uow, link) -> str:  # type: ignore[no-untyped-def]
    from tatausaha.models.document import Document

    return uow.session.get(Document, link.document_id).sha256


def _hop_status(ctx, masuk_id: int, jabatan_start: str) -> str:  # type: ignore[no-untyped-def]
    from tatausaha.models.office import Official

    with ctx.reader() as uow:
        for d in uow.session.execute(select(Disposisi).where(Disposisi.surat_masuk_id == masuk_id)).scalars():
            o = uow.session.get(Official, d.kepada_official_id) if d.kepada_official_id else None
            if o is not None and o.jabatan.startswith(jabatan_start):
                return d.status
    return ""


def _nomor(ctx, keluar_id: int) -> str:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return uow.session.get(SuratKeluar, keluar_id).nomor


def _text_of(widget) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QListWidget, QTextBrowser, QTreeWidget

    out = []
    for w in widget.findChildren(QTextBrowser):
        out.append(w.toPlainText())
    for w in widget.findChildren(QLabel):
        out.append(w.text())
    for w in widget.findChildren(QListWidget):
        out += [w.item(i).text() for i in range(w.count())]
    for w in widget.findChildren(QTreeWidget):
        it = w.invisibleRootItem()
        stack = [it]
        while stack:
            node = stack.pop()
            for i in range(node.childCount()):
                c = node.child(i)
                out.append(" ".join(c.text(k) for k in range(c.columnCount())))
                stack.append(c)
    return "\n".join(out)



