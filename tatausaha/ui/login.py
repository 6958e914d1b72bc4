"""Log-in dialog and the first-run wizard (admin account + office profile)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from tatausaha.context import AppContext
from tatausaha.errors import TatausahaError
from tatausaha.services import accounts, office, setup
from tatausaha.services.auth import SYSTEM, Actor


class LoginDialog(QDialog):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Masuk — tatausaha"))
        with app.reader(SYSTEM) as uow:
            info = office.get_office(uow)
        heading = QLabel(f"<h3>{info.nama_kantor if info else 'tatausaha'}</h3>"
                         f"<div>{info.pemerintah if info else ''}</div>")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Masuk"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def try_login(self) -> None:
        try:
            self.actor = accounts.login(self.app.db, self.username.text(), self.password.text())
        except TatausahaError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class _OfficePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Profil kantor"))
        self.setSubTitle(self.tr("Nama-nama ini tercetak pada kop surat. Dapat diubah nanti di Pengaturan."))
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label, example in [
            ("pemerintah", self.tr("Pemerintah daerah*"), "PEMERINTAH KOTA BEKASI"),
            ("nama_kantor", self.tr("Nama kantor*"), "KECAMATAN JATISAMPURNA"),
            ("alamat", self.tr("Alamat"), "Jl. Raya Hankam No. 1"),
            ("kota", self.tr("Kota (untuk tanggal surat)"), "Bekasi"),
            ("kode_unit", self.tr("Kode unit pada nomor surat"), "Kec.JTS"),
            ("telepon", self.tr("Telepon"), "(021) 845 0000"),
            ("email", self.tr("Pos-el"), "kecamatan@bekasikota.go.id"),
            ("laman", self.tr("Laman"), "kecamatan.bekasikota.go.id"),
        ]:
            edit = QLineEdit()
            edit.setPlaceholderText(example)
            edit.setObjectName(key)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.logo = QLineEdit()
        self.logo.setObjectName("logo")
        pick = QPushButton(self.tr("Pilih…"))
        pick.clicked.connect(self._on_pick_clicked)
        row = QHBoxLayout()
        row.addWidget(self.logo)
        row.addWidget(pick)
        form.addRow(self.tr("Logo (PNG/JPEG)"), row)
        self.registerField("pemerintah*", self.fields["pemerintah"])
        self.registerField("nama_kantor*", self.fields["nama_kantor"])

    def _on_pick_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih logo"), "", self.tr("Gambar (*.png *.jpg *.jpeg)"))
        if path:
            self.logo.setText(path)


class _AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Akun administrator"))
        self.setSubTitle(self.tr("Akun ini mengelola pengguna dan pengaturan. Simpan kata sandinya baik-baik."))
        form = QFormLayout(self)
        self.username = QLineEdit("admin")
        self.username.setObjectName("admin_username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("admin_name")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setObjectName("admin_password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020;")
        form.addRow(self.tr("Nama pengguna*"), self.username)
        form.addRow(self.tr("Nama lengkap*"), self.full_name)
        form.addRow(self.tr("Kata sandi* (min. 8)"), self.password)
        form.addRow(self.tr("Ulangi kata sandi*"), self.password2)
        form.addRow(self.error)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if not self.full_name.text().strip():
            self.error.setText(self.tr("Nama lengkap wajib diisi."))
            return False
        if len(self.password.text()) < 8:
            self.error.setText(self.tr("Kata sandi minimal 8 karakter."))
            return False
        if self.password.text() != self.password2.text():
            self.error.setText(self.tr("Kedua kata sandi tidak sama."))
            return False
        return True


class FirstRunWizard(QWizard):
    """Creates the admin account and the office profile on a new database."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("Penyiapan awal tatausaha"))
        intro = QWizardPage()
        intro.setTitle(self.tr("Selamat datang"))
        lbl = QLabel(self.tr("Basis data baru dibuat di:\n{p}\n\nIsi profil kantor dan buat akun administrator.").format(
            p=app.paths.database if app.db.is_sqlite else app.db.url))
        lbl.setWordWrap(True)
        QVBoxLayout(intro).addWidget(lbl)
        self.office_page = _OfficePage()
        self.admin_page = _AdminPage()
        self.addPage(intro)
        self.addPage(self.office_page)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))

    def accept(self) -> None:
        f = {k: e.text().strip() for k, e in self.office_page.fields.items()}
        info = office.OfficeInfo(**f)
        try:
            setup.initialize(
                self.app,
                admin=(self.admin_page.username.text(), self.admin_page.full_name.text(), self.admin_page.password.text()),
                office_info=info,
            )
            logo = self.office_page.logo.text().strip()
            if logo:
                with self.app.uow(actor=SYSTEM) as uow:
                    office.set_logo(uow, self.app.store, Path(logo))
                    uow.commit()
        except TatausahaError as exc:
            self.admin_page.error.setText(str(exc))
            return
        super().accept()
