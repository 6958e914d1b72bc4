"""Where the data lives, and the core settings the CLI needs (no Qt here).

``TATAUSAHA_HOME`` overrides the platform data directory; ``TATAUSAHA_DATABASE_URL`` points
at a server database (PostgreSQL) instead of the embedded SQLite file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import platformdirs

APP_NAME = "tatausaha"
APP_AUTHOR = "tatausaha"


@dataclass(frozen=True)
class AppPaths:
    home: Path

    @classmethod
    def from_env(cls, home: str | os.PathLike[str] | None = None) -> AppPaths:
        if home is None:
            home = os.environ.get("TATAUSAHA_HOME") or platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)
        return cls(Path(home).expanduser().absolute())

    @property
    def database(self) -> Path:
        return self.home / "tatausaha.sqlite"

    @property
    def store(self) -> Path:
        """Content-addressed archive file store."""
        return self.home / "arsip"

    @property
    def cache(self) -> Path:
        """Local copies of what lives on a server (the shared archive's files); safe to delete."""
        return self.home / "cache"

    @property
    def backups(self) -> Path:
        return self.home / "cadangan"

    @property
    def logs(self) -> Path:
        return self.home / "log"

    @property
    def quarantine(self) -> Path:
        return self.home / "karantina"

    @property
    def exports(self) -> Path:
        return self.home / "ekspor"

    @property
    def server_file(self) -> Path:
        """This PC's pointer at the office server (``ServerSpec``; no password in it)."""
        return self.home / "server.json"

    @property
    def server_passfile(self) -> Path:
        """The server password in libpq's pgpass format, readable by this OS account only."""
        return self.home / "server.pgpass"

    def server(self) -> ServerSpec | None:
        return ServerSpec.load(self.server_file)

    def database_url(self) -> str:
        url = os.environ.get("TATAUSAHA_DATABASE_URL")
        if url:
            return url
        spec = self.server()
        if spec is not None:
            return spec.url(self.server_passfile if self.server_passfile.is_file() else None)
        return f"sqlite:///{self.database}"


@dataclass(frozen=True)
class ServerSpec:
    """Where the office's PostgreSQL server is. The password never goes into this, a URL or a log line:
    libpq reads it from the pgpass file (``passfile=``)."""

    host: str
    port: int = 5432
    database: str = "tatausaha"
    user: str = "tatausaha"

    def url(self, passfile: Path | None = None) -> str:
        url = f"postgresql+psycopg://{quote(self.user, safe='')}@{self.host}:{self.port}/{quote(self.database, safe='')}"
        query = ["connect_timeout=10"]
        if passfile is not None:
            query.append(f"passfile={quote(str(passfile), safe='')}")
        return url + "?" + "&".join(query)

    def describe(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @classmethod
    def load(cls, path: Path) -> ServerSpec | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(host=str(raw["host"]), port=int(raw.get("port", 5432)), database=str(raw.get("database", "tatausaha")),
                       user=str(raw.get("user", "tatausaha")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, paths: AppPaths, password: str | None) -> None:
        """Point this PC at the server: ``server.json`` and (when given) the password file, both written
        whole (temporary name + rename), the password file readable by this OS account only."""
        paths.home.mkdir(parents=True, exist_ok=True)
        if password is not None:
            _write_private(paths.server_passfile, pgpass_line(self, password))
        _write_private(paths.server_file, json.dumps(asdict(self), indent=2) + "\n")


def pgpass_line(spec: ServerSpec, password: str) -> str:
    def esc(v: object) -> str:
        return str(v).replace("\\", "\\\\").replace(":", "\\:")

    return ":".join(esc(v) for v in (spec.host, spec.port, spec.database, spec.user, password)) + "\n"


def _write_private(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
