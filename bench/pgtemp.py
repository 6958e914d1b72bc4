"""A throw-away PostgreSQL cluster for the benchmarks (the same recipe as the tests' fixture).

Not an entry point. ``with temp_server() as pg: pg.url("db")``; ``TATAUSAHA_PG_BIN`` picks the binaries.
The cluster runs with fsync on (benchmarks measure what an office server does), unless ``fast=True``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pg_bin() -> Path:
    cands = [Path(os.environ["TATAUSAHA_PG_BIN"])] if os.environ.get("TATAUSAHA_PG_BIN") else []
    cands += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for b in cands:
        if (b / "initdb").exists():
            return b
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise SystemExit("PostgreSQL server binaries not found (set TATAUSAHA_PG_BIN)")


class TempServer:
    def __init__(self, root: Path, port: int, bindir: Path, run_as: list[str]) -> None:
        self.root, self.port, self.bindir, self.run_as = root, port, bindir, run_as
        self.data = root / "data"

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def env(self) -> dict[str, str]:
        return {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(self.port), "PGUSER": "postgres"}

    def tool(self, name: str) -> str:
        return str(self.bindir / name)

    def data_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.data.rglob("*") if p.is_file())


@contextmanager
def temp_server(*, fast: bool = False, shared_buffers: str = "256MB") -> Iterator[TempServer]:
    bindir = pg_bin()
    root = Path(tempfile.mkdtemp(prefix="tatausaha-bench-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = TempServer(root, port, bindir, run_as)

    def run(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, capture_output=True, timeout=120)

    run(str(bindir / "initdb"), "-D", str(srv.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
        *(["--no-sync"] if fast else []))
    opts = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c shared_buffers={shared_buffers} "
            "-c max_connections=60 -c max_wal_size=4GB")
    if fast:
        opts += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    run(str(bindir / "pg_ctl"), "-D", str(srv.data), "-l", str(root / "server.log"), "-w", "-t", "60", "-o", opts, "start")
    try:
        yield srv
    finally:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(srv.data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)
