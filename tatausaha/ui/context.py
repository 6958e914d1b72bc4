"""What every page gets: the core AppContext, the logged-in actor, the task runner, the change hub."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from tatausaha.context import AppContext
from tatausaha.services.auth import Actor
from tatausaha.services.uow import UnitOfWork
from tatausaha.ui.tasks import BackgroundOp, TaskRunner


class ChangeHub(QObject):
    #: emitted with a ``tatausaha.changes.Changes`` after any background mutation
    changes_applied = Signal(object)
    #: ask the main window to show a page: (page key, optional record id)
    open_requested = Signal(str, object)


class UiContext:
    def __init__(self, app: AppContext, actor: Actor, runner: TaskRunner | None = None) -> None:
        self.app = app
        self.actor = actor
        self.runner = runner or TaskRunner()
        self.hub = ChangeHub()
        #: the scan-folder watcher (``tatausaha.ui.ingest.controller.IngestController``) when running
        self.ingest: Any = None
        self._status: Callable[[str], None] = lambda _m: None

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
        return BackgroundOp(self, fn, parent=parent)

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
