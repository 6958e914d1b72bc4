"""Approval of outgoing letters (issue 9 item 5): draft → paraf (in order) → tanda tangan → nomor; return for
revision with a note (history kept); who may paraf/sign is enforced by the services; the pimpinan's
queues; an office without approval switches it off and numbering then asks for confirmation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPushButton
from sqlalchemy import func, select

from tatausaha.app.demo import quick_office
from tatausaha.correspondence import approval, letters
from tatausaha.correspondence.letters import SuratKeluarInput
from tatausaha.errors import PermissionDenied, ValidationFailed
from tatausaha.models.account import User
from tatausaha.models.audit import AuditLog
from tatausaha.models.correspondence import ParafSurat, SuratKeluar
from tatausaha.services import accounts
from tatausaha.services.auth import SYSTEM
from tatausaha.ui.context import UiContext

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_settings")]


@pytest.fixture
def people(ctx):  # type: ignore[no-untyped-def]
    return quick_office(ctx)


def _draft(ctx, people, hal: str = "Jawaban undangan rapat koordinasi") -> int:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=people["operator"]) as uow:
        saved = letters.create_keluar(uow, SuratKeluarInput(
            jenis="SD", hal=hal, tujuan="Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi", tujuan_di="Bekasi",
            kode_klasifikasi="400.12.1", penandatangan_id=people["camat"].official_id, isi="Dengan hormat,\n\nKami hadir.",
            tanggal_surat=dt.date(2026, 3, 4)))
        uow.commit()
    return saved.id


def _as(ctx, actor, fn):  # type: ignore[no-untyped-def]
    with ctx.uow(actor=actor) as uow:
        out = fn(uow)
        uow.commit()
    return out


def _snapshot(ctx, kid: int) -> tuple:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        k = uow.session.get(SuratKeluar, kid)
        steps = [(p.putaran, p.urutan, p.status, p.catatan, p.oleh_user_id)
                 for p in uow.session.execute(select(ParafSurat).where(ParafSurat.surat_keluar_id == kid)
                                              .order_by(ParafSurat.id)).scalars()]
        audit = uow.session.execute(select(func.count(AuditLog.id))).scalar_one()
        return (k.tahap, k.menunggu_official_id, k.status, k.nomor, tuple(steps), audit)


def test_paraf_in_order_return_with_note_resubmit_sign_number(ctx, people) -> None:
    op, kasubag, sekcam, camat = people["operator"], people["kasubag"], people["sekcam"], people["camat"]
    kid = _draft(ctx, people)
    # an unsigned draft gets no number
    with ctx.uow(actor=op) as uow, pytest.raises(ValidationFailed, match="belum diparaf dan ditandatangani"):
        letters.give_number(uow, kid)
    _as(ctx, op, lambda uow: approval.submit(uow, kid, [kasubag.official_id, sekcam.official_id]))
    with ctx.reader() as uow:
        uow.actor = kasubag
        assert [r.id for r in approval.waiting_for_me(uow, "paraf")] == [kid]
    with ctx.reader() as uow:
        uow.actor = sekcam
        assert approval.waiting_for_me(uow, "paraf") == []  # not her turn yet

    bad_rows = [
        (sekcam, lambda uow: approval.paraf(uow, kid), PermissionDenied, "hanya Kepala Subbagian Umum"),
        (op, lambda uow: approval.paraf(uow, kid), PermissionDenied, "tidak memegang jabatan itu"),
        (camat, lambda uow: approval.sign(uow, kid), ValidationFailed, "masih menunggu paraf"),
        (op, lambda uow: letters.give_number(uow, kid), ValidationFailed, "masih menunggu paraf"),
        (op, lambda uow: letters.update_keluar(uow, kid, SuratKeluarInput(jenis="SD", hal="diubah", tujuan="x")),
         ValidationFailed, "minta dikembalikan untuk perbaikan"),
        (kasubag, lambda uow: approval.return_for_revision(uow, kid, "  "), ValidationFailed, "catatan perbaikan"),
    ]
    for actor, fn, exc, words in bad_rows:
        before = _snapshot(ctx, kid)
        with ctx.uow(actor=actor) as uow, pytest.raises(exc) as info:
            fn(uow)
            uow.commit()
        assert words in str(info.value), str(info.value)
        assert _snapshot(ctx, kid) == before  # nothing written, not even an audit row

    _as(ctx, kasubag, lambda uow: approval.paraf(uow, kid))
    with ctx.reader() as uow:
        assert uow.session.get(SuratKeluar, kid).menunggu_official_id == sekcam.official_id
    _as(ctx, sekcam, lambda uow: approval.return_for_revision(uow, kid, "Tambahkan nama peserta yang hadir."))
    # signing, numbering a draft returned for revision: refused, nothing written
    for actor, fn, words in (
        (camat, lambda uow: approval.sign(uow, kid), "dikembalikan untuk perbaikan"),
        (kasubag, lambda uow: approval.paraf(uow, kid), "dikembalikan untuk perbaikan"),
        (op, lambda uow: letters.give_number(uow, kid), "dikembalikan untuk perbaikan"),
    ):
        before = _snapshot(ctx, kid)
        with ctx.uow(actor=actor) as uow, pytest.raises(ValidationFailed, match=words):
            fn(uow)
        assert _snapshot(ctx, kid) == before

    # the clerk corrects it and submits again: round 2
    with ctx.uow(actor=op) as uow:
        d = letters.get_keluar(uow, kid)
        letters.update_keluar(uow, kid, d.as_input().__class__(**{**d.as_input().__dict__,
                                                                  "isi": d.isi + "\n\nPeserta: Sdr. Andi."}))
        approval.submit(uow, kid, [kasubag.official_id, sekcam.official_id])
        uow.commit()
    _as(ctx, kasubag, lambda uow: approval.paraf(uow, kid))
    _as(ctx, sekcam, lambda uow: approval.paraf(uow, kid, "Sudah sesuai."))
    with ctx.uow(actor=kasubag) as uow, pytest.raises(PermissionDenied, match="Camat Jatisampurna"):
        approval.sign(uow, kid)
    with ctx.reader() as uow:
        uow.actor = camat
        assert [r.id for r in approval.waiting_for_me(uow, "ttd")] == [kid]
        assert approval.counts(uow).menunggu_ttd == 1
    _as(ctx, camat, lambda uow: approval.sign(uow, kid))
    info = _as(ctx, op, lambda uow: letters.give_number(uow, kid))
    assert info.nomor == "400.12.1/1/Kec.JTS/III/2026"

    with ctx.reader() as uow:
        uow.actor = op
        st = approval.state(uow, kid)
        camat_uid = uow.session.execute(select(User.id).where(User.username == "camat")).scalar_one()
        k = uow.session.get(SuratKeluar, kid)
        assert k.ditandatangani_oleh == camat_uid and k.status == "bernomor"
        trail = [(a.action, json.loads(a.after or "{}").get("status")) for a in uow.session.execute(
            select(AuditLog).where(AuditLog.entity == "paraf_surat").order_by(AuditLog.id)).scalars()]
    rounds = [(s.putaran, s.peran, s.status) for s in st.steps]
    assert rounds == [(1, "paraf", "selesai"), (1, "paraf", "dikembalikan"), (1, "ttd", "dibatalkan"),
                      (2, "paraf", "selesai"), (2, "paraf", "selesai"), (2, "ttd", "selesai")]
    assert st.steps[1].catatan == "Tambahkan nama peserta yang hadir." and st.steps[1].oleh == "Hj. Rina Marlina, S.Sos., M.M."
    # the audit trail has every step: 6 rows inserted, then paraf/return/cancel/paraf/paraf/sign updates
    assert trail.count(("create", "menunggu")) == 6
    assert [s for a, s in trail if a == "update"] == ["selesai", "dikembalikan", "dibatalkan", "selesai", "selesai", "selesai"]


def test_submit_refusals_and_a_plh_signs_for_the_camat(ctx, people) -> None:
    op, kasubag, camat = people["operator"], people["kasubag"], people["camat"]
    with ctx.uow(actor=op) as uow:
        nobody = letters.create_keluar(uow, SuratKeluarInput(jenis="SD", hal="Tanpa penandatangan", tujuan="Lurah"))
        uow.commit()
    with ctx.uow(actor=op) as uow, pytest.raises(ValidationFailed, match="penandatangan belum ditentukan"):
        approval.submit(uow, nobody.id, [kasubag.official_id])
    kid = _draft(ctx, people)
    with ctx.uow(actor=op) as uow, pytest.raises(ValidationFailed, match="disebut dua kali"):
        approval.submit(uow, kid, [kasubag.official_id, kasubag.official_id])
    with ctx.uow(actor=op) as uow, pytest.raises(ValidationFailed, match="tidak perlu memaraf"):
        approval.submit(uow, kid, [camat.official_id])
    _as(ctx, op, lambda uow: approval.submit(uow, kid, []))  # no reviewers: straight to the signer
    with ctx.uow(actor=op) as uow, pytest.raises(ValidationFailed, match="sudah diajukan"):
        approval.submit(uow, kid, [])
    # the Camat is away: the Sekcam is Plh. Camat from 2 to 6 March 2026
    with ctx.reader() as uow:
        sekcam_id = uow.session.execute(select(User.id).where(User.username == "sekcam")).scalar_one()
    with ctx.uow(actor=SYSTEM) as uow:
        accounts.assign_acting(uow, sekcam_id, camat.official_id, "Plh.", mulai=dt.date(2026, 3, 2),
                               selesai=dt.date(2026, 3, 6))
        uow.commit()
    with ctx.reader() as uow:
        plh = accounts.actor_of(uow.session.get(User, sekcam_id), uow.session, on=dt.date(2026, 3, 4))
        back = accounts.actor_of(uow.session.get(User, sekcam_id), uow.session, on=dt.date(2026, 3, 9))
    with ctx.uow(actor=back) as uow, pytest.raises(PermissionDenied, match="atau Plt./Plh.-nya"):
        approval.sign(uow, kid)
    _as(ctx, plh, lambda uow: approval.sign(uow, kid))
    with ctx.reader() as uow:
        k = uow.session.get(SuratKeluar, kid)
        assert k.tahap == "ditandatangani" and k.ditandatangani_oleh == sekcam_id
    # printed: "Plh. Camat Jatisampurna," above the Sekcam's own name and NIP, not the absent Camat's
    from tatausaha.correspondence import printdata
    from tatausaha.printing import build_letter, to_bytes
    from tatausaha.printing.readback import page_texts

    with ctx.reader() as uow:
        uow.actor = plh
        text = " ".join(" ".join(page_texts(to_bytes(build_letter, printdata.letter_doc(uow, kid)))).split())
    assert "Plh. Camat Jatisampurna" in text and "Hj. Rina Marlina" in text and "19780822 200501 2 009" in text
    assert "Ahmad Suryadi" not in text


def test_switched_off_numbers_directly_and_submit_says_why(ctx, people) -> None:
    kid = _draft(ctx, people)
    with ctx.uow(actor=people["operator"]) as uow, pytest.raises(PermissionDenied):
        approval.set_enabled(uow, False)  # only an admin
    _as(ctx, SYSTEM, lambda uow: approval.set_enabled(uow, False))
    with ctx.uow(actor=people["operator"]) as uow, pytest.raises(ValidationFailed, match="tidak dipakai kantor ini"):
        approval.submit(uow, kid, [])
    info = _as(ctx, people["operator"], lambda uow: letters.give_number(uow, kid))
    assert info.nomor.startswith("400.12.1/1/")


def _window(qtbot, ctx, actor):  # type: ignore[no-untyped-def]
    from tatausaha.ui.mainwindow import MainWindow

    win = MainWindow(UiContext(ctx, actor))
    qtbot.addWidget(win)
    win.show()
    return win


def _keluar_page(qtbot, ctx, actor):  # type: ignore[no-untyped-def]
    """The clerk's Surat Keluar page in her own main window."""
    return _window(qtbot, ctx, actor).show_page("surat_keluar")


