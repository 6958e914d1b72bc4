"""Backup, restore and health check of the database together with the archive file store."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
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


def check(ctx: AppContext, progress: Progress | None = None, cancel: CancelToken | None = None) -> CheckReport:
    report = CheckReport(database_problems=dialect.integrity_problems(ctx.db.engine))
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
            "Cadangan bawaan hanya untuk basis data SQLite. Untuk server PostgreSQL gunakan pg_dump, "
            "lalu salin folder arsip."
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
        }
        partial = target.with_suffix(target.suffix + ".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.write(db_copy, DB_NAME)
            for i, digest in enumerate(files):
                zf.write(ctx.store.path_for(digest), f"arsip/{digest[:2]}/{digest[2:4]}/{digest}")
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


def restore(ctx_paths_home: Path, source: Path, *, force: bool = False) -> dict[str, object]:
    """Restore a backup ZIP into a data directory. The current database is kept aside, never overwritten blind."""
    paths = AppPaths(ctx_paths_home)
    if not source.is_file():
        raise ValidationFailed(f"Berkas cadangan {source} tidak ditemukan.")
    try:
        zf = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise ValidationFailed(f"{source.name} bukan berkas cadangan tatausaha (ZIP rusak).") from exc
    try:
        with zf:
            return _restore_from(zf, paths, source, force=force)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(f"Cadangan {source.name} rusak ({exc}). Basis data yang ada tidak diubah.") from exc


def _restore_from(zf: zipfile.ZipFile, paths: AppPaths, source: Path, *, force: bool) -> dict[str, object]:
    from tatausaha.storage.filestore import FileStore
    from tatausaha.storage.migrate import known_revisions

    names = set(zf.namelist())
    if MANIFEST not in names or DB_NAME not in names:
        raise ValidationFailed(f"{source.name} bukan berkas cadangan tatausaha (manifest tidak ada).")
    manifest = json.loads(zf.read(MANIFEST))
    schema = manifest.get("schema")
    if schema is not None and schema not in known_revisions():
        raise ValidationFailed(
            f"Cadangan {source.name} dibuat oleh versi tatausaha yang lebih baru (skema {schema}). "
            "Perbarui aplikasi ini lebih dulu; tidak ada yang diubah."
        )
    if paths.database.exists() and not force:
        raise ValidationFailed(
            f"Sudah ada basis data di {paths.database}. Jalankan dengan --force untuk menggantinya "
            "(basis data sekarang akan disimpan di folder cadangan lebih dulu)."
        )
    paths.home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.home) as tmp:
        extracted = Path(tmp) / DB_NAME
        with zf.open(DB_NAME) as src, extracted.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        if _sha256(extracted) != manifest["database"]["sha256"]:
            raise ValidationFailed("Cadangan rusak: sidik SHA-256 basis data tidak cocok dengan manifest.")
        store = FileStore(paths.store)
        restored = 0
        for name in names:
            if name.startswith("arsip/") and not name.endswith("/"):
                digest = name.rsplit("/", 1)[-1]
                if store.exists(digest):
                    continue
                stored = store.put_bytes(zf.read(name))
                if stored.sha256 != digest:
                    raise ValidationFailed(f"Cadangan rusak: berkas arsip {digest[:12]}… tidak utuh.")
                restored += 1
        kept = None
        if paths.database.exists():
            paths.backups.mkdir(parents=True, exist_ok=True)
            kept = paths.backups / f"sebelum-pulih-{clock.now_local_naive():%Y%m%d-%H%M%S}.sqlite"
            shutil.move(str(paths.database), kept)
            for suffix in ("-wal", "-shm"):
                side = Path(str(paths.database) + suffix)
                if side.exists():
                    shutil.move(str(side), str(kept) + suffix)
        os.replace(extracted, paths.database)
    return {"database": str(paths.database), "files_restored": restored, "previous_kept_as": str(kept) if kept else None,
            "schema": manifest.get("schema"), "created": manifest.get("created")}
