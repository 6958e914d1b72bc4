"""The logged-in person's own account: change password (old one required)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from tatausaha.errors import TatausahaError
from tatausaha.services import accounts, auth


class ChangePasswordDialog(QDialog):
    """Old password, new password twice. Refusals (wrong old password, policy) stay in the dialog."""

    def __init__(self, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setWindowTitle(self.tr("Ubah kata sandi"))
        self.setObjectName("change_password_dialog")
        intro = QLabel(self.tr("Akun: <b>{user}</b> ({name})").format(user=ui.actor.username, name=ui.actor.full_name))
        self.old = self._password_edit("old_password")
        self.new = self._password_edit("new_password")
        self.repeat = self._password_edit("repeat_password")
        hint = QLabel(self.tr(
            "Kata sandi baru minimal {n} karakter, memuat huruf dan angka atau tanda baca, "
            "berbeda dari kata sandi lama dan tidak memuat nama pengguna.").format(n=auth.MIN_PASSWORD_LENGTH))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Kata sandi lama"), self.old)
        form.addRow(self.tr("Kata sandi baru"), self.new)
        form.addRow(self.tr("Ulangi kata sandi baru"), self.repeat)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(420)

    @staticmethod
    def _password_edit(name: str) -> QLineEdit:
        e = QLineEdit()
        e.setObjectName(name)
        e.setEchoMode(QLineEdit.EchoMode.Password)
        return e

    def save(self) -> None:
        old, new, repeat = self.old.text(), self.new.text(), self.repeat.text()
        try:
            self.ui.write_now(lambda uow: accounts.change_own_password(uow, old, new, repeat))
        except TatausahaError as exc:
            self.message.setText(str(exc))
            field = getattr(exc, "field", None)
            target = {"new_password": self.new, "repeat": self.repeat}.get(field or "", self.old)
            target.selectAll()
            target.setFocus()
            return
        self.ui.status_message(self.tr("Kata sandi Anda sudah diubah."))
        self.accept()
