from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, TimestampMixin


class OfficeProfile(TimestampMixin, Base):
    """The one office this database belongs to: everything the kop surat needs."""

    __tablename__ = "office_profile"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    pemerintah: Mapped[str] = mapped_column(String(200))  # PEMERINTAH KOTA BEKASI
    nama_kantor: Mapped[str] = mapped_column(String(200))  # KECAMATAN JATISAMPURNA
    alamat: Mapped[str] = mapped_column(String(300), default="")
    kode_pos: Mapped[str] = mapped_column(String(10), default="")
    telepon: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    laman: Mapped[str] = mapped_column(String(200), default="")
    kota: Mapped[str] = mapped_column(String(100), default="")  # city in "Bekasi, 8 Februari 2023"
    kode_unit: Mapped[str] = mapped_column(String(40), default="")  # unit code in letter numbers
    jabatan_pimpinan: Mapped[str] = mapped_column(String(200), default="CAMAT")
    logo_sha256: Mapped[str | None] = mapped_column(String(64))  # a file in the archive store


class Unit(TimestampMixin, Base):
    """Subbag / seksi / kelurahan inside the office."""

    __tablename__ = "unit"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(40), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)


class Official(TimestampMixin, Base):
    """A person who holds a post: Camat, Sekcam, Kasubag, Kasi ... (may sign letters)."""

    __tablename__ = "official"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    nama: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str | None] = mapped_column(String(18))
    pangkat: Mapped[str] = mapped_column(String(100), default="")
    golongan: Mapped[str] = mapped_column(String(10), default="")
    jabatan: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    can_sign: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
