"""The records a scan can land on, looked up by kind through the area registry.

Every kind an installed area declares (``tatausaha.registry.RecordKind``) can be named by a QR
code, a filename rule or a suggestion; this module knows none of them by name. Queries are plain
``select()``s on the kind's model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from tatausaha import registry, visibility
from tatausaha.ingest.extract import Extracted, normalize_nomor
from tatausaha.registry import RecordLabel
from tatausaha.services.uow import UnitOfWork


@dataclass(frozen=True)
class Suggestion:
    kind: str
    id: int
    label: str
    score: float  # 0..1
    why: str  # Indonesian

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label": self.label, "score": round(self.score, 3), "why": self.why}


def model_for(kind: str) -> Any | None:
    k = registry.kind(kind)
    return k.model if k is not None else None


def kind_label(kind: str) -> str:
    return registry.label(kind)


def exists(uow: UnitOfWork, kind: str, record_id: int) -> bool:
    model = model_for(kind)
    return model is not None and uow.session.get(model, record_id) is not None


def describe(uow: UnitOfWork, kind: str, record_id: int) -> RecordLabel | None:
    """The record's label as its area tells it; None when it does not exist."""
    k = registry.kind(kind)
    if k is None or k.model is None:
        return None
    if k.describe is not None:
        return visibility.shown(uow.session, uow.actor, kind, record_id, k.describe(uow, record_id))
    obj = uow.session.get(k.model, record_id)
    if obj is None:
        return None
    return visibility.shown(uow.session, uow.actor, kind, record_id, RecordLabel(
        k.name, record_id, k.label, nomor=str(getattr(obj, "nomor", "") or ""),
        perihal=str(getattr(obj, "perihal", "") or ""), keamanan=str(getattr(obj, "keamanan", "biasa") or "biasa")))


def label(uow: UnitOfWork, kind: str, record_id: int) -> str:
    """The record's label; only its kind and id for a record the actor may not see (``tatausaha.visibility``)."""
    d = describe(uow, kind, record_id)
    if d is None:
        return f"{kind_label(kind)} #{record_id} (tidak ditemukan)"
    if visibility.hidden(uow.session, uow.actor, [(kind, record_id)]):
        return f"{kind_label(kind)} #{record_id} — {visibility.MASKED}"
    return d.text


def find(uow: UnitOfWork, kind: str, field: str, value: str, *, tahun: int | None = None) -> list[int]:
    """Ids of ``kind`` records whose ``field`` equals ``value`` (numbers compared as numbers)."""
    model = model_for(kind)
    if model is None:
        return []
    if field == "id":
        try:
            rid = int(value)
        except ValueError:
            return []
        return [rid] if uow.session.get(model, rid) is not None else []
    col = getattr(model, field, None)
    if col is None:
        return []
    if field == "nomor_agenda":
        try:
            stmt = select(model.id).where(col == int(value))
        except ValueError:
            return []
        if tahun is not None and hasattr(model, "tahun"):
            stmt = stmt.where(model.tahun == tahun)
        return list(uow.session.execute(stmt.order_by(model.id.desc()).limit(5)).scalars())
    if field in ("nomor_surat", "nomor"):
        return ids_by_number(uow, model, col, value)
    return list(uow.session.execute(select(model.id).where(col == value).limit(5)).scalars())


def ids_by_number(uow: UnitOfWork, model: Any, col: Any, value: str) -> list[int]:
    """Ids of ``model`` rows whose number column ``col`` equals ``value`` once both are normalised."""
    norm = normalize_nomor(value)
    if not norm:
        return []
    # exact first (indexed), then normalised comparison over a narrowed candidate set
    ids = list(uow.session.execute(select(model.id).where(col == value.strip()).limit(5)).scalars())
    if ids:
        return ids
    tail = norm.rsplit("/", 1)[-1][-4:] if "/" in norm else norm[-4:]
    rows = uow.session.execute(
        select(model.id, col).where(func.upper(col).like(f"%{tail}%")).order_by(model.id.desc()).limit(2000)
    ).all()
    return [rid for rid, nomor in rows if normalize_nomor(nomor or "") == norm][:5]


def suggest(uow: UnitOfWork, ex: Extracted, *, limit: int = 5) -> list[Suggestion]:
    """Ranked candidate records for extracted letter data, from every kind that can tell."""
    out: dict[tuple[str, int], Suggestion] = {}

    def add(s: Suggestion) -> None:
        key = (s.kind, s.id)
        if key not in out or out[key].score < s.score:
            out[key] = s

    for k in registry.kinds(built_only=True):
        if ex.nomor_surat and k.find_by_number is not None:
            for rid in k.find_by_number(uow, ex.nomor_surat):
                add(Suggestion(k.name, rid, label(uow, k.name, rid), 0.97, f"Nomor surat sama: {ex.nomor_surat}"))
        if k.suggest is not None:
            for m in k.suggest(uow, ex):
                add(Suggestion(k.name, m.id, label(uow, k.name, m.id), m.score, m.why))
    # a person is never offered a record they may not see (the watcher runs as the system and sees all)
    secret = visibility.hidden(uow.session, uow.actor, out)
    return sorted((s for key, s in out.items() if key not in secret), key=lambda s: -s.score)[:limit]
