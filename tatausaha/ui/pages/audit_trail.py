"""Jejak Audit: who changed what and when, before and after side by side (auditor and admin).

The list is lazy (a COUNT, then pages of rows as they scroll into view), so a trail of a million
rows opens at once. Filters: person, period, record kind and id, action. "Ekspor…" writes what the
filter selects to XLSX or CSV through the registers' export (on record in the trail itself).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.errors import TatausahaError
from tatausaha.services import audittrail
from tatausaha.services.audittrail import AuditEntry, AuditFilter
from tatausaha.services.auth import Permission
from tatausaha.ui.correspondence.common import DateEdit, toolbar_action

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
MAX_PAGES = 30
CHANGED_BG = QColor("#fff4ce")

COLUMNS = ("No.", "Waktu", "Pengguna", "Tindakan", "Jenis data", "ID", "Ringkasan")


def fmt_ts(ts: dt.datetime) -> str:
    """A stored UTC instant in office time: 01-12-2026 08:30:05 WIB."""
    t = clock.to_office(ts)
    return f"{t.day:02d}-{t.month:02d}-{t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d} {clock.office_zone().abbr}"


class AuditTrailModel(QAbstractTableModel):
    """Windowed over ``audittrail.count`` / ``audittrail.list_entries``; keeps a few pages in memory."""

    def __init__(self, ui: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.flt = AuditFilter()
        self._rows = 0
        self._pages: OrderedDict[int, list[AuditEntry]] = OrderedDict()
        self.page_loads = 0

    def reload(self, flt: AuditFilter | None = None) -> None:
        if flt is not None:
            with self.ui.reader() as uow:
                rows = audittrail.count(uow, flt)  # may refuse (bad period): the old list stays
        self.beginResetModel()
        if flt is not None:
            self.flt, self._rows = flt, rows
        else:
            with self.ui.reader() as uow:
                self._rows = audittrail.count(uow, self.flt)
        self._pages.clear()
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry | None:
        if not 0 <= row < self._rows:
            return None
        n = row // PAGE
        page = self._pages.get(n)
        if page is None:
            with self.ui.reader() as uow:
                page = audittrail.list_entries(uow, self.flt, offset=n * PAGE, limit=PAGE)
            self.page_loads += 1
            self._pages[n] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(n)
        i = row % PAGE
        return page[i] if i < len(page) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section]) if 0 <= section < len(COLUMNS) else ""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.entry(index.row())
        if e is None:
            return ""
        c = index.column()
        if c == 0:
            return str(e.id)
        if c == 1:
            return fmt_ts(e.ts)
        if c == 2:
            return e.actor_name
        if c == 3:
            return e.action_label
        if c == 4:
            return e.entity_label
        if c == 5:
            return e.entity_id or ""
        return e.summary()


def _value(v: Any) -> str:
    return "" if v is None else audittrail._value(v)


class AuditTrailPage(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        ui.actor.require(Permission.AUDIT)
        self.model = AuditTrailModel(ui, self)

        tb = QToolBar()
        self.act_export = toolbar_action(self, tb, self.tr("Ekspor…"), self.export, QKeySequence("Ctrl+E"))
        self.act_export.setObjectName("act_export_audit")
        self.act_export.setEnabled(ui.actor.can(Permission.EXPORT))
        self.act_refresh = toolbar_action(self, tb, self.tr("Segarkan"), self.refresh, QKeySequence.StandardKey.Refresh)
        self.act_clear = toolbar_action(self, tb, self.tr("Hapus saringan"), self.clear_filter)

        self.user = QComboBox()
        self.user.setObjectName("filter_user")
        self.kind = QComboBox()
        self.kind.setObjectName("filter_kind")
        self.action = QComboBox()
        self.action.setObjectName("filter_action")
        self.record_id = QLineEdit()
        self.record_id.setObjectName("filter_record_id")
        self.record_id.setPlaceholderText(self.tr("ID data"))
        self.record_id.setClearButtonEnabled(True)
        self.record_id.setMaximumWidth(110)
        self.date_from = DateEdit()
        self.date_from.setObjectName("filter_from")
        self.date_to = DateEdit()
        self.date_to.setObjectName("filter_to")
        for d in (self.date_from, self.date_to):
            d.setMaximumWidth(120)
        self.count_label = QLabel("")
        self.count_label.setObjectName("audit_count")
        self.message = QLabel("")
        self.message.setObjectName("audit_message")
        self.message.setStyleSheet("color: #b00020;")
        self._fill_choices()

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Pengguna")))
        row.addWidget(self.user)
        row.addWidget(QLabel(self.tr("Periode")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("s.d.")))
        row.addWidget(self.date_to)
        row.addWidget(QLabel(self.tr("Jenis data")))
        row.addWidget(self.kind, 1)
        row.addWidget(self.record_id)
        row.addWidget(QLabel(self.tr("Tindakan")))
        row.addWidget(self.action, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.count_label)
        row2.addWidget(self.message, 1)

        self.view = QTableView()
        self.view.setObjectName("audit_list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)
        hh = self.view.horizontalHeader()
        for col, w in enumerate((56, 168, 90, 130, 130, 50)):
            self.view.setColumnWidth(col, w)
        hh.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)

        self.detail_title = QLabel(self.tr("Pilih satu baris untuk melihat isi sebelum dan sesudah."))
        self.detail_title.setObjectName("audit_detail_title")
        self.detail_title.setWordWrap(True)
        self.detail = QTableWidget(0, 3)
        self.detail.setObjectName("audit_detail")
        self.detail.setHorizontalHeaderLabels([self.tr("Isian"), self.tr("Sebelum"), self.tr("Sesudah")])
        self.detail.verticalHeader().hide()
        self.detail.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.detail.setWordWrap(True)
        dh = self.detail.horizontalHeader()
        dh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        dh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        dh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.detail_title)
        rl.addWidget(self.detail, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(right)
        split.setSizes([420, 220])
        lay = QVBoxLayout(self)
        lay.addWidget(tb)
        lay.addLayout(row)
        lay.addLayout(row2)
        lay.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.reload)
        for combo in (self.user, self.kind, self.action):
            combo.currentIndexChanged.connect(self.reload)
        self.record_id.textChanged.connect(self._timer.start)
        for d in (self.date_from, self.date_to):
            d.editingFinished.connect(self.reload)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.reload()

    # filter -------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        with self.ui.reader() as uow:
            ch = audittrail.choices(uow)
        for combo, all_label, values, label in (
            (self.user, self.tr("Semua pengguna"), ch.actors, str),
            (self.kind, self.tr("Semua jenis data"), ch.entities, audittrail.entity_label),
            (self.action, self.tr("Semua tindakan"), ch.actions, audittrail.action_label),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_label, None)
            for v in sorted(values, key=lambda v, f=label: f(v).lower()):  # type: ignore[misc]
                combo.addItem(label(v), v)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            actor_name=self.user.currentData(),
            date_from=self.date_from.date(self.tr("Tanggal awal")),
            date_to=self.date_to.date(self.tr("Tanggal akhir")),
            entity=self.kind.currentData(),
            entity_id=self.record_id.text().strip() or None,
            action=self.action.currentData(),
        )

    def reload(self) -> None:
        try:
            self.model.reload(self.current_filter())
        except TatausahaError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        n = self.model.rowCount()
        self.count_label.setText(self.tr("%1 entri").replace("%1", f"{n:,}".replace(",", ".")))
        self.show_entry(None)

    def refresh(self) -> None:
        self._fill_choices()
        self.reload()

    def clear_filter(self) -> None:
        for combo in (self.user, self.kind, self.action):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.record_id.blockSignals(True)
        self.record_id.clear()
        self.record_id.blockSignals(False)
        self.date_from.set_date(None)
        self.date_to.set_date(None)
        self.reload()

    def open_record(self, record: object) -> None:
        """Show the trail of one record: ``(kind, id)``."""
        if isinstance(record, tuple) and len(record) == 2:
            kind, rid = record
            self.kind.blockSignals(True)
            idx = self.kind.findData(kind)
            self.kind.setCurrentIndex(max(0, idx))
            self.kind.blockSignals(False)
            self.record_id.setText(str(rid))
            self._timer.stop()
            self.reload()

    # detail -------------------------------------------------------------------------
    def _row_changed(self, cur: Any, _prev: Any) -> None:
        self.show_entry(self.model.entry(cur.row()) if cur.isValid() else None)

    def show_entry(self, e: AuditEntry | None) -> None:
        self.current_entry = e
        if e is None:
            self.detail.setRowCount(0)
            self.detail_title.setText(self.tr("Pilih satu baris untuk melihat isi sebelum dan sesudah."))
            return
        self.detail_title.setText(
            f"<b>{e.action_label}</b> · {e.entity_label} {e.entity_id or ''} · {e.actor_name} · {fmt_ts(e.ts)}"
            f" · <span style='color:#777'>{self.tr('baris jejak')} {e.id}</span>")
        fields = e.changed_fields()
        self.detail.setRowCount(len(fields))
        before, after = e.before or {}, e.after or {}
        for r, f in enumerate(fields):
            b, a = _value(before.get(f)), _value(after.get(f))
            items = [QTableWidgetItem(audittrail.field_label(f)), QTableWidgetItem(b), QTableWidgetItem(a)]
            changed = e.before is not None and e.after is not None and b != a
            for it in items:
                it.setToolTip(it.text())
                if changed:
                    it.setBackground(QBrush(CHANGED_BG))
            items[0].setToolTip(f)  # the column's own name, as in the export
            for c, it in enumerate(items):
                self.detail.setItem(r, c, it)
        self.detail.resizeRowsToContents()

    # export -------------------------------------------------------------------------
    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor jejak audit"), "jejak-audit.xlsx",
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        flt = self.current_filter()
        ui = self.ui

        def work(uow: Any, _progress: Any, _cancel: Any) -> Path:
            from tatausaha.correspondence import registers
            from tatausaha.services import office

            t = audittrail.table(uow, flt)
            reg = registers.Register(
                t.kind, t.title, t.period,
                tuple(registers.Column(k, title, w, align) for k, title, w, align in t.columns),  # type: ignore[arg-type]
                t.rows, t.ids, t.cells)  # real numbers and times in XLSX
            prof = office.get_office(uow)
            return registers.export(uow, reg, path, kantor=prof.nama_kantor if prof else "")

        ui.write(work, parent=self, progress=self.tr("Mengekspor jejak audit…"),
                 on_done=lambda p: ui.status_message(self.tr("Tersimpan: %1").replace("%1", str(p))))


def create_page(ctx: Any) -> QWidget:
    if not ctx.actor.can(Permission.AUDIT):
        label = QLabel(QCoreApplication.translate("AuditTrail", "Jejak audit hanya dapat dibaca oleh auditor dan administrator."))
        label.setWordWrap(True)
        return label
    page = AuditTrailPage(ctx)
    return page
