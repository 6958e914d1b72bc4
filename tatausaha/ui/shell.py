"""One desk, many people: log in → main window → "Keluar / Ganti pengguna" → log in again.

``AppShell`` owns the session cycle. Logging out closes the previous user's window together with
every window and dialog it opened, stops that session's background work (task runner, scan
watcher) and shows the log-in dialog again; the application quits only when the log-in is cancelled
or the window is closed with "Keluar".
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from tatausaha.context import AppContext
from tatausaha.services.auth import Actor
from tatausaha.ui.context import UiContext
from tatausaha.ui.login import LoginDialog


class AppShell(QObject):
    #: a new main window is up (after each log-in)
    session_started = Signal(object)
    #: the application should end with this exit code (log-in cancelled, window closed)
    finished = Signal(int)

    def __init__(self, app: AppContext, *, watch: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.watch = watch
        self.login: LoginDialog | None = None
        self.window: QWidget | None = None
        self.ui: UiContext | None = None
        self._switching = False
        self.sessions = 0

    def start(self) -> LoginDialog:
        return self._show_login()

    def _show_login(self) -> LoginDialog:
        # a shared PC: the next person types their own name (nothing of the previous user is kept)
        dlg = LoginDialog(self.app)
        dlg.setObjectName("login_dialog")
        dlg.accepted.connect(lambda: self._on_logged_in(dlg))
        dlg.rejected.connect(lambda: self._end(1))
        self.login = dlg
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        return dlg

    def _on_logged_in(self, dlg: LoginDialog) -> None:
        actor = dlg.actor
        dlg.deleteLater()
        self.login = None
        if actor is None:
            self._end(1)
            return
        self.begin_session(actor)

    def begin_session(self, actor: Actor) -> QWidget:
        from tatausaha.ui.mainwindow import MainWindow

        ui = UiContext(self.app, actor)
        ui.start_live()  # other workstations' changes reach the open pages (nothing under SQLite)
        if self.watch:
            # The scan folders are watched in the background for as long as someone is logged in.
            from tatausaha.ui.ingest.controller import IngestController

            ui.ingest = IngestController(ui)
            ui.ingest.start()
        window = MainWindow(ui)
        window.logout_requested.connect(self.logout)
        window.closed.connect(self._on_window_closed)
        self.ui, self.window = ui, window
        self.sessions += 1
        window.show()
        self.session_started.emit(window)
        return window

    def logout(self) -> None:
        """Close everything of the current user and ask who is next."""
        if self.window is None:
            return
        self._switching = True
        self.window.close()

    def _on_window_closed(self) -> None:
        window, ui = self.window, self.ui
        self.window = self.ui = None
        if ui is not None and ui.ingest is not None:
            ui.ingest.stop()
        if ui is not None:
            ui.close()
        if window is not None:
            # Windows and dialogs the session opened without a parent go too.
            for w in QApplication.topLevelWidgets():
                if w is not window and w.isVisible() and _belongs_to(w, window):
                    w.close()
            window.deleteLater()
        if self._switching:
            self._switching = False
            self._show_login()
        else:
            self._end(0)

    def _end(self, code: int) -> None:
        self.finished.emit(code)


def _belongs_to(widget: QWidget, window: QWidget) -> bool:
    p = widget.parentWidget()
    while p is not None:
        if p is window:
            return True
        p = p.parentWidget()
    return False
