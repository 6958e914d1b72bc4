"""Who may see employees' personal data (NIK, NIP, birth date, address, contacts, NPWP, bank).

The rule: holders of ``Permission.PERSONAL`` (pimpinan, admin) and the accounts the office names
as *pengelola kepegawaian* (setting ``kepegawaian.pengelola``: usernames, comma separated — the
clerk who keeps the staff files). Everyone else sees names, jabatan and golongan, with the personal
fields masked. Employees are indexed for search as restricted records whose chain is the
pengelola accounts, so search finds them (by name and NIP) only for the same people.
"""

from __future__ import annotations

from sqlalchemy import select

from tatausaha.errors import PermissionDenied
from tatausaha.models.account import User
from tatausaha.models.setting import AppSetting
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork

PENGELOLA_KEY = "kepegawaian.pengelola"


def pengelola(uow: UnitOfWork) -> tuple[str, ...]:
    value = uow.session.execute(select(AppSetting.value).where(AppSetting.key == PENGELOLA_KEY)).scalar_one_or_none()
    return tuple(u.strip() for u in (value or "").split(",") if u.strip())


def pengelola_user_ids(uow: UnitOfWork) -> frozenset[int]:
    names = pengelola(uow)
    if not names:
        return frozenset()
    return frozenset(uow.session.execute(select(User.id).where(User.username.in_(names))).scalars())


def may_see_personal(uow: UnitOfWork) -> bool:
    actor = uow.actor
    return actor.can(Permission.PERSONAL) or actor.username in pengelola(uow)


def require_personal(uow: UnitOfWork) -> None:
    if not may_see_personal(uow):
        raise PermissionDenied(
            f"Pengguna {uow.actor.username} tidak berhak membuka data pribadi pegawai (NIK, NIP, tanggal lahir, "
            "alamat, rekening). Mintalah kepada admin agar ditetapkan sebagai pengelola kepegawaian.")


def set_pengelola(uow: UnitOfWork, usernames: list[str]) -> tuple[str, ...]:
    """Name the pengelola kepegawaian accounts (admin); the search index's chains follow."""
    uow.require(Permission.ADMIN)
    names = tuple(dict.fromkeys(u.strip() for u in usernames if u.strip()))
    row = uow.session.execute(select(AppSetting).where(AppSetting.key == PENGELOLA_KEY)).scalar_one_or_none()
    if row is None:
        uow.session.add(AppSetting(key=PENGELOLA_KEY, value=",".join(names)))
    else:
        row.value = ",".join(names)
    uow.session.flush()
    from tatausaha.staff import searchhook

    searchhook.index_all(uow)
    return names
