"""Small widgets shared by the correspondence dialogs."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tatausaha.correspondence import instansi
from tatausaha.correspondence.common import DERAJAT_LABELS, KANAL_LABELS, KEAMANAN_LABELS
from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.idparse import parse_tanggal
from tatausaha.ui.errors import show_error

T = TypeVar("T")
D = TypeVar("D", bound=QDialog)


def esc(text: object) -> str:
    return html.escape(str(text or ""))


def fmt_date(d: dt.date | None) -> str:
    return "" if d is None else f"{d.day:02d}-{d.month:02d}-{d.year}"


def open_dialog(parent: QWidget, make: Callable[[], D]) -> D | None:
    """Build a dialog (building may read the database and refuse) and open it; a refusal is shown, not raised."""
    try:
        dlg = make()
    except TatausahaError as exc:
        show_error(parent, exc)
        return None
    dlg.open()
    return dlg


def select_data(combo: QComboBox, value: object) -> None:
    """Select the item carrying ``value`` (the first item when none does)."""
    combo.setCurrentIndex(max(0, combo.findData(value)))


def toolbar_action(owner: QWidget, tb: QToolBar, text: str, slot: Any, key: Any = None) -> QAction:
    """A toolbar action whose shortcut works anywhere inside ``owner`` (the page), shown in its tooltip.

    ``slot`` is called with no arguments: ``triggered`` carries a ``checked`` flag that would
    otherwise land in the slot's first optional parameter (``new_letter(reply_to_id=False)``).
    """
    a = QAction(text, owner)
    if key is not None:
        a.setShortcut(key)
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.setToolTip(f"{text} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
    a.triggered.connect(lambda _checked=False: slot())
    tb.addAction(a)
    owner.addAction(a)
    return a


def page_layout(page: QWidget, tb: QToolBar, top: Any, left: QWidget, right: QWidget, sizes: list[int]) -> QVBoxLayout:
    """A page's usual shape: toolbar, a filter row, then a list beside its detail."""
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(right)
    split.setSizes(sizes)
    lay = QVBoxLayout(page)
    lay.addWidget(tb)
    lay.addLayout(top)
    lay.addWidget(split, 1)
    return lay


def text_edit(height: int | None = 60) -> QPlainTextEdit:
    """A multi-line field where Tab moves on to the next field (keyboard-first forms)."""
    t = QPlainTextEdit()
    t.setTabChangesFocus(True)
    if height is not None:
        t.setFixedHeight(height)
    return t


def dialog_buttons(
    dialog: QDialog, on_ok: Any, ok_text: str | None = None,
    ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> QDialogButtonBox:
    """OK/Save + Batal; Ctrl+S does what OK does, Esc cancels."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text is not None:
        buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("Batal"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    QShortcut(QKeySequence.StandardKey.Save, dialog, on_ok)
    return buttons


class DateEdit(QLineEdit):
    """A date typed the way clerks write it: 12-08-2024, 12/08/24, 12 Agustus 2024, 12 Agt 2024."""

    def __init__(self, value: dt.date | None = None, *, required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.required = required
        self.setPlaceholderText("hh-bb-tttt")
        self.setMaximumWidth(170)
        self.set_date(value)
        self.editingFinished.connect(self._normalise)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(fmt_date(value))

    def _normalise(self) -> None:
        try:
            d = parse_tanggal(self.text())
        except ValueError:
            self.setStyleSheet("background: #fde7e4;")
            return
        self.setStyleSheet("")
        if d is not None:
            self.setText(fmt_date(d))

    def date(self, label: str = "Tanggal") -> dt.date | None:
        try:
            d = parse_tanggal(self.text())
        except ValueError as exc:
            raise ValidationFailed(f"{label}: {exc}.") from exc
        if d is None and self.required:
            raise ValidationFailed(f"{label} wajib diisi.")
        return d


def choice_combo(labels: dict[str, str], current: str = "") -> QComboBox:
    combo = QComboBox()
    for key, label in labels.items():
        combo.addItem(label, key)
    if current:
        i = combo.findData(current)
        if i >= 0:
            combo.setCurrentIndex(i)
    return combo


def derajat_combo(current: str = "biasa") -> QComboBox:
    return choice_combo(DERAJAT_LABELS, current)


def keamanan_combo(current: str = "biasa") -> QComboBox:
    return choice_combo(KEAMANAN_LABELS, current)


def kanal_combo(current: str = "manual") -> QComboBox:
    return choice_combo(KANAL_LABELS, current)


class InstansiEdit(QLineEdit):
    """Sender/addressee with autocomplete from the instansi directory (names, aliases, abbreviations)."""

    def __init__(self, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self._model = QStringListModel(self)
        comp = QCompleter(self._model, self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(comp)
        self.textEdited.connect(self._suggest)

    def _suggest(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        with self.ui.reader() as uow:
            hits = instansi.find(uow, text, limit=12)
        names: list[str] = []
        for h in hits:
            names.append(h.nama)
        self._model.setStringList(names)


class ScanDropList(QWidget):
    """Files to attach: drag and drop from the file manager or the scanner folder, with a preview."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.files: list[Path] = []
        self.list = QListWidget()
        self.list.setMaximumHeight(90)
        self.list.currentRowChanged.connect(self._preview)
        self.preview = QLabel(self.tr("Seret berkas pindaian (PDF/JPG/PNG) ke sini"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(180, 230)
        self.preview.setStyleSheet("border: 1px dashed #999; color: #666; background: #fafafa;")
        add = QPushButton(self.tr("Tambah berkas…"))
        add.clicked.connect(self._browse)
        remove = QPushButton(self.tr("Hapus dari daftar"))
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.preview, 1)
        lay.addWidget(self.list)
        lay.addLayout(buttons)

    def sha256s(self) -> list[str]:
        out = []
        for f in self.files:
            try:
                out.append(hashlib.sha256(f.read_bytes()).hexdigest())
            except OSError:
                continue
        return out

    def add_files(self, paths: list[Path]) -> None:
        for p in paths:
            p = Path(p)
            if p.is_file() and p not in self.files:
                self.files.append(p)
                self.list.addItem(QListWidgetItem(p.name))
        if self.files:
            self.list.setCurrentRow(len(self.files) - 1)
        self.changed.emit()

    def _browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Pilih berkas pindaian"), "",
                                                self.tr("Pindaian (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"))
        self.add_files([Path(n) for n in names])

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.files):
            self.files.pop(row)
            self.list.takeItem(row)
            self.changed.emit()
            if not self.files:
                self.preview.setPixmap(QPixmap())
                self.preview.setText(self.tr("Seret berkas pindaian (PDF/JPG/PNG) ke sini"))

    def _preview(self, row: int) -> None:
        if not 0 <= row < len(self.files):
            return
        path = self.files[row]
        try:
            from tatausaha.services.documents import sniff_mime
            from tatausaha.ui.ingest.preview import render_pages, to_qimage

            data = path.read_bytes()
            mime = sniff_mime(data[:16], path.name)
            img = render_pages(data, mime, dpi=40, count=1)[0]
            pix = QPixmap.fromImage(to_qimage(img)).scaled(
                self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            self.preview.setPixmap(pix)
        except Exception:  # noqa: BLE001 - a broken file is refused when saving; the preview just says so
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Pratinjau tidak tersedia: %1").replace("%1", path.name))

    # drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files(paths)
        event.acceptProposedAction()
