"""The staff (kepegawaian) area declares itself: one record kind, ``pegawai`` (an employee's file).

This is the only place the kind is described to the rest of the house — ingest (QR filing of
printed documents, SK scans suggested by the NIP they show), search (employees by name and NIP,
for those who may see personal data), the demo and the UI shell (``tatausaha.ui.staff.area``,
owned by the staffui helper) read it through the registry.
"""

from __future__ import annotations

from tatausaha.models.staff import Pegawai
from tatausaha.registry import Area, RecordKind
from tatausaha.staff import searchhook
from tatausaha.staff.kinds import PEGAWAI

__all__ = ["AREA", "PEGAWAI"]

AREA = Area(
    name="staff",
    label="Kepegawaian",
    kinds=(RecordKind(PEGAWAI, "Pegawai", Pegawai, scan_role="sk", search_aliases=("pegawai",), attachable=False),),
    search_sources=searchhook.SOURCES,
    ui_module="tatausaha.ui.staff.area",
    audit_labels={
        "golongan": "Golongan/pangkat", "riwayat_pangkat": "Riwayat pangkat", "riwayat_jabatan": "Riwayat jabatan",
        "riwayat_pendidikan": "Riwayat pendidikan", "riwayat_kgb": "Riwayat KGB", "riwayat_diklat": "Riwayat diklat",
        "riwayat_cuti": "Riwayat cuti", "riwayat_hukdis": "Riwayat hukuman disiplin",
        "riwayat_kontrak": "Riwayat kontrak", "usulan_sk": "Usulan dari SK", "aturan_pegawai": "Aturan kepegawaian",
    },
    reads=("correspondence",),  # the KGB covering letter is a surat keluar (staff/kgb_letter.py)
    built=False,
)
