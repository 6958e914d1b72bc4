"""The SPJ page's dialogs: the item editor, an evidence state with its reason, moving an evidence
file to another row, closing with the pimpinan's override, and the period of a book (BKU / tax recap)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.idformat import format_angka, rupiah
from tatausaha.idparse import parse_rupiah
from tatausaha.models.spj import METODE_BAYAR, STATUS_BUKTI, STATUS_BUKTI_LABEL
from tatausaha.spj import service
from tatausaha.spj.service import BuktiView, ItemFile, ItemInput, ItemView

PENERIMA_LABEL = {"penyedia": "Penyedia (toko/usaha)", "orang": "Orang perseorangan", "pegawai": "Pegawai"}
METODE_LABEL = {"tunai": "Tunai", "non_tunai": "Non-tunai (transfer)"}


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(w: QDateEdit) -> dt.date:
    q = w.date()
    return dt.date(q.year(), q.month(), q.day())


def date_edit(value: dt.date) -> QDateEdit:
    w = QDateEdit(_qdate(value))
    w.setCalendarPopup(True)
    w.setDisplayFormat("dd-MM-yyyy")
    return w


def buttons(dlg: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(dlg.tr("Batal"))
    box.accepted.connect(dlg.accept)
    box.rejected.connect(dlg.reject)
    return box


class ItemDialog(QDialog):
    """A new SPJ item, or changes to one (a numbered item asks why: it becomes a new version)."""

    def __init__(self, ui: Any, item: ItemView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_item_dialog")
        self.ui = ui
        self.item = item
        self.setWindowTitle(self.tr("Ubah item SPJ") if item else self.tr("Item SPJ baru"))
        today = item.tanggal if item else clock.today()
        self.tanggal = date_edit(today)
        self.sub_kegiatan = QComboBox()
        self.sub_kegiatan.setObjectName("spj_sub_kegiatan")
        self.rekening = QComboBox()
        self.rekening.setObjectName("spj_rekening")
        self.jenis = QComboBox()
        self.jenis.setObjectName("spj_jenis")
        self.uraian = QLineEdit(item.uraian if item else "")
        self.uraian.setObjectName("spj_uraian")
        self.jumlah = QLineEdit(format_angka(item.jumlah) if item else "")
        self.jumlah.setObjectName("spj_jumlah")
        self.jumlah.setPlaceholderText(self.tr("mis. 2.950.000"))
        self.jumlah_text = QLabel("")
        self.jumlah.textChanged.connect(self._show_amount)
        self.penerima_jenis = QComboBox()
        self.penerima_jenis.setObjectName("spj_penerima_jenis")
        for k in ("penyedia", "orang", "pegawai"):
            self.penerima_jenis.addItem(self.tr(PENERIMA_LABEL[k]), k)
        self.supplier = QComboBox()
        self.supplier.setObjectName("spj_supplier")
        self.pegawai = QComboBox()
        self.pegawai.setObjectName("spj_pegawai")
        self.penerima = QLineEdit(item.penerima_nama if item else "")
        self.penerima.setObjectName("spj_penerima")
        self.nip = QLineEdit(item.penerima_nip if item else "")
        self.npwp = QLineEdit(item.penerima_npwp if item else "")
        self.metode = QComboBox()
        for k in METODE_BAYAR:
            self.metode.addItem(self.tr(METODE_LABEL.get(k, k)), k)
        self.no_npd = QLineEdit(item.no_npd if item else "")
        self.no_tbp = QLineEdit(item.no_tbp if item else "")
        self.alasan = QLineEdit()
        self.alasan.setObjectName("spj_alasan")
        self.alasan.setPlaceholderText(self.tr("wajib bila item sudah bernomor"))

        form = QFormLayout()
        form.addRow(self.tr("Tanggal"), self.tanggal)
        form.addRow(self.tr("Sub kegiatan"), self.sub_kegiatan)
        form.addRow(self.tr("Rekening belanja"), self.rekening)
        form.addRow(self.tr("Jenis belanja"), self.jenis)
        form.addRow(self.tr("Uraian"), self.uraian)
        form.addRow(self.tr("Jumlah (Rp)"), self.jumlah)
        form.addRow("", self.jumlah_text)
        form.addRow(self.tr("Penerima"), self.penerima_jenis)
        form.addRow(self.tr("Penyedia"), self.supplier)
        form.addRow(self.tr("Pegawai"), self.pegawai)
        form.addRow(self.tr("Nama penerima"), self.penerima)
        form.addRow(self.tr("NIP penerima"), self.nip)
        form.addRow(self.tr("NPWP penerima"), self.npwp)
        form.addRow(self.tr("Cara bayar"), self.metode)
        form.addRow(self.tr("Nomor NPD"), self.no_npd)
        form.addRow(self.tr("Nomor TBP"), self.no_tbp)
        if item is not None and item.nomor:
            form.addRow(self.tr("Alasan perubahan"), self.alasan)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons(self, self.tr("Simpan")))
        self._load_choices()
        self.sub_kegiatan.currentIndexChanged.connect(lambda _i: self._load_rekening())
        self.rekening.currentIndexChanged.connect(lambda _i: self._rekening_jenis())
        self.supplier.currentIndexChanged.connect(lambda _i: self._supplier_name())
        self.pegawai.currentIndexChanged.connect(lambda _i: self._pegawai_name())
        self._show_amount()
        if item is not None:  # one editor per item across the office's PCs ("sedang dibuka oleh …")
            from tatausaha.ui.editlock import hold_while_open

            hold_while_open(ui, self, "spj_item", item.id, what=self.tr("Item SPJ ini"))

    def _load_choices(self) -> None:
        it = self.item
        year = it.tahun if it else clock.today().year
        with self.ui.reader() as uow:
            years = service.tahun_list(uow)
            if year not in years and years:
                year = max(years)
            lines = service.budget_lines(uow, year) if years else []
            self._jenis = service.jenis_belanja_list(uow)
            self._suppliers = service.suppliers(uow)
            try:
                from tatausaha.spj.golongan import employees

                self._employees = employees(uow)
            except TatausahaError:  # the staff area refuses this reader: type the payee instead
                self._employees = []
        for ln in lines:
            self.sub_kegiatan.addItem(f"{ln.kode} {ln.nama}", ln.id)
        for kode, label in self._jenis:
            self.jenis.addItem(label, kode)
        self.supplier.addItem(self.tr("— tidak ada —"), None)
        for s in self._suppliers:
            self.supplier.addItem(s.nama, s.id)
        self.pegawai.addItem(self.tr("— tidak ada —"), None)
        for pid, nama, _nip in self._employees:
            self.pegawai.addItem(nama, pid)
        if it is not None:
            self._select(self.sub_kegiatan, it.sub_kegiatan_id)
            self._select(self.jenis, it.jenis_belanja)
            self._select(self.penerima_jenis, it.penerima_jenis)
            self._select(self.supplier, it.supplier_id)
            self._select(self.pegawai, it.pegawai_id)
            self._select(self.metode, it.metode_bayar)
        self._load_rekening()
        if it is not None:
            self._select(self.rekening, it.rekening_id)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        i = combo.findData(value)
        if i >= 0:
            combo.setCurrentIndex(i)

    def _load_rekening(self) -> None:
        sk = self.sub_kegiatan.currentData()
        self.rekening.clear()
        if sk is None:
            return
        with self.ui.reader() as uow:
            rows = service.rekening_list(uow, sub_kegiatan_id=sk) or service.rekening_list(uow)
        self._rek_jenis = {rid: jenis for rid, _kode, _nama, jenis in rows}  # before the first item selects itself
        for rid, kode, nama, _jenis in rows:
            self.rekening.addItem(f"{kode} {nama}", rid)

    def _rekening_jenis(self) -> None:
        jenis = getattr(self, "_rek_jenis", {}).get(self.rekening.currentData())
        if jenis and self.item is None:
            self._select(self.jenis, jenis)

    def _supplier_name(self) -> None:
        sid = self.supplier.currentData()
        if sid is None:
            return
        self._select(self.penerima_jenis, "penyedia")
        if not self.penerima.text().strip():
            self.penerima.setText(self.supplier.currentText())

    def _pegawai_name(self) -> None:
        pid = self.pegawai.currentData()
        if pid is None:
            return
        self._select(self.penerima_jenis, "pegawai")
        nama, nip = next(((n, p) for i, n, p in self._employees if i == pid), ("", ""))
        self.penerima.setText(nama)
        if nip and "*" not in nip and "•" not in nip:
            self.nip.setText(nip.replace(" ", ""))

    def _amount(self) -> int:
        try:
            value = parse_rupiah(self.jumlah.text())
        except (ValueError, TatausahaError):
            raise ValidationFailed("Jumlah harus berupa angka rupiah, mis. 2.950.000.", field="jumlah") from None
        if value != int(value):
            raise ValidationFailed("Jumlah SPJ ditulis dalam rupiah penuh (tanpa sen).", field="jumlah")
        return int(value)

    def _show_amount(self) -> None:
        try:
            n = self._amount()
        except ValidationFailed:
            self.jumlah_text.setText("")
            return
        from tatausaha.idformat import terbilang_rupiah

        self.jumlah_text.setText(f"{rupiah(n)} — {terbilang_rupiah(n, kapital='awal')}" if n > 0 else "")

    def data(self) -> ItemInput:
        """The form as an ``ItemInput``; ``ValidationFailed`` (Indonesian) for what cannot be read."""
        if self.sub_kegiatan.currentData() is None:
            raise ValidationFailed("Pilih sub kegiatan. Bila daftarnya kosong, impor atau isi anggaran tahun ini dulu.",
                                   field="sub_kegiatan")
        if self.rekening.currentData() is None:
            raise ValidationFailed("Pilih rekening belanja.", field="rekening")
        return ItemInput(
            tanggal=_pydate(self.tanggal), sub_kegiatan_id=int(self.sub_kegiatan.currentData()),
            rekening_id=int(self.rekening.currentData()), jenis_belanja=str(self.jenis.currentData() or ""),
            uraian=self.uraian.text().strip(), jumlah=self._amount(),
            penerima_jenis=str(self.penerima_jenis.currentData()), supplier_id=self.supplier.currentData(),
            pegawai_id=self.pegawai.currentData() if self.penerima_jenis.currentData() == "pegawai" else None,
            penerima_nama=self.penerima.text().strip(), penerima_nip=self.nip.text().strip(),
            penerima_npwp=self.npwp.text().strip(), metode_bayar=str(self.metode.currentData()),
            no_npd=self.no_npd.text().strip(), no_tbp=self.no_tbp.text().strip(),
            kegiatan_selesai=self.item.kegiatan_selesai if self.item else None,
            catatan=self.item.catatan if self.item else "",
        )

    def accept(self) -> None:
        try:
            data = self.data()
        except ValidationFailed as exc:
            QMessageBox.information(self, self.tr("Periksa isian"), str(exc))
            return
        item = self.item

        def save(uow: Any) -> ItemView:
            if item is None:
                return service.create_item(uow, data)
            return service.update_item(uow, item.id, data, row_version=item.row_version, alasan=self.alasan.text())

        def done(view: ItemView) -> None:
            self.saved = view
            QDialog.accept(self)

        self.ui.write(save, parent=self, on_done=done, on_failure=lambda exc: QMessageBox.information(
            self, self.tr("Belum dapat disimpan"), str(exc)))


class BuktiStatusDialog(QDialog):
    """One of the five states for an evidence requirement; *tidak berlaku* and *perlu perbaikan* ask why."""

    def __init__(self, nama: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_bukti_status_dialog")
        self.setWindowTitle(self.tr("Status dokumen bukti"))
        self.status = QComboBox()
        self.status.setObjectName("spj_status")
        for s in STATUS_BUKTI:
            self.status.addItem(self.tr(STATUS_BUKTI_LABEL[s]), s)
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.alasan = QPlainTextEdit()
        self.alasan.setObjectName("spj_status_alasan")
        self.alasan.setPlaceholderText(self.tr("Alasan (wajib untuk Tidak berlaku dan Perlu perbaikan)"))
        self.alasan.setFixedHeight(70)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<b>{nama}</b>"))
        lay.addWidget(self.status)
        lay.addWidget(self.alasan)
        lay.addWidget(buttons(self, self.tr("Simpan")))

    def value(self) -> tuple[str, str]:
        return str(self.status.currentData()), self.alasan.toPlainText().strip()


#: the target "no row" in ``MoveFileDialog`` (the file stays on the item)
NO_ROW = 0


class MoveFileDialog(QDialog):
    """Move one evidence file of an item to another of its checklist rows, or off every row (the
    file stays on the item as "Berkas tanpa baris"): for receipts scanned in the wrong order."""

    def __init__(self, item: ItemView, files: list[ItemFile], source: BuktiView | None,
                 document_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_move_dialog")
        self.setWindowTitle(self.tr("Pindahkan berkas"))
        self.source = source
        lay = QVBoxLayout(self)
        where = source.nama if source is not None else self.tr("Berkas tanpa baris")
        head = QLabel(self.tr("Dari: %1").replace("%1", where))
        head.setWordWrap(True)
        lay.addWidget(head)
        self.file = QComboBox()
        self.file.setObjectName("spj_move_file")
        for f in files:
            self.file.addItem(f"{f.nama_berkas} ({f.diterima:%d-%m-%Y %H.%M})", f.document_id)
        if document_id is not None:
            self.file.setCurrentIndex(max(0, self.file.findData(document_id)))
        self.file.setEnabled(len(files) > 1)
        form = QFormLayout()
        form.addRow(self.tr("Berkas"), self.file)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Pindahkan ke baris:")))
        self.target = QListWidget()
        self.target.setObjectName("spj_move_target")
        self.versions: dict[int, int] = {}
        for b in item.bukti:
            if source is not None and b.id == source.id:
                continue
            wajib = self.tr("wajib") if b.wajib else self.tr("tidak wajib")
            text = self.tr("%1 — %2, %3, %4 berkas").replace("%1", b.nama).replace(
                "%2", self.tr(STATUS_BUKTI_LABEL[b.status])).replace("%3", wajib).replace("%4", str(len(b.document_ids)))
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, b.id)
            self.target.addItem(row)
            self.versions[b.id] = b.row_version
        if source is not None:
            row = QListWidgetItem(self.tr("Tanpa baris (tetap di item SPJ ini)"))
            row.setData(Qt.ItemDataRole.UserRole, NO_ROW)
            self.target.addItem(row)
        lay.addWidget(self.target, 1)
        note = QLabel(self.tr("Baris tujuan menjadi Lengkap; baris asal yang tidak lagi memiliki berkas kembali "
                              "menjadi Belum ada."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        lay.addWidget(note)
        self.box = buttons(self, self.tr("Pindahkan"))
        lay.addWidget(self.box)
        self.ok = self.box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.target.currentItemChanged.connect(lambda cur, _prev: self.ok.setEnabled(cur is not None and bool(
            self.file.count())))
        self.target.itemDoubleClicked.connect(lambda _i: self.accept() if self.ok.isEnabled() else None)
        self.resize(520, 420)

    def value(self) -> tuple[int, int | None, int | None]:
        """(document id, target row id or None for no row, the target row's version as shown)."""
        cur = self.target.currentItem()
        to = int(cur.data(Qt.ItemDataRole.UserRole)) if cur is not None else NO_ROW
        return int(self.file.currentData()), (to or None), self.versions.get(to)


class CloseDialog(QDialog):
    """Closing an item. With required documents missing only a pimpinan may close it, with a reason
    that is kept on the item and in the audit trail."""

    def __init__(self, item: ItemView, can_override: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_close_dialog")
        self.setWindowTitle(self.tr("Tutup item SPJ"))
        missing = item.kelengkapan.kurang
        lay = QVBoxLayout(self)
        title = item.nomor or self.tr("item #%1").replace("%1", str(item.id))
        lay.addWidget(QLabel(self.tr("Tutup %1 — %2?").replace("%1", title).replace("%2", item.uraian)))
        self.alasan = QPlainTextEdit()
        self.alasan.setObjectName("spj_override_alasan")
        self.needs_reason = bool(missing)
        if missing:
            text = QLabel(self.tr("Dokumen wajib yang belum ada: %1.").replace("%1", ", ".join(missing)))
            text.setWordWrap(True)
            text.setStyleSheet("color: #b3261e;")
            lay.addWidget(text)
            if can_override:
                lay.addWidget(QLabel(self.tr("Sebagai pimpinan Anda dapat tetap menutupnya. Tuliskan alasannya "
                                             "(dicatat di jejak audit):")))
                self.alasan.setFixedHeight(70)
                lay.addWidget(self.alasan)
            else:
                note = QLabel(self.tr("Item ini baru dapat ditutup setelah dokumennya lengkap, atau oleh pimpinan "
                                      "dengan alasan."))
                note.setWordWrap(True)
                lay.addWidget(note)
        box = buttons(self, self.tr("Tutup item"))
        box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing or can_override)
        lay.addWidget(box)

    def reason(self) -> str:
        return self.alasan.toPlainText().strip()

    def accept(self) -> None:
        if self.needs_reason and not self.reason():
            QMessageBox.information(self, self.tr("Alasan diperlukan"),
                                    self.tr("Tuliskan alasan menutup item yang dokumennya belum lengkap."))
            return
        super().accept()


class PeriodDialog(QDialog):
    """The period of a book and whether to print it (PDF) or export it (XLSX)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_period_dialog")
        self.setWindowTitle(title)
        today = clock.today()
        first = today.replace(day=1)
        self.start = date_edit(first)
        self.end = date_edit(today)
        self.fmt = QComboBox()
        self.fmt.setObjectName("spj_period_format")
        self.fmt.addItem(self.tr("Cetak (PDF)"), "pdf")
        self.fmt.addItem(self.tr("Excel (XLSX)"), "xlsx")
        form = QFormLayout()
        form.addRow(self.tr("Dari tanggal"), self.start)
        form.addRow(self.tr("Sampai tanggal"), self.end)
        form.addRow(self.tr("Bentuk"), self.fmt)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons(self, self.tr("Lanjut")))

    def value(self) -> tuple[dt.date, dt.date, str]:
        return _pydate(self.start), _pydate(self.end), str(self.fmt.currentData())

    def accept(self) -> None:
        a, b, _ = self.value()
        if b < a:
            QMessageBox.information(self, self.tr("Periksa periode"),
                                    self.tr("Tanggal akhir tidak boleh sebelum tanggal awal."))
            return
        super().accept()


class TaxDialog(QDialog):
    """One of the item's taxes: record its deposit (date, NTPN, kode billing) or withhold another
    amount than the rule computes (with the reason, kept on the item)."""

    def __init__(self, item: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from tatausaha.models.spj import JENIS_PAJAK_LABEL

        self.setObjectName("spj_tax_dialog")
        self.setWindowTitle(self.tr("Pajak item SPJ"))
        self.item = item
        self.tax = QComboBox()
        self.tax.setObjectName("spj_tax_choice")
        for p in item.pajak:
            state = self.tr("disetor") if p.disetor else self.tr("belum disetor")
            self.tax.addItem(f"{JENIS_PAJAK_LABEL.get(p.jenis, p.jenis)} {rupiah(p.jumlah)} ({state})", p.id)
        self.what = QComboBox()
        self.what.setObjectName("spj_tax_what")
        self.what.addItem(self.tr("Catat setoran (NTPN)"), "setor")
        self.what.addItem(self.tr("Ubah jumlah dipotong/dipungut"), "ubah")
        self.tanggal = date_edit(clock.today())
        self.ntpn = QLineEdit()
        self.ntpn.setObjectName("spj_tax_ntpn")
        self.billing = QLineEdit()
        self.jumlah = QLineEdit()
        self.jumlah.setObjectName("spj_tax_jumlah")
        self.alasan = QLineEdit()
        self.alasan.setObjectName("spj_tax_alasan")
        form = QFormLayout()
        form.addRow(self.tr("Pajak"), self.tax)
        form.addRow(self.tr("Yang dicatat"), self.what)
        form.addRow(self.tr("Tanggal setor"), self.tanggal)
        form.addRow(self.tr("NTPN"), self.ntpn)
        form.addRow(self.tr("Kode billing"), self.billing)
        form.addRow(self.tr("Jumlah baru (Rp)"), self.jumlah)
        form.addRow(self.tr("Alasan perubahan"), self.alasan)
        self.form = form
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons(self, self.tr("Simpan")))
        self.what.currentIndexChanged.connect(lambda _i: self._mode())
        self._mode()

    def _mode(self) -> None:
        setor = self.what.currentData() == "setor"
        for w in (self.tanggal, self.ntpn, self.billing):
            w.setEnabled(setor)
        for w in (self.jumlah, self.alasan):
            w.setEnabled(not setor)

    def command(self) -> Any:
        """The write this dialog asks for, as ``fn(uow)``; ``ValidationFailed`` for what cannot be read."""
        pid = self.tax.currentData()
        if pid is None:
            raise ValidationFailed("Item ini tidak mempunyai pajak.")
        row = next(p for p in self.item.pajak if p.id == pid)
        if self.what.currentData() == "setor":
            tanggal, ntpn, billing = _pydate(self.tanggal), self.ntpn.text(), self.billing.text()
            return lambda uow: service.record_tax_deposit(uow, pid, tanggal_setor=tanggal, ntpn=ntpn,
                                                          kode_billing=billing, row_version=row.row_version)
        try:
            jumlah = parse_rupiah(self.jumlah.text())
        except (ValueError, TatausahaError):
            raise ValidationFailed("Jumlah pajak harus berupa angka rupiah.", field="jumlah") from None
        alasan = self.alasan.text()
        return lambda uow: service.set_tax(uow, pid, int(jumlah), alasan, row_version=row.row_version)

    def accept(self) -> None:
        try:
            self.fn = self.command()
        except ValidationFailed as exc:
            QMessageBox.information(self, self.tr("Periksa isian"), str(exc))
            return
        super().accept()
