"""Issue 9 item 8: Qt's own dialogs and buttons speak Bahasa Indonesia, and no English or raw
exception text reaches the user. The visible widgets of the dialogs a clerk meets are walked for
common English words."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from tatausaha.ui.app import install_qt_indonesian

pytestmark = pytest.mark.gui

ENGLISH = re.compile(
    r"\b(Cancel|Open|Save|Show Details|Hide Details|Look in|File name|Files of type|Size|Date Modified|"
    r"Back|Forward|Print|Printer|Properties|Location|Copies|Options|Yes|No|Close|Apply|Help|Preview|"
    r"Output|Collate|Reverse|Grayscale|Pages|Selection|Current Page|Duplex|Name|Type|Detail View|List View|"
    r"Parent Directory|Create New Folder|All Files|Directory)\b"
)


@pytest.fixture(autouse=True)
def indonesian(qapp):
    installed = install_qt_indonesian(qapp)
    assert installed, "no Qt translation was installed"
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def visible_texts(root: QWidget) -> list[str]:
    """Every text a user can read in ``root``: labels, buttons, group titles, combo items, headers."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text().replace("&", ""))
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QHeaderView) and w.model() is not None:
            m = w.model()
            n = m.columnCount() if w.orientation() == Qt.Orientation.Horizontal else 0
            out += [str(m.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(n)]
    return [t for t in out if t]


def english_in(root: QWidget) -> list[str]:
    return [t for t in visible_texts(root) if ENGLISH.search(re.sub(r"<[^>]+>", " ", t))]


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
