"""Migrations: no drift between models and migrations, one linear chain, upgrade of a database that
holds data (with a backup first), refusal of a newer schema (file untouched), downgrade and back."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from tatausaha.config import AppPaths
from tatausaha.errors import DatabaseTooNew, StorageError
from tatausaha.models import Base
from tatausaha.models.account import User
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.office import OfficeProfile, Official, Unit
from tatausaha.services import accounts, audit
from tatausaha.services.auth import SYSTEM, hash_password
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.database import Database
from tatausaha.storage.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
    current_revision,
    head_revision,
    open_database,
)

FIRST = "0001"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def env_include_object() -> Any:
    """The very ``include_object`` of migrations/env.py (env.py itself cannot be imported: it runs
    the migrations at import time), so the drift check ignores exactly what autogenerate ignores."""
    source = (MIGRATIONS_DIR / "env.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "include_object")
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=[fn], type_ignores=[]), "migrations/env.py", "exec"), namespace)  # noqa: S102
    return namespace["include_object"]


def _sqlite_fts_tables(conn: Any) -> set[str]:
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).fetchall()
    virtual = {r[0] for r in rows}
    shadows = {f"{v}_{s}" for v in virtual for s in ("data", "idx", "content", "docsize", "config")}
    return virtual | shadows


def drift(db: Database) -> list[Any]:
    with db.engine.connect() as conn:
        fts = _sqlite_fts_tables(conn) if db.is_sqlite else set()
        include = env_include_object()

        def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
            if type_ == "table" and name in fts:
                return False
            if type_ in ("index", "column", "unique_constraint", "foreign_key_constraint"):
                table = getattr(obj, "table", None)
                if table is not None and table.name in fts:
                    return False
            return bool(include(obj, name, type_, reflected, compare_to))

        mc = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object, "render_as_batch": True}
        )
        return list(compare_metadata(mc, Base.metadata))


def describe(item: Any) -> str:
    """One readable line per difference (alembic's tuples repr whole tables)."""
    if isinstance(item, list):  # column modifications come grouped
        return "; ".join(describe(i) for i in item)
    op, *rest = item
    names = []
    for r in rest:
        name = getattr(r, "name", None)
        table = getattr(getattr(r, "table", None), "name", None)
        if name is not None:
            names.append(f"{table}.{name}" if table and table != name else str(name))
        elif isinstance(r, str | int | type(None)):
            names.append(repr(r))
    return f"{op}: {', '.join(names)}"


# --------------------------------------------------------------------------------------------- drift


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    db = open_database(AppPaths(tmp_path / "h"))
    try:
        assert current_revision(db) == head_revision()
        diff = drift(db)
    finally:
        db.dispose()
    assert diff == [], "models and migrations differ; write a migration for:\n" + "\n".join(map(describe, diff))


def test_drift_check_sees_a_missing_migration(tmp_path: Path) -> None:
    """The drift check is not vacuous: a table the migrations never made shows up as a difference."""
    db = open_database(AppPaths(tmp_path / "h"))
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE office_profile")
        diff = drift(db)
    finally:
        db.dispose()
    assert any(d[0] == "add_table" and d[1].name == "office_profile" for d in diff), diff


def test_env_include_object_is_the_one_used() -> None:
    inc = env_include_object()
    assert inc(None, "search_fts", "table", True, None) is False
    assert inc(None, "search_fts_data", "table", True, None) is False
    assert inc(None, "user_account", "table", True, None) is True


# -------------------------------------------------------------------------------------------- chain


def test_exactly_one_head_and_a_linear_chain() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1, f"several heads: {heads}"
    assert script.get_bases() == [FIRST]
    chain = list(reversed(list(script.walk_revisions())))  # base first
    assert chain[0].revision == FIRST and chain[-1].revision == heads[0]
    for prev, rev in zip(chain, chain[1:], strict=False):
        assert rev.down_revision == prev.revision, f"{rev.revision} does not follow {prev.revision}"
        assert not rev.is_merge_point and not rev.branch_labels
    for rev in chain:
        assert len(rev.nextrev) <= 1, f"branch point at {rev.revision}: {rev.nextrev}"
    # File names carry their revision id (0001_foundation.py …), so a reader finds them in order.
    for rev in chain:
        assert Path(rev.path).name.startswith(rev.revision + "_")
    assert head_revision() == heads[0]


# ------------------------------------------------------------------------------- upgrade with data


def _build_at(url: str, revision: str) -> None:
    command.upgrade(alembic_config(url), revision)


def _fill_revision_0001(path: Path) -> dict[str, Any]:
    """Realistic rows written with plain SQL against the 0001 schema (the ORM models follow head,
    which may have moved on), including a valid audit chain made with the audit module's digest."""
    conn = sqlite3.connect(path)
    now = "2024-03-01 08:15:00.000000"
    pw_hash = hash_password("rahasia123")
    conn.executescript(
        f"""
        INSERT INTO office_profile (id, pemerintah, nama_kantor, alamat, kode_pos, telepon, email, laman, kota,
            kode_unit, jabatan_pimpinan, logo_sha256, created_at, updated_at)
        VALUES (1, 'PEMERINTAH KOTA BEKASI', 'KECAMATAN JATISAMPURNA', 'Jl. Raya Hankam No. 1', '17433',
            '(021) 8459 1234', 'kec.jatisampurna@bekasikota.go.id', '', 'Bekasi', 'Kec.JTS', 'CAMAT', NULL,
            '{now}', '{now}');
        INSERT INTO unit (id, kode, nama, parent_id, active, created_at, updated_at) VALUES
            (1, 'SEKRE', 'Sekretariat Kecamatan', NULL, 1, '{now}', '{now}'),
            (2, 'UMPEG', 'Subbagian Umum dan Kepegawaian', 1, 1, '{now}', '{now}');
        INSERT INTO official (id, nama, nip, pangkat, golongan, jabatan, unit_id, can_sign, active, created_at,
            updated_at) VALUES
            (1, 'Drs. H. Ahmad Suryadi, M.Si.', '197203151993031004', 'Pembina Tingkat I', 'IV/b',
             'Camat Jatisampurna', NULL, 1, 1, '{now}', '{now}'),
            (2, 'Budi Santoso, S.AP.', '198104102009011003', 'Penata Tingkat I', 'III/d',
             'Kepala Subbagian Umum dan Kepegawaian', 2, 1, 1, '{now}', '{now}');
        INSERT INTO user_account (id, username, full_name, role, password_hash, active, official_id, unit_id,
            failed_attempts, locked_until, last_login_at, created_at, updated_at) VALUES
            (1, 'camat', 'Drs. H. Ahmad Suryadi, M.Si.', 'pimpinan', '{pw_hash}', 1, 1, NULL, 0, NULL, NULL,
             '{now}', '{now}'),
            (2, 'kasubag', 'Budi Santoso, S.AP.', 'pimpinan', '{pw_hash}', 1, 2, 2, 0, NULL, NULL, '{now}', '{now}');
        INSERT INTO document (id, sha256, size, mime, original_name, page_count, text, text_source,
            kode_klasifikasi, created_at, updated_at) VALUES
            (1, '{"ab" * 32}', 48213, 'application/pdf', 'Undangan Rakor Kecamatan.pdf', 2,
             'Undangan rapat koordinasi', 'pdf', '000.1.2', '{now}', '{now}');
        INSERT INTO document_link (id, document_id, record_kind, record_id, role, version, note, created_at,
            created_by) VALUES (1, 1, 'surat_masuk', 7, 'scan', 1, NULL, '{now}', 2);
        """
    )
    prev = audit.GENESIS
    ts = dt.datetime(2024, 3, 1, 8, 15)
    rows = [
        ("create", "unit", "1", None, '{"kode": "SEKRE"}'),
        ("create", "user_account", "1", None, '{"username": "camat"}'),
        ("update", "unit", "1", '{"nama": "Sekretariat"}', '{"nama": "Sekretariat Kecamatan"}'),
    ]
    for i, (action, entity, entity_id, before, after) in enumerate(rows, start=1):
        row = {"id": i, "ts": ts, "actor_id": None, "actor_name": "sistem", "action": action, "entity": entity,
               "entity_id": entity_id, "before": before, "after": after}
        digest = audit.row_digest(prev, row)
        conn.execute(
            "INSERT INTO audit_log (id, ts, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash,"
            " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (i, ts.isoformat(sep=" ", timespec="microseconds"), None, "sistem", action, entity, entity_id, before,
             after, prev, digest),
        )
        prev = digest
    conn.execute("INSERT INTO audit_head (id, last_id, last_hash, count) VALUES (1, ?, ?, ?)", (len(rows), prev, len(rows)))
    conn.commit()
    conn.close()
    return {"audit_rows": len(rows)}


