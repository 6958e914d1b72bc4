"""Accounts and posts (issue 9 item 4): an office set up only through the first-run wizard routes a
disposition from the Camat to the Sekcam's account; accounts are linked to their post and unit in
Pengaturan and with ``tatausaha users``; a Plt./Plh. receives what is addressed to the post."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWizard
from sqlalchemy import select
from uiharness import accept_button, open_top_level

from tatausaha.app import setup
from tatausaha.app.demo import quick_office
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import letters
from tatausaha.correspondence.demo import actor_for
from tatausaha.errors import Conflict, ValidationFailed
from tatausaha.models.account import User
from tatausaha.models.correspondence import Disposisi
from tatausaha.models.office import PenugasanPejabat
from tatausaha.services import accounts, office
from tatausaha.services.auth import SYSTEM
from tatausaha.ui.context import UiContext

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]

CAMAT_NIP = "197203151993031004"
SEKCAM_NIP = "197808222005012009"


def _login_window(qtbot, ctx, username: str, password: str):  # type: ignore[no-untyped-def]
    from tatausaha.ui.login import LoginDialog
    from tatausaha.ui.mainwindow import MainWindow

    dlg = LoginDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.username, username)
    qtbot.keyClicks(dlg.password, password)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.message.text()
    win = MainWindow(UiContext(ctx, dlg.actor))
    qtbot.addWidget(win)
    win.show()
    return win


def test_wizard_only_office_routes_a_disposition_from_camat_to_sekcam(qtbot, ctx) -> None:
    from tatausaha.ui.correspondence.forms import DisposisiDialog, SuratMasukDialog
    from tatausaha.ui.login import FirstRunWizard

    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    nxt = wizard.button(QWizard.WizardButton.NextButton)
    nxt.click()
    f = wizard.office_page.fields
    qtbot.keyClicks(f["pemerintah"], "PEMERINTAH KOTA BEKASI")
    qtbot.keyClicks(f["nama_kantor"], "KECAMATAN JATISAMPURNA")
    qtbot.keyClicks(f["kota"], "Bekasi")
    nxt.click()
    page = wizard.pimpinan_page
    assert wizard.currentPage() is page
    assert page.camat.jabatan.text() == "Camat Jatisampurna"  # from the office name
    assert "UMPEG" in page.units.toPlainText()  # the usual units are offered
    qtbot.keyClicks(page.camat.nama, "Drs. H. Ahmad Suryadi, M.Si.")
    qtbot.keyClicks(page.camat.nip, "1972 0315")  # too short: refused, the wizard stays
    qtbot.keyClicks(page.camat.password, "camat-rahasia")
    qtbot.keyClicks(page.sekcam.nama, "Hj. Rina Marlina, S.Sos.")
    qtbot.keyClicks(page.sekcam.nip, "19780822 200501 2 009")
    qtbot.keyClicks(page.sekcam.password, "sekcam-rahasia")
    nxt.click()
    assert wizard.currentPage() is page
    assert "NIP" in page.error.text() and "18 angka" in page.error.text()
    page.camat.nip.clear()
    qtbot.keyClicks(page.camat.nip, "19720315 199303 1 004")
    nxt.click()
    assert wizard.currentPage() is wizard.admin_page
    qtbot.keyClicks(wizard.admin_page.full_name, "Admin Kecamatan")
    qtbot.keyClicks(wizard.admin_page.password, "admin-rahasia")
    qtbot.keyClicks(wizard.admin_page.password2, "admin-rahasia")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted, wizard.admin_page.error.text()

    with ctx.reader(SYSTEM) as uow:
        posts = {o.jabatan: o for o in office.list_officials(uow)}
        units = {u.kode: u for u in office.list_units(uow)}
        users = {u.username: accounts.actor_of(u) for u in uow.session.execute(select(User)).scalars()}
    assert posts["Camat Jatisampurna"].nip == CAMAT_NIP and posts["Sekretaris Kecamatan"].nip == SEKCAM_NIP
    assert set(units) >= {"SEKRE", "UMPEG", "PEM", "TRANTIB"}
    assert users["camat"].official_id == posts["Camat Jatisampurna"].id
    assert users["sekcam"].official_id == posts["Sekretaris Kecamatan"].id
    assert users["sekcam"].unit_id == units["SEKRE"].id

    # the Camat logs in, registers a letter and disposes it to the Sekcam — all by widgets
    win = _login_window(qtbot, ctx, "camat", "camat-rahasia")
    masuk = win.show_page("surat_masuk")
    masuk.act_new.trigger()
    dlg = open_top_level(SuratMasukDialog)
    qtbot.keyClicks(dlg.pengirim, "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi")
    dlg.pengirim.completer().popup().hide()
    qtbot.keyClicks(dlg.perihal, "Undangan rapat koordinasi KTP-el")
    accept_button(dlg).click()
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=10000)
    letter_id = dlg.saved_id
    qtbot.waitUntil(lambda: masuk.model.rowCount() == 1, timeout=5000)
    masuk.view.selectRow(0)
    masuk.act_dispose.trigger()
    disp = open_top_level(DisposisiDialog)
    labels = [disp.recipients.item(i).text() for i in range(disp.recipients.count())]
    assert any(t.startswith("Sekretaris Kecamatan — Hj. Rina Marlina") for t in labels), labels
    row = next(i for i, t in enumerate(labels) if t.startswith("Sekretaris Kecamatan"))
    item = disp.recipients.item(row)
    rect = disp.recipients.visualItemRect(item)
    qtbot.mouseClick(disp.recipients.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if item.checkState() != Qt.CheckState.Checked:  # a click on the text selects; space ticks
        qtbot.keyClick(disp.recipients, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked
    qtbot.keyClicks(disp.lainnya, "Mohon dihadiri")
    accept_button(disp).click()
    qtbot.waitUntil(lambda: bool(disp.created), timeout=10000)
    win.close()

    # the Sekcam logs in and finds it in "Disposisi untuk saya"
    win2 = _login_window(qtbot, ctx, "sekcam", "sekcam-rahasia")
    inbox = win2.show_page("disposisi")
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=5000)
    assert inbox.model.items[0].surat_masuk_id == letter_id
    assert inbox.model.items[0].perihal == "Undangan rapat koordinasi KTP-el"
    assert "Camat Jatisampurna" in inbox.model.items[0].dari
    win2.close()


def test_wizard_refuses_a_bad_unit_line_and_writes_nothing(qtbot, ctx) -> None:
    from tatausaha.ui.login import FirstRunWizard

    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    nxt = wizard.button(QWizard.WizardButton.NextButton)
    nxt.click()
    qtbot.keyClicks(wizard.office_page.fields["pemerintah"], "PEMERINTAH KOTA BEKASI")
    qtbot.keyClicks(wizard.office_page.fields["nama_kantor"], "KECAMATAN JATISAMPURNA")
    nxt.click()
    page = wizard.pimpinan_page
    page.units.setPlainText("UMPEG Subbagian Umum\nSEKRE")
    qtbot.keyClicks(page.sekcam.nama, "Hj. Rina Marlina")
    qtbot.keyClicks(page.sekcam.password, "pendek")
    nxt.click()
    assert wizard.currentPage() is page
    assert "baris unit 2" in page.error.text().lower()
    assert "minimal 8" in page.error.text()
    assert not setup.state(ctx).has_office


# --------------------------------------------------------------------------- Plt./Plh.


def _letter(ctx, actor) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=actor) as uow:
        saved = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=dt.date(2026, 3, 2), pengirim="Kelurahan Jatikarya", perihal="Laporan kegiatan posyandu"))
        uow.commit()
    return saved.id


def test_plh_receives_what_is_addressed_to_the_post_only_while_assigned(qtbot, ctx) -> None:
    people = quick_office(ctx)
    with ctx.reader() as uow:
        posts = {o.jabatan: o.id for o in office.list_officials(uow)}
        sekcam_id = uow.session.execute(select(User.id).where(User.username == "sekcam")).scalar_one()
    camat_post = posts["Camat Jatisampurna"]
    mid = _letter(ctx, people["operator"])
    with ctx.uow(actor=people["kasubag"]) as uow:  # addressed to the post "Camat", not to a person
        [did] = dsp.dispose(uow, mid, [dsp.Recipient(official_id=camat_post)], instruksi=["Untuk diketahui"])
        uow.commit()
    assert not any(i.disposisi_id == did for i in _inbox(ctx, actor_for(ctx, "sekcam")))

    with ctx.uow(actor=SYSTEM) as uow:
        a = accounts.assign_acting(uow, sekcam_id, camat_post, "plh", mulai=dt.date(2026, 3, 1),
                                   selesai=dt.date(2026, 3, 6), dasar="Surat Perintah Camat 800.1.11.1/21")
        uow.commit()
    assert a.jenis == "Plh."
    with ctx.reader() as uow:
        on = accounts.actor_of(uow.session.get(User, sekcam_id), uow.session, on=dt.date(2026, 3, 3))
        off = accounts.actor_of(uow.session.get(User, sekcam_id), uow.session, on=dt.date(2026, 3, 9))
    assert camat_post in on.official_ids and camat_post not in off.official_ids
    assert [i.disposisi_id for i in _inbox(ctx, on)] == [did]
    assert _inbox(ctx, off) == []

    # the acting Sekcam sees it on the real Disposisi page and forwards it in the Camat's name
    from tatausaha.ui.correspondence.disposisi_page import DisposisiPage

    page = DisposisiPage(UiContext(ctx, on))
    qtbot.addWidget(page)
    assert [it.disposisi_id for it in page.model.items] == [did]
    with ctx.uow(actor=on) as uow:
        [child] = dsp.dispose(uow, mid, [dsp.Recipient(official_id=posts["Kepala Subbagian Umum dan Kepegawaian"])],
                              instruksi=["Proses lebih lanjut"], parent_id=did)
        uow.commit()
    with ctx.reader() as uow:
        row = uow.session.get(Disposisi, child)
        assert row.dari_official_id == camat_post and row.dari_user_id == sekcam_id
        assert ("Plh.", "Hj. Rina Marlina, S.Sos., M.M.") in accounts.holders(uow.session, camat_post, dt.date(2026, 3, 3))
        assert [p for p, _ in accounts.holders(uow.session, camat_post, dt.date(2026, 3, 9))] == [""]
    with ctx.uow(actor=SYSTEM) as uow:
        accounts.end_acting(uow, a.id)
        uow.commit()
    with ctx.reader() as uow:
        again = accounts.actor_of(uow.session.get(User, sekcam_id), uow.session, on=dt.date(2026, 3, 3))
    assert camat_post not in again.official_ids


def _inbox(ctx, actor):  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        uow.actor = actor
        uow.session.info["actor"] = actor
        return dsp.inbox(uow)


def test_link_and_acting_refusals_are_indonesian_and_write_nothing(ctx) -> None:
    quick_office(ctx)
    with ctx.reader() as uow:
        posts = {o.jabatan: o.id for o in office.list_officials(uow)}
        ids = dict(uow.session.execute(select(User.username, User.id)).all())
    with ctx.uow(actor=SYSTEM) as uow, pytest.raises(Conflict) as exc:
        accounts.link_user(uow, ids["staf"], official_id=posts["Camat Jatisampurna"], unit_id=None)
    assert "sudah terhubung ke akun camat" in str(exc.value) and "Plt./Plh." in str(exc.value)
    with ctx.uow(actor=SYSTEM) as uow, pytest.raises(ValidationFailed) as exc2:
        accounts.assign_acting(uow, ids["camat"], posts["Camat Jatisampurna"], "Plt.")
    assert "pemegang jabatan" in str(exc2.value)
    with ctx.uow(actor=SYSTEM) as uow, pytest.raises(ValidationFailed) as exc3:
        accounts.assign_acting(uow, ids["sekcam"], posts["Camat Jatisampurna"], "Wakil")
    assert "Plt. atau Plh." in str(exc3.value)
    with ctx.uow(actor=SYSTEM) as uow, pytest.raises(ValidationFailed):
        accounts.assign_acting(uow, ids["sekcam"], posts["Camat Jatisampurna"], "Plt.",
                               mulai=dt.date(2026, 3, 5), selesai=dt.date(2026, 3, 1))
    with ctx.uow(actor=actor_for(ctx, "operator")) as uow, pytest.raises(Exception) as exc4:
        accounts.link_user(uow, ids["staf"], official_id=None, unit_id=None)
    assert "tidak berhak" in str(exc4.value)
    with ctx.reader() as uow:
        assert uow.session.execute(select(PenugasanPejabat)).first() is None
        assert uow.session.get(User, ids["staf"]).official_id is not None


def test_pengaturan_links_an_account_to_its_post_and_assigns_a_plh(qtbot, demo_ctx, monkeypatch) -> None:
    from tatausaha.app.demo import DEMO_PASSWORD

    win = _login_window(qtbot, demo_ctx, "admin", DEMO_PASSWORD)
    page = win.show_page("pengaturan")
    page.tabs.setCurrentIndex([page.tabs.tabText(i) for i in range(page.tabs.count())].index("Pengguna"))
    # a new clerk: created already linked to a post and a unit
    with demo_ctx.uow(actor=SYSTEM) as uow:
        post = office.save_official(uow, nama="Lina Marlina", jabatan="Pengelola Surat", unit_id=None)
        uow.commit()
    page.reload()
    qtbot.keyClicks(page.user_name, "lina")
    qtbot.keyClicks(page.user_full, "Lina Marlina")
    qtbot.keyClicks(page.user_pw, "sandi-awal-lina")
    page.user_post.setCurrentIndex(page.user_post.findData(post.id))
    page.user_unit.setCurrentIndex(page.user_unit.findText("UMPEG", Qt.MatchFlag.MatchStartsWith))
    page.findChild(QPushButton, "add_user").click()
    with demo_ctx.reader() as uow:
        lina = uow.session.execute(select(User).where(User.username == "lina")).scalar_one()
        assert lina.official_id == post.id and lina.unit_id is not None
    # re-link "staf" to no post, by selecting its row and clicking
    shown: list[str] = []
    monkeypatch.setattr("tatausaha.ui.pages.pengaturan.show_error", lambda parent, exc, *a: shown.append(str(exc)))
    row = next(r for r in range(page.users_table.rowCount()) if page.users_table.item(r, 0).text() == "staf")
    page.users_table.selectRow(row)
    page.user_post.setCurrentIndex(page.user_post.findData(
        next(o.id for o in _officials(demo_ctx) if o.jabatan == "Camat Jatisampurna")))
    page.findChild(QPushButton, "link_user").click()
    assert shown and "sudah terhubung ke akun camat" in shown[0]
    # Plh.: the Sekcam acts for the Camat
    row = next(r for r in range(page.users_table.rowCount()) if page.users_table.item(r, 0).text() == "sekcam")
    page.users_table.selectRow(row)
    page.acting_post.setCurrentIndex(page.acting_post.findText("Camat Jatisampurna", Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(page.acting_basis, "Sprin 800.1.11.1/30")
    page.findChild(QPushButton, "assign_acting").click()
    assert page.acting_table.rowCount() == 1
    assert page.acting_table.item(0, 1).text() == "Plh. Camat Jatisampurna"
    row = next(r for r in range(page.users_table.rowCount()) if page.users_table.item(r, 0).text() == "sekcam")
    assert page.users_table.item(row, 5).text() == "Plh. Camat Jatisampurna"
    win.close()


def _officials(ctx):  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return office.list_officials(uow)


def test_cli_users_add_link_and_acting(tmp_path) -> None:
    from tests.test_foundation_cli import cli

    home = tmp_path / "cli"
    home.mkdir()
    assert cli(home, "init", "--admin-user", "admin", "--admin-password", "admin-rahasia", "--pemerintah",
               "PEMERINTAH KOTA BEKASI", "--kantor", "KECAMATAN JATISAMPURNA").returncode == 0
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext

    c = AppContext.open(AppPaths(home))
    with c.uow(actor=SYSTEM) as uow:
        umpeg = office.save_unit(uow, "UMPEG", "Subbagian Umum dan Kepegawaian")
        office.save_official(uow, nama="Drs. H. Ahmad Suryadi", jabatan="Camat Jatisampurna", nip=CAMAT_NIP, can_sign=True)
        office.save_official(uow, nama="Budi Santoso", jabatan="Kepala Subbagian Umum dan Kepegawaian",
                             unit_id=umpeg.id, can_sign=True)
        uow.commit()
    c.close()
    env = {"TATAUSAHA_NEW_PASSWORD": "sandi-awal-123", "TATAUSAHA_USER": "admin", "TATAUSAHA_PASSWORD": "admin-rahasia"}
    r = cli(home, "--json", "users", "add", "camat", "--name", "Drs. H. Ahmad Suryadi", "--role", "pimpinan",
            "--pejabat", "19720315 199303 1 004", env=env)
    assert r.returncode == 0, r.stderr
    r = cli(home, "users", "add", "kasubag", "--name", "Budi Santoso", "--role", "pimpinan", "--pejabat", "kepala subbagian",
            env=env)
    assert r.returncode == 0, r.stderr
    r = cli(home, "users", "add", "budi2", "--name", "Budi Lain", "--role", "operator", "--pejabat", "Camat Jatisampurna",
            env=env)
    assert r.returncode != 0 and "sudah terhubung ke akun camat" in r.stderr
    r = cli(home, "users", "link", "kasubag", "--unit", "NOPE", env=env)
    assert r.returncode != 0 and "Unit kerja 'NOPE' tidak ditemukan" in r.stderr
    r = cli(home, "users", "acting", "kasubag", "--pejabat", "Camat", "--jenis", "Plh.", "--mulai", "1 Maret 2026",
            "--selesai", "6 Maret 2026", "--dasar", "Sprin 30", env=env)
    assert r.returncode == 0, r.stderr
    r = cli(home, "--json", "users", "list", env=env)
    rows = {u["username"]: u for u in json.loads(r.stdout)}
    assert rows["camat"]["pejabat"] == "Camat Jatisampurna"
    assert rows["kasubag"]["pejabat"] == "Kepala Subbagian Umum dan Kepegawaian" and rows["kasubag"]["unit"] == "UMPEG"
    assert rows["kasubag"]["acting"] == ["Plh. Camat Jatisampurna"]
    r = cli(home, "users", "link", "kasubag", "--pejabat", "-", env=env)
    assert r.returncode == 0, r.stderr
    rows = {u["username"]: u for u in json.loads(cli(home, "--json", "users", "list", env=env).stdout)}
    assert rows["kasubag"]["pejabat"] == "" and rows["kasubag"]["unit"] == "UMPEG"


def test_a_plh_without_secret_rights_opens_a_rahasia_letter_of_the_post_only_while_acting(ctx) -> None:
    from tatausaha.errors import PermissionDenied

    people = quick_office(ctx)
    with ctx.reader() as uow:
        posts = {o.jabatan: o.id for o in office.list_officials(uow)}
        staf_id = uow.session.execute(select(User.id).where(User.username == "staf")).scalar_one()
    kasubag_post = posts["Kepala Subbagian Umum dan Kepegawaian"]
    with ctx.uow(actor=people["kasubag"]) as uow:
        secret = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=dt.date(2026, 3, 2), pengirim="Polsek Jatisampurna", perihal="Laporan intelijen Zamrud",
            keamanan="rahasia"))
        uow.commit()
    with ctx.uow(actor=people["camat"]) as uow:
        dsp.dispose(uow, secret.id, [dsp.Recipient(official_id=kasubag_post)], instruksi=["Untuk diketahui"])
        uow.commit()
    with ctx.uow(actor=SYSTEM) as uow:  # the staf (an operator: no SEE_SECRET) stands in for the Kasubag
        accounts.assign_acting(uow, staf_id, kasubag_post, "Plh.", mulai=dt.date(2026, 3, 2), selesai=dt.date(2026, 3, 4))
        uow.commit()
    with ctx.reader() as uow:
        acting = accounts.actor_of(uow.session.get(User, staf_id), uow.session, on=dt.date(2026, 3, 3))
        later = accounts.actor_of(uow.session.get(User, staf_id), uow.session, on=dt.date(2026, 3, 5))
    with ctx.reader() as uow:
        uow.actor = acting
        assert letters.get_masuk(uow, secret.id).perihal == "Laporan intelijen Zamrud"
        assert [i.perihal for i in dsp.inbox(uow)] == ["Laporan intelijen Zamrud"]
    with ctx.reader() as uow:
        uow.actor = later
        with pytest.raises(PermissionDenied):
            letters.get_masuk(uow, secret.id)
