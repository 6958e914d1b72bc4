"""SPJ on the Beranda: how complete this budget year's evidence is, what is missing or late, and
what waits to be closed — each card opens the SPJ page."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.errors import TatausahaError
from tatausaha.spj import service
from tatausaha.spj.service import ItemFilter
from tatausaha.ui.widgets.card import Card, card_grid

SPJ_ITEM = "spj_item"


class SpjBeranda(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        from tatausaha.ui.registry import page_for_kind

        page = page_for_kind(SPJ_ITEM) or "spj"
        open_page = lambda: ui.hub.open_requested.emit(page, None)  # noqa: E731
        self.c_persen = Card(self.tr("Kelengkapan bukti SPJ tahun ini (%)"), "#2e7d32", open_page)
        self.c_belum = Card(self.tr("Item SPJ belum lengkap"), "#b3261e", open_page)
        self.c_lewat = Card(self.tr("Item dengan bukti lewat tenggat"), "#ef6c00", open_page)
        self.c_siap = Card(self.tr("Item siap, belum ditutup"), "#1565c0", open_page)
        for c, name in ((self.c_persen, "card_spj_persen"), (self.c_belum, "card_spj_belum"),
                        (self.c_lewat, "card_spj_lewat"), (self.c_siap, "card_spj_siap")):
            c.setObjectName(name)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.heading = QLabel("")
        self.heading.setObjectName("spj_beranda_heading")
        grid = card_grid((self.c_persen, self.c_belum, self.c_lewat, self.c_siap))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.problem)
        lay.addLayout(grid)

    def refresh(self) -> None:
        year = clock.today().year
        self.heading.setText(self.tr("<b>SPJ — tahun anggaran %1</b>").replace("%1", str(year)))
        try:
            with self.ui.reader() as uow:
                if year not in service.tahun_list(uow):
                    items = []
                    total = None
                else:
                    items = service.list_items(uow, ItemFilter(tahun=year, limit=1_000_000))
                    total = service.rollup_total(uow, year)
        except TatausahaError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.hide()
        self.c_persen.set(total.persen if total is not None else 0)
        self.c_belum.set(sum(1 for i in items if not i.kelengkapan.lengkap))
        self.c_lewat.set(sum(1 for i in items if i.kelengkapan.lewat_tenggat and i.status != "ditutup"))
        self.c_siap.set(sum(1 for i in items if i.status == "siap"))

    def affected_by(self, changes: Changes) -> bool:
        return changes.affects(SPJ_ITEM) or any(k.startswith("spj_") for k in changes.touched)
