"""Correspondence's section of the Beranda (registered through ``tatausaha.ui.registry``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.correspondence import approval, letters
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence.kinds import DISPOSISI, SURAT_KELUAR, SURAT_MASUK
from tatausaha.correspondence.letters import LetterFilter
from tatausaha.errors import TatausahaError
from tatausaha.services.auth import Permission
from tatausaha.ui.widgets.card import Card, card_grid


class CorrespondenceBeranda(QWidget):
    """Correspondence on the Beranda: today's letters, dispositions for me, overdue, the pimpinan's
    queues — and the lists behind the figures. Declared in ``ui/correspondence/area.py``."""

    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        self.problem = QLabel("")  # a refused read says so here (never a crash)
        self.problem.setWordWrap(True)
        self.problem.hide()
        open_masuk = lambda: ui.hub.open_requested.emit(SURAT_MASUK, None)  # noqa: E731
        open_disp = lambda: ui.hub.open_requested.emit(DISPOSISI, None)  # noqa: E731
        open_keluar = lambda: ui.hub.open_requested.emit(SURAT_KELUAR, None)  # noqa: E731
        self.c_masuk = Card(self.tr("Surat masuk hari ini"), "#1565c0", open_masuk)
        self.c_keluar = Card(self.tr("Surat keluar hari ini"), "#2e7d32", open_keluar)
        self.c_mine = Card(self.tr("Disposisi untuk saya"), "#6a1b9a", open_disp)
        self.c_unread = Card(self.tr("Belum dibaca"), "#ef6c00", open_disp)
        self.c_late = Card(self.tr("Disposisi terlambat"), "#b3261e", open_disp)
        self.c_drafts = Card(self.tr("Konsep surat keluar"), "#546e7a", open_keluar)
        cards = [self.c_masuk, self.c_keluar, self.c_mine, self.c_unread, self.c_late, self.c_drafts]
        # the pimpinan's queues (SRIKANDI's dashboard): what waits for my paraf, my signature, my disposition
        self.leader = ui.actor.can(Permission.DISPOSE)
        self.c_paraf = Card(self.tr("Menunggu paraf"), "#00838f", lambda: self._show_queue(1))
        self.c_ttd = Card(self.tr("Menunggu tanda tangan"), "#ad1457", lambda: self._show_queue(1))
        self.c_belum = Card(self.tr("Surat belum didisposisi"), "#4e342e", lambda: self._show_queue(2))
        for c, name in ((self.c_paraf, "card_paraf"), (self.c_ttd, "card_ttd"), (self.c_belum, "card_belum")):
            c.setObjectName(name)
        if self.leader:
            cards += [self.c_paraf, self.c_ttd, self.c_belum]
        grid = card_grid(cards)
        self.inbox = QListWidget()
        self.inbox.itemActivated.connect(self._open_disposisi)
        self.today = QListWidget()
        self.today.itemActivated.connect(self._open_letter)
        self.approvals = QListWidget()
        self.approvals.setObjectName("queue_approval")
        self.approvals.itemActivated.connect(self._open_keluar)
        self.not_disposed = QListWidget()
        self.not_disposed.setObjectName("queue_not_disposed")
        self.not_disposed.itemActivated.connect(self._open_letter)
        self.queues = QTabWidget()
        self.queues.addTab(self.today, self.tr("Surat masuk hari ini"))
        if self.leader:
            self.queues.addTab(self.approvals, self.tr("Menunggu paraf / tanda tangan saya"))
            self.queues.addTab(self.not_disposed, self.tr("Surat belum didisposisi"))
        # the lists take the height the page has left; at least five rows each (below that the
        # Beranda scrolls), so the first lines are on screen with the figures above them
        for view in (self.inbox, self.today, self.approvals, self.not_disposed):
            view.setMinimumHeight(5 * view.fontMetrics().lineSpacing() + 2 * view.frameWidth() + 6)
        lists = QHBoxLayout()
        box = QVBoxLayout()
        head = QLabel(f"<b>{self.tr('Disposisi untuk saya (terlambat di atas)')}</b>")
        head.setWordWrap(True)
        box.addWidget(head)
        box.addWidget(self.inbox)
        lists.addLayout(box)
        lists.addWidget(self.queues)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.problem)
        lay.addLayout(grid)
        lay.addLayout(lists, 1)

    def refresh(self) -> None:
        today = clock.today()
        try:
            with self.ui.reader() as uow:
                c = dsp.counts(uow, today)
                items = dsp.inbox(uow, limit=50)
                todays = letters.list_masuk(uow, LetterFilter(date_from=today, date_to=today), sort="agenda",
                                            descending=True, limit=50)
                if self.leader:
                    q = approval.counts(uow)
                    waiting = ([(self.tr("Paraf"), r) for r in approval.waiting_for_me(uow, "paraf", limit=50)]
                               + [(self.tr("Tanda tangan"), r) for r in approval.waiting_for_me(uow, "ttd", limit=50)])
                    belum = letters.list_masuk(uow, LetterFilter(status="terdaftar"), sort="tanggal", descending=False,
                                               limit=50)
        except TatausahaError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.hide()
        self.c_masuk.set(c.surat_masuk_hari_ini)
        self.c_keluar.set(c.surat_keluar_hari_ini)
        self.c_mine.set(c.disposisi_untuk_saya)
        self.c_unread.set(c.disposisi_belum_dibaca)
        self.c_late.set(c.disposisi_terlambat_semua if self.ui.actor.can(Permission.DISPOSE) else c.disposisi_terlambat_saya)
        self.c_drafts.set(c.konsep_surat_keluar)
        self.inbox.clear()
        for it in items:
            due = f" · batas {it.batas_waktu:%d-%m-%Y}" if it.batas_waktu else ""
            li = QListWidgetItem(f"{'⚠ ' if it.overdue else ''}{it.perihal} — {it.dari}{due}")
            li.setData(Qt.ItemDataRole.UserRole, it.disposisi_id)
            if it.overdue:
                li.setForeground(Qt.GlobalColor.darkRed)
            self.inbox.addItem(li)
        if not items:  # say so, rather than an empty white box
            empty = QListWidgetItem(self.tr("Tidak ada disposisi untuk Anda."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.inbox.addItem(empty)
        self.today.clear()
        for r in todays:
            li = QListWidgetItem(f"{r.agenda}  {r.pihak} — {r.perihal}")
            li.setData(Qt.ItemDataRole.UserRole, r.id)
            self.today.addItem(li)
        if self.leader:
            self.c_paraf.set(q.menunggu_paraf)
            self.c_ttd.set(q.menunggu_ttd)
            self.c_belum.set(q.belum_didisposisi)
            self.approvals.clear()
            for what, r in waiting:
                li = QListWidgetItem(f"{what}: {r.perihal} — {r.pihak}")
                li.setData(Qt.ItemDataRole.UserRole, r.id)
                self.approvals.addItem(li)
            self.not_disposed.clear()
            for r in belum:
                li = QListWidgetItem(f"{r.agenda}  {r.pihak} — {r.perihal}")
                li.setData(Qt.ItemDataRole.UserRole, r.id)
                self.not_disposed.addItem(li)

    def _open_disposisi(self, item: QListWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole) is not None:
            self.ui.hub.open_requested.emit(DISPOSISI, item.data(Qt.ItemDataRole.UserRole))

    def _show_queue(self, index: int) -> None:
        self.queues.setCurrentIndex(index)
        self.queues.currentWidget().setFocus()

    def _open_keluar(self, item: QListWidgetItem) -> None:
        self.ui.hub.open_requested.emit(SURAT_KELUAR, item.data(Qt.ItemDataRole.UserRole))

    def _open_letter(self, item: QListWidgetItem) -> None:
        self.ui.hub.open_requested.emit(SURAT_MASUK, item.data(Qt.ItemDataRole.UserRole))

    def affected_by(self, changes: Changes) -> bool:
        return any(changes.affects(k) for k in (SURAT_MASUK, DISPOSISI, SURAT_KELUAR))
