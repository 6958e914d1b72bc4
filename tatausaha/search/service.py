"""Search service: one query string in, plain DTOs out (hits with highlighted snippets, total, facets).

Every function takes a ``UnitOfWork`` and checks the actor's permissions itself. Restricted
records are filtered inside the backend's query (results, counts and facets alike); the page
rows are checked once more here against their ACL before anything is returned.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.models.search import SavedSearch
from tatausaha.search import text as T
from tatausaha.search.backend import (
    Visibility,
    find_entry_id,
    load_acl,
    load_bodies,
    load_entries,
)
from tatausaha.search.engines import backend_for
from tatausaha.search.query import And, Node, Not, Or, Phrase, Term, parse
from tatausaha.search.records import RESTRICTED, kind_label, kinds
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork

log = logging.getLogger(__name__)

MAX_LIMIT = 500
SNIPPET_CHARS = 220
SNIPPET_SCAN_CHARS = 200_000
Segments = tuple[tuple[str, bool], ...]


# --- DTOs -----------------------------------------------------------------------------------


def _render(segs: Segments, start: str, end: str, escape: bool) -> str:
    out = []
    for s, marked in segs:
        s = html.escape(s) if escape else s
        out.append(f"{start}{s}{end}" if marked else s)
    return "".join(out)


@dataclass(frozen=True)
class Hit:
    kind: str
    ref_id: int
    title: str
    nomor: str
    tanggal: dt.date | None
    dari: str
    kepada: str
    kode: str
    sifat: str
    keamanan: str
    status: str
    jenis: str
    title_marked: Segments = ()
    snippet: Segments = ()  # (text, highlighted) pieces of the best matching passage of the body

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    def snippet_text(self, start: str = "[", end: str = "]") -> str:
        return _render(self.snippet, start, end, escape=False)

    def snippet_html(self, tag: str = "b") -> str:
        return _render(self.snippet, f"<{tag}>", f"</{tag}>", escape=True)

    def title_html(self, tag: str = "b") -> str:
        return _render(self.title_marked or ((self.title, False),), f"<{tag}>", f"</{tag}>", escape=True)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "ref_id": self.ref_id, "title": self.title, "nomor": self.nomor,
            "tanggal": self.tanggal.isoformat() if self.tanggal else None, "dari": self.dari, "kepada": self.kepada,
            "kode": self.kode, "sifat": self.sifat, "keamanan": self.keamanan, "status": self.status,
            "jenis": self.jenis, "snippet": self.snippet_text(),
        }


@dataclass(frozen=True)
class Facets:
    kinds: tuple[tuple[str, int], ...]
    years: tuple[tuple[int, int], ...]
    groups: tuple[tuple[str, int], ...]  # top-level KKA group "000" … "900"
    sifat: tuple[tuple[str, int], ...]
    exact: bool = True  # False: a very large result; counted over its newest matches only

    def as_dict(self) -> dict:
        return {"kinds": dict(self.kinds), "years": {str(k): v for k, v in self.years}, "groups": dict(self.groups),
                "sifat": dict(self.sifat), "exact": self.exact}


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    total: int  # exact, or a lower bound when total_exact is False ("more than 10.000")
    offset: int
    limit: int
    order: str  # requested: relevance | date
    ranked: str  # what was done: relevance | relevance-window | date
    facets: Facets | None = None
    elapsed_ms: float = 0.0
    stale: bool = False  # the index was built by an older analyzer: run "tatausaha reindex"
    total_exact: bool = True

    def grouped(self) -> list[tuple[str, list[Hit]]]:
        """Hits grouped by kind (kinds in the order of their best hit)."""
        groups: dict[str, list[Hit]] = {}
        for h in self.hits:
            groups.setdefault(h.kind, []).append(h)
        return list(groups.items())

    def as_dict(self) -> dict:
        return {
            "query": self.query, "total": self.total, "total_exact": self.total_exact, "offset": self.offset, "limit": self.limit,
            "order": self.order, "ranked": self.ranked, "elapsed_ms": round(self.elapsed_ms, 2),
            "stale": self.stale, "hits": [h.as_dict() for h in self.hits],
            "facets": self.facets.as_dict() if self.facets else None,
        }


@dataclass(frozen=True)
class Preview:
    kind: str
    ref_id: int
    title: str
    fields: tuple[tuple[str, str], ...]
    body: str
    body_marked: Segments = field(default=())


@dataclass(frozen=True)
class SavedSearchDTO:
    id: int
    name: str
    query: str
    created_at: dt.datetime


# --- highlighting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Highlighter:
    """Marks the words of a text whose index token matches the query's positive words.

    Only candidate words are analysed: a word can reach the stem ``t`` only if it contains ``t``
    without its first letter (prefixes may recode that letter: menulis → tulis), so one regular
    expression over the lower-cased text finds them and the rest of the text is never stemmed.
    """

    tokens: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def for_query(cls, node: Node) -> Highlighter:
        toks: set[str] = set()
        prefixes: list[str] = []

        def walk(n: Node) -> None:
            if isinstance(n, Not):
                return
            if isinstance(n, And | Or):
                for i in n.items:
                    walk(i)
            elif isinstance(n, Term | Phrase):
                ts = T.nomor_tokens(n.text) if n.field == "nomor" else T.analyze(n.text)
                if isinstance(n, Term) and n.prefix and ts:
                    prefixes.append(ts[-1])
                    raw = T.words(n.text)
                    if raw:
                        prefixes.append(T.SPELLING.get(raw[-1], raw[-1]))
                    ts = ts[:-1]
                toks.update(ts)

        walk(node)
        return cls(frozenset(toks), tuple(p for p in prefixes if p))

    @property
    def _rx(self) -> re.Pattern[str] | None:
        cached = _RX_CACHE.get((self.tokens, self.prefixes))
        if cached is not None or (self.tokens, self.prefixes) in _RX_CACHE:
            return cached
        cores = set()
        for t in (*self.tokens, *self.prefixes):
            cores.add(re.escape(t[1:] if len(t) > 3 and t.isalpha() else t))
        for spelled, normal in T.SPELLING.items():  # old spellings reach a query word too
            if normal in self.tokens:
                cores.add(re.escape(spelled))
        rx = re.compile(r"[a-z0-9]*(?:" + "|".join(sorted(cores, key=len, reverse=True)) + r")[a-z0-9]*") if cores else None
        if len(_RX_CACHE) > 256:
            _RX_CACHE.clear()
        _RX_CACHE[(self.tokens, self.prefixes)] = rx
        return rx

    def hit(self, token: str) -> bool:
        return token in self.tokens or (bool(self.prefixes) and token.startswith(self.prefixes))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every matching word of ``text``."""
        if not text or (not self.tokens and not self.prefixes):
            return []
        if not text.isascii():
            return [(s, e) for s, e, tok in T.word_spans(text) if self.hit(tok)]
        rx = self._rx
        if rx is None:
            return []
        out = []
        for m in rx.finditer(text.lower()):
            s, e = m.span()
            if (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum()):
                if self.hit(T.normalize_cached(m.group(0))):
                    out.append((s, e))
        return out

    def mark_all(self, text: str) -> Segments:
        return _segments(text, self.spans(text), 0, len(text))

    def snippet(self, text: str, width: int = SNIPPET_CHARS) -> Segments:
        if not text:
            return ()
        scan = text[:SNIPPET_SCAN_CHARS]
        hits = self.spans(scan)
        if hits:
            best, best_i, j = -1, 0, 0
            for i, (s, _e) in enumerate(hits):  # the window starting at each hit: most hits inside wins
                while j < len(hits) and hits[j][1] <= s + width:
                    j += 1
                if j - i > best:
                    best, best_i = j - i, i
            a = max(0, hits[best_i][0] - width // 6)
        else:
            a = 0
        if a > 0:  # start at a word boundary
            sp = scan.rfind(" ", 0, a)
            a = sp + 1 if sp >= 0 and a - sp < 30 else a
        b = min(len(scan), a + width)
        if b < len(scan):
            sp = scan.find(" ", b)
            b = sp if 0 <= sp and sp - b < 30 else b
        segs = list(_segments(scan, hits, a, b))
        if segs and not segs[0][1]:
            segs[0] = (_squash(segs[0][0]).lstrip(), False)
        if a > 0:
            segs.insert(0, ("… ", False))
        if b < len(text):
            segs.append((" …", False))
        return tuple(segs)


_RX_CACHE: dict[tuple[frozenset[str], tuple[str, ...]], re.Pattern[str] | None] = {}


def _segments(text: str, hits: list[tuple[int, int]], a: int, b: int) -> Segments:
    segs: list[tuple[str, bool]] = []
    pos = a
    for s, e in hits:
        if s < a or e > b:
            continue
        if s > pos:
            segs.append((_squash(text[pos:s]), False))
        segs.append((text[s:e], True))
        pos = e
    if pos < b:
        segs.append((_squash(text[pos:b]), False))
    return tuple(segs)


def _squash(s: str) -> str:
    if "\n" in s or "  " in s or "\t" in s:
        lead = " " if s[:1].isspace() else ""
        trail = " " if s[-1:].isspace() else ""
        return lead + " ".join(s.split()) + trail
    return s


# --- search ---------------------------------------------------------------------------------


def _visible(vis: Visibility, entry: dict, acl: list[tuple[int | None, int | None]]) -> bool:
    return vis.allows(entry["keamanan"], (u for u, _ in acl), (n for _, n in acl))


def search(
    uow: UnitOfWork,
    query_text: str,
    *,
    limit: int = 20,
    offset: int = 0,
    order: str = "relevance",
    facets: bool = False,
    snippets: bool = True,
    exact_total: bool = False,
) -> SearchResult:
    """Run one search for the unit of work's actor.

    The total is exact up to 10,000 matches; above that it is reported as a lower bound
    (``total_exact=False``) unless ``exact_total`` asks for a full count (which reads every match:
    ~0.1–0.3 µs each, i.e. up to a few hundred ms for a word found in a million records).
    """
    uow.require(Permission.READ)
    if order not in ("relevance", "date"):
        raise ValidationFailed("Urutan hasil harus 'relevance' (relevansi) atau 'date' (tanggal).", field="order")
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    t0 = time.perf_counter()
    node = parse(query_text or "")
    vis = Visibility.of(uow.actor)
    session = uow.session
    backend = backend_for(session)
    raw = backend.page(session, node, vis, limit=limit, offset=offset, order=order, exact_total=exact_total)
    hits = _hits(session, backend, raw.ids, node, vis, snippets)
    fac = _facets(backend.facets(session, node, vis)) if facets else None
    return SearchResult(
        query=query_text, hits=tuple(hits), total=raw.total, offset=offset, limit=limit, order=order,
        ranked=raw.ranked, facets=fac, elapsed_ms=(time.perf_counter() - t0) * 1000,
        stale=getattr(backend, "stale_cached", backend.stale)(session), total_exact=raw.exact,
    )


def _hits(session, backend, ids: list[int], node: Node, vis: Visibility, snippets: bool) -> list[Hit]:  # type: ignore[no-untyped-def]
    entries = getattr(backend, "load_entries", load_entries)(session, ids)
    restricted = [i for i in ids if i in entries and entries[i]["keamanan"] in RESTRICTED]
    acls = getattr(backend, "load_acl", load_acl)(session, restricted) if restricted and not vis.see_all else {}
    bodies = getattr(backend, "load_bodies", load_bodies)(session, ids) if snippets else {}
    hl = Highlighter.for_query(node)
    out: list[Hit] = []
    for i in ids:
        e = entries.get(i)
        if e is None:
            log.warning("search index row %s has no entry (index needs a rebuild)", i)
            continue
        if not _visible(vis, e, acls.get(i, [])):
            log.error("search backend returned restricted entry %s to a viewer outside its ACL; dropped", i)
            continue
        out.append(Hit(
            kind=e["kind"], ref_id=e["ref_id"], title=e["title"], nomor=e["nomor"], tanggal=e["tanggal"],
            dari=e["dari"], kepada=e["kepada"], kode=e["kode"], sifat=e["sifat"], keamanan=e["keamanan"],
            status=e["status"], jenis=e["jenis"],
            title_marked=hl.mark_all(e["title"]) if snippets else (),
            snippet=hl.snippet(bodies.get(i, "")) if snippets else (),
        ))
    return out


def _facets(raw) -> Facets:  # type: ignore[no-untyped-def]
    found = tuple((k, raw.kinds[k]) for k in kinds() if raw.kinds.get(k))
    years = tuple(sorted(raw.years.items(), reverse=True))
    groups = tuple(sorted(raw.groups.items()))
    sifat = tuple(sorted(raw.sifat.items(), key=lambda kv: -kv[1]))
    return Facets(found, years, groups, sifat, raw.exact)


def facets(uow: UnitOfWork, query_text: str) -> Facets:
    """Facet counts alone (the UI asks for them after the first page is shown)."""
    uow.require(Permission.READ)
    node = parse(query_text or "")
    backend = backend_for(uow.session)
    return _facets(backend.facets(uow.session, node, Visibility.of(uow.actor)))


def count(uow: UnitOfWork, query_text: str) -> int:
    uow.require(Permission.READ)
    return backend_for(uow.session).count(uow.session, parse(query_text or ""), Visibility.of(uow.actor))


def preview(uow: UnitOfWork, kind: str, ref_id: int, query_text: str = "") -> Preview:
    """The indexed text of one record for the preview pane (permission-checked like a hit)."""
    uow.require(Permission.READ)
    eid = find_entry_id(uow.session, kind, ref_id)
    entries = load_entries(uow.session, [eid]) if eid is not None else {}
    e = entries.get(eid) if eid is not None else None
    vis = Visibility.of(uow.actor)
    if e is None or not _visible(vis, e, load_acl(uow.session, [eid]).get(eid, []) if eid is not None else []):
        raise NotFound("Rekaman tidak ditemukan di indeks pencarian (atau Anda tidak berhak melihatnya).")
    body = load_bodies(uow.session, [e["id"]]).get(e["id"], "")
    hl = Highlighter.for_query(parse(query_text or ""))
    labels = (("Nomor", "nomor"), ("Tanggal", "tanggal"), ("Dari", "dari"), ("Kepada", "kepada"),
              ("Kode klasifikasi", "kode"), ("Sifat", "sifat"), ("Keamanan", "keamanan"), ("Jenis", "jenis"),
              ("Status", "status"), ("Pegawai", "pegawai"))
    from tatausaha.idformat import tanggal_panjang

    def shown(k: str) -> str:
        v = e[k]
        if k == "tanggal":
            return tanggal_panjang(v)
        if k in ("sifat", "keamanan"):
            return str(v).replace("_", " ")
        return str(v)

    fields = tuple((lab, shown(k)) for lab, k in labels if e.get(k))
    return Preview(kind, ref_id, e["title"], fields, body, hl.mark_all(body[:SNIPPET_SCAN_CHARS]))


# --- saved searches -------------------------------------------------------------------------


def save_search(uow: UnitOfWork, name: str, query_text: str) -> SavedSearchDTO:
    uow.require(Permission.READ)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Nama pencarian tersimpan wajib diisi.", field="name")
    parse(query_text)  # invalid dates are reported now, not when the search is run later
    user_id = uow.actor.user_id
    existing = uow.session.execute(
        select(SavedSearch).where(SavedSearch.user_id.is_(user_id) if user_id is None else SavedSearch.user_id == user_id,
                                  SavedSearch.name == name)
    ).scalar_one_or_none()
    if existing is None:
        existing = SavedSearch(user_id=user_id, name=name[:200], query=query_text)
        uow.session.add(existing)
    else:
        existing.query = query_text
    uow.session.flush()
    return SavedSearchDTO(existing.id, existing.name, existing.query, existing.created_at)


def list_saved_searches(uow: UnitOfWork) -> list[SavedSearchDTO]:
    uow.require(Permission.READ)
    user_id = uow.actor.user_id
    cond = SavedSearch.user_id.is_(None) if user_id is None else SavedSearch.user_id == user_id
    rows = uow.session.execute(select(SavedSearch).where(cond).order_by(SavedSearch.name)).scalars().all()
    return [SavedSearchDTO(r.id, r.name, r.query, r.created_at) for r in rows]


def delete_saved_search(uow: UnitOfWork, saved_id: int) -> None:
    uow.require(Permission.READ)
    user_id = uow.actor.user_id
    cond = SavedSearch.user_id.is_(None) if user_id is None else SavedSearch.user_id == user_id
    res = uow.session.execute(delete(SavedSearch).where(SavedSearch.id == saved_id, cond))
    if not res.rowcount:  # type: ignore[attr-defined]
        raise NotFound("Pencarian tersimpan tidak ditemukan.")
    uow.record("delete", SavedSearch.__tablename__, saved_id)  # a Core delete: on the trail by hand


# --- export ---------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    ("Jenis", lambda h: h.kind_label), ("Nomor", lambda h: h.nomor),
    ("Tanggal", lambda h: h.tanggal.isoformat() if h.tanggal else ""), ("Perihal / Judul", lambda h: h.title),
    ("Dari", lambda h: h.dari), ("Kepada", lambda h: h.kepada), ("Kode klasifikasi", lambda h: h.kode),
    ("Sifat", lambda h: h.sifat), ("Keamanan", lambda h: h.keamanan), ("Status", lambda h: h.status),
)
EXPORT_WIDTHS = (14, 28, 12, 60, 30, 30, 14, 12, 14, 14)
MAX_EXPORT = 200_000


