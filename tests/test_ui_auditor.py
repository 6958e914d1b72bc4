"""The auditor (issue 9 item 11): read-only means no control of the scan watcher; the audit-trail
viewer (Jejak Audit) for auditor and admin, driven by clicks and typing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import func, select

from tatausaha import clock
from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.errors import PermissionDenied
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestService
from tatausaha.models.audit import AuditLog
from tatausaha.services import accounts, audittrail, office
from tatausaha.ui.context import UiContext
from tatausaha.ui.ingest.controller import IngestController
from tatausaha.ui.mainwindow import MainWindow
from tatausaha.ui.pages.audit_trail import AuditTrailPage
from tatausaha.ui.pages.kotak_pindai import KotakPindaiPage

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]

FAST = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=False)


def trail(ctx, **where) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Plain rows of the audit trail (id, ts, actor_name, action, entity, entity_id, …)."""
    with ctx.reader() as uow:
        q = select(*AuditLog.__table__.columns)
        for k, v in where.items():
            q = q.where(getattr(AuditLog, k) == v)
        return list(uow.session.execute(q.order_by(AuditLog.id)).all())


def test_auditor_cannot_stop_or_start_the_scan_watcher(qtbot, demo_ctx, tmp_path):
    scan = tmp_path / "pindai"
    scan.mkdir()
    auditor = accounts.login(demo_ctx.db, "auditor", DEMO_PASSWORD)
    operator = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    svc = IngestService(demo_ctx, [FolderSpec(scan)], FAST)
    ctl = IngestController(UiContext(demo_ctx, auditor), svc)
    with qtbot.waitSignal(ctl.running_changed, timeout=10000):
        ctl.start()  # the app starts the watcher for whoever is logged in
    try:
        page = KotakPindaiPage(UiContext(demo_ctx, auditor), controller=ctl)
        qtbot.addWidget(page)
        page.show()
        assert not page.btn_watch.isVisible()  # the auditor sees the status, not the switch
        assert "Pindai" in ctl.status_text()
        # the core refuses whatever the UI shows
        with pytest.raises(PermissionDenied, match="hanya berhak membaca"):
            ctl.stop(by=auditor)
        with pytest.raises(PermissionDenied, match="hanya berhak membaca"):
            svc.stop(by=auditor)
        assert ctl.running and svc.running
        assert trail(demo_ctx, action="watch_stopped") == []

        op_page = KotakPindaiPage(UiContext(demo_ctx, operator), controller=ctl)
        qtbot.addWidget(op_page)
        op_page.show()
        assert op_page.btn_watch.isVisible() and op_page.btn_watch.text() == "Hentikan pengawasan"
        with qtbot.waitSignal(ctl.running_changed, timeout=10000):
            qtbot.mouseClick(op_page.btn_watch, Qt.MouseButton.LeftButton)
        assert not svc.running
        assert op_page.btn_watch.text() == "Mulai mengawasi"
        rows = trail(demo_ctx, action="watch_stopped")
        assert [r.actor_name for r in rows] == ["operator"]
    finally:
        ctl.stop()


def _window(qtbot, ctx, username: str) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(UiContext(ctx, accounts.login(ctx.db, username, DEMO_PASSWORD)))
    qtbot.addWidget(win)
    win.show()
    return win


def _click_nav(qtbot, win: MainWindow, title: str) -> None:  # type: ignore[no-untyped-def]
    item = next(win.nav.item(i) for i in range(win.nav.count()) if win.nav.item(i).text() == title)
    rect = win.nav.visualItemRect(item)
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _choose(combo: QComboBox, text: str) -> None:
    i = combo.findText(text)
    assert i >= 0, (text, [combo.itemText(k) for k in range(combo.count())])
    combo.setCurrentIndex(i)  # what a click on the item does


