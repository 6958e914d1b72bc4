"""The staff area's UI: one page, "belum tersedia" until the area is built."""

from __future__ import annotations

from tatausaha.ui.registry import PageSpec, UiArea

UI = UiArea("staff", pages=(PageSpec("pegawai", "Pegawai", None, "SP_DirHomeIcon", kinds=("pegawai",)),))
