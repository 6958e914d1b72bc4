"""The search-box language: parse a query string into a small AST (pure, no database).

Syntax (all case-insensitive except the OR keyword)::

    rapat koordinasi            both words (AND)
    "surat undangan"            exact phrase (words adjacent, in order)
    undang*                     prefix
    camat OR lurah              either (also ``|`` and ``ATAU``); binds tighter than AND
    -batal                      exclude
    (camat OR lurah) -batal     grouping
    nomor:005/123               number fragment      dari:bupati   kepada:"kepala desa"
    perihal:undangan  isi:...   pegawai:"budi santoso"
    kode:800                    classification code and its whole subtree
    tahun:2024  tahun:2020..2022
    tanggal:2024-01-01..2024-03-31  tanggal:2024-03  tanggal:..2023-12-31
    sifat:segera  keamanan:rahasia  jenis:masuk|keluar  status:selesai

An unknown ``name:value`` is read as ordinary text (``pukul 10:30`` still works). Invalid dates
raise :class:`~tatausaha.errors.ValidationFailed` with a message in Bahasa Indonesia, as do
parentheses nested deeper than ``MAX_DEPTH``; any other input parses (unbalanced quotes and
parentheses are closed at the end).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from tatausaha.errors import ValidationFailed

#: Fields whose value is text searched in one column.
TEXT_FIELDS: dict[str, str] = {
    "nomor": "nomor", "no": "nomor",
    "dari": "dari", "pengirim": "dari",
    "kepada": "kepada", "tujuan": "kepada",
    "perihal": "title", "judul": "title", "hal": "title",
    "isi": "body",
    "pegawai": "pegawai", "nip": "pegawai",
}
#: Fields whose value is an exact filter.
FILTER_FIELDS: dict[str, str] = {
    "kode": "kode", "klasifikasi": "kode",
    "sifat": "sifat",
    "keamanan": "keamanan",
    "jenis": "jenis",
    "status": "status",
}
DATE_FIELDS = frozenset({"tahun", "tanggal", "tgl"})
FIELDS = frozenset(TEXT_FIELDS) | frozenset(FILTER_FIELDS) | DATE_FIELDS
OR_WORDS = frozenset({"OR", "|", "ATAU", "||"})


# --- AST -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    field: str | None = None  # a TEXT_FIELDS target column (title, body, nomor, …) or None = all


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Filter:
    field: str  # kode | sifat | keamanan | jenis | status
    value: str


@dataclass(frozen=True)
class DateRange:
    start: dt.date | None
    end: dt.date | None
    years_only: bool = False  # came from tahun: (whole years)


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Term | Phrase | Filter | DateRange | Not | And | Or


def is_empty(node: Node) -> bool:
    return isinstance(node, And) and not node.items


# --- lexer -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tok:
    kind: str  # word | phrase | field | lparen | rparen | neg | or
    text: str = ""
    field: str = ""
    quoted: bool = False
    start: int = 0
    end: int = 0


_BREAK = set(' \t\r\n()"')


def lex(text: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == "(":
            toks.append(Tok("lparen", start=i, end=i + 1))
            i += 1
            continue
        if c == ")":
            toks.append(Tok("rparen", start=i, end=i + 1))
            i += 1
            continue
        if c == '"':
            j = text.find('"', i + 1)
            j = n if j < 0 else j
            toks.append(Tok("phrase", text[i + 1 : j], start=i, end=min(j + 1, n)))
            i = j + 1
            continue
        if c == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in ")-":
            # a minus directly before a word/phrase/group negates it ("-batal", -"kata", -(a OR b))
            if not toks or toks[-1].end < i or toks[-1].kind in ("lparen", "or", "neg"):
                toks.append(Tok("neg", start=i, end=i + 1))
                i += 1
                continue
        j = i
        while j < n and text[j] not in _BREAK:
            j += 1
        word = text[i:j]
        if word in OR_WORDS:
            toks.append(Tok("or", word, start=i, end=j))
            i = j
            continue
        m = re.fullmatch(r"([A-Za-z]+):(.*)", word)
        if m and m.group(1).lower() in FIELDS:
            fname, value = m.group(1).lower(), m.group(2)
            if value == "" and j < n and text[j] == '"':
                k = text.find('"', j + 1)
                k = n if k < 0 else k
                toks.append(Tok("field", text[j + 1 : k], field=fname, quoted=True, start=i, end=min(k + 1, n)))
                i = k + 1
                continue
            toks.append(Tok("field", value, field=fname, start=i, end=j))
            i = j
            continue
        toks.append(Tok("word", word, start=i, end=j))
        i = j
    return toks


# --- parser ----------------------------------------------------------------------------------


#: How deep parentheses may nest. People write two or three levels; the limit keeps every recursive
#: step after parsing (backends, ``to_text``) far from Python's recursion limit.
MAX_DEPTH = 32


class _Parser:
    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def seq(self, depth: int) -> Node:
        items: list[Node] = []
        while (t := self.peek()) is not None:
            if t.kind == "rparen":
                if depth > 0:
                    return _and(items)
                self.i += 1  # stray ')': ignore
                continue
            if t.kind == "or":  # OR with nothing on its left: ignore
                self.i += 1
                continue
            node = self.disjunction(depth)
            if node is not None:
                items.append(node)
        return _and(items)

    def disjunction(self, depth: int) -> Node | None:
        first = self.unary(depth)
        alts = [first] if first is not None else []
        while (t := self.peek()) is not None and t.kind == "or":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("rparen", "or"):
                continue
            node = self.unary(depth)
            if node is not None:
                alts.append(node)
        if not alts:
            return None
        return alts[0] if len(alts) == 1 else _or(alts)

    def unary(self, depth: int) -> Node | None:
        negations = 0
        while (t := self.peek()) is not None and t.kind == "neg":  # a loop, so "------x" cannot recurse
            self.i += 1
            negations += 1
        if self.peek() is None:
            return None
        inner = self.primary(depth)
        if negations == 0:
            return inner
        if inner is None or is_empty(inner):
            return None
        for _ in range(negations):
            inner = inner.item if isinstance(inner, Not) else Not(inner)
        return inner

    def primary(self, depth: int) -> Node | None:
        t = self.peek()
        assert t is not None
        self.i += 1
        if t.kind == "lparen":
            if depth >= MAX_DEPTH:
                raise ValidationFailed(
                    f"Pencarian terlalu bertingkat: paling banyak {MAX_DEPTH} tanda kurung di dalam tanda kurung. "
                    "Sederhanakan kurungnya, mis. (camat OR lurah) -batal.", field="query")
            inner = self.seq(depth + 1)
            if (c := self.peek()) is not None and c.kind == "rparen":
                self.i += 1
            return None if is_empty(inner) else inner
        if t.kind == "rparen":
            return None
        if t.kind == "phrase":
            return Phrase(t.text) if t.text.strip() else None
        if t.kind == "word":
            return _word(t.text, None)
        if t.kind == "field":
            return _field(t)
        return None


def _and(items: list[Node]) -> Node:
    flat: list[Node] = []
    for it in items:
        if isinstance(it, And):
            flat.extend(it.items)
        else:
            flat.append(it)
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _or(items: list[Node]) -> Node:
    flat: list[Node] = []
    for it in items:
        if isinstance(it, Or):
            flat.extend(it.items)
        else:
            flat.append(it)
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def _word(text: str, field: str | None) -> Node | None:
    prefix = text.endswith("*")
    core = text.rstrip("*")
    if not any(ch.isalnum() for ch in core):
        return None
    return Term(core, prefix=prefix, field=field)


def _field(t: Tok) -> Node | None:
    name, value = t.field, t.text
    if t.quoted:
        values = [value]
    else:
        values = [v for v in value.split("|") if v]
    if not values:
        return _word(name, None)  # "kode:" alone: just the word
    nodes: list[Node] = []
    for v in values:
        node: Node | None
        if name in TEXT_FIELDS:
            col = TEXT_FIELDS[name]
            if t.quoted or (col != "nomor" and " " in v):
                node = Phrase(v, col) if v.strip() else None
            else:
                node = _word(v, col)
        elif name in FILTER_FIELDS:
            v2 = " ".join(re.findall(r"[^\W_]+|[.]", v.lower())).replace(" . ", ".").strip(" .")
            node = Filter(FILTER_FIELDS[name], v2.replace(" ", "_")) if any(c.isalnum() for c in v2) else None
        else:
            node = parse_date_value(name, v)
        if node is not None:
            nodes.append(node)
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))


_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$"), "ymd"),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), "dmy"),
    (re.compile(r"(\d{4})-(\d{1,2})$"), "ym"),
    (re.compile(r"(\d{4})$"), "y"),
)


def _bad_date(value: str) -> ValidationFailed:
    return ValidationFailed(
        f"Tanggal '{value}' tidak dikenali. Contoh yang benar: tanggal:2024-03-31, tanggal:2024-03, "
        "tanggal:2024-01-01..2024-03-31, tahun:2024, tahun:2020..2022.",
        field="tanggal",
    )


def _date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """One date expression → (first day, last day) it covers."""
    v = value.strip()
    for rx, form in _DATE_FORMS:
        m = rx.match(v)
        if not m:
            continue
        try:
            if form == "ymd":
                d = dt.date(int(m[1]), int(m[2]), int(m[3]))
                return d, d
            if form == "dmy":
                d = dt.date(int(m[3]), int(m[2]), int(m[1]))
                return d, d
            y = int(m[1])
            if not 1 <= y <= 9998:
                raise ValueError
            if form == "ym":
                mo = int(m[2])
                last = calendar.monthrange(y, mo)[1]
                return dt.date(y, mo, 1), dt.date(y, mo, last)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        except ValueError:
            raise _bad_date(value) from None
    raise _bad_date(value)


def parse_date_value(field: str, value: str) -> DateRange:
    years_only = field == "tahun"
    if years_only and not re.fullmatch(r"\s*\d{4}\s*(\.\.\s*\d{4}\s*)?|\s*\.\.\s*\d{4}\s*|\s*\d{4}\s*\.\.\s*", value):
        raise ValidationFailed(
            f"Tahun '{value}' tidak dikenali. Contoh: tahun:2024 atau tahun:2020..2022.", field="tahun"
        )
    if ".." in value:
        a, _, b = value.partition("..")
        start = _date_bounds(a)[0] if a.strip() else None
        end = _date_bounds(b)[1] if b.strip() else None
        if start and end and start > end:
            raise ValidationFailed(
                f"Rentang tanggal '{value}' terbalik: tanggal awal sesudah tanggal akhir.", field="tanggal"
            )
        return DateRange(start, end, years_only)
    start, end = _date_bounds(value)
    return DateRange(start, end, years_only)


def parse(text: str) -> Node:
    """Parse a query string; an empty or all-noise string gives ``And(())`` (match everything)."""
    node = _Parser(lex(text)).seq(0)
    return node


# --- back to text (chips, saved searches) --------------------------------------------------


def _quote(s: str) -> str:
    return '"' + s.replace('"', " ") + '"'


_FIELD_NAMES = {"title": "perihal", "body": "isi", "nomor": "nomor", "dari": "dari", "kepada": "kepada",
                "pegawai": "pegawai"}


def _safe_word(s: str) -> bool:
    return bool(s) and not any(c in _BREAK or c == "|" for c in s) and s not in OR_WORDS \
        and not s.startswith("-") and not _looks_like_field(s)


def _looks_like_field(s: str) -> bool:
    m = re.fullmatch(r"([A-Za-z]+):.*", s)
    return m is not None and m.group(1).lower() in FIELDS


def to_text(node: Node) -> str:
    """An equivalent query string (``parse(to_text(n)) == n`` for parsed trees)."""
    if isinstance(node, Term):
        word = node.text.lower() if node.text in OR_WORDS else node.text  # "OR" as a word, not the operator
        # characters that are syntax here only separate words inside a term: "." separates the same way
        word = re.sub(r'[\s()"|:]', ".", word)
        if word.startswith("-"):
            word = "." + word[1:]
        body = word if _safe_word(word) else None
        star = "*" if node.prefix else ""
        if node.field:
            fname = _FIELD_NAMES[node.field]
            if body is not None and not body.endswith("*"):
                return f"{fname}:{body}{star}"
            return f"{fname}:{_quote(node.text)}"
        if body is None or body.endswith("*"):
            return _quote(node.text)
        return body + star
    if isinstance(node, Phrase):
        if node.field:
            return f"{_FIELD_NAMES[node.field]}:{_quote(node.text)}"
        return _quote(node.text)
    if isinstance(node, Filter):
        return f"{node.field}:{node.value}"
    if isinstance(node, DateRange):
        fname = "tahun" if node.years_only else "tanggal"

        def one(d: dt.date | None, first: bool) -> str:
            if d is None:
                return ""
            return str(d.year) if node.years_only else d.isoformat()

        if node.start == node.end and node.start is not None and not node.years_only:
            return f"{fname}:{node.start.isoformat()}"
        if node.years_only and node.start and node.end and node.start.year == node.end.year:
            return f"{fname}:{node.start.year}"
        return f"{fname}:{one(node.start, True)}..{one(node.end, False)}"
    if isinstance(node, Not):
        inner = to_text(node.item)
        if isinstance(node.item, And):
            inner = f"({inner})"
        return "-" + inner
    if isinstance(node, Or):
        return "(" + " OR ".join(_group(i) for i in node.items) + ")"
    if isinstance(node, And):
        return " ".join(_group(i, in_and=True) for i in node.items)
    raise TypeError(node)


def _group(node: Node, in_and: bool = False) -> str:
    s = to_text(node)
    if isinstance(node, And):
        return f"({s})"
    return s


# --- editing a query string from filter chips ------------------------------------------------


def field_values(text: str, field: str) -> list[str]:
    """The values of top-level ``field:`` tokens in ``text`` (for showing chips as active)."""
    names = _aliases(field)
    return [t.text for t in lex(text) if t.kind == "field" and t.field in names]


def set_field(text: str, field: str, value: str | None) -> str:
    """Replace every ``field:…`` token in ``text`` by ``field:value`` (or remove it when None).

    The rest of the query is kept as typed. Used by the UI's filter chips.
    """
    names = _aliases(field)
    toks = lex(text)
    out: list[str] = []
    pos = 0
    for i, t in enumerate(toks):
        if t.kind == "field" and t.field in names:
            start = t.start
            if i > 0 and toks[i - 1].kind == "neg" and toks[i - 1].end == t.start:
                start = toks[i - 1].start
            out.append(text[pos:start])
            pos = t.end
    out.append(text[pos:])
    rest = re.sub(r"\s{2,}", " ", "".join(out)).strip()
    if value is None or value == "":
        return rest
    v = value if _safe_word(value) or "|" in value or ".." in value else _quote(value)
    return (rest + " " if rest else "") + f"{field}:{v}"


def _aliases(field: str) -> set[str]:
    target = TEXT_FIELDS.get(field) or FILTER_FIELDS.get(field)
    if field in DATE_FIELDS:
        return {field} if field == "tahun" else {"tanggal", "tgl"}
    if target is None:
        return {field}
    table = TEXT_FIELDS if field in TEXT_FIELDS else FILTER_FIELDS
    return {k for k, v in table.items() if v == target}
