"""The area registry: which areas are installed and which record kinds they own.

An *area* (correspondence, staff, SPJ …) declares itself once, in ``tatausaha/<area>/area.py``,
as ``AREA = Area(...)``. The generic rooms — ingest, search, the QR reference, the demo, the CLI
and the UI shell — ask this registry instead of keeping their own lists of kinds, so a new kind
is one declaration in its own area and no edit anywhere else.

The list of installed areas lives in the application layer (``tatausaha.app.areas``). It is
loaded on first use (like Django's ``INSTALLED_APPS``), so a test or a script that only opens a
database still sees every installed area; a test can add a throw-away area with
:func:`installed` and take it away again.

This module is kernel: it imports nothing of ingest, search, the areas or the UI. Types those
rooms own (``SearchSource``, ``Extracted``, ``AppContext``) appear here as ``Any``.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tatausaha.changes import Changes
    from tatausaha.services.uow import UnitOfWork

#: The application-layer module whose ``AREAS`` tuple lists the installed areas.
INSTALLED_AREAS_MODULE = "tatausaha.app.areas"


@dataclass(frozen=True)
class RecordLabel:
    """How a record presents itself wherever another room names it (Kotak Pindai, search, links)."""

    kind: str
    id: int
    kind_label: str
    nomor: str = ""
    perihal: str = ""
    keamanan: str = "biasa"
    agenda: str = ""  # "12/2024": the register number, when the kind has one
    chain_user_ids: frozenset[int] = frozenset()  # who may see it when keamanan is rahasia
    chain_unit_ids: frozenset[int] = frozenset()

    @property
    def text(self) -> str:
        parts = [f"{self.kind_label} #{self.id}"]
        if self.agenda:
            parts.append(f"agenda {self.agenda}")
        if self.nomor:
            parts.append(self.nomor)
        if self.perihal:
            parts.append(self.perihal[:80])
        return " — ".join(parts)


@dataclass(frozen=True)
class ScanMatch:
    """A record that a scan's text resembles (ranked suggestions in the Kotak Pindai)."""

    id: int
    score: float  # 0..1
    why: str  # Indonesian


@dataclass(frozen=True)
class ScanForm:
    """A kind whose records can be *created* from a scan (e.g. a new surat masuk)."""

    label: str  # "Surat masuk baru" — the action's text
    #: (uow, extracted letter data) -> fields for the form, checked by the clerk before saving
    prefill: Callable[[UnitOfWork, Any], dict[str, object]]
    #: (uow, fields) -> (new record id, changes); runs in the caller's transaction
    create: Callable[[UnitOfWork, dict[str, object]], tuple[int, Changes]]
    required: tuple[str, ...] = ()  # fields that must not be empty


@dataclass(frozen=True)
class RecordKind:
    """One kind of record an area owns: the only place its name is written."""

    name: str  # "surat_keluar": the QR kind, the DocumentLink.record_kind, the search index kind
    label: str  # "Surat keluar"
    model: type | None = None  # the ORM class; None while the area is declared but not built yet
    #: other QR kinds printed on this kind's documents (a printed kwitansi lands on its SPJ item)
    qr_aliases: tuple[str, ...] = ()
    scan_role: str = "scan"  # DocumentLink role of a scan filed on it by its QR code
    #: QR kinds printed on a *cover sheet* of this kind's records (a checklist cover, a lembar
    #: sampul): the pages scanned behind the cover are the record's evidence, filed on it one
    #: document per page, or one per stack cut by separator sheets; the cover page is not kept
    cover_aliases: tuple[str, ...] = ()
    cover_role: str = "bukti"  # DocumentLink role of the documents filed behind a cover sheet
    #: (uow, id) -> RecordLabel, None when the row does not exist; default: read the model generically
    describe: Callable[[UnitOfWork, int], RecordLabel | None] | None = None
    #: (uow, letter number as read from a scan) -> ids, best first
    find_by_number: Callable[[UnitOfWork, str], list[int]] | None = None
    #: (uow, extracted scan data) -> ranked matches beyond the number (perihal, sender …)
    suggest: Callable[[UnitOfWork, Any], list[ScanMatch]] | None = None
    #: (uow, record id, document id, role, note) -> Changes; default: a plain document link
    attach_scan: Callable[[UnitOfWork, int, int, str, str | None], Changes] | None = None
    create_from_scan: ScanForm | None = None
    searchable: bool = True  # has entries in the search index
    #: words that mean this kind in a search's ``jenis:`` filter; the first is the filter chip's value
    search_aliases: tuple[str, ...] = ()
    attachable: bool = True  # offered in the Kotak Pindai's "lampirkan ke" menu

    @property
    def built(self) -> bool:
        return self.model is not None

    @property
    def jenis_value(self) -> str:
        return self.search_aliases[0] if self.search_aliases else self.name


