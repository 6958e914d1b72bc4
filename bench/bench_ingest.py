"""Benchmark of the scan folder (not run by CI).

    python bench/bench_ingest.py [--files 1000] [--paced 40] [--ocr-pages 6]

1. Raw limit (measured in the same run): for the same files, sha256 + atomic copy into the
   content-addressed store (FileStore: temp file, fsync, rename, dir fsync) + one row INSERT and
   COMMIT per file in a WAL SQLite database. Files per second.
2. Burst: the same files moved into a watched folder at once (inotify observer, 0.5 s quiet
   period, no OCR): time from the first file to the last settled; files per second and the
   ratio to the raw limit (the quiet period is included — it is part of the product).
3. Completion → filed latency: files written one by one (a scanner-like pace), each closed file
   timed to its "settled" event; p50 / p95, and the same minus the configured quiet period.
4. OCR: Tesseract ``ind`` with OMP_THREAD_LIMIT=1 on scanner-like 200-dpi pages, one worker vs
   two workers (two cores): pages per minute.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tatausaha.config import AppPaths  # noqa: E402
from tatausaha.context import AppContext  # noqa: E402
from tatausaha.ingest import ocr  # noqa: E402
from tatausaha.ingest import testing as T  # noqa: E402
from tatausaha.ingest.config import FolderSpec, IngestConfig  # noqa: E402
from tatausaha.ingest.pages import PageSource  # noqa: E402
from tatausaha.ingest.service import IngestEvent, IngestService  # noqa: E402
from tatausaha.storage.filestore import FileStore  # noqa: E402

QUIET = 0.5


def make_files(folder: Path, n: int, size_kb: int = 100) -> list[Path]:
    """One-page PDFs of about ``size_kb`` KB each (an incompressible image, like a scan's JPEG)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    side = int((size_kb * 1024) ** 0.5)
    out = []
    for i in range(n):
        img = Image.frombytes("L", (side, side), rng.randbytes(side * side))
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(300, 300))
        c.drawImage(ImageReader(img), 10, 10, 280, 280)
        c.drawString(10, 5, f"pindaian {i}")
        c.showPage()
        c.save()
        p = folder / f"scan-{i:05d}.pdf"
        p.write_bytes(buf.getvalue())
        out.append(p)
    return out


def raw_limit(files: list[Path], work: Path) -> float:
    store = FileStore(work / "raw-store")
    db = sqlite3.connect(work / "raw.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE f (id INTEGER PRIMARY KEY, sha TEXT UNIQUE, size INT, name TEXT)")
    t = time.perf_counter()
    for p in files:
        s = store.put_file(p)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO f (sha, size, name) VALUES (?, ?, ?)", (s.sha256, s.size, p.name))
        db.execute("COMMIT")
    dt = time.perf_counter() - t
    db.close()
    return len(files) / dt


def fresh_ctx(work: Path, name: str) -> AppContext:
    home = work / name
    home.mkdir(parents=True, exist_ok=True)
    return AppContext.open(AppPaths(home))


def burst(files: list[Path], work: Path) -> tuple[float, float, float]:
    ctx = fresh_ctx(work, "burst")
    scan = work / "burst-scan"
    scan.mkdir()
    settled: list[float] = []
    lock = threading.Lock()

    def listener(e: IngestEvent) -> None:
        if e.kind in ("filed", "review", "duplicate", "quarantined"):
            with lock:
                settled.append(time.perf_counter())

    svc = IngestService(ctx, [FolderSpec(scan)], IngestConfig(quiet_seconds=QUIET, rescan_seconds=0, ocr_enabled=False),
                        listener=listener)
    svc.start()
    staging = work / "burst-staging"
    shutil.copytree(files[0].parent, staging)
    t0 = time.perf_counter()
    for p in sorted(staging.iterdir()):
        os.replace(p, scan / p.name)
    t_last_drop = time.perf_counter()
    while len(settled) < len(files):
        time.sleep(0.02)
    svc.stop()
    ctx.close()
    total = settled[-1] - t0
    return len(files) / total, total, settled[-1] - t_last_drop


