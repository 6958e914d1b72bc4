"""The SPJ area's UI: one page, "belum tersedia" until the area is built."""

from __future__ import annotations

from tatausaha.ui.registry import PageSpec, UiArea

UI = UiArea("spj", pages=(PageSpec("spj", "SPJ", None, "SP_FileDialogDetailedView", kinds=("spj_item",)),))
