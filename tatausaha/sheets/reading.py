"""Read the spreadsheets people bring: ``.xlsx`` or ``.csv`` in any encoding, never a crash.

CSV bytes are decoded by :func:`decode_text`: a byte-order mark decides (UTF-8, UTF-16 LE/BE,
UTF-32); otherwise UTF-16 without a BOM is recognised by its zero bytes, then UTF-8 is tried,
then Windows-1252 — the encoding Excel on Indonesian Windows writes "CSV" in — with the five
bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) read as their Latin-1 control
characters, so every byte sequence decodes. The delimiter (``,`` ``;`` tab ``|``) is sniffed.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tatausaha.errors import NotFound, ValidationFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: cp1252 with its undefined bytes mapped as Latin-1 does (U+0081 ...): total over all 256 bytes
_CP1252 = {b: bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
           for b in range(256)}
_CP1252_TABLE = "".join(_CP1252[b] for b in range(256))


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate({i: _CP1252_TABLE[i] for i in range(0x80, 0xA0)})


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for any bytes: BOM, UTF-16 without BOM, UTF-8, else Windows-1252 (total)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                break  # a BOM followed by garbage: fall through to the byte-wise decodings
    head = data[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:  # UTF-16 without a BOM (ASCII text: every other byte 0)
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _cp1252(data), "cp1252"


def sniff_delimiter(text: str) -> str:
    sample = text[:4096]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (";", ",", "\t", "|")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv_rows(data: bytes) -> list[list[Any]]:
    text, _ = decode_text(data)
    text = text.replace("\x00", "")  # a stray NUL would stop the csv module
    delim = sniff_delimiter(text)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]


def read_xlsx_rows(data: bytes, name: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure is "not a readable xlsx"
        raise ValidationFailed(f"{name} bukan berkas Excel (.xlsx) yang dapat dibaca.") from exc
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def read_rows(data: bytes, name: str) -> list[list[Any]]:
    """Every row of the first sheet (XLSX) or of the CSV, by the file name's suffix."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_rows(data, name)
    if suffix in (".csv", ".txt"):
        return read_csv_rows(data)
    if suffix == ".xls":
        raise ValidationFailed(f"{name} berformat Excel lama (.xls). Simpan ulang sebagai .xlsx lalu impor lagi.")
    raise ValidationFailed(f"{name}: hanya berkas .xlsx atau .csv yang dapat diimpor.")


@dataclass(frozen=True)
class RawTable:
    """A sheet as read: the header row, the rows under it, and where the header was."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    header_row: int  # 1-based row number of the header in the file (as the clerk sees it in Excel)
    sha256: str
    name: str


def read_table(path: Path, find_header: Callable[[list[list[Any]]], int | None], *, what: str = "") -> RawTable:
    """Read ``path`` and cut it at the header row ``find_header`` picks (``mapping.find_header``)."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"Berkas {path} tidak ditemukan.")
    data = path.read_bytes()
    raw = read_rows(data, path.name)
    idx = find_header(raw)
    if idx is None:
        raise ValidationFailed(f"{path.name}: baris judul kolom tidak ditemukan" + (f" ({what})." if what else "."))
    headers = tuple(str(h).strip() if h is not None else "" for h in raw[idx])
    return RawTable(headers, tuple(tuple(r) for r in raw[idx + 1:]), idx + 1, hashlib.sha256(data).hexdigest(), path.name)


def cell_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


__all__ = ["RawTable", "cell_empty", "decode_text", "read_csv_rows", "read_rows", "read_table", "read_xlsx_rows",
           "sniff_delimiter"]
