"""Benchmark: SPJ completeness roll-ups (per sub-kegiatan, per month, the whole year) and the
incomplete-items list over N items, against the bare limit: one raw sqlite3 GROUP BY over the same
tables computing the same counts.

    python bench/bench_spj_rollup.py [--items 20000] [--runs 3] [--smoke]

The items (each with its checklist rows, ~9 per item, a third of them satisfied) are written with
Core inserts into a fresh data directory. Prints each figure and its ratio to the bare query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path


def build(home: Path, n_items: int) -> None:
    from sqlalchemy import insert, select

    from tatausaha.app.demo import quick_office
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.models.spj import SpjBukti, SpjItem, SpjSubKegiatan
    from tatausaha.services.auth import SYSTEM
    from tatausaha.spj import service

    ctx = AppContext.open(AppPaths(home))
    quick_office(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        t = service.ensure_tahun(uow, 2026)
        p = service.ensure_program(uow, t, "7.01.01", "Program Penunjang")
        subs = []
        for k in range(4):
            keg = service.ensure_kegiatan(uow, p, f"7.01.01.2.0{k + 1}", f"Kegiatan {k + 1}")
            subs += [service.ensure_sub_kegiatan(uow, keg, f"7.01.01.2.0{k + 1}.000{j + 1}", f"Sub kegiatan {k}.{j}",
                                                 100_000_000) for j in range(3)]
        rek = service.ensure_rekening(uow, "5.1.02.01.01.0024", "Belanja ATK", "barang")
        uow.commit()
    rng = random.Random(7)
    now = dt.datetime(2026, 12, 1)
    t0 = time.perf_counter()
    with ctx.uow(actor=SYSTEM) as uow:
        s = uow.session
        tahun_id = s.execute(select(SpjSubKegiatan.tahun_id).limit(1)).scalar_one()
        items = [dict(tahun_id=tahun_id, tanggal=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(334)),
                      sub_kegiatan_id=rng.choice(subs), rekening_id=rek, jenis_belanja="barang",
                      uraian=f"Belanja ATK {i}", jumlah=rng.randrange(1, 200) * 50_000, penerima_jenis="orang",
                      penerima_nama="Toko", metode_bayar="tunai", status="draft", versi=1, row_version=1,
                      penerima_nip="", penerima_nik="", penerima_npwp="", penerima_alamat="", penerima_golongan="",
                      bank_nama="", bank_rekening="", catatan="", created_at=now, updated_at=now)
                 for i in range(n_items)]
        s.execute(insert(SpjItem), items)
        ids = list(s.execute(select(SpjItem.id)).scalars())
        rows = []
        for item_id in ids:
            for k in range(9):
                rows.append(dict(item_id=item_id, dokumen=f"dok{k}", nama=f"Dokumen {k}", wajib=k < 8, urutan=k,
                                 status=rng.choice(("lengkap", "belum_ada", "belum_ada", "tidak_berlaku", "belum_lengkap")),
                                 alasan="", diterbitkan_oleh="kantor", penerbit_nama="", nomor_dokumen="",
                                 tenggat=dt.date(2026, 12, 31), row_version=1, created_at=now, updated_at=now))
            if len(rows) >= 20_000:
                s.execute(insert(SpjBukti), rows)
                rows = []
        if rows:
            s.execute(insert(SpjBukti), rows)
        uow.commit()
    print(f"built {n_items:,} items with {n_items * 9:,} evidence rows in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    ctx.close()


BARE = """
SELECT sk.kode, strftime('%m', i.tanggal) AS bulan, COUNT(DISTINCT i.id),
       SUM(b.wajib), SUM(CASE WHEN b.wajib AND b.status IN ('lengkap', 'tidak_berlaku') THEN 1 ELSE 0 END)
FROM spj_item i JOIN spj_sub_kegiatan sk ON sk.id = i.sub_kegiatan_id JOIN spj_bukti b ON b.item_id = i.id
GROUP BY sk.kode, bulan
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="300 items, one run")
    args = ap.parse_args()
    n, runs = (300, 1) if args.smoke else (args.items, args.runs)
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.spj import service

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build(home, n)
        bare: list[float] = []
        for _ in range(runs):
            conn = sqlite3.connect(str(home / "tatausaha.sqlite"))
            t0 = time.perf_counter()
            conn.execute(BARE).fetchall()
            bare.append(time.perf_counter() - t0)
            conn.close()
        ctx = AppContext.open(AppPaths(home))
        figures: dict[str, list[float]] = {"per sub kegiatan": [], "per bulan": [], "tahun": [], "belum lengkap": []}
        for _ in range(runs):
            with ctx.reader() as uow:
                for name, fn in (("per sub kegiatan", lambda: service.rollup_by_sub_kegiatan(uow, 2026)),
                                 ("per bulan", lambda: service.rollup_by_month(uow, 2026)),
                                 ("tahun", lambda: service.rollup_total(uow, 2026)),
                                 ("belum lengkap", lambda: service.list_items(
                                     uow, service.ItemFilter(tahun=2026, kelengkapan="belum", limit=1_000_000)))):
                    t0 = time.perf_counter()
                    fn()
                    figures[name].append(time.perf_counter() - t0)
        ctx.close()
    limit = statistics.median(bare)
    print(f"items: {n:,}; bare GROUP BY (the limit): {limit * 1000:.1f} ms")
    for name, values in figures.items():
        med = statistics.median(values)
        print(f"{name:<18} {med * 1000:8.1f} ms   ratio {med / limit:6.1f} x the bare query")
    return 0


if __name__ == "__main__":
    sys.exit(main())
