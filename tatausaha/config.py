"""Where the data lives, and the core settings the CLI needs (no Qt here).

``TATAUSAHA_HOME`` overrides the platform data directory; ``TATAUSAHA_DATABASE_URL`` points
at a server database (PostgreSQL) instead of the embedded SQLite file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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

    def database_url(self) -> str:
        url = os.environ.get("TATAUSAHA_DATABASE_URL")
        if url:
            return url
        return f"sqlite:///{self.database}"
