"""The measuring half of bench_search.py: a fixed set of typical queries, three engines, one run.

Engines, same corpus, same tokens:
* ours     — ``tatausaha.search.service.search`` (parse, compile, ACL, total, first page of
             hits with entries loaded and snippets highlighted), as an operator (ACL clause on)
             and as pimpinan (SEE_SECRET);
* raw FTS5 — the compiled MATCH expression run directly: ``count(*)`` + first page
             ``ORDER BY rank`` (relevance, unbounded bm25) or ``ORDER BY rowid DESC`` (date);
* Tantivy  — the same boolean query over the same analysed tokens: ``search(count=True)`` top-k
             by BM25, or ordered by the date-ordered id fast field; stored ids of the page loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import psutil
from sqlalchemy import text

from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.search import fts5, service
from tatausaha.search import text as T
from tatausaha.search.backend import Visibility
from tatausaha.search.query import And, DateRange, Filter, Node, Not, Or, Phrase, Term, parse
from tatausaha.services.auth import Actor, Role

OPERATOR = Actor(5, "operator", "Operator", Role.OPERATOR, unit_id=2)
PIMPINAN = Actor(3, "camat", "Camat", Role.PIMPINAN)
TANTIVY_FIELDS = ["title", "body", "nomor", "dari", "kepada", "pegawai", "meta"]


def queries(conn) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(label, query). The nomor queries use a real number from the corpus."""
    n = conn.execute(text("SELECT count(*) FROM search_entry WHERE kind='surat_masuk'")).scalar() or 1
    nomor = conn.execute(text("SELECT nomor FROM search_entry WHERE kind='surat_masuk' ORDER BY id LIMIT 1 OFFSET :o"),
                         {"o": min(4321, n - 1)}).scalar()
    parts = nomor.split("/")
    frag = "/".join(parts[:2])
    return [
        ("worst: most common word", "permohonan"),
        ("common word", "undangan"),
        ("mid word", "musrenbang"),
        ("rare word", "reprografi"),
        ("two words", "undangan rapat"),
        ("phrase", '"rapat koordinasi"'),
        ("prefix", "koordin*"),
        ("number segment", parts[1]),
        ("number fragment", frag),
        ("full number", f"nomor:{nomor}"),
        ("word + tahun + kode", "undangan tahun:2023 kode:000"),
        ("word + date range", "rapat tanggal:2024-01-01..2024-03-31"),
        ("OR", "cuti OR pensiun"),
        ("exclude", "rapat -undangan"),
        ("empty (newest)", ""),
        ("field phrase", 'dari:"dinas pendidikan"'),
        ("kode subtree + tahun", "kode:800 tahun:2020"),
        ("jenis + status", "jenis:keluar status:dikirim"),
        ("old spelling", "pebruari 2019"),
        ("common AND common", "permohonan surat kecamatan"),
    ]


# --- tantivy query translation ----------------------------------------------------------------


def _tq(tok: str, field: str | None) -> str:
    return f'{field}:"{tok}"' if field else f'"{tok}"'


def to_tantivy(node: Node) -> str | None:
    if isinstance(node, Term):
        toks = T.nomor_tokens(node.text) if node.field == "nomor" else T.analyze(node.text)
        if not toks:
            return None
        if node.prefix:
            if len(toks) == 1:
                return f"{node.field}:{toks[0]}*" if node.field else f"{toks[0]}*"
            return (f'{node.field}:"{" ".join(toks)}"*' if node.field else f'"{" ".join(toks)}"*')
        return _tq(" ".join(toks), node.field)
    if isinstance(node, Phrase):
        toks = T.nomor_tokens(node.text) if node.field == "nomor" else T.analyze(node.text)
        return _tq(" ".join(toks), node.field) if toks else None
    if isinstance(node, Filter):
        return fts5._filter(node).replace('"zz', 'meta:"zz')
    if isinstance(node, DateRange):
        return fts5._years(node).replace('"zz', 'meta:"zz')
    if isinstance(node, Not):
        inner = to_tantivy(node.item)
        return f'(+meta:"zza" -({inner}))' if inner else 'meta:"zzq"'
    if isinstance(node, Or):
        parts = [to_tantivy(i) for i in node.items]
        return "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        pos = [to_tantivy(i) for i in node.items if not isinstance(i, Not)]
        neg = [to_tantivy(i.item) for i in node.items if isinstance(i, Not)]
        pos = [p for p in pos if p] or ['meta:"zza"']
        return "(" + " ".join(f"+({p})" for p in pos) + "".join(f" -({n})" for n in neg if n) + ")"
    raise TypeError(node)


