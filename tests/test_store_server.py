"""Several PCs on one office server (issue 15 items 1 and 6), on a real PostgreSQL server started here.

The server is set up the way the README tells a Kasubag: `tatausaha server init` as PostgreSQL's
administrator (password authentication on, not trust), each PC pointed at it with `server connect`
(what the wizard does), then two app processes with their own data folders: a scan filed on PC A is
opened on PC B from the shared archive inside the database. Backup and restore go through the real
pg_dump/pg_restore; a tampered backup is refused without a change.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from test_foundation_postgres import PgServer, _pg_bin

from tatausaha.app import server
from tatausaha.config import AppPaths, ServerSpec

pytestmark = pytest.mark.postgres

ADMIN_PW = "Adm1n-Server-Rahasia"
APP_PW = "Komputer-Kantor-2026"
TU_PW = "rahasia123"


class PasswordServer(PgServer):
    """A cluster whose administrator is ``postgres`` with a password, and TCP log-ins checked by scram."""

    def start(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PW + "\n")
        if self.run_as:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", f"--pwfile={pwfile}",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync", "--locale=C")
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                  "-t", "30", "-o", opts, "start")


@pytest.fixture(scope="module")
def pgs() -> Iterator[PasswordServer]:
    pytest.importorskip("psycopg", reason="psycopg (PostgreSQL driver) is not installed")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; set TATAUSAHA_PG_BIN")
    s = PasswordServer(bindir)
    s.start()
    try:
        yield s
    finally:
        s.stop()


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("TATAUSAHA_DATABASE_URL", "PGPASSWORD", "TATAUSAHA_APP_PASSWORD", "TATAUSAHA_USER",
                        "TATAUSAHA_PASSWORD")}
    return {**env, "TATAUSAHA_HOME": str(home), **extra}


def tatausaha(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tatausaha", *args], capture_output=True, text=True,
                          env=_env(home, **extra), timeout=300, stdin=subprocess.DEVNULL)


def server_args(pgs: PasswordServer, database: str) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(pgs.port), "--admin", "postgres", "--database", database]


def superuser(pgs: PasswordServer, database: str):  # type: ignore[no-untyped-def]
    return create_engine(URL.create("postgresql+psycopg", username="postgres", password=ADMIN_PW, host="127.0.0.1",
                                    port=pgs.port, database=database), isolation_level="AUTOCOMMIT")


FILE_A_SCAN = r"""
import datetime as dt, hashlib, io, json, os, random, sys
from pathlib import Path
from PIL import Image
from reportlab.pdfgen import canvas
from tatausaha.context import AppContext
from tatausaha.correspondence import letters
from tatausaha.correspondence.letter_types import SuratMasukInput
from tatausaha.services import accounts

scan = Path(sys.argv[1])
rnd = random.Random(15)
img = Image.frombytes("L", (1400, 1400), bytes(rnd.getrandbits(8) for _ in range(1400 * 1400)))
jpg = io.BytesIO(); img.save(jpg, "JPEG", quality=95)
from reportlab.lib.utils import ImageReader
c = canvas.Canvas(str(scan)); c.drawString(72, 800, "Undangan rapat koordinasi"); c.drawImage(ImageReader(io.BytesIO(jpg.getvalue())), 72, 72, 400, 400); c.save()
ctx = AppContext.open()
actor = accounts.login(ctx.db, "admin", os.environ["TU_PW"])
with ctx.uow(actor=actor) as uow:
    saved = letters.register_masuk(uow, SuratMasukInput(tanggal_terima=dt.date(2026, 12, 1), pengirim="Polsek Jatisampurna",
                                   perihal=sys.argv[2]), store=ctx.store, scans=[scan])
    uow.commit()
print(json.dumps({"id": saved.id, "sha": hashlib.sha256(scan.read_bytes()).hexdigest(), "size": scan.stat().st_size,
                  "cache": [str(p) for p in (ctx.paths.cache / "arsip").rglob("*") if p.is_file()]}))
ctx.close()
"""

OPEN_ON_B = r"""
import hashlib, io, json, os, sys
from pypdf import PdfReader
from tatausaha.context import AppContext
from tatausaha.correspondence import letters
from tatausaha.services import accounts

ctx = AppContext.open()
actor = accounts.login(ctx.db, "admin", os.environ["TU_PW"])
with ctx.reader(actor) as uow:
    detail = letters.get_masuk(uow, int(sys.argv[1]))
out = []
for a in detail.attachments:
    data = ctx.store.read_bytes(a.sha256)
    out.append({"sha": hashlib.sha256(data).hexdigest(), "pages": len(PdfReader(io.BytesIO(data)).pages),
                "perihal": detail.perihal, "shared": ctx.store.shared})
