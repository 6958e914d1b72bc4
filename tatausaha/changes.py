"""Change sets: what a mutation changed, so views refresh only what they show.

The write path (see ``docs/architecture.md``): a command ``fn(uow)`` runs inside
``tatausaha.services.uow.perform``, which commits and returns a ``Result`` whose ``changes`` are
what the unit of work saw flushed (every inserted, updated or deleted row, by kind) merged with
any ``Changes`` the command returned itself. The UI (``UiContext.write``) and the CLI call the
same commands through it; a page never invents a change set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Kinds of records touched (e.g. ``"letter"``, ``"document"``) with the ids affected."""

    touched: dict[str, frozenset[int]] = field(default_factory=dict)
    #: "refresh everything": what a view hears after the live feed reconnects (notifications sent
    #: while it was away are not replayed) or when a notification was too large to list its rows
    everything: bool = False

    @classmethod
    def of(cls, kind: str, *ids: int) -> Changes:
        return cls({kind: frozenset(ids)})

    @classmethod
    def all(cls) -> Changes:
        """Every kind, every row: views reload whatever they show."""
        return cls({}, everything=True)

    def merge(self, other: Changes) -> Changes:
        merged = dict(self.touched)
        for kind, ids in other.touched.items():
            merged[kind] = merged.get(kind, frozenset()) | ids
        return Changes(merged, everything=self.everything or other.everything)

    def affects(self, kind: str) -> bool:
        return self.everything or kind in self.touched

    def __bool__(self) -> bool:
        return self.everything or bool(self.touched)


@dataclass(frozen=True)
class Result(Generic[T]):
    """What a committed command gives back: its value and everything it changed."""

    value: T
    changes: Changes


def changes_of(value: Any) -> Changes:
    """The change set a command returned, in any of the shapes services use: a ``Changes``, a
    ``Result``, or a DTO with a ``changes`` attribute; none for anything else."""
    if isinstance(value, Changes):
        return value
    found = getattr(value, "changes", None)
    return found if isinstance(found, Changes) else Changes()