def test_by_widgets_queues_on_beranda_paraf_return_sign_and_the_switch(qtbot, ctx, people) -> None:
    op, kasubag, camat = people["operator"], people["kasubag"], people["camat"]
    kid = _draft(ctx, people)
    with ctx.uow(actor=op) as uow:
        m = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=dt.date(2026, 3, 2), pengirim="Kelurahan Jatikarya", perihal="Permohonan data penduduk"))
        uow.commit()

    # the clerk submits it through the toolbar: Kasubag paraf, then the Camat signs
    page = _keluar_page(qtbot, ctx, op)
    page.select_letter(kid)
    assert page.act_submit.isEnabled() and not page.act_number.isEnabled()
    page.act_submit.trigger()
    from tatausaha.ui.correspondence.keluar_page import SubmitDialog

    dlg = page.findChild(SubmitDialog)
    assert dlg.check("Kepala Subbagian Umum")
    dlg.accept()
    qtbot.waitUntil(lambda: "Menunggu paraf" in page.detail.toPlainText(), timeout=10000)
    assert "Kepala Subbagian Umum dan Kepegawaian" in page.detail.toPlainText()
    status_col = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())].index("Status")
    qtbot.waitUntil(lambda: page.model.data(page.model.index(page.model.find_row(kid), status_col)) == "Menunggu paraf",
                    timeout=5000)  # the list says where the draft is

    # the Kasubag's Beranda: one waiting for paraf; the Camat's: one surat belum didisposisi
    win = _window(qtbot, ctx, kasubag)
    beranda = win.show_page("beranda").sections["correspondence"]  # type: ignore[attr-defined]
    assert beranda.c_paraf.value.text() == "1" and beranda.c_ttd.value.text() == "0"
    assert beranda.approvals.count() == 1 and "Jawaban undangan" in beranda.approvals.item(0).text()
    beranda.c_paraf.button.click()
    assert beranda.queues.currentWidget() is beranda.approvals
    beranda.approvals.setCurrentRow(0)
    beranda.approvals.itemActivated.emit(beranda.approvals.item(0))  # Enter on the row
    page = win.show_page("surat_keluar")
    assert page.current_id == kid and page.act_paraf.isEnabled() and not page.act_sign.isEnabled()
    # he sends it back with a note, by the dialog
    page.act_return.trigger()
    from tatausaha.ui.correspondence.forms import NoteDialog

    note = page.findChild(NoteDialog, "return_note")
    qtbot.keyClicks(note.text, "Lampirkan daftar hadir.")
    note.accept()
    qtbot.waitUntil(lambda: "Dikembalikan untuk perbaikan" in page.detail.toPlainText(), timeout=10000)
    assert "Lampirkan daftar hadir." in page.detail.toPlainText()
    assert not page.act_paraf.isEnabled() and not page.act_return.isEnabled()
    win.close()

    _as(ctx, op, lambda uow: approval.submit(uow, kid, [kasubag.official_id]))
    _as(ctx, kasubag, lambda uow: approval.paraf(uow, kid))
    win = _window(qtbot, ctx, camat)
    beranda = win.show_page("beranda").sections["correspondence"]  # type: ignore[attr-defined]
    assert beranda.c_ttd.value.text() == "1" and beranda.c_belum.value.text() == "1"
    assert beranda.not_disposed.count() == 1 and "Permohonan data penduduk" in beranda.not_disposed.item(0).text()
    page = win.show_page("surat_keluar")
    page.select_letter(kid)
    assert page.act_sign.isEnabled() and not page.act_paraf.isEnabled()
    page.act_sign.trigger()
    qtbot.waitUntil(lambda: "Sudah ditandatangani" in page.detail.toPlainText(), timeout=10000)
    assert page.act_number.isEnabled()
    page.act_number.trigger()  # approval on and signed: no question asked
    qtbot.waitUntil(lambda: "400.12.1/1/Kec.JTS/III/2026" in page.detail.toPlainText(), timeout=10000)
    assert page.findChild(QMessageBox, "confirm_number") is None
    win.close()
    del m

    # Pengaturan: the admin switches approval off; a new draft is numbered after a confirmation
    with ctx.uow(actor=SYSTEM) as uow:
        accounts.create_user(uow, "admin", "Administrator", "admin", "admin-rahasia")
        uow.commit()
    with ctx.reader() as uow:
        admin = accounts.actor_of(uow.session.execute(select(User).where(User.username == "admin")).scalar_one())
    win = _window(qtbot, ctx, admin)
    settings = win.show_page("pengaturan")
    box = settings.findChild(QCheckBox, "approval_enabled")
    assert box.isChecked()
    box.click()
    settings.findChild(QPushButton, "approval_save").click()
    with ctx.reader() as uow:
        assert approval.is_enabled(uow.session) is False
    win.close()
    k2 = _draft(ctx, people, "Undangan pembinaan RT/RW")
    page = _keluar_page(qtbot, ctx, op)
    page.select_letter(k2)
    assert page.act_number.isEnabled() and not page.act_submit.isEnabled()
    page.act_number.trigger()
    ask = page.findChild(QMessageBox, "confirm_number")
    assert "tidak memakai paraf dan tanda tangan" in ask.text()
    next(b for b in ask.buttons() if b.text() == "Batal").click()
    qtbot.wait(50)
    with ctx.reader() as uow:
        assert uow.session.get(SuratKeluar, k2).status == "draft"
    page.act_number.trigger()
    ask = [b for b in page.findChildren(QMessageBox, "confirm_number") if b.isVisible()][-1]
    next(b for b in ask.buttons() if b.text() == "Ya, beri nomor").click()
    qtbot.waitUntil(lambda: "400.12.1/2/Kec.JTS/III/2026" in page.detail.toPlainText(), timeout=10000)


