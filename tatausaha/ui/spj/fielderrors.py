"""A form whose refusals are shown on the field they concern: a red line under the field (and the
field focused), the service's Indonesian sentence as it is; what concerns no field goes on top."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from tatausaha.errors import TatausahaError, ValidationFailed

ERROR_STYLE = "color: #b3261e;"


class FieldErrors:
    """Rows of a ``QFormLayout`` each with a hidden error line below it, by field name."""

    def __init__(self, form: QFormLayout, general: QLabel) -> None:
        self.form = form
        self.general = general
        general.setObjectName("form_error")
        general.setStyleSheet(ERROR_STYLE)
        general.setWordWrap(True)
        general.hide()
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(widget.objectName() or f"field_{name}")
        self.form.addRow(label, widget)
        err = QLabel("")
        err.setObjectName(f"error_{name}")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        self.form.addRow("", err)
        err.hide()
        self.widgets[name] = widget
        self.labels[name] = err
        return widget

    def clear(self) -> None:
        self.general.hide()
        self.general.setText("")
        for err in self.labels.values():
            err.hide()
            err.setText("")

    def show(self, exc: TatausahaError) -> None:
        """Show a refusal on its field (``ValidationFailed.field``) or on top of the form."""
        self.clear()
        name = exc.field if isinstance(exc, ValidationFailed) else None
        if name in self.labels:
            err = self.labels[name]
            err.setText(str(exc))
            err.show()
            self.widgets[name].setFocus()
        else:
            self.general.setText(str(exc))
            self.general.show()

    def message(self, name: str) -> str:
        """The error shown under a field ('' when none)."""
        err = self.labels[name]
        return err.text() if not err.isHidden() else ""
