"""Which shared archive is simpler and safer to back up and restore: a shared folder, or inside PostgreSQL?

    python bench/bench_archive_backends.py                 # 2,000 files x 200 KB (400 MB), about 2-3 minutes
    python bench/bench_archive_backends.py --files 5000    # bigger
    python bench/bench_archive_backends.py --smoke         # CI size

Both variants use the real code on a throw-away PostgreSQL server (fsync on), the real schema
(migrations), and the same files (random bytes, incompressible like scan JPEG streams):

- folder: ``FileStore`` in a folder (what an SMB share would hold) + the records in PostgreSQL.
  Backup = ``pg_dump -Fc`` then a copy of the folder (two artefacts; dump first, so the folder copy is a
  superset of what the dump names). Restore = ``pg_restore`` + copy back + re-hash every file.
- database: ``DbFileStore`` (tables archive_file/archive_part). Backup = one ``pg_dump -Fc -Z0``.
  Restore = ``pg_restore`` + re-hash every file from the database (``DbFileStore.verify``).

The limit, measured in the same run: reading and writing the same bytes as plain files (one sequential
copy of every file into one file). Ratio line: the database variant's backup+restore+verify time over
the folder variant's. Results go to docs/shared-archive.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pgtemp import TempServer, temp_server  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from tatausaha.config import AppPaths  # noqa: E402
from tatausaha.storage.dbstore import DbFileStore  # noqa: E402
from tatausaha.storage.filestore import FileStore  # noqa: E402
from tatausaha.storage.migrate import open_database  # noqa: E402


def make_files(folder: Path, n: int, size: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"scan-{i:06d}.pdf"
        p.write_bytes(os.urandom(size))
        out.append(p)
    return out


def create_db(pg: TempServer, name: str, home: Path) -> object:
    admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    os.environ["TATAUSAHA_DATABASE_URL"] = pg.url(name)
    db = open_database(AppPaths(home))
    return db


def add_records(engine: object, stored: list[tuple[str, int]]) -> None:
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("INSERT INTO document (sha256, size, mime, original_name, created_at, updated_at) "
                          "VALUES (:s, :n, 'application/pdf', 'scan.pdf', now(), now())"),
                     [{"s": s, "n": n} for s, n in stored])


def run_tool(pg: TempServer, *args: str) -> None:
    subprocess.run([pg.tool(args[0]), *args[1:]], check=True, env=pg.env(), capture_output=True)


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def dir_bytes(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--size-kb", type=int, default=200)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    n, size = (40, 64 * 1024) if a.smoke else (a.files, a.size_kb * 1024)
    work = Path(tempfile.mkdtemp(prefix="tatausaha-bench-arsip-"))
    r: dict[str, float | int | str] = {"files": n, "file_kb": size // 1024, "payload_mb": round(n * size / 1e6, 1)}
    try:
        src = make_files(work / "scans", n, size)
        # the limit: the same bytes read and written once as plain files
        t, _ = timed(lambda: _cat(src, work / "all.bin"))
        r["limit_plain_copy_s"] = round(t, 3)
        (work / "all.bin").unlink()
        with temp_server() as pg:
            # ---- folder variant
            db1 = create_db(pg, "folder_variant", work / "home1")
            share = FileStore(work / "share" / "arsip")
            t, stored = timed(lambda: [(share.put_file(p).sha256, size) for p in src])
            add_records(db1.engine, stored)  # type: ignore[attr-defined]
            known = [s for s, _ in stored]
            r["folder_store_s"] = round(t, 3)
            bk = work / "backup-folder"
            bk.mkdir()

            def folder_backup() -> None:
                run_tool(pg, "pg_dump", "-Fc", "-f", str(bk / "records.dump"), "-d", "folder_variant")
                shutil.copytree(share.root, bk / "arsip")

            r["folder_backup_s"] = round(timed(folder_backup)[0], 3)
            r["folder_backup_mb"] = round(dir_bytes(bk) / 1e6, 1)
            r["folder_backup_artefacts"] = 2

            def folder_restore() -> object:
                run_tool(pg, "createdb", "folder_restored")
                run_tool(pg, "pg_restore", "-d", "folder_restored", str(bk / "records.dump"))
                shutil.copytree(bk / "arsip", work / "share-restored" / "arsip")
                return FileStore(work / "share-restored" / "arsip").verify(known)

            t, rep = timed(folder_restore)
            r["folder_restore_verify_s"] = round(t, 3)
            r["folder_restore_ok"] = str(rep.ok and rep.checked == n)  # type: ignore[attr-defined]
            db1.dispose()  # type: ignore[attr-defined]

            # ---- database variant
            db2 = create_db(pg, "db_variant", work / "home2")
            store = DbFileStore(db2.engine, work / "home2" / "cache" / "arsip")  # type: ignore[attr-defined]
            t, stored2 = timed(lambda: [(store.put_file(p).sha256, size) for p in src])
            add_records(db2.engine, stored2)  # type: ignore[attr-defined]
            r["db_store_s"] = round(t, 3)
            dump = work / "backup-db.dump"
            r["db_backup_s"] = round(timed(lambda: run_tool(pg, "pg_dump", "-Fc", "-Z0", "-f", str(dump), "-d",
                                                            "db_variant"))[0], 3)
            r["db_backup_mb"] = round(dump.stat().st_size / 1e6, 1)
            r["db_backup_artefacts"] = 1
            zdump = work / "backup-db-z.dump"
            for level in ("1", "6"):  # bytea is dumped as hex text (2x); gzip wins the size back, at a cost
                r[f"db_backup_Z{level}_s"] = round(timed(lambda z=level: run_tool(  # type: ignore[misc]
                    pg, "pg_dump", "-Fc", f"-Z{z}", "-f", str(zdump), "-d", "db_variant"))[0], 3)
                r[f"db_backup_Z{level}_mb"] = round(zdump.stat().st_size / 1e6, 1)
                zdump.unlink()

            def db_restore() -> object:
                run_tool(pg, "createdb", "db_restored")
                run_tool(pg, "pg_restore", "-d", "db_restored", str(dump))
                eng = create_engine(pg.url("db_restored"))
                try:
                    return DbFileStore(eng, work / "home3" / "cache").verify(known)
                finally:
                    eng.dispose()

            t, rep = timed(db_restore)
            r["db_restore_verify_s"] = round(t, 3)
            r["db_restore_ok"] = str(rep.ok and rep.checked == n)  # type: ignore[attr-defined]
            with db2.engine.connect() as conn:  # type: ignore[attr-defined]
                r["db_archive_table_mb"] = round(int(conn.execute(text(
                    "SELECT pg_total_relation_size('archive_part')")).scalar() or 0) / 1e6, 1)
            db2.dispose()  # type: ignore[attr-defined]
    finally:
        os.environ.pop("TATAUSAHA_DATABASE_URL", None)
        shutil.rmtree(work, ignore_errors=True)
    for k, v in r.items():
        print(f"{k:36s} {v}")
    folder_total = float(r["folder_backup_s"]) + float(r["folder_restore_verify_s"])
    db_total = float(r["db_backup_s"]) + float(r["db_restore_verify_s"])
    print(f"ratio db/folder backup+restore+verify: {db_total / folder_total:.2f} "
          f"(db {db_total:.2f} s, folder {folder_total:.2f} s; plain copy of the payload {r['limit_plain_copy_s']} s)")
    if a.json:
        a.json.write_text(json.dumps(r, indent=2))


def _cat(files: list[Path], out: Path) -> None:
    with out.open("wb") as dst:
        for f in files:
            with f.open("rb") as s:
                shutil.copyfileobj(s, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


if __name__ == "__main__":
    main()
