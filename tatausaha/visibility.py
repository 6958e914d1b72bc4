"""Who may see what: ONE rule for every record and for everything derived from records.

The rule (the one search applies inside its full-text query, see ``docs/search.md``):

* a record whose keamanan is *rahasia* or *sangat rahasia* is visible only to holders of
  ``Permission.SEE_SECRET`` and to the users / units of its chain (clerk, disposition
  recipients, signer — what the area wrote as the record's ACL);
* everything derived from records — a document (scan, attachment, its text or OCR, preview,
  thumbnail), a Kotak Pindai item (its suggestions, the perihal read from it, its text), a
  timeline or history entry — inherits the **strictest** keamanan of the records it touches and
  the **union** of their chains.

Where the facts live: every area writes each record's keamanan and chain into the search index
(``search_entry`` + ``search_acl``) in the same transaction as the record, and documents are
attached to records by ``document_link``. This module reads those tables only, so it knows no
area and no list of kinds; services call it, views never do.

Two shapes of the same rule:

* Python, for batches of keys: :func:`labels`, :func:`hidden`, :func:`require_visible`;
* SQL, for paged lists: :func:`document_visible_clause`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from tatausaha.errors import PermissionDenied
from tatausaha.models.document import DocumentLink
from tatausaha.models.search import SearchAcl, SearchEntry
from tatausaha.services.auth import Actor, Permission

#: keamanan levels, least to most strict
LEVELS: tuple[str, ...] = ("biasa", "terbatas", "rahasia", "sangat_rahasia")
#: levels that hide a record from everyone outside its chain
RESTRICTED: frozenset[str] = frozenset({"rahasia", "sangat_rahasia"})
#: the kind under which documents are keys (the search index's kind for archived documents)
DOCUMENT = "dokumen"
#: what a masked text shows instead of the hidden one
MASKED = "— rahasia —"

_RANK = {k: i for i, k in enumerate(LEVELS)}

Key = tuple[str, int]
_L = TypeVar("_L")


@dataclass(frozen=True)
class Viewer:
    """What the acting user may see: everything, or public records + restricted ones in their chain."""

    see_all: bool
    user_id: int | None = None
    unit_id: int | None = None

    @classmethod
    def of(cls, actor: Actor) -> Viewer:
        return cls(actor.can(Permission.SEE_SECRET), actor.user_id, actor.unit_id)

    def allows(self, keamanan: str, users: Iterable[int | None], units: Iterable[int | None]) -> bool:
        if self.see_all or keamanan not in RESTRICTED:
            return True
        if self.user_id is not None and self.user_id in set(users):
            return True
        return self.unit_id is not None and self.unit_id in set(units)


@dataclass(frozen=True)
class Label:
    """The keamanan and chain something carries (a record's own, or inherited)."""

    keamanan: str = "biasa"
    users: frozenset[int] = field(default_factory=frozenset)
    units: frozenset[int] = field(default_factory=frozenset)

    @property
    def restricted(self) -> bool:
        return self.keamanan in RESTRICTED

    def join(self, other: Label) -> Label:
        """The strictest keamanan of both, with the union of their chains."""
        level = self.keamanan if _RANK.get(self.keamanan, 0) >= _RANK.get(other.keamanan, 0) else other.keamanan
        return Label(level, self.users | other.users, self.units | other.units)

    def visible_to(self, viewer: Viewer) -> bool:
        return viewer.allows(self.keamanan, self.users, self.units)


PUBLIC = Label()


def _record_labels(session: Session, keys: set[Key]) -> dict[Key, Label]:
    out: dict[Key, Label] = {}
    by_kind: dict[str, set[int]] = {}
    for kind, rid in keys:
        by_kind.setdefault(kind, set()).add(int(rid))
    entry_of: dict[int, Key] = {}
    for kind, ids in by_kind.items():
        id_list = sorted(ids)
        for i in range(0, len(id_list), 500):
            for eid, ref_id, keamanan in session.execute(
                select(SearchEntry.id, SearchEntry.ref_id, SearchEntry.keamanan)
                .where(SearchEntry.kind == kind, SearchEntry.ref_id.in_(id_list[i:i + 500]))
            ):
                out[(kind, int(ref_id))] = Label(keamanan or "biasa")
                if keamanan in RESTRICTED:
                    entry_of[int(eid)] = (kind, int(ref_id))
    if entry_of:
        acl: dict[Key, tuple[set[int], set[int]]] = {}
        eids = sorted(entry_of)
        for i in range(0, len(eids), 500):
            for eid, u, n in session.execute(
                select(SearchAcl.entry_id, SearchAcl.user_id, SearchAcl.unit_id).where(SearchAcl.entry_id.in_(eids[i:i + 500]))
            ):
                users, units = acl.setdefault(entry_of[int(eid)], (set(), set()))
                if u is not None:
                    users.add(int(u))
                if n is not None:
                    units.add(int(n))
        for key, (users, units) in acl.items():
            out[key] = Label(out[key].keamanan, frozenset(users), frozenset(units))
    return out


def _document_links(session: Session, doc_ids: set[int]) -> dict[int, set[Key]]:
    out: dict[int, set[Key]] = {}
    ids = sorted(doc_ids)
    for i in range(0, len(ids), 500):
        for doc_id, kind, rid in session.execute(
            select(DocumentLink.document_id, DocumentLink.record_kind, DocumentLink.record_id)
            .where(DocumentLink.document_id.in_(ids[i:i + 500]))
        ):
            out.setdefault(int(doc_id), set()).add((kind, int(rid)))
    return out


def labels(session: Session, keys: Iterable[Key]) -> dict[Key, Label]:
    """The label of each key: a record's own; a document's joined from every record it is attached to.

    A key the index does not know (a kind that has no search source, a document attached to
    nothing) is public.
    """
    wanted = {(k, int(r)) for k, r in keys if r is not None}
    docs = {r for k, r in wanted if k == DOCUMENT}
    links = _document_links(session, docs) if docs else {}
    records = {key for key in wanted if key[0] != DOCUMENT} | {key for ks in links.values() for key in ks}
    own = _record_labels(session, records) if records else {}
    out: dict[Key, Label] = {}
    for key in wanted:
        if key[0] == DOCUMENT:
            lab = PUBLIC
            for rec in links.get(key[1], ()):
                lab = lab.join(own.get(rec, PUBLIC))
            out[key] = lab
        else:
            out[key] = own.get(key, PUBLIC)
    return out


def label_of(session: Session, keys: Iterable[Key]) -> Label:
    """The one label of something derived from all of ``keys`` (strictest keamanan, union of chains)."""
    lab = PUBLIC
    for one in labels(session, keys).values():
        lab = lab.join(one)
    return lab


def hidden(session: Session, actor: Actor, keys: Iterable[Key]) -> set[Key]:
    """The keys ``actor`` may not see."""
    viewer = Viewer.of(actor)
    if viewer.see_all:
        return set()
    return {key for key, lab in labels(session, keys).items() if not lab.visible_to(viewer)}


def may_see(session: Session, actor: Actor, keys: Iterable[Key]) -> bool:
    """May ``actor`` see something derived from all of ``keys``?"""
    viewer = Viewer.of(actor)
    return viewer.see_all or label_of(session, keys).visible_to(viewer)


def require_visible(session: Session, actor: Actor, keys: Iterable[Key], what: str) -> None:
    """Refuse (in Indonesian) something derived from a secret record to anyone outside its chain."""
    viewer = Viewer.of(actor)
    if viewer.see_all:
        return
    lab = label_of(session, keys)
    if not lab.visible_to(viewer):
        raise PermissionDenied(
            f"{what} berasal dari catatan berklasifikasi {lab.keamanan.replace('_', ' ')}: hanya dapat dibuka oleh "
            "pimpinan dan orang-orang dalam alur surat tersebut."
        )


def shown(session: Session, actor: Actor, kind: str, record_id: int, label: _L) -> _L:
    """``label`` (a dataclass naming a record: its ``nomor`` and ``perihal``) as ``actor`` may see it.

    Outside a secret record's chain the number and subject are replaced; the kind, id and
    keamanan stay (they are what the masked list rows show too).
    """
    if label is None or not hidden(session, actor, [(kind, record_id)]):
        return label
    return dataclasses.replace(label, nomor="", perihal=MASKED)  # type: ignore[type-var]


#: audited tables whose rows are documents (the rest name their kind by their table name)
_DOCUMENT_TABLES = frozenset({"document"})


def history_keys(entity: str, entity_id: str | None, *details: dict[str, Any] | None) -> list[Key]:
    """The records an audit-trail (history) entry touches: its own row, and any record or document it names.

    ``details`` are the entry's before/after data: a ``record_kind``/``record_id`` pair (document
    links, scans filed) or a ``document_id`` there makes the entry follow that record too.
    """
    keys: list[Key] = []
    if entity_id is not None and str(entity_id).isdigit():
        keys.append((DOCUMENT if entity in _DOCUMENT_TABLES else entity, int(entity_id)))
    for data in details:
        if not data:
            continue
        kind, rid, doc = data.get("record_kind"), data.get("record_id"), data.get("document_id")
        if isinstance(kind, str) and str(rid).isdigit():
            keys.append((kind, int(str(rid))))
        if str(doc).isdigit():
            keys.append((DOCUMENT, int(str(doc))))
    return keys


def document_visible_clause(actor: Actor, document_id: Any) -> ColumnElement[bool]:
    """SQL: may ``actor`` see the document whose id is ``document_id`` (a correlated column)?

    The same rule as :func:`labels` for a document: no restricted record among those it is
    attached to, or the actor is in the chain of one of them (the union of their chains).
    """
    viewer = Viewer.of(actor)
    if viewer.see_all:
        return true()
    # Two uncorrelated sets, computed once per query (not once per document): the documents attached
    # to a restricted record, and those among them whose chain holds the actor. Aliases keep them
    # apart from any document_link / search table of the outer query.
    link, entry, acl = aliased(DocumentLink), aliased(SearchEntry), aliased(SearchAcl)
    on_entry = and_(entry.kind == link.record_kind, entry.ref_id == link.record_id)
    restricted_docs = (select(link.document_id).join(entry, on_entry)
                       .where(entry.keamanan.in_(sorted(RESTRICTED))).scalar_subquery())
    mine: list[ColumnElement[bool]] = []
    if viewer.user_id is not None:
        mine.append(acl.user_id == viewer.user_id)
    if viewer.unit_id is not None:
        mine.append(acl.unit_id == viewer.unit_id)
    if not mine:
        return document_id.notin_(restricted_docs)  # type: ignore[no-any-return]
    in_chain_docs = (select(link.document_id).join(entry, on_entry).join(acl, acl.entry_id == entry.id)
                     .where(entry.keamanan.in_(sorted(RESTRICTED)), or_(*mine)).scalar_subquery())
    return or_(document_id.notin_(restricted_docs), document_id.in_(in_chain_docs))


__all__ = [
    "DOCUMENT", "LEVELS", "MASKED", "PUBLIC", "RESTRICTED", "Key", "Label", "Viewer", "document_visible_clause",
    "hidden", "history_keys", "label_of", "labels", "may_see", "require_visible", "shown",
]
