"""Kotak Pindai: scans waiting for a person, with preview, page thumbnails and ranked suggestions;
one action to attach a scan to a record or to create one prefilled from it (the kinds and their
forms come from the area registries);
rotate, split and merge pages; duplicates and the quarantine (with reasons) on their own tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tatausaha.errors import PermissionDenied, TatausahaError
from tatausaha.idformat import angka
from tatausaha.ingest import inbox, ocr, records
from tatausaha.ingest.inbox import ScanDetail, ScanRow
from tatausaha.models.ingest import DUPLICATE, FILED, QUARANTINED, REVIEW
from tatausaha.services.auth import Permission
from tatausaha.ui import registry as ui_registry
from tatausaha.ui.errors import show_error
from tatausaha.ui.ingest.preview import render_pages, to_qimage
from tatausaha.ui.ingest.scan_pane import ScanPane
from tatausaha.ui.ingest.scan_table import ScanTableModel
from tatausaha.ui.widgets.tables import ColumnFitter

PREVIEW_DPI = 90
THUMB_DPI = 24
MAX_THUMBS = 60


def tr(text: str) -> str:
    return QCoreApplication.translate("KotakPindai", text)


TABS = [
    (REVIEW, "Menunggu"),
    (DUPLICATE, "Duplikat"),
    (QUARANTINED, "Karantina"),
    (FILED, "Terarsip"),
]


class KotakPindaiPage(QWidget):
    def __init__(self, ctx: Any, controller: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller if controller is not None else _find_controller(ctx)
        self.detail: ScanDetail | None = None
        self.page_images: list[Any] = []
        self.current_page = 0
        self._render_seq = 0
        self.can_write = ctx.actor.can(Permission.WRITE)

        # -- top: watcher status + OCR state --------------------------------------------
        self.lbl_status = QLabel()
        self.lbl_ocr = QLabel(ocr.status().message)
        self.lbl_ocr.setWordWrap(True)
        self.btn_watch = QPushButton(tr("Mulai mengawasi"))
        self.btn_watch.clicked.connect(self.toggle_watch)
        self.btn_watch.setObjectName("btn_watch")
        # read-only roles (auditor) see whether the folders are watched, but cannot stop or start it
        self.btn_watch.setVisible(self.controller is not None and ctx.actor.can(Permission.WRITE))
        self.btn_refresh = QPushButton(tr("Segarkan"))
        self.btn_refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.lbl_status, 1)
        top.addWidget(self.btn_watch)
        top.addWidget(self.btn_refresh)

        self.tabs = QTabBar()
        for _state, label in TABS:
            self.tabs.addTab(tr(label))
        self.tabs.currentChanged.connect(lambda _i: self.reload())

        # -- left: the list ----------------------------------------------------------------
        self.model = ScanTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        # Keterangan takes the room left; the file name gives way first (full text in the tooltip)
        self.columns = ColumnFitter(self.table, (30, 170, 34, 112, 200), 4, (1,), stretch_min=130)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select(cur.row()))
        self.table.doubleClicked.connect(lambda _i: self.open_location())

        # -- right: preview, thumbnails, suggestions, actions (ui/ingest/scan_pane.py) ----
        right = ScanPane(self)
        self.lbl_title = right.lbl_title
        self.lbl_note = right.lbl_note
        self.preview = right.preview
        self.preview_area = right.preview_area
        self.thumbs = right.thumbs
        self.suggestions = right.suggestions
        self.btn_attach = right.btn_attach
        self.cmb_kind = right.cmb_kind
        self.spn_id = right.spn_id
        self.btn_attach_manual = right.btn_attach_manual
        self.new_buttons = right.new_buttons
        self.btn_rotate = right.btn_rotate
        self.btn_split = right.btn_split
        self.btn_merge = right.btn_merge
        self.btn_discard = right.btn_discard
        self.btn_folder = right.btn_folder

        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.tabs)
        ll.addWidget(self.table)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([560, 640])  # the list keeps its Keterangan readable at 1366 px

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.lbl_ocr)
        lay.addWidget(split, 1)

        if self.controller is not None:
            self.controller.counts_changed.connect(lambda _c: self._update_status())
            self.controller.item_settled.connect(lambda _e: self.reload())
        hub = getattr(ctx, "hub", None)
        if hub is not None:
            hub.changes_applied.connect(lambda ch: self.reload() if ch.affects("scan_item") else None)
        self.reload()

    # -- data ----------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return TABS[max(0, self.tabs.currentIndex())][0]

    def reload(self) -> None:
        keep = self.detail.row.id if self.detail else None
        with self.ctx.reader() as uow:
            rows = inbox.list_items(uow, (self.state,), limit=500)
            counts = inbox.counts(uow)
        self.model.set_rows(rows)
        for i, (state, label) in enumerate(TABS):
            n = counts.get(state, 0)
            self.tabs.setTabText(i, f"{tr(label)} ({angka(n)})" if n and state != FILED else tr(label))
        self._update_status(counts)
        row = next((i for i, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
            if self.detail is None or self.detail.row.id != rows[row].id:
                self._select(row)
        else:
            self._select(-1)

    def _update_status(self, counts: dict[str, int] | None = None) -> None:
        if counts is None:
            with self.ctx.reader() as uow:
                counts = inbox.counts(uow)
        text = tr("{r} menunggu, {q} di karantina, {d} duplikat.").format(
            r=counts.get(REVIEW, 0), q=counts.get(QUARANTINED, 0), d=counts.get(DUPLICATE, 0))
        if self.controller is not None:
            text = self.controller.status_text() + " — " + text
            self.btn_watch.setText(tr("Hentikan pengawasan") if self.controller.running else tr("Mulai mengawasi"))
        self.lbl_status.setText(text)

    def _select(self, row: int) -> None:
        self.detail = None
        self.suggestions.clear()
        self.thumbs.clear()
        self.page_images = []
        if row < 0 or row >= len(self.model.rows):
            self.lbl_title.setText(tr("Tidak ada pindaian di sini."))
            self.lbl_note.setText("")
            self.preview.setPixmap(QPixmap())
            self.preview.setText("")
            self._enable_actions()
            return
        try:
            with self.ctx.reader() as uow:
                self.detail = inbox.get_item(uow, self.model.rows[row].id)
        except PermissionDenied as exc:  # a scan of a secret letter: listed masked, never opened
            r = self.model.rows[row]
            self.lbl_title.setText(f"<b>#{r.id} {r.source_name}</b> — {r.state_label}")
            self.lbl_note.setText(str(exc))
            self.preview.setPixmap(QPixmap())
            self.preview.setText(tr("Pratinjau tidak tersedia."))
            self._enable_actions()
            return
        d = self.detail
        r = d.row
        self.lbl_title.setText(f"<b>#{r.id} {r.source_name}</b> — {r.state_label}"
                               + (f" — {r.page_count} {tr('hal.')}" if r.page_count else ""))
        note = r.reason if r.state == QUARANTINED else r.note
        if d.record_label:
            note = tr("Dilampirkan ke: {rec}").format(rec=d.record_label) + ("\n" + note if note else "")
        ex = d.extracted.as_dict()
        if any(ex.values()):
            labels = {"nomor_surat": tr("Nomor"), "tanggal_surat": tr("Tanggal"), "pengirim": tr("Pengirim"),
                      "perihal": tr("Perihal")}
            note += "\n" + "; ".join(f"{labels[k]}: {v}" for k, v in ex.items() if v)
        self.lbl_note.setText(note.strip())
        for s in d.suggestions:
            item = QListWidgetItem(f"{s.label}  ({s.score:.0%}) — {s.why}")
            item.setData(Qt.ItemDataRole.UserRole, (s.kind, s.id))
            self.suggestions.addItem(item)
        if self.suggestions.count():
            self.suggestions.setCurrentRow(0)
        self._enable_actions()
        self._render(r)

    def _enable_actions(self) -> None:
        d = self.detail
        waiting = d is not None and d.row.state == REVIEW and self.can_write
        for b in (self.btn_attach_manual, *self.new_buttons.values(), self.btn_rotate, self.btn_discard):
            b.setEnabled(waiting)
        self.btn_attach.setEnabled(waiting and self.suggestions.count() > 0)
        self.btn_split.setEnabled(waiting and (d.row.page_count or 0) > 1 if d else False)
        self.btn_merge.setEnabled(self.can_write and len(self._selected_ids()) > 1 and self.state == REVIEW)
        self.btn_folder.setEnabled(d is not None and bool(d.row.dest_path))

    def _render(self, r: ScanRow) -> None:
        """Render preview + thumbnails off the GUI thread; stale results are dropped."""
        self._render_seq += 1
        seq = self._render_seq
        if r.view_sha256 is None and r.sha256 is None:
            self.preview.setText(tr("Tidak ada salinan arsip untuk dipratinjau."))
            return
        sha = r.view_sha256 or r.sha256
        mime = "application/pdf" if r.view_sha256 else (r.mime or "application/pdf")
        store = self.ctx.app.store
        self.preview.setText(tr("Memuat pratinjau…"))

        def job() -> tuple[list[Any], list[Any]]:
            data = store.read_bytes(sha)
            pages = render_pages(data, mime, dpi=PREVIEW_DPI)
            thumbs = [p.copy() for p in pages[:MAX_THUMBS]]
            for t in thumbs:
                t.thumbnail((64, 90))
            return pages, thumbs

        def done(result: tuple[list[Any], list[Any]]) -> None:
            if seq != self._render_seq:
                return
            pages, thumbs = result
            self.page_images = pages
            self.thumbs.clear()
            for i, t in enumerate(thumbs, 1):
                self.thumbs.addItem(QListWidgetItem(QIcon(QPixmap.fromImage(to_qimage(t))), str(i)))
            self._show_page(0)
            if self.thumbs.count():
                self.thumbs.setCurrentRow(0)

        def failed(exc: BaseException) -> None:
            if seq == self._render_seq:
                self.preview.setText(tr("Pratinjau tidak dapat dibuat: {e}").format(e=exc))

        self.ctx.op(job, parent=self).plain().on_success(done).on_failure(failed).run()

    def _show_page(self, index: int) -> None:
        if not (0 <= index < len(self.page_images)):
            return
        self.current_page = index
        self.preview.setPixmap(QPixmap.fromImage(to_qimage(self.page_images[index])))

    def _selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows if r < len(self.model.rows)]

    # -- actions ---------------------------------------------------------------------------
    def _write(self, fn: Any, done_text: str) -> None:
        def ok(_result: Any) -> None:
            self.ctx.status_message(done_text)
            self.reload()

        self.ctx.write(fn, parent=self, on_done=ok)

    def attach_suggestion(self) -> None:
        item = self.suggestions.currentItem()
        if self.detail is None or item is None:
            return
        kind, rid = item.data(Qt.ItemDataRole.UserRole)
        self.attach_to(kind, rid)

    def attach_manual(self) -> None:
        self.attach_to(self.cmb_kind.currentData(), self.spn_id.value())

    def attach_to(self, kind: str, record_id: int) -> None:
        if self.detail is None:
            return
        item_id = self.detail.row.id
        label = records.kind_label(kind)
        self._write(lambda uow: inbox.attach(uow, item_id, kind, record_id),
                    tr("Pindaian #{i} dilampirkan ke {k} #{r}.").format(i=item_id, k=label, r=record_id))

    def new_from_scan(self, kind: str) -> None:
        """Create a record of ``kind`` from the scan: its area's form, prefilled, checked by the clerk."""
        make_form = ui_registry.scan_form(kind)
        if self.detail is None or make_form is None:
            return
        item_id = self.detail.row.id
        with self.ctx.reader() as uow:
            prefill = inbox.prefill(uow, item_id, kind)
        dlg = make_form(prefill, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        fields = dlg.fields()
        label = records.kind_label(kind).lower()
        self._write(lambda uow: inbox.create_from_scan(uow, item_id, kind, fields)[1],
                    tr("{k} baru didaftarkan dari pindaian #{i}.").format(k=label[:1].upper() + label[1:], i=item_id))

    def rotate(self, degrees: int) -> None:
        if self.detail is None:
            return
        item_id, store = self.detail.row.id, self.ctx.app.store
        self._write(lambda uow: inbox.rotate_pages(uow, store, item_id, degrees, [self.current_page]),
                    tr("Halaman diputar."))

    def split_here(self) -> None:
        if self.detail is None or self.current_page == 0:
            QMessageBox.information(self, tr("Pisah"), tr("Pilih halaman (bukan halaman pertama) tempat dokumen dipisah."))
            return
        item_id, store, at = self.detail.row.id, self.ctx.app.store, self.current_page
        self._write(lambda uow: inbox.split_item(uow, store, item_id, [at]), tr("Dokumen dipisah."))

    def merge_selected(self) -> None:
        ids = self._selected_ids()
        if len(ids) < 2:
            return
        store = self.ctx.app.store
        self._write(lambda uow: inbox.merge_items(uow, store, ids), tr("Pindaian digabung."))

    def discard(self) -> None:
        if self.detail is None:
            return
        item_id = self.detail.row.id
        self._write(lambda uow: inbox.discard(uow, item_id), tr("Pindaian #{i} disisihkan.").format(i=item_id))

    def open_location(self) -> None:
        if self.detail is not None and self.detail.row.dest_path:
            from pathlib import Path

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.detail.row.dest_path).parent)))

    def toggle_watch(self) -> None:
        if self.controller is None:
            return
        try:
            if self.controller.running:
                self.controller.stop(by=self.ctx.actor)
            else:
                self.controller.start(by=self.ctx.actor)
        except TatausahaError as exc:
            show_error(self, exc)
        self._update_status()


def _find_controller(ctx: Any) -> Any:
    ctl = getattr(ctx, "ingest", None)
    if ctl is None:
        extra = getattr(getattr(ctx, "app", None), "extra", None)
        if isinstance(extra, dict):
            ctl = extra.get("ingest")
    return ctl


def create_page(ctx: Any) -> QWidget:
    return KotakPindaiPage(ctx)
