"""One workstation of the several-workstations tests: a real app process (Qt offscreen) driven over
stdin/stdout with one JSON object per line. Run by ``tests/test_live_postgres.py``; not a test itself.

    python tests/liveapp.py USERNAME PASSWORD      (TATAUSAHA_DATABASE_URL / TATAUSAHA_HOME set)

It logs in with the real check, builds the window's context (``UiContext``) with its live feed and
edit locks, and prints every change set the window's pages would refresh from::

    {"event": "changes", "kinds": {"disposisi": [3]}, "everything": false, "t": <epoch seconds>}

Commands (stdin) open and drive the real dialogs — typing into their fields, clicking their buttons
— and report what the user would see (saved, or the error box's text and what the field still holds).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget  # noqa: E402

from tatausaha.context import AppContext  # noqa: E402
from tatausaha.services import accounts  # noqa: E402

_out_lock = threading.Lock()


def say(**data: Any) -> None:
    with _out_lock:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()


class Commands(QObject):
    got = Signal(object)


class Station:
    def __init__(self, ctx: AppContext, username: str, password: str) -> None:
        from tatausaha.ui.context import UiContext

        self.ctx = ctx
        self.ui = UiContext(ctx, accounts.login(ctx.db, username, password))
        self.ui.hub.changes_applied.connect(self._heard)
        self.ui.hub.live_state.connect(lambda up: say(event="live", up=bool(up)))
        self.dialogs: dict[str, Any] = {}
        self.window = QWidget()  # the parent the pages would be (error boxes belong to it)
        self.window.show()
        self.ui.start_live()

    def _heard(self, changes: Any) -> None:
        say(event="changes", kinds={k: sorted(v) for k, v in changes.touched.items()},
            everything=changes.everything, t=time.time())

    # -- helpers --------------------------------------------------------------------------------
    def _error_text(self) -> str | None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                text = w.text()
                w.close()
                return text
        return None

    def _wait(self, cond: Any, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            QApplication.processEvents()
            if cond():
                return True
            time.sleep(0.01)
        return False

    def _click_save(self, dlg: Any) -> None:
        box = dlg.findChild(QDialogButtonBox)
        button = box.buttons()[0]
        for b in box.buttons():
            if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole:
                button = b
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    # -- commands ---------------------------------------------------------------------------------
    def open_masuk(self, cmd: dict[str, Any]) -> None:
        from tatausaha.ui.correspondence.forms import SuratMasukDialog

        dlg = SuratMasukDialog(self.ui, letter_id=int(cmd["id"]))
        dlg.show()
        self.dialogs["masuk"] = dlg
        say(event="opened", what="masuk", perihal=dlg.perihal.text(), row_version=dlg.row_version)

    def type_perihal(self, cmd: dict[str, Any]) -> None:
        dlg = self.dialogs["masuk"]
        dlg.perihal.selectAll()
        QTest.keyClick(dlg.perihal, Qt.Key.Key_Delete)
        QTest.keyClicks(dlg.perihal, str(cmd["text"]))
        say(event="typed", perihal=dlg.perihal.text())

    def save_masuk(self, _cmd: dict[str, Any]) -> None:
        dlg = self.dialogs["masuk"]
        self._click_save(dlg)
        error: list[str] = []

        def settled() -> bool:
            text = self._error_text()
            if text is not None:
                error.append(text)
            return bool(error) or not dlg.isVisible()

        self._wait(settled)
        if error:
            say(event="refused", text=error[0], kept=dlg.perihal.text(), still_open=dlg.isVisible())
        else:
            say(event="saved", t=time.time())

    def dispose(self, cmd: dict[str, Any]) -> None:
        """Open the disposition dialog on a letter; with ``to``, tick that recipient and send it."""
        from tatausaha.ui.correspondence.common import open_dialog
        from tatausaha.ui.correspondence.forms import DisposisiDialog

        dlg = open_dialog(self.window, lambda: DisposisiDialog(self.ui, int(cmd["masuk_id"]), self.window))
        if dlg is None:
            self._wait(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()), 5)
            say(event="refused", text=self._error_text() or "")
            return
        self.dialogs["disposisi"] = dlg
        if not cmd.get("to"):
            say(event="opened", what="disposisi")
            return
        assert dlg.check_recipient(str(cmd["to"])), cmd["to"]
        dlg.check_instruksi("Untuk diketahui")
        t0 = time.time()
        self._click_save(dlg)
        ok = self._wait(lambda: not dlg.isVisible())
        say(event="saved" if ok else "refused", t=t0, text="" if ok else (self._error_text() or ""))

    def grab(self, cmd: dict[str, Any]) -> None:
        """``n`` threads, each taking one number in its own transaction, all released at epoch ``at``."""
        import datetime as dt

        from tatausaha.correspondence import numbering
        from tatausaha.services.auth import SYSTEM

        got: list[int] = []
        errors: list[str] = []
        lock = threading.Lock()

        def one() -> None:
            time.sleep(max(0.0, float(cmd["at"]) - time.time()))
            try:
                with self.ctx.uow(actor=SYSTEM) as uow:
                    n = numbering.allocate(uow, str(cmd.get("jenis", "ND")), tanggal=dt.date(2026, 5, 4))
                    uow.commit()
                with lock:
                    got.append(int(n.urut or 0))
            except Exception as exc:  # noqa: BLE001 - reported to the test
                with lock:
                    errors.append(repr(exc))

        threads = [threading.Thread(target=one) for _ in range(int(cmd["n"]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        say(event="grabbed", numbers=got, errors=errors)

    def open_attachment(self, cmd: dict[str, Any]) -> None:
        """Open the letter's first attachment the way a double click does (the built-in viewer)."""
        import hashlib

        from tatausaha.correspondence import letters
        from tatausaha.ui.attachment import open_attachment, read_document

        with self.ui.reader() as uow:
            atts = letters.get_masuk(uow, int(cmd["masuk_id"])).attachments
        if not atts:
            say(event="no_attachment")
            return
        shown = open_attachment(self.ui, self.window, atts[0].document_id)
        QApplication.processEvents()
        error = self._error_text()
        _info, path, data = read_document(self.ui, atts[0].document_id)
        say(event="opened_file", viewer=type(shown).__name__, visible=bool(getattr(shown, "isVisible", bool)()),
            sha256=hashlib.sha256(data).hexdigest(), stored=atts[0].sha256, name=atts[0].original_name,
            local=str(path), error=error)

    def close(self, _cmd: dict[str, Any]) -> None:
        for dlg in self.dialogs.values():
            dlg.reject()
        self.dialogs.clear()
        say(event="closed")


def main() -> int:
    username, password = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    ctx = AppContext.open()
    station = Station(ctx, username, password)
    commands = Commands()

    def run(cmd: dict[str, Any]) -> None:
        if cmd.get("cmd") == "quit":
            station.ui.close()
            app.quit()
            return
        try:
            getattr(station, str(cmd["cmd"]))(cmd)
        except Exception as exc:  # noqa: BLE001 - reported to the test, the station keeps going
            say(event="crash", error=repr(exc), trace=traceback.format_exc())

    commands.got.connect(run, Qt.ConnectionType.QueuedConnection)

    def read() -> None:
        for line in sys.stdin:
            if line.strip():
                commands.got.emit(json.loads(line))
        commands.got.emit({"cmd": "quit"})

    threading.Thread(target=read, daemon=True).start()
    up = station.ui.live.wait_connected(20) if station.ui.live is not None else False
    QTimer.singleShot(0, lambda: say(event="ready", live=up, pid=os.getpid()))
    code = app.exec()
    ctx.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
