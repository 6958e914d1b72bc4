"""Surat pengantar KGB: choose the employees whose KGB falls due; the letter is drafted as a surat
keluar (konsep) by the correspondence area, then numbered, approved and printed there like any letter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha.errors import TatausahaError
from tatausaha.staff import kgb_letter, reports
from tatausaha.ui.correspondence.common import dialog_buttons
from tatausaha.ui.screenfit import fit_to_screen


class KgbLetterDialog(QDialog):
    def __init__(self, ui: Any, parent: QWidget | None = None, preselect: int | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Surat pengantar KGB"))
        self.setModal(True)
        from tatausaha import clock

        today = clock.today()
        with ui.reader() as uow:
            cands = kgb_letter.candidates(uow, on=today)
        self.list = QListWidget()
        self.list.setObjectName("kgb_candidates")
        for c in cands:
            left = (c.tmt_kgb - today).days
            it = QListWidgetItem(f"{c.nama} — {c.golongan} — TMT KGB {c.tmt_kgb:%d-%m-%Y} ({reports.nearness(left)})")
            it.setData(Qt.ItemDataRole.UserRole, c.employee_id)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked if (c.employee_id == preselect or (preselect is None and left <= 60))
                             else Qt.CheckState.Unchecked)
            self.list.addItem(it)
        self.tujuan = QLineEdit(kgb_letter.TUJUAN)
        self.tujuan_di = QLineEdit("")
        self.tujuan_di.setPlaceholderText(self.tr("mis. di Bekasi (kosong: kota kantor)"))
        intro = QLabel(self.tr("Pegawai yang KGB-nya jatuh tempo dalam %1 hari (atau terlewat). Surat dibuat sebagai "
                               "konsep surat keluar; nomor, paraf, tanda tangan dan cetak melalui halaman Surat Keluar.")
                       .replace("%1", str(kgb_letter.WINDOW_DAYS)))
        intro.setWordWrap(True)
        self.message = QLabel("")
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setVisible(not cands)
        if not cands:
            self.message.setText(self.tr("Tidak ada pegawai yang KGB-nya jatuh tempo dalam %1 hari.")
                                 .replace("%1", str(kgb_letter.WINDOW_DAYS)))
        form = QFormLayout()
        form.addRow(self.tr("Kepada"), self.tujuan)
        form.addRow(self.tr("di"), self.tujuan_di)
        self.buttons = dialog_buttons(self, self.save, self.tr("Buat konsep surat"))
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.list, 1)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(640, 440)
        fit_to_screen(self)

    def chosen(self) -> list[int]:
        out = []
        for i in range(self.list.count()):
            it = self.list.item(i)
            if it is not None and it.checkState() == Qt.CheckState.Checked:
                out.append(int(it.data(Qt.ItemDataRole.UserRole)))
        return out

    def save(self) -> None:
        ids, tujuan, di = self.chosen(), self.tujuan.text().strip() or kgb_letter.TUJUAN, self.tujuan_di.text().strip()
        if not ids:
            self.message.setText(self.tr("Centang sedikitnya satu pegawai."))
            self.message.show()
            return
        self.buttons.setEnabled(False)
        self.ui.write(lambda uow: kgb_letter.draft(uow, ids, tujuan=tujuan, tujuan_di=di), parent=self,
                      on_done=self._saved, on_failure=self._failed)

    def _saved(self, saved: Any) -> None:
        self.saved_id = saved.id
        self.accept()
        self.ui.hub.open_requested.emit("surat_keluar", saved.id)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(str(exc) if isinstance(exc, TatausahaError) else self.tr("Surat tidak dapat dibuat."))
        self.message.show()
