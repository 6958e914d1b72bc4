"""Scans where decisions are made (issue 9 item 12): the disposition dialog shows the letter's scan;
an attachment opens in the built-in viewer (PDF, image) or, for other files, in the system's program
through a copy named with the original name and extension."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tatausaha import clock
from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.correspondence import letters
from tatausaha.ingest import testing as T
from tatausaha.services import accounts
from tatausaha.ui.attachment import ImageViewerDialog, safe_name
from tatausaha.ui.context import UiContext
from tatausaha.ui.correspondence.forms import DisposisiDialog
from tatausaha.ui.mainwindow import MainWindow
from tatausaha.ui.print_preview import PrintPreviewDialog

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]

DOCX = b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 64


@pytest.fixture
def letters_with_files(demo_ctx, tmp_path):
    operator = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    files = tmp_path / "berkas"
    files.mkdir()
    (files / "surat-undangan.pdf").write_bytes(T.letter_pdf(None, nomor="005/77/Disdik/2026", hal="Undangan Rapat"))
    img = QImage(400, 560, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    img.save(str(files / "foto-lampiran.png"))
    (files / "daftar hadir.docx").write_bytes(DOCX)
    today = clock.today()
    with demo_ctx.uow(actor=operator) as uow:
        with_scan = T.make_surat_masuk(uow, nomor_surat="005/77/Disdik/2026", perihal="Undangan rapat koordinasi",
                                       tahun=today.year, nomor_agenda=9001, tanggal=today)
        without = T.make_surat_masuk(uow, nomor_surat="005/78/Disdik/2026", perihal="Pemberitahuan jadwal",
                                     tahun=today.year, nomor_agenda=9002, tanggal=today)
        letters.attach_files(uow, demo_ctx.store, "surat_masuk", with_scan,
                             [files / "surat-undangan.pdf", files / "foto-lampiran.png", files / "daftar hadir.docx"])
        uow.commit()
    return with_scan, without, files


@pytest.fixture
def opened(monkeypatch):
    """What the system was asked to open (QDesktopServices.openUrl is the operating system's door)."""
    urls: list[Path] = []

    def fake_open(url):  # type: ignore[no-untyped-def]
        urls.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr("tatausaha.ui.attachment.QDesktopServices.openUrl", fake_open)
    return urls


def _window(qtbot, ctx, username: str) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(UiContext(ctx, accounts.login(ctx.db, username, DEMO_PASSWORD)))
    qtbot.addWidget(win)
    win.show()
    return win


def _new_dialogs(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_disposition_dialog_shows_the_letters_scan(qtbot, demo_ctx, letters_with_files, opened):
    with_scan, without, files = letters_with_files
    win = _window(qtbot, demo_ctx, "camat")
    page = win.show_page("surat_masuk")
    page.open_record(with_scan)
    page.act_dispose.trigger()
    dlg = next(d for d in _new_dialogs(DisposisiDialog))
    scan = dlg.scan
    # the PDF first, shown in the built-in viewer beside the form
    assert [scan.choice.itemText(i) for i in range(scan.choice.count())] == [
        "surat-undangan.pdf", "foto-lampiran.png", "daftar hadir.docx"]
    assert scan.stack.currentWidget() is scan.pdf and scan.pdf.page_count == 1
    # the photo
    scan.choice.setCurrentIndex(1)
    assert scan.stack.currentWidget() is scan._image_area
    assert scan.image.pixmap() is not None and not scan.image.pixmap().isNull()
    # a Word file cannot be shown here: "Buka…" hands a named copy to the system's program
    scan.choice.setCurrentIndex(2)
    assert "Buka" in scan.message.text()
    qtbot.mouseClick(scan.btn_open, Qt.MouseButton.LeftButton)
    assert opened and opened[-1].name == "daftar hadir.docx"
    assert opened[-1].read_bytes() == DOCX
    dlg.reject()

    page.open_record(without)
    page.act_dispose.trigger()
    dlg = next(d for d in _new_dialogs(DisposisiDialog))
    assert dlg.scan.stack.currentWidget() is dlg.scan.message
    assert "belum mempunyai pindaian" in dlg.scan.message.text()
    assert not dlg.scan.btn_open.isEnabled()
    dlg.reject()
    win.close()


def test_attachments_open_by_double_click(qtbot, demo_ctx, letters_with_files, opened):
    with_scan, _without, _files = letters_with_files
    win = _window(qtbot, demo_ctx, "operator")
    page = win.show_page("surat_masuk")
    page.open_record(with_scan)
    files = page.history.files

    def double_click(name: str) -> None:
        item = next(files.item(i) for i in range(files.count()) if files.item(i).text().startswith(name))
        files.scrollToItem(item)
        rect = files.visualItemRect(item)
        assert files.isVisible() and rect.isValid(), (files.isVisible(), rect)
        qtbot.mouseClick(files.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(files.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    double_click("surat-undangan.pdf")
    previews = _new_dialogs(PrintPreviewDialog)
    assert previews and "surat-undangan.pdf" in previews[-1].windowTitle()
    previews[-1].close()
    double_click("foto-lampiran.png")
    viewers = _new_dialogs(ImageViewerDialog)
    assert viewers and not viewers[-1].pixmap.isNull()
    viewers[-1].close()
    assert opened == []  # nothing went to the system so far
    double_click("daftar hadir.docx")
    assert [p.name for p in opened] == ["daftar hadir.docx"]
    assert opened[0].suffix == ".docx" and opened[0].read_bytes() == DOCX
    win.close()


@pytest.mark.parametrize(("name", "mime", "expected"), [
    ("laporan.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "laporan.xlsx"),
    ("C:\\Users\\tu\\scan 01.pdf", "application/pdf", "scan 01.pdf"),
    ("tanpa-ekstensi", "application/pdf", "tanpa-ekstensi.pdf"),
    ("bad:name?.txt", "text/plain", "bad_name_.txt"),
])
def test_the_copy_keeps_a_usable_name_and_extension(name, mime, expected):
    assert safe_name(name, mime) == expected
