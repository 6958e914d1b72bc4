"""User accounts: create, log in (with lock-out), change password, list; link an account to its
post (pejabat) and unit; let an account act for a post as Plt./Plh. for a period."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.errors import AuthenticationFailed, Conflict, NotFound, ValidationFailed
from tatausaha.models.account import User
from tatausaha.models.base import utcnow
from tatausaha.models.office import ACTING_KINDS, Official, PenugasanPejabat, Unit
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


def _today() -> dt.date:
    return clock.today()


def acting_official_ids(session: Session, user_id: int, on: dt.date | None = None) -> tuple[int, ...]:
    """The posts ``user_id`` acts for (Plt./Plh.) on day ``on`` (default today)."""
    on = on or _today()
    q = select(PenugasanPejabat.official_id).where(
        PenugasanPejabat.user_id == user_id, PenugasanPejabat.active.is_(True),
        or_(PenugasanPejabat.mulai.is_(None), PenugasanPejabat.mulai <= on),
        or_(PenugasanPejabat.selesai.is_(None), PenugasanPejabat.selesai >= on),
    ).order_by(PenugasanPejabat.id)
    return tuple(dict.fromkeys(session.execute(q).scalars()))


def actor_of(u: User, session: Session | None = None, *, on: dt.date | None = None) -> Actor:
    """The Actor of an account; with a session, also the posts it acts for (Plt./Plh.) on day ``on``."""
    acting = acting_official_ids(session, u.id, on) if session is not None else ()
    return Actor(u.id, u.username, u.full_name, Role(u.role), u.unit_id, u.official_id, acting)


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
    _check_link(uow.session, None, official_id, unit_id)
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
            uow.session.info["actor"] = actor_of(user, uow.session)
            uow.record("login_failed", "user_account", user.id, {"locked": locked})
            uow.commit()
            if locked:
                auth.check_not_locked(user.locked_until, now)
            raise auth.auth_failed()
        user.failed_attempts = 0
        user.locked_until = None
        user.last_login_at = now
        actor = actor_of(user, uow.session)
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


# --------------------------------------------------------------------------- posts and units


@dataclass(frozen=True)
class ActingInfo:
    """One Plt./Plh. assignment."""

    id: int
    user_id: int
    username: str
    full_name: str
    official_id: int
    jabatan: str
    jenis: str  # Plt. | Plh.
    mulai: dt.date | None
    selesai: dt.date | None
    dasar: str
    active: bool

    def running(self, on: dt.date) -> bool:
        return self.active and (self.mulai is None or self.mulai <= on) and (self.selesai is None or self.selesai >= on)


def _check_link(session: Session, user_id: int | None, official_id: int | None, unit_id: int | None) -> None:
    if official_id is not None:
        o = session.get(Official, official_id)
        if o is None or not o.active:
            raise NotFound(f"Pejabat {official_id} tidak ditemukan.")
        holder = session.execute(
            select(User).where(User.official_id == official_id, User.active.is_(True), User.id != (user_id or 0))
        ).scalars().first()
        if holder is not None:
            raise Conflict(
                f"Jabatan {o.jabatan} sudah terhubung ke akun {holder.username} ({holder.full_name}). "
                "Lepaskan dulu dari akun itu, atau tugaskan akun ini sebagai Plt./Plh."
            )
    if unit_id is not None:
        u = session.get(Unit, unit_id)
        if u is None or not u.active:
            raise NotFound(f"Unit kerja {unit_id} tidak ditemukan.")


def link_user(uow: UnitOfWork, user_id: int, *, official_id: int | None, unit_id: int | None) -> Changes:
    """Link an account to the post it holds (pejabat/jabatan) and its unit; ``None`` unlinks.

    A post has one definitive account; a second person who acts for it is a Plt./Plh.
    (``assign_acting``), never a second link.
    """
    uow.require(Permission.ADMIN)
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
    _check_link(uow.session, user_id, official_id, unit_id)
    user.official_id, user.unit_id = official_id, unit_id
    uow.session.flush()
    return Changes.of("user", user_id)


def assign_acting(
    uow: UnitOfWork, user_id: int, official_id: int, jenis: str, *, mulai: dt.date | None = None,
    selesai: dt.date | None = None, dasar: str = "",
) -> ActingInfo:
    """Let an account act for a post as Plt. or Plh. from ``mulai`` to ``selesai`` (open ends allowed)."""
    uow.require(Permission.ADMIN)
    s = uow.session
    jenis = jenis.strip()
    if jenis.lower().rstrip(".") in ("plt", "plh"):
        jenis = jenis[:1].upper() + jenis[1:3].lower() + "."
    if jenis not in ACTING_KINDS:
        raise ValidationFailed(f"Jenis penugasan '{jenis}' tidak dikenal: pilih Plt. atau Plh.", field="jenis")
    user = s.get(User, user_id)
    if user is None or not user.active:
        raise NotFound(f"Pengguna {user_id} tidak ditemukan atau tidak aktif.")
    o = s.get(Official, official_id)
    if o is None or not o.active:
        raise NotFound(f"Pejabat {official_id} tidak ditemukan.")
    if user.official_id == official_id:
        raise ValidationFailed(f"{user.full_name} adalah pemegang jabatan {o.jabatan} sendiri; tidak perlu {jenis}.")
    if mulai is not None and selesai is not None and selesai < mulai:
        raise ValidationFailed(f"Akhir penugasan {selesai:%d-%m-%Y} sebelum awalnya {mulai:%d-%m-%Y}.")
    for other in s.execute(select(PenugasanPejabat).where(
            PenugasanPejabat.user_id == user_id, PenugasanPejabat.official_id == official_id,
            PenugasanPejabat.active.is_(True))).scalars():
        if (other.selesai is None or mulai is None or other.selesai >= mulai) and (
                selesai is None or other.mulai is None or selesai >= other.mulai):
            raise Conflict(f"{user.full_name} sudah ditugaskan sebagai {other.jenis} {o.jabatan} pada masa itu.")
    row = PenugasanPejabat(official_id=official_id, user_id=user_id, jenis=jenis, mulai=mulai, selesai=selesai,
                           dasar=dasar.strip(), active=True)
    s.add(row)
    s.flush()
    return _acting_info(row, user, o)


def end_acting(uow: UnitOfWork, penugasan_id: int) -> Changes:
    """End an assignment now (kept in the history as inactive)."""
    uow.require(Permission.ADMIN)
    row = uow.session.get(PenugasanPejabat, penugasan_id)
    if row is None:
        raise NotFound(f"Penugasan {penugasan_id} tidak ditemukan.")
    row.active = False
    uow.session.flush()
    return Changes.of("user", row.user_id)


def _acting_info(p: PenugasanPejabat, u: User, o: Official) -> ActingInfo:
    return ActingInfo(p.id, u.id, u.username, u.full_name, o.id, o.jabatan, p.jenis, p.mulai, p.selesai, p.dasar,
                      p.active)


def list_acting(uow: UnitOfWork, *, include_ended: bool = False) -> list[ActingInfo]:
    uow.require(Permission.READ)
    q = (select(PenugasanPejabat, User, Official).join(User, User.id == PenugasanPejabat.user_id)
         .join(Official, Official.id == PenugasanPejabat.official_id).order_by(PenugasanPejabat.id))
    if not include_ended:
        q = q.where(PenugasanPejabat.active.is_(True))
    return [_acting_info(p, u, o) for p, u, o in uow.session.execute(q).all()]


def holders(session: Session, official_id: int, on: dt.date | None = None) -> list[tuple[str, str]]:
    """Who answers for a post on day ``on``: [(prefix, full name)] — the holder ("") and any Plt./Plh."""
    on = on or _today()
    out = [("", n) for n in session.execute(
        select(User.full_name).where(User.official_id == official_id, User.active.is_(True))).scalars()]
    for jenis, name in session.execute(
        select(PenugasanPejabat.jenis, User.full_name).join(User, User.id == PenugasanPejabat.user_id).where(
            PenugasanPejabat.official_id == official_id, PenugasanPejabat.active.is_(True), User.active.is_(True),
            or_(PenugasanPejabat.mulai.is_(None), PenugasanPejabat.mulai <= on),
            or_(PenugasanPejabat.selesai.is_(None), PenugasanPejabat.selesai >= on))
    ).all():
        out.append((jenis, name))
    return out


def find_user(uow: UnitOfWork, username: str) -> UserInfo:
    uow.require(Permission.ADMIN)
    u = uow.session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
    if u is None:
        raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
    return _info(u, utcnow())
