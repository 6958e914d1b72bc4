"""Restore and check trust nothing (issue 10 item 5): bad backups built here are refused with one
Indonesian line and leave nothing behind; ``check`` catches a damaged search index and a short last
page; a missing or 0-byte database beside a filled archive is an error, never a silent new one."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tatausaha.app import maintenance
from tatausaha.cli import main
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.services import audit, documents, office
from tatausaha.services.auth import SYSTEM


def run(home: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    monkeypatch.delenv("TATAUSAHA_USER", raising=False)
    capsys.readouterr()
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("tatausaha: "), err
    assert "Traceback" not in err and "Error" not in err
    return lines[0]


def listing(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file() and not p.name.endswith(("-wal", "-shm"))
            and p.relative_to(home).parts[0] != "log"}  # the run's own log is not data


@pytest.fixture(scope="module")
def office_backup(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> dict[str, Path]:
    """An office with two archived documents and a trail, and its backup."""
    root = tmp_path_factory.mktemp("trust")
    home = root / "kantor"
    home.mkdir()
    shutil.copy(template_db, home / "tatausaha.sqlite")
    ctx = AppContext.open(AppPaths(home))
    try:
        with ctx.uow(actor=SYSTEM) as uow:
            office.save_unit(uow, "SEKRE", "Sekretariat")
            documents.add_document_bytes(uow, ctx.store, b"%PDF-1.4\nUndangan rapat\n%%EOF\n", "undangan.pdf")
            documents.add_document_bytes(uow, ctx.store, b"%PDF-1.4\nLaporan bulanan\n%%EOF\n", "laporan.pdf")
            uow.commit()
        zip_path = maintenance.backup(ctx, root / "cadangan.zip")
    finally:
        ctx.close()
    return {"home": home, "zip": zip_path, "root": root}


def rewrite(src: Path, dst: Path, *, drop: str | None = None, add: dict[str, bytes] | None = None,
            change: dict[str, bytes] | None = None, manifest: dict | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if item.filename == drop:
                continue
            data = (change or {}).get(item.filename, zin.read(item.filename))
            if item.filename == "manifest.json" and manifest is not None:
                data = json.dumps(manifest).encode()
            zout.writestr(item, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def _manifest(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as zf:
        return json.loads(zf.read("manifest.json"))


def _archive_names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as zf:
        return sorted(n for n in zf.namelist() if n.startswith("arsip/"))


def _bad_backups(src: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    manifest = _manifest(src)
    names = _archive_names(src)
    bad: dict[str, tuple[Path, str]] = {}
    bad["missing member"] = (rewrite(src, tmp / "kurang.zip", drop=names[0]), "tidak lengkap")
    old_style = {k: v for k, v in manifest.items() if k != "members"}  # a backup from before the members list
    bad["missing member, old manifest"] = (rewrite(src, tmp / "kurang-lama.zip", drop=names[0], manifest=old_style),
                                           "tidak lengkap")
    bad["extra member"] = (rewrite(src, tmp / "lebih.zip", add={"arsip/ff/ff/" + "f" * 64: b"yatim"}),
                           "tidak dicatat manifest")
    bad["foreign member"] = (rewrite(src, tmp / "asing.zip", add={"skrip.sh": b"rm -rf /"},
                                     manifest={**manifest, "members": [*manifest["members"], "skrip.sh"]}),
                             "anggota asing")
    # An archive member whose bytes are not its name (the same file is already present at the target).
    bad["member content"] = (rewrite(src, tmp / "isi.zip", change={names[1]: b"%PDF-1.4\nPALSU\n%%EOF\n"}),
                             "tidak utuh")
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 40
    bad["garbage database"] = (rewrite(src, tmp / "sampah.zip", change={"tatausaha.sqlite": garbage},
                                       manifest={**manifest, "database": {"name": "tatausaha.sqlite",
                                                                          "sha256": hashlib.sha256(garbage).hexdigest()}}),
                               "basis data di dalamnya")
    # A database whose trail was cut after the backup was made (the manifest's head names it).
    cut_db = tmp / "potong.sqlite"
    with zipfile.ZipFile(src) as zf:
        cut_db.write_bytes(zf.read("tatausaha.sqlite"))
    conn = sqlite3.connect(cut_db)
    last, = conn.execute("SELECT max(id) FROM audit_log").fetchone()
    prev = conn.execute("SELECT id, hash FROM audit_log WHERE id = ?", (last - 1,)).fetchone()
    conn.execute("DELETE FROM audit_log WHERE id = ?", (last,))
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ?, count = count - 1", prev)
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    data = cut_db.read_bytes()
    bad["trail cut"] = (rewrite(src, tmp / "jejak.zip", change={"tatausaha.sqlite": data},
                                manifest={**manifest, "database": {"name": "tatausaha.sqlite",
                                                                   "sha256": hashlib.sha256(data).hexdigest()}}),
                        "manifest cadangan")
    return bad


@pytest.mark.parametrize("case", ["missing member", "missing member, old manifest", "extra member", "foreign member",
                                  "member content", "garbage database", "trail cut"])
def test_restore_refuses_and_leaves_nothing_behind(
    case: str, office_backup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    target = shutil.copytree(office_backup["home"], tmp_path / "tujuan")
    bad, expected = _bad_backups(office_backup["zip"], tmp_path)[case]
    before = listing(target)
    rc, out, err = run(target, "restore", "--force", str(bad), capsys=capsys, monkeypatch=monkeypatch)
    line = one_line(err)
    assert rc == 2 and expected in line and "Tidak ada yang diubah" in line, (case, line)
    assert listing(target) == before, f"{case}: the data folder changed"
    assert not [p for p in target.iterdir() if p.name.startswith(".pulih-")]


def test_restore_into_an_empty_folder_refuses_without_leaving_files(
    office_backup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "baru"
    bad, _ = _bad_backups(office_backup["zip"], tmp_path)["member content"]
    rc, _, err = run(target, "restore", str(bad), capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "tidak utuh" in one_line(err)
    assert not target.exists() or listing(target) == {}


def test_a_backup_never_carries_the_audit_key(office_backup: dict[str, Path]) -> None:
    key_hex = (office_backup["home"] / audit.KEY_FILE).read_text().strip()
    raw = office_backup["zip"].read_bytes()
    with zipfile.ZipFile(office_backup["zip"]) as zf:
        names = zf.namelist()
        contents = b"".join(zf.read(n) for n in names)
    assert audit.KEY_FILE not in " ".join(names)
    for blob in (raw, contents):
        assert key_hex.encode() not in blob and bytes.fromhex(key_hex) not in blob
    manifest = _manifest(office_backup["zip"])
    assert manifest["audit"]["key_id"] and manifest["audit"]["key_id"] not in key_hex  # an id, not the key


def test_restore_of_a_good_backup_checks_and_anchors(
    office_backup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = shutil.copytree(office_backup["home"], tmp_path / "tujuan")
    ctx = AppContext.open(AppPaths(target))
    try:  # work after the backup: restoring rolls it back, its anchors go aside with the old database
        with ctx.uow(actor=SYSTEM) as uow:
            office.save_unit(uow, "PEM", "Seksi Pemerintahan")
            uow.commit()
    finally:
        ctx.close()
    rc, out, err = run(target, "--json", "restore", "--force", str(office_backup["zip"]), capsys=capsys,
                       monkeypatch=monkeypatch)
    assert rc == 0, err
    data = json.loads(out)
    assert data["files_in_backup"] == 2 and data["warnings"] == []
    assert list((target / "cadangan").glob("sebelum-pulih-*.jangkar"))
    anchor_lines = (target / audit.ANCHOR_FILE).read_text().splitlines()
    assert len(anchor_lines) == 1 and anchor_lines[0].split()[1] == str(data["audit"]["last_id"])
    rc, out, err = run(target, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 0 and json.loads(out)["ok"], out


def test_check_runs_the_search_index_integrity_check(
    office_backup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = shutil.copytree(office_backup["home"], tmp_path / "kantor")
    conn = sqlite3.connect(home / "tatausaha.sqlite")
    conn.execute("DELETE FROM search_fts_data WHERE id IN (SELECT id FROM search_fts_data WHERE id > 1 "
                 "ORDER BY id DESC LIMIT 2)")
    conn.commit()
    conn.close()
    rc, out, _ = run(home, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    report = json.loads(out)
    assert rc == 1 and any("indeks pencarian" in p and "reindex" in p for p in report["database_problems"]), report


def test_check_catches_a_short_last_page(
    office_backup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = shutil.copytree(office_backup["home"], tmp_path / "kantor")
    db = home / "tatausaha.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = db.read_bytes()
    db.write_bytes(data[:-700])  # the last page loses its tail
    rc, out, err = run(home, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc != 0
    text = out + err
    assert "terpotong" in text and "halaman" in text, text
    assert "Traceback" not in err


def test_check_catches_a_missing_last_page_by_the_header(tmp_path: Path, office_backup: dict[str, Path]) -> None:
    db = tmp_path / "x.sqlite"
    shutil.copy(office_backup["home"] / "tatausaha.sqlite", db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    db.write_bytes(db.read_bytes()[:-page_size])  # whole pages gone: a multiple of the page size, still short
    problems = maintenance.database_file_problems(db)
    assert problems and "terpotong" in problems[0]


@pytest.mark.parametrize("state", ["0-byte", "missing"])
@pytest.mark.parametrize("command", [["check"], ["init"], ["audit", "verify"]])
def test_a_lost_database_beside_a_filled_archive_is_an_error(
    state: str, command: list[str], office_backup: dict[str, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = shutil.copytree(office_backup["home"], tmp_path / "kantor")
    for p in home.glob("tatausaha.sqlite*"):
        p.unlink()
    if state == "0-byte":
        (home / "tatausaha.sqlite").touch()
    before = listing(home)
    rc, _, err = run(home, *command, capsys=capsys, monkeypatch=monkeypatch)
    line = one_line(err)
    assert rc == 2 and "hilang, bukan baru" in line and "restore" in line
    assert listing(home) == before  # nothing initialised
    # An empty data folder (nothing archived, no trail) still starts fresh.
    fresh = tmp_path / "baru"
    fresh.mkdir()
    (fresh / "tatausaha.sqlite").touch()
    rc, _, err = run(fresh, "init", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 0, err


def test_restore_refuses_a_manifest_head_whose_seal_was_changed(
    office_backup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest's audit head carries a MAC made with the key: a head edited to match a cut trail is refused."""
    target = shutil.copytree(office_backup["home"], tmp_path / "tujuan")
    manifest = _manifest(office_backup["zip"])
    head = manifest["audit"]
    assert head["mac"] and head["key_id"]
    forged = {**manifest, "audit": {**head, "count": head["count"] + 5}}
    bad = rewrite(office_backup["zip"], tmp_path / "kepala.zip", manifest=forged)
    before = listing(target)
    rc, _, err = run(target, "restore", "--force", str(bad), capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 2 and "segelnya tidak cocok" in one_line(err)
    assert listing(target) == before


def test_a_lost_database_is_recovered_by_restore(
    office_backup: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way out the refusal names: restore into the folder whose database went missing or empty."""
    home = shutil.copytree(office_backup["home"], tmp_path / "kantor")
    for p in home.glob("tatausaha.sqlite*"):
        p.unlink()
    (home / "tatausaha.sqlite").touch()
    rc, out, err = run(home, "--json", "restore", str(office_backup["zip"]), capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 0, err
    assert json.loads(out)["files_restored"] == 0  # the archive files were still there
    rc, out, err = run(home, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 0 and json.loads(out)["ok"], out + err