def test_upgrade_a_database_that_holds_data(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "home")
    paths.home.mkdir()
    _build_at(paths.database_url(), FIRST)
    facts = _fill_revision_0001(paths.database)

    db = open_database(paths)
    try:
        assert current_revision(db) == head_revision()
        with UnitOfWork(db, SYSTEM, write=False) as uow:
            s = uow.session
            office = s.get(OfficeProfile, 1)
            assert office is not None and office.nama_kantor == "KECAMATAN JATISAMPURNA" and office.kota == "Bekasi"
            assert [u.kode for u in s.execute(select(Unit).order_by(Unit.id)).scalars()] == ["SEKRE", "UMPEG"]
            assert s.get(Unit, 2).parent_id == 1  # type: ignore[union-attr]
            assert s.get(Official, 1).nip == "197203151993031004"  # type: ignore[union-attr]
            assert {u.username for u in s.execute(select(User)).scalars()} == {"camat", "kasubag"}
            doc = s.execute(select(Document)).scalar_one()
            assert doc.original_name == "Undangan Rakor Kecamatan.pdf" and doc.page_count == 2
            link = s.execute(select(DocumentLink)).scalar_one()
            assert (link.record_kind, link.record_id, link.role, link.created_by) == ("surat_masuk", 7, "scan", 2)
            checked, problems = audit.verify(s)
        assert checked == facts["audit_rows"] and problems == []
        # The upgraded database is fully usable: log in with the old hash, write, and the chain goes on.
        actor = accounts.login(db, "camat", "rahasia123")
        assert actor.username == "camat"
        with UnitOfWork(db, SYSTEM, write=False) as uow:
            checked, problems = audit.verify(uow.session)
        assert checked == facts["audit_rows"] + 1 and problems == []
    finally:
        db.dispose()

    # A timestamped copy of the old database was taken before the upgrade, and it is the old one.
    backups = sorted(paths.backups.glob("tatausaha-*.sqlite"))
    assert len(backups) == 1, backups
    assert re.fullmatch(r"tatausaha-\d{8}-\d{6}-sebelum-" + re.escape(head_revision()) + r"\.sqlite", backups[0].name)
    bk = sqlite3.connect(backups[0])
    try:
        assert bk.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
        assert bk.execute("SELECT count(*) FROM user_account").fetchone() == (2,)
        assert bk.execute("SELECT count(*) FROM audit_log").fetchone() == (3,)
        assert bk.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        bk.close()


