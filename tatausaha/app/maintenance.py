"""Backup, restore and health check of the database together with the archive file store."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tatausaha import __version__, clock
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.errors import StorageError, ValidationFailed
from tatausaha.jobs import CancelToken, NullProgress, Progress
from tatausaha.services import audit, documents, scancheck
from tatausaha.services.auth import Actor, Permission
from tatausaha.services.uow import perform
from tatausaha.storage import dialect
from tatausaha.storage.migrate import current_revision

DB_NAME = "tatausaha.sqlite"
MANIFEST = "manifest.json"


@dataclass
class CheckReport:
    database_problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    audit_rows: int = 0
    audit_problems: list[str] = field(default_factory=list)
    #: Audited rows that differ from the last state the trail recorded (changed behind the app's back).
    record_problems: list[str] = field(default_factory=list)
    audit_anchor: dict[str, object] | None = None

    @property
    def ok(self) -> bool:
        return not (self.database_problems or self.missing or self.corrupt or self.audit_problems
                    or self.record_problems)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ok": self.ok}


def fts_problems(engine: object) -> list[str]:
    """FTS5's own integrity check of every full-text index (rolled back: it writes nothing)."""
    from sqlalchemy.engine import Engine
    from sqlalchemy.exc import DatabaseError

    assert isinstance(engine, Engine)
    if engine.dialect.name != "sqlite":
        return []
    problems: list[str] = []
    with engine.connect() as conn:
        try:
            tables = [r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")]
        except DatabaseError:
            return []  # the database itself is damaged: integrity_problems says so
        for table in tables:
            try:
                conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            except DatabaseError:
                problems.append(f"indeks pencarian ({table}) rusak atau tidak sesuai isinya; jalankan "
                                "'tatausaha reindex'")
        conn.rollback()
    return problems


def check(ctx: AppContext, progress: Progress | None = None, cancel: CancelToken | None = None) -> CheckReport:
    report = CheckReport()
    if ctx.db.is_sqlite:
        report.database_problems += database_file_problems(ctx.paths.database)
    report.database_problems += dialect.integrity_problems(ctx.db.engine)
    report.database_problems += fts_problems(ctx.db.engine)
    try:
        with ctx.reader() as uow:
            uow.require(Permission.READ)
            known = documents.all_hashes(uow)
            from tatausaha.services.office import get_office

            office = get_office(uow)
            if office and office.logo_sha256:
                known.append(office.logo_sha256)
            rows, problems = audit.verify(uow.session)
            drift = audit.record_drift(uow.session)
            anchor = audit.current_anchor(uow.session)
            report.database_problems += scancheck.problems(uow.session)
    except StorageError as exc:  # a damaged database: report it instead of stopping the check
        report.database_problems.append(str(exc))
        report.audit_problems.append("jejak audit tidak dapat diperiksa karena basis data rusak")
        return report
    fs = ctx.store.verify(known, progress=progress or NullProgress(), cancel=cancel)
    report.files_checked = fs.checked
    report.missing, report.corrupt, report.orphans = fs.missing, fs.corrupt, fs.orphans
    report.audit_rows = rows
    report.audit_problems = [p.message for p in problems]
    report.record_problems = [p.message for p in drift]
    report.audit_anchor = anchor.as_dict() if anchor else None
    return report


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def backup(
    ctx: AppContext, target: Path | None = None, progress: Progress | None = None, *, actor: Actor | None = None
) -> Path:
    """A consistent online backup: the SQLite database (backup API) plus every archived file, in one ZIP.

    Checks that ``actor`` (default: the context's) may export. It writes nothing to the database, so
    it works while another process holds the write lock; ``make_backup`` is the audited command.
    """
    who = actor or ctx.actor
    who.require(Permission.EXPORT)
    progress = progress or NullProgress()
    if not ctx.db.is_sqlite:
        raise StorageError(
            "Cadangan bawaan hanya untuk basis data SQLite. Untuk server PostgreSQL jalankan 'tatausaha server "
            "backup' di server (pg_dump dengan arsip berkas di dalamnya, diuji pulih)."
        )
    ctx.paths.backups.mkdir(parents=True, exist_ok=True)
    if target is None:
        target = ctx.paths.backups / f"cadangan-{clock.now_local_naive():%Y%m%d-%H%M%S}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        db_copy = Path(tmp) / DB_NAME
        dialect.online_backup_sqlite(ctx.db.engine, str(db_copy))
        files = list(ctx.store.iter_hashes())
        manifest: dict[str, object] = {
            "app": "tatausaha", "version": __version__, "created": clock.now_local_naive().isoformat(timespec="seconds"),
            "schema": current_revision(ctx.db), "database": {"name": DB_NAME, "sha256": _sha256(db_copy)},
            "files": len(files),
            # every member by name: restore refuses a missing or an extra one (archive files are named by
            # their SHA-256, which restore re-computes for each, present files included)
            "members": sorted([DB_NAME, *(_member(d) for d in files)]),
            # the trail's head in the copy: an anchor outside the database (see docs/security.md)
            "audit": _manifest_anchor(db_copy, ctx.db.audit_seal),
        }
        partial = target.with_suffix(target.suffix + ".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.write(db_copy, DB_NAME)
            for i, digest in enumerate(files):
                zf.write(ctx.store.path_for(digest), _member(digest))
                if i % 100 == 0:
                    progress.report(i, len(files), "Mencadangkan arsip")
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    return target


def make_backup(
    ctx: AppContext, target: Path | None = None, progress: Progress | None = None, *, actor: Actor | None = None
) -> Path:
    """The backup command of the window and the CLI: the backup, then a ``backup`` event in the audit
    trail naming who made it (permission checked before any byte is copied)."""
    who = actor or ctx.actor
    made = backup(ctx, target, progress, actor=who)
    detail = {"file": made.name, "bytes": made.stat().st_size}
    perform(ctx.db, who, lambda uow: uow.record("backup", "database", None, detail))
    return made


def _member(digest: str) -> str:
    return f"arsip/{digest[:2]}/{digest[2:4]}/{digest}"


def _manifest_anchor(db_file: Path, seal: object) -> dict[str, object] | None:
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id, hash, key_id FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    if row is None:
        return {"last_id": 0, "count": 0, "hash": audit.GENESIS, "key_id": None, "mac": ""}
    mac = seal.mac(audit.anchor_message(row[0], count, row[1])) if isinstance(seal, audit.AuditSeal) else ""
    return {"last_id": row[0], "count": count, "hash": row[1], "key_id": row[2], "mac": mac}


def restore(ctx_paths_home: Path, source: Path, *, force: bool = False) -> dict[str, object]:
    """Restore a backup ZIP into a data directory, trusting nothing in it.

    Every member is checked against the manifest (missing and extra members refused; every archive
    file re-hashed, those already present included); the database is checked in a temporary copy
    (integrity, size, audit trail against the manifest's head) before anything is swapped in; a
    refusal leaves nothing behind. The current database and its anchor file are kept aside."""
    paths = AppPaths(ctx_paths_home)
    from tatausaha.storage import netfs

    remote = netfs.network_location(paths.home)
    if remote:  # it could be restored there, but never opened: say so before a byte is written
        raise ValidationFailed(netfs.refusal_message(paths.database, remote))
    if not source.is_file():
        raise ValidationFailed(f"Berkas cadangan {source} tidak ditemukan.")
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationFailed(f"{source.name} bukan berkas cadangan tatausaha (ZIP rusak).") from exc
    try:
        with zf:
            return _restore_from(zf, paths, source, force=force)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationFailed(f"Cadangan {source.name} rusak (isi ZIP atau manifest tidak terbaca). "
                               "Basis data yang ada tidak diubah.") from exc


def _restore_from(zf: zipfile.ZipFile, paths: AppPaths, source: Path, *, force: bool) -> dict[str, object]:
    from tatausaha.storage.filestore import FileStore
    from tatausaha.storage.migrate import known_revisions

    names = [n for n in zf.namelist() if not n.endswith("/")]
    if MANIFEST not in names or DB_NAME not in names:
        raise ValidationFailed(f"{source.name} bukan berkas cadangan tatausaha (manifest tidak ada).")
    manifest = json.loads(zf.read(MANIFEST))
    if not isinstance(manifest, dict) or manifest.get("app") != "tatausaha":
        raise ValidationFailed(f"{source.name} bukan berkas cadangan tatausaha (manifest asing).")
    schema = manifest.get("schema")
    if schema is not None and schema not in known_revisions():
        raise ValidationFailed(
            f"Cadangan {source.name} dibuat oleh versi tatausaha yang lebih baru (skema {schema}). "
            "Perbarui aplikasi ini lebih dulu; tidak ada yang diubah."
        )
    if paths.database.exists() and paths.database.stat().st_size and not force:
        raise ValidationFailed(
            f"Sudah ada basis data di {paths.database}. Jalankan dengan --force untuk menggantinya "
            "(basis data sekarang akan disimpan di folder cadangan lebih dulu)."
        )
    members = _check_members(names, manifest, source)
    paths.home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.home, prefix=".pulih-") as tmp:
        extracted = Path(tmp) / DB_NAME
        with zf.open(DB_NAME) as src, extracted.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        if _sha256(extracted) != manifest["database"]["sha256"]:
            raise ValidationFailed("Cadangan rusak: sidik SHA-256 basis data tidak cocok dengan manifest.")
        seal = audit.AuditSeal.for_home(paths.home)
        problems, warnings = _inspect_restored(extracted, manifest, seal)
        if problems:
            raise ValidationFailed(f"Cadangan {source.name} ditolak: " + "; ".join(problems[:3])
                                   + (f" (dan {len(problems) - 3} lagi)" if len(problems) > 3 else "")
                                   + ". Tidak ada yang diubah.")
        # Every archive member re-hashed before a single byte goes into the store.
        for name in members:
            digest = name.rsplit("/", 1)[-1]
            h = hashlib.sha256()
            with zf.open(name) as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
            if h.hexdigest() != digest:
                raise ValidationFailed(f"Cadangan rusak: berkas arsip {digest[:12]}… tidak utuh (isinya berbeda dari "
                                       "namanya). Tidak ada yang diubah.")
        store = FileStore(paths.store)
        restored = 0
        for name in members:
            digest = name.rsplit("/", 1)[-1]
            if store.exists(digest):
                continue
            stored = store.put_bytes(zf.read(name))
            if stored.sha256 != digest:  # pragma: no cover - hashed above
                raise ValidationFailed(f"Cadangan rusak: berkas arsip {digest[:12]}… tidak utuh.")
            restored += 1
        kept = None
        stamp = f"{clock.now_local_naive():%Y%m%d-%H%M%S}"
        if paths.database.exists():
            paths.backups.mkdir(parents=True, exist_ok=True)
            kept = paths.backups / f"sebelum-pulih-{clock.now_local_naive():%Y%m%d-%H%M%S}.sqlite"


            kept = paths.backups / f"sebelum-pulih-{stamp}.sqlite"
            shutil.move(str(paths.database), kept)
            for suffix in ("-wal", "-shm"):
                side = Path(str(paths.database) + suffix)
                if side.exists():
                    shutil.move(str(side), str(kept) + suffix)
        anchor_file = paths.home / audit.ANCHOR_FILE
        if anchor_file.exists():  # the old trail's anchors go with the old database
            paths.backups.mkdir(parents=True, exist_ok=True)
            shutil.move(str(anchor_file), paths.backups / f"sebelum-pulih-{stamp}.jangkar")
        os.replace(extracted, paths.database)
        head = manifest.get("audit")
        if isinstance(head, dict) and head.get("last_id") and seal.key is not None:
            seal.append_anchor(int(head["last_id"]), int(head["count"]), str(head["hash"]))
    return {"database": str(paths.database), "files_restored": restored, "files_in_backup": len(members),
            "previous_kept_as": str(kept) if kept else None, "schema": manifest.get("schema"),
            "created": manifest.get("created"), "audit": head, "warnings": warnings}


def _check_members(names: list[str], manifest: dict[str, object], source: Path) -> list[str]:
    """The archive members, after refusing a backup whose members differ from its manifest."""
    listed = manifest.get("members")
    present = set(names) - {MANIFEST}
    if isinstance(listed, list):
        expected = set(map(str, listed))
    else:  # a backup from before the members list: its file count and the naming rule
        expected = {DB_NAME} | {n for n in present if n.startswith("arsip/")}
        if len(expected) - 1 != manifest.get("files"):
            raise ValidationFailed(f"Cadangan {source.name} tidak lengkap: manifest mencatat {manifest.get('files')} "
                                   f"berkas arsip, ZIP berisi {len(expected) - 1}. Tidak ada yang diubah.")
    missing, extra = sorted(expected - present), sorted(present - expected)
    if missing:
        raise ValidationFailed(f"Cadangan {source.name} tidak lengkap: {len(missing)} anggota yang dicatat manifest "
                               f"tidak ada (mis. {missing[0]}). Tidak ada yang diubah.")
    if extra:
        raise ValidationFailed(f"Cadangan {source.name} berisi {len(extra)} anggota yang tidak dicatat manifest "
                               f"(mis. {extra[0]}). Tidak ada yang diubah.")
    archive = sorted(n for n in expected if n != DB_NAME)
    for name in archive:
        parts = name.split("/")
        digest = parts[-1]
        if (len(parts) != 4 or parts[0] != "arsip" or len(digest) != 64 or parts[1] != digest[:2]
                or parts[2] != digest[2:4] or any(c not in "0123456789abcdef" for c in digest)):
            raise ValidationFailed(f"Cadangan {source.name} berisi anggota asing: {name}. Tidak ada yang diubah.")
    return archive


def _inspect_restored(db_file: Path, manifest: dict[str, object], seal: audit.AuditSeal) -> tuple[list[str], list[str]]:
    """(refusals, warnings) for a database about to be restored, checked in its temporary copy."""
    from sqlalchemy.orm import Session

    from tatausaha.storage.database import Database

    problems = [f"basis data di dalamnya: {p}" for p in database_file_problems(db_file)]
    if problems:
        return problems, []
    db = Database(f"sqlite:///file:{db_file}?mode=ro&immutable=1&uri=true")
    warnings: list[str] = []
    try:
        found = dialect.integrity_problems(db.engine)
        if found:  # SQLite's own words are English: count them here, the details are in `check`
            return [f"basis data di dalamnya rusak ({len(found)} masalah pada pemeriksaan integritas SQLite)"], []
        head = manifest.get("audit")
        external = []
        if isinstance(head, dict) and head.get("last_id"):
            external.append((int(head["last_id"]), str(head["hash"]), "manifest cadangan"))
            if head.get("mac") and seal.key is not None and head.get("key_id") == seal.key_id and not hmac.compare_digest(
                    str(head["mac"]), seal.mac(audit.anchor_message(int(head["last_id"]), int(head["count"]),
                                                                    str(head["hash"])))):
                problems.append("jangkar jejak audit di manifest diubah (segelnya tidak cocok)")
        offline = audit.AuditSeal(seal.key_path, None, seal._env_key)  # this computer's key, not its anchor file
        with Session(db.engine) as session:
            try:
                _rows, trail = audit.verify(session, seal=offline, external=external)
            except Exception as exc:  # noqa: BLE001 - an unreadable trail is a refusal, in Indonesian
                return [f"jejak audit di dalamnya tidak terbaca ({type(exc).__name__})"], []
        for p in trail:
            (warnings if p.kind == "key" else problems).append(p.message)
    finally:
        db.dispose()
    return problems, warnings


def database_file_problems(path: Path) -> list[str]:
    """What the bytes of a SQLite file say before SQLite does: empty, not SQLite, a short last page."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return [f"berkas {path.name} tidak terbaca ({exc.strerror})"]
    if size == 0:
        return [f"berkas {path.name} kosong (0 bita)"]
    if len(header) < 100 or header[:16] != b"SQLite format 3\x00":
        return [f"berkas {path.name} bukan basis data SQLite"]
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    in_header = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the in-header size is trusted only when it is current
    if page_size < 512 or size % page_size:
        return [f"berkas {path.name} terpotong: {size} bita bukan kelipatan ukuran halaman {page_size} "
                "(halaman terakhir tidak utuh)"]
    if valid and in_header and size < in_header * page_size:
        return [f"berkas {path.name} terpotong: {size // page_size} dari {in_header} halaman ada"]
    return []


