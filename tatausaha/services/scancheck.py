"""Do the scan journal and the records agree? (``check``; Indonesian findings.)

A scan item says where its document went (``state`` filed, ``record_kind``/``record_id``); the
record shows it through a ``document_link``. The two must tell the same story: a filed scan whose
document is not attached, or a scan marked quarantined/waiting while its document is attached to
the record it names, is named here. Models only (no ingest import: services sit below ingest).
"""

from __future__ import annotations

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from tatausaha.models.document import DocumentLink
from tatausaha.models.ingest import DUPLICATE, FILED, ScanItem

_STATE_WORDS = {
    "detected": "terdeteksi", "stored": "sedang diproses", "review": "menunggu di Kotak Pindai",
    "quarantined": "karantina", "split": "dipisah", "discarded": "disisihkan",
}


def problems(session: Session, limit: int = 200) -> list[str]:
    linked = exists().where(and_(
        DocumentLink.document_id == ScanItem.document_id,
        DocumentLink.record_kind == ScanItem.record_kind,
        DocumentLink.record_id == ScanItem.record_id,
    ))
    named = and_(ScanItem.document_id.is_not(None), ScanItem.record_kind.is_not(None), ScanItem.record_id.is_not(None))
    out: list[str] = []
    for sid, kind, rid in session.execute(
        select(ScanItem.id, ScanItem.record_kind, ScanItem.record_id)
        .where(ScanItem.state == FILED, named, ~linked).order_by(ScanItem.id).limit(limit)
    ):
        out.append(f"Pindaian #{sid} berstatus terarsip pada {kind} #{rid}, tetapi dokumennya tidak terlampir "
                   "pada catatan itu.")
    for sid, state, kind, rid in session.execute(
        select(ScanItem.id, ScanItem.state, ScanItem.record_kind, ScanItem.record_id)
        .where(ScanItem.state.not_in([FILED, DUPLICATE]), named, linked).order_by(ScanItem.id).limit(limit)
    ):
        out.append(f"Pindaian #{sid} berstatus {_STATE_WORDS.get(state, state)}, padahal dokumennya terlampir pada "
                   f"{kind} #{rid}.")
    return out
