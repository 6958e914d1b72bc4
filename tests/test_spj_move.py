"""Moving an evidence file between the checklist rows of one SPJ item (issue 13: receipts scanned
behind a cover sheet in the wrong order land on the wrong rows; extra pages land on the item on no
row). Real SQLite, real archive files, the real write path and audit trail."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tatausaha.context import AppContext
from tatausaha.errors import Conflict, PermissionDenied, ValidationFailed
from tatausaha.models.audit import AuditLog
from tatausaha.models.document import DocumentLink
from tatausaha.services import documents
from tatausaha.services.uow import perform
from tatausaha.spj import service as spj
from tatausaha.spj.service import ItemInput
from tests.spjdata import atk_budget_line

D = dt.date


@pytest.fixture
def people(ctx: AppContext) -> dict:
    from tatausaha.app.demo import quick_office

    return quick_office(ctx)


def _item(ctx: AppContext, actor, no_tbp: str = "TBP-PINDAH-1") -> spj.ItemView:  # type: ignore[no-untyped-def]
    def fn(uow):  # type: ignore[no-untyped-def]
        sk, rek = atk_budget_line(uow)
        return spj.create_item(uow, ItemInput(
            tanggal=D(2026, 3, 10), sub_kegiatan_id=sk, rekening_id=rek, jenis_belanja="barang",
            uraian="Pembelian map dan ordner", jumlah=1_500_000, penerima_jenis="orang", penerima_nama="Budi",
            no_tbp=no_tbp))

    return perform(ctx.db, actor, fn).value


def _doc(ctx: AppContext, actor, text: str) -> int:  # type: ignore[no-untyped-def]
    return perform(ctx.db, actor, lambda uow: documents.add_document_bytes(
        uow, ctx.store, b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n", f"{text}.pdf")).value.id


def _rows(ctx: AppContext, actor, item_id: int) -> dict[int, spj.BuktiView]:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=actor) as uow:
        return {b.id: b for b in spj.item(uow, item_id).bukti}


def _view(ctx: AppContext, actor, item_id: int) -> spj.ItemView:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=actor) as uow:
        return spj.item(uow, item_id)


def test_a_receipt_on_the_wrong_row_moves_to_the_right_one_and_the_states_follow(ctx, people) -> None:  # type: ignore[no-untyped-def]
    op = people["operator"]
    item = _item(ctx, op)
    required = [b for b in item.bukti if b.wajib]
    wrong, right = required[0], required[1]
    nota = _doc(ctx, op, "NOTA-TOKO")
    perform(ctx.db, op, lambda uow: spj.attach_file(uow, wrong.id, nota))
    before = _view(ctx, op, item.id)
    assert {b.id: b.status for b in before.bukti}[wrong.id] == "lengkap"

    res = perform(ctx.db, op, lambda uow: spj.move_file(uow, nota, item_id=item.id, from_bukti_id=wrong.id,
                                                        to_bukti_id=right.id))
    moved = res.value
    assert moved.dari is not None and moved.dari.status == "belum_ada" and moved.dari.document_ids == ()
    assert moved.ke is not None and moved.ke.status == "lengkap" and moved.ke.document_ids == (nota,)
    assert res.changes.touched  # the change set the window refreshes from
    after = _view(ctx, op, item.id)
    rows = {b.id: b for b in after.bukti}
    assert rows[wrong.id].status == "belum_ada" and rows[right.id].status == "lengkap"
    assert after.kelengkapan.terpenuhi == before.kelengkapan.terpenuhi  # one lost, one gained
    # the file stays linked to the item once, as evidence
    with ctx.reader() as uow:
        links = uow.session.execute(select(DocumentLink.role).where(
            DocumentLink.record_kind == "spj_item", DocumentLink.record_id == item.id,
            DocumentLink.document_id == nota)).scalars().all()
        # audited through the ORM: the pairing removed from one row and added to the other
        audit = [(e.action, json.loads(e.after or e.before or "{}")) for e in uow.session.execute(
            select(AuditLog).where(AuditLog.entity == "spj_bukti_berkas").order_by(AuditLog.id)).scalars()]
    assert links == ["bukti"]
    assert [a for a, _d in audit][-2:] == ["delete", "create"]
    assert {d.get("bukti_id") for _a, d in audit[-2:]} == {wrong.id, right.id}
    assert all(d.get("document_id") == nota for _a, d in audit[-2:])


def test_a_row_keeps_its_state_while_it_still_has_files_and_a_file_goes_to_no_row_and_back(ctx, people) -> None:  # type: ignore[no-untyped-def]
    op = people["operator"]
    item = _item(ctx, op)
    row = item.bukti[0]
    other = item.bukti[1]
    page1, page2 = _doc(ctx, op, "HAL-1"), _doc(ctx, op, "HAL-2")
    for d in (page1, page2):
        perform(ctx.db, op, lambda uow, d=d: spj.attach_file(uow, row.id, d))

    # row → no row: the file stays on the item, listed as "tanpa baris"; the row keeps its other page
    perform(ctx.db, op, lambda uow: spj.move_file(uow, page2, item_id=item.id, from_bukti_id=row.id,
                                                  to_bukti_id=None))
    rows = _rows(ctx, op, item.id)
    assert rows[row.id].status == "lengkap" and rows[row.id].document_ids == (page1,)
    with ctx.uow(actor=op) as uow:
        loose = spj.unpaired_files(uow, item.id)
        files = spj.item_files(uow, item.id)
    assert [(f.document_id, f.nama_berkas, f.bukti_id) for f in loose] == [(page2, "HAL-2.pdf", None)]
    assert [(f.document_id, f.bukti_id) for f in files] == [(page1, row.id), (page2, None)]

    # no row → a row: that row becomes lengkap, nothing is left unpaired
    perform(ctx.db, op, lambda uow: spj.move_file(uow, page2, item_id=item.id, from_bukti_id=None,
                                                  to_bukti_id=other.id))
    rows = _rows(ctx, op, item.id)
    assert rows[other.id].status == "lengkap" and rows[other.id].document_ids == (page2,)
    with ctx.uow(actor=op) as uow:
        assert spj.unpaired_files(uow, item.id) == []

    # the last file off a row: back to belum ada
    perform(ctx.db, op, lambda uow: spj.move_file(uow, page1, item_id=item.id, from_bukti_id=row.id,
                                                  to_bukti_id=None))
    assert _rows(ctx, op, item.id)[row.id].status == "belum_ada"


def test_an_extra_page_behind_the_cover_lands_on_no_row_and_is_moved_onto_one(ctx, people) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.spj import scans

    op = people["operator"]
    item = _item(ctx, op)
    # every row already filled: one more scanned page lands on the item, on no row (scans.attach_scan)
    for b in item.bukti:
        perform(ctx.db, op, lambda uow, b=b: spj.attach_file(uow, b.id, _doc(ctx, op, f"ISI-{b.id}")))
    extra = _doc(ctx, op, "HALAMAN-LEBIH")
    perform(ctx.db, op, lambda uow: scans.attach_scan(uow, item.id, extra, "bukti", None))
    with ctx.uow(actor=op) as uow:
        assert [f.document_id for f in spj.unpaired_files(uow, item.id)] == [extra]
    target = item.bukti[-1]
    perform(ctx.db, op, lambda uow: spj.move_file(uow, extra, item_id=item.id, from_bukti_id=None,
                                                  to_bukti_id=target.id))
    rows = _rows(ctx, op, item.id)
    assert extra in rows[target.id].document_ids and len(rows[target.id].document_ids) == 2
    with ctx.uow(actor=op) as uow:
        assert spj.unpaired_files(uow, item.id) == []


def test_refusals_are_named_in_indonesian_and_nothing_changes(ctx, people, auditor) -> None:  # type: ignore[no-untyped-def]
    op, camat = people["operator"], people["camat"]
    item = _item(ctx, op)
    other_item = _item(ctx, op, no_tbp="TBP-PINDAH-2")
    src, dst = item.bukti[0], item.bukti[1]
    nota, stranger = _doc(ctx, op, "NOTA"), _doc(ctx, op, "ASING")
    perform(ctx.db, op, lambda uow: spj.attach_file(uow, src.id, nota))
    snapshot = _rows(ctx, op, item.id)

    def move(actor, doc, frm, to, **kw):  # type: ignore[no-untyped-def]
        return perform(ctx.db, actor, lambda uow: spj.move_file(uow, doc, item_id=item.id, from_bukti_id=frm,
                                                                to_bukti_id=to, **kw))

    with pytest.raises(ValidationFailed, match="item SPJ lain"):
        move(op, nota, src.id, other_item.bukti[0].id)  # a row of another item
    with pytest.raises(ValidationFailed, match="item SPJ lain"):
        move(op, nota, other_item.bukti[0].id, dst.id)
    with pytest.raises(ValidationFailed, match="tidak ada pada baris"):
        move(op, stranger, src.id, dst.id)  # not on the source row
    with pytest.raises(ValidationFailed, match="bukan berkas tanpa baris"):
        move(op, nota, None, dst.id)  # it is on a row, not loose
    with pytest.raises(ValidationFailed, match="bukan berkas tanpa baris"):
        move(op, stranger, None, dst.id)  # not on this item at all
    with pytest.raises(ValidationFailed, match="sudah berada"):
        move(op, nota, src.id, src.id)
    with pytest.raises(PermissionDenied):
        move(auditor, nota, src.id, dst.id)  # read-only
    with pytest.raises(Conflict, match="diubah"):
        move(op, nota, src.id, dst.id, from_row_version=snapshot[src.id].row_version - 1)  # a stale form
    assert _rows(ctx, op, item.id) == snapshot

    perform(ctx.db, camat, lambda uow: spj.close_item(uow, item.id, override_alasan="Uji: ditutup dulu"))
    with pytest.raises(ValidationFailed, match="ditutup.*buka kembali"):
        move(op, nota, src.id, dst.id)
    assert {b.id: (b.status, b.document_ids) for b in _rows(ctx, op, item.id).values()} == {
        b.id: (b.status, b.document_ids) for b in snapshot.values()}
