"""AppContext: the things every service caller needs, built once and passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field

from tatausaha import clock as _clock
from tatausaha.config import AppPaths
from tatausaha.services.auth import SYSTEM, Actor
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.archive import ArchiveStore, open_archive
from tatausaha.storage.database import Database


@dataclass
class AppContext:
    paths: AppPaths
    db: Database
    store: ArchiveStore
    actor: Actor = SYSTEM
    json: bool = False  # CLI: print data as JSON
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def open(cls, paths: AppPaths | None = None, *, migrate: bool = True) -> AppContext:
        from tatausaha.services.audit import AuditSeal
        from tatausaha.storage.migrate import open_database

        paths = paths or AppPaths.from_env()
        db = open_database(paths, migrate=migrate)
        db.audit_seal = AuditSeal.for_home(paths.home)  # key and anchor file live beside the database
        ctx = cls(paths=paths, db=db, store=open_archive(db, paths))
        if migrate:
            from tatausaha.services import office, settings

            with ctx.reader() as uow:
                office.load_office_zone(uow)
                settings.load_qr_key(uow)
        return ctx

    def uow(self, *, write: bool = True, actor: Actor | None = None) -> UnitOfWork:
        return UnitOfWork(self.db, actor or self.actor, write=write)

    def reader(self, actor: Actor | None = None) -> UnitOfWork:
        return UnitOfWork(self.db, actor or self.actor, write=False)

    @property
    def clock(self) -> _clock.Clock:
        """The clock every service, the demo and the numbering read (process-wide, see ``tatausaha.clock``)."""
        return _clock.get_clock()

    @clock.setter
    def clock(self, value: _clock.Clock | None) -> None:
        _clock.set_clock(value)

    def close(self) -> None:
        self.db.dispose()


# The CLI hands this same object to subcommand handlers.
CliContext = AppContext
