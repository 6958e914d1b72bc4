"""One way to show an error: a short message, expandable details, a copy button."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tatausaha.errors import TatausahaError
from tatausaha.logsetup import crash_report

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def show_error(parent: QWidget | None, exc: BaseException, details: str | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(exc, TatausahaError) else QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Terjadi kesalahan"))
    if isinstance(exc, TatausahaError):
        box.setText(QCoreApplication.translate("Core", str(exc)))
        if exc.detail:
            box.setDetailedText(exc.detail)
    else:
        box.setText(tr("Terjadi kesalahan tak terduga. Pekerjaan Anda yang sudah disimpan tetap aman."))
        box.setInformativeText(tr("Rinciannya tercatat di log; tekan \"Tampilkan Rincian…\" untuk melihat atau menyalinnya bagi admin."))
        text = details or "".join(traceback.format_exception(exc))
        box.setDetailedText(crash_report(exc, text))  # copied with "Salin rincian" as a crash report
        log.error("unhandled error\n%s", text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if box.detailedText():
        copy = box.addButton(tr("Salin rincian"), QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QApplication.clipboard().setText(box.detailedText()))
    box.setModal(True)
    box.show()
    return box


def install_excepthook() -> None:
    """Unhandled exceptions in slots show the error dialog; the app keeps running."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.__stderr__.write(text) if sys.__stderr__ else None
        if QApplication.instance() is not None:
            show_error(QApplication.activeWindow(), exc, text)

    sys.excepthook = hook
