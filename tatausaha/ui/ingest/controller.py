"""``IngestController``: runs the Qt-free ``IngestService`` in the background, re-emits its events
as Qt signals in the GUI thread (for the status bar and the Kotak Pindai page).

The main window creates one per session::

    ctl = IngestController(ui_ctx)
    ctl.start()                       # non-blocking; recovery and the first scan run off the GUI thread
    ctl.counts_changed.connect(...)   # IngestCounts
    ctl.status_text()                 # "Pindai: 3 diproses, 2 menunggu, 1 gagal" for the status bar
    ...
    ctl.stop()                        # on close
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from tatausaha.ingest.service import IngestCounts, IngestEvent, IngestService, require_watch_control
from tatausaha.services.auth import SYSTEM, Actor


def tr(text: str) -> str:
    return QCoreApplication.translate("Ingest", text)


class IngestController(QObject):
    counts_changed = Signal(object)  # IngestCounts
    item_settled = Signal(object)  # IngestEvent (filed / review / duplicate / quarantined / split / error)
    running_changed = Signal(bool)
    #: on a server: who watches the scan folders when it is another PC (``user@PC``), None when nobody else
    watched_elsewhere = Signal(object)
    _event = Signal(object)  # from worker threads; delivered queued in the GUI thread
    _holder = Signal(object)

    def __init__(self, ui_ctx: Any, service: IngestService | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ui_ctx = ui_ctx
        self._service = service
        self._event.connect(self._on_event)
        self._counts = IngestCounts()
        self._starting: threading.Thread | None = None
        self._lease: Any = None
        self._by: Actor | None = None
        #: ``user@PC`` watching the folders on another workstation (one watcher per office), else None
        self.elsewhere: str | None = None
        self._holder.connect(self._on_holder)

    @property
    def service(self) -> IngestService:
        if self._service is None:
            # automatic filing is the system's act (audit: "sistem"), whoever is logged in — an
            # auditor's session must not make the watcher fail on permission checks
            self._service = IngestService(self.ui_ctx.app, actor=SYSTEM)
        return self._service

    @property
    def counts(self) -> IngestCounts:
        return self._counts

    @property
    def running(self) -> bool:
        return self._service is not None and self._service.running

    def start(self, by: Actor | None = None) -> None:
        """Start watching in the background. ``by``: the person who clicked (refused for read-only roles)."""
        if by is not None:
            require_watch_control(by)
        if self._lease is not None:
            return
        from tatausaha.services.editlock import WatchLease

        # one watcher per office: this PC watches once it holds the watcher lock (at once under SQLite);
        # otherwise it shows who watches and takes over when that PC goes away
        self._by = by
        self._lease = WatchLease(self.ui_ctx.app.db, self.ui_ctx.actor.username, on_acquired=self._begin,
                                 on_lost=self._lost, on_holder=self._holder.emit)
        self._lease.start()

    def _begin(self) -> None:
        svc = self.service
        if svc.running or (self._starting is not None and self._starting.is_alive()):
            return
        by, self._by = self._by, None
        self._holder.emit(None)
        svc.add_listener(self._event.emit)
        self._starting = threading.Thread(target=lambda: svc.start(by=by), name="ingest-start", daemon=True)
        self._starting.start()

    def _lost(self) -> None:
        if self._service is not None:
            if self._starting is not None:
                self._starting.join(30)
            self._service.stop()

    def _on_holder(self, holder: str | None) -> None:
        self.elsewhere = holder
        self.watched_elsewhere.emit(holder)
        self.counts_changed.emit(self._counts)

    def stop(self, by: Actor | None = None) -> None:
        """Stop watching. ``by``: the person who clicked (refused for read-only roles); None on log-out/exit."""
        if by is not None:
            require_watch_control(by)
        if self._lease is not None:
            self._lease.stop()
            self._lease = None
        self.elsewhere = None
        if self._service is None:
            return
        if self._starting is not None:
            self._starting.join(30)
        self._service.stop(by=by)
        self._service.remove_listener(self._event.emit)
        self.running_changed.emit(False)

    def status_text(self) -> str:
        c = self._counts
        if not c.running and self.elsewhere:
            return tr("Pindai: diawasi oleh {who}").format(who=self.elsewhere)
        if not c.running:
            return tr("Pindai: tidak diawasi")
        parts = [tr("Pindai:")]
        busy = c.pending + c.ocr_pending
        parts.append(tr("{n} diproses").format(n=busy) if busy else tr("siaga"))
        if c.review:
            parts.append(tr("{n} menunggu").format(n=c.review))
        if c.failed or c.retrying:
            parts.append(tr("{n} gagal/diulang").format(n=c.failed + c.retrying))
        return " ".join(parts[:2]) + (", " + ", ".join(parts[2:]) if len(parts) > 2 else "")

    def _on_event(self, event: IngestEvent) -> None:
        self._counts = event.counts
        if event.kind in ("started", "stopped"):
            self.running_changed.emit(event.kind == "started")
        elif event.kind not in ("counts",):
            self.item_settled.emit(event)
        self.counts_changed.emit(event.counts)
