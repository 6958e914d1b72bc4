"""Installation-wide settings of the core that belong to the data (kept in backups): key → value."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, utcnow


class AppSetting(Base):
    """One setting of this office's database (e.g. ``qr_key``, the secret of its QR check digits)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
