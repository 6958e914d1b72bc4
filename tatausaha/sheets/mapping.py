"""Which column is which field: the header row found, a mapping guessed from aliases, remembered by layout."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from tatausaha.sheets.reading import cell_empty

Aliases = Mapping[str, Sequence[str]]  # field -> header names people use, most specific first


def fold(text: str | None) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces: how headers are compared."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", str(text).lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", t).split())


def match_field(folded_header: str, aliases: Aliases, fields: Sequence[str] | None = None) -> str | None:
    pool = list(fields) if fields is not None else list(aliases)
    h = folded_header.replace("tgl ", "tanggal ") if folded_header.startswith("tgl ") else folded_header
    for f in pool:
        for a in aliases.get(f, ()):
            if folded_header == fold(a) or h == fold(a):
                return f
    return None


def find_header(raw: Sequence[Sequence[Any]], aliases: Aliases, *, scan: int = 15, min_known: int = 2) -> int | None:
    """Index of the row (among the first ``scan``) whose cells look most like known column names."""
    known = {fold(a) for names in aliases.values() for a in names}
    best, best_score = None, 0
    for i, row in enumerate(raw[:scan]):
        cells = [fold(str(c)) for c in row if not cell_empty(c)]
        score = sum(1 for c in cells if c in known or match_field(c, aliases) is not None)
        if score > best_score and score >= min_known:
            best, best_score = i, score
    return best


def guess_mapping(headers: Sequence[str], fields: Sequence[str], aliases: Aliases) -> dict[str, str]:
    """header → field. Earlier (more specific) aliases win over later ones; each field is used once."""
    out: dict[str, str] = {}
    used: set[str] = set()
    depth = max((len(aliases.get(f, ())) for f in fields), default=0)
    for rank in range(depth):
        for h in headers:
            if not h or h in out:
                continue
            fh = fold(h)
            for f in fields:
                names = aliases.get(f, ())
                if f not in used and rank < len(names) and fh == fold(names[rank]):
                    out[h] = f
                    used.add(f)
                    break
    return out


def header_signature(headers: Sequence[str]) -> str:
    """A short key for a header layout (to remember its mapping for next month's file of the same shape)."""
    return hashlib.sha1("|".join(fold(h) for h in headers).encode()).hexdigest()[:16]


__all__ = ["Aliases", "find_header", "fold", "guess_mapping", "header_signature", "match_field"]
