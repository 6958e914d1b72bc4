"""Application entry: QApplication, open the database (migrating safely), first run, log in, main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tatausaha import __version__
from tatausaha.app import setup
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.errors import TatausahaError

I18N_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"


def configure_logging(paths: AppPaths) -> None:
    """The core's one logging set-up (log/tatausaha.log, faulthandler, exception hooks)."""
    from tatausaha import logsetup

    logsetup.configure(paths.logs)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setOrganizationName("tatausaha")
    QCoreApplication.setApplicationName("tatausaha")
    QCoreApplication.setApplicationVersion(__version__)
    # Source texts are Bahasa Indonesia (the default). TATAUSAHA_LANG=en loads
    # tatausaha/resources/i18n/tatausaha_en.qm, made by scripts/update_translations.sh.
    lang = os.environ.get("TATAUSAHA_LANG", "id")
    if lang != "id":
        translator = QTranslator(app)
        if translator.load(QLocale(lang), "tatausaha", "_", str(I18N_DIR)):
            app.installTranslator(translator)
    else:
        install_qt_indonesian(app)
    return app  # type: ignore[return-value]


def install_qt_indonesian(app: QCoreApplication) -> list[str]:
    """Qt's own dialogs and buttons in Bahasa Indonesia: Qt's ``qtbase_id`` when the Qt in use ships
    it (PySide6 6.x does not), and our ``qt_id.qm`` for what Qt lacks — the standard buttons
    ("Cancel" → "Batal"), "Show Details…", the file and print dialogs, the edit menus.
    Returns the translation files installed (once per application)."""
    if app.property("tatausahaQtIndonesian"):
        return list(app.property("tatausahaQtIndonesian"))
    installed: list[str] = []
    ours = QTranslator(app)  # installed first: Qt's own file, when present, is searched before it
    if ours.load("qt_id", str(I18N_DIR)):
        app.installTranslator(ours)
        installed.append(str(I18N_DIR / "qt_id.qm"))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_id", "qt_id"):
        official = QTranslator(app)
        if official.load(name, qt_dir):
            app.installTranslator(official)
            installed.append(f"{qt_dir}/{name}.qm")
    app.setProperty("tatausahaQtIndonesian", installed)
    return installed


def main(argv: list[str] | None = None) -> int:
    app = create_application(argv)
    from tatausaha.ui.errors import install_excepthook

    install_excepthook()
    paths = AppPaths.from_env()
    configure_logging(paths)
    try:
        ctx = AppContext.open(paths)
        setup.ensure_reference_data(ctx)
    except TatausahaError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("App", "Basis data tidak dapat dibuka"), str(exc))
        return 2

    from tatausaha.ui.login import FirstRunWizard
    from tatausaha.ui.shell import AppShell

    if not setup.state(ctx).complete:
        wizard = FirstRunWizard(ctx)
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        ctx = wizard.app  # the office server's, when the wizard pointed this PC at it
        if not accepted:
            ctx.close()
            return 1
    # Log in → main window → "Keluar / Ganti pengguna" → log in again; the app ends when the log-in is
    # cancelled or the window is closed with "Keluar dari aplikasi".
    app.setQuitOnLastWindowClosed(False)
    shell = AppShell(ctx, watch=os.environ.get("TATAUSAHA_NO_WATCH") != "1")
    shell.finished.connect(app.exit)
    shell.start()
    code = app.exec()
    if shell.ui is not None and shell.ui.ingest is not None:
        shell.ui.ingest.stop()
    ctx.close()
    return int(code)
