"""The staff (kepegawaian) area declares itself: one record kind, ``pegawai`` (an employee's file).

This is the only place the kind is described to the rest of the house — ingest (QR filing of
printed documents, SK scans suggested by the NIP they show), search (employees by name and NIP,
for those who may see personal data), the demo and the UI shell (``tatausaha.ui.staff.area``,
owned by the staffui helper) read it through the registry.
"""

from __future__ import annotations

from typing import Any

from tatausaha.models.staff import Pegawai
from tatausaha.registry import Area, RecordKind
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import bundle, scans, searchhook
from tatausaha.staff.kinds import PEGAWAI

__all__ = ["AREA", "PEGAWAI"]


def _demo(ctx: Any, uow: UnitOfWork, rng: Any) -> object:
    from tatausaha.staff.demo import demo_fill

    return demo_fill(ctx, uow, rng)


AREA = Area(
    name="staff",
    label="Kepegawaian",
    kinds=(RecordKind(PEGAWAI, "Pegawai", Pegawai, scan_role="sk", describe=scans.describe, suggest=scans.suggest,
                      attach_scan=scans.attach_scan, search_aliases=("pegawai",), attachable=True),),
    search_sources=searchhook.SOURCES,
    demo=_demo,
    ui_module="tatausaha.ui.staff.area",
    cli_module="tatausaha.cli.staff",
    bundle_exporter=bundle.EXPORTER,  # an employee's file for the auditor (tatausaha/staff/bundle.py)
    audit_labels={
        "golongan": "Golongan/pangkat", "riwayat_pangkat": "Riwayat pangkat", "riwayat_jabatan": "Riwayat jabatan",
        "riwayat_pendidikan": "Riwayat pendidikan", "riwayat_kgb": "Riwayat KGB", "riwayat_diklat": "Riwayat diklat",
        "riwayat_cuti": "Riwayat cuti", "riwayat_hukdis": "Riwayat hukuman disiplin",
        "riwayat_kontrak": "Riwayat kontrak", "usulan_sk": "Usulan dari SK", "aturan_pegawai": "Aturan kepegawaian",
    },
    reads=("correspondence",),  # the KGB covering letter is a surat keluar (staff/kgb_letter.py)
)
