"""Indonesian formatting: dates, day names, Roman months, rupiah (PUEBI) and terbilang.

Sources: DOMAIN.md §1.6 (dates) and §7.3 (PUEBI rupiah, KBBI "miliar"/"triliun").

>>> tanggal_panjang(dt.date(2023, 2, 8))
'8 Februari 2023'
>>> rupiah(2950000)
'Rp2.950.000,00'
>>> terbilang(2950000)
'dua juta sembilan ratus lima puluh ribu'
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from tatausaha import clock

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # date.weekday() order

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip

_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ("", "ribu", "juta", "miliar", "triliun")  # KBBI forms, not "milyar"/"trilyun"

#: Largest amount terbilang spells (999 triliun …); larger numbers raise ValueError.
TERBILANG_MAX = 10**15 - 1


# --------------------------------------------------------------------------- dates


def nama_bulan(month: int) -> str:
    return BULAN[month - 1]


def nama_hari(d: dt.date) -> str:
    return HARI[d.weekday()]


def tanggal_panjang(d: dt.date | None, empty: str = "") -> str:
    """``8 Februari 2023`` (no leading zero)."""
    if d is None:
        return empty
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def hari_tanggal(d: dt.date) -> str:
    """``Rabu, 8 Februari 2023``."""
    return f"{nama_hari(d)}, {tanggal_panjang(d)}"


def tempat_tanggal(tempat: str, d: dt.date | None) -> str:
    """``Bekasi, 8 Februari 2023``; without a place just the date; without a date a blank to fill."""
    date_text = tanggal_panjang(d) if d is not None else "          " + str(clock.today().year)
    return f"{tempat}, {date_text}" if tempat else date_text


def tanggal_pendek(d: dt.date | None) -> str:
    """``08-02-2023`` (registers)."""
    return "" if d is None else f"{d.day:02d}-{d.month:02d}-{d.year}"


def waktu(ts: dt.datetime | None, empty: str = "") -> str:
    """A stored timestamp (naive = UTC) as the office sees it: ``08-02-2023 14.05`` in the office's
    time zone (WIB/WITA/WIT, ``tatausaha.clock``); hours and minutes with a dot (PUEBI)."""
    if ts is None:
        return empty
    local = clock.to_office(ts)
    return f"{tanggal_pendek(local.date())} {local:%H.%M}"


def romawi(n: int) -> str:
    """Roman numeral for 1..3999."""
    if not 0 < n < 4000:
        raise ValueError(f"cannot write {n} in Roman numerals")
    out = []
    for value, sym in _ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)


def bulan_romawi(month: int | dt.date) -> str:
    """Month in Roman numerals for letter numbers: 2 → ``II``."""
    m = month.month if isinstance(month, dt.date) else month
    if not 1 <= m <= 12:
        raise ValueError(f"not a month: {m}")
    return romawi(m)


def tanggal_dieja(d: dt.date, kapital: bool = True) -> str:
    """Berita acara style: ``Rabu tanggal Dua Puluh Enam bulan Agustus tahun Dua Ribu Dua Puluh Enam``."""

    def cap(s: str) -> str:
        return s.title() if kapital else s

    return f"{nama_hari(d)} tanggal {cap(terbilang(d.day))} bulan {BULAN[d.month - 1]} tahun {cap(terbilang(d.year))}"


def format_nip(nip: str | None) -> str:
    """Group an 18-digit NIP as printed under signatures: ``19700101 199003 1 001``.

    Anything that is not 18 digits is returned stripped, unchanged.
    """
    if not nip:
        return ""
    digits = "".join(ch for ch in nip if not ch.isspace())
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip.strip()


# --------------------------------------------------------------------------- numbers and rupiah


def _to_decimal(amount: int | Decimal | str) -> Decimal:
    if isinstance(amount, bool):
        raise ValueError("amount must be a number")
    if isinstance(amount, float):
        raise TypeError("use int or Decimal for money, not float")
    try:
        value = Decimal(amount)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return value


def format_angka(amount: int | Decimal | str, decimals: int = 0) -> str:
    """Indonesian number: ``1.234.567,50`` (dot thousands, comma decimals)."""
    value = _to_decimal(amount)
    q = Decimal(1).scaleb(-decimals)
    value = value.quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    out = ".".join(reversed(groups))
    return sign + out + ("," + frac if decimals else "")


def angka(value: float | int | Decimal | str, decimals: int = 0) -> str:
    """Any number as the UI shows it: ``12.345``, ``2,50`` (``format_angka``; floats accepted)."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return format_angka(value, decimals)


