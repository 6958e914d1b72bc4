"""The same core on a real PostgreSQL server, started by the test in a temporary folder.

Skips (with the reason) when the PostgreSQL server binaries or psycopg are not installed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import login_env  # the one place that logs the command line in
from sqlalchemy import create_engine, func, select, text

from tatausaha.app import demo, maintenance, setup
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.errors import DatabaseTooNew, StorageError
from tatausaha.models.audit import AuditLog
from tatausaha.services import accounts, audit, office
from tatausaha.services.auth import Actor
from tatausaha.storage.migrate import current_revision, head_revision, open_database

pytestmark = pytest.mark.postgres

PG_BIN_CANDIDATES = [Path(os.environ["TATAUSAHA_PG_BIN"])] if os.environ.get("TATAUSAHA_PG_BIN") else []
PG_BIN_CANDIDATES += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _pg_bin() -> Path | None:
    for b in PG_BIN_CANDIDATES:
        if (b / "initdb").exists() and (b / "pg_ctl").exists():
            return b
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="tatausaha-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.run_as: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no 'postgres' user to run the server")
            runuser = shutil.which("runuser")
            if runuser is None:
                pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.run_as = [runuser, "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.run_as, *args], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "tatausaha", "-E", "UTF8",
                  "--no-sync", "--locale=C")
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                  "-t", "30", "-o", opts, "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://tatausaha@127.0.0.1:{self.port}/{dbname}"


@pytest.fixture(scope="module")
def pg() -> Iterator[PgServer]:
    pytest.importorskip("psycopg", reason="psycopg (PostgreSQL driver) is not installed")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; set TATAUSAHA_PG_BIN")
    server = PgServer(bindir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


_counter = iter(range(1, 10_000))


@pytest.fixture
def pg_paths(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """A fresh, empty database on the server per test; the data folder still holds the file store."""
    name = f"t{next(_counter)}"
    admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    monkeypatch.setenv("TATAUSAHA_DATABASE_URL", pg.url(name))
    home = tmp_path / "home"
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    return AppPaths(home)


def test_migrations_and_drift_on_postgres(pg_paths: AppPaths) -> None:
    from test_foundation_migrations import describe, drift

    db = open_database(pg_paths)
    try:
        assert db.engine.dialect.name == "postgresql"
        assert current_revision(db) == head_revision()
        diff = drift(db)
        assert diff == [], "\n".join(map(describe, diff))
    finally:
        db.dispose()
    assert not pg_paths.database.exists()  # no SQLite file made on the side


def test_service_round_trip_and_audit_on_postgres(pg_paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "demo_parts", lambda: [])  # the core demo office; the areas test their own parts
    ctx = AppContext.open(pg_paths)
    try:
        assert setup.ensure_reference_data(ctx) > 5000
        result = demo.fill(ctx)
        assert result["kantor"] == "KECAMATAN JATISAMPURNA"
        camat = accounts.login(ctx.db, "camat", demo.DEMO_PASSWORD)
        with ctx.reader(camat) as uow:
            assert {o.nama for o in office.list_officials(uow, signers_only=True)} >= {"Drs. H. Ahmad Suryadi, M.Si."}
        report = maintenance.check(ctx)
        assert report.ok, report.as_dict()
        assert report.audit_rows > 20
        with pytest.raises(StorageError, match="pg_dump"):
            maintenance.backup(ctx)
        # The real command reads the same server database.
        verify = _cli("--json", "audit", "verify")
        assert verify.returncode == 0, verify.stderr
        assert '"ok": true' in verify.stdout
        # Tamper with one row directly on the server: the verifier names it.
        with ctx.db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor_name = 'orang-lain' WHERE id = 5"))
        with ctx.reader() as uow:
            checked, problems = audit.verify(uow.session)
        assert checked == report.audit_rows + 1  # + the log-in of `audit verify`
        assert [(p.row_id, p.kind) for p in problems] == [(5, "edited")]
    finally:
        ctx.close()
    verify = _cli("audit", "verify")
    assert verify.returncode == 1 and "baris audit 5 " in verify.stdout


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, logged in as the demo office's admin (on a server every command needs a log-in)."""
    env = dict(os.environ, **login_env("admin", demo.DEMO_PASSWORD))
    return subprocess.run([sys.executable, "-m", "tatausaha", *args], env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)


