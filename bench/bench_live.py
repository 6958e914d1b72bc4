"""Live refresh between workstations on a real PostgreSQL server (issue 15, item 2).

Measures, on a throw-away cluster with fsync on (``pgtemp``):

* **commit → heard**: one PC saves a letter (``perform``: flush, ``pg_notify``, COMMIT); another
  process-side ``LiveFeed`` (its own connection, ``LISTEN``) hands the change set over. p50/p99 of the
  whole path and of the delivery alone (after COMMIT returned);
* **cost of announcing**: the same saves with ``pg_notify`` switched off, as a ratio;
* **lock round trip**: ``EditLocks.acquire`` + ``release`` of a free lock (opening an editor that holds one).

The limit is the issue's "sees it within a second": ratio = p99(commit → heard) / 1 s.

    python bench/bench_live.py [--smoke] [-n SAVES]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pgtemp import temp_server  # noqa: E402

LIMIT_S = 1.0


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="a few saves: does it run")
    ap.add_argument("-n", type=int, default=0, help="saves to time (default 300, smoke 20)")
    args = ap.parse_args()
    n = args.n or (20 if args.smoke else 300)

    from sqlalchemy import create_engine, text

    with temp_server() as pg:
        admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "live"'))
        admin.dispose()
        home = Path(tempfile.mkdtemp(prefix="tatausaha-bench-live-"))
        os.environ["TATAUSAHA_DATABASE_URL"] = pg.url("live")
        os.environ["TATAUSAHA_HOME"] = str(home)

        from tatausaha.changes import Changes
        from tatausaha.config import AppPaths
        from tatausaha.context import AppContext
        from tatausaha.correspondence import letters
        from tatausaha.services import live
        from tatausaha.services.auth import SYSTEM
        from tatausaha.services.editlock import EditLocks
        from tatausaha.services.uow import perform
        from tatausaha.storage.database import Database

        sender = AppContext.open(AppPaths(home))  # the PC that saves
        with sender.uow(actor=SYSTEM) as uow:
            lid = letters.register_masuk(uow, letters.SuratMasukInput(
                tanggal_terima=letters._today(), pengirim="Kelurahan Bench", perihal="awal")).id
            uow.commit()
        with sender.reader(SYSTEM) as uow:
            base = replace(letters.get_masuk(uow, lid).as_input(), row_version=None)

        listener_db = Database(pg.url("live"))  # the other PC: another origin, its own feed
        heard = threading.Event()
        arrived: list[float] = []

        def on_changes(changes: Changes) -> None:
            if lid in changes.touched.get("surat_masuk", ()):
                arrived.append(time.perf_counter())
                heard.set()

        feed = live.LiveFeed(listener_db, on_changes, username="bench")
        feed.start()
        if not feed.wait_connected(30):
            raise SystemExit("the live feed did not connect")

        def save(i: int) -> None:
            data = replace(base, perihal=f"perihal {i}")
            perform(sender.db, SYSTEM, lambda uow: letters.update_masuk(uow, lid, data))

        total: list[float] = []
        delivery: list[float] = []
        commit: list[float] = []
        for i in range(n):
            heard.clear()
            t0 = time.perf_counter()
            save(i)
            t1 = time.perf_counter()
            if not heard.wait(30):
                raise SystemExit(f"save {i} was not heard within 30 s")
            total.append(arrived[-1] - t0)
            delivery.append(arrived[-1] - t1)
            commit.append(t1 - t0)
        feed.stop()

        # the same saves without announcing them
        real_announce = live.announce
        live.announce = lambda *a, **k: False  # type: ignore[assignment]
        try:
            quiet: list[float] = []
            for i in range(n):
                t0 = time.perf_counter()
                save(n + i)
                quiet.append(time.perf_counter() - t0)
        finally:
            live.announce = real_announce  # type: ignore[assignment]

        locks = EditLocks(sender.db, "bench")
        lock_rt: list[float] = []
        for i in range(n):
            t0 = time.perf_counter()
            assert locks.acquire("bench", i).granted
            locks.release("bench", i)
            lock_rt.append(time.perf_counter() - t0)
        locks.close()
        listener_db.dispose()
        sender.close()

    ms = 1000.0
    print(f"saves timed: {n} (PostgreSQL on 127.0.0.1, fsync on)")
    print(f"commit → heard on the other PC: p50 {statistics.median(total) * ms:.1f} ms, p99 {_pct(total, 99) * ms:.1f} ms")
    print(f"  of which the save itself (flush + pg_notify + COMMIT): p50 {statistics.median(commit) * ms:.1f} ms")
    print(f"  heard relative to perform() returning: p50 {statistics.median(delivery) * ms:+.2f} ms, "
          f"p99 {_pct(delivery, 99) * ms:+.2f} ms (negative: heard while the saving PC was still writing "
          "its audit anchor after COMMIT)")
    print(f"save without pg_notify: p50 {statistics.median(quiet) * ms:.1f} ms "
          f"(announcing costs x{statistics.median(commit) / statistics.median(quiet):.2f})")
    print(f"edit lock acquire + release: p50 {statistics.median(lock_rt) * ms:.2f} ms")
    print(f"ratio p99(commit → heard) / limit {LIMIT_S:.0f} s: {_pct(total, 99) / LIMIT_S:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
