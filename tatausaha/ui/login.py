"""Log-in dialog and the first-run wizard (office profile, Camat and Sekcam with their accounts, units, admin)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from tatausaha.app import setup
from tatausaha.context import AppContext
from tatausaha.errors import TatausahaError
from tatausaha.services import accounts, office
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


class _PostBox(QGroupBox):
    """One leading post in the wizard: jabatan, name, NIP, pangkat/golongan, and its account."""

    def __init__(self, title: str, key: str) -> None:
        super().__init__(title)
        form = QFormLayout(self)
        self.jabatan, self.nama, self.nip = QLineEdit(), QLineEdit(), QLineEdit()
        self.pangkat, self.golongan = QLineEdit(), QLineEdit()
        self.username, self.password = QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.nip.setPlaceholderText(self.tr("18 angka, mis. 19720315 199303 1 004"))
        self.golongan.setPlaceholderText(self.tr("mis. IV/b"))
        self.username.setText(key)
        for name, w in (("jabatan", self.jabatan), ("nama", self.nama), ("nip", self.nip), ("pangkat", self.pangkat),
                        ("golongan", self.golongan), ("username", self.username), ("password", self.password)):
            w.setObjectName(f"{key}_{name}")
        gol = QHBoxLayout()
        gol.addWidget(self.pangkat, 1)
        gol.addWidget(QLabel(self.tr("Gol.")))
        gol.addWidget(self.golongan)
        form.addRow(self.tr("Jabatan"), self.jabatan)
        form.addRow(self.tr("Nama lengkap"), self.nama)
        form.addRow(self.tr("NIP"), self.nip)
        form.addRow(self.tr("Pangkat"), gol)
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi awal (min. 8)"), self.password)

    def problems(self) -> list[str]:
        """What is wrong with this box, in Indonesian (empty name: the post is filled later)."""
        if not self.nama.text().strip():
            return []
        out = []
        title = self.title()
        if not self.jabatan.text().strip():
            out.append(self.tr("%1: jabatan wajib diisi.").replace("%1", title))
        try:
            office.normalize_nip(self.nip.text())
        except TatausahaError as exc:
            out.append(f"{title}: {exc}")
        if self.username.text().strip() and len(self.password.text()) < 8:
            out.append(self.tr("%1: kata sandi awal minimal 8 karakter.").replace("%1", title))
        return out

    def value(self, unit_kode: str = "") -> setup.PejabatAwal:
        return setup.PejabatAwal(
            jabatan=self.jabatan.text().strip(), nama=self.nama.text().strip(), nip=self.nip.text().strip(),
            pangkat=self.pangkat.text().strip(), golongan=self.golongan.text().strip(), unit_kode=unit_kode,
            username=self.username.text().strip(), password=self.password.text(),
        )


class _PimpinanPage(QWizardPage):
    """The Camat, the Sekcam (with their accounts) and the units: enough to route a disposition on day one."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Pimpinan dan unit kerja"))
        self.setSubTitle(self.tr("Disposisi ditujukan kepada jabatan; isi Camat dan Sekretaris Kecamatan beserta akunnya. "
                                 "Pejabat lain dan akun staf dapat ditambah nanti di Pengaturan."))
        self.camat = _PostBox(self.tr("Camat"), "camat")
        self.sekcam = _PostBox(self.tr("Sekretaris Kecamatan"), "sekcam")
        self.units = QPlainTextEdit()
        self.units.setObjectName("units")
        self.units.setPlainText("\n".join(f"{k} {n}" for k, n in setup.DEFAULT_UNITS))
        self.units.setToolTip(self.tr("Satu unit per baris: kode lalu nama unit."))
        self.error = QLabel("")
        self.error.setObjectName("pimpinan_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        posts = QHBoxLayout()
        posts.addWidget(self.camat)
        posts.addWidget(self.sekcam)
        lay = QVBoxLayout(self)
        lay.addLayout(posts)
        lay.addWidget(QLabel(self.tr("Unit kerja (satu per baris: KODE Nama unit)")))
        lay.addWidget(self.units, 1)
        lay.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        kantor = (self.field("nama_kantor") or "").strip()
        place = kantor.split(None, 1)[1] if kantor.upper().startswith("KECAMATAN ") and " " in kantor else ""
        if not self.camat.jabatan.text():
            self.camat.jabatan.setText(f"Camat {place.title()}".strip())
        if not self.sekcam.jabatan.text():
            self.sekcam.jabatan.setText("Sekretaris Kecamatan")

    def unit_rows(self) -> list[tuple[str, str]]:
        return setup.parse_units(self.units.toPlainText())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        problems = self.camat.problems() + self.sekcam.problems()
        try:
            self.unit_rows()
        except TatausahaError as exc:
            problems.append(str(exc))
        names = [b.username.text().strip().lower() for b in (self.camat, self.sekcam) if b.nama.text().strip()]
        if len([n for n in names if n]) != len({n for n in names if n}):
            problems.append(self.tr("Nama pengguna Camat dan Sekretaris Kecamatan harus berbeda."))
        self.error.setText("\n".join(problems))
        return not problems

    def posts(self) -> list[setup.PejabatAwal]:
        units = {k for k, _ in self.unit_rows()}
        return [self.camat.value(), self.sekcam.value("SEKRE" if "SEKRE" in units else "")]


class _AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.taken: Any = lambda: set()
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
        if self.username.text().strip().lower() in self.taken():
            self.error.setText(self.tr("Nama pengguna administrator sudah dipakai untuk akun pimpinan; pilih yang lain."))
            return False
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


class _WherePage(QWizardPage):
    """Where this PC keeps the office's data: here (SQLite), or on the office server (several PCs)."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        app = wizard.app
        self.setTitle(self.tr("Selamat datang"))
        self.setSubTitle(self.tr("Di mana data kantor disimpan?"))
        layout = QVBoxLayout(self)
        self.local = QRadioButton(self.tr("Hanya di komputer ini (satu komputer)"))
        self.local.setObjectName("where_local")
        self.local.setChecked(True)
        local_note = QLabel(self.tr("Basis data baru dibuat di:\n{p}\n\nIsi profil kantor, pimpinan dan unit kerja, lalu buat "
                                    "akun administrator.").format(p=app.paths.database if app.db.is_sqlite else app.db.url))
        local_note.setWordWrap(True)
        self.server = QRadioButton(self.tr("Di server kantor (beberapa komputer memakai data yang sama)"))
        self.server.setObjectName("where_server")
        box = QGroupBox(self.tr("Server kantor"))
        form = QFormLayout(box)
        self.host = QLineEdit()
        self.host.setObjectName("server_host")
        self.host.setPlaceholderText(self.tr("mis. 192.168.1.10 atau server-tu"))
        self.port = QSpinBox()
        self.port.setObjectName("server_port")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("tatausaha")
        self.database.setObjectName("server_database")
        self.user = QLineEdit("tatausaha")
        self.user.setObjectName("server_user")
        self.password = QLineEdit()
        self.password.setObjectName("server_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self.tr("Uji sambungan"))
        self.test_button.setObjectName("server_test")
        self.test_button.clicked.connect(self._on_test_clicked)
        self.result = QLabel("")
        self.result.setObjectName("server_result")
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(self.result.fontMetrics().lineSpacing() * 3)
        form.addRow(self.tr("Alamat server*"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Nama basis data"), self.database)
        form.addRow(self.tr("Akun komputer kantor"), self.user)
        form.addRow(self.tr("Kata sandi akun*"), self.password)
        self.key_file = QLineEdit()
        self.key_file.setObjectName("server_audit_key")
        self.key_file.setPlaceholderText(self.tr("berkas kunci-audit dari komputer pertama (boleh kosong)"))
        pick = QPushButton(self.tr("Pilih…"))
        pick.clicked.connect(self._on_pick_key_clicked)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_file)
        key_row.addWidget(pick)
        form.addRow(self.tr("Kunci jejak audit"), key_row)
        form.addRow(self.test_button)
        form.addRow(self.result)
        hint = QLabel(self.tr("Alamat, akun dan kata sandinya diberikan oleh pengelola server (lihat README bagian "
                              "\"Kantor dengan beberapa komputer\"). Kata sandi disimpan hanya di komputer ini, dalam berkas "
                              "yang hanya bisa dibaca akun Windows/Linux Anda."))
        hint.setWordWrap(True)
        self.box = box
        layout.addWidget(self.local)
        layout.addWidget(local_note)
        layout.addWidget(self.server)
        layout.addWidget(box)
        layout.addWidget(hint)
        self.server.toggled.connect(box.setEnabled)
        box.setEnabled(False)

    def spec(self) -> Any:
        from tatausaha.config import ServerSpec

        return ServerSpec(host=self.host.text().strip(), port=self.port.value(),
                          database=self.database.text().strip() or "tatausaha", user=self.user.text().strip() or "tatausaha")

    def _show(self, ok: bool, message: str) -> None:
        self.result.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.result.setText(message)

    def _test(self) -> Any:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from tatausaha.app import server

        if not self.host.text().strip():
            self._show(False, self.tr("Isi alamat server lebih dulu."))
            return None
        if not self.password.text():
            self._show(False, self.tr("Isi kata sandi akun komputer kantor."))
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = server.test_connection(self.spec(), self.password.text())
        finally:
            QApplication.restoreOverrideCursor()
        self._show(result.ok, result.message)
        return result

    def _on_test_clicked(self) -> None:
        self._test()

    def _on_pick_key_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih berkas kunci jejak audit"))
        if path:
            self.key_file.setText(path)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if not self.server.isChecked():
            return True
        result = self._test()
        if result is None or not result.ok:
            return False
        try:
            self.wizard_.use_server(self.spec(), self.password.text())
            if self.key_file.text().strip():
                from tatausaha.app import server

                server.install_audit_key(self.wizard_.app.paths, Path(self.key_file.text().strip()))
        except TatausahaError as exc:
            self._show(False, str(exc))
            return False
        if result.has_office and result.has_admin:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.wizard_.finish_joined)  # the office is set up already: straight to log-in
        return True


class FirstRunWizard(QWizard):
    """Creates the admin account and the office profile on a new database."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("Penyiapan awal tatausaha"))
        intro = self.where_page = _WherePage(self)
        self.setMinimumWidth(600)
        self.office_page = _OfficePage()
        self.pimpinan_page = _PimpinanPage()
        self.admin_page = _AdminPage()
        self.admin_page.taken = lambda: {b.username.text().strip().lower() for b in
                                         (self.pimpinan_page.camat, self.pimpinan_page.sekcam) if b.nama.text().strip()}
        self.addPage(intro)
        self.addPage(self.office_page)
        self.addPage(self.pimpinan_page)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))

    def use_server(self, spec: Any, password: str) -> None:
        """Point this PC at the office server (saved only after a working test) and continue on it."""
        from tatausaha.app import server

        old = self.app
        local_db = old.paths.database if old.db.is_sqlite else None
        blank = local_db is not None and not setup.state(old).has_admin and not setup.state(old).has_office
        result = server.connect_pc(old.paths, spec, password)
        if not result.ok:
            raise TatausahaError(result.message)
        new = AppContext.open(old.paths)
        setup.ensure_reference_data(new)
        self.app = new
        old.close()
        if blank and local_db is not None:  # the empty local database made at this first start goes away
            for p in (local_db, Path(f"{local_db}-wal"), Path(f"{local_db}-shm")):
                p.unlink(missing_ok=True)

    def finish_joined(self) -> None:
        """This PC joined an office that is set up already: nothing more to fill in."""
        QWizard.accept(self)

    def accept(self) -> None:
        f = {k: e.text().strip() for k, e in self.office_page.fields.items()}
        info = office.OfficeInfo(**f)
        logo = self.office_page.logo.text().strip()
        try:
            setup.initialize(
                self.app,
                admin=(self.admin_page.username.text(), self.admin_page.full_name.text(), self.admin_page.password.text()),
                office_info=info,
                units=self.pimpinan_page.unit_rows(),
                pimpinan=self.pimpinan_page.posts(),
                logo=Path(logo) if logo else None,
            )
        except TatausahaError as exc:
            self.admin_page.error.setText(str(exc))
            return
        super().accept()
