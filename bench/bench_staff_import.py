"""Employees imported per second: the staff import (dry run and real) against the floor of writing
the same rows with one SQLAlchemy Core ``insert`` and reading the same file.

Run: ``python bench/bench_staff_import.py [--rows 500] [--smoke]``

A nominatif of N PNS (valid NIPs, SIASN headers, a second ``TMT`` for the jabatan) is written to an
XLSX. Measured in the same run, each in a fresh office database:

* ``read file`` — ``sheets.reading.read_table`` (openpyxl read-only) of the XLSX;
* ``floor: read + Core insert`` — the file read, then every row inserted with one
  ``insert(Pegawai)`` executemany (no checks, no history, no search index, no audit);
* ``dry run`` — ``importer.run_import(dry_run=True)``: every row through the staff service's checks
  (NIP against birth date/TMT/gender, golongan of the status …), first riwayat rows, search index,
  in savepoints — then rolled back;
* ``import`` — the same, committed (audit chain included).

Printed: ms per row and rows/s for each, and the ratio of the import to the floor — what the
checks, savepoints, history rows, index and audit cost per row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from tatausaha import clock  # noqa: E402
from tatausaha.app import setup  # noqa: E402
from tatausaha.config import AppPaths  # noqa: E402
from tatausaha.context import AppContext  # noqa: E402
from tatausaha.models.staff import Pegawai  # noqa: E402
from tatausaha.services import accounts  # noqa: E402
from tatausaha.services.auth import SYSTEM, Role  # noqa: E402
from tatausaha.sheets import reading  # noqa: E402
from tatausaha.staff import importer  # noqa: E402

HEAD = ["nipBaru", "nama", "tglLahir", "jenisKelamin", "tmtCpns", "statusPegawai", "golRuangAkhir", "TMT", "mkTahun",
        "jabatanNama", "TMT", "unorNama"]
GOL = ["II/a", "II/b", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]


def rows(n: int) -> list[list[object]]:
    out = []
    for i in range(n):
        born = dt.date(1970 + i % 25, 1 + i % 12, 1 + i % 28)
        tmt = dt.date(max(born.year + 22, 1995) + i % 5, 1 + (i * 7) % 12, 1)
        sex = 1 + i % 2
        nip = f"{born:%Y%m%d}{tmt:%Y%m}{sex}{1 + i // 50 % 999:03d}"
        out.append([nip, f"Pegawai Uji {i:05d}", born.strftime("%d-%m-%Y"), "L" if sex == 1 else "P",
                    tmt.strftime("%d-%m-%Y"), "PNS", GOL[i % len(GOL)], f"01-04-{tmt.year + 4}", 4,
                    f"Pelaksana {i % 17}", f"01-01-{tmt.year + 1}", f"Seksi {i % 6}"])
    # NIPs must be unique: the sequence digits above repeat for equal birth/TMT pairs, so number them
    seen: dict[str, int] = {}
    for r in out:
        base = str(r[0])[:15]
        seen[base] = seen.get(base, 0) + 1
        r[0] = f"{base}{seen[base]:03d}"
    return out


def write(path: Path, data: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    for r in data:
        ws.append(r)
    wb.save(path)


def office(root: Path, template: Path) -> AppContext:
    home = Path(tempfile.mkdtemp(dir=root))
    shutil.copy(template, home / "tatausaha.sqlite")
    return AppContext.open(AppPaths(home))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=500)
    p.add_argument("--smoke", action="store_true", help="20 rows (the test suite's size)")
    args = p.parse_args()
    n = 20 if args.smoke else args.rows
    root = Path(tempfile.mkdtemp(prefix="bench-staff-"))
    with clock.use_clock(clock.FixedClock(dt.date(2026, 12, 1), ticking=True)):
        tpl_home = root / "template"
        tpl_home.mkdir()
        ctx = AppContext.open(AppPaths(tpl_home))
        setup.ensure_reference_data(ctx)
        with ctx.uow(actor=SYSTEM) as uow:
            accounts.create_user(uow, "kasubag", "Kasubag", Role.PIMPINAN, "rahasia123")
            uow.commit()
        ctx.close()
        template = tpl_home / "tatausaha.sqlite"
        data = rows(n)
        f = root / "nominatif.xlsx"
        write(f, data)

        t = time.perf_counter()
        table = importer.read_file(f)
        t_read = time.perf_counter() - t
        assert len(table.rows) == n

        ctx = office(root, template)
        t = time.perf_counter()
        table = reading.read_table(f, lambda raw: 0)
        values = [{"nip_baru": r[0], "nama": r[1], "tgl_lahir": dt.datetime.strptime(str(r[2]), "%d-%m-%Y").date(),
                   "jenis_kelamin": r[3], "status_pegawai": "pns", "gol_ruang_akhir": r[6]} for r in table.rows]
        with ctx.uow(actor=SYSTEM) as uow:
            uow.session.execute(insert(Pegawai), values)
            uow.commit()
        t_floor = time.perf_counter() - t
        ctx.close()

        ctx = office(root, template)
        actor = accounts.login(ctx.db, "kasubag", "rahasia123")
        t = time.perf_counter()
        dry = importer.run_import(ctx.db, actor, f, dry_run=True).value
        t_dry = time.perf_counter() - t
        assert dry.ok and dry.added == n, dry.problems[:3]
        t = time.perf_counter()
        rep = importer.run_import(ctx.db, actor, f).value
        t_real = time.perf_counter() - t
        assert rep.ok and rep.imported == n
        ctx.close()
    shutil.rmtree(root, ignore_errors=True)
    print(f"staff import of {n} employees (XLSX, {len(HEAD)} columns)")
    for label, secs in (("read file", t_read), ("floor: read + Core insert", t_floor), ("dry run", t_dry),
                        ("import", t_real)):
        print(f"  {label:28s} {secs * 1000 / n:8.2f} ms/row  {n / secs:9.1f} rows/s")
    print(f"ratio import / floor (read + Core insert) = {t_real / t_floor:.1f}")
    print(f"ratio dry run / import = {t_dry / t_real:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
