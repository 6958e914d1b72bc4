"""A figure on the Beranda: a big number, what it counts and "Lihat" to open the list behind it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout


class Card(QFrame):
    def __init__(self, title: str, color: str, on_click: Any) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"Card {{ background: white; border: 1px solid #ddd; border-left: 6px solid {color}; }}")
        self.value = QLabel("0")
        self.value.setStyleSheet(f"font-size: 30px; font-weight: bold; color: {color}; border: none;")
        self.title = QLabel(title)
        self.title.setStyleSheet("color: #444; border: none;")
        self.title.setWordWrap(True)
        self.button = QPushButton(self.tr("Lihat"))
        self.button.setFlat(True)
        self.button.clicked.connect(on_click)
        v = QVBoxLayout(self)
        v.addWidget(self.value)
        v.addWidget(self.title)
        v.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)

    def set(self, n: int) -> None:
        self.value.setText(str(n))
