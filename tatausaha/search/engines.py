"""Which search backend serves a database: SQLite FTS5 or PostgreSQL full-text search.

Above both backends (they share ``backend.py`` below them), so choosing one never makes a circle.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from tatausaha.search.backend import SearchBackend

_BACKENDS: dict[str, SearchBackend] = {}


def backend_for_bind(bind: Engine | Connection) -> SearchBackend:
    name = bind.dialect.name
    if name not in _BACKENDS:
        if name == "sqlite":
            from tatausaha.search.fts5 import Fts5Backend  # only the backend this database needs is loaded

            _BACKENDS[name] = Fts5Backend()
        elif name == "postgresql":
            from tatausaha.search.pg import PostgresBackend

            _BACKENDS[name] = PostgresBackend()
        else:
            raise NotImplementedError(f"no search backend for {name}")
    return _BACKENDS[name]


def backend_for(session: Session) -> SearchBackend:
    return backend_for_bind(session.get_bind())
