"""One write path: commands run inside ``services.uow.perform`` (one unit of work, committed there,
change set derived from what was flushed); the window's one helper is ``UiContext.write``; pages
never commit and never make change sets up; services never commit the caller's transaction."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tatausaha.app.demo import quick_office
from tatausaha.changes import Changes
from tatausaha.correspondence import letters
from tatausaha.correspondence.letters import SuratMasukInput
from tatausaha.errors import PermissionDenied
from tatausaha.models.correspondence import SuratMasuk
from tatausaha.services.uow import perform

PKG = Path(__file__).resolve().parents[1] / "tatausaha"


def _count(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return uow.session.execute(select(func.count(SuratMasuk.id))).scalar_one()


def _letter(perihal: str = "Undangan rapat") -> SuratMasukInput:
    return SuratMasukInput(tanggal_terima=dt.date(2026, 3, 2), pengirim="Dinas Sosial Kota Bekasi", perihal=perihal)


def test_perform_commits_and_derives_the_change_set(ctx) -> None:  # type: ignore[no-untyped-def]
    people = quick_office(ctx)
    done = perform(ctx.db, people["operator"], lambda uow: letters.register_masuk(uow, _letter()))
    assert _count(ctx) == 1
    assert done.changes.affects("surat_masuk")
    assert done.value.id in done.changes.touched["surat_masuk"]
    # a cancel changes the same record: the flush names it without the service saying so
    again = perform(ctx.db, people["operator"], lambda uow: letters.cancel_masuk(uow, done.value.id, "salah catat"))
    assert done.value.id in again.changes.touched["surat_masuk"]


def test_perform_keeps_nothing_when_commit_if_says_no_or_the_command_fails(ctx) -> None:  # type: ignore[no-untyped-def]
    people = quick_office(ctx)
    r = perform(ctx.db, people["operator"], lambda uow: letters.register_masuk(uow, _letter()), commit_if=lambda _s: False)
    assert r.changes == Changes() and _count(ctx) == 0
    with pytest.raises(PermissionDenied):
        perform(ctx.db, people["auditor"], lambda uow: letters.register_masuk(uow, _letter()))
    assert _count(ctx) == 0


def _ui_findings() -> list[str]:
    allowed = {"context.py", "tasks.py"}
    out = []
    for path in sorted((PKG / "ui").rglob("*.py")):
        if path.name in allowed and path.parent == PKG / "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name, target = node.func.attr, ast.unparse(node.func.value)
                if name in ("uow", "commit", "writes") or (name == "emit" and target.endswith("changes_applied")):
                    out.append(f"{path.relative_to(PKG.parent)}:{node.lineno} {target}.{name}()")
    return out


def test_pages_write_only_through_the_one_helper() -> None:
    """No page opens a writing unit of work, commits, builds its own write op or emits a change set."""
    assert _ui_findings() == []


def test_services_never_commit_the_callers_transaction() -> None:
    """A core function that is handed a ``uow`` does not commit it (commands own no transaction)."""
    found = []
    for path in sorted(PKG.rglob("*.py")):
        if "ui" in path.relative_to(PKG).parts[:1] or "migrations" in path.parts:
            continue
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef):
                continue
            params = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
            if "uow" not in params:
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and ast.unparse(node.func) == "uow.commit":
                    found.append(f"{path.relative_to(PKG.parent)}:{node.lineno} {fn.name}")
    assert found == []


@pytest.mark.gui
def test_a_clicked_write_refreshes_the_open_list_from_the_change_set(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """Cancel a letter through the page's toolbar action: the write runs off the UI thread, and the
    list (which only listens to the change hub) shows the new status without a manual reload."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from tatausaha.ui.context import UiContext
    from tatausaha.ui.correspondence.masuk_page import SuratMasukPage

    people = quick_office(ctx)
    first = perform(ctx.db, people["operator"], lambda uow: letters.register_masuk(uow, _letter())).value
    ui = UiContext(ctx, people["operator"])
    page = SuratMasukPage(ui)
    qtbot.addWidget(page)
    page.year.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.view.selectRow(0)
    heard: list[Changes] = []
    ui.hub.changes_applied.connect(heard.append)
    def type_reason() -> None:  # the clerk types the reason into the real input dialog and presses OK
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog):
            box.setTextValue("salah catat")
            box.accept()
        else:
            QTimer.singleShot(50, type_reason)

    QTimer.singleShot(50, type_reason)
    page.act_cancel.trigger()
    qtbot.waitUntil(lambda: bool(heard), timeout=10000)
    assert first.id in heard[0].touched["surat_masuk"]
    with ctx.reader() as uow:
        assert uow.session.get(SuratMasuk, first.id).status == "batal"


def test_the_backup_command_checks_permission_and_is_on_record(ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Window and CLI call the same ``make_backup``: whoever may not export gets a refusal before a
    byte is copied; a backup made is an audit event naming who made it."""
    from tatausaha.app import maintenance
    from tatausaha.models.audit import AuditLog
    from tatausaha.services.auth import Actor, Permission, Role

    people = quick_office(ctx)
    nobody = Actor(999, "tamu", "Tamu", Role.OPERATOR)
    if not nobody.can(Permission.EXPORT):
        with pytest.raises(PermissionDenied):
            maintenance.make_backup(ctx, tmp_path / "x.zip", actor=nobody)
        assert not (tmp_path / "x.zip").exists()
    made = maintenance.make_backup(ctx, tmp_path / "cadangan.zip", actor=people["auditor"])
    assert made.is_file()
    with ctx.reader() as uow:
        who = uow.session.execute(select(AuditLog.actor_id).where(AuditLog.action == "backup")).scalar_one()
    assert who == people["auditor"].user_id
