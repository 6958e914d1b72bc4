"""The correspondence area declares itself: surat masuk, surat keluar, disposisi.

This is the only place these kinds are described to the rest of the house — ingest (QR filing,
Kotak Pindai suggestions, "surat masuk baru" from a scan), search (sources and ``jenis:`` words),
the demo and the UI shell (``tatausaha.ui.correspondence.area``) read it through the registry.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from sqlalchemy import select

from tatausaha import clock, visibility
from tatausaha.changes import Changes
from tatausaha.correspondence import bundle, searchhook
from tatausaha.correspondence.kinds import DISPOSISI, REGISTER, SURAT_KELUAR, SURAT_MASUK
from tatausaha.errors import ValidationFailed
from tatausaha.ingest.config import FilenameRule
from tatausaha.ingest.records import ids_by_number
from tatausaha.models.correspondence import Disposisi, SuratKeluar, SuratMasuk
from tatausaha.registry import Area, RecordKind, RecordLabel, ScanForm, ScanMatch
from tatausaha.services.uow import UnitOfWork

__all__ = ["AREA", "DISPOSISI", "REGISTER", "SURAT_KELUAR", "SURAT_MASUK"]


def _chain(uow: UnitOfWork, masuk_id: int) -> tuple[frozenset[int], frozenset[int]]:
    users, units = searchhook._chain(uow.session, [masuk_id]).get(masuk_id, (set(), set()))
    return frozenset(users), frozenset(units)


def describe_masuk(uow: UnitOfWork, record_id: int) -> RecordLabel | None:
    m = uow.session.get(SuratMasuk, record_id)
    if m is None:
        return None
    users, units = _chain(uow, m.id) if m.keamanan != "biasa" else (frozenset(), frozenset())
    label = RecordLabel(SURAT_MASUK, m.id, "Surat masuk", nomor=m.nomor_surat or "", perihal=m.perihal or "",
                        keamanan=m.keamanan, agenda=f"{m.nomor_agenda}/{m.tahun}" if m.nomor_agenda else "",
                        chain_user_ids=users, chain_unit_ids=units)
    return visibility.shown(uow.session, uow.actor, SURAT_MASUK, record_id, label)  # the one visibility rule


def describe_keluar(uow: UnitOfWork, record_id: int) -> RecordLabel | None:
    k = uow.session.get(SuratKeluar, record_id)
    if k is None:
        return None
    users = frozenset({k.created_by} if k.created_by else set())
    label = RecordLabel(SURAT_KELUAR, k.id, "Surat keluar", nomor=k.nomor or "", perihal=k.hal or "",
                        keamanan=k.keamanan, agenda=f"{k.nomor_agenda}/{k.tahun}" if k.nomor_agenda else "",
                        chain_user_ids=users)
    return visibility.shown(uow.session, uow.actor, SURAT_KELUAR, record_id, label)


def describe_disposisi(uow: UnitOfWork, record_id: int) -> RecordLabel | None:
    d = uow.session.get(Disposisi, record_id)
    if d is None:
        return None
    m = uow.session.get(SuratMasuk, d.surat_masuk_id)
    users, units = _chain(uow, d.surat_masuk_id) if m is not None and m.keamanan != "biasa" else (frozenset(), frozenset())
    label = RecordLabel(DISPOSISI, d.id, "Disposisi", nomor=m.nomor_surat if m else "",
                        perihal=m.perihal if m else "", keamanan=m.keamanan if m else "biasa",
                        chain_user_ids=users, chain_unit_ids=units)
    return visibility.shown(uow.session, uow.actor, DISPOSISI, record_id, label)


def suggest_masuk(uow: UnitOfWork, ex: Any) -> list[ScanMatch]:
    """Surat masuk of the last 120 days whose perihal / sender / date resemble the scan's."""
    if not (ex.perihal or ex.pengirim):
        return []
    since = (ex.tanggal_surat or clock.today()) - dt.timedelta(days=120)
    rows = uow.session.execute(
        select(SuratMasuk.id, SuratMasuk.perihal, SuratMasuk.pengirim, SuratMasuk.tanggal_surat)
        .where(SuratMasuk.tanggal_terima >= since).order_by(SuratMasuk.id.desc()).limit(1000)
    ).all()
    out = []
    for rid, perihal, pengirim, tgl in rows:
        score = 0.0
        why = []
        if ex.perihal and perihal:
            r = difflib.SequenceMatcher(None, ex.perihal.lower(), perihal.lower()).ratio()
            if r > 0.6:
                score += 0.5 * r
                why.append(f"perihal mirip ({r:.0%})")
        if ex.pengirim and pengirim:
            r = difflib.SequenceMatcher(None, ex.pengirim.lower(), pengirim.lower()).ratio()
            if r > 0.7:
                score += 0.3 * r
                why.append("pengirim sama" if r > 0.95 else f"pengirim mirip ({r:.0%})")
        if ex.tanggal_surat and tgl == ex.tanggal_surat:
            score += 0.15
            why.append("tanggal surat sama")
        if score >= 0.35:
            out.append(ScanMatch(rid, min(score, 0.9), ", ".join(why)))
    return out


