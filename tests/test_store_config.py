"""A PC's pointer at the office server: no password in the URL, and every connection finds the pgpass file.

The app's engine (SQLAlchemy + psycopg) and the extra libpq connections (live refresh listener,
edit locks) read the same URL; a data folder with a space in its path (``C:\\Users\\Budi Santoso``) must
reach libpq unchanged through both.
"""

from __future__ import annotations

from pathlib import Path

from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.engine import make_url

from tatausaha.config import AppPaths, ServerSpec, pgpass_line
from tatausaha.services.live import conninfo


def test_the_server_url_carries_the_passfile_not_the_password(tmp_path: Path) -> None:
    home = tmp_path / "Budi Santoso" / "tatausaha"
    paths = AppPaths(home)
    spec = ServerSpec("192.168.1.10", 5433, "kantor", "tatausaha")
    spec.save(paths, "s3kr:t\\pa ss")
    assert ServerSpec.load(paths.server_file) == spec
    assert "s3kr" not in paths.server_file.read_text()
    url = paths.database_url()
    assert "s3kr" not in url and make_url(url).password is None
    assert make_url(url).query["passfile"] == str(paths.server_passfile)  # what SQLAlchemy hands psycopg
    libpq = conninfo_to_dict(conninfo(url))  # what the listener and the edit locks hand libpq
    assert libpq["passfile"] == str(paths.server_passfile) and " " in libpq["passfile"]
    assert (libpq["host"], libpq["port"], libpq["dbname"], libpq["user"]) == ("192.168.1.10", "5433", "kantor", "tatausaha")
    # pgpass escapes ':' and '\' so libpq reads the password back whole
    assert paths.server_passfile.read_text() == pgpass_line(spec, "s3kr:t\\pa ss")
    assert pgpass_line(spec, "s3kr:t\\pa ss").rstrip("\n").split(":", 4)[4] == "s3kr\\:t\\\\pa ss"


def test_an_explicit_database_url_wins_over_the_server_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths = AppPaths(tmp_path)
    ServerSpec("server-tu").save(paths, "sandi-panjang-sekali")
    monkeypatch.setenv("TATAUSAHA_DATABASE_URL", "postgresql+psycopg://dev@localhost/dev")
    assert paths.database_url() == "postgresql+psycopg://dev@localhost/dev"
    monkeypatch.delenv("TATAUSAHA_DATABASE_URL")
    assert "server-tu" in paths.database_url()
    (tmp_path / "server.json").write_text("{rusak")
    assert paths.database_url().startswith("sqlite:///")  # an unreadable pointer: back to this PC's file
