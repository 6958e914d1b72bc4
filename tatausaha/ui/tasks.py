"""Background work for the UI: jobs run on worker threads, results come back as queued signals.

``BackgroundOp(ui, fn)`` runs ``fn(progress, cancel)`` (or ``fn()`` with ``.plain()``) on a pool:
reads on a shared pool, writes on a one-thread pool so mutations are serialised. A progress dialog
appears only when a job takes longer than half a second; its Cancel sets the job's CancelToken.
Writes go through ``UiContext.write`` (which builds a write op around ``services.uow.perform``
and broadcasts its change set); an op never emits change sets itself.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from tatausaha.errors import JobCancelled
from tatausaha.jobs import CallbackProgress, CancelToken


class WorkerSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)


class Worker(QRunnable):
    def __init__(self, fn: Callable[[CallbackProgress, CancelToken], Any], token: CancelToken) -> None:
        super().__init__()
        self.fn = fn
        self.token = token
        self.signals = WorkerSignals()  # created in the GUI thread: emissions arrive queued there
        self.setAutoDelete(True)

    def run(self) -> None:
        progress = CallbackProgress(lambda d, t, label: self.signals.progress.emit(d, t, label))
        try:
            result = self.fn(progress, self.token)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the GUI thread
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    running_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._tokens: set[CancelToken] = set()
        self._running = 0
        self._keep: set[Worker] = set()

    @property
    def running(self) -> int:
        return self._running

    def start(self, worker: Worker, *, write: bool) -> None:
        self._tokens.add(worker.token)
        self._running += 1
        self._keep.add(worker)
        self.running_changed.emit(self._running)

        def done(*_: object) -> None:
            self._tokens.discard(worker.token)
            self._keep.discard(worker)
            self._running -= 1
            self.running_changed.emit(self._running)

        worker.signals.finished.connect(done)
        worker.signals.failed.connect(done)
        (self.write_pool if write else self.read_pool).start(worker)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        for t in list(self._tokens):
            t.cancel()
        self.read_pool.waitForDone(timeout_ms)
        self.write_pool.waitForDone(timeout_ms)


class BackgroundOp:
    """Fluent builder, shaped like Anki's CollectionOp: ``.on_success(cb).with_progress(label).run()``."""

    def __init__(self, ui: Any, fn: Callable[..., Any], *, parent: QWidget | None = None) -> None:
        self.ui = ui
        self.fn = fn
        self.parent = parent
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._label: str | None = None
        self._cancellable = True
        self._write = False
        self._plain = False
        self.token = CancelToken()

    def plain(self) -> BackgroundOp:
        """``fn`` takes no (progress, cancel) arguments."""
        self._plain = True
        return self

    def writes(self) -> BackgroundOp:
        self._write = True
        return self

    def on_success(self, cb: Callable[[Any], None]) -> BackgroundOp:
        self._success = cb
        return self

    def on_failure(self, cb: Callable[[BaseException], None]) -> BackgroundOp:
        self._failure = cb
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> BackgroundOp:
        self._label = label
        self._cancellable = cancellable
        return self

    def run(self) -> Worker:
        fn = (lambda _p, _c: self.fn()) if self._plain else self.fn
        worker = Worker(fn, self.token)
        dialog: QProgressDialog | None = None
        timer: QTimer | None = None
        if self._label is not None:
            dialog = QProgressDialog(self._label, "Batal" if self._cancellable else "", 0, 0, self.parent)
            dialog.setWindowTitle("Sedang bekerja")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            # Qt's own "show after minimumDuration" timer is left at the same half second as ours;
            # at 0 it fired on the next loop turn (no delay) and, when the job had already finished
            # and a modal preview was running, showed the dialog over that preview for good.
            dialog.setMinimumDuration(500)
            if not self._cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(self.token.cancel)
            dialog.hide()
            timer = QTimer(dialog)
            timer.setSingleShot(True)
            timer.timeout.connect(dialog.show)
            timer.start(500)

            def on_progress(done: int, total: int, label: str) -> None:
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(done, total) if total else 0)
                if label:
                    dialog.setLabelText(label)

            worker.signals.progress.connect(on_progress)

        def close_dialog() -> None:
            if timer is not None:
                timer.stop()
            if dialog is not None:
                dialog.reset()  # stops Qt's internal show timer too; hide() alone leaves it armed
                dialog.hide()
                dialog.deleteLater()

        def finished(result: Any) -> None:
            close_dialog()
            if self._success is not None:
                self._success(result)

        def failed(exc: BaseException, tb: str) -> None:
            close_dialog()
            if isinstance(exc, JobCancelled):
                self.ui.status_message("Dibatalkan.")
                return
            if self._failure is not None:
                self._failure(exc)
            else:
                from tatausaha.ui.errors import show_error

                show_error(self.parent, exc, tb)

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(failed)
        self.ui.runner.start(worker, write=self._write)
        return worker