def _click_row(qtbot, page: AuditTrailPage, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = page.view.visualRect(page.model.index(row, 2))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.mark.parametrize("username", ["operator", "camat"])
def test_jejak_audit_is_not_offered_to_other_roles_and_the_core_refuses(qtbot, demo_ctx, username):
    win = _window(qtbot, demo_ctx, username)
    titles = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert "Jejak Audit" not in titles
    with demo_ctx.reader(win.ctx.actor) as uow, pytest.raises(PermissionDenied, match="jejak audit"):
        audittrail.count(uow, audittrail.AuditFilter())
    win.close()


def test_auditor_reads_filters_and_exports_the_trail(qtbot, demo_ctx, tmp_path, monkeypatch):
    admin = accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD)
    with demo_ctx.uow(actor=admin) as uow:
        unit = office.save_unit(uow, "KEL-AUD", "Kelurahan Audit")
        uow.commit()
    with demo_ctx.uow(actor=admin) as uow:
        office.save_unit(uow, "KEL-AUD", "Kelurahan Audit Baru", unit_id=unit.id)
        uow.commit()
    update_row = trail(demo_ctx, entity="unit", entity_id=str(unit.id), action="update")[-1]

    win = _window(qtbot, demo_ctx, "auditor")
    _click_nav(qtbot, win, "Jejak Audit")
    page = win.stack.currentWidget()
    assert isinstance(page, AuditTrailPage)
    total = len(trail(demo_ctx))
    assert page.count_label.text() == f"{total:,} entri".replace(",", ".")
    assert page.model.page_loads <= 1  # lazy: only what is on screen

    # newest first: the auditor's own log-in is on top
    assert page.model.entry(0).action == "login" and page.model.entry(0).actor_name == "auditor"

    # by user, record kind + id, action
    _choose(page.user, "admin")
    assert page.model.rowCount() == len(trail(demo_ctx, actor_name="admin"))
    _choose(page.kind, "Unit kerja")
    qtbot.keyClicks(page.record_id, str(unit.id))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)  # created, then renamed
    _choose(page.action, "Diubah")
    assert page.model.rowCount() == 1
    _click_row(qtbot, page, 0)
    assert page.current_entry is not None and page.current_entry.id == update_row.id
    cells = {(page.detail.item(r, 0).text()): (page.detail.item(r, 1).text(), page.detail.item(r, 2).text())
             for r in range(page.detail.rowCount())}
    assert cells["Nama"] == ("Kelurahan Audit", "Kelurahan Audit Baru")  # before | after, side by side
    assert "Diubah" in page.detail_title.text() and "admin" in page.detail_title.text()

    # period: the day of the change has it, a past year has nothing, a reversed period is refused
    day = clock.to_office(update_row.ts).strftime("%d-%m-%Y")  # the period is in office time
    qtbot.keyClicks(page.date_from, day)
    qtbot.keyClicks(page.date_to, day)
    page.date_to.editingFinished.emit()
    assert page.model.rowCount() == 1
    page.date_from.clear()
    page.date_to.clear()
    qtbot.keyClicks(page.date_from, "01-01-2001")
    qtbot.keyClicks(page.date_to, "31-12-2001")
    page.date_to.editingFinished.emit()
    assert page.model.rowCount() == 0 and page.count_label.text() == "0 entri"
    page.date_from.clear()
    qtbot.keyClicks(page.date_from, "01-01-2002")
    page.date_from.editingFinished.emit()
    assert "tidak boleh sesudah" in page.message.text()
    assert page.model.rowCount() == 0  # the list is left as it was

    # export what the filter selects (the kind + id of the unit, every action) to CSV and XLSX
    page.act_clear.trigger()
    assert page.model.rowCount() == len(trail(demo_ctx))
    _choose(page.kind, "Unit kerja")
    page.record_id.setText(str(unit.id))
    page._timer.timeout.emit()
    out_csv = tmp_path / "jejak.csv"
    monkeypatch.setattr("tatausaha.ui.pages.audit_trail.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(out_csv), "CSV (*.csv)"))
    page.act_export.trigger()
    qtbot.waitUntil(out_csv.exists, timeout=10000)
    with out_csv.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["No.", "Waktu", "Pengguna", "Tindakan", "Jenis Data", "ID Data", "Isian", "Sebelum",
                       "Sesudah"]
    renamed = [r for r in rows[1:] if r[3] == "Diubah" and r[6] == "nama"]
    assert renamed and renamed[0][7:] == ["Kelurahan Audit", "Kelurahan Audit Baru"]
    out_xlsx = tmp_path / "jejak.xlsx"
    monkeypatch.setattr("tatausaha.ui.pages.audit_trail.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(out_xlsx), "Excel (*.xlsx)"))
    qtbot.keyClick(page.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(out_xlsx.exists, timeout=10000)
    from openpyxl import load_workbook

    ws = load_workbook(out_xlsx).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert values[0][0] == "JEJAK AUDIT"
    assert any(r[6] == "nama" and r[7] == "Kelurahan Audit" and r[8] == "Kelurahan Audit Baru" for r in values[4:])
    exports = trail(demo_ctx, action="export", entity="audit_trail")
    assert [e.actor_name for e in exports] == ["auditor", "auditor"]
    win.close()


def test_a_long_trail_is_read_a_page_at_a_time(qtbot, demo_ctx):
    win = _window(qtbot, demo_ctx, "admin")
    page = win.show_page("jejak_audit")
    assert isinstance(page, AuditTrailPage)
    with demo_ctx.reader() as uow:
        total = uow.session.execute(select(func.count(AuditLog.id))).scalar_one()
    assert total > 400, "the demo trail should span several pages"
    page.view.scrollToBottom()
    qtbot.wait(20)
    assert page.model.entry(total - 1).id == 1  # oldest at the bottom
    assert page.model.page_loads <= 3  # first page, last page (+ one in between at most), never the whole trail
    win.close()


def test_export_path_is_what_the_filter_shows(demo_ctx, tmp_path: Path):
    """The table the export writes holds one row per changed field."""
    auditor = accounts.login(demo_ctx.db, "auditor", DEMO_PASSWORD)
    with demo_ctx.reader(auditor) as uow:
        t = audittrail.table(uow, audittrail.AuditFilter(actor_name="auditor"))
    assert t.rows and all(r[2] == "auditor" for r in t.rows)
