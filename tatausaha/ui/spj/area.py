"""The SPJ area's UI, declared once: its page and its Beranda cards."""

from __future__ import annotations

from typing import Any

from tatausaha.ui.registry import PageSpec, UiArea


def _beranda(ui: Any) -> Any:
    from tatausaha.ui.spj.beranda import SpjBeranda

    return SpjBeranda(ui)


UI = UiArea("spj", pages=(PageSpec("spj", "SPJ", "tatausaha.ui.spj.page", "SP_FileDialogDetailedView",
                                   kinds=("spj_item",)),), beranda=_beranda)
