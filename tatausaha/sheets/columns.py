"""Columns by header name and order of occurrence; anchors; a stored correction dictionary; the dry run.

Government exports (a BKPSDM's monthly staff list, a SIPD budget file) have dozens of columns,
the same header twice (``TMT`` after the golongan and again after the jabatan) and columns that
move from month to month. Guessing by similarity is how wrong data gets in quietly. So:

* **header name + order of occurrence** — a column is named by a header exactly as written
  (compared after :func:`.mapping.fold`: case, accents, punctuation and spaces do not matter,
  nothing else is forgiven) and which occurrence of it: ``("TMT", 2)`` is the second column headed
  ``TMT``, wherever it stands this month;
* **anchors** — the columns without which a file is not the file it claims to be (``NIP``,
  ``Nama``); a file missing one is refused as a whole, and the dry run says which;
* **never fuzzy** — a header that matches nothing is listed as unused, never taken for the
  nearest name;
* **the correction dictionary** — what the clerk told the app once is remembered for next month,
  per import profile (``pegawai``, …): *header corrections* (this office's ``NIP 18 DIGIT`` is
  ``nipBaru``) and *value corrections* (in column ``golRuangAkhir`` the text ``3A`` means
  ``III/a``). It is kept in the office database (``app_setting``), so backups carry it;
* **the dry run** — :func:`check_rows` runs every row through the area's field parsers and names
  every problem by row (as Excel numbers it) and column (header and letter); the import is all or
  nothing (:func:`.report.clean`).

Areas describe their columns with :class:`ColumnSpec`; this room knows no area's fields.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.models.setting import AppSetting
from tatausaha.sheets.mapping import fold
from tatausaha.sheets.reading import RawTable, cell_empty
from tatausaha.sheets.report import CheckedImport, RowProblem

#: a header as written in the file and which occurrence of it (1 = the first column with that header)
HeaderKey = tuple[str, int]


@dataclass(frozen=True)
class ColumnSpec:
    """One field an import reads, and the headers (with occurrence) it may stand under."""

    field: str
    headers: tuple[str | HeaderKey, ...]  # "NIP" means ("NIP", 1); earlier entries win
    label: str = ""  # how the clerk calls it (messages); defaults to the first header
    anchor: bool = False  # the file is refused without it
    required: bool = False  # every row must have a value

    def keys(self) -> list[HeaderKey]:
        return [(h, 1) if isinstance(h, str) else (h[0], int(h[1])) for h in self.headers]

    @property
    def title(self) -> str:
        return self.label or self.keys()[0][0]


def column_letter(index: int) -> str:
    """Excel's letter of a 0-based column index (0 → A, 26 → AA)."""
    n, out = index + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def occurrences(headers: Sequence[str]) -> list[HeaderKey]:
    """Each column's (folded header, occurrence): ``["TMT", "Gol", "TMT"]`` → ``[("tmt",1), ("gol",1), ("tmt",2)]``."""
    seen: dict[str, int] = {}
    out: list[HeaderKey] = []
    for h in headers:
        f = fold(h)
        seen[f] = seen.get(f, 0) + 1
        out.append((f, seen[f]))
    return out


def key_text(key: HeaderKey) -> str:
    """``NIP`` or ``TMT (ke-2)``: a header key as the clerk reads it."""
    name, n = key
    return name if n == 1 else f"{name} (ke-{n})"


def parse_key(text: str) -> HeaderKey:
    """``"TMT#2"`` → ``("TMT", 2)`` (the CLI's way of naming the second ``TMT``)."""
    name, sep, n = text.rpartition("#")
    if sep and n.strip().isdigit() and name.strip():
        return name.strip(), int(n)
    return text.strip(), 1


# --- the correction dictionary -----------------------------------------------------------------


