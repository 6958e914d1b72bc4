"""The staff area's section of the Beranda: what falls due within the warning period (H-60 by the
office's dated rule) — KGB, kenaikan pangkat, pension preparation, PPPK contracts — soonest first,
coloured by how near; a double-click opens the employee's file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.errors import TatausahaError
from tatausaha.staff import due, reports, rules
from tatausaha.staff.kinds import PEGAWAI


class StaffBeranda(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        self.heading = QLabel("")
        self.heading.setObjectName("staff_due_heading")
        self.heading.setWordWrap(True)
        self.open_list = QPushButton(self.tr("Daftar jatuh tempo"))
        self.open_list.setFlat(True)
        self.open_list.setObjectName("staff_due_report")
        self.open_list.clicked.connect(self.show_report)
        self.items = QListWidget()
        self.items.setObjectName("staff_due")
        # as tall as its rows, three to ten of them (more: it scrolls), so the sections under it
        # stay on a 768-pixel screen
        self.items.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit_rows(3)
        self.items.itemActivated.connect(self._open)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.open_list)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self.items)

    def refresh(self) -> None:
        today = clock.today()
        try:
            with self.ui.reader() as uow:
                days = int(rules.load(uow).value("peringatan", today))
                items = due.due_items(uow, on=today, within_days=days)
        except TatausahaError as exc:
            self.heading.setText(str(exc))
            self.items.clear()
            return
        late = sum(1 for i in items if i.status == "lewat")
        text = self.tr("<b>Kepegawaian — jatuh tempo dalam %1 hari</b>: %2 hal").replace("%1", str(days)).replace(
            "%2", str(len(items)))
        if late:
            text += self.tr(", <span style='color:#b3261e'>%1 terlewat</span>").replace("%1", str(late))
        self.heading.setText(text)
        self.items.clear()
        for i in items:
            left = i.days_left(today)
            li = QListWidgetItem(f"{'⚠ ' if left < 0 else ''}{i.tanggal:%d-%m-%Y} · {i.jenis_label} — {i.nama} "
                                 f"({reports.nearness(left)})")
            li.setData(Qt.ItemDataRole.UserRole, i.employee_id)
            li.setToolTip(i.keterangan + (f"\n{i.dasar}" if i.dasar else ""))
            colour = reports.colour_for(left)
            if colour:
                li.setBackground(QBrush(QColor(colour)))
            self.items.addItem(li)
        if not items:
            self.items.addItem(QListWidgetItem(self.tr("Tidak ada yang jatuh tempo dalam %1 hari.").replace("%1", str(days))))
        self._fit_rows(self.items.count())

    def _fit_rows(self, n: int) -> None:
        rows = min(max(n, 3), 10)
        row = self.items.sizeHintForRow(0) if self.items.count() else -1
        if row <= 0:
            row = self.items.fontMetrics().lineSpacing() + 2
        self.items.setFixedHeight(rows * row + 2 * self.items.frameWidth() + 4)

    def show_report(self) -> None:
        """The whole due list (a year ahead and everything overdue) on the kop, in the print preview."""
        from tatausaha.ui.print_preview import open_print_preview

        ui, store = self.ui, self.ui.store

        def build() -> bytes:
            with ui.reader() as uow:
                return reports.pdf(uow, store, "jatuh_tempo")

        open_print_preview(ui, build, title=reports.TITLES["jatuh_tempo"], file_name="jatuh_tempo.pdf", parent=self)

    def _open(self, item: QListWidgetItem) -> None:
        eid = item.data(Qt.ItemDataRole.UserRole)
        if eid is not None:
            self.ui.hub.open_requested.emit(PEGAWAI, eid)

    def affected_by(self, changes: Changes) -> bool:
        return changes.affects(PEGAWAI)
