"""The office server: set-up, check, backup and restore of the PostgreSQL database that several PCs share.

``tatausaha server init|check|backup|restore`` (``cli/server_cmd.py``) and the first-run wizard's
connection test call these. The archive's files live inside the database (``storage/dbstore.py``), so
one ``pg_dump`` is the whole office: records, files and audit trail at one instant.

Roles made by ``init``:

- ``tatausaha_pemilik`` (no log-in): owns the database and every table; migrations run as it;
- ``tatausaha`` (log-in, the PCs): reads and writes records, but may only SELECT and INSERT the
  archive's files (a trigger refuses UPDATE and DELETE for everyone besides).

Passwords come from the environment (``PGPASSWORD`` for the server's administrator,
``TATAUSAHA_APP_PASSWORD`` for the PCs' account) or are asked without echo; they are handed to
``pg_dump``/``pg_restore`` through the environment, never on a command line, never printed or logged.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from tatausaha import __version__, clock
from tatausaha.config import AppPaths, ServerSpec
from tatausaha.errors import StorageError, ValidationFailed
from tatausaha.services import audit
from tatausaha.storage.database import Database
from tatausaha.storage.dbstore import DbFileStore
from tatausaha.storage.migrate import current_revision, head_revision, known_revisions, upgrade

OWNER_ROLE = "tatausaha_pemilik"
APP_ROLE = "tatausaha"
ARCHIVE_TABLES = ("archive_file", "archive_part")
DUMP_NAME = "tatausaha.dump"
MANIFEST = "manifest.json"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Admin:
    """How to reach the server as its administrator (a PostgreSQL superuser, e.g. ``postgres``)."""

    host: str = "localhost"
    port: int = 5432
    user: str = "postgres"
    password: str | None = None
    database: str = "tatausaha"
    maintenance_db: str = "postgres"

    def url(self, database: str | None = None) -> URL:
        return URL.create("postgresql+psycopg", username=self.user, password=self.password, host=self.host,
                          port=self.port, database=database or self.maintenance_db,
                          query={"connect_timeout": "10"})

    def env(self) -> dict[str, str]:
        """The environment for pg_dump/pg_restore: the password travels here, not on the command line."""
        env = {**os.environ, "PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user,
               "PGCONNECT_TIMEOUT": "10"}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _ident(name: str) -> str:
    if not _NAME.match(name):
        raise ValidationFailed(f"Nama '{name}' tidak boleh dipakai: huruf kecil, angka dan garis bawah saja.")
    return f'"{name}"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def explain(exc: BaseException, where: str) -> str:
    """An Indonesian sentence for a failed connection (never the driver's text: it may echo a setting)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None) or ""
    raw = str(orig).lower()
    if code == "28P01" or "password authentication failed" in raw:
        return f"Kata sandi atau nama pengguna ditolak oleh server {where}. Periksa keduanya (huruf besar/kecil)."
    if code == "28000" or "no pg_hba.conf entry" in raw:
        return (f"Server {where} tidak mengizinkan komputer ini masuk (pg_hba.conf). Minta pengelola server "
                "menambahkan alamat jaringan kantor; lihat README bagian \"Kantor dengan beberapa komputer\".")
    if code == "3D000" or ("database" in raw and "does not exist" in raw):
        return f"Basis data di server {where} belum ada. Jalankan 'tatausaha server init' di server lebih dulu."
    if code == "42501" or "permission denied" in raw:
        return f"Akun ini tidak punya izin di server {where}. Jalankan ulang 'tatausaha server init' di server."
    if "could not translate host name" in raw or "name or service not known" in raw or "nodename" in raw:
        return f"Nama server {where} tidak dikenal di jaringan. Periksa ejaannya atau pakai alamat IP server."
    if "timeout" in raw or "timed out" in raw:
        return f"Server {where} tidak menjawab (waktu habis). Periksa kabel/Wi-Fi, alamat IP dan firewall server."
    if "connection refused" in raw or "could not connect" in raw or "no route" in raw or "connection failed" in raw:
        return (f"Tidak dapat tersambung ke server {where}: server mati, PostgreSQL belum berjalan, atau firewall "
                "menutup port 5432.")
    return f"Tidak dapat tersambung ke server {where} ({type(orig).__name__}). Rinciannya ada di berkas log."


# -- connection test (the wizard, server check) ---------------------------------------------------------------
@dataclass
class ConnectionTest:
    ok: bool
    message: str
    schema: str | None = None
    has_office: bool = False
    has_admin: bool = False


def test_connection(spec: ServerSpec, password: str) -> ConnectionTest:
    """Can this PC use the office server with these details? Reads only; the password is used, not kept."""
    where = f"{spec.host}:{spec.port}"
    url = URL.create("postgresql+psycopg", username=spec.user, password=password, host=spec.host, port=spec.port,
                     database=spec.database, query={"connect_timeout": "5"})
    engine = create_engine(url, poolclass=_null_pool())
    try:
        with engine.connect() as conn:
            rev = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
            schema = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if rev else None
            if schema is None:
                return ConnectionTest(False, f"Server {where} tersambung, tetapi basis data '{spec.database}' belum "
                                             "disiapkan. Jalankan 'tatausaha server init' di server.")
            if schema not in known_revisions():
                return ConnectionTest(False, f"Basis data di server {where} dibuat oleh versi tatausaha yang lebih "
                                             "baru. Perbarui tatausaha di komputer ini lebih dulu.", schema)
            if schema != head_revision():
                return ConnectionTest(False, f"Basis data di server {where} memakai versi lebih lama. Jalankan "
                                             "'tatausaha server init' di server untuk memutakhirkannya.", schema)
            office_ok = bool(conn.execute(text("SELECT count(*) FROM office_profile")).scalar())
            admin_ok = bool(conn.execute(text("SELECT count(*) FROM user_account WHERE role = 'admin'")).scalar())
            conn.execute(text("SELECT count(*) FROM archive_file")).scalar()
    except DBAPIError as exc:
        return ConnectionTest(False, explain(exc, where))
    finally:
        engine.dispose()
    what = "profil kantor dan admin sudah ada" if office_ok and admin_ok else "kantor belum diisi (isi di langkah berikut)"
    return ConnectionTest(True, f"Tersambung ke server {where}, basis data '{spec.database}' siap; {what}.",
                          schema, office_ok, admin_ok)


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool


@contextmanager
def _engine(admin: Admin, database: str | None = None, *, autocommit: bool = False) -> Iterator[Engine]:
    engine = create_engine(admin.url(database), poolclass=_null_pool(),
                           **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}))
    try:
        yield engine
    except DBAPIError as exc:
        raise StorageError(explain(exc, f"{admin.host}:{admin.port}")) from exc
    finally:
        engine.dispose()