def test_newer_schema_is_refused_on_postgres(pg_paths: AppPaths) -> None:
    open_database(pg_paths).dispose()
    engine = create_engine(os.environ["TATAUSAHA_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseTooNew, match="lebih baru"):
        open_database(pg_paths)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "9999_future"
    engine.dispose()


def test_concurrent_writers_keep_one_audit_chain(pg_paths: AppPaths, admin: Actor, write_units_concurrently) -> None:  # type: ignore[no-untyped-def]
    """Several sessions commit at once, from the very first audited write on a new database (when the
    audit head row does not exist yet): the head is locked FOR UPDATE, so the chain stays whole."""
    ctx = AppContext.open(pg_paths)
    try:
        errors = write_units_concurrently(ctx, admin, threads=4, per_thread=8)
        assert errors == []
        with ctx.reader() as uow:
            checked, problems = audit.verify(uow.session)
            ids = list(uow.session.execute(select(AuditLog.id).order_by(AuditLog.id)).scalars())
            n_units = uow.session.execute(text("SELECT count(*) FROM unit")).scalar_one()
            n_audit = uow.session.execute(select(func.count(AuditLog.id))).scalar_one()
        assert n_units == 32 and n_audit == 32 and checked == 32
        assert ids == list(range(1, 33)) and problems == []
    finally:
        ctx.close()


def test_a_bundle_from_the_servers_archive_verifies_and_keeps_sha512(pg_paths: AppPaths, tmp_path: Path) -> None:
    """On a server the archive lives in PostgreSQL (``DbFileStore``): a bundle's files are opened on
    the bag writer's read-ahead thread from there, the bag verifies with bagit-python, and a file
    whose SHA-512 the archive had not kept gets it from this first bundle."""
    import datetime as dt
    import hashlib
    import zipfile

    import bagit

    from tatausaha.bundles import service as bundles
    from tatausaha.bundles.types import Scope
    from tatausaha.correspondence import letters
    from tatausaha.correspondence.kinds import SURAT_MASUK
    from tatausaha.models.document import Document
    from tatausaha.services import documents
    from tatausaha.services.auth import SYSTEM, Role
    from tatausaha.services.uow import perform

    ctx = AppContext.open(pg_paths)
    try:
        assert ctx.store.shared  # the server's archive, not a folder on this PC
        blobs = [os.urandom(150_000 + i) for i in range(5)]
        with ctx.uow(actor=SYSTEM) as uow:
            lid = letters.register_masuk(uow, letters.SuratMasukInput(
                tanggal_terima=dt.date(2026, 11, 2), pengirim="Kelurahan Jatisampurna", perihal="Laporan bulanan",
                nomor_surat="400/7/Kel", kode_klasifikasi="000.1.2"), strict_kode=False).id
            for i, b in enumerate(blobs):
                info = documents.add_document_bytes(uow, ctx.store, b, f"pindaian-{i}.jpg")
                documents.link_document(uow, info.id, SURAT_MASUK, lid, role="scan" if i == 0 else "lampiran")
            uow.commit()
        with ctx.uow(actor=SYSTEM) as uow:  # one file as stored before the archive kept SHA-512
            doc = uow.session.execute(select(Document).where(Document.sha256 == hashlib.sha256(blobs[2]).hexdigest())).scalar_one()
            assert doc.sha512 == hashlib.sha512(blobs[2]).hexdigest()
            doc.sha512 = None
            uow.commit()
        auditor = Actor(None, "pemeriksa", "Pemeriksa", Role.AUDITOR)
        out = tmp_path / "bundel.zip"
        scope = Scope("correspondence", "klasifikasi", (("jenis", "semua"), ("kode", "")))
        result = perform(ctx.db, auditor, lambda uow: bundles.export_bundle(uow, ctx.store, scope, out)).value
        assert result.files == 5
        with zipfile.ZipFile(out) as zf:
            zf.extractall(tmp_path / "u")
        (bag_dir,) = list((tmp_path / "u").iterdir())
        bagit.Bag(str(bag_dir)).validate()  # raises on any wrong byte or digest
        payload = sorted(p.read_bytes() for p in (bag_dir / "data").rglob("*.jpg"))
        assert payload == sorted(blobs)
        with ctx.reader() as uow:
            kept = dict(uow.session.execute(select(Document.sha256, Document.sha512)).all())
        assert {hashlib.sha256(b).hexdigest(): hashlib.sha512(b).hexdigest() for b in blobs}.items() <= kept.items()
    finally:
        ctx.close()
