"""Core settings kept in the office's database (``app_setting``), so backups carry them."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from tatausaha import recordref
from tatausaha.models.setting import AppSetting
from tatausaha.services.uow import UnitOfWork

QR_KEY = "qr_key"


def get(uow: UnitOfWork, key: str) -> str | None:
    return uow.session.execute(select(AppSetting.value).where(AppSetting.key == key)).scalar_one_or_none()


def ensure_qr_key(uow: UnitOfWork) -> str:
    """The office's own QR check key, made once (at ``init``) from 128 random bits; the caller commits."""
    key = get(uow, QR_KEY)
    if not key:
        key = secrets.token_hex(16)
        uow.session.add(AppSetting(key=QR_KEY, value=key))
        uow.session.flush()
    recordref.set_office_key(key)
    return key


def load_qr_key(uow: UnitOfWork) -> str:
    """Make the stored office key the one QR codes are printed and read with (none yet: the old default)."""
    key = get(uow, QR_KEY)
    recordref.set_office_key(key)
    return recordref.office_key()
