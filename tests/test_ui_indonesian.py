"""Issue 9 item 8: Qt's own dialogs and buttons speak Bahasa Indonesia, and no English or raw
exception text reaches the user. The visible widgets of the dialogs a clerk meets are walked for
common English words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
)
from uiharness import english_in

from tatausaha.ui.app import install_qt_indonesian

pytestmark = pytest.mark.gui

@pytest.fixture(autouse=True)
def indonesian(qapp):
    installed = install_qt_indonesian(qapp)
    assert installed, "no Qt translation was installed"
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def test_standard_buttons_are_indonesian(qtbot):
    sb = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(sb.Ok | sb.Cancel | sb.Save | sb.Close | sb.Yes | sb.No | sb.Help | sb.Apply)
    qtbot.addWidget(box)
    box.show()
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert "Batal" in texts and "Simpan" in texts and "Tutup" in texts and "Ya" in texts and "Tidak" in texts
    assert english_in(box) == []


def test_message_box_details_button_is_indonesian(qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "Terjadi kesalahan", "Nomor surat sudah dipakai.",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.setDetailedText("rincian teknis")
    qtbot.addWidget(box)
    box.show()
    texts = [b.text() for b in box.buttons()]
    assert any("Tampilkan Rincian" in t for t in texts), texts
    assert english_in(box) == []
    box.close()


def test_file_dialog_is_indonesian(qtbot, tmp_path):
    (tmp_path / "surat.pdf").write_bytes(b"%PDF-1.4\n")
    dlg = QFileDialog(None, "Pilih berkas pindaian", str(tmp_path), "Pindaian (*.pdf)")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.wait(50)
    assert english_in(dlg) == []
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.wait(10)
    assert english_in(dlg) == []
    dlg.reject()


def test_print_dialog_is_indonesian(qtbot):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dlg = QPrintDialog(printer)
    dlg.setWindowTitle("Cetak dokumen")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.wait(20)
    assert english_in(dlg) == []
    dlg.reject()


def test_input_dialog_is_indonesian(qtbot):
    dlg = QInputDialog()
    dlg.setLabelText("Alasan pembatalan:")
    qtbot.addWidget(dlg)
    dlg.show()
    assert english_in(dlg) == []
    dlg.reject()


def test_search_help_has_no_english_operator(qtbot, ctx):
    from tatausaha.services.auth import SYSTEM
    from tatausaha.ui.context import UiContext
    from tatausaha.ui.pages.search import create_page

    page = create_page(UiContext(ctx, SYSTEM))
    qtbot.addWidget(page)
    text = page.help.text()
    assert " OR " not in text and "ATAU" in text
