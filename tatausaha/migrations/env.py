"""Alembic environment: the models' metadata, batch mode for SQLite, URL from tatausaha settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from tatausaha.models import Base
from tatausaha.storage.database import Database

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # FTS5 virtual tables and their shadow tables are managed by the search backend's migration.
    if type_ == "table" and name and (name.startswith("search_fts") or name.startswith("sqlite_")):
        return False
    return True


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def url_from_settings() -> str:
    x = context.get_x_argument(as_dictionary=True)
    if x.get("db"):
        return x["db"]
    if config.get_main_option("sqlalchemy.url"):
        return config.get_main_option("sqlalchemy.url")  # type: ignore[return-value]
    from tatausaha.config import AppPaths

    return AppPaths.from_env().database_url()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    db = Database(url_from_settings())
    try:
        with db.engine.connect() as conn:
            run_with(conn)
            conn.commit()
    finally:
        db.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
