"""A figure on the Beranda, compact: the number, what it counts beside it and "Lihat" to open the
list behind it, on one short row with the area's colour as an accent on the left — so that a
1366×768 laptop shows every area's figures and the first lines of its lists without scrolling.

``card_grid`` lays several cards out in balanced rows (at most ``per_row`` a row, equal widths)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy


class Card(QFrame):
    def __init__(self, title: str, color: str, on_click: Any) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"Card {{ background: white; border: 1px solid #ddd; border-left: 5px solid {color}; }}")
        self.value = QLabel("0")
        self.value.setStyleSheet(f"font-size: 22px; font-weight: bold; color: {color}; border: none;")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance("00") + 4)
        self.title = QLabel(title)
        self.title.setStyleSheet("color: #444; border: none;")
        self.title.setWordWrap(True)
        self.title.setToolTip(title)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(60)
        self.button = QPushButton(self.tr("Lihat"))
        self.button.setFlat(True)
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it
        self.button.setToolTip(title)
        self.button.setAccessibleName(f"{self.tr('Lihat')}: {title}")
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setFixedWidth(self.button.fontMetrics().horizontalAdvance(self.button.text()) + 18)
        self.button.clicked.connect(on_click)
        h = QHBoxLayout(self)
        h.setContentsMargins(6, 3, 2, 3)
        h.setSpacing(6)
        h.addWidget(self.value)
        h.addWidget(self.title, 1)
        h.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # two lines of a wrapped title, or the number, whichever is taller
        self.setFixedHeight(max(2 * self.title.fontMetrics().lineSpacing(),
                                self.value.sizeHint().height(), self.button.sizeHint().height()) + 10)

    def set(self, n: int) -> None:
        self.value.setText(str(n))


def card_grid(cards: Sequence[Card], per_row: int = 5) -> QGridLayout:
    """The cards in as few rows as ``per_row`` allows, the rows as even as possible (9 → 5 + 4,
    6 → 3 + 3, 4 → one row), every column the same width."""
    grid = QGridLayout()
    grid.setSpacing(6)
    if not cards:
        return grid
    rows = math.ceil(len(cards) / per_row)
    cols = math.ceil(len(cards) / rows)
    for i, c in enumerate(cards):
        grid.addWidget(c, i // cols, i % cols)
    for col in range(cols):
        grid.setColumnStretch(col, 1)
    return grid