def durasi(seconds: float, decimals: int = 2) -> str:
    """A duration: ``2,00 detik``; from a minute on ``3 menit 5 detik``; from an hour ``1 jam 2 menit``."""
    if seconds < 60:
        return f"{angka(seconds, decimals)} detik"
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{angka(hours)} jam {minutes} menit"
    return f"{minutes} menit {secs} detik"


def ukuran(n_bytes: int) -> str:
    """A file size: ``812 B``, ``1,5 KB``, ``12,3 MB``, ``2,0 GB`` (1 KB = 1024 B)."""
    n = float(n_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{angka(n)} {unit}" if unit == "B" else f"{angka(n, 1)} {unit}"
        n /= 1024
    return f"{angka(n, 1)} GB"


def rupiah(amount: int | Decimal | str, style: Literal["puebi", "bulat", "lokal"] = "puebi") -> str:
    """Rupiah as text.

    * ``puebi`` (default): ``Rp2.950.000,00`` — capital R, no dot, no space, 2 decimals;
    * ``bulat``: ``Rp2.950.000`` — no decimals (tables);
    * ``lokal``: ``Rp. 2.950.000,-`` — the common local practice (not PUEBI), as an option.
    """
    value = _to_decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if style == "puebi":
        return f"{sign}Rp{format_angka(value, 2)}"
    if style == "bulat":
        return f"{sign}Rp{format_angka(value, 0)}"
    if style == "lokal":
        if value == value.to_integral_value():
            return f"{sign}Rp. {format_angka(value, 0)},-"
        return f"{sign}Rp. {format_angka(value, 2)}"
    raise ValueError(f"unknown rupiah style {style!r}")


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [_DIGITS[hundreds], "ratus"]
    if rest == 0:
        return words
    if rest < 10:
        words.append(_DIGITS[rest])
    elif rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif rest < 20:
        words += [_DIGITS[rest - 10], "belas"]
    else:
        tens, units = divmod(rest, 10)
        words += [_DIGITS[tens], "puluh"]
        if units:
            words.append(_DIGITS[units])
    return words


def terbilang(n: int) -> str:
    """Whole number in Indonesian words, lower case: ``1001`` → ``seribu satu``.

    Special words *sepuluh*, *sebelas*, *seratus*, *seribu*; scales ribu, juta, miliar,
    triliun (KBBI). Works up to ``TERBILANG_MAX`` (999 triliun …); negative → ``minus …``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("terbilang needs an int")
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    if n > TERBILANG_MAX:
        raise ValueError(f"{n} is beyond {TERBILANG_MAX} (triliun)")
    words: list[str] = []
    scale = 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            if scale == 1 and group == 1:
                part = ["seribu"]
            else:
                part = _below_thousand(group) + ([_SCALES[scale]] if scale else [])
            words = part + words
        scale += 1
    return " ".join(words)


def _capitalise(text: str, kapital: Literal["kecil", "awal", "judul"]) -> str:
    if kapital == "kecil":
        return text
    if kapital == "awal":
        return text[:1].upper() + text[1:]
    if kapital == "judul":
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    raise ValueError(f"unknown capitalisation {kapital!r}")


def terbilang_rupiah(amount: int | Decimal | str, kapital: Literal["kecil", "awal", "judul"] = "kecil") -> str:
    """``2950000`` → ``dua juta sembilan ratus lima puluh ribu rupiah``; sen spelled after.

    ``Decimal("1500.25")`` → ``seribu lima ratus rupiah dua puluh lima sen``.
    ``kapital="judul"`` gives the Title Case many kuitansi use ("Dua Juta … Rupiah").
    """
    value = _to_decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("negative amounts have no terbilang on a kwitansi")
    whole = int(value)
    sen = int((value - whole) * 100)
    text = f"{terbilang(whole)} rupiah"
    if sen:
        text += f" {terbilang(sen)} sen"
    return _capitalise(text, kapital)
