"""A new area needs no edit outside itself.

This file *is* the throw-away area: one record kind (``catatan_uji``) with its own model and table,
its search source, its demo filler and its page. Registered for the test only, it is filed by QR
by the real ingest pipeline (a printed PDF dropped into a folder a real watchdog observer
watches), found by search (typed into the shell's search page and by ``reindex``), listed and run
by the demo, and shown in the shell's navigation — with no line of ingest, search, the demo or
the shell naming it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from tatausaha import recordref, registry
from tatausaha.changes import Changes
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestService
from tatausaha.models.document import DocumentLink
from tatausaha.models.ingest import FILED, ScanItem
from tatausaha.search import index as search_index
from tatausaha.search import service as search
from tatausaha.services.auth import SYSTEM
from tatausaha.services.uow import UnitOfWork

KIND = "catatan_uji"


# ---------------------------------------------------------------------------- the throw-away area


class UjiBase(DeclarativeBase):  # its own metadata: the app's models and migrations never see it
    pass


class CatatanUji(UjiBase):
    __tablename__ = "catatan_uji"
    id: Mapped[int] = mapped_column(primary_key=True)
    nomor: Mapped[str] = mapped_column(String(64))
    perihal: Mapped[str] = mapped_column(String(200))


def _record(c: CatatanUji) -> search_index.SearchRecord:
    return search_index.SearchRecord(KIND, c.id, c.perihal, nomor=c.nomor, jenis="catatan uji")


def _iter(session: Session) -> Iterator[search_index.SearchRecord]:
    for c in session.execute(select(CatatanUji).order_by(CatatanUji.id)).scalars():
        yield _record(c)


def add_catatan(uow: UnitOfWork, nomor: str, perihal: str) -> int:
    c = CatatanUji(nomor=nomor, perihal=perihal)
    uow.session.add(c)
    uow.session.flush()
    search_index.index_record(uow.session, _record(c))  # the index moves with the row
    return c.id


def uji_demo(ctx: Any, uow: UnitOfWork, rng: random.Random) -> dict[str, int]:
    for i in range(3):
        add_catatan(uow, f"UJI/{i + 1}/2024", f"Catatan demo nomor {i + 1} tentang {rng.choice(['sapu', 'ember'])}")
    return {KIND: 3}


AREA = registry.Area(
    name="uji",
    label="Area uji",
    kinds=(registry.RecordKind(KIND, "Catatan uji", CatatanUji, scan_role="scan", search_aliases=("catatanuji",)),),
    search_sources=(search_index.SearchSource(KIND, _iter, lambda s: s.execute(select(func.count(CatatanUji.id))).scalar_one()),),
    demo=uji_demo,
)


class CatatanPage(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        self.opened: list[int] = []
        self.list = QListWidget()
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Catatan uji"))
        lay.addWidget(self.list)
        with ui.reader() as uow:
            for c in uow.session.execute(select(CatatanUji).order_by(CatatanUji.id)).scalars():
                self.list.addItem(f"{c.nomor} — {c.perihal}")

    def open_record(self, record_id: int) -> None:
        self.opened.append(record_id)


class CatatanBeranda(QWidget):
    """The area's card on the Beranda: how many notes there are, "Lihat" opens its page."""

    def __init__(self, ui: Any) -> None:
        from tatausaha.ui.widgets.card import Card

        super().__init__()
        self.ui = ui
        self.card = Card("Catatan uji", "#795548", lambda: ui.hub.open_requested.emit("catatan_uji", None))
        QVBoxLayout(self).addWidget(self.card)

    def refresh(self) -> None:
        with self.ui.reader() as uow:
            self.card.set(uow.session.execute(select(func.count(CatatanUji.id))).scalar_one())

    def affected_by(self, changes: Changes) -> bool:
        return changes.affects(KIND)


def _ui_area() -> Any:
    from tatausaha.ui.registry import PageSpec, UiArea

    return UiArea("uji", pages=(PageSpec("catatan_uji", "Catatan Uji", None, "SP_FileIcon", kinds=(KIND,),
                                         factory=CatatanPage),),
                  beranda=CatatanBeranda)


@pytest.fixture
def uji(ctx):  # type: ignore[no-untyped-def]
    """The area installed (core and UI) for this test, with its table in this test's database."""
    from tatausaha.ui import registry as ui_registry

    UjiBase.metadata.create_all(ctx.db.engine)
    ui_registry.register(_ui_area())
    with registry.installed(AREA):
        yield ctx
    ui_registry.unregister("uji")


# ---------------------------------------------------------------------------- what it shows


def _wait(pred, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.05)
    return False


