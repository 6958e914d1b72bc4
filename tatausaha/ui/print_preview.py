"""Print preview: a built PDF shown page by page, zoom, "Cetak" to a system printer, "Simpan sebagai PDF".

Usage from a page::

    pdf = printing.to_bytes(printing.build_letter, doc)        # off the UI thread for big registers
    dlg = PrintPreviewDialog(pdf, title="Surat keluar 123", file_name="surat-123.pdf", parent=self)
    dlg.printed.connect(lambda data: ...)   # e.g. keep_printed_version via the task runner
    dlg.exec()

``printed`` is emitted with the PDF bytes after the document went to a printer or was saved, so
the caller can keep the printed version in the archive.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tatausaha.errors import TatausahaError
from tatausaha.fileio import atomic_write_bytes
from tatausaha.ui.widgets.pdfview import PdfView, print_pdf


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrintPreviewDialog", text)


class PrintPreviewDialog(QDialog):
    printed = Signal(bytes)

    def __init__(
        self,
        pdf: bytes,
        *,
        title: str = "",
        file_name: str = "dokumen.pdf",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pratinjau cetak") + (f" — {title}" if title else ""))
        self.file_name = file_name
        # a page at a readable zoom, but never taller than the screen (a 768-pixel laptop included)
        from tatausaha.ui import screenfit

        screenfit.fit_to_screen(self, QSize(900, 1000))
        self.view = PdfView(self)
        self.view.load_bytes(pdf)  # ValidationFailed for a broken PDF: the caller shows it
        self._pdf = pdf

        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(50)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages_label = QLabel(self.tr("%n halaman", "", self.view.page_count))
        btn_out = QPushButton(self.tr("Perkecil"))
        btn_in = QPushButton(self.tr("Perbesar"))
        btn_fit = QPushButton(self.tr("Sesuai lebar"))
        self.btn_print = QPushButton(self.tr("Cetak…"))
        self.btn_save = QPushButton(self.tr("Simpan sebagai PDF…"))
        btn_close = QPushButton(self.tr("Tutup"))
        self.btn_print.setDefault(True)
        btn_out.clicked.connect(self.view.zoom_out)
        btn_in.clicked.connect(self.view.zoom_in)
        btn_fit.clicked.connect(self.view.fit_width)
        self.btn_print.clicked.connect(self.print_with_dialog)
        self.btn_save.clicked.connect(self.save_with_dialog)
        btn_close.clicked.connect(self.reject)
        self.view.zoom_changed.connect(self._show_zoom)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, self.view.zoom_in)
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, self.view.zoom_out)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_with_dialog)

        bar = QHBoxLayout()
        for w in (btn_out, self.zoom_label, btn_in, btn_fit, self.pages_label):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.btn_save, self.btn_print, btn_close):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._show_zoom(self.view.zoom)

    @property
    def pdf(self) -> bytes:
        return self._pdf

    def done(self, result: int) -> None:
        self.view.clear()  # release the pdfium document now, not at interpreter exit
        super().done(result)

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)}%")

    # ------------------------------------------------------------------ printing

    def print_to(self, printer: QPrinter) -> int:
        """Send every page (or the printer's chosen range) to ``printer``; returns pages sent."""
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0:
            first, last = 1, self.view.page_count
        printer.setDocName(self.file_name)
        sent = print_pdf(self.pdf, printer, first=first, last=last or None)
        self.printed.emit(self.pdf)
        return sent

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Cetak dokumen"))
        dialog.setMinMax(1, self.view.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except TatausahaError as exc:
            QMessageBox.warning(self, self.tr("Cetak gagal"), str(exc))

    # ------------------------------------------------------------------ saving

    def save_to(self, path: Path) -> Path:
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        atomic_write_bytes(path, self.pdf)
        self.printed.emit(self.pdf)
        return path

    def save_with_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Simpan sebagai PDF"), self.file_name, self.tr("Berkas PDF (*.pdf)")
        )
        if not name:
            return
        try:
            self.save_to(Path(name))
        except OSError as exc:
            from tatausaha.ingest.reasons import describe  # an Indonesian sentence; the raw error goes to the log

            QMessageBox.warning(
                self, self.tr("Gagal menyimpan"), self.tr("Berkas tidak dapat disimpan: %1").replace("%1", describe(exc))
            )


def show_print_preview(
    pdf: bytes, *, title: str = "", file_name: str = "dokumen.pdf", parent: QWidget | None = None
) -> PrintPreviewDialog | None:
    """Open the preview modally; a broken PDF gives a warning in Indonesian instead of a crash."""
    try:
        dlg = PrintPreviewDialog(pdf, title=title, file_name=file_name, parent=parent)
    except TatausahaError as exc:
        QMessageBox.warning(parent, _tr("Pratinjau cetak"), str(exc))
        return None
    dlg.exec()
    return dlg


def keep_printed_on_print(dialog: PrintPreviewDialog, ui, record_kind: str, record_id: int) -> None:  # type: ignore[no-untyped-def]
    """When ``dialog`` prints or saves, keep that PDF in the archive as the record's next printed
    version (``services.printed.keep_printed_version``), on the write pool, off the UI thread."""
    from tatausaha.services.printed import keep_printed_version

    def keep(pdf: bytes) -> None:
        def done(kept) -> None:  # type: ignore[no-untyped-def]
            if kept.new:
                ui.status_message(_tr("Hasil cetak disimpan ke arsip (versi %1).").replace("%1", str(kept.version)))

        ui.write(lambda uow: keep_printed_version(uow, ui.store, record_kind, record_id, pdf), parent=dialog,
                 on_done=done)

    dialog.printed.connect(keep)


def open_print_preview(  # type: ignore[no-untyped-def]
    ui,
    build: Callable[[], bytes],
    *,
    title: str = "",
    file_name: str = "dokumen.pdf",
    parent: QWidget | None = None,
    keep: tuple[str, int] | None = None,
    on_shown: Callable[[PrintPreviewDialog], None] | None = None,
) -> None:
    """Build the PDF off the UI thread (a long register takes a moment), then show the preview.

    ``build`` returns the PDF bytes (e.g. ``lambda: to_bytes(build_register, doc)``); with
    ``keep=(record_kind, record_id)`` a printed or saved copy is kept in the archive.
    """

    def show(pdf: bytes) -> None:
        try:
            dialog = PrintPreviewDialog(pdf, title=title, file_name=file_name, parent=parent)
        except TatausahaError as exc:
            QMessageBox.warning(parent, _tr("Pratinjau cetak"), str(exc))
            return
        if keep is not None:
            keep_printed_on_print(dialog, ui, *keep)
        dialog.open()
        if on_shown is not None:
            on_shown(dialog)

    ui.op(build, parent=parent).plain().with_progress(_tr("Menyiapkan dokumen…"), cancellable=False).on_success(
        show
    ).run()
