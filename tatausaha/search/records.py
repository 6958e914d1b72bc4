"""What the search index holds: one :class:`SearchRecord` per row of any area, and the kinds.

The bottom of the search room: plain data and the registry's kinds, no database access. The
kinds in the index are the searchable record kinds of the installed areas plus ``dokumen``
(archived documents, this room's own); their labels and ``jenis:`` words come from the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from tatausaha import clock, registry
from tatausaha.errors import ValidationFailed
from tatausaha.visibility import LEVELS
from tatausaha.visibility import RESTRICTED as _RESTRICTED

#: The search room's own kind: archived documents (scans, attachments, printed versions).
DOCUMENT_KIND = "dokumen"
DOCUMENT_LABEL = "Dokumen arsip"


_kinds_cache: dict[int, tuple[str, ...]] = {}


def kinds() -> tuple[str, ...]:
    """Kinds of records in the index (the first word of a hit's identity), in display order."""
    v = registry.version()
    cached = _kinds_cache.get(v)
    if cached is None:
        cached = (*(k.name for k in registry.kinds() if k.searchable), DOCUMENT_KIND)
        _kinds_cache.clear()
        _kinds_cache[v] = cached
    return cached


def kind_label(kind: str) -> str:
    return DOCUMENT_LABEL if kind == DOCUMENT_KIND else registry.label(kind)


def kind_labels() -> dict[str, str]:
    return {k: kind_label(k) for k in kinds()}


def jenis_words() -> dict[str, str]:
    """Every word that names a kind in a ``jenis:`` filter (slugged by the caller) -> the kind."""
    out: dict[str, str] = {}
    for k in registry.kinds():
        if k.searchable:
            for w in (k.name, *k.search_aliases):
                out.setdefault(w, k.name)
    out.setdefault(DOCUMENT_KIND, DOCUMENT_KIND)
    return out


def jenis_values() -> dict[str, str]:
    """kind -> the ``jenis:`` value a filter chip writes for it."""
    out = {k.name: k.jenis_value for k in registry.kinds() if k.searchable}
    out[DOCUMENT_KIND] = DOCUMENT_KIND
    return out

#: Klasifikasi keamanan (security classification), least to most restricted.
KEAMANAN: tuple[str, ...] = LEVELS
# The same rule as the letter lists and registers (tatausaha.correspondence): *terbatas* is for the office
# only, not for outsiders, and every office user may find it; rahasia and sangat rahasia are for their chain.
RESTRICTED: frozenset[str] = _RESTRICTED  # defined once, in tatausaha.visibility


@dataclass(frozen=True)
class SearchRecord:
    """One row of any area as the search index sees it. Plain data, built by the owning area.

    ``title`` is what a hit shows (perihal, document name, employee name); ``body`` the long
    text (ringkasan, isi, catatan disposisi, PDF/OCR text). ``nomor`` is tokenised so that any
    fragment of a letter number matches. ``kode`` is the Kode Klasifikasi Arsip (``kode:800``
    finds the whole subtree). ``jenis`` is free (e.g. "undangan", "nota dinas"); letters also
    match ``jenis:masuk`` / ``jenis:keluar`` through their kind.
    """

    kind: str
    ref_id: int
    title: str
    body: str = ""
    nomor: str = ""
    dari: str = ""
    kepada: str = ""
    kode: str = ""
    tanggal: dt.date | None = None
    sifat: str = ""  # derajat kecepatan: biasa, segera, sangat_segera, kilat (free text accepted)
    keamanan: str = "biasa"  # biasa | terbatas | rahasia | sangat_rahasia
    jenis: str = ""
    status: str = ""
    pegawai: str = ""  # names/NIP of employees the record concerns
    allowed_user_ids: frozenset[int] = field(default_factory=frozenset)
    allowed_unit_ids: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.kind not in kinds():
            raise ValidationFailed(f"Jenis rekaman '{self.kind}' tidak dikenal oleh indeks pencarian.", field="kind")
        if self.keamanan not in KEAMANAN:
            raise ValidationFailed(
                f"Klasifikasi keamanan '{self.keamanan}' tidak dikenal (biasa, terbatas, rahasia, sangat_rahasia).",
                field="keamanan",
            )
        if isinstance(self.tanggal, dt.datetime):  # a stored (UTC) timestamp: its day in office time
            object.__setattr__(self, "tanggal", clock.office_date(self.tanggal))
        object.__setattr__(self, "allowed_user_ids", frozenset(self.allowed_user_ids))
        object.__setattr__(self, "allowed_unit_ids", frozenset(self.allowed_unit_ids))

    @property
    def restricted(self) -> bool:
        return self.keamanan in RESTRICTED


@dataclass(frozen=True)
class SearchSource:
    """How ``reindex`` gets every record of one area.

    ``iter_records(session)`` yields a SearchRecord per row (stream them; do not build a list);
    ``count(session)`` (optional) tells the total for the progress bar.
    """

    name: str
    iter_records: Callable[[Session], Iterable[SearchRecord]]
    count: Callable[[Session], int] | None = None


def iter_batches(items: Iterable[SearchRecord], size: int) -> Iterator[list[SearchRecord]]:
    batch: list[SearchRecord] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
