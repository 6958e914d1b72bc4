"""A question before an action that changes records: the person's own words on the buttons.

Window-modal and opened with ``open()`` (not ``exec()``), so the event loop, live refresh and the
tests go on while it is shown; ``on_yes`` runs only when the action button is pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, title: str, text: str, action: str, on_yes: Callable[[], object], *,
        name: str = "", safe_default: bool = False) -> QMessageBox:
    """Show the question with buttons ``action`` (Yes) and "Batal" (No). ``safe_default``: Enter means
    Batal (for deleting). ``name`` becomes the box's objectName. Returns the open box."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    if name:
        box.setObjectName(name)
    box.button(QMessageBox.StandardButton.Yes).setText(action)
    box.button(QMessageBox.StandardButton.No).setText(QCoreApplication.translate("ask", "Batal"))
    if safe_default:
        box.setDefaultButton(QMessageBox.StandardButton.No)
    box.accepted.connect(on_yes)
    box.open()
    return box
