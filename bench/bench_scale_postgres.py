"""Scale on a real PostgreSQL server against the SQLite backend (issue 15 item 7). Not run by CI.

    QT_QPA_PLATFORM=offscreen python bench/bench_scale_postgres.py --letters 1000000 --docs 1000000
    QT_QPA_PLATFORM=offscreen python bench/bench_scale_postgres.py --letters 100000 --docs 100000 --json out.json
    python bench/bench_scale_postgres.py --smoke

One run builds the same office twice — a throw-away PostgreSQL server (fsync on) and an SQLite data
folder — through the real migrations, then bulk-loads (one INSERT … SELECT over generate_series / a
recursive CTE per table, no row-by-row round trips): N incoming letters (``surat_masuk``), N document
records (``document``: a distinct sha256 each, no file bytes in the store) and the search index over
N letter records + N document records. The index holds what the app's write path stores: the distinct
records of ``bench/search_corpus.py`` (at most TEMPLATES_MAX letters + TEMPLATES_MAX documents) are
analysed once by the app's own functions (``normalized``, ``entry_values``, ``tsv_params`` and the
``search/pg.py`` INSERT expression for PostgreSQL, ``fts5._params`` for FTS5), staged, and copied
server-side with new ref_ids and date-ordered entry ids until N are indexed. A planted letter whose
words occur nowhere else must then be found, alone, by ``search.service.search`` (``check_planted``).
Then, for each backend:

- cold start to a usable window: a fresh process imports the app, opens the database, logs in (Argon2),
  builds the main window and paints it (``grab()``); median of 3 processes;
- the letter list's first paint: the whole Surat Masuk page over all N letters, in that process;
- search p50/p99: ``search.service.search`` (as the operator, first page + total) over the queries of
  ``bench/bench_search_run.py``, 3 rounds (Tantivy: see bench_search.py, same corpus and queries);
- numbering under 10 concurrent processes: each takes 20 letter numbers (``numbering.allocate``, one
  transaction per number); throughput, per-number p50/p99, and a check for gaps and duplicates.

The "ratio" lines are PostgreSQL over SQLite measured in the same run (SQLite is the one-PC limit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

PASSWORD = "bench-rahasia-1"


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))] if s else float("nan")


# ---------------------------------------------------------------------------------------------- build
PLANTED = "Undangan peresmian Taman Zamrud Katulistiwa"  # one letter whose words occur nowhere else
PLANTED_QUERY = "zamrud katulistiwa"
SENDERS = ["Kelurahan Jatisampurna", "Kelurahan Jatikarya", "Polsek Jatisampurna", "BPKAD Kota Bekasi",
           "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi", "Puskesmas Jatisampurna"]
WORDS = "undangan rapat koordinasi permohonan data laporan kegiatan sosialisasi penyampaian usulan".split()
TEMPLATES_MAX = 50_000  # distinct search records per kind group (letters, documents); the rest are copies
NOW = "2026-12-01 08:00:00.000000"


def _pick(expr: str, items: list[str]) -> str:
    """SQL choosing items[expr % len(items)] (a CASE both PostgreSQL and SQLite understand)."""
    whens = " ".join(f"WHEN {k} THEN '{v}'" for k, v in enumerate(items))
    return f"(CASE ({expr}) % {len(items)} {whens} END)"


def _series(pg: bool, n: int) -> str:
    """A row source of i = 1 … n."""
    if pg:
        return f"generate_series(1, {n}) AS s(i)"
    return f"(WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n}) SELECT i FROM g) AS s"


def _load_letters_and_documents(conn, pg: bool, letters: int, docs: int) -> None:  # type: ignore[no-untyped-def]
    """N ``surat_masuk`` and N ``document`` rows in one INSERT … SELECT each, spread over ten years."""
    from sqlalchemy import text

    back = f"(({letters} - i) * CAST(3650 AS BIGINT) / {max(letters, 1)})"
    day = f"(DATE '2026-12-01' - CAST({back} AS integer))" if pg else f"date('2026-12-01', '-' || {back} || ' days')"
    year = f"CAST(EXTRACT(YEAR FROM {day}) AS integer)" if pg else f"CAST(strftime('%Y', {day}) AS integer)"
    perihal = " || ' ' || ".join(_pick(f"i * {m} + {k}", WORDS) for k, m in enumerate((1, 7, 13, 29, 31)))
    conn.execute(text(
        "INSERT INTO surat_masuk (id, row_version, tahun, nomor_agenda, tanggal_terima, nomor_surat, tanggal_surat,"
        " pengirim, ditujukan, perihal, ringkasan, derajat, keamanan, kode_klasifikasi, klasifikasi_scheme, lampiran,"
        " kanal, srikandi_ref, status, keterangan, lokasi_arsip, batal_alasan, created_at, updated_at) "
        f"SELECT i, 1, {year}, i, {day}, '005/' || i || '/X/' || {year}, {day}, {_pick('i', SENDERS)},"
        f" 'Camat Jatisampurna', {perihal}, '', 'biasa', CASE WHEN i % 97 = 0 THEN 'rahasia' ELSE 'biasa' END,"
        f" '000.1.5', 'pmdn83_2022', '', 'manual', '', 'terdaftar', '', '', '', '{NOW}', '{NOW}' FROM {_series(pg, letters)}"))
    # the planted letter (its search record is planted in the index below)
    conn.execute(text(
        "INSERT INTO surat_masuk (id, row_version, tahun, nomor_agenda, tanggal_terima, nomor_surat, tanggal_surat,"
        " pengirim, ditujukan, perihal, ringkasan, derajat, keamanan, kode_klasifikasi, klasifikasi_scheme, lampiran,"
        " kanal, srikandi_ref, status, keterangan, lokasi_arsip, batal_alasan, created_at, updated_at) VALUES "
        f"({letters + 1}, 1, 2026, {letters + 1}, '2026-11-30', '005/{letters + 1}/XI/2026', '2026-11-30',"
        f" 'Kelurahan Jatisampurna', 'Camat Jatisampurna', '{PLANTED}', '', 'biasa', 'biasa', '000.1.5', 'pmdn83_2022',"
        f" '', 'manual', '', 'terdaftar', '', '', '', '{NOW}', '{NOW}')"))
    sha = "lpad(to_hex(i), 64, '0')" if pg else "printf('%064x', i)"
    conn.execute(text(
        "INSERT INTO document (id, sha256, size, mime, original_name, page_count, text, text_source, kode_klasifikasi,"
        f" created_at, updated_at) SELECT i, {sha}, 200000, 'application/pdf', 'scan-' || i || '.pdf', 1, NULL, 'none',"
        f" '000.1.5', '{NOW}', '{NOW}' FROM {_series(pg, docs)}"))
    if pg:
        for t in ("surat_masuk", "document"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"))


def _templates(letters: int, docs: int):  # type: ignore[no-untyped-def]
    """The distinct search records (bench/search_corpus.py) and the planted letter, with how to copy them."""
    from search_corpus import records

    from tatausaha.search.index import SearchRecord

    kl, kd = min(letters, TEMPLATES_MAX), min(docs, TEMPLATES_MAX)
    out = []
    for r in records(kl, kd):
        doc = r.kind == "dokumen"
        out.append((r, kd if doc else kl, docs if doc else letters, 1 << 30))
    planted = SearchRecord(kind="surat_masuk", ref_id=letters + 1, title=PLANTED, nomor=f"005/{letters + 1}/XI/2026",
                           dari="Kelurahan Jatisampurna", kepada="Camat Jatisampurna", kode="000.1.5",
                           tanggal=dt.date(2026, 11, 30), sifat="biasa", jenis="undangan", status="terdaftar")
    out.append((planted, 1, letters + 1, 1))  # copied once
    return out


def _load_search_index(session, pg: bool, letters: int, docs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The search index of ``letters`` letter records and ``docs`` document records, bulk.

    Every stored row is what the app's write path stores for its record (``search/backend.py``
    entry_values/normalized + ``search/pg.py`` tsv_params and its INSERT expression, or
    ``search/fts5.py`` _params): the distinct records (at most TEMPLATES_MAX per group) are
    analysed in Python once, staged, and copied server-side ``ceil(N / templates)`` times with
    new ref_ids and date-ordered entry ids (``ordinal << SEQ_BITS | n``, as IdAllocator hands out).
    """
    from sqlalchemy import BigInteger, Column, Date, Integer, MetaData, Table, Text, insert, text

    from tatausaha.search import fts5
    from tatausaha.search import text as T
    from tatausaha.search.backend import entry_values, normalized
    from tatausaha.search.pg import _INSERT as PG_INSERT
    from tatausaha.search.pg import tsv_params

    times: dict[str, float] = {}
    a = time.perf_counter()
    conn = session.connection()
    if pg:
        conn.execute(text("DELETE FROM search_entry"))
    else:
        fts5.Fts5Backend().clear(conn)
    md = MetaData()
    cols = [Column("tid", Integer, primary_key=True), Column("kind", Text), Column("ref", BigInteger),
            Column("kcount", BigInteger), Column("lim", BigInteger), Column("maxrep", BigInteger),
            Column("o", BigInteger), Column("s", BigInteger), Column("k_o", BigInteger)]
    cols += [Column(c, Text) for c in ("title", "nomor", "dari", "kepada", "pegawai", "kode", "kode_group", "sifat",
                                       "keamanan", "jenis", "status", "body")]
    cols += [Column("tanggal", Date), Column("tahun", Integer)]
    cols += [Column(c, Text) for c in (("a", "b", "c", "d") if pg else [f"c{i}" for i in range(7)])]
    tmpl = Table("bench_tmpl", md, *cols)
    acl = Table("bench_tmpl_acl", md, Column("tid", Integer), Column("user_id", Integer), Column("unit_id", Integer))
    rep = Table("bench_rep", md, Column("r", BigInteger, primary_key=True))
    md.drop_all(conn)
    md.create_all(conn)
    rows, acl_rows, per_day = [], [], {}
    reps = 1
    for tid, (rec, kcount, lim, maxrep) in enumerate(_templates(letters, docs)):
        rec = normalized(rec)
        o = rec.tanggal.toordinal() if rec.tanggal else T.NO_DATE_ORDINAL
        s = per_day.get(o, 0)
        per_day[o] = s + 1
        ev = entry_values(rec, 0)
        row = {k: ev[k] for k in ("kind", "title", "nomor", "dari", "kepada", "pegawai", "kode", "kode_group", "tanggal",
                                  "tahun", "sifat", "keamanan", "jenis", "status")}
        row.update(tid=tid, ref=rec.ref_id, kcount=kcount, lim=lim, maxrep=maxrep, o=o, s=s, body=rec.body or "")
        if pg:
            p = tsv_params(0, rec)
            row.update(a=p["a"], b=p["b"], c=p["c"], d=p["d"])
        else:
            p = fts5._params(0, rec)
            row.update({f"c{i}": p[f"c{i}"] for i in range(7)})
        rows.append(row)
        acl_rows += [{"tid": tid, "user_id": u, "unit_id": None} for u in sorted(rec.allowed_user_ids)]
        acl_rows += [{"tid": tid, "user_id": None, "unit_id": u} for u in sorted(rec.allowed_unit_ids)]
        reps = max(reps, -(-lim // kcount) if maxrep > 1 else 1)
    for r in rows:
        r["k_o"] = per_day[r["o"]]
    for i in range(0, len(rows), 5000):
        conn.execute(insert(tmpl), rows[i:i + 5000])
    if acl_rows:
        conn.execute(insert(acl), acl_rows)
    conn.execute(insert(rep), [{"r": r} for r in range(reps)])
    times["index_templates"] = len(rows)
    times["index_copies"] = reps
    times["index_stage_s"] = time.perf_counter() - a

    a = time.perf_counter()
    eid = f"(t.o * {1 << T.SEQ_BITS} + r.r * t.k_o + t.s)"
    src = "FROM bench_tmpl t JOIN bench_rep r ON r.r < t.maxrep AND r.r * t.kcount + t.ref <= t.lim"
    now = f"'{NOW}'"
    conn.execute(text(
        "INSERT INTO search_entry (id, kind, ref_id, title, nomor, dari, kepada, pegawai, kode, kode_group, tanggal, tahun,"
        " sifat, keamanan, jenis, status, indexed_at) "
        f"SELECT {eid}, t.kind, r.r * t.kcount + t.ref, t.title, t.nomor, t.dari, t.kepada, t.pegawai, t.kode,"
        f" t.kode_group, t.tanggal, t.tahun, t.sifat, t.keamanan, t.jenis, t.status, {now} {src} ORDER BY 1"))
    conn.execute(text(f"INSERT INTO search_body (entry_id, body) SELECT {eid}, t.body {src} ORDER BY 1"))
    conn.execute(text(f"INSERT INTO search_acl (entry_id, user_id, unit_id) SELECT {eid}, x.user_id, x.unit_id {src}"
                      " JOIN bench_tmpl_acl x ON x.tid = t.tid"))
    times["index_entries_s"] = time.perf_counter() - a
    a = time.perf_counter()
    if pg:
        # the tsvector of each distinct record once, by the write path's own expression (search/pg.py _INSERT)
        expr = str(PG_INSERT.text).split("VALUES (:id, ", 1)[1][:-1]
        conn.execute(text("ALTER TABLE bench_tmpl ADD COLUMN tsv tsvector"))
        conn.execute(text("UPDATE bench_tmpl SET tsv = " + expr.replace(":a", "a").replace(":b", "b")
                          .replace(":c", "c").replace(":d", "d")))
        gin = conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_fts_pg'"
                                " AND indexdef ILIKE '%gin%'")).all()
        for name, _ in gin:
            conn.execute(text(f'DROP INDEX "{name}"'))
        conn.execute(text(f"INSERT INTO search_fts_pg (entry_id, tsv) SELECT {eid}, t.tsv {src} ORDER BY 1"))
        conn.execute(text("SET maintenance_work_mem = '1GB'"))
        b = time.perf_counter()
        for _, ddl in gin:
            conn.execute(text(ddl))
        times["index_gin_s"] = time.perf_counter() - b
    else:
        cs = ", ".join(fts5.COLUMNS)
        conn.execute(text(f"INSERT INTO {fts5.FTS}(rowid, {cs}) SELECT {eid}, "
                          + ", ".join(f"t.c{i}" for i in range(7)) + f" {src} ORDER BY 1"))
    md.drop_all(conn)
    session.commit()
    if pg:
        session.execute(text("ANALYZE"))
    else:
        session.execute(text(f"INSERT INTO {fts5.FTS}({fts5.FTS}) VALUES ('optimize')"))
        session.execute(text("ANALYZE"))
    session.commit()
    times["index_text_s"] = time.perf_counter() - a
    return times


