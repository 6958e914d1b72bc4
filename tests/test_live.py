"""Several workstations, the parts that hold on one PC too (issue 15, items 2–4): optimistic locking
with the conflict named, the editor keeping the typed text, and the live/lock interface doing
nothing under SQLite. The two-process tests on a real server are in ``test_live_postgres.py``."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.changes import Changes
from tatausaha.correspondence import letters
from tatausaha.errors import EditConflict
from tatausaha.models.correspondence import SuratMasuk
from tatausaha.services import accounts, live
from tatausaha.services.editlock import EditLocks, WatchLease
from tatausaha.services.uow import perform


def _first_letter(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return int(uow.session.execute(
            select(SuratMasuk.id).where(SuratMasuk.status != "batal", SuratMasuk.keamanan == "biasa")
            .order_by(SuratMasuk.id)).scalars().first())


def test_a_save_from_an_older_version_is_refused_naming_who_when_and_what(demo_ctx) -> None:  # type: ignore[no-untyped-def]
    operator = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    kasubag = accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD)
    lid = _first_letter(demo_ctx)
    with demo_ctx.reader(operator) as uow:
        opened = letters.get_masuk(uow, lid)  # the operator's editor shows this version
    theirs = replace(opened.as_input(), perihal="Perbaikan oleh Kasubag", ringkasan="Ringkasan baru")
    perform(demo_ctx.db, kasubag, lambda uow: letters.update_masuk(uow, lid, theirs))
    with demo_ctx.reader(operator) as uow:
        assert letters.get_masuk(uow, lid).row_version == opened.row_version + 1
    mine = replace(opened.as_input(), perihal="Ketikan operator")
    with pytest.raises(EditConflict) as caught:
        perform(demo_ctx.db, operator, lambda uow: letters.update_masuk(uow, lid, mine))
    msg = str(caught.value)
    assert msg.startswith("Data ini telah diubah oleh Budi Santoso, S.AP. (kasubag) pada ")
    assert f"Perihal: «{opened.perihal}» → «Perbaikan oleh Kasubag»" in msg
    assert "Ringkasan:" in msg and "tidak digabung" in msg
    assert caught.value.changed_by == "Budi Santoso, S.AP. (kasubag)"
    assert {f[0] for f in caught.value.fields} == {"Perihal", "Ringkasan"}
    with demo_ctx.reader(operator) as uow:
        assert letters.get_masuk(uow, lid).perihal == "Perbaikan oleh Kasubag"  # nothing overwritten
    # reloaded (the current version), the same change is accepted
    current = replace(mine, row_version=opened.row_version + 1)
    perform(demo_ctx.db, operator, lambda uow: letters.update_masuk(uow, lid, current))
    # and a caller that did not start from an editor (import, CLI) is not compared
    perform(demo_ctx.db, operator, lambda uow: letters.update_masuk(uow, lid, replace(mine, row_version=None)))


def test_a_stale_surat_keluar_save_is_refused_too(demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.models.correspondence import SuratKeluar

    operator = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    with demo_ctx.reader(operator) as uow:
        kid = uow.session.execute(select(SuratKeluar.id).where(SuratKeluar.status == "draft",
                                                               SuratKeluar.tahap == "konsep")).scalars().first()
        opened = letters.get_keluar(uow, kid)
    perform(demo_ctx.db, operator, lambda uow: letters.update_keluar(uow, kid, replace(opened.as_input(), hal="Hal A")))
    with pytest.raises(EditConflict, match="Hal: «.*» → «Hal A»"):
        perform(demo_ctx.db, operator, lambda uow: letters.update_keluar(uow, kid, replace(opened.as_input(), hal="Hal B")))


@pytest.mark.gui
def test_the_editor_shows_the_conflict_and_keeps_what_was_typed(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox
    from uiharness import error_boxes

    from tatausaha.ui.context import UiContext
    from tatausaha.ui.correspondence.forms import SuratMasukDialog

    lid = _first_letter(demo_ctx)
    ui = UiContext(demo_ctx, accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD))
    dlg = SuratMasukDialog(ui, letter_id=lid)
    qtbot.addWidget(dlg)
    dlg.show()
    # meanwhile the Kasubag saves the same letter on his PC
    kasubag = accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD)
    with demo_ctx.reader(kasubag) as uow:
        theirs = replace(letters.get_masuk(uow, lid).as_input(), perihal="Versi Kasubag")
    perform(demo_ctx.db, kasubag, lambda uow: letters.update_masuk(uow, lid, theirs))
    dlg.perihal.selectAll()
    qtbot.keyClick(dlg.perihal, Qt.Key.Key_Delete)
    qtbot.keyClicks(dlg.perihal, "Ketikan saya yang panjang")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(error_boxes()), timeout=20_000)
    box = error_boxes()[0]
    assert box.text().startswith("Data ini telah diubah oleh Budi Santoso, S.AP. (kasubag) pada ")
    assert "«Versi Kasubag»" in box.text()
    box.close()
    assert dlg.isVisible() and dlg.perihal.text() == "Ketikan saya yang panjang"  # typed text kept
    assert dlg.buttons.isEnabled()
    with demo_ctx.reader(kasubag) as uow:
        assert letters.get_masuk(uow, lid).perihal == "Versi Kasubag"


def test_under_sqlite_the_live_feed_and_the_locks_do_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    heard: list[Changes] = []
    feed = live.LiveFeed(ctx.db, heard.append)
    feed.start()
    assert not feed.active and feed.wait_connected(0.1) and feed._thread is None
    feed.stop()
    with ctx.uow() as uow:
        assert live.announce(uow.session, "x", "y", Changes.of("surat_masuk", 1)) is False
    locks = EditLocks(ctx.db, "operator")
    assert locks.acquire("disposisi_surat", 1).granted and locks.acquire("disposisi_surat", 1).granted
    assert locks.holder("disposisi_surat", 1) is None
    started: list[bool] = []
    lease = WatchLease(ctx.db, "operator", on_acquired=lambda: started.append(True))
    lease.start()  # one PC: it watches at once
    assert started == [True] and lease.held
    lease.stop()


def test_a_notification_carries_table_id_and_operation_and_never_grows_past_the_limit() -> None:
    changes = Changes.of("disposisi", 7).merge(Changes.of("surat_masuk", 3))
    text = live.payload("pc1", "camat", changes, [("disposisi", 7, "insert"), ("surat_masuk", 3, "update")])
    body = json.loads(text)
    assert body["o"] == "pc1" and body["u"] == "camat"
    assert sorted(map(tuple, body["c"])) == [("disposisi", 7, "insert"), ("surat_masuk", 3, "update")]
    origin, user, back = live.parse(text)
    assert (origin, user) == ("pc1", "camat") and back == changes
    huge = Changes.of("document", *range(5000))
    big = live.payload("pc1", "operator", huge)
    assert len(big.encode()) < 8000 and json.loads(big)["all"] is True
    assert live.parse(big)[2].affects("anything") and live.parse("not json")[2].everything


def test_a_stale_spj_item_save_names_who_when_and_what(ctx) -> None:  # type: ignore[no-untyped-def]
    """The SPJ services refuse a stale save through the same check (``services.versioning``)."""
    import test_spj_core as S  # the SPJ core tests' own budget and item builders

    from tatausaha.app.demo import quick_office

    people = quick_office(ctx)
    op = people["operator"]
    item = S._create(ctx, op, S._input(S._budget(ctx, op)))
    spj = S.spj
    perform(ctx.db, op, lambda uow: spj.update_item(uow, item.id, replace(item.to_input(), uraian="Uraian baru"),
                                                    row_version=item.row_version))
    with pytest.raises(EditConflict) as caught:
        perform(ctx.db, op, lambda uow: spj.update_item(uow, item.id, replace(item.to_input(), uraian="Uraian saya"),
                                                        row_version=item.row_version))
    assert str(caught.value).startswith(f"Data ini telah diubah oleh {op.full_name} ({op.username}) pada ")
    assert "Uraian: «Belanja ATK rapat koordinasi» → «Uraian baru»" in str(caught.value)


def test_a_stale_jenis_naskah_save_is_refused(demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.correspondence import numbering

    admin = accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD)
    with demo_ctx.reader(admin) as uow:
        shown = numbering.get_jenis(uow, "UND")

    def save(nama: str):  # type: ignore[no-untyped-def]
        return lambda uow: numbering.save_jenis(
            uow, kode=shown.kode, nama=nama, kelompok=shown.kelompok, layout=shown.layout,
            template_nomor=shown.template_nomor, scope_unit=shown.scope_unit, scope_jenis=shown.scope_jenis,
            scope_kka=shown.scope_kka, kode_klasifikasi_default=shown.kode_klasifikasi_default,
            butuh_tembusan=shown.butuh_tembusan, jenis_id=shown.id, row_version=shown.row_version)

    perform(demo_ctx.db, admin, save("Undangan Resmi"))
    with pytest.raises(EditConflict, match=f"Nama: «{shown.nama}» → «Undangan Resmi»"):
        perform(demo_ctx.db, admin, save("Undangan Kedua"))
