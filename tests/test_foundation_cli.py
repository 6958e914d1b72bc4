"""The real ``tatausaha`` command in a fresh TATAUSAHA_HOME: init, demo, check, audit verify, --version,
--json, non-interactive init, backup and restore (round trip, refusals)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import login_env  # the one place that logs the command line in
from PIL import Image

from tatausaha import __version__
from tatausaha.app.demo import DEMO_PASSWORD, PEOPLE
from tatausaha.cli import main
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.services import accounts, documents, office
from tatausaha.services.auth import SYSTEM, Role

#: The demo office's admin: the log-in these tests' commands run with (``login=None``: none).
ADMIN = ("admin", DEMO_PASSWORD)


def cli(home: Path, *args: str, env: dict[str, str] | None = None,
        login: tuple[str, str] | None = ADMIN) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (or ``python -m tatausaha``) with stdin not a terminal."""
    environ = {k: v for k, v in os.environ.items()
               if k not in ("TATAUSAHA_DATABASE_URL", "TATAUSAHA_ADMIN_PASSWORD", "TATAUSAHA_NEW_PASSWORD",
                            "TATAUSAHA_USER", "TATAUSAHA_PASSWORD")}
    environ["TATAUSAHA_HOME"] = str(home)
    if login is not None:
        environ.update(login_env(*login))
    environ.update(env or {})
    script = Path(sys.executable).with_name("tatausaha")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "tatausaha"]
    return subprocess.run([*cmd, *args], env=environ, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=180)


def run_main(home: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
             login: tuple[str, str] | None = ADMIN) -> tuple[int, str, str]:
    """The same entry point in-process (fast, for the many refusals)."""
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    for key, value in login_env(*login).items() if login else ():
        monkeypatch.setenv(key, value)
    if login is None:
        monkeypatch.delenv("TATAUSAHA_USER", raising=False)
        monkeypatch.delenv("TATAUSAHA_PASSWORD", raising=False)
    capsys.readouterr()
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert lines[0].startswith("tatausaha: "), lines[0]
    assert "Traceback" not in err
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``tatausaha init`` through the real command, then the core part of the demo office (users, units,
    officials, logo) in-process: the areas' demo parts (hundreds of letters) are left to the slow test."""
    from tatausaha.app import demo

    home = tmp_path_factory.mktemp("cli") / "home"
    init = cli(home, "--json", "init")
    assert init.returncode == 0, init.stderr
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(demo, "demo_parts", lambda: [])
        ctx = AppContext.open(AppPaths(home))
        try:
            filled = demo.fill(ctx)
        finally:
            ctx.close()
    return {"home": home, "init": json.loads(init.stdout), "demo": filled}


