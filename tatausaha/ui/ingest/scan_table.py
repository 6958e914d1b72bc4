"""The Kotak Pindai's list: one row per scan item (number, file, pages, received, what became of it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from tatausaha.idformat import waktu
from tatausaha.ingest.inbox import METHOD_LABELS, ScanRow
from tatausaha.models.ingest import FILED, QUARANTINED


def tr(text: str) -> str:
    return QCoreApplication.translate("KotakPindai", text)


class ScanTableModel(QAbstractTableModel):
    HEADERS = ["No.", "Berkas", "Hal.", "Diterima", "Keterangan"]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ScanRow] = []

    def set_rows(self, rows: list[ScanRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(r.id)
            if col == 1:
                return r.source_name
            if col == 2:
                return str(r.page_count or "")
            if col == 3:
                return waktu(r.detected_at)
            if col == 4:
                if r.state == QUARANTINED:
                    return r.reason
                if r.state == FILED:
                    how = METHOD_LABELS.get(r.method or "", r.method or "")
                    return f"{r.record_kind} #{r.record_id} ({how})"
                return r.top_suggestion or r.note
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            return r.reason or r.note
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
