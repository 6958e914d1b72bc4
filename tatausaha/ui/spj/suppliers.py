"""The supplier directory (issue 13 item 2): who the office buys from, with what BPK confirms —
NPWP, NIK, address, phone, owner, bank. Searched by name, NPWP, NIK or town; added and changed
here; the item editor offers them as payee."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha.errors import TatausahaError
from tatausaha.spj import service
from tatausaha.spj.service import SupplierInput, SupplierView
from tatausaha.ui.screenfit import fit_to_screen
from tatausaha.ui.spj.dialogs import buttons
from tatausaha.ui.spj.fielderrors import FieldErrors

LIST_COLUMNS = ("Nama", "NPWP", "NIK", "Alamat", "Telepon", "Bank")
#: the form's text fields in order: (SupplierInput field, label, placeholder)
FORM_FIELDS = (
    ("nama", "Nama penyedia", "mis. Toko Sumber Rejeki"),
    ("bentuk", "Bentuk usaha", "mis. CV, PT, toko, perorangan"),
    ("npwp", "NPWP", "15 atau 16 angka"),
    ("nik", "NIK pemilik", "16 angka"),
    ("pemilik", "Pemilik / penanggung jawab", ""),
    ("alamat", "Alamat", "jalan dan nomor"),
    ("rt_rw", "RT/RW", "mis. 003/007"),
    ("kelurahan", "Kelurahan", ""),
    ("kota", "Kota/kabupaten", ""),
    ("telepon", "Telepon", ""),
    ("bank_nama", "Bank", "mis. Bank BJB"),
    ("bank_rekening", "Nomor rekening", ""),
    ("bank_atas_nama", "Atas nama", ""),
    ("catatan", "Catatan", ""),
)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


class SupplierForm(QDialog):
    """A supplier added or changed; the service's refusals shown on their field."""

    def __init__(self, ui: Any, supplier: SupplierView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_supplier_form")
        self.ui, self.supplier = ui, supplier
        self.setWindowTitle(self.tr("Ubah penyedia") if supplier else self.tr("Penyedia baru"))
        form = QFormLayout()
        general = QLabel("")
        self.errors = FieldErrors(form, general)
        self.edits: dict[str, QLineEdit] = {}
        for name, label, placeholder in FORM_FIELDS:
            w = QLineEdit(str(getattr(supplier, name)) if supplier else "")
            w.setObjectName(f"spj_supplier_{name}")
            if placeholder:
                w.setPlaceholderText(self.tr(placeholder))
            self.edits[name] = w
            self.errors.add(name, self.tr(label), w)
        self.pkp = QCheckBox(self.tr("Pengusaha Kena Pajak (memungut PPN)"))
        self.pkp.setObjectName("spj_supplier_pkp")
        self.pkp.setChecked(bool(supplier and supplier.pkp))
        self.errors.add("pkp", self.tr("PKP"), self.pkp)
        lay = QVBoxLayout(self)
        lay.addWidget(general)
        lay.addLayout(form)
        lay.addWidget(buttons(self, self.tr("Simpan")))
        self.saved: SupplierView | None = None
        fit_to_screen(self)

    def data(self) -> SupplierInput:
        values = {name: w.text().strip() for name, w in self.edits.items()}
        return SupplierInput(**values, pkp=self.pkp.isChecked())

    def accept(self) -> None:
        self.errors.clear()
        data, s = self.data(), self.supplier
        try:
            self.saved = self.ui.write_now(lambda uow: service.save_supplier(
                uow, data, supplier_id=s.id if s else None, row_version=s.row_version if s else None))
        except TatausahaError as exc:  # "NPWP harus 15 atau 16 angka." under the NPWP field
            self.errors.show(exc)
            return
        super().accept()


class SupplierDialog(QDialog):
    """The supplier directory: search, add, change."""

    def __init__(self, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_supplier_dialog")
        self.ui = ui
        self.rows: list[SupplierView] = []
        self.setWindowTitle(self.tr("Daftar penyedia"))
        self.search = QLineEdit()
        self.search.setObjectName("spj_supplier_search")
        self.search.setPlaceholderText(self.tr("Cari nama, NPWP, NIK, kota…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.table = QTableWidget(0, len(LIST_COLUMNS))
        self.table.setObjectName("spj_supplier_list")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in LIST_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for i, width in ((0, 200), (1, 140), (2, 130), (4, 110), (5, 150)):
            self.table.setColumnWidth(i, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.edit_supplier())
        self.count = QLabel("")
        self.count.setObjectName("spj_supplier_count")
        self.btn_add = QPushButton(self.tr("Tambah…"))
        self.btn_add.setObjectName("spj_supplier_add")
        self.btn_edit = QPushButton(self.tr("Ubah…"))
        self.btn_edit.setObjectName("spj_supplier_edit")
        self.btn_add.clicked.connect(self.add_supplier)
        self.btn_edit.clicked.connect(self.edit_supplier)
        row = QHBoxLayout()
        row.addWidget(self.btn_add)
        row.addWidget(self.btn_edit)
        row.addStretch(1)
        row.addWidget(self.count)
        close = QDialogButtonBox()
        close.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(close)
        self.resize(960, 520)
        fit_to_screen(self)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        text = self.search.text().strip()
        try:
            with self.ui.reader() as uow:
                rows = service.suppliers(uow, limit=5000)
        except TatausahaError as exc:
            rows = []
            self.count.setText(str(exc))
        if text:
            words = service.fold(text).split()
            num = _digits(text)

            def hit(s: SupplierView) -> bool:
                hay = service.fold(" ".join((s.nama, s.alamat, s.kelurahan, s.kota, s.pemilik, s.bentuk)))
                if num and len(num) >= 4 and (num in _digits(s.npwp) or num in _digits(s.nik)
                                              or num in _digits(s.telepon)):
                    return True
                return all(w in hay for w in words)

            rows = [s for s in rows if hit(s)]
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            alamat = ", ".join(x for x in (s.alamat, f"RT/RW {s.rt_rw}" if s.rt_rw else "", s.kelurahan, s.kota) if x)
            bank = " ".join(x for x in (s.bank_nama, s.bank_rekening) if x)
            for c, value in enumerate((s.nama, s.npwp, s.nik, alamat, s.telepon, bank)):
                cell = QTableWidgetItem(value)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, cell)
        self.count.setText(self.tr("%1 penyedia").replace("%1", str(len(rows))))
        if select_id is not None:
            for r, s in enumerate(rows):
                if s.id == select_id:
                    self.table.selectRow(r)
        self._update_buttons()

    def current(self) -> SupplierView | None:
        sel = self.table.selectionModel().selectedRows()
        return self.rows[sel[0].row()] if sel and sel[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        self.btn_edit.setEnabled(self.current() is not None)

    def add_supplier(self) -> SupplierForm:
        return self._open(None)

    def edit_supplier(self) -> SupplierForm | None:
        s = self.current()
        if s is None:
            return None
        try:
            with self.ui.reader() as uow:  # the newest version, not the one the list showed
                s = service.supplier(uow, s.id)
        except TatausahaError:
            pass
        return self._open(s)

    def _open(self, s: SupplierView | None) -> SupplierForm:
        dlg = SupplierForm(self.ui, s, self)
        dlg.accepted.connect(lambda: self.reload(dlg.saved.id if dlg.saved else None))
        dlg.open()
        return dlg