def latency(n: int, work: Path, polling: bool) -> list[float]:
    ctx = fresh_ctx(work, f"lat-{'poll' if polling else 'native'}")
    scan = work / f"lat-scan-{'poll' if polling else 'native'}"
    scan.mkdir()
    done: dict[str, float] = {}

    def listener(e: IngestEvent) -> None:
        if e.kind in ("filed", "review") and e.path:
            done[Path(e.path).name] = time.perf_counter()

    folder = FolderSpec(scan, polling=polling, poll_interval=0.25)
    svc = IngestService(ctx, [folder], IngestConfig(quiet_seconds=QUIET, rescan_seconds=0, ocr_enabled=False),
                        listener=listener)
    svc.start()
    closed: dict[str, float] = {}
    data = [T.tiny_pdf(f"surat {i}") + b"\n" for i in range(n)]
    for i in range(n):
        name = f"lat-{i:03d}.pdf"
        with (scan / name).open("wb") as fh:
            for k in range(0, len(data[i]), 512):  # written in chunks, like a scanner
                fh.write(data[i][k:k + 512])
                fh.flush()
        closed[name] = time.perf_counter()
        time.sleep(0.25)
    deadline = time.perf_counter() + 30
    while len(done) < n and time.perf_counter() < deadline:
        time.sleep(0.05)
    svc.stop()
    ctx.close()
    return [done[k] - closed[k] for k in closed if k in done]


def ocr_rate(pages: int) -> tuple[float, float] | None:
    if not ocr.status().available:
        return None
    rng = random.Random(5)
    imgs = []
    for i in range(pages):
        jpg = T.scannerize(T.letter_pdf(None, nomor=f"470/{i}/X/2024"), rng)
        with PageSource(jpg, "image/jpeg") as ps:
            imgs.append(ps.render(0, 200))

    def run(workers: int) -> float:
        t = time.perf_counter()
        with ThreadPoolExecutor(workers) as ex:
            list(ex.map(ocr.ocr_image, imgs))
        return pages / (time.perf_counter() - t) * 60

    run(1) if pages <= 2 else None
    return run(1), run(2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--paced", type=int, default=40)
    ap.add_argument("--ocr-pages", type=int, default=6)
    ap.add_argument("--smoke", action="store_true", help="20 files, 3 paced, 1 OCR page (CI)")
    args = ap.parse_args()
    if args.smoke:
        args.files, args.paced, args.ocr_pages = 20, 3, 1
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        files = make_files(work / "files", args.files)
        size = sum(p.stat().st_size for p in files) / len(files) / 1024
        print(f"{len(files)} files, {size:.0f} KB each; 2 pipeline workers; quiet period {QUIET} s")
        raw = raw_limit(files, work)
        print(f"raw limit (sha256 + atomic store copy + INSERT/COMMIT):  {raw:8.0f} files/s")
        rate, total, tail = burst(files, work)
        print(f"burst: {len(files)} files settled in {total:.2f} s = {rate:.0f} files/s  "
              f"(ratio to raw limit {rate / raw:.3f}; last settled {tail:.2f} s after the last drop)")
        for polling in (False, True):
            lat = sorted(latency(args.paced, work, polling))
            p50, p95 = statistics.median(lat), lat[int(len(lat) * 0.95) - 1]
            kind = "polling 0.25 s" if polling else "inotify"
            print(f"completion → filed ({kind}, {len(lat)} files): p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
                  f"minus the {QUIET} s quiet period: p50 {(p50 - QUIET) * 1000:.0f} ms, p95 {(p95 - QUIET) * 1000:.0f} ms")
        r = ocr_rate(args.ocr_pages)
        if r is None:
            print("OCR: " + ocr.status().message)
        else:
            print(f"OCR (tesseract ind, OMP_THREAD_LIMIT=1, 200 dpi scanner-like pages): 1 worker {r[0]:.1f} pages/min, "
                  f"2 workers {r[1]:.1f} pages/min (scaling {r[1] / r[0]:.2f}x on 2 cores)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _ = hashlib  # (kept for readers comparing with PERF-LIMITS §5's pipeline)


if __name__ == "__main__":
    main()