print(json.dumps(out))
ctx.close()
"""


def _script(home: Path, code: str, *args: str) -> dict | list:  # type: ignore[type-arg]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          env=_env(home, TU_PW=TU_PW), stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _no_secret(*outputs: str) -> None:
    for out in outputs:
        assert ADMIN_PW not in out and APP_PW not in out


@pytest.fixture(scope="module")
def office(pgs: PasswordServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The README's steps: server init, two PCs connected, the office set up from PC A."""
    root = tmp_path_factory.mktemp("kantor")
    srv, pc_a, pc_b = root / "server", root / "pc-a", root / "pc-b"
    done = tatausaha(srv, "server", "init", *server_args(pgs, "kantor"), PGPASSWORD=ADMIN_PW, TATAUSAHA_APP_PASSWORD=APP_PW)
    assert done.returncode == 0, done.stderr
    assert "Server siap" in done.stdout and "tatausaha_pemilik" in done.stdout
    _no_secret(done.stdout, done.stderr)
    again = tatausaha(srv, "server", "init", *server_args(pgs, "kantor"), PGPASSWORD=ADMIN_PW)  # idempotent
    assert again.returncode == 0, again.stderr
    for pc in (pc_a, pc_b):
        c = tatausaha(pc, "server", "connect", "--host", "127.0.0.1", "--port", str(pgs.port), "--database", "kantor",
                      TATAUSAHA_APP_PASSWORD=APP_PW)
        assert c.returncode == 0, c.stderr
        assert "Tersambung ke server" in c.stdout
        _no_secret(c.stdout, c.stderr, (pc / "server.json").read_text())
        assert stat.S_IMODE((pc / "server.pgpass").stat().st_mode) == 0o600
    init = tatausaha(pc_a, "init", "--admin-user", "admin", "--admin-password", TU_PW, "--pemerintah", "PEMERINTAH KOTA BEKASI",
                     "--kantor", "KECAMATAN JATISAMPURNA", "--kode-unit", "Kec.JTS")
    assert init.returncode == 0, init.stderr
    assert not (pc_a / "tatausaha.sqlite").exists()  # the PC keeps no database of its own
    # The audit key is the office's, not a PC's: every other PC gets the first PC's (README, step 6).
    assert not (pc_b / "kunci-audit").exists()
    c = tatausaha(pc_b, "server", "connect", "--host", "127.0.0.1", "--port", str(pgs.port), "--database", "kantor",
                  "--kunci-audit", str(pc_a / "kunci-audit"), TATAUSAHA_APP_PASSWORD=APP_PW)
    assert c.returncode == 0 and "Kunci jejak audit kantor dipasang" in c.stdout, c.stderr
    assert (pc_b / "kunci-audit").read_text() == (pc_a / "kunci-audit").read_text()
    assert stat.S_IMODE((pc_b / "kunci-audit").stat().st_mode) == 0o600
    not_a_key = pc_b / "server.json"
    bad = tatausaha(pc_b, "server", "connect", "--host", "127.0.0.1", "--port", str(pgs.port), "--database", "kantor",
                    "--kunci-audit", str(not_a_key), TATAUSAHA_APP_PASSWORD=APP_PW)
    assert bad.returncode == 2 and "bukan berkas kunci" in bad.stderr, bad.stderr
    return {"server": srv, "a": pc_a, "b": pc_b, "root": root}


