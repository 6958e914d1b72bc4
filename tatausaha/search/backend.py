"""Search backend interface and the portable part every backend shares.

The plain tables (``search_entry``, ``search_body``, ``search_acl``, ``search_meta``) are written
with portable SQLAlchemy here. A backend adds its own full-text structure and query execution:
SQLite FTS5 (``fts5.py``, the embedded default) or PostgreSQL (``pg.py``, skeleton).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tatausaha import clock
from tatausaha.models.search import SearchAcl, SearchBody, SearchEntry, SearchMeta
from tatausaha.search import text as T
from tatausaha.search.records import SearchRecord, SearchSource
from tatausaha.visibility import Viewer

if TYPE_CHECKING:
    from tatausaha.jobs import CancelToken, Progress
    from tatausaha.search.query import Node
    from tatausaha.storage.database import Database


ENTRY = cast(Table, SearchEntry.__table__)
BODY = cast(Table, SearchBody.__table__)
ACL = cast(Table, SearchAcl.__table__)
META = cast(Table, SearchMeta.__table__)


#: What the acting user may see: the one visibility rule of the app (``tatausaha.visibility``).
Visibility = Viewer


@dataclass(frozen=True)
class RawPage:
    """Entry ids of one page (in order) and the total number of visible matches."""

    ids: list[int]
    total: int
    ranked: str  # "relevance" | "relevance-window" | "date"
    exact: bool = True  # False: total is a lower bound (more matches exist)


@dataclass(frozen=True)
class RawFacets:
    kinds: dict[str, int]
    years: dict[int, int]
    groups: dict[str, int]
    sifat: dict[str, int]
    exact: bool = True  # False: counted over the newest matches only (a sample of a very large result)


class SearchBackend(Protocol):
    name: str

    def upsert(self, session: Session, recs: Sequence[SearchRecord]) -> None: ...

    def remove(self, session: Session, kind: str, ref_id: int) -> bool: ...

    def rebuild(
        self, db: Database, sources: Sequence[SearchSource], progress: Progress | None, cancel: CancelToken | None
    ) -> int: ...

    def page(
        self, session: Session, node: Node, vis: Visibility, *, limit: int, offset: int, order: str,
        exact_total: bool = False,
    ) -> RawPage: ...

    def count(self, session: Session, node: Node, vis: Visibility) -> int: ...

    def facets(self, session: Session, node: Node, vis: Visibility) -> RawFacets: ...

    def stale(self, session: Session) -> bool: ...


# --- portable entry storage ------------------------------------------------------------------


def normalized(rec: SearchRecord) -> SearchRecord:
    """The record exactly as the entry tables keep it (lengths cut to the columns, sifat lower-case).

    Index tokens are made from this form, so a later delete can rebuild the very same tokens from
    the stored row (the FTS5 table is contentless: it must be told which tokens to remove).
    """
    import dataclasses

    cut: dict[str, Any] = {
        "nomor": (rec.nomor or "")[:200], "dari": (rec.dari or "")[:300], "kepada": (rec.kepada or "")[:300],
        "pegawai": (rec.pegawai or "")[:300], "kode": (rec.kode or "")[:32], "sifat": (rec.sifat or "").lower()[:32],
        "jenis": (rec.jenis or "")[:64], "status": (rec.status or "")[:32], "title": rec.title or "",
        "body": rec.body or "",
    }
    if all(getattr(rec, k) == v for k, v in cut.items()):
        return rec
    return dataclasses.replace(rec, **cut)


def entry_values(rec: SearchRecord, entry_id: int) -> dict:
    return {
        "id": entry_id,
        "kind": rec.kind,
        "ref_id": rec.ref_id,
        "title": rec.title or "",
        "nomor": (rec.nomor or "")[:200],
        "dari": (rec.dari or "")[:300],
        "kepada": (rec.kepada or "")[:300],
        "pegawai": (rec.pegawai or "")[:300],
        "kode": (rec.kode or "")[:32],
        "kode_group": T.kode_group(rec.kode or ""),
        "tanggal": rec.tanggal,
        "tahun": rec.tanggal.year if rec.tanggal else None,
        "sifat": (rec.sifat or "").lower()[:32],
        "keamanan": rec.keamanan,
        "jenis": (rec.jenis or "")[:64],
        "status": (rec.status or "")[:32],
        "indexed_at": clock.utcnow(),
    }


def record_from_rows(entry: dict, body: str, acl: Iterable[tuple[int | None, int | None]]) -> SearchRecord:
    users = frozenset(u for u, _ in acl if u is not None)
    units = frozenset(n for _, n in acl if n is not None)
    return SearchRecord(
        kind=entry["kind"], ref_id=entry["ref_id"], title=entry["title"], body=body, nomor=entry["nomor"],
        dari=entry["dari"], kepada=entry["kepada"], kode=entry["kode"], tanggal=entry["tanggal"],
        sifat=entry["sifat"], keamanan=entry["keamanan"], jenis=entry["jenis"], status=entry["status"],
        pegawai=entry["pegawai"], allowed_user_ids=users, allowed_unit_ids=units,
    )


class IdAllocator:
    """Hands out date-ordered entry ids: ``ordinal << 20 | n``, n increasing within a day."""

    def __init__(self, session: Session | Connection) -> None:
        self.session = session
        self.next: dict[int, int] = {}

    def take(self, tanggal: dt.date | None) -> int:
        ordinal = tanggal.toordinal() if tanggal else T.NO_DATE_ORDINAL
        if ordinal not in self.next:
            lo = ordinal << T.SEQ_BITS
            hi = ((ordinal + 1) << T.SEQ_BITS) - 1
            cur = self.session.execute(
                select(func.max(SearchEntry.id)).where(SearchEntry.id.between(lo, hi))
            ).scalar()
            self.next[ordinal] = (cur + 1) if cur is not None else lo
        value = self.next[ordinal]
        if value >> T.SEQ_BITS != ordinal:
            raise OverflowError("more than 1,048,576 indexed records on one day")
        self.next[ordinal] = value + 1
        return value


def _core(session: Session | Connection) -> Connection:
    """The session's connection: Core statements skip the ORM layer's per-statement overhead."""
    return session.connection() if isinstance(session, Session) else session


def load_entries(session: Session | Connection, ids: Sequence[int]) -> dict[int, dict]:
    if not ids:
        return {}
    rows = _core(session).execute(select(ENTRY).where(SearchEntry.id.in_(list(ids)))).mappings().all()
    return {r["id"]: dict(r) for r in rows}


def load_bodies(session: Session | Connection, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = _core(session).execute(
        select(SearchBody.entry_id, SearchBody.body).where(SearchBody.entry_id.in_(list(ids)))
    ).all()
    return {r[0]: r[1] or "" for r in rows}


def load_acl(session: Session | Connection, ids: Sequence[int]) -> dict[int, list[tuple[int | None, int | None]]]:
    out: dict[int, list[tuple[int | None, int | None]]] = {}
    if not ids:
        return out
    rows = _core(session).execute(
        select(SearchAcl.entry_id, SearchAcl.user_id, SearchAcl.unit_id).where(SearchAcl.entry_id.in_(list(ids)))
    ).all()
    for eid, u, n in rows:
        out.setdefault(eid, []).append((u, n))
    return out


def find_entry_id(session: Session | Connection, kind: str, ref_id: int) -> int | None:
    return session.execute(
        select(SearchEntry.id).where(SearchEntry.kind == kind, SearchEntry.ref_id == ref_id)
    ).scalar()


def id_range_where(match_sql: str, id_column: str, lo: int | None, hi: int | None) -> tuple[str, dict]:
    """``match_sql`` narrowed to an entry-id range (ids encode the date, so a year is a range)."""
    sql = match_sql
    params: dict = {}
    if lo is not None:
        sql += f" AND {id_column} >= :lo"
        params["lo"] = lo
    if hi is not None:
        sql += f" AND {id_column} <= :hi"
        params["hi"] = hi
    return sql, params


def find_entry_ids(session: Session | Connection, recs: Sequence[SearchRecord], *, chunk: int = 500) -> list[int]:
    """The existing entries of many records in a few queries (one per kind and 500 ids), not one per record."""
    by_kind: dict[str, list[int]] = {}
    for r in recs:
        by_kind.setdefault(r.kind, []).append(r.ref_id)
    found: list[int] = []
    for kind, ref_ids in by_kind.items():
        for i in range(0, len(ref_ids), chunk):
            found += session.execute(
                select(SearchEntry.id).where(SearchEntry.kind == kind, SearchEntry.ref_id.in_(ref_ids[i:i + chunk]))
            ).scalars().all()
    return found


def insert_rows(conn: Session | Connection, recs: Sequence[tuple[int, SearchRecord]]) -> None:
    """Write the entry, body and ACL rows (records must be ``normalized``)."""
    if not recs:
        return
    conn.execute(insert(ENTRY), [entry_values(r, i) for i, r in recs])
    conn.execute(insert(BODY), [{"entry_id": i, "body": r.body or ""} for i, r in recs])
    acl = [
        {"entry_id": i, "user_id": u, "unit_id": None} for i, r in recs if r.restricted for u in sorted(r.allowed_user_ids)
    ] + [
        {"entry_id": i, "user_id": None, "unit_id": n} for i, r in recs if r.restricted for n in sorted(r.allowed_unit_ids)
    ]
    if acl:
        conn.execute(insert(ACL), acl)


def delete_rows(conn: Session | Connection, ids: Sequence[int]) -> None:
    if not ids:
        return
    ids = list(ids)
    conn.execute(delete(ACL).where(SearchAcl.entry_id.in_(ids)))
    conn.execute(delete(BODY).where(SearchBody.entry_id.in_(ids)))
    conn.execute(delete(ENTRY).where(SearchEntry.id.in_(ids)))


def get_meta(conn: Session | Connection, key: str) -> str | None:
    return _core(conn).execute(select(SearchMeta.value).where(SearchMeta.key == key)).scalar()


def set_meta(conn: Session | Connection, key: str, value: str) -> None:
    conn.execute(delete(META).where(SearchMeta.key == key))
    conn.execute(insert(META).values(key=key, value=value))
