"""The first-run wizard points a new PC at the office server (issue 15 item 6), by clicks.

The server is real (PostgreSQL with password log-ins, set up by `tatausaha server init` and an office
made from another PC). The PC starts as the app starts: a fresh data folder, an empty local database,
the wizard. Wrong password: named in Indonesian, nothing saved. Right password: the PC joins the office,
its empty local database is gone, the password is only in the owner-only pgpass file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard
from test_store_server import ADMIN_PW, APP_PW, TU_PW, pgs, server_args, tatausaha  # noqa: F401

from tatausaha.app import setup
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.services import accounts

pytestmark = [pytest.mark.gui, pytest.mark.postgres, pytest.mark.usefixtures("isolated_settings")]


@pytest.fixture(scope="module")
def office_server(pgs, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:  # noqa: F811
    root = tmp_path_factory.mktemp("wizard-office")
    assert tatausaha(root / "server", "server", "init", *server_args(pgs, "kantor"), PGPASSWORD=ADMIN_PW,
                     TATAUSAHA_APP_PASSWORD=APP_PW).returncode == 0
    first = root / "pc-pertama"
    assert tatausaha(first, "server", "connect", "--host", "127.0.0.1", "--port", str(pgs.port), "--database", "kantor",
                     TATAUSAHA_APP_PASSWORD=APP_PW).returncode == 0
    assert tatausaha(first, "init", "--admin-user", "admin", "--admin-password", TU_PW, "--pemerintah",
                     "PEMERINTAH KOTA BEKASI", "--kantor", "KECAMATAN JATISAMPURNA").returncode == 0
    return int(pgs.port), first / "kunci-audit"


def test_the_wizard_joins_a_new_pc_to_the_office_server(qtbot, office_server: tuple[int, Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tatausaha.ui.login import FirstRunWizard

    port, office_key = office_server
    home = tmp_path / "pc-baru"
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    monkeypatch.delenv("TATAUSAHA_DATABASE_URL", raising=False)
    paths = AppPaths.from_env()
    ctx = AppContext.open(paths)  # what the app does before it shows the wizard
    setup.ensure_reference_data(ctx)
    assert ctx.db.is_sqlite and paths.database.exists()
    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.where_page
    assert page.local.isChecked() and not page.box.isEnabled()  # one PC is the default
    qtbot.mouseClick(page.server, Qt.MouseButton.LeftButton)
    assert page.box.isEnabled()
    qtbot.keyClicks(page.host, "127.0.0.1")
    page.port.clear()
    qtbot.keyClicks(page.port, str(port))
    page.database.clear()
    qtbot.keyClicks(page.database, "kantor")
    qtbot.keyClicks(page.password, "sandi-yang-salah")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert "Kata sandi atau nama pengguna ditolak" in page.result.text()
    assert "sandi-yang-salah" not in page.result.text()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is page and not paths.server_file.exists()  # refused, nothing saved

    page.password.clear()
    qtbot.keyClicks(page.password, APP_PW)
    qtbot.keyClicks(page.key_file, str(office_key))
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert "Tersambung ke server" in page.result.text() and "sudah ada" in page.result.text()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.result() == QDialog.DialogCode.Accepted, timeout=5000)
    joined = wizard.app
    try:
        assert not joined.db.is_sqlite and joined.store.shared
        assert setup.state(joined).complete  # the office made on the first PC
        assert accounts.login(joined.db, "admin", TU_PW).username == "admin"
    finally:
        joined.close()
    assert not paths.database.exists()  # the empty local database of this first start is gone
    assert (home / "kunci-audit").read_text() == office_key.read_text()  # the office's audit key came along
    assert APP_PW in paths.server_passfile.read_text()
    for f in home.rglob("*"):
        if f.is_file() and f != paths.server_passfile:
            assert APP_PW.encode() not in f.read_bytes(), f  # not in server.json, not in the log
    # The next start opens the server straight away.
    again = AppContext.open(AppPaths.from_env())
    try:
        assert again.db.engine.dialect.name == "postgresql" and setup.state(again).complete
    finally:
        again.close()
