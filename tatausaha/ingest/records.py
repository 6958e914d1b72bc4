"""The records a scan can land on, looked up by kind (``surat_masuk``, ``surat_keluar`` ...).

Kinds map to mapped tables of the same name (``KIND_TABLES`` for exceptions), so areas that land
later (an ``spj_item`` table) are found without changes here. Queries are plain ``select()``s.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from tatausaha.ingest.extract import Extracted, normalize_nomor
from tatausaha.models.base import Base
from tatausaha.services.uow import UnitOfWork

#: record kind -> table name, where they differ
KIND_TABLES: dict[str, str] = {"kwitansi": "spj_item"}

KIND_LABELS = {
    "surat_masuk": "Surat masuk",
    "surat_keluar": "Surat keluar",
    "disposisi": "Disposisi",
    "spj_item": "Bukti SPJ",
    "kwitansi": "Kwitansi",
}

#: columns holding the letter number, per kind
NOMOR_COLUMNS = {"surat_masuk": "nomor_surat", "surat_keluar": "nomor"}
PERIHAL_COLUMNS = {"surat_masuk": "perihal", "surat_keluar": "hal"}


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
    table = KIND_TABLES.get(kind, kind)
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    return None


def exists(uow: UnitOfWork, kind: str, record_id: int) -> bool:
    model = model_for(kind)
    return model is not None and uow.session.get(model, record_id) is not None


def label(uow: UnitOfWork, kind: str, record_id: int) -> str:
    model = model_for(kind)
    name = KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())
    obj = uow.session.get(model, record_id) if model is not None else None
    if obj is None:
        return f"{name} #{record_id} (tidak ditemukan)"
    parts = [f"{name} #{record_id}"]
    agenda = getattr(obj, "nomor_agenda", None)
    if agenda:
        parts.append(f"agenda {agenda}/{getattr(obj, 'tahun', '') or ''}".rstrip("/"))
    nomor = getattr(obj, NOMOR_COLUMNS.get(kind, "nomor"), "") or ""
    if nomor:
        parts.append(nomor)
    hal = getattr(obj, PERIHAL_COLUMNS.get(kind, "perihal"), "") or ""
    if hal:
        parts.append(hal[:80])
    return " — ".join(parts)


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
        return _by_nomor(uow, model, col, value)
    return list(uow.session.execute(select(model.id).where(col == value).limit(5)).scalars())


def _by_nomor(uow: UnitOfWork, model: Any, col: Any, value: str) -> list[int]:
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
    """Ranked candidate records for extracted letter data."""
    out: dict[tuple[str, int], Suggestion] = {}

    def add(s: Suggestion) -> None:
        key = (s.kind, s.id)
        if key not in out or out[key].score < s.score:
            out[key] = s

    for kind, column in NOMOR_COLUMNS.items():
        if ex.nomor_surat:
            for rid in find(uow, kind, column, ex.nomor_surat):
                add(Suggestion(kind, rid, label(uow, kind, rid), 0.97, f"Nomor surat sama: {ex.nomor_surat}"))
    if ex.perihal or ex.pengirim:
        since = (ex.tanggal_surat or dt.date.today()) - dt.timedelta(days=120)
        model = model_for("surat_masuk")
        if model is not None:
            rows = uow.session.execute(
                select(model.id, model.perihal, model.pengirim, model.tanggal_surat)
                .where(model.tanggal_terima >= since).order_by(model.id.desc()).limit(1000)
            ).all()
            for rid, perihal, pengirim, tgl in rows:
                score = 0.0
                why = []
                if ex.perihal and perihal:
                    r = difflib.SequenceMatcher(None, ex.perihal.lower(), perihal.lower()).ratio()
                    if r > 0.6:
                        score += 0.5 * r
                        why.append(f"perihal mirip ({r:.0%})")
                if ex.pengirim and pengirim:
                    r = difflib.SequenceMatcher(None, ex.pengirim.lower(), pengirim.lower()).ratio()
                    if r > 0.7:
                        score += 0.3 * r
                        why.append("pengirim sama" if r > 0.95 else f"pengirim mirip ({r:.0%})")
                if ex.tanggal_surat and tgl == ex.tanggal_surat:
                    score += 0.15
                    why.append("tanggal surat sama")
                if score >= 0.35:
                    add(Suggestion("surat_masuk", rid, label(uow, "surat_masuk", rid), min(score, 0.9), ", ".join(why)))
    return sorted(out.values(), key=lambda s: -s.score)[:limit]
