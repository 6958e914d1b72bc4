"""The staff area's UI, declared once: the Pegawai page (it opens ``pegawai`` records) and the
Beranda section with what falls due (H-60)."""

from __future__ import annotations

from typing import Any

from tatausaha.staff.kinds import PEGAWAI
from tatausaha.ui.registry import PageSpec, UiArea


def _beranda(ui: Any) -> Any:
    from tatausaha.ui.staff.beranda import StaffBeranda

    return StaffBeranda(ui)


UI = UiArea(
    "staff",
    pages=(PageSpec("pegawai", "Pegawai", "tatausaha.ui.staff.pegawai_page", "SP_DirHomeIcon", kinds=(PEGAWAI,)),),
    beranda=_beranda,
)
