"""The audit trail: every change of an audited model is written, hash-chained, with before/after;
the verifier finds an edited, deleted (middle or last), inserted or appended row and names it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from tatausaha.context import AppContext
from tatausaha.models.audit import AuditHead, AuditLog
from tatausaha.services import audit, office
from tatausaha.services.auth import SYSTEM, Actor


def rows(ctx: AppContext) -> list[Any]:
    """Audit rows as plain objects (ORM rows expire when the unit of work ends)."""
    with ctx.reader(SYSTEM) as uow:
        return [
            SimpleNamespace(**{c.name: getattr(r, c.name) for c in AuditLog.__table__.columns})
            for r in uow.session.execute(select(AuditLog).order_by(AuditLog.id)).scalars()
        ]


def verify(ctx: AppContext) -> tuple[int, list[audit.AuditProblem]]:
    with ctx.reader(SYSTEM) as uow:
        return audit.verify(uow.session)


@pytest.fixture
def history(ctx: AppContext, admin: Actor) -> AppContext:
    """Six audited changes by an admin: units created, renamed, an official, a deleted unit, an event."""
    with ctx.uow(actor=admin) as uow:
        sekre = office.save_unit(uow, "SEKRE", "Sekretariat")
        office.save_unit(uow, "PEM", "Seksi Pemerintahan")
        uow.commit()
    with ctx.uow(actor=admin) as uow:
        office.save_unit(uow, "SEKRE", "Sekretariat Kecamatan", unit_id=sekre.id)
        office.save_official(uow, nama="Drs. H. Ahmad Suryadi, M.Si.", jabatan="Camat", nip="197203151993031004",
                             can_sign=True)
        uow.commit()
    with ctx.uow(actor=admin) as uow:
        from tatausaha.models.office import Unit

        pem = uow.session.execute(select(Unit).where(Unit.kode == "PEM")).scalar_one()
        uow.session.delete(pem)
        uow.record("export", "laporan", None, {"format": "xlsx"})
        uow.commit()
    return ctx


def test_changes_are_recorded_with_before_and_after(history: AppContext, admin: Actor) -> None:
    log = rows(history)
    assert [(r.action, r.entity) for r in log[:4]] == [
        ("create", "unit"), ("create", "unit"), ("update", "unit"), ("create", "official"),
    ]
    # (an explicit event is queued at once, data changes at flush: their order within one commit may vary)
    assert sorted((r.action, r.entity) for r in log[4:]) == [("delete", "unit"), ("export", "laporan")]
    assert {r.actor_name for r in log} == {admin.username} and {r.actor_id for r in log} == {admin.user_id}
    created = json.loads(log[0].after)
    assert created["kode"] == "SEKRE" and created["nama"] == "Sekretariat" and log[0].before is None
    renamed = log[2]
    assert json.loads(renamed.before) == {"nama": "Sekretariat"}  # only what changed
    assert json.loads(renamed.after) == {"nama": "Sekretariat Kecamatan"}
    assert renamed.entity_id == log[0].entity_id
    deleted = next(r for r in log if r.action == "delete")
    assert json.loads(deleted.before)["kode"] == "PEM" and deleted.after is None
    assert json.loads(next(r for r in log if r.action == "export").after) == {"format": "xlsx"}
    # The chain: each row's prev_hash is the previous row's hash, from the genesis value.
    prev = audit.GENESIS
    for r in log:
        assert r.prev_hash == prev and len(r.hash) == 64
        prev = r.hash
    with history.reader(SYSTEM) as uow:
        head = uow.session.get(AuditHead, 1)
        assert head is not None and (head.last_id, head.last_hash, head.count) == (6, prev, 6)
    assert verify(history) == (6, [])


def test_rolled_back_work_leaves_no_audit_row(ctx: AppContext, admin: Actor) -> None:
    with ctx.uow(actor=admin) as uow:
        office.save_unit(uow, "SEKRE", "Sekretariat")
        # no commit: the with-block rolls back
    with ctx.uow(actor=admin) as uow:
        office.save_unit(uow, "TMP", "Dibatalkan")  # flushed …
        uow.record("print", "surat", 1)
        uow.session.rollback()  # … and rolled back before the commit
        office.save_unit(uow, "PEM", "Seksi Pemerintahan")
        uow.commit()
    log = rows(ctx)
    assert [(r.action, r.entity, json.loads(r.after)["kode"]) for r in log] == [("create", "unit", "PEM")]
    assert verify(ctx) == (1, [])


def test_savepoint_rollback_keeps_the_outer_changes_audited(ctx: AppContext, admin: Actor) -> None:
    """The common "try it in a SAVEPOINT, fall back on a clash" pattern: the changes that are
    committed all have their audit row, the rolled-back ones have none."""
    from sqlalchemy.exc import IntegrityError

    from tatausaha.models.office import Unit

    with ctx.uow(actor=admin) as uow:
        uow.session.add(Unit(kode="SEKRE", nama="Sekretariat"))
        uow.session.flush()
        with pytest.raises(IntegrityError):
            with uow.session.begin_nested():
                uow.session.add(Unit(kode="SEKRE", nama="Duplikat"))
                uow.session.flush()
        with uow.session.begin_nested() as sp:  # flushed inside, then rolled back on purpose
            uow.session.add(Unit(kode="BATAL", nama="Dibatalkan"))
            uow.session.flush()
            sp.rollback()
        with uow.session.begin_nested():  # released: kept
            uow.session.add(Unit(kode="PEM", nama="Seksi Pemerintahan"))
        uow.commit()
    with ctx.reader(admin) as uow:
        kept = sorted(u.kode for u in office.list_units(uow))
    assert kept == ["PEM", "SEKRE"]
    audited = sorted(json.loads(r.after)["kode"] for r in rows(ctx))
    assert audited == kept
    assert verify(ctx) == (2, [])


def _sql(ctx: AppContext, statement: str, *params: object) -> None:
    ctx.db.dispose()
    conn = sqlite3.connect(ctx.paths.database)
    conn.execute(statement, params)
    conn.commit()
    conn.close()


def test_edited_row_is_named(history: AppContext) -> None:
    _sql(history, "UPDATE audit_log SET after = replace(after, 'Sekretariat Kecamatan', 'Sekretariat Desa') WHERE id = 3")
    checked, problems = verify(history)
    assert checked == 6
    assert [(p.row_id, p.kind) for p in problems] == [(3, "edited")]
    assert "baris audit 3" in problems[0].message and "diubah" in problems[0].message


def test_edited_actor_or_timestamp_is_named(history: AppContext) -> None:
    _sql(history, "UPDATE audit_log SET actor_name = 'orang-lain' WHERE id = 2")
    _sql(history, "UPDATE audit_log SET ts = '2020-01-01 00:00:00.000000' WHERE id = 5")
    assert [(p.row_id, p.kind) for p in verify(history)[1]] == [(2, "edited"), (5, "edited")]


def test_deleted_middle_row_is_named(history: AppContext) -> None:
    _sql(history, "DELETE FROM audit_log WHERE id = 4")
    checked, problems = verify(history)
    assert checked == 5
    deleted = [p for p in problems if p.kind == "deleted"]
    assert len(deleted) == 1 and deleted[0].row_id == 5
    assert "baris audit 4 hilang" in deleted[0].message


def test_deleted_last_row_is_named(history: AppContext) -> None:
    _sql(history, "DELETE FROM audit_log WHERE id = 6")
    checked, problems = verify(history)
    assert checked == 5
    head = [p for p in problems if p.kind == "head" and p.row_id == 6]
    assert head and "menunjuk baris 6" in head[0].message and "terakhir adalah 5" in head[0].message
    cut = [p for p in problems if p.kind == "cut"]  # the anchor file beside the database saw row 6 too
    assert cut and "sampai baris 6" in cut[0].message


def test_replaced_row_with_a_recomputed_hash_breaks_the_chain(history: AppContext) -> None:
    """A forger who rewrites row 3 and recomputes its hash (without the key) is named at row 3, and still
    breaks the link to row 4."""
    log = rows(history)
    r = log[2]
    data = {"id": r.id, "ts": r.ts, "actor_id": r.actor_id, "actor_name": r.actor_name, "action": r.action,
            "entity": r.entity, "entity_id": r.entity_id, "before": r.before, "after": '{"nama": "Palsu"}'}
    forged = audit.row_digest(r.prev_hash, data)
    _sql(history, "UPDATE audit_log SET after = ?, hash = ? WHERE id = 3", '{"nama": "Palsu"}', forged)
    problems = verify(history)[1]
    assert [(p.row_id, p.kind) for p in problems] == [(3, "edited"), (4, "inserted")]
    assert "baris audit 4 tidak menyambung" in problems[1].message


def test_appended_row_without_the_anchor_is_found(history: AppContext) -> None:
    last = rows(history)[-1]
    data = {"id": 7, "ts": last.ts, "actor_id": None, "actor_name": "sistem", "action": "delete", "entity": "unit",
            "entity_id": "1", "before": None, "after": None}
    digest = audit.row_digest(last.hash, data)
    _sql(history, "INSERT INTO audit_log (id, ts, actor_id, actor_name, action, entity, entity_id, before, after, "
                  "prev_hash, hash) VALUES (7, ?, NULL, 'sistem', 'delete', 'unit', '1', NULL, NULL, ?, ?)",
         last.ts.isoformat(sep=" ", timespec="microseconds"), last.hash, digest)
    problems = verify(history)[1]
    assert {p.kind for p in problems} == {"forged", "head"}  # no key: an unkeyed row after keyed ones
    assert any("terakhir adalah 7" in p.message for p in problems)


def test_verify_walks_in_batches(history: AppContext) -> None:
    with history.reader(SYSTEM) as uow:
        assert audit.verify(uow.session, batch=2) == (6, [])
    _sql(history, "DELETE FROM audit_log WHERE id = 3")
    with history.reader(SYSTEM) as uow:
        checked, problems = audit.verify(uow.session, batch=2)
    assert checked == 5 and any(p.kind == "deleted" and "baris audit 3 hilang" in p.message for p in problems)


def test_audit_text_never_holds_excluded_columns(tmp_path: Path, ctx: AppContext) -> None:
    from tatausaha.services import documents

    with ctx.uow(actor=SYSTEM) as uow:
        documents.add_document_bytes(uow, ctx.store, b"%PDF-1.4 isi rahasia dokumen", "a.pdf", text="ISI TEKS RAHASIA")
        uow.commit()
    log = rows(ctx)
    assert [(r.action, r.entity) for r in log] == [("create", "document")]
    assert "ISI TEKS RAHASIA" not in (log[0].after or "")
    assert json.loads(log[0].after)["original_name"] == "a.pdf"


def test_concurrent_writers_keep_one_chain(ctx: AppContext, admin: Actor, write_units_concurrently) -> None:  # type: ignore[no-untyped-def]
    """Threads commit at once on SQLite: BEGIN IMMEDIATE serialises writers, the chain stays whole."""
    errors = write_units_concurrently(ctx, admin, threads=4, per_thread=5)
    assert errors == []
    log = rows(ctx)
    assert [r.id for r in log] == list(range(1, 21))
    assert verify(ctx) == (20, [])