@dataclass
class Corrections:
    """What the clerk corrected once, remembered for the next file of the same kind.

    ``headers``: folded header + occurrence (``"nip 18 digit#1"``) → field.
    ``values``: field → folded raw text → the text to read instead.
    """

    headers: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    @staticmethod
    def header_id(key: HeaderKey) -> str:
        return f"{fold(key[0])}#{key[1]}"

    def map_header(self, key: HeaderKey, field_name: str) -> None:
        self.headers[self.header_id(key)] = field_name

    def correct_value(self, field_name: str, raw: str, corrected: str) -> None:
        self.values.setdefault(field_name, {})[fold(raw)] = corrected

    def value(self, field_name: str, raw: Any) -> tuple[Any, bool]:
        """``(value to read, corrected?)``."""
        if not isinstance(raw, str):
            return raw, False
        table = self.values.get(field_name)
        if table:
            hit = table.get(fold(raw))
            if hit is not None:
                return hit, True
        return raw, False

    def merged(self, other: Corrections) -> Corrections:
        out = Corrections(dict(self.headers), {f: dict(v) for f, v in self.values.items()})
        out.headers.update(other.headers)
        for f, v in other.values.items():
            out.values.setdefault(f, {}).update(v)
        return out

    def to_json(self) -> str:
        return json.dumps({"headers": self.headers, "values": self.values}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Corrections:
        if not text:
            return cls()
        try:
            data = json.loads(text)
            headers = {str(k): str(v) for k, v in dict(data.get("headers", {})).items()}
            values = {str(f): {str(k): str(v) for k, v in dict(t).items()} for f, t in dict(data.get("values", {})).items()}
        except (ValueError, TypeError, AttributeError):
            return cls()  # a damaged entry is forgotten, never a crash
        return cls(headers, values)

    def __bool__(self) -> bool:
        return bool(self.headers or self.values)


def _setting_key(profile: str) -> str:
    return f"sheets.corrections:{profile}"[:64]


def load_corrections(uow: Any, profile: str) -> Corrections:
    """The dictionary stored for ``profile`` (empty when none)."""
    row = uow.session.get(AppSetting, _setting_key(profile))
    return Corrections.from_json(row.value if row is not None else None)


def save_corrections(uow: Any, profile: str, corrections: Corrections) -> None:
    """Keep ``corrections`` (merged into what is stored) for the next import of ``profile``; the caller commits."""
    key = _setting_key(profile)
    row = uow.session.get(AppSetting, key)
    merged = load_corrections(uow, profile).merged(corrections)
    if row is None:
        uow.session.add(AppSetting(key=key, value=merged.to_json()))
    else:
        row.value = merged.to_json()
    uow.session.flush()


def forget_corrections(uow: Any, profile: str, *, headers: Sequence[str] = (),
                       values: Sequence[tuple[str, str]] = ()) -> int:
    """Remove stored corrections of ``profile``: header ids (``"nip 18 digit#1"``) and ``(field, folded
    raw text)`` value corrections. Returns how many were removed; the caller commits."""
    key = _setting_key(profile)
    row = uow.session.get(AppSetting, key)
    if row is None:
        return 0
    stored = Corrections.from_json(row.value)
    removed = 0
    for hid in headers:
        if stored.headers.pop(hid, None) is not None:
            removed += 1
    for field_name, raw in values:
        table = stored.values.get(field_name)
        if table is not None and table.pop(raw, None) is not None:
            removed += 1
            if not table:
                del stored.values[field_name]
    if removed:
        row.value = stored.to_json()
        uow.session.flush()
    return removed


# --- mapping -----------------------------------------------------------------------------------


@dataclass
class ColumnMap:
    """Which column of the file is which field."""

    index: dict[str, int]  # field → 0-based column index
    headers: tuple[str, ...]
    header_row: int
    missing_anchors: list[ColumnSpec] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)  # headers (with occurrence) no field took
    corrected: list[str] = field(default_factory=list)  # headers mapped by the correction dictionary

    def column_name(self, field_name: str) -> str:
        """``NIP BARU (C)``: header and letter of the column holding ``field_name``."""
        i = self.index[field_name]
        return f"{self.headers[i] or '(tanpa judul)'} ({column_letter(i)})"

    def describe(self) -> dict[str, str]:
        """header (letter) → field, for the dry run's listing."""
        return {self.column_name(f): f for f in sorted(self.index, key=lambda f: self.index[f])}


