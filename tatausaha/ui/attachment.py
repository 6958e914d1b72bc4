"""Opening an archived file where a decision is made.

PDFs and scanned images open in the built-in viewer. Any other file (a .docx, .xlsx …) opens in
the system's own program through a temporary copy that carries its original name and extension
(the archive keeps files under their SHA-256 without one, which no viewer can open).
``ScanPane`` shows a letter's scan beside a form (the disposition dialog).
"""

from __future__ import annotations

import atexit
import mimetypes
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tatausaha.errors import StorageError, TatausahaError
from tatausaha.ui.errors import show_error

IMAGE_MIMES = frozenset({"image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp"})
_temp_dir: Path | None = None


def tr(text: str) -> str:
    return QCoreApplication.translate("Attachment", text)


def _session_temp() -> Path:
    global _temp_dir
    if _temp_dir is None or not _temp_dir.exists():
        _temp_dir = Path(tempfile.mkdtemp(prefix="tatausaha-lampiran-"))
        atexit.register(shutil.rmtree, _temp_dir, True)
    return _temp_dir


def safe_name(original_name: str, mime: str) -> str:
    """A file name for the copy: the original's, without path parts or characters Windows refuses,
    with an extension that matches the file's type."""
    name = Path(original_name.replace("\\", "/")).name
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", name).strip(" .") or "lampiran"
    if not Path(name).suffix:
        name += mimetypes.guess_extension(mime or "") or ""
    return name[:150]


def temp_copy(source: Path, original_name: str, mime: str) -> Path:
    """A copy of an archived file under its original name and extension, in a folder of this session."""
    folder = Path(tempfile.mkdtemp(dir=_session_temp()))  # one folder per copy: equal names never clash
    target = folder / safe_name(original_name, mime)
    try:
        shutil.copyfile(source, target)  # the archive's file stays read-only; the copy is the viewer's
    except OSError as exc:
        raise StorageError(f"Berkas {original_name} tidak dapat disalin untuk dibuka: {exc.strerror or exc}.") from exc
    return target


