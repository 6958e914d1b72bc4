"""Open a database safely: refuse unknown (newer) schemas, back up, then upgrade to head."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError

from tatausaha import clock
from tatausaha.config import AppPaths
from tatausaha.errors import DatabaseTooNew, StorageError
from tatausaha.storage import dialect, netfs
from tatausaha.storage.database import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_sqlite_file(path: Path) -> None:
    """A clear message for a missing folder, a read-only folder, a folder on the network (SQLite must
    never live on a share) or a file that is not a database."""
    folder = path.parent
    remote = netfs.network_location(folder)
    if remote:
        raise StorageError(netfs.refusal_message(path, remote))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Folder data {folder} tidak dapat dibuat: {exc.strerror}.") from exc
    if not os.access(folder, os.W_OK):
        raise StorageError(
            f"Folder data {folder} tidak dapat ditulisi (hanya-baca). Pilih folder lain lewat TATAUSAHA_HOME "
            "atau perbaiki izin foldernya; tidak ada data yang diubah."
        )
    if not path.exists() or path.stat().st_size == 0:
        refuse_lost_database(path)
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StorageError(f"Berkas basis data {path} tidak dapat dibaca/ditulisi; periksa izin berkasnya.")
        with path.open("rb") as fh:
            head = fh.read(16)
        if path.stat().st_size and head != SQLITE_MAGIC:
            raise StorageError(
                f"Berkas basis data {path} rusak atau bukan basis data tatausaha. Berkas tidak diubah; "
                "pulihkan dari cadangan dengan 'tatausaha restore'."
            )


def refuse_lost_database(path: Path) -> None:
    """A missing or 0-byte database beside an archive that holds files (or an audit anchor file that
    recorded a trail) is a lost database, never a new one: refuse instead of starting empty."""
    home = path.parent
    store = home / "arsip"
    files = 0
    if store.is_dir():
        for _p in store.glob("*/*/*"):
            files += 1
            break
    anchor = home / "jejak-audit.jangkar"
    anchored = anchor.is_file() and anchor.stat().st_size > 0
    if files or anchored:
        state = "kosong (0 bita)" if path.exists() else "tidak ada"
        held = "folder arsip berisi berkas" if files else "berkas jangkar jejak audit mencatat isinya"
        raise StorageError(
            f"Basis data {path} {state}, padahal {held}: basis datanya hilang, bukan baru. Tidak ada yang "
            "dibuat atau diubah; pulihkan dari cadangan dengan 'tatausaha restore CADANGAN.zip --force'."
        )


def probe_sqlite_revision(path: Path) -> str | None:
    """The schema revision of a SQLite file, read without writing a byte.

    Opening through the engine would switch a rollback-journal database to WAL (rewriting its
    header) before we know whether we may touch it at all; ``immutable=1`` opens the file
    strictly read-only, with no lock, journal or -wal/-shm side files.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            has_table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_table:
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"Basis data tidak dapat dibuka: {exc}. Berkas tidak diubah; "
            "pulihkan dari cadangan dengan 'tatausaha restore'."
        ) from exc


def refuse_unknown_revision(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"Basis data ini dibuat oleh versi tatausaha yang lebih baru (skema {current}). "
            "Perbarui aplikasi ini; basis data tidak diubah."
        )


def backup_sqlite(db: Database, paths: AppPaths, reason: str) -> Path:
    paths.backups.mkdir(parents=True, exist_ok=True)
    stamp = clock.now_local_naive().strftime("%Y%m%d-%H%M%S")
    target = paths.backups / f"tatausaha-{stamp}-{reason}.sqlite"
    n = 1
    while target.exists():
        target = paths.backups / f"tatausaha-{stamp}-{reason}-{n}.sqlite"
        n += 1
    dialect.online_backup_sqlite(db.engine, str(target))
    return target


def upgrade(db: Database) -> None:
    cfg = alembic_config(db.url)
    with db.engine.connect() as conn:
        if db.is_sqlite:
            # Batch (move-and-copy) migrations must run with foreign keys off; set before BEGIN.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
        if db.is_sqlite:
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.rollback()
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
            if bad:
                raise StorageError(f"Pemutakhiran skema meninggalkan {len(bad)} rujukan rusak: {bad[:3]}")


def open_database(paths: AppPaths, *, migrate: bool = True) -> Database:
    """Open the configured database, refusing a newer schema and upgrading an older one after a backup."""
    url = paths.database_url()
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        check_sqlite_file(paths.database)
        refuse_unknown_revision(probe_sqlite_revision(paths.database))  # before anything may write
    db = Database(url)
    try:
        try:
            current = current_revision(db)
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            raise StorageError(
                f"Basis data tidak dapat dibuka: {str(getattr(exc, 'orig', exc))}. Berkas tidak diubah; "
                "pulihkan dari cadangan dengan 'tatausaha restore'."
            ) from exc
        head = head_revision()
        refuse_unknown_revision(current)
        if current != head and migrate:
            if is_sqlite and current is not None:
                backup = backup_sqlite(db, paths, f"sebelum-{head}")
                log.info("backed up database to %s before upgrading %s -> %s", backup, current, head)
            try:
                upgrade(db)
            except OperationalError as exc:
                raise StorageError(f"Pemutakhiran skema basis data gagal: {exc.orig}. Data lama tetap utuh di cadangan.") from exc
            except DBAPIError as exc:  # a PC's server account may not change the schema: the server does
                if is_sqlite:
                    raise
                raise StorageError(
                    "Basis data di server perlu dimutakhirkan ke versi aplikasi ini, dan akun komputer ini tidak "
                    "boleh mengubah skema. Jalankan 'tatausaha server init' di server, lalu buka lagi."
                ) from exc
        return db
    except BaseException:
        db.dispose()
        raise
