"""Bea meterai is a dated SPJ rule, never a printing constant: the kwitansi of an item gets a meterai
box (with its value) exactly when the rule in force on the item's date asks for one — UU 10/2020
(from 2021-01-01: Rp10.000 "lebih dari Rp5.000.000"), before it PP 24/2000 (Rp3.000 above Rp250.000
up to Rp1.000.000, Rp6.000 above Rp1.000.000) — and an office rule from a later date takes over from
that date while earlier items keep theirs. Real SQLite, real PDFs read back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tatausaha.cli import main
from tatausaha.errors import Conflict, PermissionDenied, ValidationFailed
from tatausaha.printing import build_kwitansi, to_bytes
from tatausaha.printing.readback import page_texts
from tatausaha.services.auth import SYSTEM, Role
from tatausaha.services.uow import perform
from tatausaha.spj import config, printdata, rules
from tatausaha.spj import service as spj
from tests.conftest import make_actor
from tests.spjdata import atk_budget_line

D = dt.date


def _item(ctx, tanggal: dt.date, jumlah: int) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow(actor=SYSTEM) as uow:
        sk, rek = atk_budget_line(uow, tanggal.year)
        v = spj.create_item(uow, spj.ItemInput(tanggal=tanggal, sub_kegiatan_id=sk, rekening_id=rek,
                                               jenis_belanja="barang", uraian="Pembelian map dan ordner",
                                               jumlah=jumlah, penerima_jenis="orang", penerima_nama="Budi"))
        uow.commit()
        return v.id


def _kwitansi_text(ctx, item_id: int) -> str:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        pdf = to_bytes(build_kwitansi, printdata.kwitansi_doc(uow, item_id, None))
    return " ".join(" ".join(page_texts(pdf)).split())


def _tarif(ctx, jumlah: int, on: dt.date) -> int | None:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        m = rules.meterai_for(uow.session, jumlah, on)
    return m.tarif if m is not None else None


@pytest.mark.parametrize(("jumlah", "on", "tarif"), [
    (5_000_000, D(2026, 3, 10), None),  # UU 10/2020: "lebih dari Rp5.000.000" — exactly 5 juta needs none
    (5_000_001, D(2026, 3, 10), 10_000),
    (5_000_001, D(2021, 1, 1), 10_000),  # the first day of UU 10/2020
    (2_000_000, D(2021, 1, 1), None),
    (2_000_000, D(2020, 12, 31), 6_000),  # the last day of PP 24/2000
    (5_000_001, D(2020, 12, 31), 6_000),
    (250_000, D(2020, 12, 31), None),  # "lebih dari Rp250.000"
    (250_001, D(2020, 12, 31), 3_000),
    (1_000_000, D(2020, 12, 31), 3_000),  # "sampai dengan Rp1.000.000"
    (1_000_001, D(2020, 12, 31), 6_000),
    (50_000_000, D(1999, 12, 31), None),  # before any seeded rule
])  # fmt: skip
def test_the_seeded_meterai_rules_at_their_boundaries(ctx, jumlah: int, on: dt.date, tarif: int | None) -> None:  # type: ignore[no-untyped-def]
    assert _tarif(ctx, jumlah, on) == tarif


def test_the_kwitansi_prints_the_meterai_its_date_asks_for(ctx) -> None:  # type: ignore[no-untyped-def]
    exactly = _kwitansi_text(ctx, _item(ctx, D(2026, 3, 10), 5_000_000))
    assert "Rp5.000.000,00" in exactly and "Meterai" not in exactly
    above = _kwitansi_text(ctx, _item(ctx, D(2026, 3, 10), 5_000_001))
    assert "Rp5.000.001,00" in above and "Meterai" in above and "Rp10.000" in above
    old = _kwitansi_text(ctx, _item(ctx, D(2020, 12, 31), 2_000_000))
    assert "31 Desember 2020" in old and "Meterai" in old and "Rp6.000" in old and "Rp10.000" not in old
    new = _kwitansi_text(ctx, _item(ctx, D(2021, 1, 1), 2_000_000))
    assert "1 Januari 2021" in new and "Meterai" not in new


def test_an_office_rule_from_a_later_date_takes_over_and_earlier_items_keep_theirs(ctx, admin) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.models.account import User

    op = make_actor(Role.OPERATOR, 905)
    with ctx.uow(actor=SYSTEM) as uow:  # real accounts: the audit trail and created_by need them
        uow.session.add(User(id=admin.user_id, username="admin1", full_name="Admin", role="admin", password_hash="!"))
        uow.session.add(User(id=op.user_id, username="operator1", full_name="Operator", role="operator",
                             password_hash="!"))
        uow.commit()
    before = _item(ctx, D(2026, 12, 31), 6_000_000)
    with pytest.raises(PermissionDenied):  # the configuration is the admin's
        perform(ctx.db, op, lambda uow: config.add_meterai_rule(uow, D(2027, 1, 1), 10_000_000, 20_000, "Contoh"))
    with pytest.raises(ValidationFailed):  # a reason (legal basis) is required; nothing ended
        perform(ctx.db, admin, lambda uow: config.add_meterai_rule(uow, D(2027, 1, 1), 10_000_000, 20_000, " "))
    assert _tarif(ctx, 6_000_000, D(2027, 6, 1)) == 10_000
    rule = perform(ctx.db, admin, lambda uow: config.add_meterai_rule(
        uow, D(2027, 1, 1), 10_000_000, 20_000, "Contoh perubahan batas dan tarif bea meterai")).value
    assert (rule.berlaku_mulai, rule.batas_bawah, rule.tarif, rule.berlaku_sampai) == (D(2027, 1, 1), 10_000_000,
                                                                                       20_000, None)
    with ctx.reader() as uow:
        uu10 = next(r for r in config.meterai_rules(uow) if r.tarif == 10_000)
    assert uu10.berlaku_sampai == D(2026, 12, 31)  # ended the day before, not edited into another meaning

    assert _tarif(ctx, 6_000_000, D(2026, 12, 31)) == 10_000
    assert _tarif(ctx, 6_000_000, D(2027, 1, 1)) is None
    assert _tarif(ctx, 10_000_000, D(2027, 1, 1)) is None and _tarif(ctx, 10_000_001, D(2027, 1, 1)) == 20_000
    kept = _kwitansi_text(ctx, before)
    assert "Meterai" in kept and "Rp10.000" in kept  # the item dated before keeps its rule
    after = _kwitansi_text(ctx, _item(ctx, D(2027, 1, 4), 12_000_000))
    assert "Meterai" in after and "Rp20.000" in after
    assert "Meterai" not in _kwitansi_text(ctx, _item(ctx, D(2027, 1, 5), 6_000_000))

    # two rules for one amount on one day are refused; a dated change of one row ends it the day before
    with pytest.raises(Conflict, match="sudah berlaku"):
        perform(ctx.db, admin, lambda uow: config.save_meterai_rule(uow, config.MeteraiRuleInput(
            berlaku_mulai=D(2027, 3, 1), batas_bawah=50_000_000, tarif=30_000)))
    with pytest.raises(Conflict):  # a regime cannot be slid in before one that already starts later
        perform(ctx.db, admin, lambda uow: config.add_meterai_rule(uow, D(2026, 6, 1), 1, 1_000, "Mundur"))
    raised = perform(ctx.db, admin, lambda uow: config.replace_meterai_rule(uow, rule.id, D(2028, 1, 1),
                                                                            tarif=25_000)).value
    assert (raised.berlaku_mulai, raised.tarif, raised.batas_bawah) == (D(2028, 1, 1), 25_000, 10_000_000)
    assert _tarif(ctx, 12_000_000, D(2027, 12, 31)) == 20_000 and _tarif(ctx, 12_000_000, D(2028, 1, 1)) == 25_000

    from tatausaha.models.audit import AuditLog
    from tatausaha.services import audit

    with ctx.reader() as uow:  # every change is on the audit trail, the seeded rows are not "unrecorded"
        trail = uow.session.execute(select(AuditLog.action, AuditLog.entity, AuditLog.actor_name).where(
            AuditLog.entity == "spj_aturan_meterai")).all()
        _checked, problems = audit.verify(uow.session)
        drift = audit.record_drift(uow.session)
    assert {(a, who) for a, _e, who in trail} >= {("update", "admin"), ("create", "admin")}
    assert problems == [] and drift == []


def test_spj_aturan_lists_the_meterai_rules_in_force(ctx, cli_login, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["spj", "aturan", "--tanggal", "31-12-2020", "--json"]) == 0
    old = json.loads(capsys.readouterr().out)["meterai"]
    assert [(m["lebih_dari"], m["sampai_dengan"], m["tarif"]) for m in old] == [(250_000, 1_000_000, 3_000),
                                                                                (1_000_000, None, 6_000)]
    assert all("PP 24/2000" in m["dasar_hukum"] for m in old)
    assert main(["spj", "aturan", "--tanggal", "01-01-2021"]) == 0
    out = capsys.readouterr().out
    assert "Bea meterai" in out and "Rp10.000  lebih dari Rp5.000.000" in out and "UU 10/2020" in out