def test_the_demo_office_has_letters_in_every_approval_state(qtbot, demo_ctx) -> None:
    """Screenshots and a first look show the chain: drafts wait for paraf and for the Camat's signature,
    one was sent back, and the undangan / surat tugas drafts carry their per-jenis fields."""
    from tatausaha.correspondence import printdata
    from tatausaha.correspondence.demo import actor_for
    from tatausaha.printing import build_letter, to_bytes
    from tatausaha.printing.readback import page_texts

    with demo_ctx.reader() as uow:
        states = {t for (t,) in uow.session.execute(select(SuratKeluar.tahap).where(SuratKeluar.status == "draft"))}
        tugas = uow.session.execute(select(SuratKeluar.id).where(SuratKeluar.rincian.is_not(None),
                                                                 SuratKeluar.hal == "Bimbingan teknis kearsipan")).scalar_one()
    assert states >= {"konsep", "paraf", "ttd", "dikembalikan"}
    camat, kasubag = actor_for(demo_ctx, "camat"), actor_for(demo_ctx, "kasubag")
    win = _window(qtbot, demo_ctx, camat)
    beranda = win.show_page("beranda").sections["correspondence"]
    assert int(beranda.c_ttd.value.text()) >= 2 and int(beranda.c_belum.value.text()) >= 1
    assert beranda.approvals.count() >= 2
    win.close()
    win = _window(qtbot, demo_ctx, kasubag)
    assert int(win.show_page("beranda").sections["correspondence"].c_paraf.value.text()) >= 1
    win.close()
    with demo_ctx.reader() as uow:
        uow.actor = camat
        text = " ".join(" ".join(page_texts(to_bytes(build_letter, printdata.letter_doc(uow, tugas)))).split())
    assert "MEMERINTAHKAN" in text and "Budi Santoso" in text and "Rudi Hartono" in text


