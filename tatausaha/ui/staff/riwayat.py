"""Riwayat (career history): the tabs of an employee's file, each row with its SK, and the form that
adds a row with its SK scan. An SK scan dropped from the file manager onto a row is put on that row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.models.staff import JENIS_DIKLAT, JENIS_JABATAN, TINGKAT_PENDIDIKAN
from tatausaha.staff import service, skfiles
from tatausaha.ui.correspondence.common import DateEdit, ScanDropList, choice_combo, dialog_buttons, fmt_date
from tatausaha.ui.screenfit import fit_to_screen
from tatausaha.ui.staff.form import JENJANG_LABELS

CUTI_LABELS = {
    "tahunan": "Cuti tahunan", "besar": "Cuti besar", "sakit": "Cuti sakit", "melahirkan": "Cuti melahirkan",
    "alasan_penting": "Cuti karena alasan penting", "bersama": "Cuti bersama",
    "cltn": "Cuti di luar tanggungan negara",
}
DIKLAT_LABELS = {j: j.title() for j in JENIS_DIKLAT}
HUKDIS_LABELS = {"ringan": "Ringan", "sedang": "Sedang", "berat": "Berat"}
JABATAN_LABELS = {j: service.JENIS_JABATAN_LABELS.get(j, j) for j in JENIS_JABATAN}

#: kind → its fields: (column, label, type) — type "date", "text", "int", "rupiah", "golongan" or a labels dict
FIELDS: dict[str, list[tuple[str, str, Any]]] = {
    "pangkat": [("golongan", "Golongan", "golongan"), ("tmt_golongan", "TMT", "date"),
                ("jenis_kp", "Jenis KP", "text"), ("mk_golongan_tahun", "MK thn", "int"),
                ("mk_golongan_bulan", "MK bln", "int"), ("no_pertek_bkn", "Pertek BKN", "text")],
    "jabatan": [("jabatan_nama", "Jabatan", "text"), ("jenis_jabatan", "Jenis", JABATAN_LABELS),
                ("jenjang_jabatan", "Jenjang", JENJANG_LABELS), ("eselon", "Eselon", "text"),
                ("unor_nama", "Unit", "text"), ("tmt_jabatan", "TMT", "date")],
    "pendidikan": [("tingkat", "Tingkat", {t: t for t in TINGKAT_PENDIDIKAN}), ("nama_sekolah", "Sekolah", "text"),
                   ("jurusan", "Jurusan", "text"), ("tahun_lulus", "Lulus", "year"), ("gelar", "Gelar", "text")],
    "kgb": [("tmt_kgb", "TMT KGB", "date"), ("golongan", "Golongan", "golongan"), ("mk_tahun", "MK thn", "int"),
            ("mk_bulan", "MK bln", "int"), ("gaji_lama", "Gaji lama", "rupiah"), ("gaji_baru", "Gaji baru", "rupiah")],
    "diklat": [("jenis", "Jenis", DIKLAT_LABELS), ("nama", "Nama diklat", "text"), ("tingkat", "Tingkat", "int"),
               ("penyelenggara", "Penyelenggara", "text"), ("tanggal_mulai", "Mulai", "date"),
               ("tanggal_selesai", "Selesai", "date"), ("jam", "JP", "int")],
    "cuti": [("jenis", "Jenis cuti", CUTI_LABELS), ("tanggal_mulai", "Mulai", "date"),
             ("tanggal_selesai", "Selesai", "date"), ("hari_kerja", "Hari kerja", "shown"), ("alasan", "Alasan", "text")],
    "hukdis": [("tingkat", "Tingkat", HUKDIS_LABELS), ("jenis", "Hukuman", "text"), ("tmt", "TMT", "date"),
               ("tmt_akhir", "Berakhir", "date"), ("tunda_kgb_bulan", "Tunda KGB (bln)", "int")],
    "kontrak": [("kontrak_mulai", "Mulai", "date"), ("kontrak_selesai", "Selesai", "date"),
                ("perpanjangan_ke", "Perpanjangan ke", "int")],
}
TAB_LABELS = {"pangkat": "Pangkat", "jabatan": "Jabatan", "pendidikan": "Pendidikan", "kgb": "KGB",
              "diklat": "Diklat", "cuti": "Cuti", "hukdis": "Hukuman disiplin", "kontrak": "Kontrak"}


def rupiah(n: int | None) -> str:
    return "" if not n else "Rp" + f"{int(n):,}".replace(",", ".")


def shown(value: Any, kind: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return fmt_date(value)
    if kind == "rupiah":
        return rupiah(value)
    if isinstance(kind, dict):
        return str(kind.get(value, value))
    return str(value)


class RiwayatTable(QTableWidget):
    """One kind of riwayat; a scan dropped onto a row asks to become that row's SK."""

    sk_dropped = Signal(str, int, list)  # kind, riwayat id, [Path]

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.fields = FIELDS[kind]
        heads = [label for _n, label, _t in self.fields] + [self.tr("Nomor SK"), self.tr("Tgl. SK"), self.tr("Pindaian SK")]
        self.setColumnCount(len(heads))
        self.setHorizontalHeaderLabels(heads)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [shown(row.get(n), t) for n, _l, t in self.fields]
            cells += [row.get("sk_nomor") or "", fmt_date(row.get("sk_tanggal")),
                      self.tr("✔ ada") if row.get("sk_document_id") else self.tr("— seret berkas ke sini")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                self.setItem(r, c, item)

    def describe(self, row: dict[str, Any]) -> str:
        """The row in a few words, for a confirmation: its first fields as the tab shows them."""
        parts = []
        for n, label, t in self.fields[:3]:
            text = shown(row.get(n), t)
            if text:
                parts.append(f"{label} {text}")
        return ", ".join(parts)

    def current_row_id(self) -> int | None:
        r = self.currentRow()
        return self.rows[r]["id"] if 0 <= r < len(self.rows) else None

    def current_document(self) -> int | None:
        r = self.currentRow()
        return self.rows[r].get("sk_document_id") if 0 <= r < len(self.rows) else None

    # drag and drop from the file manager (or the scanner's folder)
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.rows:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.indexAt(event.position().toPoint()).isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        idx = self.indexAt(event.position().toPoint())
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not idx.isValid() or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.selectRow(idx.row())
        self.sk_dropped.emit(self.kind, self.rows[idx.row()]["id"], paths)


class HistoryDialog(QDialog):
    """Add one riwayat row with its SK (number, date and the scan, dropped or chosen) — or, given
    ``row``, edit that row (saved against the version it was opened with: a change made by someone
    else in between is refused and named, never overwritten)."""

    def __init__(self, ui: Any, employee_id: int, kind: str, parent: QWidget | None = None,
                 row: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.ui, self.employee_id, self.kind, self.row = ui, employee_id, kind, row
        self.saved_id: int | None = None
        title = self.tr("Ubah riwayat %1") if row is not None else self.tr("Tambah riwayat %1")
        self.setWindowTitle(title.replace("%1", TAB_LABELS[kind].lower()))
        self.setModal(True)
        with ui.reader() as uow:
            self._golongan = service.golongan_list(uow)
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for name, label, t in FIELDS[kind]:
            if t == "shown":
                continue
            w = self._widget(t)
            self.widgets[name] = w
            form.addRow(label, w)
        self.sk_nomor = QLineEdit()
        self.sk_tanggal = DateEdit()
        self.keterangan = QLineEdit()
        self.widgets.update({"sk_nomor": self.sk_nomor, "sk_tanggal": self.sk_tanggal, "keterangan": self.keterangan})
        form.addRow(self.tr("Nomor SK"), self.sk_nomor)
        form.addRow(self.tr("Tanggal SK"), self.sk_tanggal)
        form.addRow(self.tr("Keterangan"), self.keterangan)
        self.scans = ScanDropList()
        self.message = QLabel("")
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        self.buttons = dialog_buttons(self, self.save, self.tr("Simpan"))
        body = QHBoxLayout()
        left = QWidget()
        left.setLayout(form)
        body.addWidget(left, 3)
        right = QVBoxLayout()
        if row is not None:
            self._fill(row)
            if row.get("sk_document_id"):
                right.addWidget(QLabel(self.tr("SK sudah terlampir; berkas yang ditambahkan di sini menggantinya "
                                               "(berkas lamanya tetap di arsip).")))
        right.addWidget(QLabel(self.tr("Pindaian SK (seret ke sini atau pilih berkas):")))
        right.addWidget(self.scans, 1)
        body.addLayout(right, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(760, 460)
        fit_to_screen(self)

    def _widget(self, t: Any) -> QWidget:
        if t == "date":
            return DateEdit()
        if t in ("int", "year", "rupiah"):
            s = QSpinBox()
            s.setRange(0, {"int": 99, "year": 2100, "rupiah": 100_000_000}[t])
            if t == "rupiah":
                s.setSingleStep(1000)
                s.setGroupSeparatorShown(True)
            if t == "year":
                s.setSpecialValueText("—")
            return s
        if t == "golongan":
            c = QComboBox()
            for g in self._golongan:
                c.addItem(f"{g['kode']} — {g['pangkat']}" if g.get("pangkat") else g["kode"], g["kode"])
            return c
        if isinstance(t, dict):
            return choice_combo(t)
        return QLineEdit()

    def _fill(self, row: dict[str, Any]) -> None:
        for name, w in self.widgets.items():
            v = row.get(name)
            if isinstance(w, DateEdit):
                w.set_date(v)
            elif isinstance(w, QComboBox):
                i = w.findData(v)
                if i < 0 and v not in (None, ""):
                    w.addItem(str(v), v)  # a value the lists no longer offer stays as it was
                    i = w.count() - 1
                if i >= 0:
                    w.setCurrentIndex(i)
            elif isinstance(w, QSpinBox):
                w.setValue(int(v or 0))
            elif isinstance(w, QLineEdit):
                w.setText("" if v is None else str(v))

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        labels = {n: lbl for n, lbl, _t in FIELDS[self.kind]} | {"sk_tanggal": "Tanggal SK"}
        for name, w in self.widgets.items():
            if isinstance(w, DateEdit):
                try:
                    out[name] = w.date(labels.get(name, name))
                except ValidationFailed as exc:
                    raise ValidationFailed(str(exc), field=name) from None
            elif isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QSpinBox):
                out[name] = w.value()
            elif isinstance(w, QLineEdit):
                out[name] = w.text().strip()
        return out

    def save(self) -> None:
        self.message.hide()
        try:
            fields = self.fields()
        except ValidationFailed as exc:
            self._problem(exc)
            return
        store, eid, kind, files = self.ui.store, self.employee_id, self.kind, list(self.scans.files)
        self.buttons.setEnabled(False)
        if self.row is not None:
            rid, version = self.row["id"], self.row.get("row_version")
            self.ui.write(lambda uow, _p, _c: skfiles.update_history_with_sk(uow, store, kind, rid, fields, files,
                                                                            expected_version=version),
                          parent=self, progress=self.tr("Menyimpan riwayat…"), on_done=self._saved,
                          on_failure=self._failed)
            return
        self.ui.write(lambda uow, _p, _c: skfiles.add_history_with_sk(uow, store, eid, kind, fields, files),
                      parent=self, progress=self.tr("Menyimpan riwayat…"), on_done=self._saved, on_failure=self._failed)

    def _saved(self, saved: service.Saved) -> None:
        self.saved_id = saved.id
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._problem(exc if isinstance(exc, TatausahaError) else TatausahaError("Riwayat tidak tersimpan."))

    def _problem(self, exc: TatausahaError) -> None:
        self.message.setText(str(exc))
        self.message.show()
        w = self.widgets.get(getattr(exc, "field", None) or "")
        if w is not None:
            w.setStyleSheet("background: #fde7e4;")
            w.setFocus()
