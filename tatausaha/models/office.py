from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, TimestampMixin


class OfficeProfile(TimestampMixin, Base):
    """The one office this database belongs to: everything the kop surat needs."""

    __tablename__ = "office_profile"
    __change_kind__ = "office"
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
    #: the office's time zone (``Asia/Jakarta`` WIB, ``Asia/Makassar`` WITA, ``Asia/Jayapura`` WIT);
    #: empty: the machine's (see ``tatausaha.clock``)
    zona_waktu: Mapped[str] = mapped_column(String(40), default="", server_default="")


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


ACTING_KINDS = ("Plt.", "Plh.")


class PenugasanPejabat(TimestampMixin, Base):
    """An account that acts for a post it does not hold: Plt. (pelaksana tugas, the post is vacant)
    or Plh. (pelaksana harian, the holder is away), for a period. While it runs, whatever is addressed
    to the post (dispositions, paraf, signatures) reaches the acting account too (DOMAIN.md §1.3)."""

    __tablename__ = "penugasan_pejabat"
    __audit__ = True
    __table_args__ = (
        CheckConstraint("jenis IN ('Plt.', 'Plh.')", name="jenis"),
        Index("ix_penugasan_pejabat_user", "user_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("official.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    jenis: Mapped[str] = mapped_column(String(8))  # Plt. | Plh.
    mulai: Mapped[dt.date | None] = mapped_column(Date)
    selesai: Mapped[dt.date | None] = mapped_column(Date)
    dasar: Mapped[str] = mapped_column(String(200), default="")  # the Surat Perintah / SK that appoints
    active: Mapped[bool] = mapped_column(default=True)
