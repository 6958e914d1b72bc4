"""The navigation: one page per area. Each page module exposes ``create_page(ctx) -> QWidget``.

A page module that has not landed yet (or fails to import) is shown as a clear placeholder, so
the shell always shows every area.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # Bahasa Indonesia; translated through the "Navigation" context
    module: str
    icon: str  # a QStyle standard pixmap name


PAGES: list[PageSpec] = [
    PageSpec("beranda", "Beranda", "tatausaha.ui.pages.beranda", "SP_DirHomeIcon"),
    PageSpec("surat_masuk", "Surat Masuk", "tatausaha.ui.pages.surat_masuk", "SP_ArrowDown"),
    PageSpec("surat_keluar", "Surat Keluar", "tatausaha.ui.pages.surat_keluar", "SP_ArrowUp"),
    PageSpec("disposisi", "Disposisi", "tatausaha.ui.pages.disposisi", "SP_ArrowForward"),
    PageSpec("pegawai", "Pegawai", "tatausaha.ui.pages.pegawai", "SP_DirHomeIcon"),
    PageSpec("spj", "SPJ", "tatausaha.ui.pages.spj", "SP_FileDialogDetailedView"),
    PageSpec("arsip", "Arsip", "tatausaha.ui.pages.arsip", "SP_DirIcon"),
    PageSpec("kotak_pindai", "Kotak Pindai", "tatausaha.ui.pages.kotak_pindai", "SP_DriveFDIcon"),
    PageSpec("cari", "Pencarian", "tatausaha.ui.pages.search", "SP_FileDialogContentsView"),
    PageSpec("laporan", "Laporan", "tatausaha.ui.pages.laporan", "SP_FileIcon"),
    PageSpec("pengaturan", "Pengaturan", "tatausaha.ui.pages.pengaturan", "SP_FileDialogInfoView"),
]
