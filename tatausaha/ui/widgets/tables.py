"""Small helpers shared by the master-data screens (a few dozen rows each: QTableWidget is enough)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

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
