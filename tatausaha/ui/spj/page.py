"""The SPJ page: items with their completeness in colour and filters; the selected item's evidence
checklist in its five states (files dropped on a row become that document; a file on the wrong row,
or on no row, is moved with "Pindahkan berkas…"), taxes; printing the
kwitansi and the checklist cover sheet; closing (a pimpinan may override with a reason); the BKU
and the tax recap for a period."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.errors import TatausahaError
from tatausaha.idformat import format_angka, rupiah
from tatausaha.models.spj import JENIS_PAJAK_LABEL, STATUS_BUKTI_LABEL
from tatausaha.services.auth import Permission
from tatausaha.spj import service
from tatausaha.spj.service import ItemFile, ItemFilter, ItemSummary, ItemView
from tatausaha.ui.errors import show_error
from tatausaha.ui.spj.dialogs import (
    BuktiStatusDialog,
    CloseDialog,
    ItemDialog,
    MoveFileDialog,
    PeriodDialog,
    TaxDialog,
)
from tatausaha.ui.widgets.confirm import ask
from tatausaha.ui.widgets.tables import ColumnFitter

SPJ_ITEM = "spj_item"
#: completeness colours: the list, the Beranda and the checklist read the same
TINGKAT_COLOUR = {"lengkap": "#c8e6c9", "sebagian": "#fff3c4", "kosong": "#ffcdd2"}
STATUS_COLOUR = {"lengkap": "#c8e6c9", "tidak_berlaku": "#e0e0e0", "belum_lengkap": "#fff3c4",
                 "perlu_perbaikan": "#ffe0b2", "belum_ada": "#ffcdd2"}
STATUS_ITEM_LABEL = {"draft": "Konsep", "siap": "Siap", "ditutup": "Ditutup"}
LIST_COLUMNS = ("Nomor", "Tanggal", "Uraian", "Penerima", "Jumlah", "Kelengkapan", "Status")
COL_KELENGKAPAN = 5
CHECK_COLUMNS = ("Dokumen", "Wajib", "Status", "Tenggat", "Berkas")
LOOSE_COLUMNS = ("Berkas", "Diterima")


def _cell(text: str, colour: str | None = None, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if colour:
        it.setBackground(QBrush(QColor(colour)))
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


class ChecklistTable(QTableWidget):
    """The evidence checklist; files dropped on a row are archived and become that document."""

    files_dropped = Signal(int, list)  # row, [Path]

    def __init__(self) -> None:
        super().__init__(0, len(CHECK_COLUMNS))
        self.setObjectName("spj_checklist")
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        row = self.rowAt(int(event.position().y()))
        if paths and row >= 0:
            event.acceptProposedAction()
            self.files_dropped.emit(row, paths)
        else:
            event.ignore()


class SpjPage(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        self.items: list[ItemSummary] = []
        self.detail: ItemView | None = None
        self.files: list[ItemFile] = []  # the item's evidence files, on rows and on no row
        can_write = ui.actor.can(Permission.WRITE)
        self.can_override = ui.actor.can(Permission.SIGN)

        tb = QToolBar()
        self.act_new = self._action(tb, self.tr("Item baru…"), self.new_item, "act_spj_new", QKeySequence("Ctrl+N"))
        self.act_edit = self._action(tb, self.tr("Ubah…"), self.edit_item, "act_spj_edit")
        self.act_ready = self._action(tb, self.tr("Tandai siap (beri nomor)"), self.mark_ready, "act_spj_ready")
        self.act_close = self._action(tb, self.tr("Tutup item…"), self.close_item, "act_spj_close")
        self.act_budget = self._action(tb, self.tr("Anggaran…"), self.open_budget, "act_spj_budget")
        self.act_budget.setToolTip(self.tr("Program, kegiatan, sub kegiatan, pagu dan rekening: isi atau impor"))
        self.act_suppliers = self._action(tb, self.tr("Penyedia…"), self.open_suppliers, "act_spj_suppliers")
        self.act_suppliers.setToolTip(self.tr("Daftar penyedia: NPWP, NIK, alamat, telepon, bank"))
        self.sep_write = tb.addSeparator()
        self.sep_write.setVisible(can_write)
        self.act_kwitansi = self._action(tb, self.tr("Cetak kwitansi…"), self.print_kwitansi, "act_spj_kwitansi")
        self.act_cover = self._action(tb, self.tr("Cetak lembar sampul…"), self.print_cover, "act_spj_cover")
        tb.addSeparator()
        self.act_bku = self._action(tb, self.tr("BKU…"), self.book_bku, "act_spj_bku")
        self.act_tax = self._action(tb, self.tr("Rekap pajak…"), self.book_tax, "act_spj_tax")
        for a in (self.act_new, self.act_edit, self.act_ready, self.act_close, self.act_budget, self.act_suppliers):
            a.setVisible(can_write)

        self.year = QComboBox()
        self.year.setObjectName("spj_filter_year")
        self.status = QComboBox()
        self.status.setObjectName("spj_filter_status")
        self.status.addItem(self.tr("Semua status"), None)
        for k, v in STATUS_ITEM_LABEL.items():
            self.status.addItem(self.tr(v), k)
        self.complete = QComboBox()
        self.complete.setObjectName("spj_filter_kelengkapan")
        self.complete.addItem(self.tr("Semua kelengkapan"), None)
        self.complete.addItem(self.tr("Belum lengkap"), "belum")
        self.complete.addItem(self.tr("Lengkap"), "lengkap")
        self.month = QComboBox()
        self.month.setObjectName("spj_filter_month")
        self.month.addItem(self.tr("Semua bulan"), None)
        from tatausaha.idformat import nama_bulan

        for m in range(1, 13):
            self.month.addItem(nama_bulan(m), m)
        self.text = QLineEdit()
        self.text.setObjectName("spj_filter_text")
        self.text.setPlaceholderText(self.tr("Cari uraian, penerima, nomor, NPD/TBP…"))
        self.summary = QLabel("")
        self.summary.setObjectName("spj_summary")
        filters = QHBoxLayout()
        for w in (self.year, self.status, self.complete, self.month):
            filters.addWidget(w)
        filters.addWidget(self.text, 1)

        self.table = QTableWidget(0, len(LIST_COLUMNS))
        self.table.setObjectName("spj_items")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in LIST_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Uraian takes what is left; beside the detail pane at 1366 px it keeps a readable width because
        # Penerima gives up to half of its own first (it had been squeezed to a few letters)
        self.columns = ColumnFitter(self.table, (102, 80, 200, 130, 92, 92, 62), 2, (3,), stretch_min=120)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_item() if can_write else None)

        self.head = QLabel(self.tr("Pilih item di daftar untuk melihat kelengkapan buktinya."))
        self.head.setObjectName("spj_detail_head")
        self.head.setWordWrap(True)
        self.head.setTextFormat(Qt.TextFormat.RichText)
        self.checklist = ChecklistTable()
        self.checklist.setHorizontalHeaderLabels([self.tr(c) for c in CHECK_COLUMNS])
        ch = self.checklist.horizontalHeader()
        ch.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, width in ((1, 46), (2, 104), (3, 80), (4, 48)):
            self.checklist.setColumnWidth(i, width)
        self.checklist.setWordWrap(True)
        self.checklist.files_dropped.connect(self._dropped)
        self.checklist.setAcceptDrops(can_write)
        self.checklist.viewport().setAcceptDrops(can_write)
        self.checklist.itemSelectionChanged.connect(self._update_actions)
        self.btn_status = QPushButton(self.tr("Ubah status…"))
        self.btn_status.setObjectName("spj_bukti_status")
        self.btn_status.clicked.connect(self.change_status)
        self.btn_attach = QPushButton(self.tr("Lampirkan berkas…"))
        self.btn_attach.setObjectName("spj_bukti_attach")
        self.btn_attach.clicked.connect(self.attach_files)
        self.btn_move = QPushButton(self.tr("Pindahkan berkas…"))
        self.btn_move.setObjectName("spj_bukti_move")
        self.btn_move.setToolTip(self.tr("Pindahkan berkas baris ini ke baris lain item ini, atau lepaskan dari "
                                         "baris (tetap di item ini)"))
        self.btn_move.clicked.connect(self.move_file)
        self.btn_open = QPushButton(self.tr("Buka berkas"))
        self.btn_open.setObjectName("spj_bukti_open")
        self.btn_open.clicked.connect(self.open_file)
        for b in (self.btn_status, self.btn_attach, self.btn_move):
            b.setVisible(can_write)
        # the item's files on no checklist row: extra pages behind a cover sheet, files taken off a row
        self.loose_label = QLabel("")
        self.loose_label.setObjectName("spj_unpaired_label")
        self.loose = QTableWidget(0, len(LOOSE_COLUMNS))
        self.loose.setObjectName("spj_unpaired")
        self.loose.setHorizontalHeaderLabels([self.tr(c) for c in LOOSE_COLUMNS])
        self.loose.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.loose.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.loose.verticalHeader().hide()
        self.loose.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.loose.setColumnWidth(1, 110)
        self.loose.setMaximumHeight(110)
        self.loose.itemSelectionChanged.connect(self._update_actions)
        self.btn_move_loose = QPushButton(self.tr("Pindahkan berkas…"))
        self.btn_move_loose.setObjectName("spj_unpaired_move")
        self.btn_move_loose.setToolTip(self.tr("Pasangkan berkas ini ke salah satu baris dokumen item ini"))
        self.btn_move_loose.clicked.connect(self.move_loose_file)
        self.btn_move_loose.setVisible(can_write)
        self.btn_open_loose = QPushButton(self.tr("Buka berkas"))
        self.btn_open_loose.setObjectName("spj_unpaired_open")
        self.btn_open_loose.clicked.connect(self.open_loose_file)
        self.loose_box = QWidget()
        lb = QVBoxLayout(self.loose_box)
        lb.setContentsMargins(0, 0, 0, 0)
        lb.addWidget(self.loose_label)
        lb.addWidget(self.loose)
        lrow = QHBoxLayout()
        lrow.addWidget(self.btn_move_loose)
        lrow.addWidget(self.btn_open_loose)
        lrow.addStretch(1)
        lb.addLayout(lrow)
        self.loose_box.setVisible(False)
        hint = QLabel(self.tr("Seret berkas pindaian ke baris dokumen untuk melampirkannya."))
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        hint.setVisible(can_write)  # read-only roles (the auditor) cannot attach
        self.taxes = QLabel("")
        self.taxes.setObjectName("spj_taxes")
        self.taxes.setWordWrap(True)
        self.btn_tax = QPushButton(self.tr("Pajak…"))
        self.btn_tax.setObjectName("spj_tax")
        self.btn_tax.setToolTip(self.tr("Catat setoran pajak (NTPN) atau ubah jumlahnya dengan alasan"))
        self.btn_tax.clicked.connect(self.edit_tax)
        self.btn_tax.setVisible(can_write)
        row = QHBoxLayout()
        for b in (self.btn_status, self.btn_attach, self.btn_move, self.btn_open):
            row.addWidget(b)
        row.addStretch(1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.head)
        rl.addWidget(self.checklist, 1)
        rl.addLayout(row)
        rl.addWidget(hint)
        rl.addWidget(self.loose_box)
        taxes = QHBoxLayout()
        taxes.addWidget(self.taxes, 1)
        taxes.addWidget(self.btn_tax)
        rl.addLayout(taxes)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([700, 460])
        lay = QVBoxLayout(self)
        lay.addWidget(tb)
        lay.addLayout(filters)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

        self._load_years()
        for combo in (self.year, self.status, self.complete, self.month):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.text.returnPressed.connect(self.reload)
        ui.hub.changes_applied.connect(self._on_changes)
        if getattr(ui, "ingest", None) is not None:
            ui.ingest.item_settled.connect(self._on_scan)
        self.reload()

    # -- building --------------------------------------------------------------------------------
    def _action(self, tb: QToolBar, text: str, slot: Any, name: str, key: QKeySequence | None = None) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        if key is not None:
            a.setShortcut(key)
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(lambda _checked=False: slot())
        tb.addAction(a)
        self.addAction(a)
        return a

    def _load_years(self) -> None:
        try:
            with self.ui.reader() as uow:
                years = service.tahun_list(uow)
        except TatausahaError:
            years = []
        this = clock.today().year
        self.year.blockSignals(True)
        self.year.clear()
        for y in years or [this]:
            self.year.addItem(self.tr("Tahun anggaran %1").replace("%1", str(y)), y)
        i = self.year.findData(this)
        self.year.setCurrentIndex(i if i >= 0 else 0)
        self.year.blockSignals(False)

    # -- reading ---------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.items[rows[0].row()].id if rows[0].row() < len(self.items) else None

    def reload(self) -> None:
        keep = self.current_id()
        flt = ItemFilter(tahun=self.year.currentData(), status=self.status.currentData(),
                         kelengkapan=self.complete.currentData(), bulan=self.month.currentData(),
                         teks=self.text.text().strip())
        try:
            with self.ui.reader() as uow:
                self.items = service.list_items(uow, flt)
        except TatausahaError as exc:
            self.items = []
            self.summary.setText(str(exc))
            self._fill()
            return
        self._fill()
        lengkap = sum(1 for i in self.items if i.kelengkapan.lengkap)
        self.summary.setText(self.tr("%1 item · %2 lengkap · %3 belum lengkap · jumlah %4")
                             .replace("%1", str(len(self.items))).replace("%2", str(lengkap))
                             .replace("%3", str(len(self.items) - lengkap))
                             .replace("%4", rupiah(sum(i.jumlah for i in self.items))))
        self.table.blockSignals(True)
        found = keep is not None and self.select_item(keep)
        self.table.blockSignals(False)
        self._show_detail(keep if found else None)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.items))
        for r, it in enumerate(self.items):
            c = it.kelengkapan
            colour = TINGKAT_COLOUR.get(c.tingkat)
            values = [it.nomor or self.tr("(konsep)"), f"{it.tanggal:%d-%m-%Y}", it.uraian,
                      it.penerima_nama or it.supplier_nama, format_angka(it.jumlah),
                      f"{c.terpenuhi}/{c.wajib} ({c.persen}%)", self.tr(STATUS_ITEM_LABEL.get(it.status, it.status))]
            for col, v in enumerate(values):
                cell = _cell(v, colour if col == COL_KELENGKAPAN else None, align_right=col == 4)
                if col == 2:
                    cell.setToolTip(f"{it.uraian}\n{it.sub_kegiatan_kode} {it.sub_kegiatan_nama}\n"
                                    f"{it.rekening_kode} {it.rekening_nama}")
                self.table.setItem(r, col, cell)
            first = self.table.item(r, 0)
            if first is not None:
                first.setData(Qt.ItemDataRole.UserRole, it.id)

    def select_item(self, item_id: int) -> bool:
        for r, it in enumerate(self.items):
            if it.id == item_id:
                self.table.selectRow(r)
                return True
        return False

    def open_record(self, record_id: object) -> None:
        rid = int(record_id)  # type: ignore[call-overload]
        if not self.select_item(rid):  # filtered out: show every item of its year
            self.status.setCurrentIndex(0)
            self.complete.setCurrentIndex(0)
            self.month.setCurrentIndex(0)
            self.text.clear()
            self.reload()
            self.select_item(rid)

    def _selected(self) -> None:
        self._show_detail(self.current_id())

    def _show_detail(self, item_id: int | None) -> None:
        self.detail = None
        self.files = []
        if item_id is not None:
            try:
                with self.ui.reader() as uow:
                    self.detail = service.item(uow, item_id)
                    self.files = service.item_files(uow, item_id)
            except TatausahaError as exc:
                self.head.setText(str(exc))
        d = self.detail
        self.checklist.setRowCount(0)
        self._fill_loose()
        if d is None:
            if item_id is None:
                self.head.setText(self.tr("Pilih item di daftar untuk melihat kelengkapan buktinya."))
            self.taxes.setText("")
            self._update_actions()
            return
        c = d.kelengkapan
        colour = TINGKAT_COLOUR.get(c.tingkat, "#fff")
        from html import escape

        penerima = escape(d.penerima_nama or d.supplier_nama)
        override = (f"<br><i>{escape(self.tr('Ditutup dengan alasan pimpinan:'))} {escape(d.override_alasan)}</i>"
                    if d.override_alasan else "")
        self.head.setText(
            f"<b>{escape(d.nomor or self.tr('(konsep)'))}</b> · {d.tanggal:%d-%m-%Y} · "
            f"{escape(self.tr(STATUS_ITEM_LABEL.get(d.status, d.status)))}<br>{escape(d.uraian)}<br>"
            f"{escape(d.sub_kegiatan_kode)} / {escape(d.rekening_kode)} · {penerima} · <b>{rupiah(d.jumlah)}</b><br>"
            f"<span style='background:{colour}'>&nbsp;{escape(self.tr('Kelengkapan'))}: {c.terpenuhi}/{c.wajib} "
            f"({c.persen}%)&nbsp;</span>{override}")
        self.checklist.setRowCount(len(d.bukti))
        for r, b in enumerate(d.bukti):
            note = "; ".join(x for x in (b.alasan, b.penerbit_nama, b.nomor_dokumen) if x)
            vals = [b.nama + (f"\n{note}" if note else ""), self.tr("Ya") if b.wajib else self.tr("Tidak"),
                    self.tr(STATUS_BUKTI_LABEL[b.status]), f"{b.tenggat:%d-%m-%Y}" if b.tenggat else "",
                    str(len(b.document_ids))]
            names = [f.nama_berkas for f in self.files if f.bukti_id == b.id]
            for col, v in enumerate(vals):
                cell = _cell(v, STATUS_COLOUR.get(b.status) if col == 2 else None)
                cell.setToolTip("\n".join(names) if col == 4 and names else b.nama + (f" — {note}" if note else ""))
                self.checklist.setItem(r, col, cell)
        self.checklist.resizeRowsToContents()
        taxes = [f"{JENIS_PAJAK_LABEL.get(p.jenis, p.jenis)} {rupiah(p.jumlah)}"
                 + (f" ({self.tr('disetor')})" if p.disetor else "") for p in d.pajak if p.jumlah]
        self.taxes.setText(self.tr("Pajak: %1 · dibayar bersih %2")
                           .replace("%1", ", ".join(taxes) or self.tr("tidak ada"))
                           .replace("%2", rupiah(d.dibayar_bersih)))
        self._update_actions()

    def _update_actions(self) -> None:
        d = self.detail
        open_item = d is not None and d.status != "ditutup"
        can_write = self.ui.actor.can(Permission.WRITE)
        self.act_edit.setEnabled(can_write and open_item)
        self.act_ready.setEnabled(can_write and d is not None and d.status == "draft")
        self.act_close.setEnabled(can_write and open_item)
        self.act_kwitansi.setEnabled(d is not None)
        self.act_cover.setEnabled(d is not None)
        bukti = self.current_bukti()
        self.btn_status.setEnabled(can_write and open_item and bukti is not None)
        self.btn_attach.setEnabled(can_write and open_item and bukti is not None)
        self.btn_open.setEnabled(bukti is not None and bool(bukti.document_ids))
        self.btn_move.setEnabled(can_write and open_item and bukti is not None and bool(bukti.document_ids))
        loose = self.current_loose()
        self.btn_move_loose.setEnabled(can_write and open_item and loose is not None and bool(d and d.bukti))
        self.btn_open_loose.setEnabled(loose is not None)
        self.btn_tax.setEnabled(can_write and d is not None and d.status != "ditutup" and bool(d.pajak))

    def current_bukti(self) -> Any:
        d = self.detail
        rows = self.checklist.selectionModel().selectedRows()
        if d is None or not rows or rows[0].row() >= len(d.bukti):
            return None
        return d.bukti[rows[0].row()]

    def loose_files(self) -> list[ItemFile]:
        return [f for f in self.files if f.bukti_id is None]

    def current_loose(self) -> ItemFile | None:
        rows = self.loose.selectionModel().selectedRows()
        loose = self.loose_files()
        if self.detail is None or not rows or rows[0].row() >= len(loose):
            return None
        return loose[rows[0].row()]

    def _fill_loose(self) -> None:
        loose = self.loose_files() if self.detail is not None else []
        self.loose.setRowCount(len(loose))
        for r, f in enumerate(loose):
            self.loose.setItem(r, 0, _cell(f.nama_berkas))
            self.loose.setItem(r, 1, _cell(f"{f.diterima:%d-%m-%Y}"))
        self.loose_label.setText(self.tr("Berkas tanpa baris (%1): berkas item ini yang belum dipasangkan ke baris "
                                         "dokumen").replace("%1", str(len(loose))))
        self.loose_box.setVisible(bool(loose))

    def _on_changes(self, changes: Changes) -> None:
        # an item, its evidence rows and files, its taxes: every SPJ table's change kind starts with spj_
        if changes.affects("document") or any(k.startswith("spj_") for k in changes.touched) or changes.affects(
                SPJ_ITEM):
            self.reload()

    def _on_scan(self, event: Any) -> None:
        if getattr(event, "kind", "") in ("filed", "split"):
            self.reload()

    # -- actions -----------------------------------------------------------------------------------
    def new_item(self) -> ItemDialog:
        dlg = ItemDialog(self.ui, None, self)
        dlg.accepted.connect(lambda: self._after_save(dlg))
        dlg.open()
        return dlg

    def edit_item(self) -> ItemDialog | None:
        if self.detail is None or self.detail.status == "ditutup":
            return None
        try:
            dlg = ItemDialog(self.ui, self.detail, self)
        except TatausahaError as exc:  # e.g. open on another PC: "Item SPJ ini sedang dibuka oleh …"
            show_error(self, exc)
            return None
        dlg.accepted.connect(lambda: self._after_save(dlg))
        dlg.open()
        return dlg

    def open_budget(self) -> Any:
        from tatausaha.ui.spj.budget import BudgetDialog

        dlg = BudgetDialog(self.ui, self.year.currentData(), self)
        dlg.finished.connect(lambda _r: self._years_changed())
        dlg.open()
        return dlg

    def open_suppliers(self) -> Any:
        from tatausaha.ui.spj.suppliers import SupplierDialog

        dlg = SupplierDialog(self.ui, self)
        dlg.open()
        return dlg

    def _years_changed(self) -> None:
        """A budget year typed or imported joins the year filter (the chosen one kept)."""
        keep = self.year.currentData()
        self._load_years()
        i = self.year.findData(keep)
        if i >= 0 and i != self.year.currentIndex():
            self.year.setCurrentIndex(i)
        self.reload()

    def _after_save(self, dlg: ItemDialog) -> None:
        view = getattr(dlg, "saved", None)
        if view is None:
            return
        if self.year.findData(view.tahun) < 0:
            self._load_years()
        self.open_record(view.id)
        self.ui.status_message(self.tr("Item SPJ disimpan."))

    def mark_ready(self) -> None:
        d = self.detail
        if d is None or d.status != "draft":
            return
        item_id, version = d.id, d.row_version
        ask(self, self.tr("Tandai siap"),
            self.tr("Beri nomor SPJ dan kunci item ini? Perubahan sesudahnya menjadi versi baru."), self.tr("Beri nomor"),
            lambda: self.ui.write(lambda uow: service.mark_ready(uow, item_id, row_version=version), parent=self,
                                  on_done=lambda v: self.ui.status_message(self.tr("Diberi nomor %1.").replace("%1", v.nomor))))

    def close_item(self) -> CloseDialog | None:
        d = self.detail
        if d is None or d.status == "ditutup":
            return None
        dlg = CloseDialog(d, self.can_override, self)
        item_id, version = d.id, d.row_version

        def go() -> None:
            reason = dlg.reason()
            self.ui.write(lambda uow: service.close_item(uow, item_id, override_alasan=reason, row_version=version),
                          parent=self, on_done=lambda _v: self.ui.status_message(self.tr("Item SPJ ditutup.")))

        dlg.accepted.connect(go)
        dlg.open()
        return dlg

    def change_status(self) -> BuktiStatusDialog | None:
        b = self.current_bukti()
        if b is None:
            return None
        dlg = BuktiStatusDialog(b.nama, b.status, self)
        bid, version = b.id, b.row_version

        def go() -> None:
            status, alasan = dlg.value()
            self.ui.write(lambda uow: service.set_bukti_status(uow, bid, status, alasan=alasan, row_version=version),
                          parent=self)

        dlg.accepted.connect(go)
        dlg.open()
        return dlg

    def edit_tax(self) -> TaxDialog | None:
        d = self.detail
        if d is None or not d.pajak:
            return None
        dlg = TaxDialog(d, self)
        dlg.accepted.connect(lambda: self.ui.write(dlg.fn, parent=self, on_done=lambda _v: self.ui.status_message(
            self.tr("Pajak dicatat."))))
        dlg.open()
        return dlg

    def attach_files(self) -> None:
        b = self.current_bukti()
        if b is None:
            return
        row = self.checklist.selectionModel().selectedRows()[0].row()
        dlg = QFileDialog(self, self.tr("Lampirkan berkas bukti"))
        dlg.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dlg.setNameFilter(self.tr("Pindaian (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Semua berkas (*)"))
        dlg.filesSelected.connect(lambda files: self._dropped(row, [Path(f) for f in files]))
        dlg.open()

    def _dropped(self, row: int, paths: list[Path]) -> None:
        """Files dropped on (or chosen for) a checklist row: archived and made that document."""
        d = self.detail
        if d is None or row >= len(d.bukti) or not self.ui.actor.can(Permission.WRITE):
            return
        if d.status == "ditutup":
            QMessageBox.information(self, self.tr("Item sudah ditutup"),
                                    self.tr("Bukti item yang sudah ditutup tidak dapat diubah."))
            return
        bid = d.bukti[row].id
        store = self.ui.store

        def attach(uow: Any) -> int:
            from tatausaha.services import documents

            for p in paths:
                info = documents.add_document(uow, store, p, original_name=p.name)
                service.attach_file(uow, bid, info.id, lengkap=True)
            return len(paths)

        self.ui.write(attach, parent=self, on_done=lambda n: self.ui.status_message(
            self.tr("%1 berkas dilampirkan.").replace("%1", str(n))))

    def move_file(self) -> MoveFileDialog | None:
        """"Pindahkan berkas…" on a checklist row: its file to another row of the item, or to no row."""
        b = self.current_bukti()
        if b is None or not b.document_ids:
            return None
        return self._move(b, None)

    def move_loose_file(self) -> MoveFileDialog | None:
        """"Pindahkan berkas…" on a file on no row: onto one of the item's rows."""
        f = self.current_loose()
        if f is None:
            return None
        return self._move(None, f.document_id)

    def _move(self, source: Any, document_id: int | None) -> MoveFileDialog | None:
        d = self.detail
        if d is None or d.status == "ditutup":
            return None
        from_id = source.id if source is not None else None
        files = [f for f in self.files if f.bukti_id == from_id]
        dlg = MoveFileDialog(d, files, source, document_id, self)
        item_id, from_version = d.id, source.row_version if source is not None else None

        def done(moved: Any) -> None:
            where = moved.ke.nama if moved.ke is not None else self.tr("tanpa baris")
            self.ui.status_message(self.tr("Berkas dipindahkan ke %1.").replace("%1", where))

        def go() -> None:
            doc, to, to_version = dlg.value()
            self.ui.write(lambda uow: service.move_file(uow, doc, item_id=item_id, from_bukti_id=from_id,
                                                        to_bukti_id=to, from_row_version=from_version,
                                                        to_row_version=to_version), parent=self, on_done=done)

        dlg.accepted.connect(go)
        dlg.open()
        return dlg

    def open_loose_file(self) -> None:
        f = self.current_loose()
        if f is None:
            return
        from tatausaha.ui.attachment import open_attachment

        open_attachment(self.ui, self, f.document_id)

    def open_file(self) -> None:
        b = self.current_bukti()
        if b is None or not b.document_ids:
            return
        from tatausaha.ui.attachment import open_attachment

        open_attachment(self.ui, self, b.document_ids[-1])

    def _kop(self, uow: Any) -> Any:
        import warnings

        from tatausaha.services.printed import kop_from_office

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return kop_from_office(uow, self.ui.store)

    def print_kwitansi(self) -> None:
        d = self.detail
        if d is None:
            return
        from tatausaha.printing import build_kwitansi, to_bytes
        from tatausaha.spj.printdata import kwitansi_doc
        from tatausaha.ui.print_preview import open_print_preview

        item_id = d.id

        def build() -> bytes:
            with self.ui.reader() as uow:
                return to_bytes(build_kwitansi, kwitansi_doc(uow, item_id, self._kop(uow)))

        open_print_preview(self.ui, build, title=self.tr("Kwitansi %1").replace("%1", d.nomor or str(d.id)),
                           file_name=f"kwitansi-{d.id}.pdf", parent=self,
                           keep=(SPJ_ITEM, d.id) if self.ui.actor.can(Permission.WRITE) else None)

    def cover_pdf(self, item_id: int) -> bytes:
        from tatausaha.printing import build_cover_sheet, to_bytes
        from tatausaha.spj.printdata import cover_doc

        with self.ui.reader() as uow:
            return to_bytes(build_cover_sheet, cover_doc(uow, item_id, self._kop(uow), clock.today()))

    def print_cover(self) -> None:
        d = self.detail
        if d is None:
            return
        from tatausaha.ui.print_preview import open_print_preview

        item_id = d.id
        open_print_preview(self.ui, lambda: self.cover_pdf(item_id),
                           title=self.tr("Lembar sampul %1").replace("%1", d.nomor or str(d.id)),
                           file_name=f"lembar-sampul-spj-{d.id}.pdf", parent=self)

    def book_bku(self) -> PeriodDialog:
        return self._book("bku")

    def book_tax(self) -> PeriodDialog:
        return self._book("pajak")

    def _book(self, which: str) -> PeriodDialog:
        title = self.tr("Buku Kas Umum") if which == "bku" else self.tr("Rekapitulasi pajak")
        dlg = PeriodDialog(title, self)
        dlg.accepted.connect(lambda: self._book_go(which, *dlg.value()))
        dlg.open()
        return dlg

    def _book_go(self, which: str, start: dt.date, end: dt.date, fmt: str) -> None:
        from tatausaha.printing import build_register, to_bytes
        from tatausaha.spj import books, printdata

        def doc(uow: Any) -> Any:
            kop = self._kop(uow)
            pa, bd = printdata.signers(uow)
            pa = dataclasses.replace(pa, keterangan="Mengetahui, " + pa.keterangan.split(", ", 1)[-1])
            bd = dataclasses.replace(bd, keterangan="")
            if which == "bku":
                return books.bku_register(printdata.bku_entries(uow, start, end), start=start, end=end, kop=kop,
                                          pengguna_anggaran=pa, bendahara=bd)
            return books.tax_register(printdata.tax_entries(uow, start, end), start=start, end=end, kop=kop,
                                      pengguna_anggaran=pa, bendahara=bd)

        name = f"{'bku' if which == 'bku' else 'rekap-pajak'}-{start:%Y%m%d}-{end:%Y%m%d}"
        if fmt == "pdf":
            from tatausaha.ui.print_preview import open_print_preview

            def build() -> bytes:
                with self.ui.reader() as uow:
                    return to_bytes(build_register, doc(uow))

            open_print_preview(self.ui, build, title=name, file_name=name + ".pdf", parent=self)
            return
        save = QFileDialog(self, self.tr("Simpan sebagai Excel"))
        save.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        save.setNameFilter(self.tr("Buku kerja Excel (*.xlsx)"))
        save.selectFile(name + ".xlsx")
        save.setDefaultSuffix("xlsx")

        def write(path: str) -> None:
            target = Path(path)

            def export() -> int:
                with self.ui.reader() as uow:
                    office = self._kop(uow).nama_kantor.title()
                    if which == "bku":
                        return books.write_bku(target, printdata.bku_entries(uow, start, end), start=start, end=end,
                                               kantor=office)
                    return books.write_tax_recap(target, printdata.tax_entries(uow, start, end), start=start, end=end,
                                                 kantor=office)

            self.ui.op(export, parent=self).plain().on_success(lambda n: self.ui.status_message(
                self.tr("%1 baris disimpan ke %2").replace("%1", str(n)).replace("%2", target.name))).on_failure(
                lambda exc: show_error(self, exc)).run()

        save.fileSelected.connect(write)
        save.open()


def create_page(ctx: Any) -> QWidget:
    return SpjPage(ctx)
