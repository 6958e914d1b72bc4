"""The UI side of the area registry: each area's pages, Beranda section and scan forms.

An area's UI declares itself in ``tatausaha/ui/<area>/area.py`` as ``UI = UiArea(...)``; the
core ``Area.ui_module`` names that module, so the shell finds it without a list of its own. The
navigation is: the shell's first pages (Beranda), every installed area's pages in installation
order, then the shell's own rooms (Arsip, Kotak Pindai, Pencarian, Laporan, Pengaturan).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tatausaha import registry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # Bahasa Indonesia; translated through the "Navigation" context
    module: str | None  # exposes ``create_page(ctx) -> QWidget``; None: "belum tersedia" placeholder
    icon: str  # a QStyle standard pixmap name
    kinds: tuple[str, ...] = ()  # record kinds this page opens (``open_requested(key, id)``)
    factory: Callable[[Any], Any] | None = None  # instead of ``module`` (pages built in place, tests)
    area: str = ""  # the owning area ("" for the shell's own pages)
    permission: str | None = None  # shown only to those who hold it (a ``Permission`` value)


@dataclass(frozen=True)
class UiArea:
    name: str  # the core area's name
    pages: tuple[PageSpec, ...] = ()
    #: ``(ui) -> QWidget`` with ``refresh()`` and ``affected_by(changes) -> bool``: the area's cards
    #: and lists on the Beranda
    beranda: Callable[[Any], Any] | None = None
    #: record kind -> ``(prefill, parent) -> QDialog`` with ``fields() -> dict``: the form the clerk
    #: checks before a record is created from a scan (Kotak Pindai)
    scan_forms: dict[str, Callable[[dict[str, Any], Any], Any]] = field(default_factory=dict)


SHELL_FIRST: tuple[PageSpec, ...] = (
    PageSpec("beranda", "Beranda", "tatausaha.ui.pages.beranda", "SP_DirHomeIcon"),
)
SHELL_LAST: tuple[PageSpec, ...] = (
    PageSpec("arsip", "Arsip", "tatausaha.ui.pages.arsip", "SP_DirIcon", kinds=("dokumen",)),
    PageSpec("kotak_pindai", "Kotak Pindai", "tatausaha.ui.pages.kotak_pindai", "SP_DriveFDIcon"),
    PageSpec("cari", "Pencarian", "tatausaha.ui.pages.search", "SP_FileDialogContentsView"),
    PageSpec("laporan", "Laporan", "tatausaha.ui.pages.laporan", "SP_FileIcon"),
    PageSpec("bundel_pemeriksa", "Bundel Pemeriksa", "tatausaha.ui.bundles.page", "SP_DialogSaveButton",
             permission="export"),
    PageSpec("jejak_audit", "Jejak Audit", "tatausaha.ui.pages.audit_trail", "SP_FileDialogListView",
             permission="audit"),
    PageSpec("pengaturan", "Pengaturan", "tatausaha.ui.pages.pengaturan", "SP_FileDialogInfoView"),
)

_registered: dict[str, UiArea] = {}
_imported: set[str] = set()


def register(ui: UiArea) -> None:
    _registered[ui.name] = ui


def unregister(name: str) -> None:
    _registered.pop(name, None)
    _imported.discard(name)


def ui_area(name: str) -> UiArea | None:
    """The UI part of an installed area, importing its ``ui_module`` on first use."""
    if name not in _registered and name not in _imported:
        _imported.add(name)
        try:
            core = registry.area(name)
        except registry.UnknownKind:
            return None
        if core.ui_module:
            module = importlib.import_module(core.ui_module)
            ui = getattr(module, "UI", None)
            if isinstance(ui, UiArea):
                _registered.setdefault(name, ui)
    return _registered.get(name)


def ui_areas() -> list[UiArea]:
    """The UI parts of the installed areas, in installation order (areas without one left out)."""
    out = []
    for a in registry.areas():
        ui = ui_area(a.name)
        if ui is not None:
            out.append(ui)
    return out


def nav_pages() -> list[PageSpec]:
    """Every page of the navigation, in order."""
    area_pages = [p if p.area else _with_area(p, ui.name) for ui in ui_areas() for p in ui.pages]
    return [*SHELL_FIRST, *area_pages, *SHELL_LAST]


def _with_area(p: PageSpec, area: str) -> PageSpec:
    from dataclasses import replace

    return replace(p, area=area)


def page_for_kind(kind: str) -> str | None:
    """The page key that opens records of ``kind``."""
    for p in nav_pages():
        if kind in p.kinds:
            return p.key
    return None


def scan_form(kind: str) -> Callable[[dict[str, Any], Any], Any] | None:
    for ui in ui_areas():
        if kind in ui.scan_forms:
            return ui.scan_forms[kind]
    return None


def beranda_sections() -> list[tuple[str, Callable[[Any], Any]]]:
    return [(ui.name, ui.beranda) for ui in ui_areas() if ui.beranda is not None]
