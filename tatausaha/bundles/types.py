"""What an area hands the bundle room, and what the room hands back (plain frozen data).

An area that can be bundled for an auditor declares an :class:`Exporter` as its
``Area.bundle_exporter`` (the registry entry). The exporter knows its own records: which scopes it
offers (a classification subtree and a period, an employee's file, a sub-kegiatan …), how to turn a
scope into :class:`BundleItem` s in the order auditors read them, and — for the area that registers
incoming letters — which of its records can be an auditor's request letter. The room knows none of
the areas' kinds: it decides what may leave the office (the one visibility rule), writes the bag and
verifies it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tatausaha.services.uow import UnitOfWork

#: The room's own scope: the results of a saved search (any area, documents too).
SAVED_SEARCH = "pencarian_tersimpan"


@dataclass(frozen=True)
class RequestLetter:
    """The auditor's request letter (surat permintaan data), itself a registered incoming letter.

    ``record_kind``/``record_id`` point at the registered letter when it is one (the area that
    registers incoming letters offers them through ``Exporter.request_letters``)."""

    nomor: str
    tanggal: dt.date | None = None
    pengirim: str = ""
    perihal: str = ""
    record_kind: str = ""
    record_id: int | None = None

    @property
    def text(self) -> str:
        parts = [self.nomor or "(tanpa nomor)"]
        if self.tanggal:
            parts.append(f"tanggal {self.tanggal.isoformat()}")
        if self.pengirim:
            parts.append(f"dari {self.pengirim}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"nomor": self.nomor, "tanggal": self.tanggal.isoformat() if self.tanggal else None,
                "pengirim": self.pengirim, "perihal": self.perihal, "record_kind": self.record_kind,
                "record_id": self.record_id}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RequestLetter:
        tgl = d.get("tanggal")
        return cls(str(d.get("nomor") or ""), dt.date.fromisoformat(tgl) if tgl else None, str(d.get("pengirim") or ""),
                   str(d.get("perihal") or ""), str(d.get("record_kind") or ""),
                   int(d["record_id"]) if d.get("record_id") is not None else None)


@dataclass(frozen=True)
class Scope:
    """What is asked for: one exporter's scope kind with its parameters and a period, or a saved search.

    ``area`` is the exporter's area (empty for :data:`SAVED_SEARCH`); ``kind`` is a key the exporter
    declared in ``scope_kinds``; ``params`` its values (e.g. a classification code, an employee id)."""

    area: str
    kind: str
    params: tuple[tuple[str, str], ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_rahasia: bool = False  # rahasia records go in only when this says so AND the exporter may see them
    request: RequestLetter | None = None

    def param(self, key: str, default: str = "") -> str:
        for k, v in self.params:
            if k == key:
                return v
        return default

    def as_dict(self) -> dict[str, Any]:
        return {"area": self.area, "kind": self.kind, "params": dict(self.params),
                "date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None,
                "include_rahasia": self.include_rahasia,
                "request": self.request.as_dict() if self.request else None}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scope:
        def day(v: Any) -> dt.date | None:
            return dt.date.fromisoformat(v) if v else None

        params = d.get("params") or {}
        return cls(str(d.get("area") or ""), str(d.get("kind") or ""),
                   tuple((str(k), str(v)) for k, v in sorted(params.items())), day(d.get("date_from")),
                   day(d.get("date_to")), bool(d.get("include_rahasia")),
                   RequestLetter.from_dict(d["request"]) if d.get("request") else None)


@dataclass(frozen=True)
class BundleFile:
    """One archived file of a record, copied byte for byte into the bag."""

    document_id: int
    sha256: str
    size: int
    original_name: str
    mime: str = "application/octet-stream"
    role: str = ""  # the link's role: scan, ttd, lampiran, cetak …
    role_label: str = ""  # how a person reads the role ("Pindaian", "Bukti", …)
    page_count: int | None = None
    link_id: int | None = None  # the document_link row (its audit rows go in the extract)


@dataclass(frozen=True)
class BundleItem:
    """One record in scope, in reading order, with its files (in the order they are read)."""

    record_kind: str
    record_id: int
    kind_label: str  # "Surat masuk"
    nomor: str = ""
    tanggal: dt.date | None = None
    perihal: str = ""
    klasifikasi: str = ""
    keamanan: str = "biasa"
    files: tuple[BundleFile, ...] = ()
    #: evidence the record should have and has not (Indonesian sentences, e.g. "belum ada pindaian")
    missing: tuple[str, ...] = ()
    #: other rows whose history belongs with the record in the audit extract: (table, id)
    audit_refs: tuple[tuple[str, str], ...] = ()
    #: the group it is read under in the table of contents (a classification, a sub-kegiatan …)
    group: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.record_kind, self.record_id)

    @property
    def title(self) -> str:
        return " — ".join(p for p in (f"{self.kind_label} {self.nomor}".strip(), self.perihal[:120]) if p)


@dataclass(frozen=True)
class ScopeParam:
    """One question the scope asks (the workspace page shows a field, the CLI takes ``key=value``)."""

    key: str
    label: str  # Indonesian
    required: bool = True
    #: (uow) -> [(value, label)]: the values to choose from; None: free text
    choices: Callable[[UnitOfWork], list[tuple[str, str]]] | None = None
    hint: str = ""


@dataclass(frozen=True)
class ScopeKind:
    key: str  # unique within the exporter
    label: str  # "Surat menurut klasifikasi dan periode"
    params: tuple[ScopeParam, ...] = ()
    uses_period: bool = True
    #: the scope is about records its area keeps restricted (an employee's file is personal data):
    #: the window ticks "Sertakan catatan rahasia" and the command line asks for them unless told not to
    asks_rahasia: bool = False


@dataclass(frozen=True)
class Exporter:
    """An area's registry entry for the auditor's bundles (``Area.bundle_exporter``).

    Calling it — ``exporter(uow, scope)`` — yields the scope's items in reading order, so it also
    satisfies the registry's plain ``Callable`` shape."""

    area: str
    label: str  # Indonesian: "Persuratan"
    scope_kinds: tuple[ScopeKind, ...]
    #: (uow, scope) -> items in reading order (every record in scope, secret ones too: the room decides)
    items: Callable[[UnitOfWork, Scope], Iterable[BundleItem]]
    #: (uow, [(kind, id)]) -> items for records found some other way (a saved search's hits)
    items_for: Callable[[UnitOfWork, Sequence[tuple[str, int]]], Iterable[BundleItem]] | None = None
    #: (uow, text) -> registered letters that can be an auditor's request letter (newest first)
    request_letters: Callable[[UnitOfWork, str], list[RequestLetter]] | None = None
    #: (uow, scope) -> the scope in words ("Klasifikasi 000.1 dan turunannya, 1-1-2024 s.d. 31-12-2024")
    describe: Callable[[UnitOfWork, Scope], str] | None = None

    def __call__(self, uow: UnitOfWork, scope: Scope) -> Iterable[BundleItem]:
        return self.items(uow, scope)

    def scope_kind(self, key: str) -> ScopeKind | None:
        return next((k for k in self.scope_kinds if k.key == key), None)