def test_opening_a_database_at_head_takes_no_backup(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "home")
    open_database(paths).dispose()  # new database: nothing to back up
    open_database(paths).dispose()  # already at head
    assert not paths.backups.exists() or not list(paths.backups.iterdir())


# --------------------------------------------------------------------------------- newer version


def _stamp_future(path: Path, *, journal: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("journal", ["WAL", "DELETE"])
def test_newer_database_is_refused_and_left_untouched(tmp_path: Path, journal: str) -> None:
    paths = AppPaths(tmp_path / "home")
    open_database(paths).dispose()
    _stamp_future(paths.database, journal=journal)
    before = sha256_of(paths.database)
    listing = sorted(p.name for p in paths.home.iterdir())

    with pytest.raises(DatabaseTooNew) as info:
        open_database(paths)
    msg = str(info.value)
    assert "lebih baru" in msg and "9999_future" in msg and "tidak diubah" in msg
    assert isinstance(info.value, StorageError)
    assert sha256_of(paths.database) == before, "a refused database must not be changed by a single byte"
    assert sorted(p.name for p in paths.home.iterdir()) == listing  # no backup, no -wal/-shm left behind


# ------------------------------------------------------------------------------ downgrade and back


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "home")
    open_database(paths).dispose()
    url = paths.database_url()
    cfg = alembic_config(url)
    command.downgrade(cfg, "base")
    db = Database(url)
    try:
        names = set(inspect(db.engine).get_table_names())
        assert names <= {"alembic_version"}, f"tables left after downgrade to base: {sorted(names)}"
        assert current_revision(db) is None
    finally:
        db.dispose()
    command.upgrade(cfg, "head")
    db = Database(url)
    try:
        assert current_revision(db) == head_revision()
        with UnitOfWork(db, SYSTEM) as uow:
            accounts.create_user(uow, "admin", "Administrator", "admin", "rahasia123")
            uow.commit()
    finally:
        db.dispose()
