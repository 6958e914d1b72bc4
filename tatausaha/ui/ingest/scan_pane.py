"""The Kotak Pindai's right-hand pane: the scan's preview and page thumbnails, the ranked
suggestions, "attach to" by hand, "new … from this scan" per creatable kind (from the area
registries), and the page operations (rotate, split, merge, discard, open the folder).

It holds the widgets; the page (``KotakPindaiPage``) owns the data and the actions they trigger.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tatausaha import registry
from tatausaha.ingest import inbox
from tatausaha.ui import registry as ui_registry


def tr(text: str) -> str:
    return QCoreApplication.translate("KotakPindai", text)


def attach_kinds() -> list[tuple[str, str]]:
    """(kind, label) of every built record kind a scan can be attached to by hand."""
    return [(k.name, k.label) for k in registry.kinds(built_only=True) if k.attachable]


class ScanPane(QWidget):
    def __init__(self, page: Any) -> None:
        super().__init__()
        self.lbl_title = QLabel()
        self.lbl_title.setWordWrap(True)
        self.lbl_note = QLabel()
        self.lbl_note.setWordWrap(True)
        self.preview = QLabel(tr("Pilih pindaian untuk melihat pratinjau."))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setWidget(self.preview)
        self.preview_area.setMinimumHeight(140)  # the page fits a 768-pixel screen
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.LeftToRight)
        self.thumbs.setWrapping(False)
        self.thumbs.setIconSize(QSize(64, 90))
        self.thumbs.setFixedHeight(122)
        self.thumbs.currentRowChanged.connect(page._show_page)
        self.suggestions = QListWidget()
        self.suggestions.setMaximumHeight(110)
        self.suggestions.itemDoubleClicked.connect(lambda _i: page.attach_suggestion())

        self.btn_attach = QPushButton(tr("Lampirkan ke saran terpilih"))
        self.btn_attach.clicked.connect(page.attach_suggestion)
        self.cmb_kind = QComboBox()
        for kind, label in attach_kinds():
            self.cmb_kind.addItem(tr(label), kind)
        self.spn_id = QSpinBox()
        self.spn_id.setRange(1, 2_000_000_000)
        self.spn_id.setPrefix("#")
        self.btn_attach_manual = QPushButton(tr("Lampirkan"))
        self.btn_attach_manual.clicked.connect(page.attach_manual)
        #: one button per kind whose records can be created from a scan and whose area gives a form
        self.new_buttons: dict[str, QPushButton] = {}
        for kind, label in inbox.creatable_kinds():
            if ui_registry.scan_form(kind) is not None:
                b = QPushButton(tr(label) + "…")
                b.clicked.connect(lambda _=False, k=kind: page.new_from_scan(k))
                self.new_buttons[kind] = b
        self.btn_rotate = QPushButton(tr("Putar 90°"))
        self.btn_rotate.clicked.connect(lambda: page.rotate(90))
        self.btn_split = QPushButton(tr("Pisah di halaman ini"))
        self.btn_split.clicked.connect(page.split_here)
        self.btn_merge = QPushButton(tr("Gabung yang dipilih"))
        self.btn_merge.clicked.connect(page.merge_selected)
        self.btn_discard = QPushButton(tr("Sisihkan"))
        self.btn_discard.clicked.connect(page.discard)
        self.btn_folder = QPushButton(tr("Buka folder berkas"))
        self.btn_folder.clicked.connect(page.open_location)

        manual = QHBoxLayout()
        manual.addWidget(QLabel(tr("atau ke")))
        manual.addWidget(self.cmb_kind)
        manual.addWidget(self.spn_id)
        manual.addWidget(self.btn_attach_manual)
        manual.addStretch(1)
        # two short rows rather than one long one: the panel stays narrow enough for the list beside
        # it to show every column on a 1366-pixel screen
        ops = QVBoxLayout()
        ops_create, ops_pages = QHBoxLayout(), QHBoxLayout()
        for b in (*self.new_buttons.values(), self.btn_discard, self.btn_folder):
            ops_create.addWidget(b)
        for b in (self.btn_rotate, self.btn_split, self.btn_merge):
            ops_pages.addWidget(b)
        for row in (ops_create, ops_pages):
            row.addStretch(1)
            ops.addLayout(row)

        rl = QVBoxLayout(self)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.lbl_title)
        rl.addWidget(self.lbl_note)
        rl.addWidget(self.preview_area, 1)
        rl.addWidget(self.thumbs)
        rl.addWidget(QLabel(tr("Saran (paling mungkin di atas):")))
        rl.addWidget(self.suggestions)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.btn_attach)
        attach_row.addStretch(1)
        rl.addLayout(attach_row)
        rl.addLayout(manual)
        rl.addLayout(ops)
