"""Optimistic locking for editable records (issue 15): a save that started from an older version of a
row is refused with who changed it, when, and what — never merged silently.

Every editable record carries an integer ``row_version`` declared as SQLAlchemy's ``version_id_col``:
each ORM UPDATE is ``… WHERE id = :id AND row_version = :loaded`` and bumps it, so two saves racing
inside the same instant cannot both win (the loser's flush raises ``StaleDataError``, which the unit
of work turns into an ``EditConflict``). An editor that was opened minutes ago carries the version it
showed (``expected``); ``check`` compares it with the row as it is now and, when someone saved in
between, names that save from the audit trail (every audited UPDATE records the changed columns,
``row_version`` among them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tatausaha import idformat
from tatausaha.errors import EditConflict
from tatausaha.models.account import User
from tatausaha.models.audit import AuditLog

#: columns that change with every save and say nothing to the person reading the conflict
_NOISE = frozenset({"row_version", "updated_at", "created_at"})
_MAX_VALUE = 80

STALE_MESSAGE = (
    "Data ini telah diubah oleh pengguna lain pada saat yang sama. Simpanan Anda tidak diterapkan "
    "(tidak digabung); muat ulang datanya, lalu simpan lagi."
)


def check(session: Session, obj: Any, expected: int | None, *, labels: Mapping[str, str] | None = None) -> None:
    """Refuse the save when ``obj`` (just loaded) is no longer the version the editor showed.

    ``expected`` None: the caller did not start from an editor (imports, the CLI): nothing to compare."""
    if expected is None or int(obj.row_version) == int(expected):
        return
    raise conflict(session, obj, int(expected), labels=labels or {})


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(kosong)"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ").strip()
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _actor_label(session: Session, actor_id: int | None, username: str) -> str:
    if actor_id is not None:
        user = session.get(User, actor_id)
        if user is not None and user.full_name and user.full_name != username:
            return f"{user.full_name} ({username})"
    return username


def conflict(session: Session, obj: Any, expected: int, *, labels: Mapping[str, str]) -> EditConflict:
    """The refusal for a save based on version ``expected`` of ``obj``: who saved after it, when, what."""
    table = type(obj).__tablename__
    rows = session.execute(
        select(AuditLog.actor_id, AuditLog.actor_name, AuditLog.ts, AuditLog.before, AuditLog.after)
        .where(AuditLog.entity == table, AuditLog.entity_id == str(obj.id), AuditLog.action == "update")
        .order_by(AuditLog.id.desc())
        .limit(200)
    ).all()
    newer = []
    for actor_id, actor_name, ts, before, after in rows:
        after_d = json.loads(after) if after else {}
        version = after_d.get("row_version")
        if isinstance(version, int) and version <= expected:
            break
        newer.append((actor_id, actor_name, ts, json.loads(before) if before else {}, after_d))
    newer.reverse()  # oldest first
    first: dict[str, Any] = {}
    last: dict[str, Any] = {}
    for *_who, before_d, after_d in newer:
        for key, value in before_d.items():
            first.setdefault(key, value)
        last.update(after_d)
    fields = tuple(
        (labels.get(key, key.replace("_", " ")), _show(first.get(key)), _show(last[key]))
        for key in last
        if key not in _NOISE and first.get(key) != last[key]
    )
    when: Any
    if newer:
        actor_id, actor_name, when, *_ = newer[-1]
        who = _actor_label(session, actor_id, actor_name)
    else:  # no audit row (written outside the app): the row's own timestamp
        who, when = "pengguna lain", getattr(obj, "updated_at", None)
    when_text = idformat.waktu(when if isinstance(when, dt.datetime) else None, "waktu yang tidak tercatat")
    what = "; ".join(f"{label}: «{old}» → «{new}»" for label, old, new in fields) or "isi lain (tidak terinci)"
    message = (
        f"Data ini telah diubah oleh {who} pada {when_text}. Yang berubah: {what}. Simpanan Anda tidak "
        "diterapkan (tidak digabung dengan perubahan itu); isian Anda tetap di formulir — muat ulang untuk "
        "melihat versi terbaru, lalu ulangi perubahan Anda."
    )
    return EditConflict(message, changed_by=who, changed_at=when, fields=fields)


def check_list(session: Session, table: str, what: str, expected: list[str] | None, now: list[str]) -> None:
    """Optimistic locking for an editor of a whole list (e.g. the standard disposition instructions),
    saved at once: refused when the list as stored is no longer the one the editor showed.

    ``table`` is the list's table (its newest audit row names who saved, and when); ``what`` how a
    person calls the list ("Daftar instruksi disposisi"). ``expected`` None: nothing to compare."""
    if expected is None or list(expected) == list(now):
        return
    row = session.execute(
        select(AuditLog.actor_id, AuditLog.actor_name, AuditLog.ts)
        .where(AuditLog.entity == table).order_by(AuditLog.id.desc()).limit(1)
    ).first()
    if row is not None:
        who, when = _actor_label(session, row[0], row[1]), row[2]
    else:
        who, when = "pengguna lain", None
    when_text = idformat.waktu(when if isinstance(when, dt.datetime) else None, "waktu yang tidak tercatat")
    added = [t for t in now if t not in expected]
    removed = [t for t in expected if t not in now]
    parts = [f"ditambah «{_show(t)}»" for t in added] + [f"dihapus «{_show(t)}»" for t in removed]
    if not parts:
        parts = ["urutannya diubah"]
    message = (
        f"{what} telah diubah oleh {who} pada {when_text}. Yang berubah: {'; '.join(parts)}. Simpanan Anda "
        "tidak diterapkan (tidak digabung dengan perubahan itu); muat ulang untuk melihat daftar terbaru, lalu "
        "ulangi perubahan Anda."
    )
    raise EditConflict(message, changed_by=who, changed_at=when, fields=((what, ", ".join(expected), ", ".join(now)),))
