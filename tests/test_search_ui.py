"""The search page, offscreen: typing runs the search in the background, chips rewrite the query,
results are grouped with highlighted snippets, the preview shows the record, rahasia stays hidden."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tatausaha.search.index import SearchRecord, index_record
from tatausaha.services.auth import SYSTEM, Actor, Role
from tatausaha.ui.context import UiContext
from tatausaha.ui.pages.search import SearchPage
from tatausaha.ui.search.widgets import HTML_ROLE

pytestmark = pytest.mark.gui

RECS = [
    SearchRecord("surat_masuk", 1, "Undangan rapat koordinasi Musrenbang", body="Kami mengundang Bapak Camat pada 8 Februari 2024 di aula.",
                 nomor="005/123/Kec.JTS/2024", dari="Bappelitbangda Kota Bekasi", kode="000.7.1.4", tanggal=dt.date(2024, 2, 1),
                 sifat="segera"),
    SearchRecord("disposisi", 2, "Disposisi: undangan rapat koordinasi", body="Mohon hadiri undangan dan laporkan.",
                 kode="000.7.1.4", tanggal=dt.date(2024, 2, 2)),
    SearchRecord("dokumen", 3, "scan_undangan_musrenbang.pdf", body="PEMERINTAH KOTA BEKASI undangan musrenbang kecamatan",
                 kode="000.7.1.4", tanggal=dt.date(2023, 3, 1)),
    SearchRecord("surat_masuk", 4, "Undangan rahasia", body="undangan khusus", tanggal=dt.date(2024, 3, 1), kode="800",
                 keamanan="rahasia", allowed_user_ids=frozenset({50})),
]


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    with ctx.uow(actor=SYSTEM) as uow:
        for r in RECS:
            index_record(uow.session, r)
        uow.commit()
    ui = UiContext(ctx, Actor(901, "operator", "Operator", Role.OPERATOR))
    p = SearchPage(ui)
    qtbot.addWidget(p)
    p.resize(1100, 650)
    p.show()
    yield p
    ui.runner.shutdown()


def test_search_page_groups_highlights_previews_and_filters(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.focus_search()
    qtbot.keyClicks(page.box, "undangan")
    qtbot.waitUntil(lambda: len(page.model.hits) == 3, timeout=10_000)  # debounced, off the UI thread
    kinds = [page.model.item(r).text() for r in range(page.model.rowCount())]
    assert set(kinds) == {"Surat masuk", "Disposisi", "Dokumen arsip"}  # the rahasia letter is not there
    assert "3 hasil" in page.status.text()
    first = page.model.index(0, 0, page.model.index(0, 0))
    assert "background-color:#fff1a8" in first.data(HTML_ROLE)  # the matched word is highlighted
    from PySide6.QtCore import Qt

    qtbot.keyClick(page.box, Qt.Key.Key_Down)  # keyboard: from the box into the first result
    assert page.tree.currentIndex() == first
    opened: list[tuple[str, object]] = []
    page.ctx.hub.open_requested.connect(lambda key, rid: opened.append((key, rid)))
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert opened and opened[0][0] in ("surat_masuk", "disposisi", "arsip")
    qtbot.waitUntil(lambda: "Kode klasifikasi" in page.preview.toPlainText(), timeout=10_000)
    assert "Kode klasifikasi" in page.preview.toPlainText()
    qtbot.waitUntil(lambda: page.chips["tahun"].menu().actions().__len__() >= 3, timeout=10_000)  # facets arrived
    if os.environ.get("TATAUSAHA_SCREENSHOTS"):
        page.grab().save(str(tmp_path / "search.png"))
    # a chip writes the same query text the user could type
    page.set_filter("tahun", "2023")
    assert page.box.text() == "undangan tahun:2023"
    qtbot.waitUntil(lambda: [h.ref_id for h in page.model.hits] == [3], timeout=10_000)
    assert page.chips["tahun"].isChecked() and page.chips["tahun"].text() == "Tahun: 2023"
    page.set_filter("tahun", None)
    page.set_query("tanggal:2024-99-99")
    qtbot.waitUntil(lambda: "tidak dikenali" in page.status.text(), timeout=10_000)


def test_export_from_the_page(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.set_query("musrenbang")
    qtbot.waitUntil(lambda: len(page.model.hits) == 2, timeout=10_000)
    out = tmp_path / "hasil.csv"
    page.export_to(out)
    qtbot.waitUntil(out.exists, timeout=10_000)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and "Musrenbang" in lines[1] + lines[2]
