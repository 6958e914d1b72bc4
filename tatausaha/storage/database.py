"""Engine and session factory for one database. No module globals: create one per app/CLI run."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from tatausaha.storage import dialect


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        #: this process's handle on the database: live notifications it sent carry it (and are skipped here)
        self.instance_id = uuid.uuid4().hex[:16]
        kwargs: dict[str, object] = {"echo": echo}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": dialect.SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
        dialect.configure_engine(self.engine)
        #: The audit key and anchor file (``tatausaha.services.audit.AuditSeal``), set by whoever knows
        #: the data folder; ``None``: rows are chained without a key and not anchored.
        self.audit_seal: object | None = None
        self._read_factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write_factory = sessionmaker(
            bind=self.engine.execution_options(tatausaha_write=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def new_session(self, *, write: bool) -> Session:
        return (self._write_factory if write else self._read_factory)()

    def dispose(self) -> None:
        self.engine.dispose()
