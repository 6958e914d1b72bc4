"""Bundel Pemeriksa: the auditor's workspace — choose a scope, see what it holds, export, verify.

The scopes come from the areas' registry entries (``Area.bundle_exporter``) and the saved searches,
so this page names no area's kinds. "Tinjau" shows what the scope holds as the logged-in person may
hand it over (counts, secret records left out, missing evidence); "Ekspor bundel…" writes the BagIt
ZIP on the write thread with progress and Batal (a cancelled export leaves no file); "Periksa
bundel…" checks any bundle file; the history lists every bundle handed over with its tag-manifest hash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tatausaha import idformat
from tatausaha.bundles import service
from tatausaha.bundles.types import BundlePlan, BundleResult, RequestLetter, Scope, ScopeKind
from tatausaha.errors import TatausahaError
from tatausaha.services.auth import Permission
from tatausaha.ui.correspondence.common import DateEdit, toolbar_action

MISSING_BG = QColor("#fff4ce")
ITEM_COLUMNS = ("No.", "Catatan", "Nomor", "Tanggal", "Perihal", "Klasifikasi", "Keamanan", "Berkas", "Kekurangan")
HISTORY_COLUMNS = ("Waktu", "Nomor bundel", "Oleh", "Berkas", "Cakupan", "Surat permintaan", "Catatan",
                   "SHA-256 tagmanifest")
KEAMANAN = service.KEAMANAN_LABELS


class BundlePage(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        ui.actor.require(Permission.EXPORT)
        self.plan: BundlePlan | None = None
        self.last_result: BundleResult | None = None
        self.param_widgets: dict[str, QWidget] = {}

        tb = QToolBar()
        self.act_review = toolbar_action(self, tb, self.tr("Tinjau cakupan"), self.review, QKeySequence("Ctrl+T"))
        self.act_review.setObjectName("act_bundle_review")
        self.act_export = toolbar_action(self, tb, self.tr("Ekspor bundel…"), self.export, QKeySequence("Ctrl+E"))
        self.act_export.setObjectName("act_bundle_export")
        self.act_verify = toolbar_action(self, tb, self.tr("Periksa bundel…"), self.verify)
        self.act_verify.setObjectName("act_bundle_verify")
        self.act_refresh = toolbar_action(self, tb, self.tr("Segarkan"), self.refresh, QKeySequence.StandardKey.Refresh)

        # the scope --------------------------------------------------------------------------
        self.scope_kind = QComboBox()
        self.scope_kind.setObjectName("bundle_scope_kind")
        self.choices = service.scope_choices()
        for area, label, kind in self.choices:
            self.scope_kind.addItem(f"{label} — {kind.label}", (area, kind.key))
        self.params_box = QWidget()
        self.params_form = QFormLayout(self.params_box)
        self.params_form.setContentsMargins(0, 0, 0, 0)
        self.date_from = DateEdit()
        self.date_from.setObjectName("bundle_from")
        self.date_to = DateEdit()
        self.date_to.setObjectName("bundle_to")
        self.period_row = QWidget()
        pr = QHBoxLayout(self.period_row)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(self.date_from)
        pr.addWidget(QLabel(self.tr("s.d.")))
        pr.addWidget(self.date_to)
        pr.addStretch(1)
        self.include_secret = QCheckBox(self.tr("Sertakan catatan rahasia (hanya yang boleh Anda lihat; "
                                                "yang lain tetap dihitung)"))
        self.include_secret.setObjectName("bundle_include_secret")
        self.request = QComboBox()
        self.request.setObjectName("bundle_request")
        self.request.setEditable(True)
        self.request.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = self.request.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("nomor surat permintaan pemeriksa (surat masuk terdaftar)"))
        self.request.setMinimumContentsLength(40)
        form = QFormLayout()
        form.addRow(self.tr("Cakupan"), self.scope_kind)
        form.addRow(self.params_box)
        form.addRow(self.tr("Periode"), self.period_row)
        form.addRow(self.tr("Surat permintaan"), self.request)
        form.addRow("", self.include_secret)
        scope_group = QGroupBox(self.tr("Cakupan bundel"))
        scope_group.setLayout(form)

        # what the scope holds ------------------------------------------------------------------
        self.summary = QLabel(self.tr("Pilih cakupan, lalu Tinjau cakupan."))
        self.summary.setObjectName("bundle_summary")
        self.summary.setWordWrap(True)
        self.items = QTableWidget(0, len(ITEM_COLUMNS))
        self.items.setObjectName("bundle_items")
        self.items.setHorizontalHeaderLabels([self.tr(c) for c in ITEM_COLUMNS])
        self.items.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history = QTableWidget(0, len(HISTORY_COLUMNS))
        self.history.setObjectName("bundle_history")
        self.history.setHorizontalHeaderLabels([self.tr(c) for c in HISTORY_COLUMNS])
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.verify_button = QPushButton(self.tr("Periksa bundel…"))
        self.verify_button.setObjectName("bundle_verify_button")
        self.verify_button.clicked.connect(self.verify)

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.summary)
        tl.addWidget(self.items, 1)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("<b>Riwayat bundel yang diserahkan</b>")))
        head.addStretch(1)
        head.addWidget(self.verify_button)
        bl.addLayout(head)
        bl.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([360, 200])
        lay = QVBoxLayout(self)
        lay.addWidget(tb)
        lay.addWidget(scope_group)
        lay.addWidget(split, 1)

        self.scope_kind.currentIndexChanged.connect(self._scope_kind_changed)
        self._scope_kind_changed()
        self._fill_requests()
        self.load_history()

    # the scope ----------------------------------------------------------------------------------
    def current_kind(self) -> tuple[str, ScopeKind]:
        area, key = self.scope_kind.currentData()
        for a, _label, kind in self.choices:
            if a == area and kind.key == key:
                return area, kind
        raise LookupError(key)

    def _scope_kind_changed(self) -> None:
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self.param_widgets = {}
        area, kind = self.current_kind()
        for p in kind.params:
            w: QWidget
            if p.choices is not None:
                combo = QComboBox()
                if not p.required:
                    combo.addItem(self.tr("(semua)"), "")
                try:
                    with self.ui.reader() as uow:
                        values = p.choices(uow)
                except TatausahaError:
                    values = []
                for value, label in values:
                    combo.addItem(label, value)
                w = combo
            else:
                line = QLineEdit()
                line.setPlaceholderText(p.hint)
                line.setClearButtonEnabled(True)
                w = line
            w.setObjectName(f"bundle_param_{p.key}")
            self.param_widgets[p.key] = w
            self.params_form.addRow(p.label, w)
        self.period_row.setEnabled(kind.uses_period)
        self.include_secret.setChecked(kind.asks_rahasia)
        self.plan = None
        self._show_plan(None)

    def _fill_requests(self) -> None:
        with self.ui.reader() as uow:
            letters = service.request_letters(uow)
        self.request.clear()
        self.request.addItem("", None)
        for r in letters:
            self.request.addItem(f"{r.nomor} — {r.pengirim} — {idformat.tanggal_pendek(r.tanggal)}", r)

    def _request(self) -> RequestLetter | None:
        data = self.request.currentData()
        text = self.request.currentText().strip()
        if isinstance(data, RequestLetter) and text == self.request.itemText(self.request.currentIndex()):
            return data
        return RequestLetter(text) if text else None

    def current_scope(self) -> Scope:
        area, kind = self.current_kind()
        params = []
        for key, w in self.param_widgets.items():
            value = w.currentData() if isinstance(w, QComboBox) else w.text().strip()  # type: ignore[attr-defined]
            params.append((key, str(value or "")))
        use_period = kind.uses_period
        return Scope(area, kind.key, tuple(sorted(params)),
                     self.date_from.date(self.tr("Tanggal awal")) if use_period else None,
                     self.date_to.date(self.tr("Tanggal akhir")) if use_period else None,
                     self.include_secret.isChecked(), self._request())

    # what it holds ------------------------------------------------------------------------------
    def review(self) -> None:
        try:
            scope = self.current_scope()
            with self.ui.reader() as uow:
                self.plan = service.plan(uow, scope)
        except TatausahaError as exc:
            self.plan = None
            self.summary.setText(str(exc))
            self.items.setRowCount(0)
            return
        self._show_plan(self.plan)

    def _show_plan(self, plan: BundlePlan | None) -> None:
        self.items.setRowCount(0)
        if plan is None:
            self.summary.setText(self.tr("Pilih cakupan, lalu Tinjau cakupan."))
            return
        self.summary.setText(self.tr(
            "<b>%1</b><br>%2 catatan, %3 berkas asli (%4). Catatan rahasia dalam cakupan: %5 — disertakan %6, "
            "tidak disertakan %7 (%8 di luar kewenangan Anda, %9 tidak diminta). Bukti belum tersedia: %10.")
            .replace("%10", str(len(plan.missing))).replace("%1", plan.scope_text).replace("%2", str(plan.records))
            .replace("%3", str(plan.files)).replace("%4", idformat.ukuran(plan.octets))
            .replace("%5", str(plan.secret_total)).replace("%6", str(plan.secret_included))
            .replace("%7", str(len(plan.withheld))).replace("%8", str(plan.withheld_count(service.NOT_ALLOWED)))
            .replace("%9", str(plan.withheld_count(service.NOT_ASKED))))
        shown = plan.items[:5000]
        self.items.setRowCount(len(shown))
        for r, it in enumerate(shown):
            cells = (str(r + 1), it.kind_label, it.nomor, idformat.tanggal_pendek(it.tanggal), it.perihal, it.klasifikasi,
                     KEAMANAN.get(it.keamanan, it.keamanan), str(len(it.files)), "; ".join(it.missing))
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if it.missing:
                    cell.setBackground(QBrush(MISSING_BG))
                self.items.setItem(r, c, cell)
        self.items.resizeColumnsToContents()
        self.items.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    # export -------------------------------------------------------------------------------------
    def export(self) -> None:
        try:
            scope = self.current_scope()
        except TatausahaError as exc:
            self.summary.setText(str(exc))
            return
        bundle_id = service.new_bundle_id()
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan bundel pemeriksa"), f"{bundle_id}.zip",
                                              self.tr("Bundel ZIP (*.zip)"))
        if name:
            path = Path(name)
            self.export_to(path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip"), scope, bundle_id)

    def export_to(self, path: Path, scope: Scope, bundle_id: str | None = None) -> None:
        store = self.ui.store

        def work(uow: Any, progress: Any, cancel: Any) -> BundleResult:
            return service.export_bundle(uow, store, scope, path, progress=progress, cancel=cancel, bundle_id=bundle_id)

        self.ui.write(work, parent=self, progress=self.tr("Mengekspor bundel…"), on_done=self._exported,
                      on_failure=self._failed)

    def _exported(self, result: BundleResult) -> None:
        self.last_result = result
        self.load_history()
        text = (self.tr("Bundel %1 tersimpan di %2.").replace("%1", result.bundle_id).replace("%2", result.path)
                + "\n" + self.tr("%1 catatan, %2 berkas asli; rahasia disertakan %3, tidak disertakan %4; "
                                 "bukti belum tersedia %5.")
                .replace("%1", str(result.records)).replace("%2", str(result.files))
                .replace("%3", str(result.secret_included)).replace("%4", str(result.secret_withheld))
                .replace("%5", str(result.missing))
                + "\n" + self.tr("SHA-256 tagmanifest (tercatat di jejak audit): ") + result.tagmanifest_sha256)
        self.summary.setText(text.replace("\n", "<br>"))
        self.ui.status_message(self.tr("Bundel %1 tersimpan.").replace("%1", result.bundle_id))

    def _failed(self, exc: BaseException) -> None:
        from tatausaha.ui.errors import show_error

        show_error(self, exc)

    # verify -------------------------------------------------------------------------------------
    def verify(self) -> None:
        start = self.last_result.path if self.last_result else ""
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Periksa bundel"), start, self.tr("Bundel ZIP (*.zip)"))
        if name:
            self.verify_path(Path(name))

    def verify_path(self, path: Path) -> None:
        from tatausaha.bundles.verify import verify_bundle

        def work() -> Any:
            return verify_bundle(path, key=self.ui.app.db.audit_seal.key if self.ui.app.db.audit_seal else None)

        self.ui.op(work, parent=self).plain().on_success(self._verified).on_failure(self._failed) \
            .with_progress(self.tr("Memeriksa bundel…"), cancellable=False).run()

    def _verified(self, report: Any) -> None:
        self.last_report = report
        ident = report.bag_info.get("External-Identifier", "")
        box = QMessageBox(self)
        box.setObjectName("bundle_verify_result")
        box.setWindowTitle(self.tr("Hasil pemeriksaan bundel"))
        if report.ok:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(self.tr("UTUH: bundel %1 — %2 berkas cocok dengan manifest SHA-256 dan SHA-512; jejak audit "
                                "%3 baris bersambung.").replace("%1", ident).replace("%2", str(report.payload_files))
                        .replace("%3", str(report.audit_rows)))
        else:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(self.tr("TIDAK UTUH: bundel %1 — %2 masalah.").replace("%1", ident)
                        .replace("%2", str(len(report.problems))))
            box.setInformativeText("\n".join(p.message for p in report.problems[:20]))
        known = next((h for h in self._history if h.tagmanifest_sha256 == report.tagmanifest_sha256), None) \
            if report.tagmanifest_sha256 else None
        if known is not None:
            box.setInformativeText((box.informativeText() + "\n\n" if box.informativeText() else "")
                                   + self.tr("Bundel ini tercatat diserahkan: %1 oleh %2.")
                                   .replace("%1", f"{known.when:%d-%m-%Y %H:%M}").replace("%2", known.by))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()

    # history ------------------------------------------------------------------------------------
    def load_history(self) -> None:
        with self.ui.reader() as uow:
            self._history = service.history(uow)
        self.history.setRowCount(len(self._history))
        for r, h in enumerate(self._history):
            cells = (f"{h.when:%d-%m-%Y %H:%M}" if h.when else "", h.bundle_id, h.by, h.file, h.scope_text, h.request,
                     str(h.records), h.tagmanifest_sha256)
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.history.setItem(r, c, cell)
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def refresh(self) -> None:
        self._fill_requests()
        self.load_history()
        if self.plan is not None:
            self.review()


def create_page(ctx: Any) -> QWidget:
    if not ctx.actor.can(Permission.EXPORT):
        label = QLabel(QCoreApplication.translate("BundlePage", "Bundel pemeriksa hanya dapat dibuat oleh pengguna yang "
                                                                "berhak mengekspor data."))
        label.setWordWrap(True)
        return label
    return BundlePage(ctx)
