"""Search benchmark (not run by CI): our search service vs raw FTS5 vs Tantivy, same corpus, same run.

    python bench/bench_search.py build --letters 1000000 --docs 1000000   # once; cached in bench/out/
    python bench/bench_search.py run [--rounds 5]                          # p50/p99 table + ratios

The corpus (bench/search_corpus.py) is built through the real migrations and the real FTS5
backend (``Fts5Backend`` write path, batched), and fed to a Tantivy index with the *same*
analysed tokens, so both engines answer the same boolean question and the totals can be
compared. Needs the ``bench`` extra (tantivy, psutil).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from tatausaha.config import AppPaths  # noqa: E402
from tatausaha.search import fts5  # noqa: E402
from tatausaha.search.backend import IdAllocator, insert_rows  # noqa: E402
from tatausaha.search.index import iter_batches  # noqa: E402
from tatausaha.storage.migrate import open_database  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "search"
TEXT_FIELDS = ("title", "body", "nomor", "dari", "kepada", "pegawai", "meta")


def tantivy_schema():  # type: ignore[no-untyped-def]
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    for f in TEXT_FIELDS:
        sb.add_text_field(f, stored=False, tokenizer_name="default", index_option="position")
    return sb.build()


def build(args: argparse.Namespace) -> None:
    import tantivy
    from search_corpus import records

    home = Path(args.out)
    if (home / "tatausaha.sqlite").exists():
        raise SystemExit(f"{home} already has a corpus; delete it to rebuild")
    home.mkdir(parents=True, exist_ok=True)
    os.environ.pop("TATAUSAHA_DATABASE_URL", None)
    db = open_database(AppPaths(home))
    tdir = home / "tantivy"
    tdir.mkdir(exist_ok=True)
    tindex = tantivy.Index(tantivy_schema(), path=str(tdir))
    writer = tindex.writer(heap_size=256_000_000, num_threads=1)
    total = args.letters + args.docs
    t0 = time.perf_counter()
    t_sqlite = t_tantivy = 0.0
    done = 0
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = -262144")
        conn.commit()
        alloc = IdAllocator(conn)
        for chunk in iter_batches(records(args.letters, args.docs), 2000):
            a = time.perf_counter()
            pairs = [(alloc.take(r.tanggal), r) for r in chunk]
            params = [fts5._params(i, r) for i, r in pairs]
            b = time.perf_counter()
            insert_rows(conn, pairs)
            conn.execute(fts5._INSERT, params)
            c = time.perf_counter()
            for p in params:
                writer.add_document(tantivy.Document(id=p["id"], **{f: p[f"c{k}"] for k, f in enumerate(TEXT_FIELDS)}))
            d = time.perf_counter()
            t_sqlite += c - b
            t_tantivy += d - c
            done += len(chunk)
            if done % 100_000 == 0:
                conn.commit()
                el = time.perf_counter() - t0
                print(f"{done:,}/{total:,} records  {el:.0f}s  ({done / el:,.0f}/s; sqlite {t_sqlite:.0f}s, "
                      f"tantivy {t_tantivy:.0f}s)", file=sys.stderr, flush=True)
        conn.commit()
        a = time.perf_counter()
        conn.execute(text(f"INSERT INTO {fts5.FTS}({fts5.FTS}) VALUES ('optimize')"))
        conn.commit()
        t_opt = time.perf_counter() - a
    a = time.perf_counter()
    writer.commit()
    writer.wait_merging_threads()
    t_tantivy += time.perf_counter() - a
    info = {
        "letters": args.letters, "docs": args.docs, "seconds_total": round(time.perf_counter() - t0, 1),
        "seconds_sqlite_writes": round(t_sqlite, 1), "seconds_fts_optimize": round(t_opt, 1),
        "seconds_tantivy": round(t_tantivy, 1),
    }
    (home / "build.json").write_text(json.dumps(info, indent=2))
    print(json.dumps(info, indent=2))


def main() -> None:
    ap = argparse.ArgumentParser()
    if "--smoke" in sys.argv[1:]:  # build a tiny corpus in a temporary folder and run it once (CI)
        import shutil
        import tempfile

        from bench_search_run import run

        tmp = Path(tempfile.mkdtemp(prefix="bench-search-smoke-"))
        try:
            build(argparse.Namespace(letters=2000, docs=2000, out=str(tmp / "corpus")))
            run(argparse.Namespace(out=str(tmp / "corpus"), rounds=1, limit=20, rank_window=None, count_cap=None))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--letters", type=int, default=1_000_000)
    b.add_argument("--docs", type=int, default=1_000_000)
    b.add_argument("--out", default=str(OUT))
    r = sub.add_parser("run")
    r.add_argument("--out", default=str(OUT))
    r.add_argument("--rounds", type=int, default=5)
    r.add_argument("--limit", type=int, default=20)
    r.add_argument("--rank-window", type=int, help="override fts5.RANK_ALL/RANK_WINDOW (default 1000)")
    r.add_argument("--count-cap", type=int, help="override fts5.COUNT_CAP (default 10000)")
    args = ap.parse_args()
    if args.cmd == "build":
        build(args)
    else:
        from bench_search_run import run

        run(args)


if __name__ == "__main__":
    main()
