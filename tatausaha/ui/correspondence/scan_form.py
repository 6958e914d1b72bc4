"""The form a clerk checks before a new surat masuk is registered from a scan (Kotak Pindai)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("KotakPindai", text)  # the page it opens from


class NewSuratMasukDialog(QDialog):
    """The fields read from the scan, for the clerk to check before the letter is registered."""

    def __init__(self, prefill: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Surat masuk baru dari pindaian"))
        form = QFormLayout(self)
        self.nomor = QLineEdit(str(prefill.get("nomor_surat") or ""))
        self.tanggal_surat = QDateEdit()
        self.tanggal_surat.setCalendarPopup(True)
        self.tanggal_surat.setDisplayFormat("dd-MM-yyyy")
        self.ada_tanggal = QCheckBox(tr("ada tanggal surat"))
        tgl = prefill.get("tanggal_surat")
        self.ada_tanggal.setChecked(isinstance(tgl, dt.date))
        self.tanggal_surat.setDate(QDate(tgl.year, tgl.month, tgl.day) if isinstance(tgl, dt.date) else QDate.currentDate())
        self.tanggal_terima = QDateEdit(QDate.currentDate())
        self.tanggal_terima.setCalendarPopup(True)
        self.tanggal_terima.setDisplayFormat("dd-MM-yyyy")
        self.pengirim = QLineEdit(str(prefill.get("pengirim") or ""))
        self.perihal = QLineEdit(str(prefill.get("perihal") or ""))
        row = QHBoxLayout()
        row.addWidget(self.tanggal_surat)
        row.addWidget(self.ada_tanggal)
        form.addRow(tr("Nomor surat"), self.nomor)
        form.addRow(tr("Tanggal surat"), row)
        form.addRow(tr("Tanggal terima"), self.tanggal_terima)
        form.addRow(tr("Pengirim"), self.pengirim)
        form.addRow(tr("Perihal"), self.perihal)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Daftarkan dan lampirkan"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def fields(self) -> dict[str, Any]:
        return {
            "nomor_surat": self.nomor.text().strip(),
            "tanggal_surat": self.tanggal_surat.date().toPython() if self.ada_tanggal.isChecked() else None,
            "tanggal_terima": self.tanggal_terima.date().toPython(),
            "pengirim": self.pengirim.text().strip(),
            "perihal": self.perihal.text().strip(),
        }
