"""The surat keluar drafting form: jenis naskah, addressees, tembusan, body, signer with a.n./Plt./Plh.; the
fields of the chosen jenis (undangan: hari/tanggal, waktu, tempat, acara; surat tugas: dasar, kepada, untuk);
the letter it answers, found by words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha.correspondence import letters, numbering, rincian
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
        #: the version this editor shows: saving over a newer one is refused (EditConflict), never merged
        self.row_version: int | None = None
        self.setWindowTitle(self.tr("Ubah surat keluar") if letter_id else self.tr("Konsep surat keluar baru"))
        self.resize(1180, 700)
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
        self.reply.setObjectName("reply_search")
        self.reply.setPlaceholderText(self.tr("cari surat yang dibalas: kata dari perihal, pengirim, nomor; atau agenda 12/2026"))
        self.reply_results = QListWidget()
        self.reply_results.setObjectName("reply_results")
        self.reply_results.setMaximumHeight(96)
        self.reply_results.hide()
        self.reply_label = QLabel("")
        self.reply_label.setObjectName("reply_chosen")
        self.reply_label.setWordWrap(True)
        self.reply_id: int | None = None
        self.reply.textEdited.connect(self._search_reply)
        self.reply.returnPressed.connect(self._take_first_reply)
        self.reply_results.itemActivated.connect(self._choose_reply)
        self.reply_results.itemClicked.connect(self._choose_reply)
        self._build_rincian()
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
        form.addRow(self.tr("Nomor berikutnya"), self.preview)
        self.buttons = dialog_buttons(self, self.save, self.tr("Simpan konsep (Ctrl+S)"),
                                      QDialogButtonBox.StandardButton.Save)
        side = QVBoxLayout()
        reply_box = QGroupBox(self.tr("Membalas surat masuk"))
        rv = QVBoxLayout(reply_box)
        rv.addWidget(self.reply)
        rv.addWidget(self.reply_results)
        rv.addWidget(self.reply_label)
        side.addWidget(reply_box)
        side.addWidget(self.und_box)
        side.addWidget(self.st_box)
        side.addStretch(1)
        cols = QHBoxLayout()
        cols.addLayout(form, 3)
        cols.addLayout(side, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(cols, 1)
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
                    agenda = f"{m.agenda} — {m.pengirim}: {m.perihal}"
            self.set_input(d.as_input(), agenda)
            self.row_version = d.row_version
        else:
            self._jenis_changed()
            if reply_to_id is not None:
                with ui.reader() as uow:
                    m = letters.get_masuk(uow, reply_to_id)
                self._set_reply(m.id, f"{m.agenda} — {m.pengirim}: {m.perihal}")
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
        kind = rincian.kind_of(j.kode, j.layout, j.nama) if j is not None else None
        self.und_box.setVisible(kind == rincian.UNDANGAN)
        self.st_box.setVisible(kind == rincian.SURAT_TUGAS)
        self._update_preview()

    # per-jenis fields ------------------------------------------------------------------
    def _build_rincian(self) -> None:
        self.und_box = QGroupBox(self.tr("Undangan"))
        self.und_box.setObjectName("undangan_box")
        self.und_tanggal, self.und_sampai = DateEdit(), DateEdit()
        self.und_waktu, self.und_tempat, self.und_acara = QLineEdit(), QLineEdit(), QLineEdit()
        self.und_waktu.setPlaceholderText(self.tr("mis. 09.00 WIB s.d. selesai"))
        self.und_tempat.setPlaceholderText(self.tr("mis. Aula Kantor Kecamatan"))
        f = QFormLayout(self.und_box)
        f.addRow(self.tr("Hari/tanggal*"), self.und_tanggal)
        f.addRow(self.tr("s.d. tanggal"), self.und_sampai)
        f.addRow(self.tr("Waktu*"), self.und_waktu)
        f.addRow(self.tr("Tempat*"), self.und_tempat)
        f.addRow(self.tr("Acara*"), self.und_acara)
        self.st_box = QGroupBox(self.tr("Surat tugas"))
        self.st_box.setObjectName("surat_tugas_box")
        self.st_dasar = text_edit(54)
        self.st_dasar.setPlaceholderText(self.tr("satu dasar per baris"))
        self.st_kepada = QTableWidget(1, 4)
        self.st_kepada.setObjectName("st_kepada")
        self.st_kepada.setHorizontalHeaderLabels([self.tr("Nama"), self.tr("NIP"), self.tr("Pangkat/gol."), self.tr("Jabatan")])
        self.st_kepada.verticalHeader().setVisible(False)
        self.st_kepada.horizontalHeader().setStretchLastSection(True)
        self.st_kepada.setMaximumHeight(120)
        add, remove = QPushButton(self.tr("Tambah orang")), QPushButton(self.tr("Hapus baris"))
        add.setObjectName("st_add_person")
        add.clicked.connect(lambda: self.st_kepada.insertRow(self.st_kepada.rowCount()))
        remove.clicked.connect(lambda: self.st_kepada.removeRow(max(0, self.st_kepada.currentRow())))
        rows = QHBoxLayout()
        rows.addWidget(add)
        rows.addWidget(remove)
        rows.addStretch(1)
        self.st_untuk = text_edit(54)
        f2 = QFormLayout(self.st_box)
        f2.addRow(self.tr("Dasar*"), self.st_dasar)
        f2.addRow(self.tr("Kepada*"), self.st_kepada)
        f2.addRow("", rows)
        f2.addRow(self.tr("Untuk*"), self.st_untuk)
        self.und_box.hide()
        self.st_box.hide()

    def set_person(self, row: int, nama: str, nip: str = "", pangkat: str = "", jabatan: str = "") -> None:
        while self.st_kepada.rowCount() <= row:
            self.st_kepada.insertRow(self.st_kepada.rowCount())
        for col, value in enumerate((nama, nip, pangkat, jabatan)):
            self.st_kepada.setItem(row, col, QTableWidgetItem(value))

    def _rincian(self) -> dict[str, Any] | None:
        if self.und_box.isVisibleTo(self):
            return {"tanggal": _iso(self.und_tanggal.date(self.tr("Hari/tanggal acara"))),
                    "tanggal_sampai": _iso(self.und_sampai.date(self.tr("Tanggal akhir acara"))),
                    "waktu": self.und_waktu.text(), "tempat": self.und_tempat.text(), "acara": self.und_acara.text()}
        if self.st_box.isVisibleTo(self):
            people = []
            for r in range(self.st_kepada.rowCount()):
                cells = [self.st_kepada.item(r, c) for c in range(4)]
                people.append(dict(zip(("nama", "nip", "pangkat", "jabatan"),
                                       (c.text() if c is not None else "" for c in cells), strict=True)))
            return {"dasar": self.st_dasar.toPlainText().splitlines(), "kepada": people,
                    "untuk": self.st_untuk.toPlainText()}
        return None

    def _set_rincian(self, data: dict[str, Any] | None) -> None:
        if not data:
            return
        if data.get("jenis") == rincian.UNDANGAN:
            self.und_tanggal.set_date(dt.date.fromisoformat(data["tanggal"]) if data.get("tanggal") else None)
            self.und_sampai.set_date(dt.date.fromisoformat(data["tanggal_sampai"]) if data.get("tanggal_sampai") else None)
            self.und_waktu.setText(data.get("waktu", ""))
            self.und_tempat.setText(data.get("tempat", ""))
            self.und_acara.setText(data.get("acara", ""))
        elif data.get("jenis") == rincian.SURAT_TUGAS:
            self.st_dasar.setPlainText("\n".join(data.get("dasar") or []))
            self.st_kepada.setRowCount(0)
            for i, p in enumerate(data.get("kepada") or []):
                self.set_person(i, p.get("nama", ""), p.get("nip", ""), p.get("pangkat", ""), p.get("jabatan", ""))
            self.st_untuk.setPlainText(data.get("untuk", ""))

    # the letter being answered -----------------------------------------------------------
    def _search_reply(self, text: str) -> None:
        self.reply_results.clear()
        if len(text.strip()) < 2:
            self.reply_results.hide()
            return
        try:
            with self.ui.reader() as uow:
                rows = letters.find_masuk_for_reply(uow, text, limit=8)
        except TatausahaError as exc:
            self.reply_label.setText(str(exc))
            return
        for r in rows:
            it = QListWidgetItem(f"{r.agenda} — {r.pihak}: {r.perihal}" + (f" ({r.nomor})" if r.nomor else ""))
            it.setData(Qt.ItemDataRole.UserRole, r.id)
            self.reply_results.addItem(it)
        self.reply_results.setVisible(bool(rows))
        if not rows:
            self.reply_label.setText(self.tr("Tidak ada surat masuk yang cocok dengan '%1'.").replace("%1", text.strip()))
        else:
            self.reply_results.setCurrentRow(0)

    def _take_first_reply(self) -> None:
        item = self.reply_results.currentItem() or self.reply_results.item(0)
        if item is not None and self.reply_results.isVisibleTo(self):
            self._choose_reply(item)

    def _choose_reply(self, item: QListWidgetItem) -> None:
        self._set_reply(int(item.data(Qt.ItemDataRole.UserRole)), item.text())
        self.reply_results.hide()

    def _set_reply(self, masuk_id: int | None, label: str) -> None:
        self.reply_id = masuk_id
        self.reply_label.setText(self.tr("Membalas: %1").replace("%1", label) if masuk_id else "")
        if masuk_id:
            self.reply.clear()

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
        self._set_reply(d.reply_to_id, reply_agenda)
        self._jenis_changed()
        self._set_rincian(d.rincian)

    def collect(self) -> SuratKeluarInput:
        reply_id = self.reply_id
        if reply_id is None and self.reply.text().strip():
            try:
                nomor, tahun = self.reply.text().strip().split("/")
                with self.ui.reader() as uow:
                    reply_id = letters.find_masuk_by_agenda(uow, int(tahun), int(nomor))
            except ValueError as exc:
                raise ValidationFailed(self.tr(
                    "Pilih surat yang dibalas dari daftar hasil pencarian, atau tulis agendanya sebagai nomor/tahun, "
                    "mis. 12/2026.")) from exc
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
            rincian=self._rincian(), row_version=self.row_version,
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


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""