def map_columns(table: RawTable | tuple[Sequence[str], int], specs: Sequence[ColumnSpec],
                corrections: Corrections | None = None) -> ColumnMap:
    """Map the file's columns onto ``specs`` by exact header + occurrence (after the correction dictionary).

    The correction dictionary goes first (the clerk's word beats the built-in names); then each
    spec's headers in its order. A column is taken by one field only. Nothing is matched by
    likeness: a header that is not written in a spec or the dictionary stays unused.
    """
    headers, header_row = (table.headers, table.header_row) if isinstance(table, RawTable) else table
    headers = tuple(str(h) if h is not None else "" for h in headers)
    occ = occurrences(headers)
    where = {k: i for i, k in enumerate(occ) if k[0]}
    known_fields = {s.field for s in specs}
    index: dict[str, int] = {}
    taken: set[int] = set()
    corrected: list[str] = []
    for hid, f in (corrections.headers.items() if corrections else ()):
        if f not in known_fields or f in index:
            continue
        i = where.get(_parse_hid(hid))
        if i is not None and i not in taken:
            index[f] = i
            taken.add(i)
            corrected.append(key_text((headers[i], occ[i][1])))
    for s in specs:
        if s.field in index:
            continue
        for name, n in s.keys():
            i = where.get((fold(name), n))
            if i is not None and i not in taken:
                index[s.field] = i
                taken.add(i)
                break
    missing = [s for s in specs if s.anchor and s.field not in index]
    unused = [key_text((headers[i], occ[i][1])) for i in range(len(headers)) if headers[i].strip() and i not in taken]
    return ColumnMap(index, headers, header_row, missing, unused, corrected)


def _parse_hid(hid: str) -> HeaderKey:
    name, _, n = hid.rpartition("#")
    return (name, int(n)) if n.isdigit() else (hid, 1)


def anchor_score(specs: Sequence[ColumnSpec]) -> Callable[[list[list[Any]]], int | None]:
    """A ``find_header`` for :func:`.reading.read_table`: the row (among the first 15) holding most
    of the specs' header names, at least two of them anchors when the specs have two."""
    names = {fold(k[0]) for s in specs for k in s.keys()}
    anchors = {fold(k[0]) for s in specs if s.anchor for k in s.keys()}
    need = min(2, len({s.field for s in specs if s.anchor})) or 1

    def find(raw: list[list[Any]]) -> int | None:
        best, best_score = None, 0
        for i, row in enumerate(raw[:15]):
            cells = {fold(str(c)) for c in row if not cell_empty(c)}
            if len(cells & anchors) < need:
                continue
            score = len(cells & names)
            if score > best_score:
                best, best_score = i, score
        return best

    return find


# --- the dry run -------------------------------------------------------------------------------

#: a field's parser: raw cell → value, raising ``ValidationFailed`` (or ``ValueError``) with an Indonesian sentence
Parser = Callable[[Any], Any]


@dataclass
class ParsedRow:
    row: int  # the row number as Excel shows it
    values: dict[str, Any]
    raw: dict[str, Any]


