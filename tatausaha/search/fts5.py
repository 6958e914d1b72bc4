"""SQLite FTS5 search backend (the embedded default).

Index: one contentless FTS5 table ``search_fts(title, body, nomor, dari, kepada, pegawai, meta)``
whose rowid is ``search_entry.id``. It stores only the inverted index (no copy of the text, see
migration 0005); the text it indexes is produced in Python by ``tatausaha.search.text`` (folded,
stemmed tokens; number segments; ``meta`` filter tokens such as ``zzk<kind>``, ``zzc800`` …).

Design for the worst query (shared/PERF-LIMITS.md §1, §9):

* Every filter except dates is a token in ``meta``, so a filtered query is *one* FTS5 MATCH:
  no B-tree/FTS join to be planned, no ``rowid IN (subquery)``; the plan cannot flip between
  SQLite versions because there is only the virtual table in the FROM clause.
* Entry ids are date-ordered, so ``tahun:``/``tanggal:`` are rowid ranges inside FTS5 and
  "newest first" is ``ORDER BY rowid DESC`` — a walk of the doclists, stopped by LIMIT.
* Permissions are a clause of the MATCH expression: ``… NOT ("zzr" NOT ("zzu7" OR "zzn3"))``;
  restricted rows never leave SQLite for a user outside their chain (counts and facets included).
* Relevance is ranked over at most the newest ``RANK_WINDOW`` matches (all of them when there
  are fewer) by *where* the query words occur — perihal and nomor weigh 4, pengirim/tujuan/
  pegawai 2, the body 1 — and, for OR queries, how many of them; ties newest first.
  Pages past the window continue by date. FTS5's own ``bm25()`` is not used: before ranking
  even one row it scans every match of every query word to compute IDF (measured at 2M rows:
  90 ms for one common word, 230 ms for three, whatever the LIMIT), and ~1 s when it sorts all
  matches. Our ranking runs one range-bounded MATCH per (word, column group) over the window.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tatausaha import clock
from tatausaha.search import text as T
from tatausaha.search.backend import (
    IdAllocator,
    RawFacets,
    RawPage,
    Visibility,
    _core,
    delete_rows,
    find_entry_id,
    find_entry_ids,
    get_meta,
    id_range_where,
    insert_rows,
    load_acl,
    load_bodies,
    load_entries,
    normalized,
    record_from_rows,
    set_meta,
)
from tatausaha.search.fts5_match import (  # noqa: F401 - the query half, re-exported for the benchmarks
    GROUPS,
    NOTHING,
    SIFAT_VALUES,
    _col,
    _filter,
    _has_or,
    _q,
    _term,
    _tokens_for,
    _years,
    compile_node,
    compile_query,
    positive_leaves,
    split_dates,
    visibility_clause,
)
from tatausaha.search.query import Node
from tatausaha.search.records import SearchRecord, SearchSource, iter_batches

if TYPE_CHECKING:
    from tatausaha.jobs import CancelToken, Progress
    from tatausaha.storage.database import Database

log = logging.getLogger(__name__)

FTS = "search_fts"
COLUMNS = ("title", "body", "nomor", "dari", "kepada", "pegawai", "meta")

RANK_WINDOW = 1_000  # relevance ranks the newest RANK_WINDOW matches (all of them if fewer)
RANK_ALL = RANK_WINDOW  # kept for the PostgreSQL backend (ts_rank has no IDF pass)
#: (column filter, weight) of the relevance ranking; a word found anywhere counts 1 for OR queries
#  (one range-bounded MATCH each per word: a column filter reads the position list of every row in range)
RANK_GROUPS = (("{title nomor}", 4.0), ("{dari kepada pegawai}", 2.0))
MAX_RANK_WORDS = 6
COUNT_CAP = 10_000  # count exactly up to this many matches; above: "more than" (as Elasticsearch's track_total_hits)
FACET_EXACT = 10_000  # exact facets up to this many matches; above: sampled from the newest
FACET_SAMPLE = 5_000
BODY_LIMIT = 2_000_000  # characters of body text indexed per record

CREATE_SQL = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({', '.join(COLUMNS)}, content='', "
    "tokenize='unicode61 remove_diacritics 0')"
)


# --- documents → FTS columns -----------------------------------------------------------------


def meta_tokens(rec: SearchRecord) -> list[str]:
    toks = [T.ALL_TOKEN, T.kind_token(rec.kind)]
    if rec.tanggal:
        toks.append(T.year_token(rec.tanggal.year))
    if rec.kode:
        toks += T.kode_tokens(rec.kode)
    if rec.sifat:
        toks.append(T.sifat_token(rec.sifat))
    toks.append(T.keamanan_token(rec.keamanan))
    if rec.jenis:
        toks.append(T.jenis_token(rec.jenis))
    if rec.status:
        toks.append(T.status_token(rec.status))
    if rec.restricted:
        toks.append(T.RESTRICTED_TOKEN)
        toks += [T.user_token(u) for u in sorted(rec.allowed_user_ids)]
        toks += [T.unit_token(u) for u in sorted(rec.allowed_unit_ids)]
    return toks


def fts_values(rec: SearchRecord) -> tuple[str, ...]:
    return (
        T.analyze_joined(rec.title or ""),
        T.analyze_joined((rec.body or "")[:BODY_LIMIT]),
        " ".join(T.nomor_tokens(rec.nomor or "")),
        T.analyze_joined(rec.dari or ""),
        T.analyze_joined(rec.kepada or ""),
        T.analyze_joined(rec.pegawai or ""),
        " ".join(meta_tokens(rec)),
    )


_INSERT = text(
    f"INSERT INTO {FTS}(rowid, {', '.join(COLUMNS)}) VALUES (:id, :c0, :c1, :c2, :c3, :c4, :c5, :c6)"
)
_DELETE = text(
    f"INSERT INTO {FTS}({FTS}, rowid, {', '.join(COLUMNS)}) VALUES ('delete', :id, :c0, :c1, :c2, :c3, :c4, :c5, :c6)"
)


def _params(entry_id: int, rec: SearchRecord) -> dict:
    vals = fts_values(rec)
    return {"id": entry_id, **{f"c{i}": v for i, v in enumerate(vals)}}


def _where(lo: int | None, hi: int | None) -> tuple[str, dict]:
    return id_range_where(f"{FTS} MATCH :m", "rowid", lo, hi)


# --- the backend ------------------------------------------------------------------------------


def _cursor(session: Session | Connection):  # type: ignore[no-untyped-def]
    """A DBAPI cursor on the session's own connection (same transaction).

    The read path runs a handful of statements per search; through the SQL expression layer
    each costs ~0.3–1 ms of Python on a busy 2-core machine, directly ~20 µs.
    """
    return _core(session).connection.driver_connection.cursor()  # type: ignore[union-attr]


_ENTRY_COLS = ("id", "kind", "ref_id", "title", "nomor", "dari", "kepada", "pegawai", "kode", "kode_group", "tanggal",
               "tahun", "sifat", "keamanan", "jenis", "status")


def _in(ids: Sequence[int]) -> str:
    return ",".join(str(int(i)) for i in ids)  # ints only: safe to inline, keeps one statement per call


class Fts5Backend:
    name = "sqlite-fts5"

    # writes

    def __init__(self) -> None:
        self._stale_seen: dict[str, tuple[float, bool]] = {}

    def stale(self, session: Session | Connection) -> bool:
        v = get_meta(session, "analyzer_version")
        return v is not None and v != T.ANALYZER_VERSION

    def stale_cached(self, session: Session | Connection, ttl: float = 30.0) -> bool:
        """``stale`` checked at most every ``ttl`` seconds per database (read path)."""
        import time

        bind = session.get_bind() if isinstance(session, Session) else session.engine
        key = f"{id(bind)}:{bind.engine.url}"
        now = time.monotonic()
        hit = self._stale_seen.get(key)
        if hit is None or now - hit[0] > ttl:
            hit = (now, self.stale(session))
            self._stale_seen[key] = hit
        return hit[1]

    def _stale_cached(self, session: Session | Connection) -> bool:
        info = session.info if isinstance(session, Session) else {}
        key = "tatausaha_search_stale"
        if key not in info:
            stale = self.stale(session)
            if get_meta(session, "analyzer_version") is None:
                set_meta(session, "analyzer_version", T.ANALYZER_VERSION)
            info[key] = stale
        return bool(info[key])

    def _delete_existing(self, conn: Session | Connection, ids: Sequence[int], stale: bool) -> None:
        if not ids:
            return
        if not stale:
            entries = load_entries(conn, ids)
            bodies = load_bodies(conn, ids)
            acls = load_acl(conn, ids)
            params = [
                _params(eid, record_from_rows(entries[eid], bodies.get(eid, ""), acls.get(eid, [])))
                for eid in ids if eid in entries
            ]
            if params:
                conn.execute(_DELETE, params)
        delete_rows(conn, ids)

    def upsert(self, session: Session | Connection, recs: Sequence[SearchRecord]) -> None:
        stale = self._stale_cached(session)
        old = find_entry_ids(session, recs)
        self._delete_existing(session, old, stale)
        alloc = IdAllocator(session)
        pairs = [(alloc.take(r.tanggal), normalized(r)) for r in recs]
        insert_rows(session, pairs)
        session.execute(_INSERT, [_params(i, r) for i, r in pairs])

    def remove(self, session: Session | Connection, kind: str, ref_id: int) -> bool:
        eid = find_entry_id(session, kind, ref_id)
        if eid is None:
            return False
        self._delete_existing(session, [eid], self._stale_cached(session))
        return True

    def clear(self, conn: Session | Connection) -> None:
        conn.execute(text(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')"))
        conn.execute(text("DELETE FROM search_acl"))
        conn.execute(text("DELETE FROM search_body"))
        conn.execute(text("DELETE FROM search_entry"))

    def bulk_load(self, conn: Session | Connection, recs, alloc: IdAllocator, batch: int = 1000) -> int:  # type: ignore[no-untyped-def]
        """Append records to an index known not to contain them (rebuild, benchmark build)."""
        n = 0
        for chunk in iter_batches(recs, batch):
            pairs = [(alloc.take(r.tanggal), normalized(r)) for r in chunk]
            insert_rows(conn, pairs)
            conn.execute(_INSERT, [_params(i, r) for i, r in pairs])
            n += len(chunk)
        return n

    def optimize(self, conn: Session | Connection) -> None:
        conn.execute(text(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')"))

    def rebuild(
        self, db: Database, sources: Sequence[SearchSource], progress: Progress | None, cancel: CancelToken | None
    ) -> int:
        session = db.new_session(write=True)
        try:
            totals = [(s.count(session) if s.count else None) for s in sources]
            total = sum(t or 0 for t in totals)
            self.clear(session)
            alloc = IdAllocator(session)
            done = 0
            for src in sources:
                label = f"Mengindeks {src.name}"
                for chunk in iter_batches(src.iter_records(session), 500):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    self.bulk_load(session, chunk, alloc, batch=500)
                    done += len(chunk)
                    if progress is not None:
                        progress.report(done, max(total, done), label)
            if progress is not None:
                progress.report(done, max(total, done), "Merapikan indeks")
            self.optimize(session)
            set_meta(session, "analyzer_version", T.ANALYZER_VERSION)
            self._stale_seen.clear()

            set_meta(session, "rebuilt_at", clock.utcnow().isoformat(timespec="seconds"))
            session.commit()
            return done
        finally:
            session.rollback()
            session.close()

    # reads

    def count(self, session: Session | Connection, node: Node, vis: Visibility) -> int:
        m, lo, hi = compile_query(node, vis)
        return self._count(session, m, lo, hi)

    def _count_capped(self, session: Session | Connection, m: str, lo: int | None, hi: int | None, cap: int) -> tuple[int, bool]:
        """(count, exact): exact up to ``cap``; beyond, (cap, False) after reading only cap+1 matches."""
        where, params = _where(lo, hi)
        row = _cursor(session).execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {where} LIMIT {int(cap) + 1})", {"m": m, **params}
        ).fetchone()
        n = int(row[0] or 0)
        return (n, True) if n <= cap else (cap, False)

    def _count(self, session: Session | Connection, m: str, lo: int | None, hi: int | None) -> int:
        where, params = _where(lo, hi)
        row = _cursor(session).execute(f"SELECT count(*) FROM {FTS} WHERE {where}", {"m": m, **params}).fetchone()
        return int(row[0] or 0)

    # fast row loading for the page (portable versions live in backend.py)

    def load_entries(self, session: Session | Connection, ids: Sequence[int]) -> dict[int, dict]:
        if not ids:
            return {}
        import datetime as dt

        rows = _cursor(session).execute(f"SELECT {', '.join(_ENTRY_COLS)} FROM search_entry WHERE id IN ({_in(ids)})")
        out = {}
        for r in rows:
            d = dict(zip(_ENTRY_COLS, r, strict=True))
            if d["tanggal"]:
                d["tanggal"] = dt.date.fromisoformat(d["tanggal"])
            out[d["id"]] = d
        return out

    def load_bodies(self, session: Session | Connection, ids: Sequence[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = _cursor(session).execute(f"SELECT entry_id, body FROM search_body WHERE entry_id IN ({_in(ids)})")
        return {r[0]: r[1] or "" for r in rows}

    def load_acl(self, session: Session | Connection, ids: Sequence[int]) -> dict[int, list[tuple[int | None, int | None]]]:
        out: dict[int, list[tuple[int | None, int | None]]] = {}
        if ids:
            for eid, u, n in _cursor(session).execute(
                f"SELECT entry_id, user_id, unit_id FROM search_acl WHERE entry_id IN ({_in(ids)})"
            ):
                out.setdefault(eid, []).append((u, n))
        return out

    def page(
        self, session: Session | Connection, node: Node, vis: Visibility, *, limit: int, offset: int, order: str,
        exact_total: bool = False,
    ) -> RawPage:
        m, lo, hi = compile_query(node, vis)
        where, params = _where(lo, hi)
        params = {"m": m, **params, "limit": limit, "offset": offset}
        cur = _cursor(session)
        newest_sql = f"SELECT rowid FROM {FTS} WHERE {where} ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
        known: int | None = None  # the total, when the rows read already tell it (fewer than asked for)

        def total_of() -> tuple[int, bool]:
            if known is not None and not exact_total:
                return known, True
            if exact_total:
                return self._count(session, m, lo, hi), True
            return self._count_capped(session, m, lo, hi, max(COUNT_CAP, offset + limit))

        if limit <= 0:
            total, exact = total_of()
            return RawPage([], total, order, exact)
        if order == "date":
            ids = [r[0] for r in cur.execute(newest_sql, params)]
            if len(ids) < limit and (ids or offset == 0):
                known = offset + len(ids)
            total, exact = total_of()
            return RawPage(ids, total, "date", exact)
        window = RANK_WINDOW
        ids = []
        newest: list[int] = []
        if offset < window:
            newest = [r[0] for r in cur.execute(newest_sql, {**params, "limit": window, "offset": 0})]
            if len(newest) < window:
                known = len(newest)
        total, exact = total_of()
        complete = exact and total <= window
        if newest:
            ids = self._rank(cur, node, newest)[offset : offset + limit]
        if len(ids) < limit and not complete:
            # past the ranked window the newest-first walk continues
            params2 = {**params, "limit": limit - len(ids), "offset": max(offset, window)}
            ids += [r[0] for r in cur.execute(newest_sql, params2)]
        return RawPage(ids, total, "relevance" if complete else "relevance-window", exact)

    def _rank(self, cur, node: Node, ids: list[int]) -> list[int]:  # type: ignore[no-untyped-def]
        """Order ``ids`` (newest first) by where the query's words occur; see the module doc."""
        if len(ids) < 2:
            return ids
        words = [w for w in positive_leaves(node) if w.field is None][:MAX_RANK_WORDS]
        if not words:
            return ids
        groups: tuple[tuple[str | None, float], ...] = RANK_GROUPS
        if _has_or(node):
            groups = (*groups, (None, 1.0))
        score = dict.fromkeys(ids, 0.0)
        a, b = min(ids), max(ids)
        for w in words:
            expr = compile_node(w)
            if expr is None:
                continue
            for col, weight in groups:
                e = f"{col} : ({expr})" if col else expr
                for (rid,) in cur.execute(
                    f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? AND rowid >= ? AND rowid <= ?", (e, a, b)
                ):
                    if rid in score:
                        score[rid] += weight
        return sorted(ids, key=lambda i: (-score[i], -i))

    def facets(self, session: Session | Connection, node: Node, vis: Visibility) -> RawFacets:
        m, lo, hi = compile_query(node, vis)
        where, params = _where(lo, hi)
        params = {"m": m, **params}
        total, exact = self._count_capped(session, m, lo, hi, FACET_EXACT)
        session = _core(session)
        sample = "" if exact else f" ORDER BY rowid DESC LIMIT {FACET_SAMPLE}"
        sql = (
            f"SELECT e.kind, e.kode_group, e.sifat, e.tahun, count(*) FROM "
            f"(SELECT rowid AS id FROM {FTS} WHERE {where}{sample}) w CROSS JOIN search_entry e ON e.id = w.id "
            "GROUP BY 1, 2, 3, 4"
        )
        kinds: dict[str, int] = {}
        groups: dict[str, int] = {}
        sifat: dict[str, int] = {}
        years: dict[int, int] = {}
        seen = 0
        for kind, group, sf, tahun, c in session.execute(text(sql), params):
            seen += c
            kinds[kind] = kinds.get(kind, 0) + c
            if group:
                groups[group] = groups.get(group, 0) + c
            if sf:
                sifat[sf] = sifat.get(sf, 0) + c
            if tahun:
                years[tahun] = years.get(tahun, 0) + c
        return RawFacets(kinds, years, groups, sifat, exact)
