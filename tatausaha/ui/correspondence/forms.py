"""Dialogs: the keyboard-first surat masuk form, the disposisi dialog, follow-up notes.

Keys: Tab moves through the fields in reading order, Ctrl+S saves, Esc cancels. Long text
fields move focus on Tab too (Ctrl+Tab inserts nothing; use Enter for new lines).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import letters
from tatausaha.correspondence.letters import SuratMasukInput
from tatausaha.errors import TatausahaError
from tatausaha.ui.correspondence.common import (
    DateEdit,
    InstansiEdit,
    ScanDropList,
    derajat_combo,
    dialog_buttons,
    esc,
    fmt_date,
    kanal_combo,
    keamanan_combo,
    select_data,
    text_edit,
)
from tatausaha.ui.editlock import hold_while_open
from tatausaha.ui.errors import show_error
from tatausaha.ui.widgets.kka_picker import KlasifikasiPicker


class SuratMasukDialog(QDialog):
    """Register (or edit) a surat masuk. A likely duplicate is shown before saving."""

    def __init__(self, ui: Any, parent: QWidget | None = None, *, letter_id: int | None = None,
                 prefill: SuratMasukInput | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.letter_id = letter_id
        self.saved_id: int | None = None
        self.saved_agenda = ""
        self._dups: list[letters.DuplicateHit] = []
        self._confirmed_dups = False
        #: the version this editor shows: saving over a newer one is refused (EditConflict), never merged
        self.row_version: int | None = None
        self.setWindowTitle(self.tr("Ubah surat masuk") if letter_id else self.tr("Catat surat masuk"))
        self.resize(980, 640)

        self.tanggal_terima = DateEdit(required=True)
        self.nomor_surat = QLineEdit()
        self.tanggal_surat = DateEdit()
        self.pengirim = InstansiEdit(ui)
        self.ditujukan = QLineEdit()
        self.perihal = QLineEdit()
        self.ringkasan = text_edit()
        self.derajat = derajat_combo()
        self.keamanan = keamanan_combo()
        self.kode = KlasifikasiPicker(ui)
        self.lampiran = QLineEdit()
        self.kanal = kanal_combo()
        self.srikandi_ref = QLineEdit()
        self.keterangan = QLineEdit()
        self.scans = ScanDropList()
        self.dup_label = QLabel("")
        self.dup_label.setWordWrap(True)
        self.dup_label.setStyleSheet("background: #fff4ce; border: 1px solid #e0c060; padding: 6px;")
        self.dup_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("Tanggal &terima*"), self.tanggal_terima)
        form.addRow(self.tr("&Nomor surat"), self.nomor_surat)
        form.addRow(self.tr("Tanggal s&urat"), self.tanggal_surat)
        form.addRow(self.tr("&Pengirim*"), self.pengirim)
        form.addRow(self.tr("Ditujukan kepada"), self.ditujukan)
        form.addRow(self.tr("Pe&rihal*"), self.perihal)
        form.addRow(self.tr("Ringkasan"), self.ringkasan)
        sifat = QHBoxLayout()
        sifat.addWidget(QLabel(self.tr("Derajat")))
        sifat.addWidget(self.derajat)
        sifat.addWidget(QLabel(self.tr("Keamanan")))
        sifat.addWidget(self.keamanan)
        sifat.addStretch(1)
        form.addRow(self.tr("Sifat"), sifat)
        form.addRow(self.tr("Kode klasifikasi"), self.kode)
        form.addRow(self.tr("Lampiran"), self.lampiran)
        kanal = QHBoxLayout()
        kanal.addWidget(self.kanal)
        kanal.addWidget(QLabel(self.tr("Ref. SRIKANDI")))
        kanal.addWidget(self.srikandi_ref, 1)
        form.addRow(self.tr("Diterima lewat"), kanal)
        form.addRow(self.tr("Keterangan"), self.keterangan)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(form)
        lv.addWidget(self.dup_label)
        lv.addStretch(1)
        scans_box = QGroupBox(self.tr("Pindaian"))
        sv = QVBoxLayout(scans_box)
        sv.addWidget(self.scans)
        body = QHBoxLayout()
        body.addWidget(left, 3)
        body.addWidget(scans_box, 2)
        self.buttons = dialog_buttons(self, self.save, self.tr("Simpan (Ctrl+S)"), QDialogButtonBox.StandardButton.Save)
        self.status = QLabel("")
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.status)
        outer.addWidget(self.buttons)

        self.pengirim.editingFinished.connect(self.check_duplicates)
        self.nomor_surat.editingFinished.connect(self.check_duplicates)
        self.scans.changed.connect(self.check_duplicates)
        self.kanal.currentIndexChanged.connect(self._kanal_changed)
        self._kanal_changed()

        if letter_id is not None:
            with ui.reader() as uow:
                detail = letters.get_masuk(uow, letter_id)
            self.set_input(detail.as_input())
            self.row_version = detail.row_version
            self.setWindowTitle(self.tr("Ubah surat masuk agenda %1").replace("%1", detail.agenda))
            self.scans.setEnabled(False)
        else:

            self.set_input(prefill or SuratMasukInput(tanggal_terima=clock.today(), pengirim="", perihal=""))
        self.tanggal_terima.setFocus()

    def _kanal_changed(self) -> None:
        self.srikandi_ref.setEnabled(self.kanal.currentData() == "srikandi")

    def set_input(self, d: SuratMasukInput) -> None:
        self.tanggal_terima.set_date(d.tanggal_terima)
        self.nomor_surat.setText(d.nomor_surat)
        self.tanggal_surat.set_date(d.tanggal_surat)
        self.pengirim.setText(d.pengirim)
        self.ditujukan.setText(d.ditujukan)
        self.perihal.setText(d.perihal)
        self.ringkasan.setPlainText(d.ringkasan)
        select_data(self.derajat, d.derajat)
        select_data(self.keamanan, d.keamanan)
        if d.kode_klasifikasi:
            self.kode.set_kode(d.kode_klasifikasi)
        self.lampiran.setText(d.lampiran)
        select_data(self.kanal, d.kanal)
        self.srikandi_ref.setText(d.srikandi_ref)
        self.keterangan.setText(d.keterangan)

    def collect(self) -> SuratMasukInput:
        return SuratMasukInput(
            tanggal_terima=self.tanggal_terima.date(self.tr("Tanggal terima")),  # type: ignore[arg-type]
            pengirim=self.pengirim.text(), perihal=self.perihal.text(), nomor_surat=self.nomor_surat.text(),
            tanggal_surat=self.tanggal_surat.date(self.tr("Tanggal surat")), ditujukan=self.ditujukan.text(),
            ringkasan=self.ringkasan.toPlainText(), derajat=self.derajat.currentData(),
            keamanan=self.keamanan.currentData(), kode_klasifikasi=self.kode.kode(), lampiran=self.lampiran.text(),
            kanal=self.kanal.currentData(), srikandi_ref=self.srikandi_ref.text(), keterangan=self.keterangan.text(),
            row_version=self.row_version,
        )

    def check_duplicates(self) -> list[letters.DuplicateHit]:
        with self.ui.reader() as uow:
            self._dups = letters.check_duplicates(
                uow, pengirim=self.pengirim.text(), nomor_surat=self.nomor_surat.text(),
                sha256s=self.scans.sha256s(), exclude_id=self.letter_id,
            )
        self._confirmed_dups = False
        if self._dups:
            lines = "<br>".join(f"• {esc(h.reason)} ({esc(h.pengirim)}: {esc(h.perihal)})" for h in self._dups)
            self.dup_label.setText("<b>" + self.tr("Mungkin surat ini sudah dicatat:") + "</b><br>" + lines)
            self.dup_label.show()
        else:
            self.dup_label.hide()
        return self._dups

    def save(self) -> None:
        try:
            data = self.collect()
        except TatausahaError as exc:
            show_error(self, exc)
            return
        if self.check_duplicates() and not self._confirmed_dups:
            answer = QMessageBox.question(
                self, self.tr("Kemungkinan surat ganda"),
                self.tr("Surat yang mirip sudah tercatat (lihat kotak kuning). Tetap simpan sebagai surat baru?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._confirmed_dups = True
        files = list(self.scans.files)
        letter_id = self.letter_id
        store = self.ui.store

        def write(uow: Any) -> letters.Saved:
            if letter_id is None:
                return letters.register_masuk(uow, data, store=store, scans=files)
            return letters.update_masuk(uow, letter_id, data)

        def done(saved: letters.Saved) -> None:
            self.saved_id = saved.id
            self.saved_agenda = f"{saved.nomor_agenda}/{saved.tahun}"
            self.ui.status_message(self.tr("Surat masuk tersimpan dengan nomor agenda %1.").replace("%1", self.saved_agenda))
            self.accept()

        self.buttons.setEnabled(False)
        self.status.setText(self.tr("Menyimpan…"))

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.status.setText("")
            show_error(self, exc)

        self.ui.write(write, parent=self, on_done=done, on_failure=failed)


class DisposisiDialog(QDialog):
    """Dispose a letter (or forward a disposition received) to one or more recipients."""

    def __init__(self, ui: Any, surat_masuk_id: int, parent: QWidget | None = None, *,
                 parent_disposisi_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.surat_masuk_id = surat_masuk_id
        self.parent_disposisi_id = parent_disposisi_id
        self.created: list[int] = []
        self.setWindowTitle(self.tr("Teruskan disposisi") if parent_disposisi_id else self.tr("Disposisi"))
        with ui.reader() as uow:
            m = letters.get_masuk(uow, surat_masuk_id)
            options = dsp.recipient_options(uow)
            instruksi = dsp.list_instruksi(uow)
        head = QLabel(
            f"<b>{esc(m.perihal)}</b><br>{esc(m.pengirim)} · {esc(m.nomor_surat)} · "
            + self.tr("agenda") + f" {esc(m.agenda)} · " + self.tr("diterima") + f" {fmt_date(m.tanggal_terima)}"
        )
        head.setWordWrap(True)
        self.recipients = QListWidget()
        for opt in options:
            it = QListWidgetItem(opt.label)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            it.setData(Qt.ItemDataRole.UserRole, opt.recipient)
            self.recipients.addItem(it)
        self.instruksi = QListWidget()
        for t in instruksi:
            it = QListWidgetItem(t)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            self.instruksi.addItem(it)
        self.lainnya = QLineEdit()
        self.lainnya.setPlaceholderText(self.tr("instruksi lain (boleh kosong)"))
        self.catatan = text_edit(70)
        self.batas = DateEdit()
        self.derajat = derajat_combo(m.derajat)
        cols = QHBoxLayout()
        box1 = QGroupBox(self.tr("Diteruskan kepada"))
        QVBoxLayout(box1).addWidget(self.recipients)
        box2 = QGroupBox(self.tr("Dengan hormat harap"))
        v2 = QVBoxLayout(box2)
        v2.addWidget(self.instruksi)
        v2.addWidget(self.lainnya)
        cols.addWidget(box1)
        cols.addWidget(box2)
        form = QFormLayout()
        form.addRow(self.tr("Catatan"), self.catatan)
        form.addRow(self.tr("Batas waktu"), self.batas)
        form.addRow(self.tr("Derajat"), self.derajat)
        buttons = dialog_buttons(self, self.save, self.tr("Kirim disposisi (Ctrl+S)"))
        # the letter's scan beside the form: the decision is made looking at the letter itself
        from tatausaha.ui.attachment import ScanPane

        self.scan = ScanPane(ui, m.attachments)
        side = QWidget()
        lay = QVBoxLayout(side)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(head)
        lay.addLayout(cols, 1)
        lay.addLayout(form)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.scan)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        # with a scan, half for the letter; without one, the form takes the room
        split.setSizes([520, 640] if m.attachments else [260, 900])
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addWidget(buttons)
        self.resize(1180, 720)  # fitted to the screen when shown
        # two people disposing the same letter at once is costly: one at a time, across workstations
        hold_while_open(ui, self, "disposisi_surat", surat_masuk_id, what=self.tr("Disposisi surat ini"))

    def check_recipient(self, text_part: str) -> bool:
        for i in range(self.recipients.count()):
            it = self.recipients.item(i)
            if text_part.lower() in it.text().lower():
                it.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    def check_instruksi(self, text: str) -> None:
        for i in range(self.instruksi.count()):
            it = self.instruksi.item(i)
            if it.text() == text:
                it.setCheckState(Qt.CheckState.Checked)

    def save(self) -> None:
        rec = [self.recipients.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.recipients.count())
               if self.recipients.item(i).checkState() == Qt.CheckState.Checked]
        ins = [self.instruksi.item(i).text() for i in range(self.instruksi.count())
               if self.instruksi.item(i).checkState() == Qt.CheckState.Checked]
        if self.lainnya.text().strip():
            ins.append(self.lainnya.text().strip())
        try:
            batas = self.batas.date(self.tr("Batas waktu"))
        except TatausahaError as exc:
            show_error(self, exc)
            return
        catatan, derajat = self.catatan.toPlainText(), self.derajat.currentData()
        sid, pid = self.surat_masuk_id, self.parent_disposisi_id

        def done(ids: list[int]) -> None:
            self.created = ids
            self.accept()

        self.ui.write(lambda uow: dsp.dispose(uow, sid, rec, instruksi=ins, catatan=catatan, batas_waktu=batas,
                                              derajat=derajat, parent_id=pid), parent=self, on_done=done)


class NoteDialog(QDialog):
    """Tindak lanjut: what was done about a disposition."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = text_edit(100)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(label))
        lay.addWidget(self.text)
        lay.addWidget(dialog_buttons(self, self.accept))
