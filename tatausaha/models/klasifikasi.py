from __future__ import annotations

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base

SCHEME_PMDN83 = "pmdn83_2022"  # Permendagri 83/2022, current
SCHEME_LAMA = "lama"  # the pre-2022 decimal scheme, read-only, for legacy letters


class Klasifikasi(Base):
    """One Kode Klasifikasi Arsip."""

    __tablename__ = "klasifikasi"
    __table_args__ = (UniqueConstraint("scheme", "kode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme: Mapped[str] = mapped_column(String(16), index=True)
    kode: Mapped[str] = mapped_column(String(32))
    nama: Mapped[str] = mapped_column(String(300))
    nama_lengkap: Mapped[str | None] = mapped_column(Text)
    level: Mapped[int]
    parent_kode: Mapped[str | None] = mapped_column(String(32))
    catatan: Mapped[str | None] = mapped_column(Text)
    read_only: Mapped[bool] = mapped_column(default=False)
