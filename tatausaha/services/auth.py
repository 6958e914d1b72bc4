"""Roles, permissions and the acting user. Enforced in services, not only in the UI."""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from tatausaha.errors import AccountLocked, AuthenticationFailed, PermissionDenied, ValidationFailed


class Role(enum.StrEnum):
    OPERATOR = "operator"  # clerk: registers and drafts
    PIMPINAN = "pimpinan"  # Camat, Sekcam, Kasubag: disposes, approves
    AUDITOR = "auditor"  # reads and exports, changes nothing
    ADMIN = "admin"


ROLE_LABELS = {
    Role.OPERATOR: "Operator (pengadministrasi)",
    Role.PIMPINAN: "Pimpinan (Camat/Sekcam/Kasubag)",
    Role.AUDITOR: "Auditor (baca & ekspor)",
    Role.ADMIN: "Administrator",
}


class Permission(enum.StrEnum):
    READ = "read"
    EXPORT = "export"
    WRITE = "write"  # register, edit, draft, file scans
    DISPOSE = "dispose"  # create disposisi, approve
    SIGN = "sign"
    ADMIN = "admin"  # users, office profile, master data
    SEE_SECRET = "see_secret"  # every rahasia letter, not only its chain
    AUDIT = "audit"  # read the audit trail (who changed what, before and after)
    PERSONAL = "personal"  # open employees' personal data (NIK, NIP, birth date, address, bank)


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: frozenset({Permission.READ, Permission.EXPORT, Permission.WRITE}),
    Role.PIMPINAN: frozenset(
        {Permission.READ, Permission.EXPORT, Permission.WRITE, Permission.DISPOSE, Permission.SIGN, Permission.SEE_SECRET,
         Permission.PERSONAL}
    ),
    Role.AUDITOR: frozenset({Permission.READ, Permission.EXPORT, Permission.AUDIT}),
    Role.ADMIN: frozenset(set(Permission)),
}

PERMISSION_LABELS = {
    Permission.READ: "membaca data",
    Permission.EXPORT: "mengekspor data",
    Permission.WRITE: "mengubah data",
    Permission.DISPOSE: "membuat disposisi",
    Permission.SIGN: "menandatangani",
    Permission.ADMIN: "mengelola pengaturan dan pengguna",
    Permission.SEE_SECRET: "membuka surat rahasia",
    Permission.AUDIT: "membaca jejak audit",
    Permission.PERSONAL: "membuka data pribadi pegawai",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting. Plain data, safe to hand to threads and the UI."""

    user_id: int | None
    username: str
    full_name: str
    role: Role
    unit_id: int | None = None
    official_id: int | None = None
    #: posts this account holds as Plt./Plh. today (``PenugasanPejabat``): what is addressed to
    #: those posts reaches this account as well
    acting_official_ids: tuple[int, ...] = ()

    @property
    def official_ids(self) -> tuple[int, ...]:
        """Every post this account answers for: its own, then the ones it acts for."""
        own = (self.official_id,) if self.official_id is not None else ()
        return own + tuple(o for o in self.acting_official_ids if o != self.official_id)

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                f"Pengguna {self.username} ({self.role.value}) tidak berhak {PERMISSION_LABELS[permission]}."
            )


#: The actor for set-up commands run from the shell (init, demo, restore, migrations).
SYSTEM = Actor(user_id=None, username="sistem", full_name="Sistem", role=Role.ADMIN)

# Memory-hard (Argon2id) with a per-hash random salt; parameters from argon2-cffi's RFC 9106 low-memory profile.
_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 8
MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.", field="password")
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_not_locked(locked_until: dt.datetime | None, now: dt.datetime) -> None:
    if locked_until is not None and locked_until > now:
        minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
        raise AccountLocked(f"Akun dikunci karena terlalu banyak kata sandi salah. Coba lagi dalam {minutes} menit.")


def auth_failed() -> AuthenticationFailed:
    return AuthenticationFailed("Nama pengguna atau kata sandi salah.")
