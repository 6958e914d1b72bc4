"""The command line acts as a person (issue 10 item 4): record commands need a log-in, the audit
trail names that user, a wrong password counts toward the lock-out, ``search --user`` without a
password is gone, and only the set-up and repair commands run without one."""

from __future__ import annotations

import json
import os
import pty
import select
import sys
from pathlib import Path

import pytest
from conftest import CLI_PASSWORD, CLI_USER, add_account  # the one place that logs the CLI in
from sqlalchemy import select as sql_select

from tatausaha.cli import main
from tatausaha.context import AppContext
from tatausaha.models.audit import AuditLog
from tatausaha.services.auth import Role


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str,
        user: str | None = None, password: str | None = None) -> tuple[int, str, str]:
    for key, value in (("TATAUSAHA_USER", user), ("TATAUSAHA_PASSWORD", password)):
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    capsys.readouterr()
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("tatausaha: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def office_home(ctx: AppContext) -> Path:
    """A database with an admin (the CLI test account), an operator and a pimpinan."""
    home = ctx.paths.home
    ctx.close()
    add_account(home)
    add_account(home, "siti", "sandi-siti-2026", Role.OPERATOR)
    add_account(home, "camat", "sandi-camat-2026", Role.PIMPINAN)
    return home


RECORD_COMMANDS = [
    ["letters", "list"],
    ["letters", "show", "M-1"],
    ["letters", "number", "SD"],
    ["users", "list"],
    ["users", "add", "x", "--name", "X", "--role", "admin", "--password", "sandi-x-2026"],
    ["search", "undangan"],
    ["inbox", "list"],
    ["watch", "--once"],
    ["audit", "list"],
    ["print", "register", "masuk", "--tahun", "2026", "-o", "agenda.pdf"],
    ["print", "kwitansi", "--jumlah", "100", "--dari", "a", "--kepada", "b", "--untuk", "c", "-o", "k.pdf"],
]


@pytest.mark.parametrize("args", RECORD_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_record_command_without_a_log_in_is_refused(
    office_home: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _audit_rows(office_home)
    rc, out, err = run(monkeypatch, capsys, *args)
    assert rc != 0 and out == ""
    assert "butuh log-in" in one_line(err) and "TATAUSAHA_USER" in err
    assert _audit_rows(office_home) == before  # nothing written, nothing read out


def _audit_rows(home: Path) -> list[tuple[int, str, str]]:
    from tatausaha.config import AppPaths

    c = AppContext.open(AppPaths(home))
    try:
        with c.reader() as uow:
            return [(r.id, r.actor_name, r.action) for r in uow.session.execute(
                sql_select(AuditLog).order_by(AuditLog.id)).scalars()]
    finally:
        c.close()


def test_users_add_admin_needs_an_admin_log_in(
    office_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ["users", "add", "xy", "--name", "Penyusup", "--role", "admin", "--password", "sandi-x-2026"]
    rc, _, err = run(monkeypatch, capsys, *add)
    assert rc == 2 and "butuh log-in" in one_line(err)
    rc, _, err = run(monkeypatch, capsys, *add, user="siti", password="sandi-siti-2026")
    assert rc == 2 and "siti (operator) tidak berhak mengelola pengaturan dan pengguna" in one_line(err)
    rc, _, err = run(monkeypatch, capsys, *add, user="camat", password="sandi-camat-2026")
    assert rc == 2 and "tidak berhak" in one_line(err)
    rc, out, _ = run(monkeypatch, capsys, "--json", "users", "list", user=CLI_USER, password=CLI_PASSWORD)
    assert "xy" not in {u["username"] for u in json.loads(out)}
    # The admin may; the audit trail names the admin, not an anonymous "sistem".
    rc, out, err = run(monkeypatch, capsys, *add, user=CLI_USER, password=CLI_PASSWORD)
    assert rc == 0, err
    rows = _audit_rows(office_home)
    created = [r for r in rows if r[2] == "create"][-1]
    assert created[1] == CLI_USER
    assert (CLI_USER, "login") in {(r[1], r[2]) for r in rows}


def test_user_option_before_or_after_the_command_with_the_password_from_the_environment(
    office_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TATAUSAHA_PASSWORD", "sandi-siti-2026")
    for argv in (["--user", "siti", "--json", "letters", "list"], ["--json", "letters", "list", "--user", "siti"]):
        capsys.readouterr()
        assert main(argv) == 0, capsys.readouterr().err
        assert json.loads(capsys.readouterr().out) == []
    assert [r[1] for r in _audit_rows(office_home) if r[2] == "login"][-2:] == ["siti", "siti"]


def test_wrong_passwords_count_toward_the_lock_out(
    office_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(5):
        rc, _, err = run(monkeypatch, capsys, "letters", "list", user="siti", password="salah-sekali")
        assert rc == 2 and "Nama pengguna atau kata sandi salah" in one_line(err) or "dikunci" in err
    rc, _, err = run(monkeypatch, capsys, "letters", "list", user="siti", password="sandi-siti-2026")
    assert rc == 2 and "dikunci" in one_line(err)  # the right password is refused while locked
    failed = [r for r in _audit_rows(office_home) if r[2] == "login_failed"]
    assert len(failed) == 5 and {r[1] for r in failed} == {"siti"}


def test_search_as_another_user_needs_that_users_password(
    office_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The old `search --user camat` (impersonation without a password) now means "log in as camat".
    rc, out, err = run(monkeypatch, capsys, "search", "--user", "camat", "undangan")
    assert rc == 2 and out == "" and "Kata sandi untuk camat wajib" in one_line(err)
    rc, _, err = run(monkeypatch, capsys, "search", "--user", "camat", "undangan", password="sandi-siti-2026")
    assert rc == 2 and "kata sandi salah" in one_line(err)
    rc, out, err = run(monkeypatch, capsys, "search", "--user", "camat", "undangan", password="sandi-camat-2026")
    assert rc == 0, err


def test_set_up_and_repair_commands_without_a_log_in(
    office_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The OS owner of the SQLite data folder may check, verify and back up (they can copy the file anyway).
    rc, out, err = run(monkeypatch, capsys, "--json", "check")
    assert rc == 0, err
    assert json.loads(out)["ok"] is True
    rc, out, err = run(monkeypatch, capsys, "audit", "verify")
    assert rc == 0 and "utuh" in out, err
    rc, out, err = run(monkeypatch, capsys, "--json", "backup", "-o", str(tmp_path / "c.zip"))
    assert rc == 0, err
    assert not [r for r in _audit_rows(office_home) if r[2] == "login"]  # those runs wrote nothing
    # init without a log-in is limited to what is missing.
    rc, out, err = run(monkeypatch, capsys, "--json", "init", "--admin-user", "baru", "--admin-password", "sandi-baru-2026")
    assert rc == 0 and json.loads(out)["admin_dibuat"] is False, err
    # A fresh folder: init and demo before any account exists.
    fresh = tmp_path / "baru"
    monkeypatch.setenv("TATAUSAHA_HOME", str(fresh))
    rc, out, err = run(monkeypatch, capsys, "--json", "init")
    assert rc == 0, err
    # Credentials offered to a folder without accounts do not stop set-up (there is nobody to log in as).
    rc, out, err = run(monkeypatch, capsys, "--json", "init", user="siapa", password="apa-saja-1")
    assert rc == 0, err


def test_the_watcher_runs_as_someone_who_may_file_scans(
    office_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    add_account(office_home, "irwan", "sandi-irwan-2026", Role.AUDITOR)
    add_account(office_home, "pemindai", "sandi-pindai-2026", Role.OPERATOR)
    scan = tmp_path / "pindai"
    scan.mkdir()
    args = ["--json", "watch", str(scan), "--once", "--quiet", "0", "--no-ocr"]
    rc, _, err = run(monkeypatch, capsys, *args, user="irwan", password="sandi-irwan-2026")
    assert rc == 2 and "irwan (auditor) tidak berhak" in one_line(err)
    rc, out, err = run(monkeypatch, capsys, *args, user="pemindai", password="sandi-pindai-2026")
    assert rc == 0, err
    assert ("pemindai", "login") in {(r[1], r[2]) for r in _audit_rows(office_home)}


def test_a_database_without_accounts_says_how_to_make_the_first_admin(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx.close()
    rc, out, err = run(monkeypatch, capsys, "letters", "list")
    assert rc == 2 and out == "" and "init --admin-user" in one_line(err)


def test_check_on_a_server_database_is_not_an_owner_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from tatausaha.cli import login

    server = SimpleNamespace(db=SimpleNamespace(is_sqlite=False), paths=SimpleNamespace(home=Path("/")))
    assert login.owner_of_data_folder(server) is False


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminal")
def test_user_option_prompts_for_the_password_on_a_terminal(office_home: Path) -> None:
    """``--user siti`` from a terminal asks the password without echo (getpass) and logs in."""
    env = {k: v for k, v in os.environ.items() if k not in ("TATAUSAHA_USER", "TATAUSAHA_PASSWORD", "CI")}
    env["TATAUSAHA_HOME"] = str(office_home)
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        os.execve(sys.executable, [sys.executable, "-m", "tatausaha", "--user", "siti", "--json", "letters", "list"], env)
    output = b""
    try:
        output = _read_until(fd, b"Kata sandi siti: ")
        os.write(fd, b"sandi-siti-2026\n")
        output += _read_until(fd, None)
    finally:
        _, status = os.waitpid(pid, 0)
    text = output.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "sandi-siti-2026" not in text  # not echoed
    assert "[]" in text
    assert [r[1] for r in _audit_rows(office_home) if r[2] == "login"][-1] == "siti"


def _read_until(fd: int, marker: bytes | None, timeout: float = 60.0) -> bytes:
    buf = b""
    while marker is None or marker not in buf:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise AssertionError(f"no output in {timeout} s: {buf!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        buf += chunk
    return buf
