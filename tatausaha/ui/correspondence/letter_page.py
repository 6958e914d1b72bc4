"""What the surat masuk and surat keluar pages share: the lazy letter list, its filter bar, selection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.correspondence.common import DERAJAT_LABELS, KANAL_LABELS, KEAMANAN_LABELS
from tatausaha.correspondence.letters import LetterFilter, LetterRow
from tatausaha.errors import TatausahaError
from tatausaha.idformat import angka
from tatausaha.ui.correspondence.common import page_layout, toolbar_action
from tatausaha.ui.errors import show_error
from tatausaha.ui.itemmodels.letters import LetterListModel
from tatausaha.ui.widgets.tables import ColumnFitter


def letter_table(model: LetterListModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fixed heights: no per-row size queries
    vh.setDefaultSectionSize(24)
    hh = view.horizontalHeader()
    hh.setStretchLastSection(False)
    hh.setSortIndicatorShown(True)
    return view


def _search_edit(placeholder: str, name: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def _choice_combo(all_label: str, labels: dict[str, str]) -> QComboBox:
    """A filter combo: "all" (None) first, then each value with its Indonesian label."""
    combo = QComboBox()
    combo.addItem(all_label, None)
    for key, label in labels.items():
        combo.addItem(label, key)
    return combo


def filter_bar(page: Any, status_labels: dict[str, str]) -> QVBoxLayout:
    page.year = QComboBox()
    page.year.addItem(page.tr("Semua tahun"), None)
    this = clock.today().year
    for y in range(this, this - 8, -1):
        page.year.addItem(str(y), y)
    page.year.setCurrentIndex(1)
    page.text = _search_edit(page.tr("Cari perihal, nomor, pengirim/tujuan…"))
    page.keamanan = _choice_combo(page.tr("Semua keamanan"), KEAMANAN_LABELS)
    page.status = _choice_combo(page.tr("Semua status"), status_labels)
    page.count_label = QLabel("")
    # second row: the register filters (DOMAIN §5) — classification subtree, the other party, urgency, channel
    page.kode = _search_edit(page.tr("Kode klas. (mis. 800)"), "filter_kode")
    page.kode.setMaximumWidth(170)
    page.pihak = _search_edit(page.tr("Pengirim / tujuan"), "filter_pihak")
    page.derajat = _choice_combo(page.tr("Semua derajat"), DERAJAT_LABELS)
    page.kanal = _choice_combo(page.tr("Semua kanal"), KANAL_LABELS)
    row1, row2 = QHBoxLayout(), QHBoxLayout()
    row1.addWidget(page.year)
    row1.addWidget(page.text, 1)
    row1.addWidget(page.keamanan)
    row1.addWidget(page.status)
    row1.addWidget(page.count_label)
    row2.addWidget(page.kode)
    row2.addWidget(page.pihak, 1)
    row2.addWidget(page.derajat)
    row2.addWidget(page.kanal)
    bar = QVBoxLayout()
    bar.setSpacing(4)
    bar.addLayout(row1)
    bar.addLayout(row2)
    page._filter_timer = QTimer(page)
    page._filter_timer.setSingleShot(True)
    page._filter_timer.setInterval(250)
    page._filter_timer.timeout.connect(page.reload)
    for edit in (page.text, page.kode, page.pihak):
        edit.textChanged.connect(page._filter_timer.start)
    for combo in (page.year, page.keamanan, page.status, page.derajat, page.kanal):
        combo.currentIndexChanged.connect(page.reload)
    return bar


class LetterListPage(QWidget):
    """A page listing letters of one direction: ``count``/``fetch`` are the service's count and list functions.

    Subclasses build their toolbar, call ``build`` and implement ``show_letter``, ``edit_letter`` and
    ``_on_changes``.
    """

    year: QComboBox
    kode: QLineEdit
    pihak: QLineEdit
    derajat: QComboBox
    kanal: QComboBox
    keamanan: QComboBox
    status: QComboBox
    text: QLineEdit
    count_label: QLabel

    def __init__(
        self, ui: Any, count: Callable[[Any, LetterFilter], int], fetch: Callable[..., list[LetterRow]],
        columns: tuple[tuple[str, str, str | None], ...],
    ) -> None:
        super().__init__()
        self.ui = ui
        self.current_id: int | None = None
        self._count_fn, self._fetch_fn = count, fetch
        self.model = LetterListModel(self._count, self._fetch, columns, self)
        self.view = letter_table(self.model)

    def build(self, tb: QToolBar, detail: QWidget, status_labels: dict[str, str], *, sort_column: int,
              widths: Sequence[int]) -> None:
        """Lay out toolbar, filter bar, list and ``detail``; connect and load the first page.

        ``widths`` are the preferred column widths; Perihal takes the room left (elided, full text
        in the tooltip) and Nomor / the other party give way first, so every column stays in view
        without horizontal scrolling down to a 1366-pixel screen.
        """
        page_layout(self, tb, filter_bar(self, status_labels), self.view, detail, [940, 340])
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.doubleClicked.connect(lambda _i: self.edit_letter())
        self.ui.hub.changes_applied.connect(self._on_changes)
        self.reload()
        self.view.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder)
        keys = [c[0] for c in self.model.columns]
        self.columns = ColumnFitter(self.view, widths, keys.index("perihal"),
                                    [keys.index(k) for k in ("nomor", "pihak") if k in keys])

    def _action(self, tb: QToolBar, text: str, slot: Any, key: Any = None) -> QAction:
        return toolbar_action(self, tb, text, slot, key)

    # data -----------------------------------------------------------------------------
    def _count(self, flt: LetterFilter) -> int:
        with self.ui.reader() as uow:
            return self._count_fn(uow, flt)

    def _fetch(self, flt: LetterFilter, sort: str, desc: bool, offset: int, limit: int) -> list[LetterRow]:
        with self.ui.reader() as uow:
            return self._fetch_fn(uow, flt, sort=sort, descending=desc, offset=offset, limit=limit)

    def current_filter(self) -> LetterFilter:
        return LetterFilter(tahun=self.year.currentData(), keamanan=self.keamanan.currentData(),
                            status=self.status.currentData(), text=self.text.text().strip() or None,
                            kode_prefix=self.kode.text().strip() or None, pihak=self.pihak.text().strip() or None,
                            derajat=self.derajat.currentData(), kanal=self.kanal.currentData())

    def reload(self) -> None:
        keep = self.current_id
        try:
            self.model.reload(self.current_filter())
        except TatausahaError as exc:
            show_error(self, exc)
            return
        self.count_label.setText(self.tr("%1 surat").replace("%1", angka(self.model.rowCount())))
        if keep is not None:
            self.select_letter(keep)

    def select_letter(self, letter_id: int) -> None:
        row = self.model.find_row(letter_id)
        if row >= 0:
            idx = self.model.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(idx)
        self.show_letter(letter_id)

    def open_record(self, record_id: object) -> None:
        """Main window: show this letter (from search, Beranda, the scan inbox)."""
        self.select_letter(int(record_id))  # type: ignore[call-overload]

    def _row_changed(self, cur: Any, _prev: Any) -> None:
        r = self.model.row_at(cur.row()) if cur.isValid() else None
        if r is not None:
            self.show_letter(r.id)

    # what each direction does ---------------------------------------------------------
    def show_letter(self, letter_id: int) -> None:
        raise NotImplementedError

    def edit_letter(self) -> Any:
        raise NotImplementedError

    def _on_changes(self, changes: Changes) -> None:
        raise NotImplementedError
