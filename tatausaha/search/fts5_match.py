"""FTS5 MATCH expressions from parsed queries (the query half of the SQLite backend).

A parsed query (``tatausaha.search.query``) becomes one FTS5 MATCH expression: words and phrases
in their columns, every filter a ``meta`` token, years and date ranges as rowid ranges (ids are
date-ordered), and the permission clause that keeps restricted rows inside SQLite. ``fts5.py`` runs
these expressions; the PostgreSQL backend reuses the filter translation.
"""

from __future__ import annotations

from tatausaha.errors import ValidationFailed
from tatausaha.search import text as T
from tatausaha.search.backend import Visibility
from tatausaha.search.query import And, DateRange, Filter, Node, Not, Or, Phrase, Term
from tatausaha.search.records import jenis_words

NOTHING = '"zzq"'  # a token no entry has
SIFAT_VALUES = ("biasa", "penting", "segera", "sangat_segera", "kilat")
GROUPS = tuple(f"{d}00" for d in range(10))


def _q(tok: str) -> str:
    return '"' + tok + '"'


def _col(column: str | None, expr: str) -> str:
    return f"{{{column}}} : {expr}" if column else expr


def _tokens_for(node_text: str, column: str | None) -> list[str]:
    if column == "nomor":
        return T.nomor_tokens(node_text)
    return T.analyze(node_text)


def _term(node: Term) -> str | None:
    toks = _tokens_for(node.text, node.field)
    if not toks:
        return None
    if not node.prefix:
        return _col(node.field, _q(" ".join(toks)))
    head = toks[:-1]
    raw_last = T.words(node.text)[-1] if T.words(node.text) else toks[-1]
    alts = []
    for last in dict.fromkeys([T.SPELLING.get(raw_last, raw_last), toks[-1]]):
        alts.append(_col(node.field, _q(" ".join([*head, last])) + " *"))
    return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


def _filter(node: Filter) -> str:
    v = node.value
    if node.field == "kode":
        return _q(T.kode_query_token(v))
    if node.field == "sifat":
        return _q(T.sifat_token(v))
    if node.field == "keamanan":
        return _q(T.keamanan_token(v))
    if node.field == "status":
        return _q(T.status_token(v))
    if node.field == "jenis":
        slug = T.slug(v)
        kind = next((k for w, k in jenis_words().items() if T.slug(w) == slug), None)
        if kind:
            return f"({_q(T.kind_token(kind))} OR {_q(T.jenis_token(v))})"
        return _q(T.jenis_token(v))
    raise ValueError(node.field)


def _years(node: DateRange) -> str:
    start = node.start.year if node.start else 1900
    end = node.end.year if node.end else 2100
    if node.start and (node.start.month, node.start.day) != (1, 1) or node.end and (node.end.month, node.end.day) != (12, 31):
        raise ValidationFailed(
            "Filter tanggal: hanya dapat dipakai langsung (tidak di dalam OR atau pengecualian '-'); "
            "untuk itu gunakan tahun:.", field="tanggal"
        )
    return "(" + " OR ".join(_q(T.year_token(y)) for y in range(start, end + 1)) + ")"


def compile_node(node: Node) -> str | None:
    """AST → FTS5 MATCH expression; None means "no constraint" (every entry)."""
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Phrase):
        toks = _tokens_for(node.text, node.field)
        return _col(node.field, _q(" ".join(toks))) if toks else None
    if isinstance(node, Filter):
        return _filter(node)
    if isinstance(node, DateRange):
        return _years(node)
    if isinstance(node, Not):
        inner = compile_node(node.item)
        return f"({_q(T.ALL_TOKEN)} NOT {inner})" if inner else NOTHING
    if isinstance(node, Or):
        parts = [compile_node(i) for i in node.items]
        if any(p is None for p in parts):
            return None
        return "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        pos: list[str] = []
        neg: list[str] = []
        for item in node.items:
            if isinstance(item, Not):
                inner = compile_node(item.item)
                if inner is None:
                    return NOTHING
                neg.append(inner)
            else:
                c = compile_node(item)
                if c is not None:
                    pos.append(c)
        if not pos and not neg:
            return None
        expr = "(" + " AND ".join(pos or [_q(T.ALL_TOKEN)]) + ")"
        for n in neg:
            expr += f" NOT {n}"
        return f"({expr})" if neg else expr
    raise TypeError(node)


def positive_leaves(node: Node) -> list[Term | Phrase]:
    """The words and phrases a match must (or may, under OR) contain; not those under NOT."""
    out: list[Term | Phrase] = []

    def walk(n: Node) -> None:
        if isinstance(n, And | Or):
            for i in n.items:
                walk(i)
        elif isinstance(n, Term | Phrase):
            out.append(n)

    walk(node)
    return out


def _has_or(node: Node) -> bool:
    if isinstance(node, Or):
        return True
    if isinstance(node, And):
        return any(_has_or(i) for i in node.items)
    return False


def split_dates(node: Node) -> tuple[Node, int | None, int | None]:
    """Pull top-level date ranges out as an entry-id (rowid) interval."""
    items = node.items if isinstance(node, And) else (node,)
    lo: int | None = None
    hi: int | None = None
    rest: list[Node] = []
    for item in items:
        if isinstance(item, DateRange):
            a, b = T.id_range_for_dates(item.start, item.end)
            lo = a if lo is None else (max(lo, a) if a is not None else lo)
            hi = b if hi is None else (min(hi, b) if b is not None else hi)
        else:
            rest.append(item)
    return (rest[0] if len(rest) == 1 else And(tuple(rest))), lo, hi


def visibility_clause(vis: Visibility) -> str | None:
    if vis.see_all:
        return None
    allowed = []
    if vis.user_id is not None:
        allowed.append(_q(T.user_token(vis.user_id)))
    if vis.unit_id is not None:
        allowed.append(_q(T.unit_token(vis.unit_id)))
    if not allowed:
        return _q(T.RESTRICTED_TOKEN)
    return f"({_q(T.RESTRICTED_TOKEN)} NOT ({' OR '.join(allowed)}))"


def compile_query(node: Node, vis: Visibility) -> tuple[str, int | None, int | None]:
    """(MATCH expression, rowid low bound, rowid high bound) for a parsed query and a viewer."""
    rest, lo, hi = split_dates(node)
    expr = compile_node(rest) or _q(T.ALL_TOKEN)
    hidden = visibility_clause(vis)
    if hidden:
        expr = f"({expr}) NOT {hidden}"
    return expr, lo, hi