@dataclass(frozen=True)
class Area:
    """An area of the office's work, declared once in ``tatausaha/<area>/area.py``."""

    name: str  # "correspondence"
    label: str  # "Persuratan"
    kinds: tuple[RecordKind, ...] = ()
    #: ``tatausaha.search.index.SearchSource`` objects: how ``reindex`` walks this area's rows
    search_sources: tuple[Any, ...] = ()
    #: ``tatausaha.ingest.config.FilenameRule`` objects: file names that name this area's records
    filename_rules: tuple[Any, ...] = ()
    #: demo filler ``(ctx, uow, rng) -> summary``; runs in its own unit of work, committed after
    demo: Callable[[Any, UnitOfWork, Any], object] | None = None
    #: the module that registers this area's pages and Beranda cards in ``tatausaha.ui.registry``
    ui_module: str | None = None
    #: the module with this area's ``tatausaha`` subcommands (``register(subparsers)``)
    cli_module: str | None = None
    #: table -> Indonesian name, for the audit trail's "what" column (its record kinds need none)
    audit_labels: dict[str, str] = field(default_factory=dict)
    #: other areas this one reads (the only allowed imports between areas)
    reads: tuple[str, ...] = ()
    #: for the auditor's bundle export (issue 12): (uow, scope) -> the items to bundle
    bundle_exporter: Callable[..., Iterable[Any]] | None = None
    #: retention rules (JRA): (uow, today) -> records due for review / destruction
    retention: Callable[..., Iterable[Any]] | None = None
    built: bool = True  # False: declared so its pages show "belum tersedia", nothing else runs


class UnknownKind(LookupError):
    pass


@dataclass
class _State:
    areas: dict[str, Area] = field(default_factory=dict)
    document_hooks: list[Callable[[Any, int], None]] = field(default_factory=list)
    loaded: bool = False
    version: int = 0  # bumps on every change: readers may cache per version


_state = _State()
_lock = threading.RLock()


def _ensure_loaded() -> None:
    if _state.loaded:
        return
    with _lock:
        if _state.loaded:
            return
        _state.loaded = True
        try:
            module = importlib.import_module(INSTALLED_AREAS_MODULE)
            module.install()
        except BaseException:
            _state.loaded = False
            raise


def register(area: Area) -> None:
    """Install an area (replacing one of the same name). Kind names must be unique across areas."""
    with _lock:
        taken = {k.name: a.name for a in _state.areas.values() if a.name != area.name for k in a.kinds}
        taken.update({q: a.name for a in _state.areas.values() if a.name != area.name
                      for k in a.kinds for q in (*k.qr_aliases, *k.cover_aliases)})
        for k in area.kinds:
            for name in (k.name, *k.qr_aliases, *k.cover_aliases):
                if name in taken:
                    raise ValueError(f"record kind {name!r} of area {area.name!r} already belongs to {taken[name]!r}")
        _state.areas[area.name] = area
        _state.version += 1


def unregister(name: str) -> None:
    with _lock:
        _state.areas.pop(name, None)
        _state.version += 1


@contextlib.contextmanager
def installed(*areas: Area) -> Iterator[None]:
    """Install throw-away areas for the duration of a ``with`` block (tests)."""
    _ensure_loaded()
    for a in areas:
        register(a)
    try:
        yield
    finally:
        for a in areas:
            unregister(a.name)


def version() -> int:
    _ensure_loaded()
    return _state.version


def areas() -> list[Area]:
    """Installed areas, in installation order."""
    _ensure_loaded()
    return list(_state.areas.values())


def area(name: str) -> Area:
    _ensure_loaded()
    try:
        return _state.areas[name]
    except KeyError:
        raise UnknownKind(name) from None


def kinds(*, built_only: bool = False) -> list[RecordKind]:
    """Every record kind of every installed area, in order."""
    return [k for a in areas() for k in a.kinds if k.built or not built_only]


def kind(name: str) -> RecordKind | None:
    """The kind called ``name`` (or printing ``name`` as a QR or cover alias); None when no area owns it."""
    for k in kinds():
        if k.name == name or name in k.qr_aliases or name in k.cover_aliases:
            return k
    return None


def is_cover(qr_kind: str) -> bool:
    """True when ``qr_kind`` is printed on a cover sheet (the pages behind it are evidence)."""
    return any(qr_kind in k.cover_aliases for k in kinds())


def area_of(kind_name: str) -> Area | None:
    for a in areas():
        if any(k.name == kind_name or kind_name in k.qr_aliases or kind_name in k.cover_aliases for k in a.kinds):
            return a
    return None


def label(kind_name: str) -> str:
    k = kind(kind_name)
    return k.label if k is not None else kind_name.replace("_", " ").capitalize()


def search_sources() -> list[Any]:
    return [s for a in areas() if a.built for s in a.search_sources]


def demo_fillers() -> list[tuple[str, Callable[[Any, Any, Any], object]]]:
    return [(a.name, a.demo) for a in areas() if a.built and a.demo is not None]


# -- hooks the generic rooms offer each other without importing each other ------------------------


def on_document_changed(hook: Callable[[Any, int], None]) -> None:
    """Called with ``(session, document_id)`` whenever a document's text or links change.

    The search room registers its indexer here (through the application's ``install()``), so the
    documents room keeps the index in step without importing search.
    """
    with _lock:
        if hook not in _state.document_hooks:
            _state.document_hooks.append(hook)


def document_changed(session: Any, document_id: int) -> None:
    _ensure_loaded()
    for hook in list(_state.document_hooks):
        hook(session, document_id)


def require_kinds(names: Sequence[str]) -> None:
    """Raise ``UnknownKind`` for a name no installed area owns (CLI arguments, config files)."""
    for n in names:
        if kind(n) is None:
            raise UnknownKind(n)
