"""Kode Klasifikasi Arsip picker: find a code by number or words, browse the tree."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tatausaha.models.klasifikasi import SCHEME_LAMA, SCHEME_PMDN83
from tatausaha.services import klasifikasi
from tatausaha.services.klasifikasi import SCHEME_LABELS, KodeInfo

KODE_ROLE = 0x0100 + 1
LOADED_ROLE = 0x0100 + 2


class KlasifikasiDialog(QDialog):
    """Type ``000.1`` or words (``perjalanan dinas``); the tree shows matches with their ancestors."""

    def __init__(self, ctx, parent: QWidget | None = None, *, scheme: str = SCHEME_PMDN83) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.selected: KodeInfo | None = None
        self.setWindowTitle(self.tr("Pilih Kode Klasifikasi Arsip"))
        self.resize(720, 560)
        self.scheme = QComboBox()
        for key in (SCHEME_PMDN83, SCHEME_LAMA):
            self.scheme.addItem(self.tr(SCHEME_LABELS[key]), key)
        self.scheme.setCurrentIndex(0 if scheme == SCHEME_PMDN83 else 1)
        self.query = QLineEdit()
        self.query.setObjectName("kka_query")
        self.query.setPlaceholderText(self.tr("Ketik kode (mis. 000.1.2) atau kata (mis. perjalanan dinas)"))
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([self.tr("Kode"), self.tr("Uraian")])
        self.tree = QTreeView()
        self.tree.setObjectName("kka_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 150)
        self.tree.expanded.connect(self._on_tree_expanded)
        self.tree.doubleClicked.connect(lambda _i: self.accept())
        self.info = QLabel("")
        self.info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Pilih"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.scheme)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.info)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.scheme.currentIndexChanged.connect(lambda _i: self.refresh())
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.refresh()

    @property
    def current_scheme(self) -> str:
        return str(self.scheme.currentData())

    def _row(self, info: KodeInfo) -> list[QStandardItem]:
        a, b = QStandardItem(info.kode), QStandardItem(info.nama)
        a.setEditable(False)
        b.setEditable(False)
        b.setToolTip(info.nama + (f"\n{info.catatan}" if info.catatan else ""))
        a.setData(info.kode, KODE_ROLE)
        return [a, b]

    def _add_children_placeholder(self, item: QStandardItem) -> None:
        item.appendRow([QStandardItem(""), QStandardItem("")])  # lazily replaced on expand
        item.setData(False, LOADED_ROLE)

    def refresh(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        text = self.query.text().strip()
        with self.ctx.reader() as uow:
            if not text:
                for info in klasifikasi.children(uow, None, scheme=self.current_scheme):
                    row = self._row(info)
                    self._add_children_placeholder(row[0])
                    self.model.appendRow(row)
                self.info.setText(self.tr("Klik panah untuk membuka cabang; klik dua kali untuk memilih."))
                return
            matches = klasifikasi.find(uow, text, scheme=self.current_scheme, limit=200)
            # Show each match under its ancestors so the user sees where it sits in the tree.
            items: dict[str, QStandardItem] = {}
            for m in matches:
                chain = klasifikasi.path(uow, m.kode, scheme=self.current_scheme)
                parent: QStandardItemModel | QStandardItem = self.model
                for node in chain:
                    if node.kode not in items:
                        row = self._row(node)
                        row[0].setData(True, LOADED_ROLE)
                        parent.appendRow(row)
                        items[node.kode] = row[0]
                    parent = items[node.kode]
        self.tree.expandAll()
        self.info.setText(self.tr("{n} kode cocok.").format(n=len(matches)) if matches else self.tr("Tidak ada kode yang cocok."))
        if matches:
            first = items[matches[0].kode]
            self.tree.setCurrentIndex(first.index())

    def _on_tree_expanded(self, index) -> None:  # type: ignore[no-untyped-def]
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        if item is None or item.data(LOADED_ROLE) is not False:
            return
        item.removeRows(0, item.rowCount())
        with self.ctx.reader() as uow:
            for info in klasifikasi.children(uow, item.data(KODE_ROLE), scheme=self.current_scheme):
                row = self._row(info)
                self._add_children_placeholder(row[0])
                item.appendRow(row)
        item.setData(True, LOADED_ROLE)

    def _on_current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        item = self.model.itemFromIndex(current.siblingAtColumn(0))
        kode = item.data(KODE_ROLE) if item is not None else None
        if not kode:
            self.selected = None
            return
        with self.ctx.reader() as uow:
            self.selected = klasifikasi.get(uow, kode, scheme=self.current_scheme)
        self.info.setText(f"<b>{self.selected.kode}</b> — {self.selected.nama}")


class KlasifikasiPicker(QWidget):
    """A line edit with a browse button; emits ``changed(kode)``."""

    changed = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Kode klasifikasi"))
        self.label = QLabel("")
        self.label.setStyleSheet("color: #555;")
        button = QPushButton(self.tr("Cari…"))
        button.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(button)
        row.addWidget(self.label, 1)
        self.edit.editingFinished.connect(self._on_edit_finished)

    def kode(self) -> str:
        return self.edit.text().strip()

    def set_kode(self, kode: str) -> None:
        self.edit.setText(kode)
        self._on_edit_finished()

    def browse(self) -> None:
        dlg = KlasifikasiDialog(self.ctx, self)
        if self.kode():
            dlg.query.setText(self.kode())
            dlg.refresh()
        if dlg.exec() and dlg.selected is not None:
            self.set_kode(dlg.selected.kode)

    def _on_edit_finished(self) -> None:
        kode = self.kode()
        if not kode:
            self.label.setText("")
            return
        from tatausaha.errors import NotFound

        try:
            with self.ctx.reader() as uow:
                info = klasifikasi.get(uow, kode)
            self.label.setText(info.nama)
            self.changed.emit(kode)
        except NotFound:
            self.label.setText(self.tr("kode tidak dikenal"))