def iter_all_hits(uow: UnitOfWork, query_text: str, *, order: str = "date", max_rows: int = MAX_EXPORT) -> Iterator[Hit]:
    offset = 0
    while offset < max_rows:
        res = search(uow, query_text, limit=min(MAX_LIMIT, max_rows - offset), offset=offset, order=order,
                     snippets=False)
        yield from res.hits
        if len(res.hits) < res.limit or not res.hits:
            return
        offset += res.limit


def export_results(uow: UnitOfWork, query_text: str, path: Path, *, fmt: str | None = None,
                   order: str = "date", max_rows: int = MAX_EXPORT) -> int:
    """Write every result the actor may see to CSV or XLSX (by ``fmt`` or the file suffix).

    Through the shared spreadsheet room (``tatausaha.sheets``): a perihal such as
    ``=cmd|' /C calc'!A0`` stays text, dates are real date cells in XLSX, and the file appears
    only when complete.
    """
    from tatausaha.sheets.export import Col, write_table

    uow.require(Permission.EXPORT)
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed("Format ekspor harus CSV atau XLSX.", field="format")
    hits = iter_all_hits(uow, query_text, order=order, max_rows=max_rows)
    if fmt == "csv":
        rows = ([f(h) for _, f in EXPORT_COLUMNS] for h in hits)
        n = write_table(path, [c for c, _ in EXPORT_COLUMNS], rows, fmt="csv")
    else:
        cols = [Col(c, width=w) for (c, _), w in zip(EXPORT_COLUMNS, EXPORT_WIDTHS, strict=True)]
        typed = ([h.tanggal if c == "Tanggal" else f(h) for c, f in EXPORT_COLUMNS] for h in hits)
        n = write_table(path, cols, typed, fmt="xlsx", sheet="Hasil pencarian", footer=(f"Pencarian: {query_text}",))
    if uow.write:
        uow.record("export", "search", None, {"query": query_text, "rows": n, "format": fmt, "file": path.name})
    return n
