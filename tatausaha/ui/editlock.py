"""Short edit locks in the window: an editor that is costly to open twice holds "its" record's lock
while it is open (``tatausaha.services.editlock``; granted at once under SQLite).

Any area's editor uses it the same way (the SPJ item editor is meant to)::

    class ItemEditor(QDialog):
        def __init__(self, ui, item_id, parent=None):
            super().__init__(parent)
            ...                                            # build the form
            hold_while_open(ui, self, "spj_item", item_id, what=self.tr("Item SPJ ini"))

When someone else holds it, ``hold_while_open`` raises ``RecordInUse`` ("… sedang dibuka oleh
operator@PC-KASUBAG …") — ``open_dialog`` shows that and the editor does not open. The lock goes
when the dialog finishes (saved, cancelled, closed), when the session ends, or when the PC dies.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from tatausaha.errors import RecordInUse


def hold_while_open(ui: Any, dialog: QDialog, kind: str, record_id: int, *, what: str) -> None:
    got = ui.locks.acquire(kind, record_id)
    if not got.granted:
        raise RecordInUse(got.message(what), holder=got.holder)
    dialog.finished.connect(lambda _result: ui.locks.release(kind, record_id))
