"""pytest-qt walk through the shell: first-run wizard, login, every area, Ctrl+K, settings, errors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QWizard

from tatausaha import clock
from tatausaha.app import setup
from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.errors import ValidationFailed
from tatausaha.services import accounts, office
from tatausaha.ui.context import UiContext
from tatausaha.ui.login import FirstRunWizard, LoginDialog
from tatausaha.ui.mainwindow import MainWindow, PlaceholderPage
from tatausaha.ui.registry import nav_pages

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]


def test_first_run_wizard_creates_admin_and_office(qtbot, ctx):
    assert not setup.state(ctx).complete
    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    f = wizard.office_page.fields
    qtbot.keyClicks(f["pemerintah"], "PEMERINTAH KOTA BEKASI")
    qtbot.keyClicks(f["nama_kantor"], "KECAMATAN JATISAMPURNA")
    qtbot.keyClicks(f["kota"], "Bekasi")
    wizard.next()
    assert wizard.currentPage() is wizard.pimpinan_page  # posts left empty: filled later in Pengaturan
    wizard.next()
    page = wizard.admin_page
    qtbot.keyClicks(page.full_name, "Admin Kecamatan")
    qtbot.keyClicks(page.password, "pendek")
    qtbot.keyClicks(page.password2, "pendek")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "minimal 8" in page.error.text()  # refused, wizard still open
    assert not setup.state(ctx).has_admin
    for w in (page.password, page.password2):
        w.clear()
        qtbot.keyClicks(w, "kata-sandi-kuat")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted
    st = setup.state(ctx)
    assert st.has_admin and st.has_office
    actor = accounts.login(ctx.db, "admin", "kata-sandi-kuat")
    assert actor.role.value == "admin"


def test_login_dialog_refuses_wrong_password_then_accepts(qtbot, demo_ctx):
    dlg = LoginDialog(demo_ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.username, "operator")
    qtbot.keyClicks(dlg.password, "salah-sandi")
    dlg.try_login()
    assert dlg.actor is None
    assert "salah" in dlg.message.text()
    assert dlg.password.text() == ""
    qtbot.keyClicks(dlg.password, DEMO_PASSWORD)
    dlg.try_login()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.actor is not None and dlg.actor.username == "operator"


@pytest.fixture
def window(qtbot, demo_ctx):
    actor = accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD)
    ui = UiContext(demo_ctx, actor)
    win = MainWindow(ui)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_every_area_opens(window, qtbot):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    for expected in ["Beranda", "Surat Masuk", "Surat Keluar", "Disposisi", "Pegawai", "SPJ", "Arsip",
                     "Kotak Pindai", "Laporan", "Pengaturan"]:
        assert expected in titles
    for i, spec in enumerate(nav_pages()):
        window.nav.setCurrentRow(i)
        qtbot.wait(1)
        current = window.stack.currentWidget()
        assert current is window.page(spec.key)
        assert current.objectName() == f"page_{spec.key}"
        # A page that failed to import shows a placeholder with the technical reason, never a crash.
        if isinstance(current, PlaceholderPage):
            texts = " ".join(lbl.text() for lbl in current.findChildren(QLabel))
            assert "belum tersedia" in texts
            assert "Rincian teknis" not in texts, texts
    status = window.lbl_user.text()
    assert "Administrator" in status
    assert "tatausaha.sqlite" in window.lbl_db.text()


def test_ctrl_k_opens_search_from_anywhere(window, qtbot):
    window.show_page("pengaturan")
    window.act_search.trigger()
    assert window.stack.currentWidget() is window.page("cari")


def test_window_state_is_remembered(window, qtbot, demo_ctx):
    window.show_page("arsip")
    window.resize(640, 480)  # the offscreen screen is 800x600
    window.save_state()
    again = MainWindow(window.ctx)
    qtbot.addWidget(again)
    assert again.stack.currentWidget() is again.page("arsip")
    assert again.size().width() == 640


def test_settings_add_unit_and_refuse_bad_nip(window, qtbot, demo_ctx, monkeypatch):
    page = window.show_page("pengaturan")
    page.unit_kode.setText("KEL-JTK")
    page.unit_nama.setText("Kelurahan Jatikarya")
    [b for b in page.findChildren(QPushButton) if b.text() == "Tambah unit"][0].click()
    with demo_ctx.reader() as uow:
        assert any(u.kode == "KEL-JTK" for u in office.list_units(uow))
    assert any(page.units_table.item(r, 0).text() == "KEL-JTK" for r in range(page.units_table.rowCount()))

    shown: list[str] = []
    monkeypatch.setattr("tatausaha.ui.pages.pengaturan.show_error", lambda parent, exc, *a: shown.append(str(exc)))
    page.off_nama.setText("Pegawai Baru")
    page.off_jabatan.setText("Pengadministrasi")
    page.off_nip.setText("1234")
    page.findChild(QPushButton, "add_official").click()
    assert shown and "NIP" in shown[0] and "18 angka" in shown[0]
    with demo_ctx.reader() as uow:
        assert not any(o.nama == "Pegawai Baru" for o in office.list_officials(uow))


def test_settings_read_only_for_operator(qtbot, demo_ctx):
    actor = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    win = MainWindow(UiContext(demo_ctx, actor))
    qtbot.addWidget(win)
    page = win.show_page("pengaturan")
    assert page.findChild(QLineEdit, "office_nama_kantor").isReadOnly()
    assert not page.findChild(QPushButton, "save_office").isEnabled()


def test_background_check_reports_health(window, qtbot):
    page = window.show_page("pengaturan")
    page.findChild(QPushButton, "run_check").click()
    qtbot.waitUntil(lambda: "Jejak audit" in page.health_result.text(), timeout=15000)
    assert "utuh" in page.health_result.text()


def test_error_dialog_shows_indonesian_message_and_details(qtbot):
    from tatausaha.ui.errors import show_error

    box = show_error(None, ValidationFailed("Nomor surat sudah dipakai."))
    qtbot.addWidget(box)
    assert box.text() == "Nomor surat sudah dipakai."
    box2 = show_error(None, RuntimeError("boom"), "Traceback: boom")
    qtbot.addWidget(box2)
    assert "tak terduga" in box2.text()
    assert "boom" in box2.detailedText()
    assert box2.icon() == QMessageBox.Icon.Critical
    box.close()
    box2.close()


def test_kka_picker_finds_by_number_and_words(qtbot, ctx):
    from tatausaha.services.auth import SYSTEM
    from tatausaha.ui.widgets.kka_picker import KlasifikasiDialog

    ui = UiContext(ctx, SYSTEM)
    dlg = KlasifikasiDialog(ui)
    qtbot.addWidget(dlg)
    assert dlg.model.rowCount() > 5  # top-level codes
    dlg.query.setText("000.1.2")
    dlg.refresh()
    assert dlg.selected is not None and dlg.selected.kode == "000.1.2"
    assert "Perjalanan Dinas" in dlg.selected.nama
    dlg.query.setText("perjalanan dinas luar negeri")
    dlg.refresh()
    assert dlg.selected is not None and "Luar Negeri" in dlg.selected.nama
    # the match is shown under its ancestors
    root = dlg.model.item(0, 0)
    assert root.text() == "000"
    assert QApplication.instance() is not None
    assert Qt.ItemDataRole.UserRole  # keep Qt import used


def test_scan_folder_settings_and_status_bar(qtbot, demo_ctx, tmp_path, monkeypatch):
    from tatausaha.ingest import config as scan_config
    from tatausaha.ingest.service import IngestService
    from tatausaha.ui.ingest.controller import IngestController

    actor = accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD)
    ui = UiContext(demo_ctx, actor)
    win = MainWindow(ui)
    qtbot.addWidget(win)
    page = win.show_page("pengaturan")
    shown: list[str] = []
    monkeypatch.setattr("tatausaha.ui.pages.pengaturan.show_error", lambda parent, exc, *a: shown.append(str(exc)))
    page.scan_path.setText(str(tmp_path / "tidak-ada"))
    page.findChild(QPushButton, "scan_add").click()
    assert shown and "tidak ada" in shown[0]
    folder = tmp_path / "pindai-tu"
    folder.mkdir()
    page.scan_path.setText(str(folder))
    page.scan_polling.setChecked(True)
    page.findChild(QPushButton, "scan_add").click()
    with demo_ctx.reader() as uow:
        specs = {str(f.path): f for f in scan_config.list_folders(uow)}
    assert str(folder) in specs and specs[str(folder)].polling
    assert any(page.scan_table.item(r, 0).text() == str(folder) for r in range(page.scan_table.rowCount()))

    # The status bar follows the background watcher.
    ui2 = UiContext(demo_ctx, actor)
    with demo_ctx.reader() as uow:
        cfg = scan_config.load_config(uow)
    import dataclasses

    ui2.ingest = IngestController(ui2, IngestService(demo_ctx, [scan_config.FolderSpec(folder)],
                                                    dataclasses.replace(cfg, quiet_seconds=0.2, ocr_enabled=False)))
    win2 = MainWindow(ui2)
    qtbot.addWidget(win2)
    assert "tidak diawasi" in win2.lbl_scan.text()
    with qtbot.waitSignal(ui2.ingest.running_changed, timeout=10000):
        ui2.ingest.start()
    try:
        qtbot.waitUntil(lambda: "siaga" in win2.lbl_scan.text() or "diproses" in win2.lbl_scan.text(), timeout=10000)
    finally:
        ui2.ingest.stop()


def test_correspondence_master_data_in_settings(window, qtbot, demo_ctx, monkeypatch):
    from PySide6.QtWidgets import QLabel as _QLabel

    from tatausaha.correspondence import disposisi, instansi, numbering
    from tatausaha.ui.correspondence.settings import InstansiSettings, InstruksiSettings, JenisNaskahSettings

    page = window.show_page("pengaturan")
    jenis = page.findChild(JenisNaskahSettings)
    assert jenis.table.rowCount() >= 5
    # a live example of the template, and a clear message for a bad one
    jenis.template.setText("{kka}/{urut:3}/{unit}/{bulan_romawi}/{tahun}")
    example = jenis.findChild(_QLabel, "jenis_example").text()
    assert example.startswith("000.1.2/015/Kec.JTS/")
    jenis.template.setText("{kka}/{nomor}")
    assert "tidak dikenal" in jenis.example.text()
    jenis.template.setText("{urut}/UND/{unit}/{tahun}")
    jenis.kode.setText("UND2")
    jenis.nama.setText("Undangan Rapat Internal")
    jenis.findChild(QPushButton, "jenis_save").click()
    with demo_ctx.reader() as uow:
        saved = {j.kode: j for j in numbering.list_jenis(uow)}
        assert saved["UND2"].template_nomor == "{urut}/UND/{unit}/{tahun}"
        assert numbering.preview(uow, "UND2").endswith(f"/UND/Kec.JTS/{clock.today().year}")

    instr = page.findChild(InstruksiSettings)
    instr.new_text.setText("Siapkan bahan rapat")
    [b for b in instr.findChildren(QPushButton) if b.text() == "Tambah"][0].click()
    instr.findChild(QPushButton, "instruksi_save").click()
    with demo_ctx.reader() as uow:
        assert disposisi.list_instruksi(uow)[-1] == "Siapkan bahan rapat"

    inst = page.findChild(InstansiSettings)
    inst.nama.setText("Dinas Perhubungan Kota Bekasi")
    inst.singkatan.setText("Dishub")
    [b for b in inst.findChildren(QPushButton) if b.text() == "Tambah instansi"][0].click()
    with demo_ctx.reader() as uow:
        assert any(i.nama == "Dinas Perhubungan Kota Bekasi" for i in instansi.find(uow, "dishub"))


def test_a_failed_check_warns_without_blocking_the_window(window, qtbot, demo_ctx):
    """A problem found by the background check is shown in a window-modal box that does not stop
    the event loop (a blocking box froze the window — and hung this suite)."""
    (demo_ctx.paths.home / "jejak-audit.jangkar").unlink()  # the anchor file beside the database is gone
    page = window.show_page("pengaturan")
    page.findChild(QPushButton, "run_check").click()
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "health_warning") is not None, timeout=20000)
    box = page.findChild(QMessageBox, "health_warning")
    assert "jangkar" in page.health_result.text() and box.isVisible()
    box.accept()


def test_two_admins_editing_the_instruction_list_the_later_save_is_refused_not_merged(qtbot, demo_ctx):
    """The standard disposition instructions are saved as a whole list. Two admins (two PCs on one
    office database) open the editor; the first saves; the second's save, started from the older
    list, is refused with who changed it and what, by clicks, and his edits stay in the editor."""
    from tatausaha.context import AppContext
    from tatausaha.correspondence import disposisi
    from tatausaha.ui.correspondence.settings import InstruksiSettings
    from tests import uiharness

    with demo_ctx.uow(actor=accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD)) as uow:
        accounts.create_user(uow, "admin2", "Dewi Lestari", "admin", "rahasia456")
        uow.commit()
    other_pc = AppContext.open(demo_ctx.paths)
    try:
        editors = []
        for ctx, username, password in ((demo_ctx, "admin", DEMO_PASSWORD), (other_pc, "admin2", "rahasia456")):
            win = MainWindow(UiContext(ctx, accounts.login(ctx.db, username, password)))
            qtbot.addWidget(win)
            win.show()
            editors.append(win.show_page("pengaturan").findChild(InstruksiSettings))
        mine, theirs = editors
        start = mine.texts()
        assert theirs.texts() == start

        def add(editor, text: str) -> None:  # type: ignore[no-untyped-def]
            editor.new_text.setText(text)
            qtbot.mouseClick([b for b in editor.findChildren(QPushButton) if b.text() == "Tambah"][0],
                             Qt.MouseButton.LeftButton)

        add(theirs, "Koordinasikan dengan kelurahan")
        qtbot.mouseClick(theirs.findChild(QPushButton, "instruksi_save"), Qt.MouseButton.LeftButton)
        assert uiharness.error_boxes() == []
        add(mine, "Siapkan bahan rapat")
        boxes = uiharness.when_modal(qtbot, lambda w: w.close(), kind=QMessageBox)
        qtbot.mouseClick(mine.findChild(QPushButton, "instruksi_save"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
        text = uiharness.describe(boxes[0])
        assert "Daftar instruksi disposisi telah diubah oleh Dewi Lestari (admin2)" in text
        assert "ditambah «Koordinasikan dengan kelurahan»" in text and "tidak digabung" in text
        assert mine.texts() == [*start, "Siapkan bahan rapat"]  # the refused edit is still in the editor
        with demo_ctx.reader() as uow:
            assert disposisi.list_instruksi(uow) == [*start, "Koordinasikan dengan kelurahan"]
        # after reloading, the same save goes through
        mine.reload()
        add(mine, "Siapkan bahan rapat")
        qtbot.mouseClick(mine.findChild(QPushButton, "instruksi_save"), Qt.MouseButton.LeftButton)
        with demo_ctx.reader() as uow:
            assert disposisi.list_instruksi(uow) == [*start, "Koordinasikan dengan kelurahan", "Siapkan bahan rapat"]
    finally:
        other_pc.close()