@dataclass(frozen=True)
class Withheld:
    """A record left out, counted (never named: its number and subject are secret too)."""

    keamanan: str
    reason: str  # "tidak_berhak" (outside the exporter's sight) | "tidak_diminta" (the scope leaves rahasia out)
    files: int = 0


@dataclass(frozen=True)
class BundlePlan:
    """What a scope holds, as the exporting user may hand it over (what the workspace page shows)."""

    scope: Scope
    scope_text: str
    items: tuple[BundleItem, ...]
    withheld: tuple[Withheld, ...] = ()
    secret_included: int = 0

    @property
    def records(self) -> int:
        return len(self.items)

    @property
    def files(self) -> int:
        return sum(len(i.files) for i in self.items)

    @property
    def octets(self) -> int:
        return sum(f.size for i in self.items for f in i.files)

    @property
    def missing(self) -> list[tuple[BundleItem, str]]:
        return [(i, m) for i in self.items for m in i.missing]

    @property
    def secret_total(self) -> int:
        return self.secret_included + len(self.withheld)

    def withheld_count(self, reason: str) -> int:
        return sum(1 for w in self.withheld if w.reason == reason)


@dataclass(frozen=True)
class BundleResult:
    """A finished bundle: where it is, what it holds and the hash that proves which one it is."""

    bundle_id: str
    path: str
    records: int
    files: int
    payload_octets: int
    payload_files: int
    tagmanifest_sha256: str
    secret_included: int
    secret_withheld: int
    missing: int
    audit_rows: int
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
