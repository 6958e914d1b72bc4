"""Beranda: a greeting, then every installed area's section (its cards and the lists behind them),
in installation order (``UiArea.beranda`` in ``tatausaha.ui.registry``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.idformat import hari_tanggal
from tatausaha.ui import registry as ui_registry
from tatausaha.ui.widgets.card import Card

__all__ = ["BerandaPage", "Card", "create_page"]


class BerandaPage(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        self.greeting = QLabel("")
        self.greeting.setStyleSheet("font-size: 18px;")
        self.greeting.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.addWidget(self.greeting)
        # the areas' sections one under the other; when they need more height than the screen has
        # (a 768-pixel laptop with three areas), the Beranda scrolls instead of squashing them
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("beranda_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        #: area name -> its section widget (``refresh()``, ``affected_by(changes)``)
        self.sections: dict[str, Any] = {}
        # the sections keep their own heights; the height left over goes to those that can use it
        # (lists), and where none can, it stays empty below them
        for name, make in ui_registry.beranda_sections():
            section = make(ui)
            section.setObjectName(f"beranda_{name}")
            self.sections[name] = section
            lay.addWidget(section)
        if not lay.expandingDirections() & Qt.Orientation.Vertical:
            lay.addStretch(1)
        ui.hub.changes_applied.connect(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        self.greeting.setText(self.tr("Selamat bekerja, %1 — %2").replace("%1", self.ui.actor.full_name)
                              .replace("%2", hari_tanggal(clock.today())))
        for section in self.sections.values():
            section.refresh()

    def _on_changes(self, changes: Changes) -> None:
        for section in self.sections.values():
            if section.affected_by(changes):
                section.refresh()

    def showEvent(self, event: Any) -> None:  # fresh figures whenever the page is shown
        self.refresh()
        super().showEvent(event)


def create_page(ctx: Any) -> QWidget:
    return BerandaPage(ctx)