class ImageViewerDialog(QDialog):
    """A scanned image, fitted to the window (or at full size with "100%")."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lampiran") + f" — {title}")
        self.setObjectName("image_viewer")
        self.pixmap = QPixmap()
        self.pixmap.loadFromData(data)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.image)
        self.fit = True
        btn = QPushButton(tr("Ukuran asli"))
        btn.clicked.connect(self._toggle)
        self.btn_zoom = btn
        close = QPushButton(tr("Tutup"))
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(btn)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(area, 1)
        lay.addLayout(row)
        self.resize(900, 1000)  # fitted to the screen when shown
        self._show()

    def _toggle(self) -> None:
        self.fit = not self.fit
        self.btn_zoom.setText(tr("Sesuaikan jendela") if not self.fit else tr("Ukuran asli"))
        self._show()

    def _show(self) -> None:
        if self.pixmap.isNull():
            self.image.setText(tr("Gambar ini tidak dapat dibaca."))
            return
        if self.fit:
            holder = self.image.parentWidget()
            target = holder.size() if holder is not None else self.size()
            self.image.setPixmap(self.pixmap.scaled(max(100, target.width() - 8), max(100, target.height() - 8),
                                                    Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation))
        else:
            self.image.setPixmap(self.pixmap)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.fit:
            self._show()


def read_document(ui: Any, document_id: int) -> tuple[Any, Path, bytes]:
    """(DocumentInfo, path in the archive, bytes) — the visibility rule applies (``get_document``)."""
    from tatausaha.services import documents

    with ui.reader() as uow:
        info = documents.get_document(uow, document_id)
    path = Path(ui.store.local_path(info.sha256))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StorageError(f"Berkas {info.original_name} tidak dapat dibaca dari arsip: {exc.strerror or exc}.") from exc
    return info, path, data


def open_attachment(ui: Any, parent: QWidget, document_id: int) -> QWidget | Path | None:
    """Open an archived file: the built-in viewer for PDFs and images (returns the dialog), else the
    system's program on a copy named like the original (returns the copy's path)."""
    try:
        info, path, data = read_document(ui, document_id)
        if info.mime == "application/pdf":
            from tatausaha.ui.print_preview import PrintPreviewDialog

            dlg: QDialog = PrintPreviewDialog(data, title=info.original_name, file_name=info.original_name,
                                              parent=parent)
        elif info.mime in IMAGE_MIMES:
            dlg = ImageViewerDialog(data, info.original_name, parent)
        else:
            copy = temp_copy(path, info.original_name, info.mime)
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
                raise TatausahaError(f"Tidak ada program di komputer ini untuk membuka {copy.name}. "
                                     f"Salinannya ada di {copy.parent}.")
            return copy
    except TatausahaError as exc:
        show_error(parent, exc)
        return None
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg


class ScanPane(QWidget):
    """The scans of a record, shown where a decision is made; "Buka" opens the file in full."""

    def __init__(self, ui: Any, attachments: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("scan_pane")
        self.attachments = [a for a in attachments if a.mime == "application/pdf" or a.mime in IMAGE_MIMES] \
            + [a for a in attachments if not (a.mime == "application/pdf" or a.mime in IMAGE_MIMES)]
        self.choice = QComboBox()
        self.choice.setObjectName("scan_choice")
        for a in self.attachments:
            self.choice.addItem(a.original_name, a.document_id)
        self.btn_open = QPushButton(tr("Buka…"))
        self.btn_open.setObjectName("scan_open")
        self.btn_open.clicked.connect(self.open_current)
        self.stack = QStackedWidget()
        self.message = QLabel(tr("Surat ini belum mempunyai pindaian. Lampirkan pindaian di halaman Surat Masuk "
                                 "atau lewat Kotak Pindai."))
        self.message.setObjectName("scan_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        from tatausaha.ui.widgets.pdfview import PdfView

        self.pdf = PdfView()
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        image_area = QScrollArea()
        image_area.setWidgetResizable(True)
        image_area.setWidget(self.image)
        for w in (self.message, self.pdf, image_area):
            self.stack.addWidget(w)
        self._image_area = image_area
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Pindaian:")))
        top.addWidget(self.choice, 1)
        top.addWidget(self.btn_open)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.stack, 1)
        self.choice.currentIndexChanged.connect(lambda _i: self.show_current())
        self.choice.setEnabled(len(self.attachments) > 1)
        self.btn_open.setEnabled(bool(self.attachments))
        self.show_current()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.stack.currentWidget() is self.pdf:
            QTimer.singleShot(0, self.pdf.fit_width)  # the page fills the pane at whatever width it gets

    def current_id(self) -> int | None:
        data = self.choice.currentData()
        return int(data) if data is not None else None

    def show_current(self) -> None:
        did = self.current_id()
        if did is None:
            self.stack.setCurrentWidget(self.message)
            return
        try:
            info, _path, data = read_document(self.ui, did)
            if info.mime == "application/pdf":
                self.pdf.load_bytes(data)
                self.stack.setCurrentWidget(self.pdf)
                self.pdf.fit_width()
            elif info.mime in IMAGE_MIMES:
                pix = QPixmap()
                pix.loadFromData(data)
                width = max(200, self._image_area.viewport().width() - 8)
                self.image.setPixmap(pix.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
                self.stack.setCurrentWidget(self._image_area)
            else:
                self.message.setText(tr("{name} tidak dapat ditampilkan di sini; klik Buka… untuk membukanya "
                                        "dengan program di komputer ini.").format(name=info.original_name))
                self.stack.setCurrentWidget(self.message)
        except TatausahaError as exc:
            self.message.setText(str(exc))
            self.stack.setCurrentWidget(self.message)

    def open_current(self) -> QWidget | Path | None:
        did = self.current_id()
        return open_attachment(self.ui, self, did) if did is not None else None