def check_planted(ctx, letters: int) -> None:  # type: ignore[no-untyped-def]
    """The bulk-built index answers like the app's: the planted letter is found, alone, by its words."""
    from tatausaha.search import service
    from tatausaha.services import accounts

    actor = accounts.login(ctx.db, "pengukur", PASSWORD)
    with ctx.reader(actor=actor) as uow:
        res = service.search(uow, PLANTED_QUERY, limit=10)
        common = service.search(uow, "undangan", limit=10)
    got = [(h.kind, h.ref_id, h.title) for h in res.hits]
    if got != [("surat_masuk", letters + 1, PLANTED)] or res.total != 1 or common.total < 2:
        raise SystemExit(f"bulk index does not answer like the app's: {got} total={res.total}, "
                         f"'undangan' total={common.total}")


def build(home: Path, url: str | None, letters: int, docs: int) -> dict[str, float]:
    from tatausaha.app.demo import quick_office
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.services import accounts
    from tatausaha.services.auth import SYSTEM, Role

    if url:
        os.environ["TATAUSAHA_DATABASE_URL"] = url
    else:
        os.environ.pop("TATAUSAHA_DATABASE_URL", None)
    t0 = time.perf_counter()
    ctx = AppContext.open(AppPaths(home))
    quick_office(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        accounts.create_user(uow, "pengukur", "Pengukur", Role.OPERATOR, PASSWORD)
        uow.commit()
    times: dict[str, float] = {}
    a = time.perf_counter()
    session = ctx.db.new_session(write=True)
    try:
        _load_letters_and_documents(session.connection(), bool(url), letters, docs)
        session.commit()
        times["load_rows_s"] = time.perf_counter() - a
        a = time.perf_counter()
        times.update(_load_search_index(session, bool(url), letters, docs))
    finally:
        session.close()
    times["index_s"] = time.perf_counter() - a
    check_planted(ctx, letters)
    times["build_total_s"] = time.perf_counter() - t0
    ctx.close()
    return times


# ---------------------------------------------------------------------------------------------- cold start
COLD = r"""
import os, sys, time, json
t0 = float(sys.argv[1])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.services import accounts
from tatausaha.ui.context import UiContext
from tatausaha.ui.mainwindow import MainWindow
ctx = AppContext.open(AppPaths.from_env())
actor = accounts.login(ctx.db, "pengukur", sys.argv[2])
win = MainWindow(UiContext(ctx, actor))
win.resize(1366, 768); win.show(); app.processEvents(); win.grab()
usable = time.time() - t0
from tatausaha.ui.correspondence.masuk_page import SuratMasukPage
a = time.perf_counter()
page = SuratMasukPage(UiContext(ctx, actor))
page.year.setCurrentIndex(0)
page.resize(1366, 700); page.show(); app.processEvents(); page.grab()
first = time.perf_counter() - a
rows = page.view.model().rowCount()
print(json.dumps({"usable_s": usable, "list_first_paint_ms": first * 1000, "rows": rows}))
"""


def cold(home: Path, url: str | None, runs: int) -> dict[str, float]:
    env = {**os.environ, "TATAUSAHA_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "TATAUSAHA_NO_WATCH": "1"}
    env.pop("TATAUSAHA_DATABASE_URL", None)
    if url:
        env["TATAUSAHA_DATABASE_URL"] = url
    out = []
    for _ in range(runs + 1):  # the first run warms the OS cache and is dropped
        done = subprocess.run([sys.executable, "-c", COLD, repr(time.time()), PASSWORD], capture_output=True, text=True,
                              env=env, timeout=600)
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    out = out[1:]
    return {"cold_start_usable_s": statistics.median(o["usable_s"] for o in out),
            "list_first_paint_ms": statistics.median(o["list_first_paint_ms"] for o in out),
            "list_rows": out[0]["rows"]}


# ---------------------------------------------------------------------------------------------- search
def search(home: Path, url: str | None, rounds: int) -> dict[str, float]:
    try:
        from bench_search_run import queries  # the search benchmark's query set (needs the bench extra)
    except ImportError:  # without psutil: the same kinds of query, fewer of them
        def queries(_conn):  # type: ignore[no-untyped-def]
            return [(q, q) for q in ("permohonan", "undangan", "musrenbang", "undangan rapat", '"rapat koordinasi"',
                                     "koordin*", "undangan tahun:2023 kode:000", "cuti OR pensiun", "rapat -undangan", "")]

    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.search import service
    from tatausaha.services import accounts

    if url:
        os.environ["TATAUSAHA_DATABASE_URL"] = url
    else:
        os.environ.pop("TATAUSAHA_DATABASE_URL", None)
    ctx = AppContext.open(AppPaths(home), migrate=False)
    actor = accounts.login(ctx.db, "pengukur", PASSWORD)
    with ctx.db.engine.connect() as conn:
        qs = queries(conn)
    xs: list[float] = []
    worst = ("", 0.0)
    for r in range(rounds + 1):
        for label, q in qs:
            a = time.perf_counter()
            with ctx.reader(actor=actor) as uow:
                service.search(uow, q, limit=50)
            ms = (time.perf_counter() - a) * 1000
            if r:  # round 0 warms up
                xs.append(ms)
                if ms > worst[1]:
                    worst = (label, ms)
    ctx.close()
    return {"search_p50_ms": pct(xs, .5), "search_p99_ms": pct(xs, .99), "search_max_ms": max(xs),
            "search_worst_query": worst[0], "search_samples": len(xs)}  # type: ignore[dict-item]


# ---------------------------------------------------------------------------------------------- numbering
WORKER = r"""
import datetime as dt, json, os, sys, time
from pathlib import Path
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.correspondence import numbering
from tatausaha.services import accounts
go, n = Path(sys.argv[1]), int(sys.argv[2])
ctx = AppContext.open(AppPaths.from_env(), migrate=False)
actor = accounts.login(ctx.db, "pengukur", sys.argv[3])
with ctx.reader(actor=actor) as uow:
    jenis = numbering.list_jenis(uow)[0].kode
Path(f"{go}.{os.getpid()}").touch()  # ready
while not go.exists():
    time.sleep(0.002)
got, lat = [], []
for _ in range(n):
    a = time.perf_counter()
    for attempt in range(50):
        try:
            with ctx.uow(actor=actor) as uow:
                info = numbering.allocate(uow, jenis, tanggal=dt.date(2026, 12, 1), kka="000.1.5")
                uow.commit()
            break
        except Exception as exc:  # SQLite busy beyond its timeout: count it and retry
            if attempt == 49:
                raise
            time.sleep(0.01)
    lat.append((time.perf_counter() - a) * 1000)
    got.append(info.urut)
print(json.dumps({"urut": got, "lat": lat}))
ctx.close()
"""


def numbering_bench(home: Path, url: str | None, procs: int, each: int) -> dict[str, float]:
    env = {**os.environ, "TATAUSAHA_HOME": str(home)}
    env.pop("TATAUSAHA_DATABASE_URL", None)
    if url:
        env["TATAUSAHA_DATABASE_URL"] = url
    go = home / f"go-{time.time_ns()}"
    ps = [subprocess.Popen([sys.executable, "-c", WORKER, str(go), str(each), PASSWORD], env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(procs)]
    deadline = time.time() + 600
    while len(list(home.glob(f"{go.name}.*"))) < procs and time.time() < deadline:
        time.sleep(0.05)  # every worker imported, opened and logged in
    a = time.perf_counter()
    go.touch()
    results = []
    for p in ps:
        out, err = p.communicate(timeout=600)
        if p.returncode != 0:
            raise SystemExit(err[-3000:])
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - a
    urut = sorted(u for r in results for u in r["urut"])
    lat = [x for r in results for x in r["lat"]]
    n = procs * each
    gapless = urut == list(range(urut[0], urut[0] + n))
    return {"numbers": n, "numbers_per_s": n / wall, "number_p50_ms": pct(lat, .5), "number_p99_ms": pct(lat, .99),
            "no_gap_no_duplicate": gapless}  # type: ignore[dict-item]


# ---------------------------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--procs", type=int, default=10)
    ap.add_argument("--each", type=int, default=20)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    if a.smoke:
        a.letters, a.docs, a.runs, a.rounds, a.procs, a.each = 300, 300, 1, 1, 3, 3
    from pgtemp import temp_server

    work = Path(tempfile.mkdtemp(prefix="tatausaha-bench-scale-"))
    res: dict[str, dict[str, object]] = {}
    try:
        with temp_server(shared_buffers="1GB") as pg:
            from sqlalchemy import create_engine, text

            eng = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
            with eng.connect() as conn:
                conn.execute(text('CREATE DATABASE "kantor"'))
            eng.dispose()
            backends = {"postgresql": (work / "pc-pg", pg.url("kantor")), "sqlite": (work / "pc-sqlite", None)}
            for name, (home, url) in backends.items():
                print(f"building {name}: {a.letters:,} letters + {a.docs:,} documents …", file=sys.stderr, flush=True)
                res[name] = {**build(home, url, a.letters, a.docs)}
                if url:
                    res[name]["database_mb"] = round(_pg_size(url) / 1e6, 1)
                else:
                    res[name]["database_mb"] = round((home / "tatausaha.sqlite").stat().st_size / 1e6, 1)
            for name, (home, url) in backends.items():
                res[name].update(cold(home, url, a.runs))
                res[name].update(search(home, url, a.rounds))
                res[name].update(numbering_bench(home, url, a.procs, a.each))
            os.environ.pop("TATAUSAHA_DATABASE_URL", None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    keys = [k for k in res["postgresql"] if k in res["sqlite"]]
    print(f"\n{a.letters:,} letters + {a.docs:,} documents; {a.procs} numbering processes x {a.each}")
    print(f"{'':28}{'PostgreSQL':>16}{'SQLite':>16}")
    for k in keys:
        p, s = res["postgresql"][k], res["sqlite"][k]
        fmt = (lambda v: f"{v:>16,.2f}") if isinstance(p, float) else (lambda v: f"{v!s:>16}")
        print(f"{k:28}{fmt(p)}{fmt(s)}")
    for k in ("cold_start_usable_s", "list_first_paint_ms", "search_p50_ms", "search_p99_ms", "number_p99_ms"):
        print(f"ratio {k} postgresql/sqlite: {float(res['postgresql'][k]) / float(res['sqlite'][k]):.2f}")  # type: ignore[arg-type]
    if a.json:
        a.json.write_text(json.dumps({"letters": a.letters, "docs": a.docs, **res}, indent=2, default=str))


def _pg_size(url: str) -> int:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
    finally:
        eng.dispose()


if __name__ == "__main__":
    main()
