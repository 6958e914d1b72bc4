"""Issue 12 "Must show", by clicks in the real window (pytest-qt, offscreen): add an employee (a wrong
NIP refused in the form with its sentence, then saved), add a KGB riwayat, drop its SK scan from the
file manager onto the row, see the KGB due date on the Beranda; personal fields hidden for a clerk;
apply an SK proposal on confirmation; reports open in the preview; the import dry run by clicks;
the KGB covering letter lands in Surat Keluar as a konsep."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import uiharness
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QToolButton
from sqlalchemy import select

from tatausaha.models.document import DocumentLink
from tatausaha.models.staff import Pegawai, RiwayatKgb, UsulanSk
from tatausaha.ui.mainwindow import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]


def _nav(qtbot, win: MainWindow, key: str):  # type: ignore[no-untyped-def]
    row = next(i for i, s in enumerate(win.specs) if s.key == key)
    item = win.nav.item(row)
    win.nav.scrollToItem(item)
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=win.nav.visualItemRect(item).center())
    assert win.stack.currentWidget() is win.page(key)
    return win.page(key)


def _button(page, action) -> QToolButton:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolBar

    for tb in page.findChildren(QToolBar):
        b = tb.widgetForAction(action)
        if isinstance(b, QToolButton):
            return b
    raise AssertionError(f"no button for {action.text()}")


def _type(qtbot, w: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    w.setFocus()
    w.selectAll()
    qtbot.keyClick(w, Qt.Key.Key_Delete)
    qtbot.keyClicks(w, text)
    qtbot.keyClick(w, Qt.Key.Key_Tab)


def _choose(qtbot, combo, data: object) -> None:  # type: ignore[no-untyped-def]
    """Pick the item carrying ``data`` with the keyboard, as a person would (Home, then Down)."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0, data
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(target):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == target


def _scan(tmp_path: Path, name: str = "SK_KGB_Andi.pdf") -> Path:
    from reportlab.pdfgen import canvas

    p = tmp_path / name
    c = canvas.Canvas(str(p))
    c.drawString(72, 760, "SURAT PEMBERITAHUAN KENAIKAN GAJI BERKALA")
    c.drawString(72, 740, "NIP 19860926 201505 1 001")
    c.save()
    return p