def test_cli_ajukan_paraf_ttd_kembalikan_as_the_logged_in_person(ctx, people, cli_login, capsys) -> None:
    from tatausaha.cli import main

    kid = _draft(ctx, people)
    with ctx.uow(actor=SYSTEM) as uow:
        for name in ("operator", "kasubag", "camat"):
            uid = uow.session.execute(select(User.id).where(User.username == name)).scalar_one()
            accounts.change_password(uow, uid, f"sandi-{name}-1")
        uow.commit()

    def run(who: str, *argv: str) -> tuple[int, str, str]:
        cli_login(username=who, password=f"sandi-{who}-1", create=False)
        rc = main(list(argv))
        out = capsys.readouterr()
        return rc, out.out, out.err

    rc, out, _ = run("operator", "letters", "ajukan", f"K-{kid}", "--pemaraf", "Kepala Subbagian Umum dan Kepegawaian")
    assert rc == 0 and "Menunggu paraf — Kepala Subbagian Umum dan Kepegawaian" in out
    rc, _, err = run("camat", "letters", "ttd", f"K-{kid}")
    assert rc != 0 and "masih menunggu paraf" in err
    rc, out, _ = run("kasubag", "--json", "letters", "menunggu")
    assert rc == 0 and [d["id"] for d in json.loads(out)] == [kid]
    rc, out, _ = run("kasubag", "letters", "kembalikan", f"K-{kid}", "--catatan", "Perbaiki alamat tujuan.")
    assert rc == 0 and "Dikembalikan untuk perbaikan" in out
    rc, _, err = run("camat", "letters", "ttd", f"K-{kid}")
    assert rc != 0 and "dikembalikan untuk perbaikan" in err
    run("operator", "letters", "ajukan", f"K-{kid}", "--pemaraf", "Kepala Subbagian")
    rc, out, _ = run("kasubag", "letters", "paraf", f"K-{kid}", "--catatan", "Sesuai.")
    assert rc == 0 and "Menunggu tanda tangan — Camat Jatisampurna" in out
    rc, out, _ = run("camat", "letters", "ttd", f"K-{kid}")
    assert rc == 0 and "Sudah ditandatangani" in out
    with ctx.reader() as uow:
        trail = {a.actor_name for a in uow.session.execute(
            select(AuditLog).where(AuditLog.entity == "paraf_surat")).scalars()}
    assert len(trail) == 3  # the audit trail names the clerk, the reviewer and the signer, not "sistem"
