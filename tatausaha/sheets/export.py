"""Write a table to XLSX or CSV: data, never code; real dates and numbers; atomic.

Formula-safe output (OWASP "CSV injection"): a text cell whose first character is ``=``, ``+``,
``-``, ``@``, a tab or a carriage return could be run as a formula by Excel or LibreOffice
(``=cmd|' /C calc'!A0``). In CSV such a cell gets a leading single quote. In XLSX the text is
kept exactly but written as a string cell with Excel's *quote prefix* flag, so it is shown as
text and stays text when edited. Plain numbers written as text (``-5``, ``-1,5``) and a lone
``-`` are not formulas and are left alone.

XLSX cells get their real type: ``datetime.date`` → a date cell (``DD-MM-YYYY``), ``datetime`` →
date and time, ``int`` → a number (``#,##0``), ``Decimal``/``float`` → a number with two decimals,
or with a column's own format (``Col.number_format``, e.g. rupiah ``"Rp"#,##0``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from tatausaha.errors import ValidationFailed
from tatausaha.fileio import atomic_target

#: first characters that make a spreadsheet cell a formula (OWASP)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")

DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
RUPIAH_FORMAT = '"Rp"#,##0'


def dangerous(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula?"""
    return bool(text) and text.startswith(FORMULA_START) and not (text == "-" or _PLAIN_NUMBER.fullmatch(text))


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs: a leading single quote when it looks like a formula."""
    return "'" + text if dangerous(text) else text


@dataclass(frozen=True)
class Col:
    """One column of an exported table."""

    title: str
    width: float | None = None  # characters; None = from the title
    align: Literal["left", "center", "right"] = "left"
    wrap: bool = False
    number_format: str | None = None  # XLSX format of this column's numbers/dates (default: by value type)


def _csv_value(v: Any, date_format: str) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime(date_format + " %H:%M")
    if isinstance(v, dt.date):
        return v.strftime(date_format)
    if isinstance(v, bool):
        return "Ya" if v else "Tidak"
    if isinstance(v, int | float | Decimal):
        return str(v)
    return neutralise(str(v))


def write_csv(path: Path, columns: Sequence[Col | str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",",
              date_format: str = "%d-%m-%Y", preamble: Sequence[str] = ()) -> int:
    """CSV in UTF-8 with BOM (Excel shows Indonesian text right); returns the number of data rows."""
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        for line in preamble:
            w.writerow([neutralise(line)])
        w.writerow([neutralise(c.title if isinstance(c, Col) else c) for c in columns])
        for r in rows:
            w.writerow([_csv_value(v, date_format) for v in r])
            n += 1
    return n


def write_xlsx(path: Path, columns: Sequence[Col | str], rows: Iterable[Sequence[Any]], *, sheet: str = "Data",
               preamble: Sequence[str] = (), footer: Sequence[str] = (), boxed: bool = False,
               row_fill: Callable[[Sequence[Any]], str | None] | None = None,
               legend: Sequence[tuple[str, str]] = ()) -> int:
    """XLSX (write-only, streams any number of rows); returns the number of data rows.

    ``row_fill(row)`` may give a row a background colour (``"FFCDD2"``: e.g. a due-date list
    coloured by how near each date is); ``legend`` — ``(colour, meaning)`` pairs — is written
    under the table so the colours are read the same way on paper."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    cols = [c if isinstance(c, Col) else Col(c) for c in columns]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(sheet))
    for i, c in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width or max(8, min(60, len(c.title) + 4))
    ws.freeze_panes = f"A{len(preamble) + 2}"
    bold = Font(bold=True)
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin) if boxed else None
    head_fill = PatternFill("solid", fgColor="DDE5F0")
    aligns = [Alignment(horizontal=c.align, vertical="top", wrap_text=c.wrap) for c in cols]

    fills: dict[str, PatternFill] = {}

    def fill_of(colour: str | None) -> PatternFill | None:
        if not colour:
            return None
        if colour not in fills:
            fills[colour] = PatternFill("solid", fgColor=colour)
        return fills[colour]

    def cell(value: Any, col: Col | None = None, align: Alignment | None = None,
             fill: PatternFill | None = None) -> WriteOnlyCell:
        c = WriteOnlyCell(ws)
        _set(c, value, col)
        if align is not None:
            c.alignment = align
        if border is not None:
            c.border = border
        if fill is not None:
            c.fill = fill
        return c

    for i, line in enumerate(preamble):
        c = WriteOnlyCell(ws)
        _set(c, line, None)
        c.font = Font(bold=True, size=13) if i == 0 else bold
        ws.append([c])
    header = []
    for col in cols:
        c = cell(col.title, None, Alignment(horizontal="center", vertical="top", wrap_text=True))
        c.font, c.fill = bold, head_fill
        header.append(c)
    ws.append(header)
    n = 0
    try:
        for r in rows:
            fill = fill_of(row_fill(r)) if row_fill is not None else None
            ws.append([cell(v, cols[i] if i < len(cols) else None, aligns[i] if i < len(aligns) else None, fill)
                       for i, v in enumerate(r)])
            n += 1
    except BaseException:
        with contextlib.suppress(Exception):
            ws.close()  # end openpyxl's streaming writer now, not at garbage collection (the file is dropped)
        raise
    if legend:
        ws.append([])
        for colour, meaning in legend:
            swatch = WriteOnlyCell(ws)
            swatch.fill = fill_of(colour) or PatternFill()
            text = WriteOnlyCell(ws)
            _set(text, meaning, None)
            ws.append([swatch, text])
    if footer:
        ws.append([])
        for line in footer:
            c = WriteOnlyCell(ws)
            _set(c, line, None)
            ws.append([c])
    wb.save(path)
    return n