def test_a_scan_filed_on_one_pc_opens_on_the_other(office: dict[str, Path], pgs: PasswordServer) -> None:
    scan = office["root"] / "undangan.pdf"
    filed = _script(office["a"], FILE_A_SCAN, str(scan), "Undangan rapat koordinasi")
    assert isinstance(filed, dict) and filed["size"] > 1024 * 1024  # more than one part of 1 MiB
    opened = _script(office["b"], OPEN_ON_B, str(filed["id"]))
    assert opened == [{"sha": filed["sha"], "pages": 1, "perihal": "Undangan rapat koordinasi", "shared": True}]
    assert not (office["b"] / "arsip").exists()  # nothing from a local folder: it came from the server
    with superuser(pgs, "kantor").connect() as conn:
        parts = conn.execute(text("SELECT parts, size FROM archive_file WHERE sha256 = :s"), {"s": filed["sha"]}).one()
    assert parts == (-(-filed["size"] // (1024 * 1024)), filed["size"]) and parts[0] > 1
    # `check` on PC B re-hashes the file from the server.
    chk = tatausaha(office["b"], "--json", "check", TATAUSAHA_USER="admin", TATAUSAHA_PASSWORD=TU_PW)
    report = json.loads(chk.stdout)
    assert report["files_checked"] >= 1 and not report["missing"] and not report["corrupt"], chk.stderr
    assert not report["database_problems"] and not report["audit_problems"]


def test_archived_files_are_read_only_for_the_pcs_and_damage_is_found(office: dict[str, Path], pgs: PasswordServer) -> None:
    scan = office["root"] / "nota.pdf"
    filed = _script(office["a"], FILE_A_SCAN, str(scan), "Nota dinas")
    pc = create_engine(ServerSpec.load(office["a"] / "server.json").url(office["a"] / "server.pgpass"))  # type: ignore[union-attr]
    try:
        for sql in ("UPDATE archive_part SET data = 'x' WHERE sha256 = :s", "DELETE FROM archive_part WHERE sha256 = :s",
                    "DELETE FROM archive_file WHERE sha256 = :s"):
            with pytest.raises(DBAPIError, match="permission denied"), pc.begin() as conn:
                conn.execute(text(sql), {"s": filed["sha"]})
    finally:
        pc.dispose()
    su = superuser(pgs, "kantor")
    with su.connect() as conn:  # even the owner is stopped by the write-once trigger
        with pytest.raises(DBAPIError, match="hanya-baca"):
            conn.execute(text("UPDATE archive_part SET data = 'x' WHERE sha256 = :s"), {"s": filed["sha"]})
    ok = tatausaha(office["server"], "server", "check", *server_args(pgs, "kantor"), PGPASSWORD=ADMIN_PW)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Server sehat" in ok.stdout
    # Someone with the server's keys goes around the guard and changes one byte: check names the file.
    with su.connect() as conn:
        conn.execute(text("ALTER TABLE archive_part DISABLE TRIGGER archive_part_write_once"))
        conn.execute(text("UPDATE archive_part SET data = overlay(data placing '\\x00'::bytea from 100 for 1) "
                          "WHERE sha256 = :s AND part = 0"), {"s": filed["sha"]})
    try:
        bad = tatausaha(office["server"], "server", "check", *server_args(pgs, "kantor"), PGPASSWORD=ADMIN_PW)
        assert bad.returncode == 1
        assert "Berkas rusak: 1" in bad.stdout and filed["sha"][:12] in bad.stdout
        assert "pengaman hanya-baca pada archive_part tidak aktif" in bad.stdout
    finally:
        with su.connect() as conn:
            conn.execute(text("ALTER TABLE archive_part ENABLE TRIGGER archive_part_write_once"))
    su.dispose()


def test_server_backup_and_restore_round_trip(office: dict[str, Path], pgs: PasswordServer) -> None:
    target = office["root"] / "cadangan.zip"
    # the database the previous test damaged on purpose: start this one from a healthy office
    args = server_args(pgs, "kantor2")
    assert tatausaha(office["server"], "server", "init", *args, PGPASSWORD=ADMIN_PW).returncode == 0
    pc = office["root"] / "pc-c"
    assert tatausaha(pc, "server", "connect", "--host", "127.0.0.1", "--port", str(pgs.port), "--database", "kantor2",
                     TATAUSAHA_APP_PASSWORD=APP_PW).returncode == 0
    assert tatausaha(pc, "init", "--admin-user", "admin", "--admin-password", TU_PW, "--pemerintah", "PEMERINTAH KOTA BEKASI",
                     "--kantor", "KECAMATAN JATISAMPURNA").returncode == 0
    kept = _script(pc, FILE_A_SCAN, str(office["root"] / "sk.pdf"), "Sebelum cadangan")
    made = tatausaha(office["server"], "--json", "server", "backup", *args, "-o", str(target), PGPASSWORD=ADMIN_PW)
    assert made.returncode == 0, made.stderr
    _no_secret(made.stdout, made.stderr)
    manifest = json.loads(made.stdout)
    assert manifest["verified"]["restored_into_scratch"] and manifest["archive_files"] == 1
    with zipfile.ZipFile(target) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "tatausaha.dump"]
        assert hashlib.sha256(zf.read("tatausaha.dump")).hexdigest() == manifest["dump"]["sha256"]
    later = _script(pc, FILE_A_SCAN, str(office["root"] / "sesudah.pdf"), "Sesudah cadangan")

    # A tampered copy is refused and changes nothing.
    bad = office["root"] / "rusak.zip"
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(bad, "w") as dst:
        dump = bytearray(src.read("tatausaha.dump"))
        dump[len(dump) // 2] ^= 0xFF
        dst.writestr("tatausaha.dump", bytes(dump))
        dst.writestr("manifest.json", src.read("manifest.json"))
    refused = tatausaha(office["server"], "server", "restore", *args, str(bad), "--force", PGPASSWORD=ADMIN_PW)
    assert refused.returncode == 2 and "tidak cocok" in refused.stderr and "Traceback" not in refused.stderr
    assert tatausaha(office["server"], "server", "restore", *args, str(target), PGPASSWORD=ADMIN_PW).returncode == 2  # no --force
    assert _script(pc, OPEN_ON_B, str(later["id"]))[0]["perihal"] == "Sesudah cadangan"  # type: ignore[index]

    done = tatausaha(office["server"], "--json", "server", "restore", *args, str(target), "--force", PGPASSWORD=ADMIN_PW)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["previous_kept_as"].startswith("kantor2_sebelum_pulih_")
    # The office is back at the backup's moment: the letter filed before it opens (from a PC whose cache is
    # empty), the one filed after it is gone; the PCs' account still works on the restored database.
    fresh_pc = office["root"] / "pc-d"
    assert tatausaha(fresh_pc, "server", "connect", "--host", "127.0.0.1", "--port", str(pgs.port), "--database",
                     "kantor2", TATAUSAHA_APP_PASSWORD=APP_PW).returncode == 0
    assert _script(fresh_pc, OPEN_ON_B, str(kept["id"]))[0]["sha"] == kept["sha"]  # type: ignore[index]
    gone = subprocess.run([sys.executable, "-c", OPEN_ON_B, str(later["id"])], capture_output=True, text=True,
                          env=_env(fresh_pc, TU_PW=TU_PW), timeout=300)
    assert gone.returncode != 0 and "NotFound" in gone.stderr
    healthy = tatausaha(office["server"], "server", "check", *args, PGPASSWORD=ADMIN_PW)
    assert healthy.returncode == 0, healthy.stdout


def test_connection_test_says_what_is_wrong_in_indonesian(office: dict[str, Path], pgs: PasswordServer) -> None:
    good = ServerSpec("127.0.0.1", pgs.port, "kantor", "tatausaha")
    assert server.test_connection(good, APP_PW).ok
    wrong = server.test_connection(good, "salah-sandi-ini")
    assert not wrong.ok and "Kata sandi atau nama pengguna ditolak" in wrong.message
    assert "salah-sandi-ini" not in wrong.message
    no_db = server.test_connection(ServerSpec("127.0.0.1", pgs.port, "tidakada", "tatausaha"), APP_PW)
    assert not no_db.ok and ("belum ada" in no_db.message or "tidak punya izin" in no_db.message)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    down = server.test_connection(ServerSpec("127.0.0.1", closed, "kantor", "tatausaha"), APP_PW)
    assert not down.ok and "Tidak dapat tersambung" in down.message
    # a failed test saves nothing
    pc = office["root"] / "pc-salah"
    failed = tatausaha(pc, "server", "connect", "--host", "127.0.0.1", "--port", str(pgs.port), "--database", "kantor",
                       TATAUSAHA_APP_PASSWORD="salah-sandi-ini")
    assert failed.returncode == 2 and not (pc / "server.json").exists() and not (pc / "server.pgpass").exists()


def test_an_older_server_schema_sends_the_pc_to_server_init(office: dict[str, Path], pgs: PasswordServer) -> None:
    """A PC with a newer tatausaha than the server: the PC's account may not change the schema, so the app
    says to run `server init` on the server (and the wizard's test says the same) instead of failing oddly."""
    args = server_args(pgs, "kantor3")
    assert tatausaha(office["server"], "server", "init", *args, PGPASSWORD=ADMIN_PW).returncode == 0
    su = superuser(pgs, "kantor3")
    with su.connect() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        conn.execute(text("UPDATE alembic_version SET version_num = '0010'"))  # as if made by an older version
    pc = office["root"] / "pc-lama"
    spec = ServerSpec("127.0.0.1", pgs.port, "kantor3", "tatausaha")
    found = server.test_connection(spec, APP_PW)
    assert not found.ok and "server init" in found.message and "lebih lama" in found.message
    spec.save(AppPaths(pc), APP_PW)
    opened = tatausaha(pc, "init")
    assert opened.returncode == 2 and "tatausaha server init" in opened.stderr and "Traceback" not in opened.stderr
    chk = tatausaha(office["server"], "server", "check", *args, PGPASSWORD=ADMIN_PW)
    assert chk.returncode == 1 and "belum mutakhir" in chk.stdout
    with su.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :h"), {"h": head})
    su.dispose()
