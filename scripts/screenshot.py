"""Render the main window (demo office, logged in as a user) to a PNG, for docs and for looking at it.

    TATAUSAHA_HOME=/tmp/demo python scripts/screenshot.py docs/img/mainwindow.png [page] [user]
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from tatausaha.app.demo import DEMO_PASSWORD  # noqa: E402
from tatausaha.context import AppContext  # noqa: E402
from tatausaha.services import accounts  # noqa: E402
from tatausaha.ui.app import create_application  # noqa: E402
from tatausaha.ui.context import UiContext  # noqa: E402
from tatausaha.ui.mainwindow import MainWindow  # noqa: E402


def main() -> int:
    out = sys.argv[1] if len(sys.argv) > 1 else "mainwindow.png"
    page = sys.argv[2] if len(sys.argv) > 2 else "beranda"
    user = sys.argv[3] if len(sys.argv) > 3 else "kasubag"
    app = create_application([])
    ctx = AppContext.open()
    actor = accounts.login(ctx.db, user, DEMO_PASSWORD)
    win = MainWindow(UiContext(ctx, actor))
    win.resize(1280, 800)
    win.show()
    win.show_page(page)
    for _ in range(30):
        app.processEvents()
    QApplication.processEvents()
    win.grab().save(out)
    print(out)
    win.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
