"""NIP and NIK: parsing, validation against the record, display (DOMAIN.md §6.1, §6.7).

NIP (Perka BKN 22/2007), 18 digits ``yyyymmdd yyyymm g nnn``: birth date, TMT CPNS year and
month, gender (1 pria, 2 wanita), sequence. A PPPK's NI PPPK has the same shape with ``21`` in
place of the month (``199003152023212001``; observed, not sourced — accepted for PPPK only).
A NIP that disagrees with the record's birth date, TMT CPNS or gender is refused.

NIK (Dukcapil), 16 digits ``pp kk cc ddmmyy nnnn``: province, regency, district, birth date
(women: day + 40), sequence. A NIK is permanent even when its date is wrong, so a birth-date
mismatch only *warns*.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tatausaha.errors import ValidationFailed

#: the month digits of an NI PPPK
PPPK_MONTH = 21


@dataclass(frozen=True)
class NipParts:
    tgl_lahir: dt.date
    tmt_tahun: int
    tmt_bulan: int | None  # None for an NI PPPK (month digits "21")
    jenis_kelamin: str  # "L" | "P"
    urut: int

    @property
    def pppk(self) -> bool:
        return self.tmt_bulan is None


def digits_only(text: str | None) -> str:
    return re.sub(r"[\s.\-]", "", text or "")


def format_nip(nip: str | None) -> str:
    """``198609262015051001`` → ``19860926 201505 1 001`` (anything else unchanged)."""
    d = digits_only(nip)
    if len(d) != 18 or not d.isdigit():
        return nip or ""
    return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


def parse_nip(nip: str, *, allow_pppk: bool = False) -> NipParts:
    """The parts of a NIP; ValidationFailed (in Indonesian, naming what is wrong) when it is not one."""
    d = digits_only(nip)
    if not d.isdigit() or len(d) != 18:
        raise ValidationFailed(f"NIP harus 18 angka (tertulis {len(d)} karakter: {nip!r}).", field="nip_baru")
    try:
        born = dt.date(int(d[:4]), int(d[4:6]), int(d[6:8]))
    except ValueError:
        raise ValidationFailed(f"NIP {format_nip(d)}: 8 angka pertama bukan tanggal lahir yang ada.", field="nip_baru") from None
    year, month = int(d[8:12]), int(d[12:14])
    if month == PPPK_MONTH and allow_pppk:
        tmt_month: int | None = None
    elif 1 <= month <= 12:
        tmt_month = month
    else:
        raise ValidationFailed(f"NIP {format_nip(d)}: angka 9–14 bukan bulan TMT CPNS yang ada ({d[8:14]}).",
                               field="nip_baru")
    if not born.year + 14 <= year <= born.year + 70:
        raise ValidationFailed(
            f"NIP {format_nip(d)}: tahun TMT CPNS {year} tidak mungkin untuk kelahiran {born.year}.", field="nip_baru")
    if d[14] not in "12":
        raise ValidationFailed(f"NIP {format_nip(d)}: angka ke-15 (jenis kelamin) harus 1 atau 2, bukan {d[14]}.",
                               field="nip_baru")
    urut = int(d[15:])
    if urut == 0:
        raise ValidationFailed(f"NIP {format_nip(d)}: nomor urut 000 tidak dipakai.", field="nip_baru")
    return NipParts(born, year, tmt_month, "L" if d[14] == "1" else "P", urut)


def check_nip(nip: str, *, tgl_lahir: dt.date | None, jenis_kelamin: str | None, tmt_cpns: dt.date | None,
              pppk: bool = False) -> str:
    """The NIP's 18 digits when it agrees with the record; ValidationFailed naming the disagreement."""
    parts = parse_nip(nip, allow_pppk=pppk)
    shown = format_nip(nip)
    if tgl_lahir is not None and parts.tgl_lahir != tgl_lahir:
        raise ValidationFailed(
            f"NIP {shown} menyebut tanggal lahir {parts.tgl_lahir:%d-%m-%Y}, tetapi data tanggal lahir "
            f"{tgl_lahir:%d-%m-%Y}.", field="nip_baru")
    if jenis_kelamin and parts.jenis_kelamin != jenis_kelamin:
        said = "pria" if parts.jenis_kelamin == "L" else "wanita"
        raise ValidationFailed(f"NIP {shown} menyebut jenis kelamin {said}, tidak sesuai data pegawai.", field="nip_baru")
    if tmt_cpns is not None and parts.tmt_bulan is not None and (parts.tmt_tahun, parts.tmt_bulan) != (tmt_cpns.year, tmt_cpns.month):
        raise ValidationFailed(
            f"NIP {shown} menyebut TMT CPNS {parts.tmt_bulan:02d}-{parts.tmt_tahun}, tetapi data TMT CPNS "
            f"{tmt_cpns:%m-%Y}.", field="nip_baru")
    return digits_only(nip)


@dataclass(frozen=True)
class NikCheck:
    nik: str
    warnings: tuple[str, ...]  # Indonesian; never block saving


def check_nik(nik: str, *, tgl_lahir: dt.date | None = None, jenis_kelamin: str | None = None) -> NikCheck:
    """16 digits or ValidationFailed; a birth date / gender that disagrees with the record only warns."""
    d = digits_only(nik)
    if not d.isdigit() or len(d) != 16:
        raise ValidationFailed(f"NIK harus 16 angka (tertulis {len(d)} karakter).", field="nik")
    if d[:2] == "00" or d[2:4] == "00":
        raise ValidationFailed(f"NIK {d}: kode provinsi/kabupaten tidak boleh 00.", field="nik")
    warnings: list[str] = []
    day, month, yy = int(d[6:8]), int(d[8:10]), int(d[10:12])
    female = day > 40
    if female:
        day -= 40
    try:
        born: dt.date | None = dt.date(1900 + yy, month, day)
    except ValueError:
        born = None
        warnings.append(f"NIK {d}: angka 7–12 bukan tanggal lahir yang ada (NIK tetap disimpan).")
    if born is not None and tgl_lahir is not None and (born.day, born.month, born.year % 100) != (
            tgl_lahir.day, tgl_lahir.month, tgl_lahir.year % 100):
        warnings.append(f"NIK {d} menyebut tanggal lahir {born:%d-%m}-{yy:02d}, berbeda dengan data "
                        f"{tgl_lahir:%d-%m-%Y} (NIK tetap disimpan; periksa KTP).")
    if jenis_kelamin and born is not None and female != (jenis_kelamin == "P"):
        warnings.append(f"NIK {d} menyebut jenis kelamin {'wanita' if female else 'pria'}, berbeda dengan data "
                        "(NIK tetap disimpan; periksa KTP).")
    return NikCheck(d, tuple(warnings))


def mask(value: str, keep: int = 4) -> str:
    """``3275012609860003`` → ``••••••••••••0003`` for readers who may not see personal data."""
    value = value or ""
    if not value:
        return ""
    return "•" * max(len(value) - keep, 0) + value[-keep:]
