"""First-run set-up, shared by ``tatausaha init`` and the app's first-run wizard."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from tatausaha.context import AppContext
from tatausaha.models.klasifikasi import Klasifikasi
from tatausaha.services import accounts, klasifikasi, office
from tatausaha.services.auth import SYSTEM, Actor, Role


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
    """Load the classification tables once (on a new database)."""
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
) -> SetupState:
    """Create what is missing. ``actor`` writes the office profile (an admin log-in when one exists)."""
    ensure_reference_data(ctx)
    current = state(ctx)
    with ctx.uow(actor=actor) as uow:
        if admin is not None and not current.has_admin:
            accounts.create_user(uow, admin[0], admin[1], Role.ADMIN, admin[2])
        if office_info is not None:
            office.save_office(uow, office_info)
        uow.commit()
    return state(ctx)
