"""The staff (kepegawaian) area: declared so the shell shows its page as "belum tersedia" and the
kind's name is settled (``pegawai``); its model, search source and demo come with the area."""

from __future__ import annotations

from tatausaha.registry import Area, RecordKind

PEGAWAI = "pegawai"

AREA = Area(
    name="staff",
    label="Kepegawaian",
    kinds=(RecordKind(PEGAWAI, "Pegawai", None, search_aliases=("pegawai",), attachable=False),),
    ui_module="tatausaha.ui.staff.area",
    built=False,
)
