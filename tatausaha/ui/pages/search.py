"""Pencarian: one box over the whole archive, filter chips that write the same query, results
grouped by kind with highlighted snippets, and a preview pane. Every query runs off the UI thread."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tatausaha.idformat import angka
from tatausaha.ingest.reasons import describe
from tatausaha.search import query as Q
from tatausaha.search import service
from tatausaha.search.index import jenis_values, kind_label
from tatausaha.ui.context import UiContext
from tatausaha.ui.registry import page_for_kind
from tatausaha.ui.search.widgets import HIT_ROLE, HtmlDelegate, ResultModel

PAGE_SIZE = 50
GROUP_NAMES = {"000": "Umum", "100": "Pemerintahan", "200": "Politik", "300": "Keamanan & Ketertiban",
               "400": "Kesejahteraan Rakyat", "500": "Perekonomian", "600": "Pekerjaan Umum", "700": "Pengawasan",
               "800": "Kepegawaian", "900": "Keuangan"}


def _n(v: int) -> str:
    return angka(v)


class FilterChip(QToolButton):
    """A drop-down chip for one field; picking a value rewrites that field in the query text."""

    def __init__(self, label: str, field: str, page: SearchPage) -> None:
        super().__init__(page)
        self.label = label
        self.field = field
        self.page = page
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.setCheckable(True)
        self.set_options([])

    def set_options(self, options: list[tuple[str, str]]) -> None:
        """(query value, menu text) pairs; the first entry always clears the field."""
        menu = self.menu()
        menu.clear()
        act = menu.addAction(self.tr("Semua"))
        act.triggered.connect(lambda: self.page.set_filter(self.field, None))
        for value, text in options:
            a = menu.addAction(text)
            a.triggered.connect(lambda _=False, v=value: self.page.set_filter(self.field, v))
        self.refresh()

    def refresh(self) -> None:
        values = Q.field_values(self.page.box.text(), self.field)
        self.setChecked(bool(values))
        self.setText(f"{self.label}: {values[0]}" if values else f"{self.label} ▾")


class SearchPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._seq = 0
        self._result: service.SearchResult | None = None
        self.model = ResultModel(self)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(self.tr('Cari surat, disposisi, dokumen… mis. undangan rapat tahun:2024 dari:"dinas pendidikan"'))
        self.box.textEdited.connect(lambda _t: self._debounce.start())
        self.box.returnPressed.connect(self.run_search)
        self._debounce.timeout.connect(self.run_search)

        self.order = QComboBox()
        self.order.addItem(self.tr("Paling relevan"), "relevance")
        self.order.addItem(self.tr("Terbaru"), "date")
        self.order.currentIndexChanged.connect(lambda _i: self.run_search())

        self.saved_btn = QToolButton()
        self.saved_btn.setText(self.tr("Tersimpan ▾"))
        self.saved_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_btn.setMenu(QMenu(self.saved_btn))
        self.saved_btn.menu().aboutToShow.connect(self._fill_saved_menu)
        self.export_btn = QPushButton(self.tr("Ekspor…"))
        self.export_btn.clicked.connect(self._on_export)

        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(self.order)
        top.addWidget(self.saved_btn)
        top.addWidget(self.export_btn)

        self.chips = {
            "jenis": FilterChip(self.tr("Jenis"), "jenis", self),
            "tahun": FilterChip(self.tr("Tahun"), "tahun", self),
            "kode": FilterChip(self.tr("Klasifikasi"), "kode", self),
            "sifat": FilterChip(self.tr("Sifat"), "sifat", self),
        }
        chips = QHBoxLayout()
        for chip in self.chips.values():
            chips.addWidget(chip)
        self.chips["jenis"].set_options([(v, kind_label(k)) for k, v in jenis_values().items()])
        self.help = QLabel(self.tr('<span style="color:#666">"frasa persis" · awalan* · A ATAU B · -kecuali · '
                                   "nomor: dari: kepada: perihal: kode:800 tanggal:2024-01-01..2024-03-31</span>"))
        chips.addStretch(1)
        chips.addWidget(self.help)

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setItemDelegate(HtmlDelegate(self.tree))
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)

        self.more = QPushButton(self.tr("Muat lebih banyak"))
        self.more.clicked.connect(self.load_more)
        self.more.hide()
        self.status = QLabel(self.tr("Ketik kata kunci lalu tekan Enter. Ctrl+K dari mana saja."))
        self.status.setObjectName("searchStatus")

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.status)
        lv.addWidget(self.tree, 1)
        lv.addWidget(self.more)

        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setHtml(f"<p style='color:#666'>{self.tr('Pilih hasil untuk melihat isinya.')}</p>")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Pencarian')}</h2>"))
        layout.addLayout(top)
        layout.addLayout(chips)
        layout.addWidget(split, 1)

        act = QAction(self)
        act.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        act.triggered.connect(self.focus_search)
        self.addAction(act)
        self.box.installEventFilter(self)
        self.tree.activated.connect(self._on_open)  # Enter on a result opens it

    def eventFilter(self, obj: Any, event: Any) -> bool:
        """Down arrow in the search box moves into the results (keyboard-only use)."""
        from PySide6.QtCore import QEvent

        if obj is self.box and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            if self.model.hits:
                self.tree.setFocus(Qt.FocusReason.TabFocusReason)
                group = self.model.index(0, 0)
                self.tree.setCurrentIndex(self.model.index(0, 0, group))
                return True
        return super().eventFilter(obj, event)

    # --- public -------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def set_query(self, text: str, *, run: bool = True) -> None:
        self.box.setText(text)
        if run:
            self.run_search()

    def set_filter(self, field: str, value: str | None) -> None:
        self.box.setText(Q.set_field(self.box.text(), field, value))
        self.run_search()

    # --- searching (background) -----------------------------------------------------------------

    def run_search(self) -> None:
        self._debounce.stop()
        self._seq += 1
        seq = self._seq
        text = self.box.text()
        order = self.order.currentData()
        for chip in self.chips.values():
            chip.refresh()

        def job() -> service.SearchResult:
            with self.ctx.reader() as uow:
                return service.search(uow, text, limit=PAGE_SIZE, order=order)

        self.status.setText(self.tr("Mencari…"))
        self.ctx.op(job, parent=self).plain().on_success(lambda r: self._show(seq, r, append=False)).on_failure(
            lambda exc: self._failed(seq, exc)).run()

    def load_more(self) -> None:
        if self._result is None:
            return
        res = self._result
        seq = self._seq
        offset = len(self.model.hits)

        def job() -> service.SearchResult:
            with self.ctx.reader() as uow:
                return service.search(uow, res.query, limit=PAGE_SIZE, offset=offset, order=res.order)

        self.ctx.op(job, parent=self).plain().on_success(lambda r: self._show(seq, r, append=True)).run()

    def _failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._seq:
            self.status.setText(f"<span style='color:#b00020'>{html.escape(str(exc))}</span>")

    def _show(self, seq: int, res: service.SearchResult, *, append: bool) -> None:
        if seq != self._seq:
            return  # an older query finished after a newer one started
        if not append:
            self.model.reset()
        self.model.append(res)
        self.tree.expandAll()
        self._result = res
        shown = len(self.model.hits)
        total = _n(res.total) if res.total_exact else self.tr("lebih dari {n}").format(n=_n(res.total))
        text = self.tr("{total} hasil · {ms} md").format(total=total, ms=_n(round(res.elapsed_ms)))
        if res.ranked == "relevance-window":
            text += " · " + self.tr("peringkat relevansi untuk hasil terbaru, sisanya menurut tanggal")
        if res.stale:
            text += " · <b>" + self.tr("indeks perlu dibangun ulang (tatausaha reindex)") + "</b>"
        self.status.setText(text)
        self.more.setVisible(shown < res.total or (not res.total_exact and len(res.hits) == res.limit))
        if not append:
            self._load_facets(seq, res.query)

    def _load_facets(self, seq: int, text: str) -> None:
        def job() -> service.Facets:
            with self.ctx.reader() as uow:
                return service.facets(uow, text)

        self.ctx.op(job, parent=self).plain().on_success(lambda f: self._show_facets(seq, f)).on_failure(
            lambda _e: None).run()

    def _show_facets(self, seq: int, f: service.Facets) -> None:
        if seq != self._seq:
            return
        approx = "" if f.exact else "≈"
        values = jenis_values()
        self.chips["jenis"].set_options(
            [(values[k], f"{kind_label(k)} ({approx}{_n(c)})") for k, c in f.kinds if k in values])
        self.chips["tahun"].set_options([(str(y), f"{y} ({_n(c)})") for y, c in f.years])
        self.chips["kode"].set_options(
            [(g, f"{g} {GROUP_NAMES.get(g, '')} ({approx}{_n(c)})") for g, c in f.groups])
        self.chips["sifat"].set_options([(s, f"{s.replace('_', ' ')} ({approx}{_n(c)})") for s, c in f.sifat])

    # --- preview, open, save, export ----------------------------------------------------------

    def _hit_at(self, index: QModelIndex) -> service.Hit | None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        return hit if isinstance(hit, service.Hit) else None

    def _on_current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        hit = self._hit_at(current)
        if hit is None:
            return
        text = self.box.text()

        def job() -> service.Preview:
            with self.ctx.reader() as uow:
                return service.preview(uow, hit.kind, hit.ref_id, text)

        self.ctx.op(job, parent=self).plain().on_success(self._show_preview).on_failure(
            lambda exc: self.preview.setHtml(f"<p>{html.escape(describe(exc))}</p>")).run()

    def _show_preview(self, p: service.Preview) -> None:
        rows = "".join(f"<tr><td style='color:#666;padding-right:8px'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
                       for k, v in p.fields)
        body = "".join(
            f"<span style='background-color:#fff1a8;font-weight:600'>{html.escape(s)}</span>" if marked else html.escape(s)
            for s, marked in p.body_marked
        ).replace("\n", "<br/>")
        self.preview.setHtml(
            f"<p style='color:#666'>{html.escape(kind_label(p.kind))}</p>"
            f"<h3>{html.escape(p.title)}</h3><table>{rows}</table><hr/><div>{body}</div>"
        )

    def _on_open(self, index: QModelIndex) -> None:
        hit = self._hit_at(index)
        if hit is not None:
            self.ctx.hub.open_requested.emit(page_for_kind(hit.kind) or hit.kind, hit.ref_id)

    def _fill_saved_menu(self) -> None:
        menu = self.saved_btn.menu()
        menu.clear()
        save = menu.addAction(self.tr("Simpan pencarian ini…"))
        save.triggered.connect(self._on_save)
        try:
            with self.ctx.reader() as uow:  # a handful of rows of the user's own: fine on the UI thread
                saved = service.list_saved_searches(uow)
        except Exception:  # noqa: BLE001 - the menu just shows no saved searches
            saved = []
        if saved:
            menu.addSeparator()
        for s in saved:
            a = menu.addAction(s.name)
            a.setToolTip(s.query)
            a.triggered.connect(lambda _=False, q=s.query: self.set_query(q))

    def _on_save(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Simpan pencarian"), self.tr("Nama:"))
        if not ok or not name.strip():
            return
        text = self.box.text()

        self.ctx.write(lambda uow: service.save_search(uow, name, text), parent=self, on_done=lambda s: self.ctx.status_message(
            self.tr("Pencarian \"{n}\" disimpan.").format(n=s.name)))

    def _on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor hasil pencarian"), "hasil-pencarian.xlsx",
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        text = self.box.text()

        self.ctx.write(lambda uow, _p, _c: service.export_results(uow, text, path), parent=self,
                       progress=self.tr("Mengekspor hasil…"),
                       on_done=lambda n: self.ctx.status_message(self.tr("{n} hasil diekspor ke {f}.").format(n=_n(n), f=path.name)))


def create_page(ctx: UiContext) -> QWidget:
    return SearchPage(ctx)