def copy_home(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _check_and_verify(home: Path) -> dict[str, Any]:
    check = cli(home, "--json", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    report: dict[str, Any] = json.loads(check.stdout)
    assert report["ok"] is True and report["database_problems"] == [] and report["audit_problems"] == []
    assert report["missing"] == [] and report["corrupt"] == [] and report["files_checked"] >= 1  # the logo
    verify = cli(home, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # `audit verify` logged in once more: its own log-in is the one new row.
    assert "Jejak audit utuh" in verify.stdout and f"{report['audit_rows'] + 1} baris" in verify.stdout
    return report


def test_init_and_core_demo_check_verify(demo_home: dict[str, Any]) -> None:
    home = demo_home["home"]
    init = demo_home["init"]
    assert init["schema"] and init["klasifikasi"] > 1000
    assert init["admin"] is False and init["kantor"] is False and init["database"] == str(home / "tatausaha.sqlite")
    demo = demo_home["demo"]
    assert demo["kantor"] == "KECAMATAN JATISAMPURNA" and demo["kata_sandi"] == DEMO_PASSWORD
    assert set(demo["pengguna"]) == {p[0] for p in PEOPLE} | {"admin"}
    report = _check_and_verify(home)
    assert report["audit_rows"] > 20
    version = cli(home, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"tatausaha {__version__}"
    assert not (home / "cadangan").exists()  # a new database needs no pre-upgrade backup


@pytest.mark.slow
def test_fresh_home_init_demo_check_verify(tmp_path: Path) -> None:
    """The issue's must-show, literally: init, the whole demo (every area's part), check, audit verify."""
    home = tmp_path / "home"
    init = cli(home, "init")
    assert init.returncode == 0, init.stderr
    demo = cli(home, "--json", "demo")
    assert demo.returncode == 0, demo.stderr
    filled = json.loads(demo.stdout)
    assert {"kantor", "unit", "pejabat", "pengguna"} <= set(filled["diisi"])
    _check_and_verify(home)


def test_audit_verify_names_an_edited_row(demo_home: dict[str, Any], tmp_path: Path) -> None:
    home = copy_home(demo_home["home"], tmp_path / "home")
    conn = sqlite3.connect(home / "tatausaha.sqlite")
    target = conn.execute("SELECT id FROM audit_log WHERE entity = 'user_account' ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
    conn.execute("UPDATE audit_log SET after = replace(after, '\"role\": \"operator\"', '\"role\": \"admin\"') "
                 "WHERE id = ?", (target,))
    changed = conn.total_changes
    conn.execute("UPDATE audit_log SET actor_name = 'camat' WHERE id = ?", (target,))
    conn.commit()
    conn.close()
    assert changed == 1
    out = cli(home, "audit", "verify")
    assert out.returncode == 1
    assert "TIDAK UTUH" in out.stdout and f"baris audit {target} " in out.stdout
    assert out.stdout.count("tidak cocok dengan segelnya") == 1  # only that row is named


def test_audit_verify_names_deleted_middle_and_last_rows(
    demo_home: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = copy_home(demo_home["home"], tmp_path / "home")
    conn = sqlite3.connect(home / "tatausaha.sqlite")
    (last,) = conn.execute("SELECT max(id) FROM audit_log").fetchone()
    conn.execute("DELETE FROM audit_log WHERE id = 7")
    conn.execute("DELETE FROM audit_log WHERE id = ?", (last,))
    conn.commit()
    conn.close()
    rc, out, _ = run_main(home, "--json", "audit", "verify", capsys=capsys, monkeypatch=monkeypatch, login=None)
    assert rc == 1
    data = json.loads(out)
    assert data["ok"] is False
    kinds = {(p["kind"], p["row_id"]) for p in data["problems"]}
    assert ("deleted", 8) in kinds  # row 7 is missing before row 8
    assert ("head", last) in kinds  # the anchor names the deleted last row
    messages = " | ".join(p["message"] for p in data["problems"])
    assert "baris audit 7 hilang" in messages and f"menunjuk baris {last}" in messages


def test_init_from_a_script_with_admin_and_office(tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = cli(home, "--json", "init", "--admin-user", "Kasubag", "--admin-name", "Budi Santoso, S.AP.",
              "--admin-password", "sandi-kuat-2024", "--pemerintah", "PEMERINTAH KOTA BEKASI",
              "--kantor", "KECAMATAN JATISAMPURNA", "--alamat", "Jl. Raya Hankam No. 1", "--kota", "Bekasi",
              "--kode-unit", "Kec.JTS", "--telepon", "(021) 8459 1234", "--email", "kec.jts@bekasikota.go.id")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["admin"] and data["kantor"] and data["admin_dibuat"]
    ctx = AppContext.open(AppPaths(home))
    try:
        actor = accounts.login(ctx.db, "kasubag", "sandi-kuat-2024")
        assert actor.role is Role.ADMIN and actor.full_name == "Budi Santoso, S.AP."
        with ctx.reader() as uow:
            info = office.get_office(uow)
        assert info is not None and (info.kota, info.kode_unit, info.email) == ("Bekasi", "Kec.JTS", "kec.jts@bekasikota.go.id")
    finally:
        ctx.close()



def test_init_refusals_are_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.delenv("TATAUSAHA_ADMIN_PASSWORD", raising=False)
    rc, _, err = run_main(home, "init", "--admin-user", "admin", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "Kata sandi admin wajib" in one_line_error(err)  # no prompt: stdin is not a terminal
    rc, _, err = run_main(home, "init", "--kantor", "KECAMATAN X", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "--pemerintah dan --kantor" in one_line_error(err)
    rc, _, err = run_main(home, "init", "--admin-user", "Admin Baru!", "--admin-password", "rahasia123",
                          capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "Nama pengguna hanya boleh" in one_line_error(err)
    rc, _, err = run_main(home, "init", "--pemerintah", "PEMERINTAH KOTA BEKASI", "--kantor", "KECAMATAN X",
                          "--email", "bukan-surel", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "pos-el" in one_line_error(err)
    # The password may come from the environment instead of the command line.
    monkeypatch.setenv("TATAUSAHA_ADMIN_PASSWORD", "dari-lingkungan-1")
    rc, out, _ = run_main(home, "--json", "init", "--admin-user", "admin", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 0 and json.loads(out)["admin_dibuat"] is True
    # Run again (without a log-in: init only does what is missing): idempotent, the admin is not made
    # twice, the classification is not reloaded.
    rc, out, _ = run_main(home, "--json", "init", "--admin-user", "admin", capsys=capsys, monkeypatch=monkeypatch,
                          login=None)
    assert rc == 0 and json.loads(out)["admin_dibuat"] is False
    # The missing office profile may still be filled in without a log-in …
    rc, _, err = run_main(home, "init", "--pemerintah", "PEMERINTAH KOTA BEKASI", "--kantor", "KECAMATAN X",
                          capsys=capsys, monkeypatch=monkeypatch, login=None)
    assert rc == 0
    # … but changing it needs the admin's log-in.
    rc, _, err = run_main(home, "init", "--pemerintah", "PEMERINTAH KOTA BEKASI", "--kantor", "KECAMATAN Y",
                          capsys=capsys, monkeypatch=monkeypatch, login=None)
    assert rc == 2 and "butuh log-in admin" in one_line_error(err)
    owner = ("admin", "dari-lingkungan-1")
    rc, _, err = run_main(home, "init", "--pemerintah", "PEMERINTAH KOTA BEKASI", "--kantor", "KECAMATAN X",
                          capsys=capsys, monkeypatch=monkeypatch, login=owner)
    assert rc == 0, err
    # A demo over a real office needs the admin's log-in, and is then refused rather than mixed in.
    rc, _, err = run_main(home, "demo", capsys=capsys, monkeypatch=monkeypatch, login=None)
    assert rc == 2 and "butuh log-in" in one_line_error(err)
    rc, _, err = run_main(home, "demo", capsys=capsys, monkeypatch=monkeypatch, login=owner)
    assert rc == 2 and "--force" in one_line_error(err)


def _add_archive_files(home: Path) -> dict[str, str]:
    """A PDF document and an office logo, so the backup has archived files to carry."""
    ctx = AppContext.open(AppPaths(home))
    try:
        logo = home.parent / "logo.png"
        Image.new("RGB", (64, 64), (20, 90, 160)).save(logo)
        with ctx.uow(actor=SYSTEM) as uow:
            doc = documents.add_document_bytes(uow, ctx.store, b"%PDF-1.4\nSurat Undangan Musrenbang\n%%EOF\n",
                                               "undangan-musrenbang.pdf")
            office.set_logo(uow, ctx.store, logo)
            uow.commit()
        with ctx.reader() as uow:
            info = office.get_office(uow)
        assert info is not None and info.logo_sha256
        return {"doc": doc.sha256, "logo": info.logo_sha256}
    finally:
        ctx.close()


def test_backup_and_restore_round_trip(
    demo_home: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_home(demo_home["home"], tmp_path / "kantor")
    files = _add_archive_files(src)
    zip_path = tmp_path / "cadangan.zip"
    out = cli(src, "--json", "backup", "-o", str(zip_path))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["backup"] == str(zip_path) and zip_path.is_file()
    with zipfile.ZipFile(zip_path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    archived = {n for n in names if n.startswith("arsip/")}
    assert {f"arsip/{h[:2]}/{h[2:4]}/{h}" for h in files.values()} <= archived
    assert manifest["files"] == len(archived) == len(list((src / "arsip").rglob("*/*/*")))

    # Another office's home already holds a database: restore refuses without --force …
    other = tmp_path / "lain"
    AppContext.open(AppPaths(other)).close()  # a database at head (as after `init`, without the KKA load)
    before = sha(other / "tatausaha.sqlite")
    rc, _, err = run_main(other, "restore", str(zip_path), capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "--force" in one_line_error(err)
    assert sha(other / "tatausaha.sqlite") == before
    # … and with --force keeps the old database aside, then restores database and files.
    out = cli(other, "--json", "restore", "--force", str(zip_path))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["files_restored"] == len(archived) and data["previous_kept_as"]
    assert sha(Path(data["previous_kept_as"])) == before
    assert data["audit"]["last_id"] == manifest["audit"]["last_id"] > 0  # the manifest carries the trail's head
    # The backup never carries the audit key: on another computer restore says so …
    assert any("kunci jejak audit tidak ada" in w for w in data["warnings"])
    # … and the office installs it from where it keeps it (docs/security.md).
    shutil.copy(src / "kunci-audit", other / "kunci-audit")

    ctx = AppContext.open(AppPaths(other))
    try:
        with ctx.reader(SYSTEM) as uow:
            users = {u.username for u in accounts.list_users(uow)}
            docs = documents.all_hashes(uow)
        assert users == {p[0] for p in PEOPLE} | {"admin"}
        assert files["doc"] in docs
        for digest in files.values():
            assert hashlib.sha256(ctx.store.read_bytes(digest)).hexdigest() == digest
        assert accounts.login(ctx.db, "camat", DEMO_PASSWORD).username == "camat"
    finally:
        ctx.close()
    rc, out, _ = run_main(other, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    report = json.loads(out)
    # The document and the new logo are known; the demo's replaced logo stays in the archive as an orphan.
    assert rc == 0 and report["ok"] and report["files_checked"] == 2 and report["missing"] == []
    assert len(report["orphans"]) == len(archived) - 2


def _rewrite_zip(src: Path, dst: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, change.get(item.filename, zin.read(item.filename)))


def test_restore_refuses_a_damaged_backup(
    demo_home: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_home(demo_home["home"], tmp_path / "kantor")
    _add_archive_files(src)
    rc, out, _ = run_main(src, "--json", "backup", "-o", str(tmp_path / "baik.zip"), capsys=capsys,
                          monkeypatch=monkeypatch)
    assert rc == 0
    good = tmp_path / "baik.zip"
    data = good.read_bytes()

    damaged: dict[str, Path] = {}
    damaged["acak"] = tmp_path / "acak.zip"
    damaged["acak"].write_bytes(os.urandom(4096))
    damaged["terpotong"] = tmp_path / "terpotong.zip"
    damaged["terpotong"].write_bytes(data[: len(data) // 2])
    # One byte flipped inside an archived file (the ZIP's CRC catches it).
    with zipfile.ZipFile(good) as zf:
        info = next(i for i in zf.infolist() if i.filename.startswith("arsip/"))
    flipped = bytearray(data)
    flipped[info.header_offset + 30 + len(info.filename) + 10] ^= 0xFF
    damaged["crc"] = tmp_path / "crc.zip"
    damaged["crc"].write_bytes(bytes(flipped))
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    damaged["sidik"] = tmp_path / "sidik.zip"
    _rewrite_zip(good, damaged["sidik"], {"manifest.json": json.dumps({**manifest, "database": {"sha256": "0" * 64}}).encode()})
    damaged["baru"] = tmp_path / "baru.zip"
    _rewrite_zip(good, damaged["baru"], {"manifest.json": json.dumps({**manifest, "schema": "9999_future"}).encode()})
    damaged["bukan"] = tmp_path / "bukan.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("foto.jpg", b"bukan cadangan")
    damaged["bukan"].write_bytes(buf.getvalue())

    target = tmp_path / "tujuan"
    AppContext.open(AppPaths(target)).close()
    before = sha(target / "tatausaha.sqlite")
    expected = {"acak": "ZIP rusak", "terpotong": "ZIP rusak", "crc": "rusak", "sidik": "tidak cocok",
                "baru": "lebih baru", "bukan": "bukan berkas cadangan"}
    for name, path in damaged.items():
        rc, _, err = run_main(target, "restore", "--force", str(path), capsys=capsys, monkeypatch=monkeypatch)
        line = one_line_error(err)
        assert rc == 2, name
        assert expected[name] in line, (name, line)
        assert sha(target / "tatausaha.sqlite") == before, f"{name}: the database was touched"
    assert not (target / "cadangan").exists() or not list((target / "cadangan").glob("sebelum-pulih-*"))
    rc, _, err = run_main(target, "restore", str(tmp_path / "tidak-ada.zip"), capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "tidak ditemukan" in one_line_error(err)
