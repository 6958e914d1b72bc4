"""Laporan: the registers (Buku Agenda Surat Masuk / Keluar, Buku Ekspedisi) for a period —
on screen, printed on the office's kop (ReportLab PDF, preview, print), exported to XLSX / CSV."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.idformat import angka
from tatausaha.ui.context import UiContext

REGISTERS = [
    ("agenda_masuk", "masuk", "Buku Agenda Surat Masuk"),
    ("agenda_keluar", "keluar", "Buku Agenda Surat Keluar"),
    ("ekspedisi", "ekspedisi", "Buku Ekspedisi"),
]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


class RegisterTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.register: Any = None

    def set_register(self, register: Any) -> None:
        self.beginResetModel()
        self.register = register
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.register is None else len(self.register.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.register is None else len(self.register.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.register is not None and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.register.columns[section].title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.register.rows[index.row()][index.column()]


class ReportsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.kind = QComboBox()
        self.kind.setObjectName("register_kind")
        for key, _alias, title in REGISTERS:
            self.kind.addItem(self.tr(title), key)
        today = clock.today()
        self.year = QSpinBox()
        self.year.setObjectName("register_year")
        self.year.setRange(1990, 2100)
        self.year.setValue(today.year)
        self.month = QComboBox()
        self.month.setObjectName("register_month")
        self.month.addItem(self.tr("Setahun penuh"), None)
        for i, name in enumerate(MONTHS, start=1):
            self.month.addItem(self.tr(name), i)
        self.month.setCurrentIndex(today.month)
        show = QPushButton(self.tr("Tampilkan"))
        show.setObjectName("register_show")
        show.clicked.connect(self.reload)
        self.btn_pdf = QPushButton(self.tr("Pratinjau && cetak…"))
        self.btn_pdf.setObjectName("register_print")
        self.btn_pdf.clicked.connect(self._on_print_clicked)
        self.btn_xlsx = QPushButton(self.tr("Ekspor XLSX…"))
        self.btn_xlsx.clicked.connect(lambda: self._on_export_clicked(".xlsx"))
        self.btn_csv = QPushButton(self.tr("Ekspor CSV…"))
        self.btn_csv.clicked.connect(lambda: self._on_export_clicked(".csv"))
        top = QHBoxLayout()
        for w in (QLabel(self.tr("Register:")), self.kind, QLabel(self.tr("Tahun:")), self.year,
                  QLabel(self.tr("Bulan:")), self.month, show):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.btn_pdf, self.btn_xlsx, self.btn_csv):
            top.addWidget(w)
        self.model = RegisterTableModel()
        self.table = QTableView()
        self.table.setObjectName("register_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.summary = QLabel("")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Laporan — buku agenda dan ekspedisi')}</h2>"))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        ctx.hub.changes_applied.connect(self._on_changes_applied)
        self.reload()

    def _filter(self) -> Any:
        from tatausaha.correspondence import registers

        return registers.period_filter(self.year.value(), self.month.currentData())

    def reload(self) -> None:
        from tatausaha.correspondence import registers

        kind = self.kind.currentData()

        def job() -> Any:
            with self.ctx.reader() as uow:
                return registers.build(uow, kind, self._filter())

        def show(reg: Any) -> None:
            self.model.set_register(reg)
            self.table.resizeColumnsToContents()
            for i in range(len(reg.columns)):  # long perihal / sender cells are cut, shown whole in the tooltip
                self.table.setColumnWidth(i, min(self.table.columnWidth(i) + 8, 280))
            self.summary.setText(self.tr("{title} — {period}: {n} baris").format(title=reg.title.title(), period=reg.period, n=angka(len(reg.rows))))

        self.ctx.op(job, parent=self).plain().on_success(show).run()

    def _on_changes_applied(self, changes: Changes) -> None:
        if any(changes.affects(k) for k in ("surat_masuk", "surat_keluar", "disposisi")):
            self.reload()

    def _on_print_clicked(self) -> None:
        from tatausaha.correspondence import printdata
        from tatausaha.printing.kop import KopWarning
        from tatausaha.printing.register import build_register

        alias = next(a for k, a, _t in REGISTERS if k == self.kind.currentData())
        year, month = self.year.value(), self.month.currentData()

        def job() -> tuple[bytes, list[str]]:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", KopWarning)
                with self.ctx.reader() as uow:
                    doc = printdata.register_doc(uow, alias, year, month, store=self.ctx.store)
            buf = io.BytesIO()
            build_register(doc, buf)
            return buf.getvalue(), [str(w.message) for w in caught if issubclass(w.category, KopWarning)]

        def preview(result: tuple[bytes, list[str]]) -> None:
            from tatausaha.ui.print_preview import show_print_preview

            pdf, kop_warnings = result
            if kop_warnings:  # e.g. the logo file is missing: printed without it, and the user is told
                self.ctx.status_message(" ".join(kop_warnings))

            name = f"{self.kind.currentData()}-{year}{'' if month is None else f'-{month:02d}'}.pdf"
            show_print_preview(pdf, title=self.kind.currentText(), file_name=name, parent=self)

        self.ctx.op(job, parent=self).plain().with_progress(self.tr("Menyusun register…")).on_success(preview).run()

    def _on_export_clicked(self, suffix: str) -> None:
        default = f"{self.kind.currentData()}-{self.year.value()}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor register"), default, f"*{suffix}")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        from tatausaha.correspondence import registers
        from tatausaha.services import office

        kind = self.kind.currentData()

        flt = self._filter()

        def job(uow: Any) -> Path:
            reg = registers.build(uow, kind, flt)
            info = office.get_office(uow)
            return registers.export(uow, reg, path, kantor=info.nama_kantor if info else "")

        self.ctx.write(job, parent=self, on_done=lambda p: self.ctx.status_message(self.tr("Diekspor ke {p}").format(p=p)))


def create_page(ctx: UiContext) -> QWidget:
    return ReportsPage(ctx)
