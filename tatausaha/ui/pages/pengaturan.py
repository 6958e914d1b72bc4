"""Pengaturan: office profile (kop surat), units, officials, users, data health."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.app import maintenance
from tatausaha.errors import ValidationFailed
from tatausaha.idformat import angka
from tatausaha.services import accounts, office
from tatausaha.services.auth import ROLE_LABELS, Permission, Role
from tatausaha.ui.context import UiContext
from tatausaha.ui.errors import show_error
from tatausaha.ui.widgets.tables import fill_table, simple_table, write_then

_table = simple_table
INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
_fill = fill_table


class SettingsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.is_admin = ctx.actor.can(Permission.ADMIN)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Pengaturan')}</h2>"))
        if not self.is_admin:
            note = QLabel(self.tr("Hanya administrator yang dapat mengubah pengaturan. Anda melihat dalam mode baca."))
            note.setStyleSheet("color: #8a6d00;")
            layout.addWidget(note)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._office_tab(), self.tr("Kantor"))
        self.tabs.addTab(self._units_tab(), self.tr("Unit kerja"))
        self.tabs.addTab(self._officials_tab(), self.tr("Pejabat"))
        from tatausaha.ui.correspondence.settings import settings_tabs

        for title, widget in settings_tabs(ctx):
            self.tabs.addTab(widget, self.tr(title))
        if self.is_admin:
            self.tabs.addTab(self._users_tab(), self.tr("Pengguna"))
            self.tabs.addTab(self._scan_tab(), self.tr("Folder pindai"))
        self.tabs.addTab(self._health_tab(), self.tr("Keutuhan data"))
        layout.addWidget(self.tabs)
        self.reload()

    # helpers -----------------------------------------------------------------------
    def _write(self, fn: Callable[[Any], Any], done: str) -> bool:
        # show_error is looked up at call time, so tests can capture the refusal
        return write_then(self, self.ctx, fn, done, self.reload, lambda w, e: show_error(w, e))

    def reload(self) -> None:
        with self.ctx.reader() as uow:
            info = office.get_office(uow)
            units = office.list_units(uow, include_inactive=True)
            officials = office.list_officials(uow)
            users = accounts.list_users(uow) if self.is_admin else []
            acting = accounts.list_acting(uow) if self.is_admin else []
        if info:
            for key, edit in self.office_fields.items():
                edit.setText(str(getattr(info, key) or ""))
            self.office_zone.setCurrentIndex(self.office_zone.findData(clock.zone(info.zona_waktu).key))
            self.logo_label.setText(self.tr("terpasang") if info.logo_sha256 else self.tr("belum ada"))
        self._units = units
        _fill(self.units_table, [[u.kode, u.nama, self.tr("aktif") if u.active else self.tr("nonaktif")] for u in units],
              [u.id for u in units])
        self.unit_combo.clear()
        self.unit_combo.addItem(self.tr("(tanpa unit)"), None)
        for u in units:
            self.unit_combo.addItem(f"{u.kode} — {u.nama}", u.id)
        _fill(self.officials_table, [[o.nama, office.format_nip(o.nip), f"{o.pangkat} {o.golongan}".strip(), o.jabatan,
                                      self.tr("ya") if o.can_sign else ""] for o in officials], [o.id for o in officials])
        if self.is_admin:
            self._reload_scan()
            posts = {o.id: o for o in officials}
            unit_by_id = {u.id: u for u in units}
            acting_by_user: dict[int, list[str]] = {}
            for a in acting:
                acting_by_user.setdefault(a.user_id, []).append(f"{a.jenis} {a.jabatan}")
            _fill(self.users_table, [[u.username, u.full_name, ROLE_LABELS[u.role],
                                      posts[u.official_id].jabatan if u.official_id in posts else "",
                                      unit_by_id[u.unit_id].kode if u.unit_id in unit_by_id else "",
                                      "; ".join(acting_by_user.get(u.id, [])),
                                      (self.tr("aktif") if u.active else self.tr("nonaktif")) + (self.tr(", terkunci") if u.locked else "")]
                                     for u in users], [u.id for u in users])
            self._users = {u.id: u for u in users}
            for combo, empty in ((self.user_post, self.tr("(tanpa jabatan)")), (self.acting_post, None)):
                combo.clear()
                if empty:
                    combo.addItem(empty, None)
                for o in officials:
                    combo.addItem(f"{o.jabatan} — {o.nama}", o.id)
            self.user_unit.clear()
            self.user_unit.addItem(self.tr("(tanpa unit)"), None)
            for u in units:
                if u.active:
                    self.user_unit.addItem(f"{u.kode} — {u.nama}", u.id)
            _fill(self.acting_table, [[a.full_name, f"{a.jenis} {a.jabatan}",
                                       a.mulai.strftime("%d-%m-%Y") if a.mulai else "…",
                                       a.selesai.strftime("%d-%m-%Y") if a.selesai else "…", a.dasar] for a in acting],
                  [a.id for a in acting])

    # tabs ----------------------------------------------------------------------------
    def _office_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.office_fields: dict[str, QLineEdit] = {}
        labels = {
            "pemerintah": self.tr("Pemerintah daerah"), "nama_kantor": self.tr("Nama kantor"), "alamat": self.tr("Alamat"),
            "kode_pos": self.tr("Kode pos"), "telepon": self.tr("Telepon"), "email": self.tr("Pos-el"),
            "laman": self.tr("Laman"), "kota": self.tr("Kota (tanggal surat)"), "kode_unit": self.tr("Kode unit (nomor surat)"),
            "jabatan_pimpinan": self.tr("Jabatan pimpinan"),
        }
        for key, label in labels.items():
            edit = QLineEdit()
            edit.setObjectName(f"office_{key}")
            edit.setReadOnly(not self.is_admin)
            self.office_fields[key] = edit
            form.addRow(label, edit)
        self.office_zone = QComboBox()
        self.office_zone.setObjectName("office_zona_waktu")
        for z in clock.ZONES:
            self.office_zone.addItem(self.tr(z.label), z.key)
        self.office_zone.setCurrentIndex(self.office_zone.findData(clock.office_zone().key))
        self.office_zone.setEnabled(self.is_admin)
        self.office_zone.setToolTip(self.tr("Waktu yang ditampilkan, dicetak dan dicari; tersimpan dalam UTC."))
        form.addRow(self.tr("Zona waktu kantor"), self.office_zone)
        self.logo_label = QLabel("")
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label)
        pick = QPushButton(self.tr("Ganti logo…"))
        pick.setEnabled(self.is_admin)
        pick.clicked.connect(self._on_logo_clicked)
        logo_row.addWidget(pick)
        logo_row.addStretch(1)
        form.addRow(self.tr("Logo kop surat"), logo_row)
        save = QPushButton(self.tr("Simpan profil kantor"))
        save.setObjectName("save_office")
        save.setEnabled(self.is_admin)
        save.clicked.connect(self._on_save_office_clicked)
        form.addRow(save)
        return w

    def _on_save_office_clicked(self) -> None:
        with self.ctx.reader() as uow:
            current = office.get_office(uow)
        values = {k: e.text().strip() for k, e in self.office_fields.items()}
        info = office.OfficeInfo(**values, logo_sha256=current.logo_sha256 if current else None,
                                 zona_waktu=self.office_zone.currentData() or "")
        self._write(lambda uow: office.save_office(uow, info), self.tr("Profil kantor disimpan."))

    def _on_logo_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih logo"), "", self.tr("Gambar (*.png *.jpg *.jpeg)"))
        if path:
            self._write(lambda uow: office.set_logo(uow, self.ctx.store, Path(path)), self.tr("Logo dipasang."))

    def _units_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.units_table = _table([self.tr("Kode"), self.tr("Nama unit"), self.tr("Status")])
        v.addWidget(self.units_table)
        row = QHBoxLayout()
        self.unit_kode = QLineEdit()
        self.unit_kode.setPlaceholderText(self.tr("Kode (mis. UMPEG)"))
        self.unit_nama = QLineEdit()
        self.unit_nama.setPlaceholderText(self.tr("Nama unit"))
        add = QPushButton(self.tr("Tambah unit"))
        add.clicked.connect(lambda: self._write(
            lambda uow: office.save_unit(uow, self.unit_kode.text(), self.unit_nama.text()), self.tr("Unit disimpan.")))
        for x in (self.unit_kode, self.unit_nama, add):
            x.setEnabled(self.is_admin)
            row.addWidget(x)
        v.addLayout(row)
        return w

    def _officials_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.officials_table = _table([self.tr("Nama"), self.tr("NIP"), self.tr("Pangkat/gol."), self.tr("Jabatan"), self.tr("Penanda tangan")])
        v.addWidget(self.officials_table)
        form = QFormLayout()
        self.off_nama, self.off_nip, self.off_pangkat = QLineEdit(), QLineEdit(), QLineEdit()
        self.off_gol, self.off_jabatan = QLineEdit(), QLineEdit()
        self.off_nip.setPlaceholderText(self.tr("18 angka, mis. 19810410 200901 1 003"))
        self.unit_combo = QComboBox()
        self.off_sign = QCheckBox(self.tr("boleh menandatangani surat"))
        for label, widget in [(self.tr("Nama"), self.off_nama), (self.tr("NIP"), self.off_nip),
                              (self.tr("Pangkat"), self.off_pangkat), (self.tr("Golongan"), self.off_gol),
                              (self.tr("Jabatan"), self.off_jabatan), (self.tr("Unit"), self.unit_combo), ("", self.off_sign)]:
            widget.setEnabled(self.is_admin)
            form.addRow(label, widget)
        add = QPushButton(self.tr("Tambah pejabat"))
        add.setObjectName("add_official")
        add.setEnabled(self.is_admin)
        add.clicked.connect(lambda: self._write(lambda uow: office.save_official(
            uow, nama=self.off_nama.text(), jabatan=self.off_jabatan.text(), nip=self.off_nip.text(),
            pangkat=self.off_pangkat.text(), golongan=self.off_gol.text(), unit_id=self.unit_combo.currentData(),
            can_sign=self.off_sign.isChecked()), self.tr("Pejabat disimpan.")))
        form.addRow(add)
        v.addLayout(form)
        return w

    def _users_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.users_table = _table([self.tr("Nama pengguna"), self.tr("Nama lengkap"), self.tr("Peran"), self.tr("Jabatan"),
                                   self.tr("Unit"), self.tr("Plt./Plh."), self.tr("Status")])
        self.users_table.setObjectName("users_table")
        self.users_table.itemSelectionChanged.connect(self._on_user_selected)
        v.addWidget(self.users_table, 2)
        form = QFormLayout()
        self.user_name, self.user_full, self.user_pw = QLineEdit(), QLineEdit(), QLineEdit()
        self.user_pw.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_role = QComboBox()
        for role in Role:
            self.user_role.addItem(self.tr(ROLE_LABELS[role]), role.value)
        self.user_post, self.user_unit = QComboBox(), QComboBox()
        for name, widget in (("user_name", self.user_name), ("user_full", self.user_full), ("user_pw", self.user_pw),
                             ("user_role", self.user_role), ("user_post", self.user_post), ("user_unit", self.user_unit)):
            widget.setObjectName(name)
        self.user_post.currentIndexChanged.connect(self._on_user_post_changed)
        form.addRow(self.tr("Nama pengguna"), self.user_name)
        form.addRow(self.tr("Nama lengkap"), self.user_full)
        form.addRow(self.tr("Peran"), self.user_role)
        form.addRow(self.tr("Jabatan (pejabat)"), self.user_post)
        form.addRow(self.tr("Unit kerja"), self.user_unit)
        form.addRow(self.tr("Kata sandi awal"), self.user_pw)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("Tambah pengguna"))
        add.setObjectName("add_user")
        add.clicked.connect(lambda: self._write(lambda uow: accounts.create_user(
            uow, self.user_name.text(), self.user_full.text(), self.user_role.currentData(), self.user_pw.text(),
            official_id=self.user_post.currentData(), unit_id=self.user_unit.currentData()),
            self.tr("Pengguna dibuat.")))
        link = QPushButton(self.tr("Hubungkan ke jabatan dan unit"))
        link.setObjectName("link_user")
        link.setToolTip(self.tr("Pengguna yang dipilih memegang jabatan dan unit yang dipilih di atas."))
        link.clicked.connect(self._on_link_user_clicked)
        reset = QPushButton(self.tr("Atur ulang kata sandi…"))
        reset.clicked.connect(self._on_reset_password_clicked)
        toggle = QPushButton(self.tr("Aktif/nonaktifkan"))
        toggle.clicked.connect(self._on_toggle_user_clicked)
        for b in (add, link, reset, toggle):
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addLayout(form)
        v.addLayout(buttons)

        v.addWidget(QLabel(self.tr("<b>Plt./Plh.</b> — pengguna yang dipilih melaksanakan jabatan lain untuk sementara; "
                                   "disposisi, paraf dan tanda tangan untuk jabatan itu sampai juga kepadanya.")))
        self.acting_table = _table([self.tr("Pengguna"), self.tr("Melaksanakan"), self.tr("Mulai"), self.tr("Selesai"),
                                    self.tr("Dasar")])
        self.acting_table.setObjectName("acting_table")
        v.addWidget(self.acting_table, 1)
        row = QHBoxLayout()
        self.acting_kind = QComboBox()
        self.acting_kind.setObjectName("acting_kind")
        self.acting_kind.addItem(self.tr("Plh. (pelaksana harian)"), "Plh.")
        self.acting_kind.addItem(self.tr("Plt. (pelaksana tugas)"), "Plt.")
        self.acting_post = QComboBox()
        self.acting_post.setObjectName("acting_post")
        self.acting_from, self.acting_to, self.acting_basis = QLineEdit(), QLineEdit(), QLineEdit()
        self.acting_from.setPlaceholderText(self.tr("mulai (kosong: sekarang)"))
        self.acting_to.setPlaceholderText(self.tr("selesai (kosong: sampai diakhiri)"))
        self.acting_basis.setPlaceholderText(self.tr("dasar: nomor surat perintah"))
        assign = QPushButton(self.tr("Tugaskan"))
        assign.setObjectName("assign_acting")
        assign.clicked.connect(self._on_assign_acting_clicked)
        end = QPushButton(self.tr("Akhiri penugasan"))
        end.setObjectName("end_acting")
        end.clicked.connect(self._on_end_acting_clicked)
        for x in (self.acting_kind, self.acting_post, self.acting_from, self.acting_to, self.acting_basis, assign, end):
            row.addWidget(x)
        v.addLayout(row)
        return w

    def _on_user_selected(self) -> None:
        uid = self._selected_user()
        u = getattr(self, "_users", {}).get(uid)
        if u is None:
            return
        for combo, value in ((self.user_post, u.official_id), (self.user_unit, u.unit_id)):
            i = combo.findData(value)
            combo.setCurrentIndex(max(0, i))

    def _on_user_post_changed(self) -> None:
        oid = self.user_post.currentData()
        if oid is None or not self.user_post.hasFocus():
            return
        with self.ctx.reader() as uow:
            post = next((o for o in office.list_officials(uow) if o.id == oid), None)
        if post is not None and post.unit_id is not None:
            self.user_unit.setCurrentIndex(max(0, self.user_unit.findData(post.unit_id)))

    def _on_link_user_clicked(self) -> None:
        uid = self._selected_user()
        if uid is None:
            show_error(self, ValidationFailed(self.tr("Pilih pengguna di tabel lebih dulu.")))
            return
        post, unit = self.user_post.currentData(), self.user_unit.currentData()
        self._write(lambda uow: accounts.link_user(uow, uid, official_id=post, unit_id=unit),
                    self.tr("Jabatan dan unit pengguna disimpan."))

    def _on_assign_acting_clicked(self) -> None:
        from tatausaha.correspondence.importer import parse_tanggal

        uid = self._selected_user()
        if uid is None:
            show_error(self, ValidationFailed(self.tr("Pilih pengguna yang ditugaskan di tabel lebih dulu.")))
            return
        post, kind, basis = self.acting_post.currentData(), self.acting_kind.currentData(), self.acting_basis.text()
        texts = (self.acting_from.text().strip(), self.acting_to.text().strip())

        def save(uow: Any) -> Any:
            dates = []
            for t in texts:
                d = parse_tanggal(t) if t else None
                if t and d is None:
                    raise ValidationFailed(f"Tanggal '{t}' tidak dikenali; tulis mis. 1 Desember 2026 atau 01-12-2026.")
                dates.append(d)
            if post is None:
                raise ValidationFailed("Pilih jabatan yang dilaksanakan.")
            return accounts.assign_acting(uow, uid, post, kind, mulai=dates[0], selesai=dates[1], dasar=basis)

        if self._write(save, self.tr("Penugasan Plt./Plh. disimpan.")):
            for e in (self.acting_from, self.acting_to, self.acting_basis):
                e.clear()

    def _on_end_acting_clicked(self) -> None:
        items = self.acting_table.selectedItems()
        if items:
            pid = int(items[0].data(0x0100))
            self._write(lambda uow: accounts.end_acting(uow, pid), self.tr("Penugasan diakhiri."))

    def _selected_user(self) -> int | None:
        items = self.users_table.selectedItems()
        return int(items[0].data(0x0100)) if items else None

    def _on_reset_password_clicked(self) -> None:
        uid = self._selected_user()
        if uid is None:
            return
        pw, ok = QInputDialog.getText(self, self.tr("Kata sandi baru"), self.tr("Kata sandi baru (min. 8):"), QLineEdit.EchoMode.Password)
        if ok:
            self._write(lambda uow: accounts.change_password(uow, uid, pw), self.tr("Kata sandi diganti."))

    def _on_toggle_user_clicked(self) -> None:
        uid = self._selected_user()
        if uid is None:
            return
        row = self.users_table.currentRow()
        item = self.users_table.item(row, 6)
        active = item is not None and item.text().startswith(self.tr("aktif"))
        self._write(lambda uow: accounts.set_active(uow, uid, not active), self.tr("Status pengguna diubah."))

    def _scan_tab(self) -> QWidget:
        from PySide6.QtWidgets import QDoubleSpinBox

        w = QWidget()
        v = QVBoxLayout(w)
        v.addWidget(QLabel(self.tr("Folder tempat pemindai menyimpan hasil pindaian. Berkas yang sudah lengkap "
                                   "diarsipkan sendiri, lalu dipindahkan ke subfolder 'diproses' (atau dihapus).")))
        self.scan_table = _table([self.tr("Folder"), self.tr("Cara mengawasi"), self.tr("Setelah diarsipkan"), self.tr("Status")])
        v.addWidget(self.scan_table)
        row = QHBoxLayout()
        self.scan_path = QLineEdit()
        self.scan_path.setObjectName("scan_path")
        self.scan_path.setPlaceholderText(self.tr("Folder pindai, mis. \\\\server\\pindai atau /home/tu/Pindai"))
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self._on_scan_browse_clicked)
        self.scan_polling = QCheckBox(self.tr("folder jaringan (periksa berkala)"))
        self.scan_delete = QCheckBox(self.tr("hapus berkas asli setelah diarsipkan"))
        add = QPushButton(self.tr("Tambah folder"))
        add.setObjectName("scan_add")
        add.clicked.connect(self._on_scan_add_clicked)
        remove = QPushButton(self.tr("Berhenti mengawasi"))
        remove.clicked.connect(self._on_scan_remove_clicked)
        for x in (self.scan_path, browse, self.scan_polling, self.scan_delete, add, remove):
            row.addWidget(x)
        v.addLayout(row)
        form = QFormLayout()
        self.scan_quiet = QDoubleSpinBox()
        self.scan_quiet.setRange(0, 600)
        self.scan_quiet.setSuffix(self.tr(" detik"))
        self.scan_quiet.setLocale(INDONESIAN)  # "2,00 detik", whatever the machine's locale
        self.scan_dup = QComboBox()
        self.scan_dup.addItem(self.tr("lewati (catat sebagai duplikat)"), "skip")
        self.scan_dup.addItem(self.tr("simpan sebagai rujukan ke arsip yang ada"), "reference")
        self.scan_ocr = QCheckBox(self.tr("kenali teks hasil pindai (OCR, bahasa Indonesia)"))
        save = QPushButton(self.tr("Simpan pengaturan pindai"))
        save.clicked.connect(self._on_scan_config_saved)
        form.addRow(self.tr("Jeda tenang (berkas dianggap lengkap)"), self.scan_quiet)
        form.addRow(self.tr("Berkas yang sudah diarsipkan"), self.scan_dup)
        form.addRow("", self.scan_ocr)
        form.addRow(save)
        v.addLayout(form)
        v.addWidget(QLabel(self.tr("Perubahan folder berlaku saat aplikasi dibuka lagi, atau segera untuk "
                                   "'tatausaha watch'.")))
        v.addStretch(1)
        return w

    def _reload_scan(self) -> None:
        from tatausaha.ingest import config as scan_config

        with self.ctx.reader() as uow:
            folders = scan_config.list_folders(uow)
            cfg = scan_config.load_config(uow)
        _fill(self.scan_table, [[str(f.path), self.tr("berkala") if f.polling else self.tr("langsung"),
                                 self.tr("dihapus") if f.after == "delete" else self.tr("dipindah ke {p}").format(p=f.processed),
                                 self.tr("diawasi") if f.enabled else self.tr("tidak diawasi")] for f in folders],
              [f.id or 0 for f in folders])
        self.scan_quiet.setValue(cfg.quiet_seconds)
        self.scan_dup.setCurrentIndex(max(0, self.scan_dup.findData(cfg.duplicate_policy)))
        self.scan_ocr.setChecked(cfg.ocr_enabled)

    def _on_scan_browse_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog as _QFD

        path = _QFD.getExistingDirectory(self, self.tr("Pilih folder pindai"))
        if path:
            self.scan_path.setText(path)

    def _on_scan_add_clicked(self) -> None:
        from tatausaha.errors import ValidationFailed
        from tatausaha.ingest import config as scan_config

        text = self.scan_path.text().strip()

        def save(uow: Any) -> None:
            if not text:
                raise ValidationFailed("Isi folder pindai lebih dulu.")
            path = Path(text)
            if not path.is_dir():
                raise ValidationFailed(f"Folder {path} tidak ada atau tidak dapat dibuka dari komputer ini.")
            scan_config.save_folder(uow, path, polling=self.scan_polling.isChecked(),
                                    after="delete" if self.scan_delete.isChecked() else "move")

        if self._write(save, self.tr("Folder pindai ditambahkan.")):
            self.scan_path.clear()

    def _on_scan_remove_clicked(self) -> None:
        from tatausaha.ingest import config as scan_config

        items = self.scan_table.selectedItems()
        if items:
            folder_id = int(items[0].data(0x0100))
            self._write(lambda uow: scan_config.remove_folder(uow, folder_id), self.tr("Folder tidak diawasi lagi."))

    def _on_scan_config_saved(self) -> None:
        import dataclasses

        from tatausaha.ingest import config as scan_config

        def save(uow: Any) -> None:
            cfg = scan_config.load_config(uow)
            scan_config.save_config(uow, dataclasses.replace(
                cfg, quiet_seconds=self.scan_quiet.value(), duplicate_policy=self.scan_dup.currentData(),
                ocr_enabled=self.scan_ocr.isChecked()))

        self._write(save, self.tr("Pengaturan pindai disimpan."))

    def _health_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.addWidget(QLabel(self.tr("Memeriksa basis data, menghitung ulang sidik SHA-256 setiap berkas arsip, "
                                   "dan memeriksa rantai hash jejak audit.")))
        self.health_result = QLabel("")
        self.health_result.setObjectName("health_result")
        self.health_result.setWordWrap(True)
        run = QPushButton(self.tr("Periksa keutuhan sekarang"))
        run.setObjectName("run_check")
        run.clicked.connect(self._on_check_clicked)
        v.addWidget(run)
        v.addWidget(self.health_result)
        v.addStretch(1)
        return w

    def _on_check_clicked(self) -> None:
        def show(r: maintenance.CheckReport) -> None:
            lines = [
                self.tr("Basis data: {s}").format(s=self.tr("baik") if not r.database_problems else "; ".join(r.database_problems)),
                self.tr("Berkas arsip: {n} diperiksa, {m} hilang, {c} rusak, {o} tidak tercatat").format(
                    n=angka(r.files_checked), m=angka(len(r.missing)), c=angka(len(r.corrupt)), o=angka(len(r.orphans))),
                self.tr("Jejak audit: {n} baris, {s}").format(
                    n=angka(r.audit_rows), s=self.tr("utuh") if not r.audit_problems else "; ".join(r.audit_problems)),
            ]
            if r.record_problems:  # rows that differ from what the trail last recorded
                lines.append(self.tr("Catatan diubah di luar aplikasi: {n}").format(n=angka(len(r.record_problems))))
                lines += [f"  {m}" for m in r.record_problems[:5]]
            self.health_result.setText("\n".join(lines))
            if not r.ok:  # a window-modal box that does not block: the event loop (and the watcher) go on
                box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Keutuhan data"), "\n".join(lines),
                                  QMessageBox.StandardButton.Ok, self)
                box.setObjectName("health_warning")
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()

        (self.ctx.op(lambda p, c: maintenance.check(self.ctx.app, p, c), parent=self)
         .with_progress(self.tr("Memeriksa keutuhan data…")).on_success(show).run())


def create_page(ctx: UiContext) -> QWidget:
    return SettingsPage(ctx)
