"""Spreadsheets in and out — one shared place for every area (issue 11 item 7, issue 10 items 2 and 7).

* :mod:`.export` — every XLSX/CSV file the app writes goes through :func:`.export.write_table`:
  cells are data, never code (OWASP CSV injection: a text beginning with ``= + - @``, tab or CR
  is neutralised), XLSX gets real date and number cells with Indonesian number formats, and a
  file is written to a temporary name and moved into place (never half-written).
* :mod:`.reading` — read any ``.xlsx`` or ``.csv`` a clerk brings: CSV bytes in any encoding
  (BOM UTF-8/UTF-16, UTF-8, Windows-1252, Latin-1 — never a crash) and delimiter; the header row
  found among the first rows.
* :mod:`.mapping` — header → field mapping guessed from aliases, remembered per header layout.
* :mod:`.report` — the dry run naming every bad row, and the all-or-nothing rule
  (:func:`.report.clean`) the write path applies for the UI and the CLI alike.

Indonesian dates and rupiah amounts are parsed by :mod:`tatausaha.idparse`.
"""

from __future__ import annotations

from tatausaha.sheets.export import Col, neutralise, write_table
from tatausaha.sheets.mapping import find_header, guess_mapping, header_signature
from tatausaha.sheets.reading import RawTable, decode_text, read_table
from tatausaha.sheets.report import CheckedImport, RowProblem, clean

__all__ = [
    "CheckedImport", "Col", "RawTable", "RowProblem", "clean", "decode_text", "find_header", "guess_mapping",
    "header_signature", "neutralise", "read_table", "write_table",
]
