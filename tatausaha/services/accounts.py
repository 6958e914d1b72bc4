"""User accounts: create, log in (with lock-out), change password, list."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from tatausaha.changes import Changes
from tatausaha.errors import AuthenticationFailed, Conflict, NotFound, ValidationFailed
from tatausaha.models.account import User
from tatausaha.models.base import utcnow
from tatausaha.services import auth
from tatausaha.services.auth import Actor, Permission, Role
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.database import Database

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    unit_id: int | None
    official_id: int | None
    locked: bool


def _info(u: User, now: dt.datetime) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, Role(u.role), u.active, u.unit_id, u.official_id,
                    bool(u.locked_until and u.locked_until > now))


def actor_of(u: User) -> Actor:
    return Actor(u.id, u.username, u.full_name, Role(u.role), u.unit_id, u.official_id)


def count_users(uow: UnitOfWork) -> int:
    return uow.session.execute(select(func.count(User.id))).scalar_one()


def create_user(
    uow: UnitOfWork, username: str, full_name: str, role: Role | str, password: str,
    *, unit_id: int | None = None, official_id: int | None = None,
) -> tuple[UserInfo, Changes]:
    # The very first account (the set-up wizard's admin) may be made by anyone; after that, admins only.
    if count_users(uow) > 0:
        uow.require(Permission.ADMIN)
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise ValidationFailed(
            "Nama pengguna hanya boleh huruf kecil, angka, titik, garis bawah atau tanda hubung (2–64 karakter).",
            field="username",
        )
    if not full_name.strip():
        raise ValidationFailed("Nama lengkap wajib diisi.", field="full_name")
    try:
        role = Role(role)
    except ValueError as exc:
        raise ValidationFailed(f"Peran '{role}' tidak dikenal.", field="role") from exc
    if uow.session.execute(select(User.id).where(User.username == username)).first():
        raise Conflict(f"Nama pengguna '{username}' sudah dipakai.")
    user = User(
        username=username, full_name=full_name.strip(), role=role.value, password_hash=auth.hash_password(password),
        unit_id=unit_id, official_id=official_id,
    )
    uow.session.add(user)
    uow.session.flush()
    return _info(user, utcnow()), Changes.of("user", user.id)


def login(db: Database, username: str, password: str) -> Actor:
    """Check a password. Wrong passwords count; after MAX_FAILED_ATTEMPTS the account locks for a while.

    Runs its own transactions (the failed-attempt counter must be saved even though login fails).
    """
    from tatausaha.services.auth import SYSTEM

    now = utcnow()
    with UnitOfWork(db, SYSTEM) as uow:
        user = uow.session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
        if user is None or not user.active:
            auth.verify_password(_dummy_hash(), password)  # same cost either way: no user enumeration by timing
            raise auth.auth_failed()
        auth.check_not_locked(user.locked_until, now)
        if not auth.verify_password(user.password_hash, password):
            user.failed_attempts += 1
            locked = user.failed_attempts >= auth.MAX_FAILED_ATTEMPTS
            if locked:
                user.locked_until = now + dt.timedelta(minutes=auth.LOCK_MINUTES)
                user.failed_attempts = 0
            uow.session.info["actor"] = actor_of(user)
            uow.record("login_failed", "user_account", user.id, {"locked": locked})
            uow.commit()
            if locked:
                auth.check_not_locked(user.locked_until, now)
            raise auth.auth_failed()
        user.failed_attempts = 0
        user.locked_until = None
        user.last_login_at = now
        actor = actor_of(user)
        uow.session.info["actor"] = actor
        uow.record("login", "user_account", user.id)
        uow.commit()
        return actor


@functools.cache
def _dummy_hash() -> str:
    return auth.hash_password("tidak-ada-pengguna-ini")


def change_password(uow: UnitOfWork, user_id: int, new_password: str, *, old_password: str | None = None) -> Changes:
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
    if uow.actor.user_id != user_id:
        uow.require(Permission.ADMIN)
    elif old_password is None or not auth.verify_password(user.password_hash, old_password):
        raise auth.auth_failed()
    user.password_hash = auth.hash_password(new_password)
    uow.record("password_changed", "user_account", user_id)
    return Changes.of("user", user_id)


def password_policy_problem(username: str, new_password: str, old_password: str | None = None) -> str | None:
    """Why ``new_password`` is not acceptable (an Indonesian sentence), or None when it is."""
    if len(new_password) < auth.MIN_PASSWORD_LENGTH:
        return f"Kata sandi baru minimal {auth.MIN_PASSWORD_LENGTH} karakter."
    if new_password.strip() != new_password:
        return "Kata sandi baru tidak boleh diawali atau diakhiri spasi."
    if old_password is not None and new_password == old_password:
        return "Kata sandi baru harus berbeda dari kata sandi lama."
    if username and username.lower() in new_password.lower():
        return "Kata sandi baru tidak boleh memuat nama pengguna."
    if len(set(new_password)) < 4:
        return "Kata sandi baru terlalu mudah ditebak: gunakan paling sedikit 4 karakter yang berbeda."
    if not (any(c.isalpha() for c in new_password) and any(not c.isalpha() for c in new_password)):
        return "Kata sandi baru harus memuat huruf dan paling sedikit satu angka atau tanda baca."
    return None


def change_own_password(uow: UnitOfWork, old_password: str, new_password: str, repeat: str | None = None) -> Changes:
    """The logged-in person changes their own password: the old one is required, the new one must pass the policy.

    Nothing is written when any check fails.
    """
    user_id = uow.actor.user_id
    if user_id is None:
        raise ValidationFailed("Akun sistem tidak mempunyai kata sandi untuk diubah.")
    user = uow.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound("Akun Anda tidak ditemukan atau sudah dinonaktifkan.")
    if not old_password:
        raise ValidationFailed("Kata sandi lama wajib diisi.", field="old_password")
    if not auth.verify_password(user.password_hash, old_password):
        raise AuthenticationFailed("Kata sandi lama salah.")
    if repeat is not None and repeat != new_password:
        raise ValidationFailed("Ulangan kata sandi baru tidak sama.", field="repeat")
    problem = password_policy_problem(user.username, new_password, old_password)
    if problem:
        raise ValidationFailed(problem, field="new_password")
    user.password_hash = auth.hash_password(new_password)
    uow.record("password_changed", "user_account", user_id, {"by": "self"})
    return Changes.of("user", user_id)


def set_active(uow: UnitOfWork, user_id: int, active: bool) -> Changes:
    uow.require(Permission.ADMIN)
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
    if not active and user_id == uow.actor.user_id:
        raise ValidationFailed("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    user.active = active
    return Changes.of("user", user_id)


def set_role(uow: UnitOfWork, user_id: int, role: Role | str) -> Changes:
    uow.require(Permission.ADMIN)
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
    try:
        role = Role(role)
    except ValueError as exc:
        raise ValidationFailed(f"Peran '{role}' tidak dikenal.", field="role") from exc
    if user.role == Role.ADMIN.value and role is not Role.ADMIN and user.active:
        other_admins = uow.session.execute(
            select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != user_id)
        ).scalar_one()
        if other_admins == 0:
            raise ValidationFailed(
                f"{user.username} adalah administrator aktif terakhir; jadikan pengguna lain administrator lebih dulu."
            )
    user.role = role.value
    return Changes.of("user", user_id)


def list_users(uow: UnitOfWork) -> list[UserInfo]:
    uow.require(Permission.ADMIN)
    now = utcnow()
    return [_info(u, now) for u in uow.session.execute(select(User).order_by(User.username)).scalars()]
