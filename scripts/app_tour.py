"""Start the real app (tatausaha.ui.app.main), log in by typing into the login dialog, visit every
area, and save full-screen screenshots. Run it under a real X server to see the app as a person would:

    TATAUSAHA_HOME=/tmp/tatausaha-demo xvfb-run -s "-screen 0 1366x850x24" python scripts/app_tour.py docs/img
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.ui import app as app_module
from tatausaha.ui.login import LoginDialog
from tatausaha.ui.mainwindow import MainWindow

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
USER = sys.argv[2] if len(sys.argv) > 2 else "kasubag"
PAGES = sys.argv[3].split(",") if len(sys.argv) > 3 else ["beranda"]


def shoot(name: str) -> None:
    QApplication.processEvents()
    screen = QGuiApplication.primaryScreen()
    path = OUT / f"{name}.png"
    screen.grabWindow(0).save(str(path))
    print(path, flush=True)


def drive() -> None:
    w = QApplication.activeModalWidget() or QApplication.activeWindow()
    if isinstance(w, LoginDialog):
        QTest.keyClicks(w.username, USER)
        QTest.keyClicks(w.password, DEMO_PASSWORD)
        shoot("login")
        w.try_login()
        QTimer.singleShot(800, drive)
        return
    main = next((t for t in QApplication.topLevelWidgets() if isinstance(t, MainWindow) and t.isVisible()), None)
    if main is None:
        QTimer.singleShot(200, drive)
        return
    main.showMaximized()

    def visit(i: int = 0) -> None:
        if i >= len(PAGES):
            main.close()
            return
        main.show_page(PAGES[i])
        QTimer.singleShot(700, lambda: (shoot(f"app_{PAGES[i]}"), visit(i + 1)))

    QTimer.singleShot(500, visit)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    app_module.create_application([])  # main() reuses this instance
    QTimer.singleShot(800, drive)
    raise SystemExit(app_module.main([]))
