"""Backups are consistent while the app is in use, and restore keeps the previous database aside."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tatausaha.app import maintenance
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.errors import ValidationFailed
from tatausaha.services import documents, office
from tatausaha.services.auth import SYSTEM, Actor
from tatausaha.storage.migrate import head_revision


def _units_in(db_bytes_path: Path) -> list[str]:
    conn = sqlite3.connect(db_bytes_path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT kode FROM unit"))
    finally:
        conn.close()


def test_online_backup_is_consistent_while_another_writer_is_busy(ctx: AppContext, admin: Actor, tmp_path: Path) -> None:
    with ctx.uow(actor=admin) as uow:
        office.save_unit(uow, "SEKRE", "Sekretariat Kecamatan")
        documents.add_document_bytes(uow, ctx.store, b"%PDF-1.4\nNota Dinas\n%%EOF\n", "nota-dinas.pdf")
        uow.commit()
    # Committed data still only in the WAL file, plus an uncommitted write in progress elsewhere.
    assert Path(str(ctx.paths.database) + "-wal").exists()
    busy = sqlite3.connect(ctx.paths.database, isolation_level=None)
    busy.execute("BEGIN IMMEDIATE")
    busy.execute("INSERT INTO unit (kode, nama, active, created_at, updated_at) "
                 "VALUES ('SETENGAH', 'Belum disimpan', 1, '2024-01-01', '2024-01-01')")
    try:
        target = maintenance.backup(ctx, tmp_path / "cadangan.zip")
    finally:
        busy.execute("ROLLBACK")
        busy.close()
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob("tmp*"))  # no half-made ZIP left
    with zipfile.ZipFile(target) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        db_copy = tmp_path / "salinan.sqlite"
        db_copy.write_bytes(zf.read("tatausaha.sqlite"))
        archived = [n for n in zf.namelist() if n.startswith("arsip/")]
    assert manifest["schema"] == head_revision() and manifest["files"] == len(archived) == 1
    assert hashlib.sha256(db_copy.read_bytes()).hexdigest() == manifest["database"]["sha256"]
    assert _units_in(db_copy) == ["SEKRE"]  # the committed unit is there, the uncommitted one is not
    conn = sqlite3.connect(db_copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_restore_into_an_empty_home_and_previous_kept(ctx: AppContext, admin: Actor, tmp_path: Path) -> None:
    with ctx.uow(actor=admin) as uow:
        office.save_unit(uow, "SEKRE", "Sekretariat Kecamatan")
        uow.commit()
    backup = maintenance.backup(ctx)
    assert backup.parent == ctx.paths.backups and backup.name.startswith("cadangan-")

    fresh = tmp_path / "baru"
    result = maintenance.restore(fresh, backup)
    assert result["previous_kept_as"] is None and result["schema"] == head_revision()
    assert _units_in(AppPaths(fresh).database) == ["SEKRE"]
    restored = AppContext.open(AppPaths(fresh))
    try:
        with restored.reader(SYSTEM) as uow:
            assert [u.kode for u in office.list_units(uow)] == ["SEKRE"]
    finally:
        restored.close()

    # Restoring over a home with a database needs force, and the old one is kept, byte for byte.
    with pytest.raises(ValidationFailed, match="--force"):
        maintenance.restore(fresh, backup)
    old = hashlib.sha256(AppPaths(fresh).database.read_bytes()).hexdigest()
    result = maintenance.restore(fresh, backup, force=True)
    kept = Path(str(result["previous_kept_as"]))
    assert kept.parent == AppPaths(fresh).backups and hashlib.sha256(kept.read_bytes()).hexdigest() == old