def _set(c: Any, value: Any, col: Col | None) -> None:
    """Give a write-only cell its value with the right type and format; text is never a formula."""
    fmt = col.number_format if col is not None else None
    if value is None or value == "":
        c.value = None
    elif isinstance(value, bool):
        c.value = "Ya" if value else "Tidak"
    elif isinstance(value, dt.datetime):
        c.value = value.replace(tzinfo=None) if value.tzinfo else value
        c.number_format = fmt or DATETIME_FORMAT
    elif isinstance(value, dt.date):
        c.value = value
        c.number_format = fmt or DATE_FORMAT
    elif isinstance(value, int):
        c.value = value
        c.number_format = fmt or INT_FORMAT
    elif isinstance(value, Decimal | float):
        c.value = value
        c.number_format = fmt or DECIMAL_FORMAT
    else:
        text = str(value)
        c.value = text
        c.data_type = "s"  # openpyxl makes any text starting with "=" a formula; this one is data
        if dangerous(text):
            c.quotePrefix = True  # Excel's own "this is text": stays text when edited


def _sheet_title(title: str) -> str:
    t = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Data"
    return t[:31]


def write_table(path: Path, columns: Sequence[Col | str], rows: Iterable[Sequence[Any]], *, fmt: str | None = None,
                sheet: str = "Data", preamble: Sequence[str] = (), footer: Sequence[str] = (), delimiter: str = ",",
                boxed: bool = False, row_fill: Callable[[Sequence[Any]], str | None] | None = None,
                legend: Sequence[tuple[str, str]] = ()) -> int:
    """Write ``rows`` under ``columns`` to ``path`` (XLSX or CSV by ``fmt`` or the suffix), atomically.

    The file appears under its name only when complete (``fileio.atomic_target``: temporary file,
    fsync, replace); on any failure nothing is left behind and a ``StorageError`` says why in Indonesian.
    Returns the number of data rows written.
    """
    path = Path(path)
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if kind not in ("xlsx", "csv"):
        raise ValidationFailed(f"Format ekspor '{kind or path.name}' tidak didukung: pakai .xlsx atau .csv.", field="format")
    with atomic_target(path) as tmp:  # the house's one atomic write (tatausaha.fileio)
        if kind == "xlsx":
            n = write_xlsx(tmp, columns, rows, sheet=sheet, preamble=preamble, footer=footer, boxed=boxed,
                           row_fill=row_fill, legend=legend)
        else:
            lines = list(preamble) + ([""] if preamble else [])
            n = write_csv(tmp, columns, rows, delimiter=delimiter, preamble=lines)
            if footer:
                with tmp.open("a", encoding="utf-8", newline="") as fh:
                    w = csv.writer(fh, delimiter=delimiter)
                    w.writerow([])
                    for line in footer:
                        w.writerow([neutralise(line)])
    return n


__all__ = ["Col", "FORMULA_START", "dangerous", "neutralise", "write_csv", "write_table", "write_xlsx"]