def test_a_new_area_is_filed_by_qr_found_demoed_and_shown(uji, tmp_path: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx = uji
    assert registry.kind(KIND) is not None and registry.area_of(KIND) is AREA

    # listed in the demo and run by it (the other areas' parts are shown by their own tests)
    from tatausaha.app import demo

    parts = demo.demo_parts()
    assert ("uji", uji_demo) in parts
    monkeypatch.setattr(demo, "demo_parts", lambda: [p for p in parts if p[0] == "uji"])
    filled = demo.fill(ctx)
    assert "uji" in filled["diisi"]
    with ctx.reader() as uow:
        assert uow.session.execute(select(func.count(CatatanUji.id))).scalar_one() == 3

    # filed by QR: a printed page carrying its TU1 ref, dropped into a watched folder
    with ctx.uow(actor=SYSTEM) as uow:
        rid = add_catatan(uow, "UJI/99/2024", "Berita acara serah terima barang inventaris")
        uow.commit()
    folder = tmp_path / "pindai"
    folder.mkdir()
    svc = IngestService(ctx, [FolderSpec(folder)], IngestConfig(quiet_seconds=0.3, rescan_seconds=0, ocr_enabled=False))
    svc.start()
    try:
        (folder / "serah-terima.pdf").write_bytes(T.letter_pdf(recordref.encode(KIND, rid), hal="Serah terima"))

        def filed() -> ScanItem | None:
            with ctx.reader() as uow:
                it = uow.session.execute(select(ScanItem).where(ScanItem.source_name == "serah-terima.pdf")).scalar_one_or_none()
                if it is not None and it.state == FILED:
                    uow.session.expunge(it)
                    return it
            return None

        assert _wait(lambda: filed() is not None), "the scan was not filed"
    finally:
        svc.stop()
    item = filled_item = filed()
    assert filled_item is not None
    assert (item.record_kind, item.record_id, item.method) == (KIND, rid, "qr")
    with ctx.reader() as uow:
        link = uow.session.execute(select(DocumentLink).where(DocumentLink.record_kind == KIND)).scalar_one()
        assert link.record_id == rid and link.document_id == item.document_id

    # found by search: its words, its jenis: word, and after a rebuild from the registered sources
    with ctx.reader(SYSTEM) as uow:
        hits = search.search(uow, "serah terima inventaris").hits
        assert [(h.kind, h.ref_id) for h in hits][:1] == [(KIND, rid)]
        assert {h.kind for h in search.search(uow, "jenis:catatanuji", limit=50).hits} == {KIND}
    assert any(s.name == KIND for s in search_index.registered_sources())
    assert search_index.reindex_all(ctx.db) >= 4
    with ctx.reader(SYSTEM) as uow:
        assert search.search(uow, "sapu OR ember").total == 3

    # shown in the shell: its page in the navigation, opened by a click and by a search hit
    from tatausaha.ui.context import UiContext
    from tatausaha.ui.mainwindow import MainWindow

    ui = UiContext(ctx, SYSTEM)
    win = MainWindow(ui)
    qtbot.addWidget(win)
    win.show()
    beranda = win.show_page("beranda")  # the area's card is on the Beranda
    assert beranda.sections["uji"].card.value.text() == "4"
    qtbot.mouseClick(beranda.sections["uji"].card.button, Qt.MouseButton.LeftButton)
    assert isinstance(win.stack.currentWidget(), CatatanPage)
    win.show_page("beranda")
    titles = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert "Catatan Uji" in titles
    row = titles.index("Catatan Uji")
    rect = win.nav.visualItemRect(win.nav.item(row))
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = win.stack.currentWidget()
    assert isinstance(page, CatatanPage) and page.list.count() == 4 and win.nav.currentRow() == row

    win.focus_search()
    sp = win.stack.currentWidget()
    qtbot.keyClicks(sp.box, "inventaris")
    qtbot.waitUntil(lambda: len(sp.model.hits) >= 1, timeout=15_000)
    assert "Catatan uji" in [sp.model.item(r).text() for r in range(sp.model.rowCount())]
    qtbot.keyClick(sp.box, Qt.Key.Key_Down)
    qtbot.keyClick(sp.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is page, timeout=5_000)
    assert page.opened == [rid]
    win.close()
    ui.runner.shutdown()
    assert Changes.of(KIND, rid).affects(KIND)


def test_the_registry_refuses_a_kind_two_areas_claim_and_forgets_a_throwaway_area(uji) -> None:  # type: ignore[no-untyped-def]
    clash = registry.Area("uji2", "Uji dua", kinds=(registry.RecordKind(KIND, "Lagi", CatatanUji),))
    with pytest.raises(ValueError, match="already belongs"):
        registry.register(clash)
    assert registry.area_of(KIND) is AREA


def _string_constants(path: Path) -> set[str]:
    """Every string literal in a module's code (docstrings left out)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings}


def test_no_room_names_an_area_kind() -> None:
    """ingest/, search/, the QR reference, the registries, the demo and the shell's own pages write
    no area's kind as a string (the search record's ``pegawai`` *field* — people a record concerns —
    is search's own word, as are the spellings in its word lists)."""
    import dataclasses

    import tatausaha

    root = Path(tatausaha.__file__).parent
    rooms = [*root.joinpath("ingest").rglob("*.py"), *root.joinpath("search").rglob("*.py"), root / "recordref.py",
             root / "registry.py", *root.joinpath("app").rglob("*.py"), root / "ui" / "registry.py",
             *root.joinpath("bundles").rglob("*.py"), *root.joinpath("ui", "bundles").rglob("*.py"),
             root / "ui" / "mainwindow.py", root / "ui" / "pages" / "__init__.py", root / "ui" / "pages" / "search.py",
             root / "ui" / "pages" / "kotak_pindai.py", root / "ui" / "pages" / "beranda.py"]
    rooms = [p for p in rooms if p.name not in ("text.py", "roots.py")]  # word lists (spellings, roots)
    search_fields = {f.name for f in dataclasses.fields(search_index.SearchRecord)}
    names = {k.name for k in registry.kinds()} | {q for k in registry.kinds() for q in (*k.qr_aliases, *k.cover_aliases)}
    assert {"surat_masuk", "surat_keluar", "disposisi", "pegawai", "spj_item", "kwitansi", "spj_sampul"} <= names
    found = sorted(f"{p.relative_to(root)}: {n}" for p in rooms
                   for n in (_string_constants(p) & names) - search_fields)
    assert found == []


def test_a_scan_is_attached_by_hand_to_the_new_kind_and_an_unknown_kind_is_refused(uji, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Kotak Pindai's manual attach offers the installed kinds; a kind nobody declares is refused
    with the list of those that exist (the CLI's ``inbox attach`` says the same)."""
    from tatausaha.errors import ValidationFailed
    from tatausaha.ingest import inbox
    from tatausaha.models.ingest import REVIEW
    from tatausaha.ui.ingest.scan_pane import attach_kinds

    ctx = uji
    assert (KIND, "Catatan uji") in attach_kinds() and all(registry.kind(k).built for k, _ in attach_kinds())  # built only
    with ctx.uow(actor=SYSTEM) as uow:
        rid = add_catatan(uow, "UJI/7/2024", "Catatan tanpa kode QR")
        uow.commit()
    folder = tmp_path / "pindai"
    folder.mkdir()
    (folder / "tanpa-kode.pdf").write_bytes(T.tiny_pdf("selembar kertas tanpa kode"))
    IngestService(ctx, [FolderSpec(folder)], IngestConfig(quiet_seconds=0, rescan_seconds=0, ocr_enabled=False)).run_once(timeout=30)
    with ctx.reader() as uow:
        item = uow.session.execute(select(ScanItem).where(ScanItem.source_name == "tanpa-kode.pdf")).scalar_one()
        assert item.state == REVIEW
        item_id = item.id
    with ctx.uow(actor=SYSTEM) as uow, pytest.raises(ValidationFailed) as err:
        inbox.attach(uow, item_id, "tidak_ada", rid)
    assert "tidak dikenal" in str(err.value) and KIND in str(err.value) and "surat_masuk" in str(err.value)
    with ctx.uow(actor=SYSTEM) as uow:
        inbox.attach(uow, item_id, KIND, rid)
        uow.commit()
    with ctx.reader() as uow:
        item = uow.session.get(ScanItem, item_id)
        assert item is not None and (item.state, item.record_kind, item.record_id) == (FILED, KIND, rid)


def test_the_command_line_lists_the_installed_areas_and_their_kinds(uji, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from tatausaha.cli import main

    assert main(["--json", "areas"]) == 0
    areas = {a["area"]: a for a in json.loads(capsys.readouterr().out)}
    assert [k["name"] for k in areas["uji"]["kinds"]] == [KIND]
    assert areas["spj"]["built"] is True and areas["spj"]["kinds"][0]["qr_aliases"] == ["kwitansi"]
    assert areas["spj"]["kinds"][0]["cover_aliases"] == ["spj_sampul"]
    assert main(["areas"]) == 0
    assert "Catatan uji" in capsys.readouterr().out
