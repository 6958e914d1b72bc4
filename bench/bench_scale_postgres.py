"""Scale on a real PostgreSQL server against the SQLite backend (issue 15 item 7). Not run by CI.

    QT_QPA_PLATFORM=offscreen python bench/bench_scale_postgres.py --letters 1000000 --docs 1000000
    QT_QPA_PLATFORM=offscreen python bench/bench_scale_postgres.py --letters 100000 --docs 100000 --json out.json
    python bench/bench_scale_postgres.py --smoke

One run builds the same office twice — a throw-away PostgreSQL server (fsync on) and an SQLite data
folder — through the real migrations, with N incoming letters (``surat_masuk``), N document records
(``document``; no file bytes) and the search index over both (the corpus of ``bench/search_corpus.py``,
written through each backend's own write path). Then, for each backend:

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
import random
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
def build(home: Path, url: str | None, letters: int, docs: int) -> dict[str, float]:
    from sqlalchemy import insert, text

    from tatausaha.app.demo import quick_office
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.models.correspondence import SuratMasuk
    from tatausaha.models.document import Document
    from tatausaha.search import fts5
    from tatausaha.search.backend import IdAllocator, insert_rows, normalized
    from tatausaha.search.engines import backend_for
    from tatausaha.search.index import iter_batches
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
    rng = random.Random(1)
    senders = ["Kelurahan Jatisampurna", "Kelurahan Jatikarya", "Polsek Jatisampurna", "BPKAD Kota Bekasi",
               "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi", "Puskesmas Jatisampurna"]
    words = "undangan rapat koordinasi permohonan data laporan kegiatan sosialisasi penyampaian usulan".split()
    today = dt.date(2026, 12, 1)
    now = dt.datetime(2026, 12, 1, 8, 0)
    times: dict[str, float] = {}
    a = time.perf_counter()
    with ctx.uow(actor=SYSTEM) as uow:
        batch: list[dict[str, object]] = []
        for i in range(1, letters + 1):
            d = today - dt.timedelta(days=(letters - i) * 3650 // max(letters, 1))
            batch.append(dict(
                tahun=d.year, nomor_agenda=i, tanggal_terima=d, nomor_surat=f"005/{i}/X/{d.year}", tanggal_surat=d,
                pengirim=rng.choice(senders), ditujukan="Camat Jatisampurna",
                perihal=" ".join(rng.choice(words) for _ in range(rng.randint(4, 10))), ringkasan="",
                derajat="biasa", keamanan="rahasia" if i % 97 == 0 else "biasa", kode_klasifikasi="000.1.5",
                klasifikasi_scheme="pmdn83_2022", lampiran="", kanal="manual", srikandi_ref="", status="terdaftar",
                keterangan="", lokasi_arsip="", batal_alasan="", created_at=now, updated_at=now))
            if len(batch) == 5000:
                uow.session.execute(insert(SuratMasuk), batch)
                batch = []
        if batch:
            uow.session.execute(insert(SuratMasuk), batch)
        batch = []
        for j in range(1, docs + 1):
            batch.append(dict(sha256=f"{j:064x}", size=200_000, mime="application/pdf", original_name=f"scan-{j}.pdf",
                              page_count=1, text=None, text_source="none", kode_klasifikasi="000.1.5",
                              created_at=now, updated_at=now))
            if len(batch) == 5000:
                uow.session.execute(insert(Document), batch)
                batch = []
        if batch:
            uow.session.execute(insert(Document), batch)
        uow.commit()
    times["load_rows_s"] = time.perf_counter() - a
    from search_corpus import records

    a = time.perf_counter()
    session = ctx.db.new_session(write=True)
    try:
        backend = backend_for(session)
        alloc = IdAllocator(session)
        done = 0
        for chunk in iter_batches(records(letters, docs), 2000):
            if hasattr(backend, "_write"):  # PostgreSQL: entries + tsvector rows
                backend._write(session, chunk, alloc)
            else:  # FTS5: entries + the external-content index rows, as bench_search.py builds them
                pairs = [(alloc.take(r.tanggal), normalized(r)) for r in chunk]
                insert_rows(session, pairs)
                session.execute(fts5._INSERT, [fts5._params(i, r) for i, r in pairs])
            done += len(chunk)
            if done % 200_000 == 0:
                session.commit()
                print(f"  {'pg' if url else 'sqlite'}: {done:,} search entries, {time.perf_counter() - a:.0f} s",
                      file=sys.stderr, flush=True)
        session.commit()
        if not url:
            session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            session.commit()
        else:
            session.execute(text("ANALYZE"))
            session.commit()
    finally:
        session.close()
    times["index_s"] = time.perf_counter() - a
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
