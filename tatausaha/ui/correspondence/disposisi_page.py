""""Disposisi untuk saya": the inbox (overdue first, in red), what I gave, and the office's late ones."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QTabBar,
    QTableView,
    QToolBar,
    QWidget,
)

from tatausaha.changes import Changes
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import letters
from tatausaha.errors import TatausahaError
from tatausaha.services.auth import Permission
from tatausaha.ui.correspondence.common import open_dialog, page_layout, toolbar_action
from tatausaha.ui.correspondence.forms import DisposisiDialog, NoteDialog
from tatausaha.ui.correspondence.history import LetterHistoryView
from tatausaha.ui.errors import show_error
from tatausaha.ui.itemmodels.letters import INBOX_SQUEEZE, INBOX_STRETCH, INBOX_WIDTHS, InboxModel
from tatausaha.ui.widgets.tables import ColumnFitter

TABS = ("untuk_saya", "saya_berikan", "terlambat")


class DisposisiPage(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        self.model = InboxModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.history = LetterHistoryView()
        self.tabs = QTabBar()
        self.tabs.addTab(self.tr("Untuk saya"))
        self.tabs.addTab(self.tr("Yang saya berikan"))
        if ui.actor.can(Permission.DISPOSE):
            self.tabs.addTab(self.tr("Terlambat (semua)"))
        self.tabs.currentChanged.connect(lambda _i: self.reload())
        self.show_done = QCheckBox(self.tr("Tampilkan yang selesai"))
        self.show_done.toggled.connect(lambda _b: self.reload())
        self.summary = QLabel("")
        self.summary.setWordWrap(True)

        tb = QToolBar()
        self.act_forward = toolbar_action(self, tb, self.tr("Teruskan…"), self.forward, QKeySequence("Ctrl+D"))
        self.act_follow = toolbar_action(self, tb, self.tr("Catat tindak lanjut…"), self.follow_up, QKeySequence("Ctrl+T"))
        self.act_done = toolbar_action(self, tb, self.tr("Selesai"), self.mark_done, QKeySequence("Ctrl+Return"))
        self.act_open = toolbar_action(self, tb, self.tr("Buka surat"), self.open_letter, QKeySequence("Ctrl+O"))
        self.act_forward.setEnabled(ui.actor.can(Permission.DISPOSE))
        self.act_follow.setEnabled(ui.actor.can(Permission.WRITE))
        self.act_done.setEnabled(ui.actor.can(Permission.WRITE))

        top = QHBoxLayout()
        top.addWidget(self.tabs)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addWidget(self.show_done)
        page_layout(self, tb, top, self.view, self.history, [920, 360])
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.doubleClicked.connect(lambda _i: self.open_letter())
        ui.hub.changes_applied.connect(self._on_changes)
        self.reload()
        # Batas Waktu, Agenda, Dari, Kepada, Perihal, Status stay in view at 1366 px; Perihal is elided
        self.columns = ColumnFitter(self.view, INBOX_WIDTHS, INBOX_STRETCH, INBOX_SQUEEZE)

    @property
    def tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def reload(self) -> None:
        cur = self.current()
        keep = cur.disposisi_id if cur is not None else None
        try:
            with self.ui.reader() as uow:
                if self.tab == "untuk_saya":
                    items = dsp.inbox(uow, include_done=self.show_done.isChecked())
                elif self.tab == "saya_berikan":
                    items = dsp.sent(uow, include_done=self.show_done.isChecked())
                else:
                    items = dsp.overdue(uow)
                counts = dsp.counts(uow)
        except TatausahaError as exc:
            show_error(self, exc)
            return
        self.model.set_items(items)
        self.summary.setText(
            self.tr("%1 belum selesai untuk saya · %2 belum dibaca · %3 terlambat")
            .replace("%1", str(counts.disposisi_untuk_saya)).replace("%2", str(counts.disposisi_belum_dibaca))
            .replace("%3", str(counts.disposisi_terlambat_saya))
        )
        if keep is not None:
            for row, it in enumerate(self.model.items):
                if it.disposisi_id == keep:
                    self.view.selectRow(row)
                    break

    def current(self) -> dsp.InboxItem | None:
        idx = self.view.currentIndex() if hasattr(self, "view") else None
        return self.model.item(idx.row()) if idx is not None and idx.isValid() else None

    def select_disposisi(self, disposisi_id: int) -> bool:
        for row, it in enumerate(self.model.items):
            if it.disposisi_id == disposisi_id:
                self.view.selectRow(row)
                return True
        return False

    def open_record(self, record_id: object) -> None:
        self.select_disposisi(int(record_id))  # type: ignore[call-overload]

    def _row_changed(self, cur: Any, _prev: Any) -> None:
        it = self.model.item(cur.row()) if cur.isValid() else None
        if it is None:
            self.history.clear()
            return
        try:
            with self.ui.reader() as uow:
                d = letters.get_masuk(uow, it.surat_masuk_id)
        except TatausahaError as exc:
            self.history.show_message(str(exc))
            return
        self.history.set_detail(d)
        if it.status == "belum_dibaca" and self.tab == "untuk_saya" and self.ui.actor.can(Permission.READ):
            did = it.disposisi_id

            self.ui.write(lambda uow: dsp.mark_read(uow, did), parent=self, on_failure=lambda _e: None)

    def _on_changes(self, changes: Changes) -> None:
        if changes.affects("disposisi") or changes.affects("surat_masuk"):
            self.reload()

    # actions ------------------------------------------------------------------------
    def forward(self) -> DisposisiDialog | None:
        it = self.current()
        if it is None:
            return None
        parent_id = it.disposisi_id if self.tab == "untuk_saya" else None
        return open_dialog(self, lambda: DisposisiDialog(self.ui, it.surat_masuk_id, self, parent_disposisi_id=parent_id))

    def follow_up(self, note: str | None = None) -> None:
        it = self.current()
        if it is None:
            return
        if note is None:
            dlg = NoteDialog(self.tr("Tindak lanjut"), self.tr("Apa yang sudah dilakukan?"), self)
            if not dlg.exec():
                return
            note = dlg.text.toPlainText()
        did, text = it.disposisi_id, note

        self.ui.write(lambda uow: dsp.follow_up(uow, did, text), parent=self)

    def mark_done(self) -> None:
        it = self.current()
        if it is None:
            return
        did = it.disposisi_id

        self.ui.write(lambda uow: dsp.mark_done(uow, did), parent=self,
                      on_done=lambda _c: self.ui.status_message(self.tr("Disposisi ditandai selesai.")))

    def open_letter(self) -> None:
        it = self.current()
        if it is not None:
            self.ui.hub.open_requested.emit("surat_masuk", it.surat_masuk_id)


def create_page(ctx: Any) -> QWidget:
    return DisposisiPage(ctx)