def check_rows(table: RawTable, cmap: ColumnMap, specs: Sequence[ColumnSpec], parsers: Mapping[str, Parser],
               report: CheckedImport, corrections: Corrections | None = None,
               row_check: Callable[[ParsedRow, Callable[[str, str], None]], None] | None = None,
               every_row: list[ParsedRow] | None = None) -> list[ParsedRow]:
    """Parse every non-empty row; every problem goes into ``report`` named by row and column.

    A missing anchor column is reported first, at the header row. Each cell passes the correction
    dictionary, then its field's parser; an empty required cell, and any ``TatausahaError`` of a
    parser, is a problem of that row and column. ``row_check(parsed, problem)`` may add problems
    that involve several fields (``problem(field, message)``). Returns the rows parsed without a
    problem — an import writes them only when ``report.problems`` is empty. ``every_row``, when
    given, receives every row parsed (bad ones too, with the values that could be read), e.g. for
    :func:`duplicates` across the whole file.
    """
    corrections = corrections or Corrections()
    report.mapping = cmap.describe()
    report.unmapped = list(cmap.unused)
    for s in cmap.missing_anchors:
        names = " / ".join(key_text(k) for k in s.keys())
        report.problems.append(RowProblem(cmap.header_row, s.title,
                                          f"kolom wajib tidak ada di berkas (dicari dengan judul: {names})"))
    good: list[ParsedRow] = []
    by_field = {s.field: s for s in specs}
    for offset, cells in enumerate(table.rows):
        if all(cell_empty(c) for c in cells):
            continue
        rowno = table.header_row + 1 + offset
        report.rows += 1
        values: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        bad = False

        def problem(field_name: str, message: str, rowno: int = rowno) -> None:
            nonlocal bad
            bad = True
            col = cmap.column_name(field_name) if field_name in cmap.index else by_field.get(field_name, ColumnSpec(field_name, (field_name,))).title
            report.problems.append(RowProblem(rowno, col, message))

        for f, i in cmap.index.items():
            cell = cells[i] if i < len(cells) else None
            cell, _ = corrections.value(f, cell)
            raw[f] = cell
            spec = by_field.get(f)
            if cell_empty(cell):
                values[f] = None
                if spec is not None and spec.required:
                    problem(f, "wajib diisi")
                continue
            parse = parsers.get(f)
            try:
                values[f] = parse(cell) if parse is not None else (" ".join(str(cell).split()))
            except (TatausahaError, ValueError) as exc:  # parsers say why in Indonesian (idparse raises ValueError)
                problem(f, _sentence(exc))
        parsed = ParsedRow(rowno, values, raw)
        if row_check is not None and not bad:
            row_check(parsed, problem)
        if every_row is not None:
            every_row.append(parsed)
        if not bad:
            good.append(parsed)
            report.valid += 1
    return good


def duplicates(rows: Iterable[ParsedRow], field_name: str, report: CheckedImport, cmap: ColumnMap,
               what: str = "nilai") -> set[int]:
    """Name every row repeating an earlier row's ``field_name`` in ``report``; returns those rows' numbers."""
    first: dict[Any, int] = {}
    bad: set[int] = set()
    col = cmap.column_name(field_name) if field_name in cmap.index else field_name
    for r in rows:
        v = r.values.get(field_name)
        if v in (None, ""):
            continue
        if v in first:
            report.problems.append(RowProblem(r.row, col, f"{what} {v} sudah ada di baris {first[v]} berkas ini"))
            bad.add(r.row)
        else:
            first[v] = r.row
    return bad


def _sentence(exc: Exception) -> str:
    text = str(exc).strip()
    return text[:1].lower() + text[1:] if text else "nilai tidak dapat dibaca"


def require_no_missing_anchor(cmap: ColumnMap, name: str) -> None:
    """For callers that must not even start: refuse a file missing an anchor column."""
    if cmap.missing_anchors:
        cols = ", ".join(s.title for s in cmap.missing_anchors)
        raise ValidationFailed(f"{name}: kolom wajib {cols} tidak ada; berkas ditolak seluruhnya.")


__all__ = [
    "ColumnMap", "ColumnSpec", "Corrections", "HeaderKey", "ParsedRow", "Parser", "anchor_score", "check_rows",
    "column_letter", "duplicates", "key_text", "load_corrections", "map_columns", "occurrences", "parse_key",
    "require_no_missing_anchor", "save_corrections", "forget_corrections",
]
