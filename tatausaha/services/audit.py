"""Audit trail: every change to an audited model, hash-chained, written in the same transaction.

Capture: ``after_flush`` reads each new/dirty/deleted audited object's attribute history (still
available at that point) into ``session.info``; ``before_commit`` flushes and appends the rows
with Core inserts, chaining ``hash = sha256(prev_hash + canonical row)``. ``audit_head`` anchors
the newest row so a deleted tail is caught as well.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.orm import Session, SessionTransaction

from tatausaha.models.audit import AuditHead, AuditLog
from tatausaha.models.base import Base, utcnow
from tatausaha.storage import dialect

GENESIS = "0" * 64
_PENDING = "tatausaha_audit_pending"
_INSTALLED = "tatausaha_audit_installed"
_SAVEPOINTS = "tatausaha_audit_savepoints"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):  # enums
        return value.value
    return value


def canonical(data: dict[str, Any] | None) -> str | None:
    if data is None:
        return None
    return json.dumps({k: _jsonable(v) for k, v in data.items()}, sort_keys=True, ensure_ascii=False)


def row_digest(prev_hash: str, row: Mapping[Any, Any]) -> str:
    fields = ["id", "ts", "actor_id", "actor_name", "action", "entity", "entity_id", "before", "after"]
    payload = json.dumps([_jsonable(row[f]) for f in fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _columns(obj: Base) -> list[str]:
    excluded = type(obj).__audit_exclude__
    return [c.key for c in inspect(type(obj)).column_attrs if c.key not in excluded]


def _snapshot_changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            before[key] = hist.deleted[0] if hist.deleted else None
            after[key] = hist.added[0] if hist.added else None
    return before, after


def _snapshot(obj: Base) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in _columns(obj)}


def _entity_id(obj: Base) -> str | None:
    ident = inspect(type(obj)).primary_key_from_instance(obj)
    if not ident or any(i is None for i in ident):
        return None
    return "/".join(str(i) for i in ident)


def _after_flush(session: Session, _ctx: Any) -> None:
    pending = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        if isinstance(obj, Base) and type(obj).__audit__:
            pending.append(("create", obj.__tablename__, _entity_id(obj), None, _snapshot(obj)))
    for obj in session.dirty:
        if isinstance(obj, Base) and type(obj).__audit__ and session.is_modified(obj, include_collections=False):
            before, after = _snapshot_changes(obj)
            if before or after:
                pending.append(("update", obj.__tablename__, _entity_id(obj), before, after))
    for obj in session.deleted:
        if isinstance(obj, Base) and type(obj).__audit__:
            pending.append(("delete", obj.__tablename__, _entity_id(obj), _snapshot(obj), None))


def _before_commit(session: Session) -> None:
    session.flush()
    pending = session.info.pop(_PENDING, [])
    if pending:
        write_rows(session, pending)


def _after_transaction_create(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:  # remember where a SAVEPOINT starts in the pending list
        session.info.setdefault(_SAVEPOINTS, {})[id(transaction)] = len(session.info.get(_PENDING, []))


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.nested:
        # A rolled-back SAVEPOINT drops only what was flushed inside it; the outer transaction's
        # changes are still going to be committed and must keep their audit rows.
        mark = session.info.get(_SAVEPOINTS, {}).pop(id(previous), None)
        if mark is not None and _PENDING in session.info:
            del session.info[_PENDING][mark:]
        return
    if previous.parent is not None:  # a failed flush's inner subtransaction: its parent decides
        return
    session.info.pop(_PENDING, None)
    session.info.pop(_SAVEPOINTS, None)


def install(session: Session) -> None:
    if session.info.get(_INSTALLED):
        return
    event.listen(session, "after_flush", _after_flush)
    event.listen(session, "before_commit", _before_commit)
    event.listen(session, "after_transaction_create", _after_transaction_create)
    event.listen(session, "after_soft_rollback", _after_soft_rollback)
    session.info[_INSTALLED] = True


def record_event(session: Session, action: str, entity: str, entity_id: object, detail: dict | None) -> None:
    session.info.setdefault(_PENDING, []).append(
        (action, entity, None if entity_id is None else str(entity_id), None, detail)
    )


def write_rows(session: Session, pending: list[tuple[str, str, Any, Any, Any]]) -> None:
    actor = session.info.get("actor")
    bind = session.connection()
    head_q = dialect.lock_for_update(select(AuditHead).where(AuditHead.id == 1), bind)
    head = session.execute(head_q).scalar_one_or_none()
    if head is None:
        # The very first audited write: several sessions may get here at once on a server database;
        # the losers wait for the winner's row (ON CONFLICT DO NOTHING) and then lock and read it.
        session.execute(
            dialect.insert_ignoring_duplicates(AuditHead.__table__, bind).values(
                id=1, last_id=0, last_hash=GENESIS, count=0
            )
        )
        head = session.execute(head_q).scalar_one()
    last_id, last_hash, count = head.last_id, head.last_hash, head.count
    ts = utcnow().replace(microsecond=0)
    for action, entity, entity_id, before, after in pending:
        row = {
            "id": last_id + 1,
            "ts": ts,
            "actor_id": getattr(actor, "user_id", None),
            "actor_name": getattr(actor, "username", "sistem"),
            "action": action,
            "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id),
            "before": canonical(before),
            "after": canonical(after),
        }
        digest = row_digest(last_hash, row)
        session.execute(insert(AuditLog).values(**row, prev_hash=last_hash, hash=digest))
        last_id, last_hash, count = last_id + 1, digest, count + 1
    session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_id=last_id, last_hash=last_hash, count=count)
    )
    session.expire_all()


@dataclass(frozen=True)
class AuditProblem:
    row_id: int | None
    kind: str  # edited | inserted | deleted | head
    message: str


def verify(session: Session, *, batch: int = 5000) -> tuple[int, list[AuditProblem]]:
    """Walk the chain; return (rows checked, problems). Each problem names the row."""
    problems: list[AuditProblem] = []
    prev_hash = GENESIS
    expected_id = 1
    checked = 0
    last_id = 0
    offset_id = 0
    while True:
        # Plain rows (no ORM identity map): the walk is linear in the trail's length.
        rows = session.execute(
            select(*AuditLog.__table__.columns).where(AuditLog.id > offset_id).order_by(AuditLog.id).limit(batch)
        ).all()
        if not rows:
            break
        for r in rows:
            data = r._mapping
            if r.id != expected_id:
                missing = f"{expected_id}" if r.id == expected_id + 1 else f"{expected_id}–{r.id - 1}"
                problems.append(AuditProblem(r.id, "deleted", f"baris audit {missing} hilang (dihapus) sebelum baris {r.id}"))
            if r.prev_hash != prev_hash and r.id == expected_id:
                problems.append(AuditProblem(r.id, "inserted", f"baris audit {r.id} tidak menyambung ke baris sebelumnya (disisipkan atau diganti)"))
            if row_digest(r.prev_hash, data) != r.hash:
                problems.append(AuditProblem(r.id, "edited", f"isi baris audit {r.id} ({r.entity} {r.entity_id}, {r.action}) telah diubah"))
            prev_hash = r.hash
            expected_id = r.id + 1
            last_id = r.id
            checked += 1
        offset_id = rows[-1].id
    head = session.get(AuditHead, 1)
    if head is not None:
        if head.last_id != last_id or head.last_hash != prev_hash:
            problems.append(AuditProblem(head.last_id, "head", f"jangkar jejak audit menunjuk baris {head.last_id}, tetapi baris terakhir adalah {last_id} (baris terakhir dihapus atau diubah)"))
        if head.count != checked:
            problems.append(AuditProblem(None, "head", f"jumlah baris audit {checked}, seharusnya {head.count}"))
    elif checked:
        problems.append(AuditProblem(None, "head", "jangkar jejak audit hilang"))
    return checked, problems
