"""Change sets: what a mutation changed, so views refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Kinds of records touched (e.g. ``"letter"``, ``"document"``) with the ids affected."""

    touched: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: str, *ids: int) -> Changes:
        return cls({kind: frozenset(ids)})

    def merge(self, other: Changes) -> Changes:
        merged = dict(self.touched)
        for kind, ids in other.touched.items():
            merged[kind] = merged.get(kind, frozenset()) | ids
        return Changes(merged)

    def affects(self, kind: str) -> bool:
        return kind in self.touched

    def __bool__(self) -> bool:
        return bool(self.touched)
