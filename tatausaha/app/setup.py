"""First-run set-up, shared by ``tatausaha init`` and the app's first-run wizard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from tatausaha.context import AppContext
from tatausaha.errors import ValidationFailed
from tatausaha.models.klasifikasi import Klasifikasi
from tatausaha.services import accounts, klasifikasi, office
from tatausaha.services.auth import SYSTEM, Actor, Role
from tatausaha.services.uow import UnitOfWork, perform

#: The units of a kecamatan office as most Perwal on perangkat kecamatan set them out (editable in the wizard).
DEFAULT_UNITS: tuple[tuple[str, str], ...] = (
    ("SEKRE", "Sekretariat Kecamatan"),
    ("UMPEG", "Subbagian Umum dan Kepegawaian"),
    ("PK", "Subbagian Program dan Keuangan"),
    ("PEM", "Seksi Pemerintahan"),
    ("TRANTIB", "Seksi Ketenteraman dan Ketertiban Umum"),
    ("PMK", "Seksi Pemberdayaan Masyarakat dan Kesejahteraan"),
    ("PELYAN", "Seksi Pelayanan Umum"),
)


@dataclass(frozen=True)
class PejabatAwal:
    """A post filled at set-up (Camat, Sekcam): the official, and optionally the account that holds it."""

    jabatan: str
    nama: str
    nip: str = ""
    pangkat: str = ""
    golongan: str = ""
    unit_kode: str = ""
    username: str = ""
    password: str = ""


def parse_units(text: str) -> list[tuple[str, str]]:
    """Lines "KODE Nama unit" (also "KODE - Nama", "KODE: Nama") → [(kode, nama)]; bad lines are named."""
    out: list[tuple[str, str]] = []
    for i, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        parts = line.replace("\t", " ").split(None, 1)
        kode = parts[0].rstrip(":").strip()
        nama = parts[1].lstrip("-–: ").strip() if len(parts) > 1 else ""
        if not nama:
            raise ValidationFailed(f"Baris unit {i} ('{line}'): tulis kode lalu nama unit, mis. 'UMPEG Subbagian Umum dan Kepegawaian'.")
        out.append((kode, nama))
    return out


@dataclass(frozen=True)
class SetupState:
    has_admin: bool
    has_office: bool
    klasifikasi_rows: int

    @property
    def complete(self) -> bool:
        return self.has_admin and self.has_office


def state(ctx: AppContext) -> SetupState:
    with ctx.reader(SYSTEM) as uow:
        return SetupState(
            has_admin=accounts.count_users(uow) > 0,
            has_office=office.get_office(uow) is not None,
            klasifikasi_rows=uow.session.execute(select(func.count(Klasifikasi.id))).scalar_one(),
        )


def ensure_reference_data(ctx: AppContext) -> int:
    """Load the classification tables once (on a new database); make the office's QR key."""
    from tatausaha.services import settings

    with ctx.uow(actor=SYSTEM) as uow:
        settings.ensure_qr_key(uow)
        uow.commit()
    if state(ctx).klasifikasi_rows:
        return 0
    with ctx.uow(actor=SYSTEM) as uow:
        n = klasifikasi.load_tables(uow)
        uow.commit()
    return n


def initialize(
    ctx: AppContext,
    *,
    admin: tuple[str, str, str] | None = None,  # username, full name, password
    office_info: office.OfficeInfo | None = None,
    actor: Actor = SYSTEM,
    units: Sequence[tuple[str, str]] = (),
    pimpinan: Sequence[PejabatAwal] = (),
    logo: Path | None = None,
) -> SetupState:
    """Create what is missing — admin, office profile, units, the leading posts with their accounts — all or
    nothing (the logo too): the one first-run command of the wizard and ``tatausaha init``. ``actor`` writes
    (an admin log-in when one exists)."""
    ensure_reference_data(ctx)
    current = state(ctx)

    def command(uow: UnitOfWork) -> None:
        if admin is not None and not current.has_admin:
            accounts.create_user(uow, admin[0], admin[1], Role.ADMIN, admin[2])
        if office_info is not None:
            office.save_office(uow, office_info)
        unit_ids: dict[str, int] = {}
        for kode, nama in units:
            unit_ids[kode.strip()] = office.save_unit(uow, kode, nama).id
        for p in pimpinan:
            if not p.nama.strip():
                continue  # a post left empty in the wizard is filled in Pengaturan later
            unit_id = unit_ids.get(p.unit_kode) if p.unit_kode else None
            o = office.save_official(uow, nama=p.nama, jabatan=p.jabatan, nip=p.nip or None, pangkat=p.pangkat,
                                     golongan=p.golongan, unit_id=unit_id, can_sign=True)
            if p.username.strip():
                accounts.create_user(uow, p.username, p.nama, Role.PIMPINAN, p.password, unit_id=unit_id,
                                     official_id=o.id)
        if logo is not None:
            office.set_logo(uow, ctx.store, logo)

    perform(ctx.db, actor, command)
    return state(ctx)
