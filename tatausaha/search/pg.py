"""PostgreSQL search backend (skeleton).

Writes work on PostgreSQL today: the plain index tables are portable, so areas can call
``index_record`` in their transactions on a server database too. Full-text querying is the part
still to build; the intended design mirrors the FTS5 one:

* a ``search_tsv`` table (entry_id PK, tsv tsvector, GIN index) filled from
  ``tatausaha.search.fts5.fts_values`` with ``to_tsvector('simple', …)`` per column and
  ``setweight`` A (title, nomor), B (dari, kepada, pegawai), D (body); meta tokens in weight C;
* MATCH expression → ``to_tsquery('simple', …)`` (``&``, ``|``, ``!``, ``<->`` for phrases,
  ``:*`` for prefixes), the same visibility clause as a tsquery;
* ``ts_rank_cd`` over a bounded candidate window, date order by ``entry_id DESC``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tatausaha.errors import StorageError
from tatausaha.search.backend import (
    IdAllocator,
    RawFacets,
    RawPage,
    Visibility,
    delete_rows,
    find_entry_id,
    insert_rows,
)
from tatausaha.search.index import SearchRecord, SearchSource, iter_batches

if TYPE_CHECKING:
    from tatausaha.jobs import CancelToken, Progress
    from tatausaha.search.query import Node
    from tatausaha.storage.database import Database

_NOT_YET = "Pencarian teks penuh pada basis data PostgreSQL belum tersedia di versi ini."


class PostgresBackend:
    name = "postgresql"

    def stale(self, session: Session) -> bool:
        return False

    def upsert(self, session: Session, recs: Sequence[SearchRecord]) -> None:
        old = [i for r in recs if (i := find_entry_id(session, r.kind, r.ref_id)) is not None]
        delete_rows(session, old)
        alloc = IdAllocator(session)
        insert_rows(session, [(alloc.take(r.tanggal), r) for r in recs])

    def remove(self, session: Session, kind: str, ref_id: int) -> bool:
        eid = find_entry_id(session, kind, ref_id)
        if eid is None:
            return False
        delete_rows(session, [eid])
        return True

    def rebuild(
        self, db: Database, sources: Sequence[SearchSource], progress: Progress | None, cancel: CancelToken | None
    ) -> int:
        session = db.new_session(write=True)
        try:
            from sqlalchemy import text

            for t in ("search_acl", "search_body", "search_entry"):
                session.execute(text(f"DELETE FROM {t}"))
            alloc = IdAllocator(session)
            done = 0
            for src in sources:
                for chunk in iter_batches(src.iter_records(session), 500):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    insert_rows(session, [(alloc.take(r.tanggal), r) for r in chunk])
                    done += len(chunk)
                    if progress is not None:
                        progress.report(done, done, f"Mengindeks {src.name}")
            session.commit()
            return done
        finally:
            session.close()

    def page(self, session: Session, node: Node, vis: Visibility, *, limit: int, offset: int, order: str,
             exact_total: bool = False) -> RawPage:
        raise StorageError(_NOT_YET)

    def count(self, session: Session, node: Node, vis: Visibility) -> int:
        raise StorageError(_NOT_YET)

    def facets(self, session: Session, node: Node, vis: Visibility) -> RawFacets:
        raise StorageError(_NOT_YET)
