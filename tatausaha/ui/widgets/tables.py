"""Small helpers shared by the master-data screens (a few dozen rows each: QTableWidget is enough)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QTableWidgetItem, QWidget

from tatausaha.errors import TatausahaError

ID_ROLE = 0x0100  # Qt.ItemDataRole.UserRole: the record id behind a row


def simple_table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def problem_table(headers: Sequence[str], problems: Sequence[Any], *, column_width: int = 200) -> QTableWidget:
    """An import's dry-run problems, one per row: the caller's translated headers for "Baris", "Kolom",
    "Masalah" over each problem's ``row``, ``column`` and ``message``; read-only, the message wraps."""
    t = QTableWidget(len(problems), 3)
    t.setObjectName("import_problems")
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    t.setColumnWidth(0, 60)
    t.setColumnWidth(1, column_width)
    t.setWordWrap(True)
    for i, prob in enumerate(problems):
        for c, value in enumerate((str(prob.row), prob.column, prob.message)):
            t.setItem(i, c, QTableWidgetItem(value))
    t.resizeRowsToContents()
    return t


def fill_table(table: QTableWidget, rows: list[list[str]], ids: list[int]) -> None:
    table.setRowCount(len(rows))
    for r, (row, rid) in enumerate(zip(rows, ids, strict=True)):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setData(ID_ROLE, rid)
            table.setItem(r, c, item)


def write_then(widget: QWidget, ctx: Any, fn: Callable[[Any], Any], done: str, after: Callable[[], None],
               show_error: Callable[..., Any]) -> bool:
    """Run ``fn(uow)`` through the write path (``ctx.write_now``); show a service refusal in Indonesian,
    else ``done``."""
    try:
        ctx.write_now(fn)
    except TatausahaError as exc:
        show_error(widget, exc)
        return False
    ctx.status_message(done)
    after()
    return True


class ColumnFitter(QObject):
    """Keeps a table's columns inside its viewport, so key columns never need horizontal scrolling.

    Each column has a preferred width; the ``stretch`` column (the long text, e.g. Perihal) takes
    what is left, elided. When the viewport is too narrow for the stretch column's minimum, the
    ``squeeze`` columns (other long text: nomor, pengirim) give up to half their width first.
    Recomputed whenever the viewport is resized.
    """

    def __init__(self, view: QTableView, widths: Sequence[int], stretch: int, squeeze: Sequence[int] = (),
                 *, stretch_min: int = 160, squeeze_to: float = 0.5) -> None:
        super().__init__(view)
        self.view, self.widths, self.stretch = view, list(widths), stretch
        self.squeeze, self.stretch_min, self.squeeze_to = list(squeeze), stretch_min, squeeze_to
        hh = view.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setMinimumSectionSize(36)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        view.viewport().installEventFilter(self)
        # columns Qt sizes to their contents grow when rows arrive: fit the others again
        hh.sectionResized.connect(self._on_section_resized)
        self.apply()

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        hh = self.view.horizontalHeader()
        if column != self.stretch and hh.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
            self.apply()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        model = self.view.model()
        n = model.columnCount() if model is not None else len(self.widths)
        hh = self.view.horizontalHeader()
        widths = [self.widths[c] if c < len(self.widths) else 100 for c in range(n)]
        sized = set()  # columns Qt sizes itself (to contents, fixed): taken as they are
        for c in range(n):
            if hh.sectionResizeMode(c) != QHeaderView.ResizeMode.Interactive and c != self.stretch:
                widths[c] = hh.sectionSize(c)
                sized.add(c)
        avail = self.view.viewport().width()
        fixed = sum(w for c, w in enumerate(widths) if c != self.stretch)
        deficit = self.stretch_min - (avail - fixed)
        if deficit > 0 and self.squeeze:
            room = sum(widths[c] * (1 - self.squeeze_to) for c in self.squeeze if c < n)
            share = min(1.0, deficit / room) if room else 0.0
            for c in self.squeeze:
                if c < n:
                    widths[c] = int(widths[c] * (1 - (1 - self.squeeze_to) * share))
            fixed = sum(w for c, w in enumerate(widths) if c != self.stretch)
        if 0 <= self.stretch < n:
            widths[self.stretch] = max(60, avail - fixed - 1)
        for c, w in enumerate(widths):
            if c not in sized and self.view.columnWidth(c) != w:
                self.view.setColumnWidth(c, w)
