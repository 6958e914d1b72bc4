"""The employee form: identity, appointment and rank, position and education, contacts and bank —
four tabs so it fits a 1366×768 laptop; a refusal of the staff service is shown under the form in
Indonesian and the field it names gets the focus (and a red background)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.models.staff import JENJANG_JABATAN, TINGKAT_PENDIDIKAN
from tatausaha.staff import ident, service
from tatausaha.staff.service import EmployeeInput
from tatausaha.ui.correspondence.common import DateEdit, choice_combo, dialog_buttons, select_data, text_edit
from tatausaha.ui.screenfit import fit_to_screen

JENJANG_LABELS = {"": "—", **{j: j.replace("_", " ").title() for j in JENJANG_JABATAN if j}}
AGAMA = ("", "Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Khonghucu")


class EmployeeDialog(QDialog):
    """New employee (``employee_id`` None) or edit one (needs the right to see personal data)."""

    def __init__(self, ui: Any, parent: QWidget | None = None, employee_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.employee_id = employee_id
        self.saved_id: int | None = None
        self.saved_warnings: tuple[str, ...] = ()
        self.setWindowTitle(self.tr("Ubah data pegawai") if employee_id else self.tr("Pegawai baru"))
        self.setModal(True)
        current: EmployeeInput | None = None
        self.row_version: int | None = None
        with ui.reader() as uow:
            golongan = service.golongan_list(uow)
            if employee_id is not None:
                current = service.employee_input(uow, employee_id)  # refuses without the personal-data right
                self.row_version = service.get_employee(uow, employee_id).row_version
        self._golongan = golongan
        self.widgets: dict[str, QWidget] = {}

        # identity
        self.nama = self._line("nama")
        self.gelar_depan = self._line("gelar_depan", 120)
        self.gelar_belakang = self._line("gelar_belakang", 160)
        self.tempat_lahir = self._line("tempat_lahir")
        self.tgl_lahir = self._date("tgl_lahir", required=True)
        self.jenis_kelamin = self._combo("jenis_kelamin", {"L": self.tr("Laki-laki"), "P": self.tr("Perempuan")})
        self.agama = self._combo("agama", {a: a or "—" for a in AGAMA})
        self.nip_baru = self._line("nip_baru", 220)
        self.nip_baru.setPlaceholderText(self.tr("18 angka, mis. 19860926 201505 1 001"))
        self.nik = self._line("nik", 220)
        self.nik.setPlaceholderText(self.tr("16 angka"))
        # appointment and rank
        self.status_pegawai = self._combo("status_pegawai", service.STATUS_LABELS)
        self.tmt_cpns = self._date("tmt_cpns")
        self.nomor_sk_cpns = self._line("nomor_sk_cpns")
        self.tmt_pns = self._date("tmt_pns")
        self.nomor_sk_pns = self._line("nomor_sk_pns")
        self.kontrak_mulai = self._date("kontrak_mulai")
        self.kontrak_selesai = self._date("kontrak_selesai")
        self.gol_ruang_akhir = QComboBox()
        self.widgets["gol_ruang_akhir"] = self.gol_ruang_akhir
        self.tmt_gol_akhir = self._date("tmt_gol_akhir")
        self.mk_tahun = self._spin("mk_tahun", 0, 50)
        self.mk_bulan = self._spin("mk_bulan", 0, 11)
        self.tmt_kgb_akhir = self._date("tmt_kgb_akhir")
        self.gaji_pokok = self._spin("gaji_pokok", 0, 100_000_000, step=1000)
        # position and education
        self.jenis_jabatan = self._combo("jenis_jabatan", service.JENIS_JABATAN_LABELS)
        self.jabatan_nama = self._line("jabatan_nama")
        self.jenjang_jabatan = self._combo("jenjang_jabatan", JENJANG_LABELS)
        self.eselon = self._line("eselon", 80)
        self.tmt_jabatan = self._date("tmt_jabatan")
        self.unor_nama = self._line("unor_nama")
        self.pendidikan_tingkat = self._combo("pendidikan_tingkat", {"": "—", **{t: t for t in TINGKAT_PENDIDIKAN}})
        self.pendidikan_nama = self._line("pendidikan_nama")
        self.tahun_lulus = self._spin("tahun_lulus", 0, 2100)
        self.tahun_lulus.setSpecialValueText("—")
        self.tmt_pensiun = self._date("tmt_pensiun")
        # contacts and bank
        self.email = self._line("email")
        self.no_hp = self._line("no_hp", 200)
        self.alamat = text_edit(60)
        self.widgets["alamat"] = self.alamat
        self.no_npwp = self._line("no_npwp", 220)
        self.bank_nama = self._line("bank_nama")
        self.bank_rekening = self._line("bank_rekening", 220)
        self.bank_atas_nama = self._line("bank_atas_nama")
        self.keterangan = text_edit(50)
        self.widgets["keterangan"] = self.keterangan

        tabs = QTabWidget()
        tabs.addTab(self._form([
            (self.tr("Nama (tanpa gelar) *"), self.nama), (self.tr("Gelar depan"), self.gelar_depan),
            (self.tr("Gelar belakang"), self.gelar_belakang), (self.tr("Tempat lahir"), self.tempat_lahir),
            (self.tr("Tanggal lahir *"), self.tgl_lahir), (self.tr("Jenis kelamin *"), self.jenis_kelamin),
            (self.tr("Agama"), self.agama), (self.tr("NIP"), self.nip_baru), (self.tr("NIK"), self.nik),
        ]), self.tr("Identitas"))
        tabs.addTab(self._form([
            (self.tr("Status pegawai *"), self.status_pegawai), (self.tr("TMT CPNS"), self.tmt_cpns),
            (self.tr("Nomor SK CPNS"), self.nomor_sk_cpns), (self.tr("TMT PNS"), self.tmt_pns),
            (self.tr("Nomor SK PNS"), self.nomor_sk_pns), (self.tr("Awal kontrak"), self.kontrak_mulai),
            (self.tr("Akhir kontrak"), self.kontrak_selesai), (self.tr("Golongan/ruang"), self.gol_ruang_akhir),
            (self.tr("TMT golongan"), self.tmt_gol_akhir), (self.tr("Masa kerja golongan (tahun)"), self.mk_tahun),
            (self.tr("Masa kerja golongan (bulan)"), self.mk_bulan), (self.tr("TMT KGB terakhir"), self.tmt_kgb_akhir),
            (self.tr("Gaji pokok (Rp)"), self.gaji_pokok),
        ]), self.tr("Kepegawaian"))
        tabs.addTab(self._form([
            (self.tr("Jenis jabatan"), self.jenis_jabatan), (self.tr("Nama jabatan"), self.jabatan_nama),
            (self.tr("Jenjang"), self.jenjang_jabatan), (self.tr("Eselon"), self.eselon),
            (self.tr("TMT jabatan"), self.tmt_jabatan), (self.tr("Unit organisasi"), self.unor_nama),
            (self.tr("Pendidikan terakhir"), self.pendidikan_tingkat), (self.tr("Jurusan / nama pendidikan"),
                                                                       self.pendidikan_nama),
            (self.tr("Tahun lulus"), self.tahun_lulus), (self.tr("TMT pensiun (dari SK)"), self.tmt_pensiun),
        ]), self.tr("Jabatan dan pendidikan"))
        tabs.addTab(self._form([
            (self.tr("Email"), self.email), (self.tr("Nomor HP"), self.no_hp), (self.tr("Alamat"), self.alamat),
            (self.tr("NPWP"), self.no_npwp), (self.tr("Bank"), self.bank_nama),
            (self.tr("Nomor rekening"), self.bank_rekening), (self.tr("Atas nama rekening"), self.bank_atas_nama),
            (self.tr("Keterangan"), self.keterangan),
        ]), self.tr("Kontak dan bank"))
        self.tabs = tabs
        self.message = QLabel("")
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        self.buttons = dialog_buttons(self, self.save, self.tr("Simpan"))
        lay = QVBoxLayout(self)
        lay.addWidget(tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.status_pegawai.currentIndexChanged.connect(self._fill_golongan)
        self._fill_golongan()
        if current is not None:
            self._load(current)
        self.resize(640, 560)
        fit_to_screen(self)

    # building -----------------------------------------------------------------------------------
    def _line(self, name: str, width: int | None = None) -> QLineEdit:
        w = QLineEdit()
        if width:
            w.setMaximumWidth(width + 140)
        self.widgets[name] = w
        return w

    def _date(self, name: str, *, required: bool = False) -> DateEdit:
        w = DateEdit(required=required)
        self.widgets[name] = w
        return w

    def _combo(self, name: str, labels: dict[str, str]) -> QComboBox:
        w = choice_combo(labels)
        self.widgets[name] = w
        return w

    def _spin(self, name: str, lo: int, hi: int, step: int = 1) -> QSpinBox:
        w = QSpinBox()
        w.setRange(lo, hi)
        w.setSingleStep(step)
        w.setGroupSeparatorShown(True)
        self.widgets[name] = w
        return w

    @staticmethod
    def _form(rows: list[tuple[str, QWidget]]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for label, w in rows:
            form.addRow(label, w)
        return page

    def _fill_golongan(self) -> None:
        status = self.status_pegawai.currentData()
        want = "pppk" if status in ("pppk", "pppk_paruh_waktu") else "pns"
        keep = self.gol_ruang_akhir.currentData()
        self.gol_ruang_akhir.clear()
        self.gol_ruang_akhir.addItem("—", "")
        if status != "non_asn":
            for g in self._golongan:
                if g["jenis"] == want:
                    label = f"{g['kode']} — {g['pangkat']}" if g.get("pangkat") else g["kode"]
                    self.gol_ruang_akhir.addItem(label, g["kode"])
        select_data(self.gol_ruang_akhir, keep or "")

    def _load(self, d: EmployeeInput) -> None:
        for name, w in self.widgets.items():
            value = getattr(d, name, None)
            if isinstance(w, DateEdit):
                w.set_date(value)
            elif isinstance(w, QComboBox):
                if name == "status_pegawai":
                    select_data(w, value)
                    self._fill_golongan()
                else:
                    select_data(w, value or "")
            elif isinstance(w, QSpinBox):
                w.setValue(int(value or 0))
            elif isinstance(w, QLineEdit):
                w.setText(ident.format_nip(value) if name == "nip_baru" and value else str(value or ""))
            elif hasattr(w, "setPlainText"):
                w.setPlainText(str(value or ""))

    # saving -------------------------------------------------------------------------------------
    def data(self) -> EmployeeInput:
        """The form as the service's input; a date that cannot be read is refused here, naming its field."""
        values: dict[str, Any] = {}
        labels = {"tgl_lahir": self.tr("Tanggal lahir"), "tmt_cpns": "TMT CPNS", "tmt_pns": "TMT PNS",
                  "kontrak_mulai": self.tr("Awal kontrak"), "kontrak_selesai": self.tr("Akhir kontrak"),
                  "tmt_gol_akhir": self.tr("TMT golongan"), "tmt_kgb_akhir": self.tr("TMT KGB terakhir"),
                  "tmt_jabatan": self.tr("TMT jabatan"), "tmt_pensiun": self.tr("TMT pensiun")}
        for name, w in self.widgets.items():
            if isinstance(w, DateEdit):
                try:
                    values[name] = w.date(labels.get(name, name))
                except ValidationFailed as exc:
                    raise ValidationFailed(str(exc), field=name) from None
            elif isinstance(w, QComboBox):
                values[name] = w.currentData() or ""
            elif isinstance(w, QSpinBox):
                values[name] = w.value()
            elif isinstance(w, QLineEdit):
                values[name] = w.text().strip()
            else:
                values[name] = w.toPlainText().strip()  # type: ignore[attr-defined]
        values["nip_baru"] = ident.digits_only(values["nip_baru"]) or None
        values["gol_ruang_akhir"] = values["gol_ruang_akhir"] or None
        values["tahun_lulus"] = values["tahun_lulus"] or None
        names = {f.name for f in dataclasses.fields(EmployeeInput)}
        return EmployeeInput(**{k: v for k, v in values.items() if k in names})

    def save(self) -> None:
        self._clear_marks()
        try:
            data = self.data()
        except ValidationFailed as exc:
            self.show_problem(exc)
            return
        eid, version = self.employee_id, self.row_version
        if eid is None:
            fn = lambda uow: service.create_employee(uow, data)  # noqa: E731
        else:
            fn = lambda uow: service.update_employee(uow, eid, data, expected_version=version)  # noqa: E731
        self.buttons.setEnabled(False)
        self.ui.write(fn, parent=self, on_done=self._saved, on_failure=self._failed)

    def _saved(self, saved: service.Saved) -> None:
        self.buttons.setEnabled(True)
        self.saved_id = saved.id
        self.saved_warnings = tuple(saved.warnings)
        if saved.warnings:
            self.ui.status_message(self.tr("Tersimpan, dengan catatan: %1").replace("%1", " ".join(saved.warnings)))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, TatausahaError):
            self.show_problem(exc)
        else:
            QMessageBox.critical(self, self.tr("Terjadi kesalahan"), self.tr("Data pegawai tidak tersimpan."))

    def show_problem(self, exc: TatausahaError) -> None:
        """The service's sentence under the form; the field it names focused and marked."""
        self.message.setText(str(exc))
        self.message.show()
        field = getattr(exc, "field", None)
        w = self.widgets.get(field or "")
        if w is not None:
            for i in range(self.tabs.count()):
                page = self.tabs.widget(i)
                if page is not None and page.isAncestorOf(w):
                    self.tabs.setCurrentIndex(i)
                    break
            w.setStyleSheet("background: #fde7e4;")
            w.setFocus()

    def _clear_marks(self) -> None:
        self.message.hide()
        for w in self.widgets.values():
            if w.styleSheet():
                w.setStyleSheet("")
