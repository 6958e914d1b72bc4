"""The correspondence area's UI, declared once: its pages, its Beranda section and the form for a
surat masuk from a scan."""

from __future__ import annotations

from typing import Any

from tatausaha.correspondence.area import DISPOSISI, SURAT_KELUAR, SURAT_MASUK
from tatausaha.ui.registry import PageSpec, UiArea


def _beranda(ui: Any) -> Any:
    from tatausaha.ui.correspondence.beranda import CorrespondenceBeranda

    return CorrespondenceBeranda(ui)


def _new_masuk_form(prefill: dict[str, Any], parent: Any) -> Any:
    from tatausaha.ui.correspondence.scan_form import NewSuratMasukDialog

    return NewSuratMasukDialog(prefill, parent)


UI = UiArea(
    "correspondence",
    pages=(
        PageSpec("surat_masuk", "Surat Masuk", "tatausaha.ui.correspondence.masuk_page", "SP_ArrowDown", kinds=(SURAT_MASUK,)),
        PageSpec("surat_keluar", "Surat Keluar", "tatausaha.ui.correspondence.keluar_page", "SP_ArrowUp", kinds=(SURAT_KELUAR,)),
        PageSpec("disposisi", "Disposisi", "tatausaha.ui.correspondence.disposisi_page", "SP_ArrowForward", kinds=(DISPOSISI,)),
    ),
    beranda=_beranda,
    scan_forms={SURAT_MASUK: _new_masuk_form},
)
