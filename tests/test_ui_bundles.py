"""The auditor's loop by clicks (issue 14): log in as the auditor, choose a scope, review it, export
the bundle, verify it — in the real main window, through its navigation, fields and buttons."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QToolBar
from sqlalchemy import select

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.bundles.verify import verify_bundle
from tatausaha.correspondence.kinds import SURAT_MASUK
from tatausaha.models.correspondence import SuratMasuk
from tatausaha.services import accounts, documents
from tatausaha.services.auth import SYSTEM
from tatausaha.ui.bundles.page import BundlePage
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]


def _click_nav(qtbot, win: MainWindow, title: str) -> None:  # type: ignore[no-untyped-def]
    item = next(win.nav.item(i) for i in range(win.nav.count()) if win.nav.item(i).text() == title)
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=win.nav.visualItemRect(item).center())


def _choose(combo: QComboBox, text: str) -> None:
    i = next((k for k in range(combo.count()) if text in combo.itemText(k)), -1)
    assert i >= 0, (text, [combo.itemText(k) for k in range(combo.count())])
    combo.setCurrentIndex(i)  # what a click on the item does


def _click_action(qtbot, page: BundlePage, action) -> None:  # type: ignore[no-untyped-def]
    tb = page.findChild(QToolBar)
    qtbot.mouseClick(tb.widgetForAction(action), Qt.MouseButton.LeftButton)


def test_the_auditors_loop_by_clicks(qtbot, demo_ctx, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx = demo_ctx
    with ctx.reader() as uow:
        letter = uow.session.execute(select(SuratMasuk).where(SuratMasuk.keamanan == "biasa",
                                                              SuratMasuk.kode_klasifikasi.like("000.1%"))
                                     .order_by(SuratMasuk.id)).scalars().first()
        assert letter is not None
        letter_id, nomor, received = letter.id, letter.nomor_surat, letter.tanggal_terima
    scan = b"\xff\xd8\xff\xe0PINDAIAN-" + os.urandom(3000)
    with ctx.uow(actor=SYSTEM) as uow:
        info = documents.add_document_bytes(uow, ctx.store, scan, "pindaian surat.jpg")
        documents.link_document(uow, info.id, SURAT_MASUK, letter_id, role="disposisi")
        uow.commit()

    win = MainWindow(UiContext(ctx, accounts.login(ctx.db, "auditor", DEMO_PASSWORD)))
    qtbot.addWidget(win)
    win.show()
    _click_nav(qtbot, win, "Bundel Pemeriksa")
    page = win.stack.currentWidget()
    assert isinstance(page, BundlePage)

    # choose the scope: letters of 000.1 and its subtree, the year of the letter, the Inspektorat's request
    _choose(page.scope_kind, "Surat menurut kode klasifikasi")
    qtbot.keyClicks(page.param_widgets["kode"], "000.1")
    _choose(page.param_widgets["jenis"], "Surat masuk saja")  # type: ignore[arg-type]
    qtbot.keyClicks(page.date_from, f"01-01-{received.year}")
    qtbot.keyClicks(page.date_to, f"31-12-{received.year}")
    page.request.setCurrentIndex(1)  # the newest registered letter as the request letter
    request_nomor = page.request.currentData().nomor
    _click_action(qtbot, page, page.act_review)
    assert page.plan is not None and page.plan.records >= 1
    assert "catatan" in page.summary.text() and "rahasia" in page.summary.text().lower()
    assert page.items.rowCount() == page.plan.records
    missing_rows = [r for r in range(page.items.rowCount()) if page.items.item(r, 8).text()]
    assert len(missing_rows) == len(page.plan.missing)  # missing evidence shown on its row
    nomor_col = [page.items.item(r, 2).text() for r in range(page.items.rowCount())]
    assert nomor in nomor_col

    # export: the save dialog answers a file name; progress runs on the write thread; the history grows
    out = tmp_path / "bundel-pemeriksa.zip"
    monkeypatch.setattr("tatausaha.ui.bundles.page.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    _click_action(qtbot, page, page.act_export)
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=60_000)
    assert out.is_file() and page.last_result is not None
    assert page.history.item(0, 7).text() == page.last_result.tagmanifest_sha256
    assert request_nomor in page.history.item(0, 5).text()
    with zipfile.ZipFile(out) as zf:
        assert any(zf.read(n) == scan for n in zf.namelist() if "/data/dokumen/" in n)  # the original, byte for byte
    assert verify_bundle(out).ok

    # verify it from the page: the result names the bundle as the one handed over
    monkeypatch.setattr("tatausaha.ui.bundles.page.QFileDialog.getOpenFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)

    def result_box() -> QMessageBox | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.objectName() == "bundle_verify_result" and w.isVisible()), None)

    qtbot.waitUntil(lambda: result_box() is not None, timeout=30_000)
    box = result_box()
    assert box is not None and box.text().startswith("UTUH") and page.last_result.bundle_id in box.text()
    assert "tercatat diserahkan" in box.informativeText() and "auditor" in box.informativeText()
    box.accept()

    # a tampered copy: the page names the changed file
    bad = tmp_path / "rusak.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if data == scan:
                data = data[:100] + b"X" + data[101:]
                changed = item.filename.split("/", 1)[1]
            dst.writestr(item, data)
    monkeypatch.setattr("tatausaha.ui.bundles.page.QFileDialog.getOpenFileName", lambda *a, **k: (str(bad), ""))
    _click_action(qtbot, page, page.act_verify)
    qtbot.waitUntil(lambda: result_box() is not None, timeout=30_000)
    box = result_box()
    assert box is not None and box.text().startswith("TIDAK UTUH") and changed in box.informativeText()
    box.accept()
    win.close()


def test_the_page_is_offered_to_those_who_may_export_and_its_scopes_come_from_the_registry(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(UiContext(demo_ctx, accounts.login(demo_ctx.db, "auditor", DEMO_PASSWORD)))
    qtbot.addWidget(win)
    titles = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert "Bundel Pemeriksa" in titles
    _click_nav(qtbot, win, "Bundel Pemeriksa")
    page = win.stack.currentWidget()
    labels = [page.scope_kind.itemText(i) for i in range(page.scope_kind.count())]
    assert any("Persuratan" in t for t in labels) and any("pencarian tersimpan" in t for t in labels)
    win.close()


def test_batal_in_the_progress_dialog_leaves_no_file_and_nothing_on_record(qtbot, ctx, tmp_path: Path,
                                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A big export (1,000 documents: more than the half second after which the progress dialog shows)
    is cancelled with the dialog's Batal button: no bundle, no temporary file, no history entry."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from tatausaha.app.demo import quick_office
    from tatausaha.bundles import service
    from tests.test_bundles import _letters_with_documents

    people = quick_office(ctx)
    _letters_with_documents(ctx, 250, 4)
    win = MainWindow(UiContext(ctx, people["auditor"]))
    qtbot.addWidget(win)
    win.show()
    _click_nav(qtbot, win, "Bundel Pemeriksa")
    page = win.stack.currentWidget()
    assert isinstance(page, BundlePage)
    _choose(page.scope_kind, "Surat menurut kode klasifikasi")
    out_dir = tmp_path / "keluar"
    out_dir.mkdir()
    out = out_dir / "besar.zip"
    monkeypatch.setattr("tatausaha.ui.bundles.page.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    pressed: list[str] = []

    def press_batal() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()),
                      None)
        if dialog is None:
            return
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Batal")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        pressed.append(dialog.labelText())

    _click_action(qtbot, page, page.act_export)
    qtbot.waitUntil(lambda: (press_batal(), bool(pressed))[1], timeout=60_000)
    qtbot.waitUntil(lambda: win.ctx.runner.running == 0, timeout=60_000)
    assert not out.exists() and list(out_dir.iterdir()) == []
    assert page.history.rowCount() == 0
    with ctx.reader() as uow:
        assert service.history(uow) == []
    win.close()
