r"""The generic search index every area feeds, in the same transaction as its own data.

An area turns each of its rows into a :class:`SearchRecord` and calls

* ``index_record(uow.session, rec)`` after creating or changing the row (upsert), and
* ``remove_record(uow.session, kind, ref_id)`` when the row is deleted,

inside its own unit of work, before ``uow.commit()``: the index then commits or rolls back with
the data and never drifts. For ``tatausaha reindex`` an area declares its :class:`SearchSource`\ s
(callables yielding a SearchRecord for every row it owns) in its ``Area`` (``tatausaha.registry``).

The kinds in the index are the searchable record kinds of the installed areas plus ``dokumen``
(archived documents, this room's own); their labels and ``jenis:`` words come from the registry.

Permissions: a record whose ``keamanan`` is rahasia or sangat_rahasia is *restricted*:
only actors with ``Permission.SEE_SECRET`` and the users / units in ``allowed_user_ids`` /
``allowed_unit_ids`` (the letter's chain: addressee, disposition recipients, author) see it, in
results, counts, facets and snippets alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tatausaha import registry
from tatausaha.search.engines import backend_for, backend_for_bind
from tatausaha.search.records import (
    DOCUMENT_KIND,
    DOCUMENT_LABEL,
    KEAMANAN,
    RESTRICTED,
    SearchRecord,
    SearchSource,
    iter_batches,
    jenis_values,
    jenis_words,
    kind_label,
    kind_labels,
    kinds,
)
from tatausaha.search.sources import DOCUMENT_SOURCE, refresh_linked_documents

if TYPE_CHECKING:
    from tatausaha.jobs import CancelToken, Progress
    from tatausaha.storage.database import Database

__all__ = [
    "DOCUMENT_KIND", "DOCUMENT_LABEL", "KEAMANAN", "RESTRICTED", "SearchRecord", "SearchSource", "index_record",
    "index_records", "iter_batches", "jenis_values", "jenis_words", "kind_label", "kind_labels", "kinds",
    "register_source", "registered_sources", "reindex_all", "remove_record",
]


_EXTRA: dict[str, SearchSource] = {}


def register_source(source: SearchSource) -> None:
    """Add (or replace, by name) a source outside the areas' declarations (benchmarks, tests)."""
    _EXTRA[source.name] = source


def registered_sources() -> list[SearchSource]:
    """Every installed area's sources, then extras, then documents last (they inherit keamanan/ACL
    from the entries of the records they are linked to)."""
    out: dict[str, SearchSource] = {s.name: s for s in registry.search_sources()}
    out.update(_EXTRA)
    out.pop(DOCUMENT_KIND, None)
    return [*out.values(), DOCUMENT_SOURCE]


def index_record(session: Session, rec: SearchRecord) -> None:
    """Add or replace ``rec`` in the index, in ``session``'s transaction."""
    index_records(session, [rec])


def _after_upsert(session: Session, recs: list[SearchRecord]) -> None:
    """Documents linked to these records inherit their keamanan/ACL: refresh them too."""
    keys = [(r.kind, r.ref_id) for r in recs if r.kind != DOCUMENT_KIND]
    if keys:
        refresh_linked_documents(session, keys)


def index_records(session: Session, recs: Iterable[SearchRecord]) -> int:
    """Add or replace many records (one statement per batch); returns how many."""
    backend = backend_for(session)
    n = 0
    batch: list[SearchRecord] = []
    for rec in recs:
        batch.append(rec)
        if len(batch) >= 500:
            backend.upsert(session, batch)
            _after_upsert(session, batch)
            n += len(batch)
            batch = []
    if batch:
        backend.upsert(session, batch)
        _after_upsert(session, batch)
        n += len(batch)
    return n


def remove_record(session: Session, kind: str, ref_id: int) -> bool:
    """Remove one record from the index; returns False if it was not indexed."""
    return backend_for(session).remove(session, kind, ref_id)


def reindex_all(
    db: Database,
    sources: Iterable[SearchSource] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Rebuild the whole index from the registered sources, with progress; returns records indexed.

    Runs in one write transaction: a cancelled or failed rebuild leaves the old index untouched.
    """
    srcs = list(sources) if sources is not None else registered_sources()
    backend = backend_for_bind(db.engine)
    return backend.rebuild(db, srcs, progress, cancel)
