"""Tamper matrix (issue 10 item 3): every way of changing the trail or a record behind the app's back,
done with plain sqlite3 and file edits as an attacker would, is named by the real ``tatausaha check``
and ``tatausaha audit verify`` — never a crash, never English SQL text."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tatausaha.cli import main
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.services import audit, office
from tatausaha.services.auth import SYSTEM

ENGLISH = ("sqlite", "select ", "error", "traceback", "exception", "decode", "column")


@pytest.fixture(scope="module")
def base_home(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """An office whose trail was written by the app with its key: units made, renamed, one deleted."""
    home = tmp_path_factory.mktemp("tamper") / "home"
    home.mkdir()
    shutil.copy(template_db, home / "tatausaha.sqlite")
    ctx = AppContext.open(AppPaths(home))
    try:
        ids = {}
        for i in range(1, 7):
            with ctx.uow(actor=SYSTEM) as uow:
                ids[i] = office.save_unit(uow, f"U{i}", f"Unit {i}").id
                uow.commit()
        with ctx.uow(actor=SYSTEM) as uow:
            office.save_unit(uow, "U2", "Unit Dua (ganti nama)", unit_id=ids[2])
            uow.commit()
    finally:
        ctx.close()
    assert (home / audit.KEY_FILE).stat().st_mode & 0o077 == 0  # the key is its owner's only
    assert len((home / audit.ANCHOR_FILE).read_text().splitlines()) == 7  # one anchor line per commit
    return home


def sql(home: Path, *statements: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(home / "tatausaha.sqlite")
    for st in statements:
        conn.execute(st, params if "?" in st else ())
    conn.commit()
    conn.close()


def one(home: Path, query: str) -> tuple:
    conn = sqlite3.connect(home / "tatausaha.sqlite")
    try:
        return conn.execute(query).fetchone()
    finally:
        conn.close()


def run(home: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """The real entry point, run by the owner of the data folder (no log-in, so nothing is written)."""
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    monkeypatch.delenv("TATAUSAHA_USER", raising=False)
    capsys.readouterr()
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def _edit(home: Path) -> None:
    sql(home, "UPDATE audit_log SET after = replace(after, 'Unit 3', 'Unit Palsu') WHERE id = 3")


def _delete_middle(home: Path) -> None:
    sql(home, "DELETE FROM audit_log WHERE id = 4")


def _delete_last_with_consistent_head(home: Path) -> None:
    last, = one(home, "SELECT max(id) FROM audit_log")
    prev_id, prev_hash = one(home, f"SELECT id, hash FROM audit_log WHERE id = {last - 1}")
    sql(home, f"DELETE FROM audit_log WHERE id = {last}",
        f"UPDATE audit_head SET last_id = {prev_id}, last_hash = '{prev_hash}', count = count - 1")


def _forged_append(home: Path) -> None:
    """A row appended with its hash recomputed by the attacker (who has the code, not the key)."""
    import datetime as dt

    last_id, last_hash, kid = one(home, "SELECT id, hash, key_id FROM audit_log ORDER BY id DESC LIMIT 1")
    ts = dt.datetime(2026, 3, 2, 9, 0)
    row = {"id": last_id + 1, "ts": ts, "actor_id": None, "actor_name": "camat", "action": "delete",
           "entity": "unit", "entity_id": "1", "before": None, "after": None, "key_id": kid}
    forged = audit.keyed_digest(b"\x00" * 32, last_hash, row)  # any key but the installation's
    sql(home, "INSERT INTO audit_log (id, ts, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, "
              "hash, key_id) VALUES (?, ?, NULL, 'camat', 'delete', 'unit', '1', NULL, NULL, ?, ?, ?)",
        params=(last_id + 1, ts.isoformat(sep=" "), last_hash, forged, kid))
    sql(home, f"UPDATE audit_head SET last_id = {last_id + 1}, last_hash = '{forged}', count = count + 1")


def _unkeyed_append(home: Path) -> None:
    """The same, written as an old-style unkeyed row (plain SHA-256, no key id)."""
    import datetime as dt

    last_id, last_hash = one(home, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    ts = dt.datetime(2026, 3, 2, 9, 0)
    row = {"id": last_id + 1, "ts": ts, "actor_id": None, "actor_name": "camat", "action": "delete",
           "entity": "unit", "entity_id": "1", "before": None, "after": None}
    digest = audit.row_digest(last_hash, row)
    sql(home, "INSERT INTO audit_log (id, ts, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, "
              "hash) VALUES (?, ?, NULL, 'camat', 'delete', 'unit', '1', NULL, NULL, ?, ?)",
        params=(last_id + 1, ts.isoformat(sep=" "), last_hash, digest))
    sql(home, f"UPDATE audit_head SET last_id = {last_id + 1}, last_hash = '{digest}', count = count + 1")


def _erase_all(home: Path) -> None:
    sql(home, "DELETE FROM audit_log", "DELETE FROM audit_head")


def _erase_all_and_the_anchor_file(home: Path) -> None:
    _erase_all(home)
    (home / audit.ANCHOR_FILE).unlink()


def _damaged_bytes(home: Path) -> None:
    sql(home, "UPDATE audit_log SET actor_name = X'FF00FE80C3', ts = X'8081' WHERE id = 2",  # stored as blobs
        "UPDATE audit_log SET entity = CAST(X'FFFE41' AS TEXT) WHERE id = 5")  # text that is not UTF-8


def _out_of_band_record_edit(home: Path) -> None:
    sql(home, "UPDATE unit SET nama = 'Unit Siluman' WHERE kode = 'U5'")


def _out_of_band_record_insert(home: Path) -> None:
    sql(home, "INSERT INTO unit (kode, nama, active, created_at, updated_at) VALUES "
              "('GELAP', 'Unit Gelap', 1, '2026-01-01', '2026-01-01')")


def _out_of_band_record_delete(home: Path) -> None:
    sql(home, "DELETE FROM unit WHERE kode = 'U6'")


def _anchor_file_edited(home: Path) -> None:
    path = home / audit.ANCHOR_FILE
    lines = path.read_text().splitlines()
    parts = lines[2].split()
    parts[3] = "f" * 64
    lines[2] = " ".join(parts)
    path.write_text("\n".join(lines) + "\n")


def _key_missing(home: Path) -> None:
    (home / audit.KEY_FILE).unlink()


def _unit_id(home: Path, kode: str) -> str:
    return str(one(home, f"SELECT id FROM unit WHERE kode = '{kode}'")[0])


# case → (tamper, [(problem list, words that must appear in one message)])
CASES: dict[str, tuple[Callable[[Path], None], list[tuple[str, tuple[str, ...]]]]] = {
    "edit": (_edit, [("audit_problems", ("baris audit 3", "tidak cocok dengan segelnya"))]),
    "delete-middle": (_delete_middle, [("audit_problems", ("baris audit 4 hilang",))]),
    "delete-last, consistent head": (_delete_last_with_consistent_head,
                                     [("audit_problems", ("dipotong", "sampai baris 7"))]),
    "forged append": (_forged_append, [("audit_problems", ("baris audit 8", "tidak cocok dengan segelnya"))]),
    "unkeyed append": (_unkeyed_append, [("audit_problems", ("baris audit 8", "tidak bersegel kunci"))]),
    "erase all": (_erase_all, [("audit_problems", ("jejak audit kosong", "catatan")),
                               ("audit_problems", ("dipotong", "sampai baris 7"))]),
    "erase all + anchor file": (_erase_all_and_the_anchor_file, [("audit_problems", ("jejak audit kosong",))]),
    "damaged bytes": (_damaged_bytes, [("audit_problems", ("baris audit 2 rusak", "ts")),
                                       ("audit_problems", ("baris audit 5 rusak", "entity"))]),
    "out-of-band edit": (_out_of_band_record_edit, [("record_problems", ("unit", "kolom nama", "di luar aplikasi"))]),
    "out-of-band insert": (_out_of_band_record_insert, [("record_problems", ("tidak pernah tercatat",))]),
    "out-of-band delete": (_out_of_band_record_delete, [("record_problems", ("tidak ada di basis data",))]),
    "anchor file edited": (_anchor_file_edited, [("audit_problems", ("berkas jangkar", "tidak sah"))]),
    "key missing": (_key_missing, [("audit_problems", ("kunci jejak audit tidak ada",))]),
}


def test_untouched_trail_is_whole(base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    home = shutil.copytree(base_home, tmp_path / "home")
    rc, out, err = run(home, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    report = json.loads(out)
    assert rc == 0 and report["ok"], report
    assert report["audit_anchor"]["count"] == report["audit_rows"] == 7
    rc, out, _ = run(home, "audit", "verify", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 0 and "Jejak audit utuh: 7 baris" in out and "Jejak audit 7:" in out


@pytest.mark.parametrize("case", list(CASES))
def test_tamper_matrix(case: str, base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    home = shutil.copytree(base_home, tmp_path / "home")
    tamper, expected = CASES[case]
    tamper(home)
    rc, out, err = run(home, "--json", "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 1 and err == "", err
    report = json.loads(out)
    assert report["ok"] is False
    for field, words in expected:
        assert any(all(w in m for w in words) for m in report[field]), (case, field, report[field])
    everything = " ".join(report["audit_problems"] + report["record_problems"]).lower()
    assert not any(word in everything for word in ENGLISH), everything
    if expected[0][0] == "audit_problems":  # the trail's own command names it the same way
        rc, out, err = run(home, "audit", "verify", capsys=capsys, monkeypatch=monkeypatch)
        assert rc == 1 and err == "" and "TIDAK UTUH" in out, (out, err)
        assert all(w in out for w in expected[0][1]), out


def test_out_of_band_edit_names_the_row_and_column(base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    home = shutil.copytree(base_home, tmp_path / "home")
    _out_of_band_record_edit(home)
    rc, out, _ = run(home, "check", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 1
    assert f"unit {_unit_id(home, 'U5')}: kolom nama berbeda" in out
    assert "Catatan diubah di luar aplikasi: 1" in out


def test_external_anchor_from_paper_catches_a_cut_with_the_anchor_file_gone(
    base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attacker cuts the last row, fixes the head and deletes the anchor file's last line; the head
    printed on a register (or kept in a backup manifest) still names the cut."""
    home = shutil.copytree(base_home, tmp_path / "home")
    printed = one(home, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    _delete_last_with_consistent_head(home)
    path = home / audit.ANCHOR_FILE
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))
    rc, out, _ = run(home, "audit", "verify", capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 0  # without the paper, this case is not detectable (docs/security.md says so)
    rc, out, _ = run(home, "audit", "verify", "--jangkar", f"{printed[0]}:{printed[1][:16]}",
                     capsys=capsys, monkeypatch=monkeypatch)
    assert rc == 1 and f"baris audit {printed[0]} yang dicatat di jangkar" in out and "dipotong" in out


def test_an_unkeyed_trail_from_before_keys_stays_verifiable_and_continues_keyed(
    template_db: Path, tmp_path: Path
) -> None:
    """Rows written before this version (no key) keep verifying; the next write is keyed and anchored."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(template_db, home / "tatausaha.sqlite")
    ctx = AppContext.open(AppPaths(home))
    try:
        ctx.db.audit_seal = None  # as the previous version wrote: no key, no anchor file
        with ctx.uow(actor=SYSTEM) as uow:
            office.save_unit(uow, "LAMA", "Unit Lama")
            uow.commit()
        assert not (home / audit.KEY_FILE).exists()
        ctx.db.audit_seal = audit.AuditSeal.for_home(home)
        with ctx.uow(actor=SYSTEM) as uow:
            office.save_unit(uow, "BARU", "Unit Baru")
            uow.commit()
        with ctx.reader() as uow:
            checked, problems = audit.verify(uow.session)
            kinds = [r for (r,) in uow.session.execute(audit.select(audit.AuditLog.key_id).order_by(audit.AuditLog.id))]
        assert (checked, problems) == (2, [])
        assert kinds[0] is None and kinds[1] == ctx.db.audit_seal.key_id
        assert (home / audit.ANCHOR_FILE).read_text().count("\n") == 1
    finally:
        ctx.close()


def test_processes_racing_to_make_the_key_all_get_the_one_key(tmp_path: Path) -> None:
    """The first audited writes of several processes at once: one key file, whole, used by all."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from tatausaha.services.audit import AuditSeal; "
            "sys.stdin.readline(); print(AuditSeal.for_home(Path(sys.argv[1])).ensure_key().hex())")
    env = {k: v for k, v in __import__("os").environ.items() if k != audit.KEY_ENV}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env) for _ in range(6)]
    for p in procs:  # released together once every interpreter is up
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and keys == {(tmp_path / audit.KEY_FILE).read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == [audit.KEY_FILE]  # no temporary file left


def test_audit_list_is_for_auditor_and_admin(
    base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import add_account

    from tatausaha.services.auth import Role

    home = shutil.copytree(base_home, tmp_path / "home")
    add_account(home, "siti", "sandi-siti-2026", Role.OPERATOR)
    add_account(home, "irwan", "sandi-irwan-2026", Role.AUDITOR)
    monkeypatch.setenv("TATAUSAHA_HOME", str(home))
    for user, password, ok in (("siti", "sandi-siti-2026", False), ("irwan", "sandi-irwan-2026", True)):
        monkeypatch.setenv("TATAUSAHA_USER", user)
        monkeypatch.setenv("TATAUSAHA_PASSWORD", password)
        capsys.readouterr()
        rc = main(["--json", "audit", "list", "--limit", "3"])
        out, err = capsys.readouterr()
        if ok:
            assert rc == 0 and len(json.loads(out)) == 3
        else:
            assert rc == 2 and "tidak berhak membaca jejak audit" in err and out == ""


def test_the_audit_trail_page_says_a_damaged_row_instead_of_crashing(base_home: Path, tmp_path: Path) -> None:
    from tatausaha.errors import StorageError
    from tatausaha.services import audittrail

    home = shutil.copytree(base_home, tmp_path / "home")
    _damaged_bytes(home)
    ctx = AppContext.open(AppPaths(home))
    try:
        with ctx.reader() as uow, pytest.raises(StorageError, match="baris yang rusak.*audit verify"):
            audittrail.list_entries(uow, audittrail.AuditFilter())
        with ctx.reader() as uow, pytest.raises(StorageError, match="baris yang rusak"):
            audittrail.get_entry(uow, 2)
    finally:
        ctx.close()
