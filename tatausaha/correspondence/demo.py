"""Demo correspondence for Kecamatan Jatisampurna (filled in below)."""

from __future__ import annotations

from sqlalchemy import select

from tatausaha.context import AppContext
from tatausaha.errors import NotFound
from tatausaha.models.account import User
from tatausaha.services.accounts import actor_of
from tatausaha.services.auth import Actor


def actor_for(ctx: AppContext, username: str) -> Actor:
    """The Actor of an existing user, without a password (tests, demo, scripts)."""
    with ctx.reader() as uow:
        u = uow.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if u is None:
            raise NotFound(f"Pengguna '{username}' tidak ada.")
        return actor_of(u)


def quick_office(ctx: AppContext) -> dict[str, Actor]:
    """The demo office's units, officials and users, fast: accounts get an unusable password hash.

    For tests and benchmarks only (nobody can log in as these users). Returns actors by username.
    """
    from tatausaha.models.account import User as UserRow
    from tatausaha.services import demo as core_demo
    from tatausaha.services import office, setup
    from tatausaha.services.auth import SYSTEM

    setup.ensure_reference_data(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        office.save_office(uow, core_demo.OFFICE)
        unit_ids: dict[str, int] = {}
        for kode, nama, parent in core_demo.UNITS:
            unit_ids[kode] = office.save_unit(uow, kode, nama, parent_id=unit_ids.get(parent) if parent else None).id
        for username, nama, jabatan, nip, pangkat, gol, unit, role, can_sign in core_demo.PEOPLE:
            o = office.save_official(uow, nama=nama, jabatan=jabatan, nip=nip, pangkat=pangkat, golongan=gol,
                                     unit_id=unit_ids.get(unit) if unit else None, can_sign=can_sign)
            uow.session.add(UserRow(username=username, full_name=nama, role=role.value, password_hash="!",
                                    unit_id=unit_ids.get(unit) if unit else None, official_id=o.id))
        uow.commit()
    return {p[0]: actor_for(ctx, p[0]) for p in core_demo.PEOPLE}
