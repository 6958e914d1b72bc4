"""PostgreSQL search backend: the same analysed tokens in a GIN-indexed tsvector.

Table ``search_fts_pg(entry_id, tsv)`` (migration 0005, PostgreSQL only). Tokens come from
``tatausaha.search.text`` exactly as for SQLite and go through the ``simple`` configuration
(lower-case, no stemming of its own). Weights carry the columns: A title, B number / sender /
recipient / employee, C filter tokens (``zz…``), D body. Field queries on number, sender,
recipient and employee use column-tagged copies of those short fields' tokens (``qn005``,
``qdbupati`` …); ``perihal:`` and ``isi:`` use the weights A and D.

Same contract as the FTS5 backend: filters and permissions inside the text query, date ranges
as entry-id ranges (ids are date-ordered), totals exact up to ``COUNT_CAP``, ts_rank over the
newest ``RANK_WINDOW`` matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from tatausaha.errors import ValidationFailed
from tatausaha.search import text as T
from tatausaha.search.backend import (
    IdAllocator,
    RawFacets,
    RawPage,
    Visibility,
    delete_rows,
    find_entry_id,
    find_entry_ids,
    id_range_where,
    insert_rows,
    normalized,
)
from tatausaha.search.fts5 import COUNT_CAP, FACET_EXACT, FACET_SAMPLE, RANK_ALL, RANK_WINDOW, meta_tokens
from tatausaha.search.fts5_match import _filter as fts5_filter
from tatausaha.search.fts5_match import split_dates
from tatausaha.search.query import And, DateRange, Filter, Node, Not, Or, Phrase, Term
from tatausaha.search.records import SearchRecord, SearchSource, iter_batches
from tatausaha.search.records import kinds as index_kinds

if TYPE_CHECKING:
    from tatausaha.jobs import CancelToken, Progress
    from tatausaha.storage.database import Database

TAGS = {"nomor": "qn", "dari": "qd", "kepada": "qk", "pegawai": "qp"}
WEIGHT = {"title": "A", "body": "D"}

_INSERT = text(
    "INSERT INTO search_fts_pg (entry_id, tsv) VALUES (:id, "
    "setweight(to_tsvector('simple', :a), 'A') || setweight(to_tsvector('simple', :b), 'B') || "
    "setweight(to_tsvector('simple', :c), 'C') || setweight(to_tsvector('simple', :d), 'D'))"
)


def tsv_params(entry_id: int, rec: SearchRecord) -> dict:
    nomor = T.nomor_tokens(rec.nomor or "")
    fields = {"nomor": nomor, "dari": T.analyze(rec.dari or ""), "kepada": T.analyze(rec.kepada or ""),
              "pegawai": T.analyze(rec.pegawai or "")}
    b = [t for toks in fields.values() for t in toks]
    b += [TAGS[f] + t for f, toks in fields.items() for t in toks]
    return {"id": entry_id, "a": T.analyze_joined(rec.title or ""), "b": " ".join(b), "c": " ".join(meta_tokens(rec)),
            "d": T.analyze_joined(rec.body or "")}


def _phrase(toks: list[str], field: str | None, prefix: bool = False) -> str | None:
    if not toks:
        return None
    tag = TAGS.get(field or "", "")
    w = WEIGHT.get(field or "", "")
    parts = [f"{tag}{t}" + (f":{w}" if w else "") for t in toks]
    if prefix:
        parts[-1] = parts[-1].split(":")[0] + ":*" + w
    return "(" + " <-> ".join(parts) + ")" if len(parts) > 1 else parts[0]


def _filter(node: Filter) -> str:
    return fts5_filter(node).replace('"', "").replace(" OR ", " | ")


def compile_tsquery(node: Node) -> str | None:
    if isinstance(node, Term):
        toks = T.nomor_tokens(node.text) if node.field == "nomor" else T.analyze(node.text)
        return _phrase(toks, node.field, node.prefix)
    if isinstance(node, Phrase):
        toks = T.nomor_tokens(node.text) if node.field == "nomor" else T.analyze(node.text)
        return _phrase(toks, node.field)
    if isinstance(node, Filter):
        return _filter(node)
    if isinstance(node, DateRange):
        if node.start and (node.start.month, node.start.day) != (1, 1) or node.end and (node.end.month, node.end.day) != (12, 31):
            raise ValidationFailed("Filter tanggal: hanya dapat dipakai langsung (tidak di dalam OR atau '-').", field="tanggal")
        a = node.start.year if node.start else 1900
        b = node.end.year if node.end else 2100
        return "(" + " | ".join(T.year_token(y) for y in range(a, b + 1)) + ")"
    if isinstance(node, Not):
        inner = compile_tsquery(node.item)
        return f"({T.ALL_TOKEN} & !{inner})" if inner else "zzq"
    if isinstance(node, Or):
        parts = [compile_tsquery(i) for i in node.items]
        if any(p is None for p in parts):
            return None
        return "(" + " | ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        pos, neg = [], []
        for item in node.items:
            if isinstance(item, Not):
                inner = compile_tsquery(item.item)
                if inner is None:
                    return "zzq"
                neg.append(inner)
            elif (c := compile_tsquery(item)) is not None:
                pos.append(c)
        if not pos and not neg:
            return None
        return "(" + " & ".join((pos or [T.ALL_TOKEN]) + [f"!{n}" for n in neg]) + ")"
    raise TypeError(node)


def compile_pg(node: Node, vis: Visibility) -> tuple[str, int | None, int | None]:
    rest, lo, hi = split_dates(node)
    q = compile_tsquery(rest) or T.ALL_TOKEN
    if not vis.see_all:
        allowed = [T.user_token(vis.user_id)] if vis.user_id is not None else []
        allowed += [T.unit_token(vis.unit_id)] if vis.unit_id is not None else []
        hidden = f"({T.RESTRICTED_TOKEN} & !({' | '.join(allowed)}))" if allowed else T.RESTRICTED_TOKEN
        q = f"({q}) & !{hidden}"
    return q, lo, hi


def _where(lo: int | None, hi: int | None) -> tuple[str, dict]:
    return id_range_where("tsv @@ to_tsquery('simple', :q)", "entry_id", lo, hi)


class PostgresBackend:
    name = "postgresql"

    def stale(self, session: Session) -> bool:
        from tatausaha.search.backend import get_meta

        v = get_meta(session, "analyzer_version")
        return v is not None and v != T.ANALYZER_VERSION

    def _write(self, session: Session, recs: Sequence[SearchRecord], alloc: IdAllocator) -> None:
        pairs = [(alloc.take(r.tanggal), normalized(r)) for r in recs]
        insert_rows(session, pairs)
        if pairs:
            session.execute(_INSERT, [tsv_params(i, r) for i, r in pairs])

    def upsert(self, session: Session, recs: Sequence[SearchRecord]) -> None:
        old = find_entry_ids(session, recs)
        delete_rows(session, old)  # the tsvector row goes with its entry (ON DELETE CASCADE)
        self._write(session, recs, IdAllocator(session))

    def remove(self, session: Session, kind: str, ref_id: int) -> bool:
        eid = find_entry_id(session, kind, ref_id)
        if eid is None:
            return False
        delete_rows(session, [eid])
        return True

    def rebuild(
        self, db: Database, sources: Sequence[SearchSource], progress: Progress | None, cancel: CancelToken | None
    ) -> int:
        from tatausaha.search.backend import set_meta

        session = db.new_session(write=True)
        try:
            total = sum((s.count(session) if s.count else 0) for s in sources)
            for t in ("search_acl", "search_body", "search_entry"):
                session.execute(text(f"DELETE FROM {t}"))
            alloc = IdAllocator(session)
            done = 0
            for src in sources:
                for chunk in iter_batches(src.iter_records(session), 500):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    self._write(session, chunk, alloc)
                    done += len(chunk)
                    if progress is not None:
                        progress.report(done, max(total, done), f"Mengindeks {src.name}")
            set_meta(session, "analyzer_version", T.ANALYZER_VERSION)
            session.commit()
            return done
        finally:
            session.rollback()
            session.close()

    def _count(self, session: Session, q: str, lo: int | None, hi: int | None, cap: int | None = None) -> tuple[int, bool]:
        where, params = _where(lo, hi)
        if cap is None:
            n = session.execute(text(f"SELECT count(*) FROM search_fts_pg WHERE {where}"), {"q": q, **params}).scalar()
            return int(n or 0), True
        n = session.execute(
            text(f"SELECT count(*) FROM (SELECT 1 FROM search_fts_pg WHERE {where} LIMIT {int(cap) + 1}) s"),
            {"q": q, **params},
        ).scalar()
        n = int(n or 0)
        return (n, True) if n <= cap else (cap, False)

    def count(self, session: Session, node: Node, vis: Visibility) -> int:
        q, lo, hi = compile_pg(node, vis)
        return self._count(session, q, lo, hi)[0]

    def page(self, session: Session, node: Node, vis: Visibility, *, limit: int, offset: int, order: str,
             exact_total: bool = False) -> RawPage:
        q, lo, hi = compile_pg(node, vis)
        total, exact = self._count(session, q, lo, hi, None if exact_total else max(COUNT_CAP, offset + limit))
        if total == 0 or limit <= 0:
            return RawPage([], total, order, exact)
        where, params = _where(lo, hi)
        params = {"q": q, **params, "limit": limit, "offset": offset}
        newest = f"SELECT entry_id FROM search_fts_pg WHERE {where} ORDER BY entry_id DESC LIMIT :limit OFFSET :offset"
        if order == "date":
            return RawPage(list(session.execute(text(newest), params).scalars()), total, "date", exact)
        window = total if exact and total <= RANK_ALL else RANK_WINDOW
        ranked = "relevance" if exact and total <= RANK_ALL else "relevance-window"
        ids: list[int] = []
        if offset < window:
            sql = (
                f"SELECT entry_id FROM (SELECT entry_id, ts_rank(tsv, to_tsquery('simple', :q)) AS r "
                f"FROM search_fts_pg WHERE {where} ORDER BY entry_id DESC LIMIT {int(window)}) w "
                "ORDER BY r DESC, entry_id DESC LIMIT :limit OFFSET :offset"
            )
            ids = list(session.execute(text(sql), params).scalars())
        if len(ids) < limit and ranked == "relevance-window":
            rest = {**params, "limit": limit - len(ids), "offset": max(offset, window)}
            ids += list(session.execute(text(newest), rest).scalars())
        return RawPage(ids, total, ranked, exact)

    def facets(self, session: Session, node: Node, vis: Visibility) -> RawFacets:
        q, lo, hi = compile_pg(node, vis)
        where, params = _where(lo, hi)
        total, exact = self._count(session, q, lo, hi, FACET_EXACT)
        sample = "" if exact else f" ORDER BY entry_id DESC LIMIT {FACET_SAMPLE}"
        rows = session.execute(text(
            f"SELECT e.kind, e.kode_group, e.sifat, e.tahun, count(*) FROM "
            f"(SELECT entry_id FROM search_fts_pg WHERE {where}{sample}) w JOIN search_entry e ON e.id = w.entry_id "
            "GROUP BY 1, 2, 3, 4"), {"q": q, **params})
        known = index_kinds()
        kinds: dict[str, int] = {}
        groups: dict[str, int] = {}
        sifat: dict[str, int] = {}
        years: dict[int, int] = {}
        for kind, group, sf, tahun, c in rows:
            if kind in known:
                kinds[kind] = kinds.get(kind, 0) + c
            if group:
                groups[group] = groups.get(group, 0) + c
            if sf:
                sifat[sf] = sifat.get(sf, 0) + c
            if tahun:
                years[tahun] = years.get(tahun, 0) + c
        return RawFacets(kinds, years, groups, sifat, exact)