def tantivy_query(index, q: str, vis: Visibility):  # type: ignore[no-untyped-def]
    import tantivy

    rest, lo, hi = fts5.split_dates(parse(q))
    if isinstance(rest, Term) and rest.prefix and len(T.analyze(rest.text)) == 1:
        # the query parser of tantivy-py has no single-term prefix: build it (regex per field)
        tok = T.analyze(rest.text)[0]
        fields = [rest.field] if rest.field else TANTIVY_FIELDS
        prefix = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.regex_query(index.schema, f, tok + ".*")) for f in fields])
        others = tantivy_query(index, "", vis)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, prefix), (tantivy.Occur.Must, others)])
    s = to_tantivy(rest) or 'meta:"zza"'
    if lo is not None or hi is not None:
        s = f"+({s}) +id:[{lo if lo is not None else 0} TO {hi if hi is not None else 2**62}]"
    hidden = fts5.visibility_clause(vis)
    if hidden:
        allowed = " ".join(f"-meta:{t}" for t in hidden.split("NOT")[1].strip(" ()").split(" OR ")) if " NOT " in hidden else ""
        s = f'+({s}) -(+meta:"zzr" {allowed})'
    return index.parse_query(s, TANTIVY_FIELDS)


# --- timing -----------------------------------------------------------------------------------


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def timed(fn) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    r = fn()
    return (time.perf_counter() - t) * 1000, r