def prefill_masuk(uow: UnitOfWork, ex: Any) -> dict[str, object]:
    """Fields for a new surat masuk read from the scan (the clerk checks them before saving)."""
    return {
        "tanggal_terima": clock.today(),
        "nomor_surat": ex.nomor_surat,
        "tanggal_surat": ex.tanggal_surat,
        "pengirim": ex.pengirim,
        "perihal": ex.perihal,
    }


def create_masuk(uow: UnitOfWork, fields: dict[str, object]) -> tuple[int, Changes]:
    """Register a new surat masuk from a scan's fields (agenda number: the next of its year)."""
    from tatausaha.correspondence import letters

    allowed = set(letters.SuratMasukInput.__dataclass_fields__)
    data = {k: v for k, v in fields.items() if k in allowed}
    data.setdefault("tanggal_terima", clock.today())
    if not data.get("pengirim") or not data.get("perihal"):
        raise ValidationFailed("Pengirim dan perihal wajib diisi untuk surat masuk baru.")
    saved = letters.register_masuk(uow, letters.SuratMasukInput(**data), strict_kode=False)  # type: ignore[arg-type]
    return saved.id, saved.changes


def _demo(ctx: Any, uow: UnitOfWork, rng: Any) -> object:
    from tatausaha.correspondence.demo import demo_fill

    return demo_fill(ctx, uow, rng)


AREA = Area(
    name="correspondence",
    label="Persuratan",
    kinds=(
        RecordKind(
            SURAT_MASUK, "Surat masuk", SuratMasuk,
            scan_role="disposisi",  # its printed QR is on the lembar disposisi
            describe=describe_masuk,
            find_by_number=lambda uow, nomor: ids_by_number(uow, SuratMasuk, SuratMasuk.nomor_surat, nomor),
            suggest=suggest_masuk,
            create_from_scan=ScanForm("Surat masuk baru", prefill_masuk, create_masuk, required=("pengirim", "perihal")),
            search_aliases=("masuk", "suratmasuk"),
        ),
        RecordKind(
            SURAT_KELUAR, "Surat keluar", SuratKeluar,
            scan_role="ttd",  # the signed letter
            describe=describe_keluar,
            find_by_number=lambda uow, nomor: ids_by_number(uow, SuratKeluar, SuratKeluar.nomor, nomor),
            search_aliases=("keluar", "suratkeluar"),
        ),
        RecordKind(DISPOSISI, "Disposisi", Disposisi, describe=describe_disposisi, search_aliases=("disposisi",)),
    ),
    search_sources=searchhook.SOURCES,
    #: "SM-2024-0123.pdf" → surat masuk agenda 123 of 2024; "SK-2024-0045.pdf" → surat keluar.
    filename_rules=(
        FilenameRule(r"(?<![A-Za-z])SM[-_ ]?(?P<tahun>\d{4})[-_ ](?P<value>\d{1,6})(?!\d)", SURAT_MASUK, "nomor_agenda",
                     "scan", "Agenda surat masuk: SM-<tahun>-<nomor>"),
        FilenameRule(r"(?<![A-Za-z])SK[-_ ]?(?P<tahun>\d{4})[-_ ](?P<value>\d{1,6})(?!\d)", SURAT_KELUAR, "nomor_agenda",
                     "ttd", "Agenda surat keluar: SK-<tahun>-<nomor>"),
    ),
    demo=_demo,
    ui_module="tatausaha.ui.correspondence.area",
    cli_module="tatausaha.cli.letters",
    bundle_exporter=bundle.EXPORTER,
    audit_labels={
        "instansi": "Instansi", "instansi_alias": "Nama lain instansi", "jenis_naskah": "Jenis naskah",
        "instruksi_disposisi": "Instruksi disposisi", "nomor_counter": "Penomoran", "nomor_terbit": "Nomor terbit",
        "corr_setting": "Pengaturan surat", "agenda_masuk": "Buku agenda surat masuk",
        "agenda_keluar": "Buku agenda surat keluar", "ekspedisi": "Buku ekspedisi",
    },
)
