"""What the keyed, anchored audit trail costs per commit, and what checking it costs per row.

Measures, on a real SQLite file in a temporary data folder:

* one audited write committed (a unit saved: one audit row) with the installation key (HMAC-SHA256)
  and the anchor file append, against the same write with no key and no anchor file (the plain
  SHA-256 chain of earlier versions) — the ratio is the cost of items 3's seal and anchor;
* the anchor append alone (open O_APPEND, write one line, close), per call;
* ``audit.verify`` and ``audit.record_drift`` over the whole trail, per 1,000 rows.

``--smoke`` runs a few dozen commits (CI); the default runs 2,000.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--commits", type=int, default=2000)
    args = ap.parse_args()
    n = 40 if args.smoke else args.commits

    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.services import audit, office
    from tatausaha.services.auth import SYSTEM

    root = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    try:
        timings: dict[str, list[float]] = {}
        for label, sealed in (("tanpa kunci/jangkar", False), ("kunci + jangkar", True)):
            home = root / ("sealed" if sealed else "plain")
            ctx = AppContext.open(AppPaths(home))
            if not sealed:
                ctx.db.audit_seal = None
            times = []
            for i in range(n):
                t0 = time.perf_counter()
                with ctx.uow(actor=SYSTEM) as uow:
                    office.save_unit(uow, f"U{i}", f"Unit {i}")
                    uow.commit()
                times.append(time.perf_counter() - t0)
            timings[label] = times
            if sealed:
                seal = ctx.db.audit_seal
                assert isinstance(seal, audit.AuditSeal)
                scratch = audit.AuditSeal(seal.key_path, root / "scratch.jangkar")  # not the real anchor file
                t0 = time.perf_counter()
                for i in range(n):
                    scratch.append_anchor(i + 1, i + 1, "0" * 64)
                append_us = (time.perf_counter() - t0) / n * 1e6
                with ctx.reader() as uow:
                    t0 = time.perf_counter()
                    rows, problems = audit.verify(uow.session)
                    verify_s = time.perf_counter() - t0
                    t0 = time.perf_counter()
                    audit.record_drift(uow.session)
                    drift_s = time.perf_counter() - t0
                assert rows == n and problems == [], problems
            ctx.close()
        plain = statistics.median(timings["tanpa kunci/jangkar"]) * 1000
        sealed_ms = statistics.median(timings["kunci + jangkar"]) * 1000
        p95 = sorted(timings["kunci + jangkar"])[int(0.95 * (n - 1))] * 1000
        print(f"commits: {n} (one audited write each)")
        print(f"median commit, plain SHA-256 chain: {plain:.2f} ms")
        print(f"median commit, HMAC key + anchor file: {sealed_ms:.2f} ms (p95 {p95:.2f} ms)")
        print(f"ratio sealed/plain: {sealed_ms / plain:.3f}")
        print(f"anchor append alone: {append_us:.1f} µs per line")
        print(f"verify: {verify_s / n * 1000 * 1000:.1f} ms per 1,000 rows; drift check: "
              f"{drift_s / n * 1000 * 1000:.1f} ms per 1,000 rows")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
