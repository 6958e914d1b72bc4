"""Indonesian parsing: dates and rupiah amounts as people write them (the reverse of ``idformat``).

One place for what the importer, the CLI, the UI date fields and the next areas (SPJ amounts,
staff dates) read from text or spreadsheet cells:

* :func:`parse_tanggal` — "12 Agustus 2024", "12-08-2024", "12/08/24", "12.08.2024", "2024-08-12",
  "12 Agt 2024", "Senin, 12 Agustus 2024", Pebruari / Nopember spellings, real Excel dates
  (and serial numbers that lost their format);
* :func:`parse_rupiah` — "2950000", "2.950.000", "2.950.000,50", "Rp2.950.000,00", "Rp 2.950.000,-".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

BULAN_ALIASES: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("januari", "jan", "january"),
        ("februari", "pebruari", "feb", "peb", "pebr", "febr", "february"),
        ("maret", "mar", "march", "mrt"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agt", "agst", "agu", "ags", "agus", "aug", "august", "augustus"),
        ("september", "sep", "sept", "spt"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nopember", "nov", "nop", "novemb"),
        ("desember", "des", "dec", "december", "desemb"),
    ],
    start=1,
):
    for _n in _names:
        BULAN_ALIASES[_n] = _i

_HARI = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"^(\d{1,2})\s*[-/. ]\s*([a-z]+)\.?\s*[-/. ]\s*(\d{2}|\d{4})$")


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        return 2000 + n if n < 70 else 1900 + n
    return n


def parse_tanggal(value: Any) -> dt.date | None:
    """A date from a cell. ``None``/empty → None; unreadable → ValueError with an Indonesian message."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date that lost its format
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise ValueError(f"'{value}' bukan tanggal")
    text = " ".join(str(value).strip().split())
    if not text or text in ("-", "—"):
        return None
    t = text.lower().replace(",", " ")
    words = t.split()
    if words and words[0] in _HARI:  # "Senin, 12 Agustus 2024"
        t = " ".join(words[1:])
    t = " ".join(t.split())
    try:
        if m := _ISO.match(t):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC.match(t):
            return dt.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _WORDS.match(t):
            month = BULAN_ALIASES.get(m.group(2))
            if month is None:
                raise ValueError(f"nama bulan '{m.group(2)}' tidak dikenal")
            return dt.date(_year(m.group(3)), month, int(m.group(1)))
    except ValueError as exc:
        if "bulan" in str(exc):
            raise ValueError(f"'{text}': {exc}") from None
        raise ValueError(f"'{text}' bukan tanggal yang mungkin") from None
    raise ValueError(f"'{text}' tidak dikenali sebagai tanggal (contoh: 12 Agustus 2024 atau 12-08-2024)")


def parse_rupiah(text: Any) -> Decimal:
    """A rupiah amount → Decimal; ValueError with an Indonesian message when it is not one.

    Dots are thousands separators and the comma is the decimal mark (PUEBI); a single dot
    followed by other than three digits is read as a decimal point (``2950000.5``). Numbers
    from a spreadsheet cell (int, float, Decimal) are taken as they are.
    """
    if isinstance(text, bool):
        raise ValueError(f"'{text}' bukan angka rupiah yang sah")
    if isinstance(text, int | Decimal):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        raw = str(text or "")
        cleaned = raw.strip().replace(" ", "").replace("\u00a0", "")
        if cleaned[:2].lower() == "rp":
            cleaned = cleaned[2:].lstrip(".")
        cleaned = cleaned.removesuffix(",-").removesuffix(",00-")
        if "," in cleaned:
            whole, _, frac = cleaned.rpartition(",")
            cleaned = whole.replace(".", "") + "." + frac
        elif cleaned.count(".") > 1 or (cleaned.count(".") == 1 and len(cleaned.rpartition(".")[2]) == 3):
            cleaned = cleaned.replace(".", "")  # dots as thousands separators
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"'{raw.strip()}' bukan angka rupiah yang sah (contoh: 2.950.000 atau Rp2.950.000,50)") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' bukan angka rupiah yang sah")
    return value


__all__ = ["BULAN_ALIASES", "parse_rupiah", "parse_tanggal"]