def run(args: argparse.Namespace) -> None:
    import tantivy

    home = Path(args.out)
    os.environ.pop("TATAUSAHA_DATABASE_URL", None)
    if args.rank_window:
        fts5.RANK_ALL = fts5.RANK_WINDOW = args.rank_window
    if args.count_cap:
        fts5.COUNT_CAP = args.count_cap
    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    ctx = AppContext.open(AppPaths(home), migrate=False)
    tindex = tantivy.Index.open(str(home / "tantivy"))
    tindex.reload()
    searcher = tindex.searcher()
    rss_open = proc.memory_info().rss
    limit = args.limit
    with ctx.db.engine.connect() as conn:
        qs = queries(conn)
        n_entries = conn.execute(text("SELECT count(*) FROM search_entry")).scalar()
        sizes = dict(conn.execute(text(
            "SELECT CASE WHEN name LIKE 'search_fts%' THEN 'fts5 index' WHEN name = 'search_body' THEN 'search_body (text)' "
            "WHEN name = 'search_entry' THEN 'search_entry' ELSE 'b-tree indexes + other' END AS part, "
            "sum(pgsize) FROM dbstat GROUP BY part")).all())
    raw_conn = ctx.db.engine.raw_connection()
    cur = raw_conn.driver_connection.cursor()  # type: ignore[union-attr]

    def ours(q: str, actor: Actor, order: str, exact: bool = False):  # type: ignore[no-untyped-def]
        with ctx.reader(actor=actor) as uow:
            r = service.search(uow, q, limit=limit, order=order, exact_total=exact)
            return r.total, [(h.kind, h.ref_id) for h in r.hits]

    def raw(q: str, vis: Visibility, order: str):  # type: ignore[no-untyped-def]
        m, lo, hi = fts5.compile_query(parse(q), vis)
        where, params = fts5._where(lo, hi)
        p = {"m": m, **params}
        total = cur.execute(f"SELECT count(*) FROM search_fts WHERE {where}", p).fetchone()[0]
        ob = "rank" if order == "relevance" else "rowid DESC"
        ids = [r[0] for r in cur.execute(f"SELECT rowid FROM search_fts WHERE {where} ORDER BY {ob} LIMIT {limit}", p)]
        return total, ids

    def tant(q: str, vis: Visibility, order: str):  # type: ignore[no-untyped-def]
        query = tantivy_query(tindex, q, vis)
        if order == "date":
            res = searcher.search(query, limit, count=True, order_by_field="id")
        else:
            res = searcher.search(query, limit, count=True)
        ids = [searcher.doc(addr)["id"][0] for _score, addr in res.hits]
        return res.count, ids

    engines = {
        "ours operator": lambda q, o: ours(q, OPERATOR, o),
        "ours exact-total": lambda q, o: ours(q, OPERATOR, o, True),
        "ours pimpinan": lambda q, o: ours(q, PIMPINAN, o),
        "raw FTS5 operator": lambda q, o: raw(q, Visibility.of(OPERATOR), o),
        "tantivy operator": lambda q, o: tant(q, Visibility.of(OPERATOR), o),
    }
    samples: dict[tuple[str, str], list[float]] = {}
    per_query: dict[tuple[str, str, str], list[float]] = {}
    totals: dict[tuple[str, str, str], int] = {}
    for order in ("relevance", "date"):
        for label, q in qs:  # warm-up + totals
            for name, fn in engines.items():
                try:
                    totals[(name, label, order)] = fn(q, order)[0]
                except Exception as exc:  # noqa: BLE001 - an engine that cannot express a query is reported
                    totals[(name, label, order)] = -1
                    print(f"  {name} cannot run {label!r}: {exc}")
        for _ in range(args.rounds):
            for label, q in qs:
                for name, fn in engines.items():
                    if totals[(name, label, order)] < 0:
                        continue
                    ms, _ = timed(lambda fn=fn, q=q, order=order: fn(q, order))
                    samples.setdefault((name, order), []).append(ms)
                    per_query.setdefault((name, label, order), []).append(ms)
    rss_end = proc.memory_info().rss
    # facets (reported, not part of the target)
    facet_ms = []
    for _label, q in qs:
        with ctx.reader(actor=OPERATOR) as uow:
            facet_ms.append(timed(lambda q=q, uow=uow: service.facets(uow, q))[0])

    report = {"entries": n_entries, "rounds": args.rounds, "limit": limit, "queries": len(qs), "tables": {}}
    print(f"\nCorpus: {n_entries:,} entries ({home}); first page = {limit} hits + total count; "
          f"{args.rounds} rounds x {len(qs)} queries per engine and order; "
          f"RANK_WINDOW {fts5.RANK_WINDOW}, COUNT_CAP {fts5.COUNT_CAP}\n")
    print(f"{'engine':<22}{'order':<11}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for (name, order), xs in sorted(samples.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(f"{name:<22}{order:<11}{pct(xs, .5):>9.2f}{pct(xs, .99):>9.2f}{max(xs):>9.2f}")
        report["tables"][f"{name}/{order}"] = {"p50": pct(xs, .5), "p99": pct(xs, .99), "max": max(xs)}
    print("\nRatios at p99 (ours / other; < 1 means ours is faster):")
    for order in ("relevance", "date"):
        r = pct(samples[("raw FTS5 operator", order)], .99)
        t = pct(samples[("tantivy operator", order)], .99)
        for who in ("ours operator", "ours exact-total"):
            o = pct(samples[(who, order)], .99)
            print(f"  {order:<10} {who:<17} vs raw FTS5: {o / r:5.2f}x (limit 2x)   vs Tantivy: {o / t:5.2f}x (limit 1x)")
            report[f"ratio/{order}/{who}"] = {"raw": o / r, "tantivy": o / t}
    print("\nPer query (p50 / max ms), relevance order, operator:")
    print(f"{'query':<26}{'total':>10}{'shown':>8}{'ours':>16}{'ours exact':>16}{'raw FTS5':>16}{'tantivy':>16}  totals equal?")
    for label, _q in qs:
        cells = []
        for name in ("ours operator", "ours exact-total", "raw FTS5 operator", "tantivy operator"):
            xs = per_query.get((name, label, "relevance"), [])
            cells.append(f"{pct(xs, .5):7.2f} /{max(xs):7.2f}" if xs else f"{'n/a':>15}")
        tot = [totals[(n, label, "relevance")] for n in ("ours exact-total", "raw FTS5 operator", "tantivy operator")]
        shown = f"{totals[('ours operator', label, 'relevance')]:,}"
        print(f"{label:<26}{tot[0]:>10,}{shown:>8}{cells[0]:>16}{cells[1]:>16}{cells[2]:>16}{cells[3]:>16}  "
              f"{'yes' if len(set(t for t in tot if t >= 0)) == 1 else tot}")
    print(f"\nFacets (operator, separate call): p50 {pct(facet_ms, .5):.1f} ms, max {max(facet_ms):.1f} ms")
    mib = 1024 * 1024
    tsize = sum(f.stat().st_size for f in (home / "tantivy").glob("*"))
    dbsize = (home / "tatausaha.sqlite").stat().st_size
    print(f"\nSizes: SQLite file {dbsize / mib:,.0f} MiB = " + ", ".join(f"{k} {v / mib:,.0f} MiB" for k, v in sorted(sizes.items())))
    print(f"       Tantivy index (tokens only, no stored text) {tsize / mib:,.0f} MiB")
    print(f"Memory (RSS): start {rss0 / mib:.0f} MiB, after opening both {rss_open / mib:.0f} MiB, after queries {rss_end / mib:.0f} MiB")
    report.update({"facets_ms": {"p50": pct(facet_ms, .5), "max": max(facet_ms)}, "sqlite_mib": dbsize / mib,
                   "sqlite_parts_mib": {k: v / mib for k, v in sizes.items()}, "tantivy_mib": tsize / mib,
                   "rss_mib": {"start": rss0 / mib, "open": rss_open / mib, "end": rss_end / mib}})
    (home / "results.json").write_text(json.dumps(report, indent=2))
    raw_conn.close()
    ctx.close()
