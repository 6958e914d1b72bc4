"""What every page gets: the core AppContext, the logged-in actor, the task runner, the change hub."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal

from tatausaha.changes import Changes, Result
from tatausaha.context import AppContext
from tatausaha.services.auth import Actor
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.ui.tasks import BackgroundOp, TaskRunner


class ChangeHub(QObject):
    #: emitted with a ``tatausaha.changes.Changes`` after any background mutation
    changes_applied = Signal(object)
    #: ask the main window to show a page: (page key, optional record id)
    open_requested = Signal(str, object)
    #: the live feed from the server is up (True) or down (False); never emitted under SQLite
    live_state = Signal(bool)
    # from the live feed's thread; delivered queued in the GUI thread
    _heard = Signal(object)
    _state = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._heard.connect(self._relay, Qt.ConnectionType.QueuedConnection)
        self._state.connect(self.live_state, Qt.ConnectionType.QueuedConnection)

    def _relay(self, changes: Changes) -> None:
        # another workstation's commit: the same change set the window's own writes announce
        self.changes_applied.emit(changes)


class UiContext:
    def __init__(self, app: AppContext, actor: Actor, runner: TaskRunner | None = None) -> None:
        self.app = app
        self.actor = actor
        self.runner = runner or TaskRunner()
        self.hub = ChangeHub()
        #: the scan-folder watcher (``tatausaha.ui.ingest.controller.IngestController``) when running
        self.ingest: Any = None
        self._status: Callable[[str], None] = lambda _m: None
        #: the live feed (``tatausaha.services.live.LiveFeed``) once ``start_live`` ran
        self.live: Any = None
        self._locks: Any = None

    # Several workstations ---------------------------------------------------------
    def start_live(self) -> None:
        """Hear other workstations' commits on ``hub.changes_applied`` (a no-op under SQLite)."""
        from tatausaha.services.live import LiveFeed

        if self.live is None:
            self.live = LiveFeed(self.app.db, self.hub._heard.emit, username=self.actor.username,
                                 on_state=self.hub._state.emit)
        self.live.start()

    @property
    def locks(self) -> Any:
        """This session's short edit locks (``tatausaha.services.editlock.EditLocks``)."""
        if self._locks is None:
            from tatausaha.services.editlock import EditLocks

            self._locks = EditLocks(self.app.db, self.actor.username)
        return self._locks

    def close(self) -> None:
        """End the session's connections: the live feed and the edit locks (others see them freed)."""
        if self.live is not None:
            self.live.stop()
            self.live = None
        if self._locks is not None:
            self._locks.close()
            self._locks = None

    # Core access -----------------------------------------------------------------
    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.app.store

    @property
    def paths(self):  # type: ignore[no-untyped-def]
        return self.app.paths

    def uow(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self.app.db, self.actor, write=write)

    def reader(self) -> UnitOfWork:
        return UnitOfWork(self.app.db, self.actor, write=False)

    # UI helpers ------------------------------------------------------------------
    def op(self, fn: Callable[..., Any], parent: Any = None) -> BackgroundOp:
        """Background work that does not write (reads, building a PDF, exports without audit)."""
        return BackgroundOp(self, fn, parent=parent)

    def write(
        self,
        fn: Callable[..., Any],
        *,
        parent: Any = None,
        on_done: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        progress: str | None = None,
        commit_if: Callable[[Any], bool] | None = None,
    ) -> BackgroundOp:
        """THE write path of the window: ``fn(uow)`` — or ``fn(uow, progress, cancel)`` when a
        ``progress`` label is given — runs on the one write thread inside ``services.uow.perform``
        (one unit of work, committed unless ``commit_if`` says no); then every open page hears the
        change set on ``hub.changes_applied`` and ``on_done`` gets the command's value. Errors go to
        ``on_failure`` or the error dialog. Pages never commit, never emit change sets themselves."""

        def work(prog: Any, cancel: Any) -> Result[Any]:
            call = (lambda uow: fn(uow, prog, cancel)) if progress is not None else fn
            return perform(self.app.db, self.actor, call, commit_if=commit_if)

        def done(result: Result[Any]) -> None:
            if result.changes:
                self.hub.changes_applied.emit(result.changes)
            if on_done is not None:
                on_done(result.value)

        op = BackgroundOp(self, work, parent=parent).writes().on_success(done)
        if on_failure is not None:
            op.on_failure(on_failure)
        if progress is not None:
            op.with_progress(progress)
        op.run()
        return op

    def write_now(self, fn: Callable[[UnitOfWork], Any]) -> Any:
        """The same write path, on the UI thread, for master-data edits that take milliseconds (a
        settings row): ``perform`` commits, the change set is broadcast, the value returned; a
        refusal (``TatausahaError``) reaches the caller with nothing written."""
        result = perform(self.app.db, self.actor, fn)
        if result.changes:
            self.hub.changes_applied.emit(result.changes)
        return result.value

    def status_message(self, text: str) -> None:
        self._status(text)

    def set_status_sink(self, fn: Callable[[str], None]) -> None:
        self._status = fn

    @staticmethod
    def settings() -> QSettings:
        """Settings of this PC, shared by everyone who logs in on it."""
        return QSettings()

    def user_settings(self) -> QSettings:
        """Settings of the logged-in person on this PC (window state, last and start page, …)."""
        s = QSettings()
        s.beginGroup(f"pengguna/{self.actor.username}")
        return s
