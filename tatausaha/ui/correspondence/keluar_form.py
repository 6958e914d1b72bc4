"""The surat keluar drafting form: jenis naskah, addressees, tembusan, body, signer with a.n./Plt./Plh."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tatausaha.correspondence import letters, numbering
from tatausaha.correspondence.letters import SuratKeluarInput
from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.services import office
from tatausaha.ui.correspondence.common import (
    DateEdit,
    derajat_combo,
    dialog_buttons,
    keamanan_combo,
    select_data,
    text_edit,
)
from tatausaha.ui.errors import show_error
from tatausaha.ui.widgets.kka_picker import KlasifikasiPicker


class SuratKeluarDialog(QDialog):
    def __init__(self, ui: Any, parent: QWidget | None = None, *, letter_id: int | None = None,
                 reply_to_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.letter_id = letter_id
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Ubah surat keluar") if letter_id else self.tr("Konsep surat keluar baru"))
        self.resize(860, 720)
        with ui.reader() as uow:
            self._jenis = numbering.list_jenis(uow)
            signers = office.list_officials(uow, signers_only=True)
            units = office.list_units(uow)
            prof = office.get_office(uow)
        self.pimpinan = prof.jabatan_pimpinan if prof else "CAMAT"
        self.jenis = QComboBox()
        for j in self._jenis:
            self.jenis.addItem(f"{j.nama} ({j.kode})", j.kode)
        self.tanggal = DateEdit()
        self.hal = QLineEdit()
        self.tujuan = text_edit(60)
        self.tujuan.setPlaceholderText(self.tr("satu tujuan per baris, tanpa \"Yth.\""))
        self.tujuan_di = QLineEdit()
        self.tujuan_di.setPlaceholderText(self.tr("mis. Tempat / Bekasi"))
        self.tembusan = text_edit(50)
        self.tembusan.setPlaceholderText(self.tr("satu per baris"))
        self.lampiran = QLineEdit()
        self.isi = text_edit(None)
        self.derajat = derajat_combo()
        self.keamanan = keamanan_combo()
        self.kode = KlasifikasiPicker(ui)
        self.unit = QComboBox()
        self.unit.addItem(self.tr("(kantor)"), None)
        for u in units:
            self.unit.addItem(u.nama, u.id)
        self.signer = QComboBox()
        self.signer.addItem(self.tr("(belum ditentukan)"), None)
        for o in signers:
            self.signer.addItem(f"{o.jabatan} — {o.nama}", o.id)
        self.prefix = QComboBox()
        for p in ("", "a.n.", "u.b.", "Plt.", "Plh.", "Pj."):
            self.prefix.addItem(p or self.tr("(langsung)"), p)
        self.atas_nama = QLineEdit()
        self.reply = QLineEdit()
        self.reply.setPlaceholderText(self.tr("agenda surat masuk yang dibalas, mis. 12/2026"))
        self.preview = QLabel("")
        self.preview.setStyleSheet("color: #1a5;")

        form = QFormLayout()
        form.addRow(self.tr("&Jenis naskah"), self.jenis)
        form.addRow(self.tr("Tanggal surat"), self.tanggal)
        form.addRow(self.tr("&Hal*"), self.hal)
        form.addRow(self.tr("&Tujuan*"), self.tujuan)
        form.addRow(self.tr("di"), self.tujuan_di)
        form.addRow(self.tr("Lampiran"), self.lampiran)
        sifat = QHBoxLayout()
        sifat.addWidget(self.derajat)
        sifat.addWidget(QLabel(self.tr("Keamanan")))
        sifat.addWidget(self.keamanan)
        sifat.addStretch(1)
        form.addRow(self.tr("Sifat"), sifat)
        form.addRow(self.tr("Kode klasifikasi"), self.kode)
        form.addRow(self.tr("Unit pengolah"), self.unit)
        form.addRow(self.tr("&Isi"), self.isi)
        ttd = QHBoxLayout()
        ttd.addWidget(self.prefix)
        ttd.addWidget(self.signer, 1)
        form.addRow(self.tr("Penandatangan"), ttd)
        form.addRow(self.tr("Atas nama jabatan"), self.atas_nama)
        form.addRow(self.tr("Tembusan"), self.tembusan)
        form.addRow(self.tr("Membalas"), self.reply)
        form.addRow(self.tr("Nomor berikutnya"), self.preview)
        self.buttons = dialog_buttons(self, self.save, self.tr("Simpan konsep (Ctrl+S)"),
                                      QDialogButtonBox.StandardButton.Save)
        lay = QVBoxLayout(self)
        lay.addLayout(form, 1)
        lay.addWidget(self.buttons)
        self.jenis.currentIndexChanged.connect(self._jenis_changed)
        self.prefix.currentIndexChanged.connect(self._prefix_changed)
        self.kode.changed.connect(lambda _k: self._update_preview())
        self._prefix_changed()
        if letter_id is not None:
            with ui.reader() as uow:
                d = letters.get_keluar(uow, letter_id)
                agenda = ""
                if d.reply_to_id:
                    m = letters.get_masuk(uow, d.reply_to_id)
                    agenda = m.agenda
            self.set_input(d.as_input(), agenda)
        else:
            self._jenis_changed()
            if reply_to_id is not None:
                with ui.reader() as uow:
                    m = letters.get_masuk(uow, reply_to_id)
                self.reply.setText(m.agenda)
                self.hal.setText(self.tr("Jawaban: ") + m.perihal)
                self.tujuan.setPlainText(m.pengirim)
                if m.kode_klasifikasi:
                    self.kode.set_kode(m.kode_klasifikasi)
        self.hal.setFocus()

    def _jenis_changed(self) -> None:
        kode = self.jenis.currentData()
        j = next((x for x in self._jenis if x.kode == kode), None)
        if j is not None and j.kode_klasifikasi_default and not self.kode.kode():
            self.kode.set_kode(j.kode_klasifikasi_default)
        self._update_preview()

    def _prefix_changed(self) -> None:
        p = self.prefix.currentData()
        self.atas_nama.setEnabled(p in ("a.n.", "u.b."))
        if p in ("a.n.", "u.b.") and not self.atas_nama.text():
            self.atas_nama.setText(self.pimpinan.upper())

    def _update_preview(self) -> None:
        try:
            with self.ui.reader() as uow:
                text = numbering.preview(uow, self.jenis.currentData(), kka=self.kode.kode() or None)
            self.preview.setText(text + self.tr("  (diberikan saat surat diberi nomor)"))
        except TatausahaError as exc:
            self.preview.setText(str(exc))

    def set_input(self, d: SuratKeluarInput, reply_agenda: str = "") -> None:
        select_data(self.jenis, d.jenis)
        self.tanggal.set_date(d.tanggal_surat)
        self.hal.setText(d.hal)
        self.tujuan.setPlainText(d.tujuan)
        self.tujuan_di.setText(d.tujuan_di)
        self.tembusan.setPlainText("\n".join(d.tembusan))
        self.lampiran.setText(d.lampiran)
        self.isi.setPlainText(d.isi)
        select_data(self.derajat, d.derajat)
        select_data(self.keamanan, d.keamanan)
        if d.kode_klasifikasi:
            self.kode.set_kode(d.kode_klasifikasi)
        select_data(self.unit, d.unit_id)
        select_data(self.signer, d.penandatangan_id)
        select_data(self.prefix, d.ttd_prefix)
        self.atas_nama.setText(d.atas_nama_jabatan)
        self.reply.setText(reply_agenda)

    def collect(self) -> SuratKeluarInput:
        reply_id = None
        if self.reply.text().strip():
            try:
                nomor, tahun = self.reply.text().strip().split("/")
                with self.ui.reader() as uow:
                    reply_id = letters.find_masuk_by_agenda(uow, int(tahun), int(nomor))
            except ValueError as exc:
                raise ValidationFailed(self.tr("Tulis agenda surat yang dibalas sebagai nomor/tahun, mis. 12/2026.")) from exc
            if reply_id is None:
                raise ValidationFailed(self.tr("Surat masuk dengan agenda %1 tidak ada.").replace("%1", self.reply.text()))
        return SuratKeluarInput(
            jenis=self.jenis.currentData(), hal=self.hal.text(), tujuan=self.tujuan.toPlainText(),
            tujuan_di=self.tujuan_di.text(), tanggal_surat=self.tanggal.date(self.tr("Tanggal surat")),
            tembusan=tuple(self.tembusan.toPlainText().splitlines()), lampiran=self.lampiran.text(),
            isi=self.isi.toPlainText(), derajat=self.derajat.currentData(), keamanan=self.keamanan.currentData(),
            kode_klasifikasi=self.kode.kode(), unit_id=self.unit.currentData(),
            penandatangan_id=self.signer.currentData(), ttd_prefix=self.prefix.currentData(),
            atas_nama_jabatan=self.atas_nama.text() if self.atas_nama.isEnabled() else "", reply_to_id=reply_id,
        )

    def save(self) -> None:
        try:
            data = self.collect()
        except TatausahaError as exc:
            show_error(self, exc)
            return
        lid = self.letter_id

        def done(saved: letters.Saved) -> None:
            self.saved_id = saved.id
            self.accept()

        self.ui.write(lambda uow: letters.create_keluar(uow, data) if lid is None else letters.update_keluar(uow, lid, data),
                      parent=self, on_done=done)