def _drop(widget, pos, files: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """What the file manager's drag does: enter, move, drop (real Qt events into the widget)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    p = QPointF(pos)
    for ev in (QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
               QDragMoveEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
               QDropEvent(p, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)):
        QApplication.sendEvent(widget, ev)


def test_add_employee_attach_sk_scan_and_see_kgb_due_on_beranda(qtbot, demo_ctx, tmp_path) -> None:
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    assert page.act_personal.isVisible() and page.act_edit is not None

    # 1. add an employee — first with a NIP that contradicts the birth date: refused in the form
    qtbot.mouseClick(_button(page, page.act_new), Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(QDialog)
    assert dlg.windowTitle() == "Pegawai baru"
    _type(qtbot, dlg.nama, "Andi Wijaya")
    _type(qtbot, dlg.gelar_belakang, "S.Sos.")
    _type(qtbot, dlg.tgl_lahir, "27-09-1986")
    _type(qtbot, dlg.nip_baru, "19860926 201505 1 001")
    dlg.tabs.setCurrentIndex(1)
    _choose(qtbot, dlg.status_pegawai, "pns")
    _type(qtbot, dlg.tmt_cpns, "01-05-2015")
    _choose(qtbot, dlg.gol_ruang_akhir, "III/b")
    _type(qtbot, dlg.tmt_gol_akhir, "1 April 2023")
    qtbot.keyClicks(dlg.mk_tahun, "4")
    _type(qtbot, dlg.tmt_kgb_akhir, "01-01-2025")
    dlg.tabs.setCurrentIndex(2)
    _type(qtbot, dlg.jabatan_nama, "Analis Kebijakan")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.message.isVisible(), timeout=10_000)
    assert "26-09-1986" in dlg.message.text() and "27-09-1986" in dlg.message.text()
    assert dlg.tabs.currentIndex() == 0 and dlg.nip_baru.hasFocus()  # the field named is shown and focused
    assert dlg.isVisible() and not uiharness.english_in(dlg)
    _type(qtbot, dlg.tgl_lahir, "26-09-1986")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10_000)
    uiharness.idle(qtbot, win)
    assert dlg.saved_id is not None and page.current_id == dlg.saved_id
    assert "Andi Wijaya, S.Sos." in page.header.text() and "Penata Muda Tingkat I (III/b)" in page.header.text()
    assert "01-01-2027" in page.due.text()  # the file shows the next KGB

    # 2. a KGB riwayat, then its SK scan dropped from the file manager onto the row
    page.tabs.setCurrentWidget(page.tables["kgb"])
    qtbot.mouseClick(_button(page, page.act_history), Qt.MouseButton.LeftButton)
    h = uiharness.open_top_level(QDialog)
    assert "kgb" in h.windowTitle().lower()
    _type(qtbot, h.widgets["tmt_kgb"], "01-01-2025")
    _choose(qtbot, h.widgets["golongan"], "III/b")
    _type(qtbot, h.sk_nomor, "800.1.11.13/115/Kec.JTS/2024")
    qtbot.mouseClick(uiharness.accept_button(h), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not h.isVisible(), timeout=10_000)
    uiharness.idle(qtbot, win)
    table = page.tables["kgb"]
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert "seret" in table.item(0, table.columnCount() - 1).text()
    scan = _scan(tmp_path)
    answered: list = []
    uiharness.when_modal(qtbot, lambda box: (answered.append(box.text()),
                                             box.button(QMessageBox.StandardButton.Yes).click()), kind=QMessageBox)
    _drop(table.viewport(), table.visualRect(table.model().index(0, 1)).center(), [scan])
    qtbot.waitUntil(lambda: bool(answered), timeout=5_000)
    assert "SK_KGB_Andi.pdf" in answered[0]
    uiharness.idle(qtbot, win)
    qtbot.waitUntil(lambda: "ada" in page.tables["kgb"].item(0, page.tables["kgb"].columnCount() - 1).text(),
                    timeout=10_000)
    with demo_ctx.reader() as uow:
        row = uow.session.execute(select(RiwayatKgb).where(RiwayatKgb.pegawai_id == dlg.saved_id)).scalar_one()
        assert row.sk_document_id is not None
        link = uow.session.execute(select(DocumentLink).where(DocumentLink.record_kind == "pegawai",
                                                             DocumentLink.record_id == dlg.saved_id)).scalar_one()
        assert link.document_id == row.sk_document_id and link.role == "sk"

    # 3. the Beranda shows the KGB due (H-60), coloured; a double-click opens the file
    beranda = _nav(qtbot, win, "beranda")
    section = beranda.sections["staff"]
    texts = [section.items.item(i).text() for i in range(section.items.count())]
    line = next(t for t in texts if "Andi Wijaya" in t)
    assert line.startswith("01-01-2027 · Kenaikan gaji berkala") and "31 hari lagi" in line
    assert "jatuh tempo dalam 60 hari" in section.heading.text()
    from tatausaha.ui.print_preview import PrintPreviewDialog

    qtbot.mouseClick(section.open_list, Qt.MouseButton.LeftButton)  # "Daftar jatuh tempo": the whole list on paper
    qtbot.waitUntil(lambda: any(isinstance(w, PrintPreviewDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=30_000)
    preview = uiharness.open_top_level(PrintPreviewDialog)
    assert "Daftar Jatuh Tempo Kepegawaian" in preview.windowTitle()
    preview.close()
    item = next(section.items.item(i) for i in range(section.items.count()) if "Andi" in section.items.item(i).text())
    assert item.background().color().name() == "#fff59d"
    section.items.scrollToItem(item)
    rect = section.items.visualItemRect(item)
    assert section.items.viewport().rect().contains(rect.center())
    qtbot.mouseClick(section.items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(section.items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.stack.currentWidget() is page and page.current_id == dlg.saved_id
    assert not uiharness.error_boxes()
    win.close()


def _andi(demo_ctx, **extra) -> int:  # type: ignore[no-untyped-def]
    from tatausaha.app.demo import DEMO_PASSWORD
    from tatausaha.services import accounts
    from tatausaha.services.uow import perform
    from tatausaha.staff import service

    kasubag = accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD)
    data = service.EmployeeInput(nama="Andi Wijaya", tgl_lahir=dt.date(1986, 9, 26), jenis_kelamin="L",
                                 status_pegawai="pns", nip_baru="198609262015051001", tmt_cpns=dt.date(2015, 5, 1),
                                 gol_ruang_akhir="III/b", tmt_gol_akhir=dt.date(2023, 4, 1), mk_tahun=4,
                                 tmt_kgb_akhir=dt.date(2025, 1, 1), nik="3275012609860001", alamat="Jl. Kenari 5",
                                 gaji_pokok=3_200_000, **extra)
    return perform(demo_ctx.db, kasubag, lambda uow: service.create_employee(uow, data)).value.id


def test_personal_fields_are_hidden_for_a_clerk_and_opened_on_record_for_the_kasubag(qtbot, demo_ctx) -> None:
    eid = _andi(demo_ctx)
    win = uiharness.open_window(qtbot, demo_ctx, "staf")  # a clerk who is not the pengelola kepegawaian
    page = _nav(qtbot, win, "pegawai")
    page.open_record(eid)
    assert page.view.isColumnHidden(0)  # no NIP column
    assert not page.act_personal.isVisible() and not page.act_edit.isEnabled() and not page.act_export.isVisible()
    shown = page.header.text() + page.due.text() + page.personal.text()
    assert "198609" not in shown and "3275012609860001" not in shown and "Kenari" not in shown
    assert "NIP" not in page.header.text()
    win.close()
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    page.open_record(eid)
    row = page.view.currentRow()
    assert not page.view.isColumnHidden(0) and page.view.item(row, 0).text() == "19860926 201505 1 001"
    qtbot.mouseClick(_button(page, page.act_personal), Qt.MouseButton.LeftButton)
    uiharness.idle(qtbot, win)
    qtbot.waitUntil(lambda: page.personal.isVisible())
    assert "3275012609860001" in page.personal.text() and "Jl. Kenari 5" in page.personal.text()
    from tatausaha.models.audit import AuditLog

    with demo_ctx.reader() as uow:
        opened = uow.session.execute(select(AuditLog).where(AuditLog.action == "buka_data_pribadi",
                                                           AuditLog.entity_id == str(eid))).scalars().all()
    assert len(opened) == 1
    win.close()


def test_an_sk_proposal_is_applied_only_when_confirmed(qtbot, demo_ctx) -> None:
    eid = _andi(demo_ctx)
    with demo_ctx.uow() as uow:
        uow.session.add(UsulanSk(pegawai_id=eid, jenis="pangkat", status="usulan", usulan={
            "golongan": "III/c", "tmt_golongan": "2027-04-01", "sk_nomor": "800.1.3.2/77/BKPSDM/2027",
            "sk_tanggal": "2027-03-01", "mk_golongan_tahun": 8}))
        uow.commit()
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    page.open_record(eid)
    assert page.proposals.isVisible()
    from PySide6.QtWidgets import QPushButton

    QApplication.processEvents()
    apply = next(b for b in page.proposals.findChildren(QPushButton)
                 if b.objectName().startswith("usulan_terapkan") and b.isVisible())
    # first refused: nothing changes
    uiharness.when_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.No).click(), kind=QMessageBox)
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    uiharness.idle(qtbot, win)
    with demo_ctx.reader() as uow:
        assert uow.session.get(Pegawai, eid).gol_ruang_akhir == "III/b"
    uiharness.when_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click(), kind=QMessageBox)
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.proposals.isVisible(), timeout=10_000)
    uiharness.idle(qtbot, win)
    with demo_ctx.reader() as uow:
        p = uow.session.get(Pegawai, eid)
        assert (p.gol_ruang_akhir, p.tmt_gol_akhir) == ("III/c", dt.date(2027, 4, 1))
        u = uow.session.execute(select(UsulanSk).where(UsulanSk.pegawai_id == eid)).scalar_one()
        assert u.status == "diterapkan" and u.riwayat_id is not None
    assert page.current_id == eid
    # the new pangkat, and the one held until now kept as history by the staff core
    assert [r["golongan"] for r in page.tables["pangkat"].rows] == ["III/c", "III/b"], page.tables["pangkat"].rows

    # Kedudukan…: retired from a date; the active list no longer shows him, "Termasuk yang sudah keluar" does
    from PySide6.QtWidgets import QInputDialog

    answers = iter(["Pensiun", "01-02-2027"])

    def answer(w) -> None:  # type: ignore[no-untyped-def]
        w.setTextValue(next(answers))
        w.accept()
        uiharness.when_modal(qtbot, lambda w2: (w2.setTextValue(next(answers)), w2.accept()), kind=QInputDialog)

    uiharness.when_modal(qtbot, answer, kind=QInputDialog)
    qtbot.mouseClick(_button(page, page.act_kedudukan), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(r.id != eid for r in page.rows), timeout=10_000)
    uiharness.idle(qtbot, win)
    with demo_ctx.reader() as uow:
        p = uow.session.get(Pegawai, eid)
        assert (p.kedudukan, p.tanggal_keluar) == ("pensiun", dt.date(2027, 2, 1))
    qtbot.mouseClick(page.inactive, Qt.MouseButton.LeftButton)
    assert any(r.id == eid for r in page.rows)
    win.close()


def test_kgb_letter_is_drafted_in_surat_keluar(qtbot, demo_ctx) -> None:
    eid = _andi(demo_ctx)
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    page.open_record(eid)
    qtbot.mouseClick(_button(page, page.act_kgb), Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(QDialog)
    items = [dlg.list.item(i) for i in range(dlg.list.count())]
    mine = next(i for i in items if "Andi Wijaya" in i.text())
    assert mine.checkState() == Qt.CheckState.Checked and "01-01-2027" in mine.text()
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=10_000)
    uiharness.idle(qtbot, win)
    assert win.stack.currentWidget() is win.page("surat_keluar")
    from tatausaha.correspondence import letters

    with demo_ctx.reader() as uow:
        d = letters.get_keluar(uow, dlg.saved_id)
    assert d.status == "draft" and "Kenaikan Gaji Berkala" in d.hal and d.kode_klasifikasi == "800.1.11.13"
    assert "19860926 201505 1 001" in d.isi and "1 Januari 2027" in d.isi
    win.close()


def test_import_by_clicks_shows_every_problem_and_imports_nothing_then_a_good_file(qtbot, demo_ctx, tmp_path) -> None:
    from PySide6.QtWidgets import QPushButton, QTableWidget
    from test_staff_import import GOOD, HEAD, _xlsx

    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    rows = [list(r) for r in GOOD]
    rows[0][0] = "19860926201505100"  # a wrong NIP
    rows[2][0] = rows[1][0]  # a duplicate NIP
    rows[3][5] = "31-02-2015"  # an impossible date
    bad = _xlsx(tmp_path / "rusak.xlsx", [h for h in HEAD if h != "nama"], [r[:1] + r[2:] for r in rows])  # no "nama"
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    before = page.view.rowCount()

    def choose(path: Path) -> None:
        uiharness.choose_file(qtbot, path)
        qtbot.mouseClick(_button(page, page.act_import), Qt.MouseButton.LeftButton)

    from tatausaha.ui.staff.import_dialog import ImportCheckDialog

    choose(bad)
    qtbot.waitUntil(lambda: any(isinstance(w, ImportCheckDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=30_000)
    dlg = uiharness.open_top_level(ImportCheckDialog)
    table = dlg.findChild(QTableWidget, "import_problems")
    got = {(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())}
    assert got >= {("3", "Nama"), ("4", "nipBaru (A)"), ("6", "nipBaru (A)"), ("7", "tmtCpns (E)")}, got
    assert not dlg.findChild(QPushButton, "import_go").isVisible()
    assert "tidak ada yang diimpor" in dlg.summary.text() and not uiharness.english_in(dlg)
    dlg.reject()
    uiharness.idle(qtbot, win)
    assert page.view.rowCount() == before
    good = _xlsx(tmp_path / "baik.xlsx", HEAD, GOOD[3:])  # one non-ASN employee
    choose(good)
    qtbot.waitUntil(lambda: any(isinstance(w, ImportCheckDialog) and w.isVisible() and w is not dlg
                                for w in QApplication.topLevelWidgets()), timeout=30_000)
    ok = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportCheckDialog) and w.isVisible()][-1]
    done: list = []
    uiharness.when_modal(qtbot, lambda box: (done.append(box.text()), box.accept()), kind=QMessageBox)
    qtbot.mouseClick(ok.findChild(QPushButton, "import_go"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert "1 pegawai diimpor (1 baru, 0 diperbarui)" in done[0]
    uiharness.idle(qtbot, win)
    assert page.view.rowCount() == before + 1
    win.close()


def test_an_unknown_column_mapped_by_hand_is_remembered_for_next_month(qtbot, demo_ctx, tmp_path) -> None:
    from PySide6.QtWidgets import QPushButton
    from test_staff_import import _xlsx

    from tatausaha.staff import importer
    from tatausaha.ui.staff.import_dialog import ImportCheckDialog

    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    head = ["NIP 18 ANGKA", "NAMA", "TANGGAL LAHIR", "STATUS"]
    f = _xlsx(tmp_path / "desember.xlsx", head, [["198609262015051001", "Andi Wijaya", "26-09-1986", "PNS"]])
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")

    def dialogs() -> list[ImportCheckDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportCheckDialog) and w.isVisible()]

    uiharness.choose_file(qtbot, f)
    qtbot.mouseClick(_button(page, page.act_import), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs()), timeout=30_000)
    first = dialogs()[-1]
    assert "NIP" in {first.problems.item(r, 1).text() for r in range(first.problems.rowCount())}
    combo = first.manual["NIP 18 ANGKA"]
    _choose(qtbot, combo, "nip_baru")
    qtbot.mouseClick(first.findChild(QPushButton, "import_recheck"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs()) and dialogs()[-1] is not first, timeout=30_000)
    second = dialogs()[-1]
    assert second.report.ok and second.report.mapping["NIP 18 ANGKA (A)"] == "nip_baru"
    done: list = []
    uiharness.when_modal(qtbot, lambda box: (done.append(box.text()), box.accept()), kind=QMessageBox)
    qtbot.mouseClick(second.findChild(QPushButton, "import_go"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert "1 pegawai diimpor" in done[0]
    win.close()
    # next month's file of the same shape maps itself
    nxt = _xlsx(tmp_path / "januari.xlsx", head, [["197810222005012009", "Sri Lestari", "22-10-1978", "PNS"]])
    from tatausaha.app.demo import DEMO_PASSWORD
    from tatausaha.services import accounts

    rep = importer.run_import(demo_ctx.db, accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD), nxt, dry_run=True).value
    assert rep.ok and rep.mapping["NIP 18 ANGKA (A)"] == "nip_baru"


# --- riwayat edited and deleted by clicks; the stored import corrections ------------------------------


def _with_pangkat(demo_ctx, *rows) -> int:  # type: ignore[no-untyped-def]
    from tatausaha.app.demo import DEMO_PASSWORD
    from tatausaha.services import accounts
    from tatausaha.services.uow import perform
    from tatausaha.staff import service

    eid = _andi(demo_ctx)
    kasubag = accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD)
    for gol, tmt, mk in rows:
        perform(demo_ctx.db, kasubag, lambda uow, g=gol, t=tmt, m=mk: service.add_history(
            uow, eid, "pangkat", {"golongan": g, "tmt_golongan": t, "mk_golongan_tahun": m,
                                  "sk_nomor": f"SK {g}"}))
    return eid


def _pick(qtbot, table, row: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(row, 0)).center())
    assert table.currentRow() == row


def test_a_pangkat_row_edited_by_clicks_moves_the_kp_due_date_and_a_stale_edit_is_refused(qtbot, demo_ctx) -> None:
    eid = _with_pangkat(demo_ctx, ("III/b", dt.date(2023, 4, 1), 4))
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    page.open_record(eid)
    page.tabs.setCurrentWidget(page.tables["pangkat"])
    table = page.tables["pangkat"]
    assert table.rowCount() == 1 and not page.act_history_edit.isEnabled()  # nothing picked yet
    assert "01-04-2027" in page.due.text() and "01-10-2027" not in page.due.text()
    _pick(qtbot, table, 0)
    assert page.act_history_edit.isEnabled() and page.act_history_delete.isEnabled()
    qtbot.mouseClick(_button(page, page.act_history_edit), Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(QDialog)
    assert dlg.windowTitle() == "Ubah riwayat pangkat" and not uiharness.english_in(dlg)
    assert dlg.widgets["tmt_golongan"].text() == "01-04-2023" and dlg.widgets["golongan"].currentData() == "III/b"
    assert dlg.sk_nomor.text() == "SK III/b"
    _type(qtbot, dlg.widgets["tmt_golongan"], "01-10-2023")
    qtbot.mouseClick(uiharness.accept_button(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10_000)
    uiharness.idle(qtbot, win)
    qtbot.waitUntil(lambda: "01-10-2027" in page.due.text(), timeout=10_000)  # KP = TMT golongan + 4 years
    assert "01-04-2027" not in page.due.text()
    assert "TMT 01-10-2023" in page.header.text()
    with demo_ctx.reader() as uow:
        p = uow.session.get(Pegawai, eid)
        assert (p.gol_ruang_akhir, p.tmt_gol_akhir) == ("III/b", dt.date(2023, 10, 1))

    # the editor was opened, then someone else saved the same row: the save is refused, nothing overwritten
    _pick(qtbot, table, 0)
    qtbot.mouseClick(_button(page, page.act_history_edit), Qt.MouseButton.LeftButton)
    dlg2 = uiharness.open_top_level(QDialog)
    from tatausaha.app.demo import DEMO_PASSWORD
    from tatausaha.services import accounts
    from tatausaha.services.uow import perform
    from tatausaha.staff import service

    rid = table.rows[0]["id"]
    perform(demo_ctx.db, accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD),
            lambda uow: service.update_history(uow, "pangkat", rid, {"no_pertek_bkn": "PERTEK-9"}))
    _type(qtbot, dlg2.widgets["tmt_golongan"], "01-04-2024")
    qtbot.mouseClick(uiharness.accept_button(dlg2), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg2.message.isVisible(), timeout=10_000)
    assert "diubah" in dlg2.message.text() and dlg2.isVisible()
    dlg2.reject()
    with demo_ctx.reader() as uow:
        p = uow.session.get(Pegawai, eid)
        assert p.tmt_gol_akhir == dt.date(2023, 10, 1)
    assert not uiharness.error_boxes()
    win.close()


def test_deleting_the_newest_pangkat_after_confirming_puts_the_golongan_back(qtbot, demo_ctx) -> None:
    eid = _with_pangkat(demo_ctx, ("III/b", dt.date(2023, 4, 1), 4), ("III/c", dt.date(2026, 4, 1), 7))
    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    page.open_record(eid)
    page.tabs.setCurrentWidget(page.tables["pangkat"])
    table = page.tables["pangkat"]
    assert [r["golongan"] for r in table.rows] == ["III/c", "III/b"]
    assert "(III/c)" in page.header.text()
    _pick(qtbot, table, 0)
    # first "Batal": nothing happens
    asked: list[str] = []
    uiharness.when_modal(qtbot, lambda box: (asked.append(box.text()),
                                             box.button(QMessageBox.StandardButton.No).click()), kind=QMessageBox)
    qtbot.mouseClick(_button(page, page.act_history_delete), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert "III/c" in asked[0] and "01-04-2026" in asked[0] and "SK III/c" in asked[0]  # the row is named
    assert "kembali ke Golongan III/b" in asked[0]
    qtbot.wait(100)
    uiharness.idle(qtbot, win)
    assert len(table.rows) == 2
    _pick(qtbot, table, 0)
    uiharness.when_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click(), kind=QMessageBox)
    qtbot.mouseClick(_button(page, page.act_history_delete), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.tables["pangkat"].rows) == 1, timeout=10_000)
    uiharness.idle(qtbot, win)
    assert "(III/b)" in page.header.text() and "TMT 01-04-2023" in page.header.text()
    with demo_ctx.reader() as uow:
        p = uow.session.get(Pegawai, eid)
        assert (p.gol_ruang_akhir, p.tmt_gol_akhir, p.mk_tahun) == ("III/b", dt.date(2023, 4, 1), 4)
    assert not uiharness.error_boxes()
    win.close()


def test_a_clerk_without_the_personal_data_right_sees_no_riwayat_edit_delete_or_corrections(qtbot, demo_ctx) -> None:
    eid = _with_pangkat(demo_ctx, ("III/b", dt.date(2023, 4, 1), 4))
    win = uiharness.open_window(qtbot, demo_ctx, "staf")
    page = _nav(qtbot, win, "pegawai")
    page.open_record(eid)
    page.tabs.setCurrentWidget(page.tables["pangkat"])
    _pick(qtbot, page.tables["pangkat"], 0)
    assert page.act_history.isEnabled()  # adding a row stays the clerk's work
    assert not page.act_history_edit.isVisible() and not page.act_history_delete.isVisible()
    assert not page.act_corrections.isVisible()
    assert not _button(page, page.act_history_delete).isVisible()
    win.close()


def test_a_stored_import_correction_removed_by_clicks_is_gone_for_the_next_import(qtbot, demo_ctx, tmp_path) -> None:
    from PySide6.QtWidgets import QPushButton, QTableWidget
    from test_staff_import import _xlsx

    from tatausaha.app.demo import DEMO_PASSWORD
    from tatausaha.services import accounts
    from tatausaha.services.uow import perform
    from tatausaha.staff import importer

    kasubag = accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD)
    fix = importer.corrections_from_args(["NIP 18 ANGKA=nip_baru"], ["gol_ruang_akhir:3B=III/b"])
    perform(demo_ctx.db, kasubag, lambda uow: importer.remember(uow, fix))
    head = ["NIP 18 ANGKA", "NAMA", "TANGGAL LAHIR", "STATUS"]
    f = _xlsx(tmp_path / "januari.xlsx", head, [["197810222005012009", "Sri Lestari", "22-10-1978", "PNS"]])
    assert importer.run_import(demo_ctx.db, kasubag, f, dry_run=True).value.ok  # the stored correction maps it

    win = uiharness.open_window(qtbot, demo_ctx, "kasubag")
    page = _nav(qtbot, win, "pegawai")
    assert page.act_corrections.isVisible()
    qtbot.mouseClick(_button(page, page.act_corrections), Qt.MouseButton.LeftButton)
    dlg = uiharness.open_top_level(QDialog)
    assert dlg.objectName() == "koreksi_impor" and not uiharness.english_in(dlg)
    table = dlg.findChild(QTableWidget, "koreksi_daftar")
    listed = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert ("Judul kolom", "nip 18 angka", "NIP") in listed and ("Nilai", "Golongan: 3b", "III/b") in listed, listed
    remove = dlg.findChild(QPushButton, "koreksi_hapus")
    assert not remove.isEnabled()
    r = next(i for i, row in enumerate(listed) if row[0] == "Judul kolom")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(r, 1)).center())
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert table.rowCount() == 1 and table.item(0, 0).text() == "Nilai"
    qtbot.mouseClick(dlg.findChild(QPushButton, "koreksi_tutup"), Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert not uiharness.error_boxes()
    win.close()
    rep = importer.run_import(demo_ctx.db, kasubag, f, dry_run=True).value
    assert not rep.ok and "NIP 18 ANGKA (A)" not in rep.mapping  # the header is no longer mapped
    with demo_ctx.reader() as uow:
        kept = importer.stored_corrections(uow)
    assert not kept.headers and kept.values == {"gol_ruang_akhir": {"3b": "III/b"}}
