"""Lazy table models for the letter lists and the disposition inbox.

``LetterListModel`` never loads everything: ``rowCount`` is one COUNT, rows come from the
list service in pages of ``PAGE`` rows (LIMIT/OFFSET on an indexed order) kept in a small LRU
cache. At 100,000 letters a view only ever holds the few pages it has shown. ``data()``
returns "" rather than None where Qt would otherwise get None (PERF-LIMITS.md, finding 1).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from tatausaha.correspondence.approval import TAHAP_LABELS
from tatausaha.correspondence.common import (
    DERAJAT_LABELS,
    KEAMANAN_LABELS,
    STATUS_DISPOSISI_LABELS,
    STATUS_KELUAR_LABELS,
    STATUS_MASUK_LABELS,
)
from tatausaha.correspondence.disposisi import InboxItem
from tatausaha.correspondence.letters import LetterFilter, LetterRow

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
MAX_PAGES = 40

RED = QColor("#b3261e")
GREY = QColor("#777777")
LATE_BG = QColor("#fde7e4")
SECRET_BG = QColor("#f3eefc")


def _d(d: dt.date | None) -> str:
    return "" if d is None else f"{d.day:02d}-{d.month:02d}-{d.year}"


# (key, header, sort key of the service or None)
MASUK_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("agenda", "No. Agenda", "agenda"),
    ("tanggal", "Tgl. Terima", "tanggal"),
    ("nomor", "Nomor Surat", "nomor"),
    ("tanggal_surat", "Tgl. Surat", "tanggal_surat"),
    ("pihak", "Pengirim", "pihak"),
    ("perihal", "Perihal", "perihal"),
    ("sifat", "Sifat", "derajat"),
    ("status", "Status", "status"),
)
KELUAR_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("agenda", "No. Urut", "agenda"),
    ("nomor", "Nomor Surat", "nomor"),
    ("tanggal", "Tgl. Surat", "tanggal"),
    ("pihak", "Tujuan", "pihak"),
    ("perihal", "Perihal", "perihal"),
    ("sifat", "Sifat", "derajat"),
    ("status", "Status", "status"),
)


class LetterListModel(QAbstractTableModel):
    """Windowed model over ``count(flt)`` / ``fetch(flt, sort, descending, offset, limit)``."""

    def __init__(
        self,
        count: Callable[[LetterFilter], int],
        fetch: Callable[[LetterFilter, str, bool, int, int], Sequence[LetterRow]],
        columns: tuple[tuple[str, str, str | None], ...],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._count_fn, self._fetch_fn, self.columns = count, fetch, columns
        self.flt = LetterFilter()
        self.sort_key, self.descending = "tanggal", True
        self._rows = 0
        self._pages: OrderedDict[int, Sequence[LetterRow]] = OrderedDict()
        self.page_loads = 0  # for tests and the benchmark

    # --- loading -----------------------------------------------------------------
    def reload(self, flt: LetterFilter | None = None) -> None:
        self.beginResetModel()
        if flt is not None:
            self.flt = flt
        self._pages.clear()
        self._rows = self._count_fn(self.flt)
        self.endResetModel()

    def _page(self, n: int) -> Sequence[LetterRow]:
        page = self._pages.get(n)
        if page is not None:
            self._pages.move_to_end(n)
            return page
        page = self._fetch_fn(self.flt, self.sort_key, self.descending, n * PAGE, PAGE)
        self.page_loads += 1
        self._pages[n] = page
        if len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def row_at(self, row: int) -> LetterRow | None:
        if not 0 <= row < self._rows:
            return None
        page = self._page(row // PAGE)
        i = row % PAGE
        return page[i] if i < len(page) else None

    def find_row(self, letter_id: int) -> int:
        """The row of a letter among the loaded pages (−1 when not loaded)."""
        for n, page in self._pages.items():
            for i, r in enumerate(page):
                if r.id == letter_id:
                    return n * PAGE + i
        return -1

    @property
    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    # --- Qt ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
                return self.columns[section][1]
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column][2] if 0 <= column < len(self.columns) else None
        if key is None:
            return
        self.sort_key, self.descending = key, order == Qt.SortOrder.DescendingOrder
        self.reload()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.row_at(index.row())
        if r is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        key = self.columns[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, key)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("perihal", "pihak", "nomor", "sifat", "status"):
            return self._text(r, key)  # the full text of a column elided at narrow widths
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status == "batal" or r.masked:
                return QBrush(GREY)
            if key == "sifat" and r.derajat == "sangat_segera":
                return QBrush(RED)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and r.keamanan in ("rahasia", "sangat_rahasia"):
            return QBrush(SECRET_BG)
        if role == Qt.ItemDataRole.FontRole and (r.masked or r.status == "batal"):
            f = QFont()
            f.setItalic(r.masked)
            f.setStrikeOut(r.status == "batal")
            return f
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    @staticmethod
    def _text(r: LetterRow, key: str) -> str:
        if key == "agenda":
            return r.agenda
        if key == "tanggal":
            return _d(r.tanggal)
        if key == "tanggal_surat":
            return _d(r.tanggal_surat)
        if key == "nomor":
            return r.nomor or ("(konsep)" if r.arah == "keluar" and r.status == "draft" else "")
        if key == "pihak":
            return r.pihak
        if key == "perihal":
            return r.perihal
        if key == "sifat":
            parts = []
            if r.keamanan != "biasa":
                parts.append(KEAMANAN_LABELS.get(r.keamanan, r.keamanan))
            if r.derajat != "biasa" or not parts:
                parts.append(DERAJAT_LABELS.get(r.derajat, r.derajat))
            return ", ".join(parts)
        if key == "status":
            if r.arah == "keluar" and r.status == "draft" and r.tahap not in ("", "konsep"):
                return TAHAP_LABELS.get(r.tahap, r.tahap)  # where the draft is on its way to a number
            labels = STATUS_MASUK_LABELS if r.arah == "masuk" else STATUS_KELUAR_LABELS
            return labels.get(r.status, r.status)
        return ""


INBOX_COLUMNS = ("Batas Waktu", "Agenda", "Dari", "Kepada", "Perihal", "Status", "Instruksi")
#: the long text column that takes the room left (elided) and the ones that give way when narrow
INBOX_STRETCH, INBOX_SQUEEZE = 4, (2, 3, 6)
INBOX_WIDTHS = (100, 76, 130, 130, 200, 96, 150)


class InboxModel(QAbstractTableModel):
    """The (small) disposition inbox; overdue rows stand out."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[InboxItem] = []

    def set_items(self, items: list[InboxItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> InboxItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(INBOX_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return INBOX_COLUMNS[section] if 0 <= section < len(INBOX_COLUMNS) else ""
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        it = self.item(index.row())
        if it is None:
            return None
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if c == 0:
                text = _d(it.batas_waktu)
                return f"{text} (terlambat)" if it.overdue else text
            if c == 1:
                return it.agenda
            if c == 2:
                return it.dari
            if c == 3:
                return it.kepada
            if c == 4:
                return f"{it.perihal} — {it.pengirim}"
            if c == 5:
                return STATUS_DISPOSISI_LABELS.get(it.status, it.status)
            if c == 6:
                return ", ".join(it.instruksi) + (f" · {it.catatan}" if it.catatan else "")
            return ""
        if role == Qt.ItemDataRole.BackgroundRole and it.overdue:
            return QBrush(LATE_BG)
        if role == Qt.ItemDataRole.ForegroundRole and it.overdue and c == 0:
            return QBrush(RED)
        if role == Qt.ItemDataRole.FontRole and it.status == "belum_dibaca":
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.UserRole:
            return it.disposisi_id
        return None
