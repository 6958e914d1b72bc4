"""Bad input gives one clear Indonesian line and loses nothing: a corrupt database (random bytes, a valid
header over garbage, damaged data pages), a newer database, a read-only data directory, a missing or
broken logo, and a database locked by another writer."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from tatausaha.cli import main
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.errors import NotFound, StorageError, ValidationFailed
from tatausaha.models.audit import AuditLog
from tatausaha.models.office import Unit
from tatausaha.services import office
from tatausaha.services.auth import SYSTEM, Actor
from tatausaha.storage import dialect
from tatausaha.storage.migrate import open_database


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(home: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    capsys.readouterr()
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("tatausaha: "), err
    return lines[0]


def listing(home: Path) -> dict[str, str]:
    """Every data file and its hash. The log folder is not data: a refusal is written there on purpose."""
    return {str(p.relative_to(home)): sha(p) for p in sorted(home.rglob("*"))
            if p.is_file() and p.relative_to(home).parts[0] != "log"}


@pytest.fixture
def filled(ctx: AppContext, admin: Actor) -> AppPaths:
    """A closed database at head that holds some data (template copy + a unit)."""
    with ctx.uow(actor=admin) as uow:
        office.save_unit(uow, "SEKRE", "Sekretariat Kecamatan")
        uow.commit()
    ctx.close()
    return ctx.paths


# ------------------------------------------------------------------------------------ corrupt files


def _garbage_after_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    rng = random.Random(7)
    data[100:] = bytes(rng.getrandbits(8) for _ in range(len(data) - 100))
    path.write_bytes(bytes(data))


def _damage_table_pages(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    roots = [r[0] for r in conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0", (table,))]
    conn.close()
    rng = random.Random(3)
    with path.open("r+b") as fh:  # the table's and its indexes' root pages
        for root in roots:
            fh.seek((root - 1) * page_size)
            fh.write(rng.randbytes(page_size))


@pytest.mark.parametrize(
    ("damage", "expect"),
    [
        ("random", "rusak atau bukan basis data"),
        ("header", "tidak dapat dibuka"),
        ("pages", "Basis data rusak"),
    ],
)
def test_corrupt_database_is_refused_and_not_touched(
    cli_login, filled: AppPaths, damage: str, expect: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = filled.database
    if damage == "random":
        db.write_bytes(random.Random(1).randbytes(64 * 1024))
    elif damage == "header":
        _garbage_after_header(db)
    else:
        _damage_table_pages(db, "audit_log")
        _damage_table_pages(db, "user_account")
    before = listing(filled.home)
    for args in (["audit", "verify"], ["users", "list"], ["init"]):
        rc, _, err = run(filled.home, *args, capsys=capsys, monkeypatch=monkeypatch)
        assert rc == 2, (args, err)
        line = one_line(err)
        assert expect in line and "cadangan" in line, line
    assert sha(db) == before["tatausaha.sqlite"], "the damaged database must stay as it was (for recovery)"
    assert {k: v for k, v in listing(filled.home).items() if not k.startswith("tatausaha.sqlite-")} == before


def test_check_reports_damaged_pages_instead_of_crashing(
    filled: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _damage_table_pages(filled.database, "audit_log")
    before = sha(filled.database)
    rc, out, err = run(filled.home, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 1 and "Traceback" not in err
    report = json.loads(out)
    assert report["ok"] is False and any("rusak" in p for p in report["database_problems"])
    assert sha(filled.database) == before


def test_empty_database_file_is_initialised(tmp_path: Path) -> None:
    """A 0-byte file (e.g. touched by an installer) is treated as a new database, not as corrupt."""
    paths = AppPaths(tmp_path / "home")
    paths.home.mkdir()
    paths.database.touch()
    db = open_database(paths)
    db.dispose()
    assert paths.database.stat().st_size > 0


# ---------------------------------------------------------------------------------- newer database


def test_newer_database_via_cli(filled: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    conn = sqlite3.connect(filled.database)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = listing(filled.home)
    rc, _, err = run(filled.home, "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2
    line = one_line(err)
    assert "versi tatausaha yang lebih baru" in line and "9999_future" in line
    assert listing(filled.home) == before  # no backup taken, no upgrade, no side files


# ------------------------------------------------------------------------------ read-only directory


def test_data_directory_path_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "data"
    home.write_text("bukan folder")
    rc, _, err = run(home, "init", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "Folder data" in one_line(err)
    assert home.read_text() == "bukan folder"


def _make_unwritable(folder: Path) -> str:
    """Make ``folder`` truly unwritable for this process; returns how (or skips with the reason)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return "chmod"
    # root ignores permission bits; the immutable attribute stops root as well (ext4/xfs/btrfs).
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root and chattr is not available: cannot make a folder read-only")
    done = subprocess.run([chattr, "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"running as root and chattr +i is not supported here: {done.stderr.strip()}")
    return "chattr"


def _make_writable(folder: Path, how: str) -> None:
    if how == "chattr":
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o755)


def test_read_only_data_directory(filled: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = listing(filled.home)
    how = _make_unwritable(filled.home)
    try:
        probe = filled.home / "probe"
        with pytest.raises(OSError):
            probe.write_text("x")  # the folder really is read-only for us
        for args in (["check"], ["init"], ["backup"]):
            rc, _, err = run(filled.home, *args, capsys=capsys, monkeypatch=monkeypatch)
            assert rc == 2, (args, err)
            line = one_line(err)
            assert "tidak dapat ditulisi" in line and "hanya-baca" in line, line
    finally:
        _make_writable(filled.home, how)
    assert listing(filled.home) == before


# --------------------------------------------------------------------------------------------- logo


@pytest.fixture
def with_office(ctx: AppContext) -> AppContext:
    with ctx.uow(actor=SYSTEM) as uow:
        office.save_office(uow, office.OfficeInfo(pemerintah="PEMERINTAH KOTA BEKASI", nama_kantor="KECAMATAN JATISAMPURNA"))
        uow.commit()
    return ctx


def _jpeg_bytes() -> bytes:
    buf = io.BytesIO()
    im = Image.new("RGB", (120, 120), (200, 30, 30))
    for x in range(120):
        im.putpixel((x, (x * 7) % 120), (0, 0, 0))
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["text", "truncated-jpeg", "truncated-png", "empty"])
def test_broken_logo_is_refused(with_office: AppContext, tmp_path: Path, kind: str) -> None:
    ctx = with_office
    logo = tmp_path / "logo.png"
    if kind == "text":
        logo.write_text("ini bukan gambar")
    elif kind == "truncated-jpeg":
        data = _jpeg_bytes()
        logo = tmp_path / "logo.jpg"
        logo.write_bytes(data[: len(data) // 2])
    elif kind == "truncated-png":
        buf = io.BytesIO()
        Image.new("RGB", (80, 80), (0, 90, 0)).save(buf, "PNG")
        logo.write_bytes(buf.getvalue()[:-30])
    else:
        logo.write_bytes(b"")
    with pytest.raises(ValidationFailed, match="bukan gambar yang dapat dibaca"):
        with ctx.uow(actor=SYSTEM) as uow:
            office.set_logo(uow, ctx.store, logo)
            uow.commit()
    with ctx.reader() as uow:
        assert office.get_office(uow).logo_sha256 is None  # type: ignore[union-attr]
    assert not ctx.store.root.exists() or list(ctx.store.iter_hashes()) == []  # nothing stored


def test_missing_logo_file_and_logo_before_office(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="tidak ditemukan"):
        with ctx.uow(actor=SYSTEM) as uow:
            office.set_logo(uow, ctx.store, tmp_path / "tidak-ada.png")
    good = tmp_path / "logo.jpg"
    good.write_bytes(_jpeg_bytes())
    with pytest.raises(ValidationFailed, match="profil kantor"):
        with ctx.uow(actor=SYSTEM) as uow:
            office.set_logo(uow, ctx.store, good)
    assert list(ctx.store.iter_hashes()) == []  # a refused logo leaves no orphan in the archive


def test_recorded_logo_missing_from_the_archive(
    with_office: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = with_office
    good = tmp_path / "logo.jpg"
    good.write_bytes(_jpeg_bytes())
    with ctx.uow(actor=SYSTEM) as uow:
        office.set_logo(uow, ctx.store, good)
        uow.commit()
    with ctx.reader() as uow:
        digest = office.get_office(uow).logo_sha256  # type: ignore[union-attr]
    assert digest and ctx.store.read_bytes(digest) == good.read_bytes()
    ctx.store.remove(digest)  # lost from the archive folder (disk trouble, a careless copy …)
    ctx.close()
    rc, out, err = run(ctx.paths.home, "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 1 and err == ""
    assert f"hilang: {digest}" in out and "hilang 1" in out
    # The rest of the app keeps working: the office profile still reads.
    c2 = AppContext.open(ctx.paths)
    try:
        with c2.reader() as uow:
            assert office.get_office(uow).nama_kantor == "KECAMATAN JATISAMPURNA"  # type: ignore[union-attr]
        with pytest.raises(StorageError, match="tidak ada di penyimpanan arsip"):
            c2.store.read_bytes(digest)
    finally:
        c2.close()


# ------------------------------------------------------------------------------------ locked database


def test_locked_database_gives_a_clear_message_and_no_partial_write(
    cli_login, filled: AppPaths, admin: Actor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(dialect, "SQLITE_BUSY_TIMEOUT_MS", 150)
    ctx = AppContext.open(filled)
    holder = sqlite3.connect(filled.database, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process is writing and does not let go
        holder.execute("INSERT INTO unit (kode, nama, active, created_at, updated_at) "
                       "VALUES ('LAIN', 'Proses lain', 1, '2024-01-01', '2024-01-01')")

        def counts() -> tuple[int, int]:
            with ctx.reader() as uow:  # readers are not blocked (WAL)
                return (uow.session.execute(select(func.count(Unit.id))).scalar_one(),
                        uow.session.execute(select(func.count(AuditLog.id))).scalar_one())

        before = counts()
        with pytest.raises(StorageError) as info:
            with ctx.uow(actor=admin) as uow:
                office.save_unit(uow, "PEM", "Seksi Pemerintahan")
                office.save_unit(uow, "TRANTIB", "Seksi Trantib")
                uow.commit()
        assert "terkunci" in str(info.value) and "coba" in str(info.value).lower()
        assert counts() == before  # nothing half-written

        # The CLI says the same in one line.
        rc, _, err = run(filled.home, "users", "add", "siti", "--name", "Siti", "--role", "operator",
                         "--password", "rahasia123", capsys=capsys, monkeypatch=monkeypatch)
        assert rc == 2 and "terkunci" in one_line(err)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    try:
        with ctx.uow(actor=admin) as uow:  # after release the same write goes through
            office.save_unit(uow, "PEM", "Seksi Pemerintahan")
            office.save_unit(uow, "TRANTIB", "Seksi Trantib")
            uow.commit()
        with ctx.reader() as uow:
            assert sorted(u.kode for u in office.list_units(uow)) == ["PEM", "SEKRE", "TRANTIB"]
            assert uow.session.execute(select(func.count(AuditLog.id))).scalar_one() == before[1] + 2
    finally:
        ctx.close()


def test_writer_takes_the_lock_up_front(filled: AppPaths, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writing unit of work holds the write lock from its first statement (BEGIN IMMEDIATE), so a
    second writer waits instead of both failing half-way at commit."""
    monkeypatch.setattr(dialect, "SQLITE_BUSY_TIMEOUT_MS", 150)
    ctx = AppContext.open(filled)
    try:
        with ctx.uow(actor=admin) as uow:
            office.save_unit(uow, "PEM", "Seksi Pemerintahan")
            holder = sqlite3.connect(filled.database, isolation_level=None, timeout=0)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    holder.execute("BEGIN IMMEDIATE")  # our writer already holds the lock: the other waits
            finally:
                holder.close()
            uow.commit()
        with ctx.reader() as uow:
            assert "PEM" in {u.kode for u in office.list_units(uow)}
    finally:
        ctx.close()