def _owner_database(admin: Admin, database: str) -> Database:
    """The office database opened as the administrator acting as the owner role (objects it creates
    belong to ``tatausaha_pemilik``)."""
    db = Database(admin.url(database).render_as_string(hide_password=False))

    @event.listens_for(db.engine, "connect")
    def _as_owner(dbapi_conn: Any, _record: Any) -> None:
        was = dbapi_conn.autocommit
        dbapi_conn.autocommit = True
        dbapi_conn.execute(f"SET ROLE {_ident(OWNER_ROLE)}")
        dbapi_conn.autocommit = was

    return db


# -- init ---------------------------------------------------------------------------------------------------
@dataclass
class InitReport:
    database: str
    created_database: bool
    created_roles: list[str]
    schema: str | None
    app_user: str
    password_set: bool
    archive_files: int
    imported_files: int = 0

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def init(admin: Admin, *, app_user: str = APP_ROLE, app_password: str | None = None,
         import_folder: Path | None = None) -> InitReport:
    """Create (or bring up to date) the office database, its roles, the shared archive and the grants.

    Safe to run again: it creates what is missing, upgrades the schema, re-applies the grants, and sets
    the PCs' password only when one is given."""
    database = admin.database
    _ident(database)
    created_roles: list[str] = []
    with _engine(admin, autocommit=True) as eng, eng.connect() as conn:
        existing = {r[0] for r in conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname IN (:a, :b)"),
                                               {"a": OWNER_ROLE, "b": app_user})}
        if OWNER_ROLE not in existing:
            conn.execute(text(f"CREATE ROLE {_ident(OWNER_ROLE)} NOLOGIN"))
            created_roles.append(OWNER_ROLE)
        if app_user not in existing:
            if not app_password:
                raise ValidationFailed("Akun komputer kantor belum ada: beri kata sandinya (TATAUSAHA_APP_PASSWORD "
                                       "atau ketik saat diminta).")
            conn.execute(text(f"CREATE ROLE {_ident(app_user)} LOGIN PASSWORD {_literal(app_password)}"))
            created_roles.append(app_user)
        elif app_password:
            conn.execute(text(f"ALTER ROLE {_ident(app_user)} LOGIN PASSWORD {_literal(app_password)}"))
        # The administrator must be able to act as the owner (SET ROLE) to run the migrations.
        conn.execute(text(f"GRANT {_ident(OWNER_ROLE)} TO CURRENT_USER"))
        has_db = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}).first() is not None
        if not has_db:
            conn.execute(text(f"CREATE DATABASE {_ident(database)} OWNER {_ident(OWNER_ROLE)} ENCODING 'UTF8' "
                              "TEMPLATE template0"))
        conn.execute(text(f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC"))
        conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(database)} TO {_ident(app_user)}"))
    with _engine(admin, database, autocommit=True) as eng, eng.connect() as conn:
        conn.execute(text(f"ALTER SCHEMA public OWNER TO {_ident(OWNER_ROLE)}"))
        conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    db = _owner_database(admin, database)
    try:
        refuse_newer(db)
        if current_revision(db) != head_revision():
            try:
                upgrade(db)
            except SQLAlchemyError as exc:
                raise StorageError(f"Pemutakhiran skema di server gagal ({type(getattr(exc, 'orig', exc)).__name__}); "
                                   "basis data tidak diubah. Rinciannya ada di berkas log.") from exc
        schema = current_revision(db)
    finally:
        db.dispose()
    grant(admin, app_user)
    imported = 0
    if import_folder is not None:
        from tatausaha.storage.filestore import FileStore

        with _engine(admin, database) as eng:
            imported = DbFileStore(eng, Path(tempfile.mkdtemp(prefix="tatausaha-impor-"))).import_folder(
                FileStore(import_folder))
    with _engine(admin, database) as eng, eng.connect() as conn:
        files = int(conn.execute(text("SELECT count(*) FROM archive_file")).scalar() or 0)
    return InitReport(database=f"{admin.host}:{admin.port}/{database}", created_database=not has_db,
                      created_roles=created_roles, schema=schema, app_user=app_user,
                      password_set=bool(app_password), archive_files=files, imported_files=imported)


def grant(admin: Admin, app_user: str = APP_ROLE) -> None:
    """The PCs' role: records read and written, the archive's files only read and added."""
    with _engine(admin, admin.database, autocommit=True) as eng, eng.connect() as conn:
        u, o = _ident(app_user), _ident(OWNER_ROLE)
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {u}"))
        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {u}"))
        conn.execute(text(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {u}"))
        for table in ARCHIVE_TABLES:
            conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {u}"))
        conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON alembic_version FROM {u}"))
        conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public "
                          f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {u}"))
        conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public "
                          f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {u}"))


def refuse_newer(db: Database) -> None:
    rev = current_revision(db)
    if rev is not None and rev not in known_revisions():
        raise StorageError(f"Basis data di server dibuat oleh versi tatausaha yang lebih baru (skema {rev}). "
                           "Perbarui tatausaha di server ini; tidak ada yang diubah.")


# -- check --------------------------------------------------------------------------------------------------
@dataclass
class ServerCheck:
    server_version: str = ""
    schema: str | None = None
    schema_ok: bool = False
    problems: list[str] = field(default_factory=list)
    archive_files: int = 0
    archive_bytes: int = 0
    files_checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    audit_rows: int = 0
    audit_problems: list[str] = field(default_factory=list)
    database_bytes: int = 0

    @property
    def ok(self) -> bool:
        return not (self.problems or self.missing or self.corrupt or self.audit_problems) and self.schema_ok

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "ok": self.ok}


def check(admin: Admin, app_user: str = APP_ROLE, *, database: str | None = None,
          external: list[tuple[int, str, str]] | None = None) -> ServerCheck:
    """Everything an office depends on: schema, roles and grants, the write-once guard, every archived
    file re-hashed against the records that name it, and the audit chain."""
    database = database or admin.database
    report = ServerCheck()
    with _engine(admin, database) as eng:
        with eng.connect() as conn:
            report.server_version = str(conn.execute(text("SHOW server_version")).scalar())
            report.database_bytes = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
            has = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
            report.schema = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if has else None
            report.schema_ok = report.schema == head_revision()
            if not report.schema_ok:
                report.problems.append("skema basis data belum mutakhir: jalankan 'tatausaha server init'")
                return report
            role = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :u"), {"u": app_user}).first()
            if role is None or not role[0]:
                report.problems.append(f"akun komputer kantor '{app_user}' tidak ada atau tidak dapat masuk")
            else:
                for table in ARCHIVE_TABLES:
                    for priv, want in (("SELECT", True), ("INSERT", True), ("UPDATE", False), ("DELETE", False)):
                        has_priv = conn.execute(text("SELECT has_table_privilege(:u, :t, :p)"),
                                                {"u": app_user, "t": table, "p": priv}).scalar()
                        if bool(has_priv) != want:
                            report.problems.append(f"hak akses '{app_user}' pada {table}: {priv} "
                                                   f"{'tidak ada' if want else 'seharusnya tidak ada'}")
            triggers = {r[0] for r in conn.execute(text(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '%write_once' AND tgenabled <> 'D'"))}
            for table in ARCHIVE_TABLES:
                if table not in triggers:
                    report.problems.append(f"pengaman hanya-baca pada {table} tidak aktif")
            report.archive_files, report.archive_bytes = (int(v or 0) for v in conn.execute(
                text("SELECT count(*), coalesce(sum(size), 0) FROM archive_file")).one())
            known = [r[0] for r in conn.execute(text("SELECT sha256 FROM document"))]
            logo = conn.execute(text("SELECT logo_sha256 FROM office_profile WHERE logo_sha256 IS NOT NULL")).scalars().all()
        store = DbFileStore(eng, Path(tempfile.gettempdir()) / "tatausaha-periksa-tidak-dipakai")
        fs = store.verify([*known, *logo])
        report.files_checked = fs.checked
        report.missing, report.corrupt, report.orphans = fs.missing, fs.corrupt, fs.orphans
        with Session(eng) as session:
            # This computer's audit key when it holds one (the anchor file belongs to a PC, not to the server)
            seal = audit.AuditSeal(AppPaths.from_env().home / audit.KEY_FILE, None, os.environ.get(audit.KEY_ENV) or None)
            rows, problems = audit.verify(session, seal=seal, external=external or [])
            report.audit_rows = rows
            report.audit_problems = [p.message for p in problems if p.kind != "key"]
    return report


# -- backup -------------------------------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: TATAUSAHA_PG_BIN, then PATH, then the newest /usr/lib/postgresql/*/bin."""
    candidates = []
    if os.environ.get("TATAUSAHA_PG_BIN"):
        candidates.append(Path(os.environ["TATAUSAHA_PG_BIN"]) / name)
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    candidates += [b / name for b in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
    for c in candidates:
        if c.exists() or c.with_suffix(".exe").exists():
            return str(c)
    raise StorageError(f"Program {name} (PostgreSQL) tidak ditemukan. Pasang klien PostgreSQL di komputer ini, atau "
                       "atur TATAUSAHA_PG_BIN ke folder bin PostgreSQL.")


def _run_tool(args: list[str], admin: Admin, what: str) -> None:
    done = subprocess.run(args, env=admin.env(), capture_output=True, text=True)
    if done.returncode != 0:
        import logging

        logging.getLogger(__name__).warning("%s failed (%s): %s", what, done.returncode, done.stderr[-2000:])
        raise StorageError(f"{what} gagal (kode {done.returncode}); rinciannya ada di berkas log. Tidak ada yang diubah.")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _head(admin: Admin, database: str) -> dict[str, object]:
    with _engine(admin, database) as eng, eng.connect() as conn:
        row = conn.execute(text("SELECT id, hash, key_id FROM audit_log ORDER BY id DESC LIMIT 1")).first()
        count = int(conn.execute(text("SELECT count(*) FROM audit_log")).scalar() or 0)
        files, size = conn.execute(text("SELECT count(*), coalesce(sum(size), 0) FROM archive_file")).one()
        docs = int(conn.execute(text("SELECT count(*) FROM document")).scalar() or 0)
    return {"audit": {"last_id": row[0] if row else 0, "count": count, "hash": row[1] if row else audit.GENESIS,
                      "key_id": row[2] if row else None},
            "archive_files": int(files), "archive_bytes": int(size), "documents": docs}


def backup(admin: Admin, target: Path, *, verify: bool = True) -> dict[str, object]:
    """One file holding the whole office: ``pg_dump`` (records, the archive's files, the audit trail, at one
    instant) plus a manifest (SHA-256 of the dump, schema, counts, the audit trail's head). Verified before
    it is kept: restored into a scratch database on the same server, every archived file re-hashed and the
    audit chain walked against the manifest's head; then the scratch database is dropped."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".cadangan-") as tmp:
        dump = Path(tmp) / DUMP_NAME
        before = _head(admin, admin.database)
        # -Z0: scans and PDFs do not compress; zlib would cost ~50 MB/s (docs/shared-archive.md)
        _run_tool([pg_tool("pg_dump"), "-Fc", "-Z0", "--no-owner", "--no-privileges", "-f", str(dump), "-d",
                   admin.database], admin, "pg_dump")
        with _engine(admin, admin.database) as eng:
            schema = _schema(eng)
        manifest: dict[str, object] = {
            "app": "tatausaha", "kind": "server", "version": __version__,
            "created": clock.now_local_naive().isoformat(timespec="seconds"), "schema": schema,
            "dump": {"name": DUMP_NAME, "sha256": _sha256(dump), "bytes": dump.stat().st_size},
            **before,
        }
        verified = None
        if verify:
            verified = _verify_dump(admin, dump, manifest)
            manifest["verified"] = verified
        partial = target.with_name(target.name + ".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.write(dump, DUMP_NAME)
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    return {"backup": str(target), "bytes": target.stat().st_size, **manifest}


def _schema(eng: Engine) -> str | None:
    with eng.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _scratch_name(admin: Admin, why: str) -> str:
    return f"{admin.database}_{why}_{clock.now_local_naive():%Y%m%d%H%M%S}_{os.getpid()}"[:63]


def _restore_into(admin: Admin, dump: Path, database: str) -> None:
    with _engine(admin, autocommit=True) as eng, eng.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {_ident(database)} OWNER {_ident(OWNER_ROLE)} ENCODING 'UTF8' "
                          "TEMPLATE template0"))
        conn.execute(text(f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC"))
    _run_tool([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--role", OWNER_ROLE, "--exit-on-error",
               "-d", database, str(dump)], admin, "pg_restore")


def _drop(admin: Admin, database: str) -> None:
    with _engine(admin, autocommit=True) as eng, eng.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d AND pid <> "
                          "pg_backend_pid()"), {"d": database})
        conn.execute(text(f"DROP DATABASE IF EXISTS {_ident(database)}"))


def _verify_dump(admin: Admin, dump: Path, manifest: dict[str, object]) -> dict[str, object]:
    scratch = _scratch_name(admin, "uji")
    try:
        _restore_into(admin, dump, scratch)
        problems = _restored_problems(admin, scratch, manifest)
        if problems:
            raise StorageError("Cadangan yang baru dibuat tidak lolos uji pulih: " + "; ".join(problems[:3])
                               + ". Cadangan tidak disimpan.")
        files = manifest.get("archive_files")
        return {"restored_into_scratch": True, "archive_files_rehashed": files}
    finally:
        _drop(admin, scratch)


def _restored_problems(admin: Admin, database: str, manifest: dict[str, object]) -> list[str]:
    """What is wrong with a restored copy (after giving it the grants a dump made with --no-privileges lacks)."""
    with _engine(admin, autocommit=True) as eng, eng.connect() as conn:
        has_app = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}).first()
    if has_app:
        grant(replace(admin, database=database), APP_ROLE)
    head = manifest.get("audit")
    external = []
    if isinstance(head, dict) and head.get("last_id"):
        external.append((int(head["last_id"]), str(head["hash"]), "manifest cadangan"))
    found = check(admin, database=database, external=external)
    problems = [*found.problems, *found.audit_problems]
    if found.missing:
        problems.append(f"{len(found.missing)} berkas arsip yang disebut catatan tidak ada")
    if found.corrupt:
        problems.append(f"{len(found.corrupt)} berkas arsip rusak (isi tidak cocok dengan sidiknya)")
    if found.archive_files < int(str(manifest.get("archive_files") or 0)):
        problems.append(f"berkas arsip {found.archive_files}, manifest mencatat {manifest.get('archive_files')}")
    if isinstance(head, dict) and found.audit_rows < int(str(head.get("count") or 0)):
        problems.append(f"jejak audit {found.audit_rows} baris, manifest mencatat {head.get('count')}")
    return problems


# -- restore ------------------------------------------------------------------------------------------------
def restore(admin: Admin, source: Path, *, force: bool = False) -> dict[str, object]:
    """Restore a server backup, trusting nothing in it: the dump's SHA-256 against the manifest, then a
    restore into a new database that is checked (every archived file re-hashed, audit chain against the
    manifest's head) before it takes the office database's name. The database it replaces is kept under
    ``<name>_sebelum_pulih_<time>``; a refusal drops the new database and changes nothing."""
    if not source.is_file():
        raise ValidationFailed(f"Berkas cadangan {source} tidak ditemukan.")
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationFailed(f"{source.name} bukan berkas cadangan server tatausaha (ZIP rusak).") from exc
    with zf, tempfile.TemporaryDirectory(prefix="tatausaha-pulih-") as tmp:
        try:
            manifest = json.loads(zf.read(MANIFEST))
            if not isinstance(manifest, dict) or manifest.get("app") != "tatausaha" or manifest.get("kind") != "server":
                raise ValidationFailed(f"{source.name} bukan berkas cadangan server tatausaha.")
            dump = Path(tmp) / DUMP_NAME
            with zf.open(DUMP_NAME) as src, dump.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        except (KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            raise ValidationFailed(f"Cadangan {source.name} rusak (isi ZIP atau manifest tidak terbaca). "
                                   "Tidak ada yang diubah.") from exc
        if _sha256(dump) != manifest["dump"]["sha256"]:
            raise ValidationFailed(f"Cadangan {source.name} rusak: sidik SHA-256 dump tidak cocok dengan manifest. "
                                   "Tidak ada yang diubah.")
        if manifest.get("schema") not in known_revisions():
            raise ValidationFailed(f"Cadangan {source.name} dibuat oleh versi tatausaha yang lebih baru. Perbarui "
                                   "tatausaha lebih dulu; tidak ada yang diubah.")
        with _engine(admin, autocommit=True) as eng, eng.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                                  {"d": admin.database}).first() is not None
            has_owner = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": OWNER_ROLE}).first()
        if exists and not force:
            raise ValidationFailed(f"Basis data '{admin.database}' sudah ada di server. Jalankan dengan --force untuk "
                                   "menggantinya (yang lama disimpan dengan nama lain).")
        if not has_owner:
            raise ValidationFailed("Server ini belum disiapkan. Jalankan 'tatausaha server init' lebih dulu, lalu "
                                   "pulihkan.")
        fresh = _scratch_name(admin, "pulih")
        try:
            _restore_into(admin, dump, fresh)
            problems = _restored_problems(admin, fresh, manifest)
        except BaseException:
            _drop(admin, fresh)
            raise
        if problems:
            _drop(admin, fresh)
            raise ValidationFailed(f"Cadangan {source.name} ditolak: " + "; ".join(problems[:3]) + ". Tidak ada yang "
                                   "diubah.")
    kept = None
    with _engine(admin, autocommit=True) as eng, eng.connect() as conn:
        if exists:
            kept = _scratch_name(admin, "sebelum_pulih")
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d AND pid <> "
                              "pg_backend_pid()"), {"d": admin.database})
            conn.execute(text(f"ALTER DATABASE {_ident(admin.database)} RENAME TO {_ident(kept)}"))
            conn.execute(text(f"REVOKE CONNECT ON DATABASE {_ident(kept)} FROM PUBLIC"))
        conn.execute(text(f"ALTER DATABASE {_ident(fresh)} RENAME TO {_ident(admin.database)}"))
    app_user = APP_ROLE
    with _engine(admin, autocommit=True) as eng, eng.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": app_user}).first():
            conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(admin.database)} TO {_ident(app_user)}"))
            grant(admin, app_user)
    return {"database": admin.database, "previous_kept_as": kept, "schema": manifest.get("schema"),
            "created": manifest.get("created"), "archive_files": manifest.get("archive_files"),
            "audit": manifest.get("audit")}


# -- a PC -----------------------------------------------------------------------------------------------------
def connect_pc(paths: AppPaths, spec: ServerSpec, password: str) -> ConnectionTest:
    """Point this PC at the office server: test first; only a working connection is saved (``server.json``
    plus the password in an owner-only pgpass file)."""
    result = test_connection(spec, password)
    if result.ok:
        spec.save(paths, password)
    return result


def install_audit_key(paths: AppPaths, source: Path) -> bool:
    """Copy the office's audit key (``kunci-audit`` of the first PC) to this PC. Returns False when this
    PC holds that same key already; refuses a file that is not a key, and a different key already here
    (rows sealed with it would no longer verify)."""
    try:
        raw = source.read_text(encoding="ascii").strip()
        key = bytes.fromhex(raw)
        if len(key) < 16:
            raise ValueError("short")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(f"{source.name} bukan berkas kunci jejak audit tatausaha.") from exc
    target = paths.home / audit.KEY_FILE
    if target.exists():
        try:
            same = bytes.fromhex(target.read_text(encoding="ascii").strip()) == key
        except (OSError, ValueError, UnicodeDecodeError):
            same = False
        if same:
            return False
        raise ValidationFailed(f"Komputer ini sudah memegang kunci jejak audit yang lain ({target}). Tidak diganti: "
                               "tanyakan pengelola mana kunci kantor yang benar.")
    from tatausaha.config import _write_private

    paths.home.mkdir(parents=True, exist_ok=True)
    _write_private(target, key.hex() + "\n")
    return True
