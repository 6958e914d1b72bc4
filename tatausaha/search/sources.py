"""The ``dokumen`` source: archived documents (PDF text / OCR) in the search index.

A document inherits the most restrictive ``keamanan`` of the records it is linked to, with the
union of their ACLs, so the scan of a rahasia letter is exactly as hidden as the letter. Call
:func:`index_document` whenever a document's text or links change (ingest, linking); ``reindex``
walks every document through :data:`DOCUMENT_SOURCE`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tatausaha import clock
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.search import SearchAcl, SearchEntry
from tatausaha.search.engines import backend_for
from tatausaha.search.records import DOCUMENT_KIND, KEAMANAN, SearchRecord, SearchSource

_RANK = {k: i for i, k in enumerate(KEAMANAN)}


Inherited = tuple[str, str, set[int], set[int], str, "dt.date | None"]


def _inherited(session: Session, doc_ids: Sequence[int]) -> dict[int, Inherited]:
    """Per document: (keamanan, kode, users, units, nomor, tanggal) from the records it is linked to."""
    out: dict[int, Inherited] = {}
    if not doc_ids:
        return out
    links = session.execute(
        select(DocumentLink.document_id, SearchEntry.id, SearchEntry.keamanan, SearchEntry.kode, SearchEntry.nomor,
               SearchEntry.tanggal)
        .join(SearchEntry, (SearchEntry.kind == DocumentLink.record_kind) & (SearchEntry.ref_id == DocumentLink.record_id))
        .where(DocumentLink.document_id.in_(list(doc_ids)))
    ).all()
    entry_ids = [e for _, e, k, _, _, _ in links if k != "biasa"]
    acl: dict[int, list[tuple[int | None, int | None]]] = {}
    if entry_ids:
        for eid, u, n in session.execute(
            select(SearchAcl.entry_id, SearchAcl.user_id, SearchAcl.unit_id).where(SearchAcl.entry_id.in_(entry_ids))
        ):
            acl.setdefault(eid, []).append((u, n))
    for doc_id, eid, keamanan, kode, nomor, tanggal in links:
        cur = out.get(doc_id, ("biasa", "", set(), set(), "", None))
        level = keamanan if _RANK.get(keamanan, 0) > _RANK.get(cur[0], 0) else cur[0]
        users, units = cur[2], cur[3]
        for u, n in acl.get(eid, []):
            if u is not None:
                users.add(u)
            if n is not None:
                units.add(n)
        out[doc_id] = (level, cur[1] or kode, users, units, cur[4] or nomor, cur[5] or tanggal)
    return out


def document_records(session: Session, ids: Sequence[int] | None = None) -> Iterator[SearchRecord]:
    q = select(Document).order_by(Document.id)
    if ids is not None:
        q = q.where(Document.id.in_(list(ids)))
    batch: list[Document] = []

    def flush(batch: list[Document]) -> Iterator[SearchRecord]:
        inh = _inherited(session, [d.id for d in batch])
        for d in batch:
            keamanan, kode, users, units, nomor, tanggal = inh.get(d.id, ("biasa", "", set(), set(), "", None))
            yield SearchRecord(
                kind=DOCUMENT_KIND, ref_id=d.id, title=d.original_name, body=d.text or "", nomor=nomor,
                kode=d.kode_klasifikasi or kode, tanggal=tanggal or clock.office_date(d.created_at),
                keamanan=keamanan, jenis=d.mime.split("/")[-1], status=d.text_source or "",
                allowed_user_ids=frozenset(users), allowed_unit_ids=frozenset(units),
            )

    for d in session.execute(q).scalars():
        batch.append(d)
        if len(batch) >= 200:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def index_document(session: Session, document_id: int) -> None:
    """(Re)index one archived document in the caller's transaction (after its text/links changed)."""
    session.flush()
    backend_for(session).upsert(session, list(document_records(session, [document_id])))


def refresh_linked_documents(session: Session, keys: Sequence[tuple[str, int]]) -> int:
    """Re-index the documents linked to these records (their keamanan/ACL/kode may have changed).

    Called by ``index_records`` for every non-document record, so the scan of a letter that
    becomes rahasia is hidden in the same transaction as the letter itself.
    """
    keys = [(k, r) for k, r in keys if k != DOCUMENT_KIND]
    if not keys:
        return 0
    from sqlalchemy import and_, or_

    cond = or_(*(and_(DocumentLink.record_kind == k, DocumentLink.record_id == r) for k, r in keys[:500]))
    doc_ids = sorted(set(session.execute(select(DocumentLink.document_id).where(cond)).scalars()))
    if len(keys) > 500:
        doc_ids = sorted(set(doc_ids) | {d for chunk in range(500, len(keys), 500)
                                         for d in _linked(session, keys[chunk:chunk + 500])})
    if not doc_ids:
        return 0
    recs = list(document_records(session, doc_ids))
    backend_for(session).upsert(session, recs)
    return len(recs)


def _linked(session: Session, keys: Sequence[tuple[str, int]]) -> set[int]:
    from sqlalchemy import and_, or_

    cond = or_(*(and_(DocumentLink.record_kind == k, DocumentLink.record_id == r) for k, r in keys))
    return set(session.execute(select(DocumentLink.document_id).where(cond)).scalars())


DOCUMENT_SOURCE = SearchSource(
    name=DOCUMENT_KIND,
    iter_records=lambda session: document_records(session),
    count=lambda session: session.execute(select(func.count(Document.id))).scalar_one(),
)
