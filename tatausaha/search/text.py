"""Text analysis shared by indexing and querying: folding, tokens, stems, number fragments.

Everything the full-text index stores is produced here, in Python, and handed to the backend as
space-separated ASCII tokens; the same functions turn query words into index tokens. The
backend's own tokenizer then only splits on spaces (SQLite ``unicode61``, PostgreSQL ``simple``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

from tatausaha.search.stemmer import stem

#: Bump when tokens change (stemmer, roots, spelling map, meta tokens): the index must be rebuilt.
ANALYZER_VERSION = "3"  # 3: terbatas is not restricted

_WORD = re.compile(r"[a-z0-9]+")
_WORD_SPAN = re.compile(r"[^\W_]+", re.UNICODE)

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "ı": "i"})

#: Old spellings and abbreviations of month names (and a few frequent words) → today's form.
SPELLING: dict[str, str] = {
    "pebruari": "februari", "peb": "februari", "feb": "februari", "febr": "februari", "pebr": "februari",
    "nopember": "november", "nop": "november", "nov": "november", "nopemb": "november",
    "djanuari": "januari", "jan": "januari", "maart": "maret", "mrt": "maret", "apr": "april",
    "djuni": "juni", "djuli": "juli", "juni": "juni", "juli": "juli", "jun": "juni", "jul": "juli",
    "agoestoes": "agustus", "agt": "agustus", "agu": "agustus", "ags": "agustus", "agust": "agustus",
    "sept": "september", "sep": "september", "okt": "oktober", "october": "oktober", "des": "desember",
    "desemb": "desember", "december": "desember", "january": "januari", "february": "februari",
    "march": "maret", "may": "mei", "june": "juni", "july": "juli", "august": "agustus",
    "ijin": "izin", "perijinan": "perizinan", "nasehat": "nasihat", "propinsi": "provinsi",
    "kwitansi": "kuitansi", "uu": "undangundang", "sekertaris": "sekretaris", "apotik": "apotek", "jaman": "zaman",
}

MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
          "oktober", "november", "desember")


def fold(text: str) -> str:
    """Lower-case, strip accents, map ligatures: ``Pêrihal`` → ``perihal``."""
    text = text.lower().translate(_SPECIAL)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_UU = re.compile(r"\b(per)?undang\s*-\s*undang(an)?\b")


def words(text: str) -> list[str]:
    """Folded words (letters/digits runs); every other character separates.

    "undang-undang" (a law) and "perundang-undangan" (legislation) become one word each, so they
    never match "undangan" (an invitation) — boilerplate that cites regulations would otherwise
    turn up in every search for an invitation.
    """
    folded = fold(text)
    if "undang" in folded:
        folded = _UU.sub(lambda m: "perundangan" if m.group(1) else "undangundang", folded)
    return _WORD.findall(folded)


def normalize_word(w: str) -> str:
    """One folded word → its index token (spelling map, then stem; numbers kept as they are)."""
    w = SPELLING.get(w, w)
    if w.isalpha():
        return stem(w)
    return w


def analyze(text: str) -> list[str]:
    """Text → index tokens (folded, spelling-normalised, stemmed)."""
    return [normalize_word(w) for w in words(text)]


def analyze_joined(text: str) -> str:
    return " ".join(analyze(text))


def nomor_tokens(nomor: str) -> list[str]:
    """A letter number → its segments in order: ``005/123/Kec.JTS/2024`` → 005 123 kec jts 2024.

    Queried as a phrase, any run of consecutive segments matches (``123``, ``005/123``,
    ``123/Kec.JTS``), so no trigram index is needed. Numbers are not stemmed.
    """
    return [SPELLING.get(w, w) if not w.isdigit() else w for w in words(nomor)]


_NORMAL_CACHE: dict[str, str] = {}


def normalize_cached(w: str) -> str:
    t = _NORMAL_CACHE.get(w)
    if t is None:
        t = normalize_word(w)
        if len(_NORMAL_CACHE) < 200_000:
            _NORMAL_CACHE[w] = t
    return t


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, index token) for every word of the original text (for snippets)."""
    if text.isascii():  # lower() keeps offsets: one pass over the folded copy
        for m in _WORD.finditer(text.lower()):
            yield m.start(), m.end(), normalize_cached(m.group(0))
        return
    for m in _WORD_SPAN.finditer(text):
        for tok in words(m.group(0)):
            yield m.start(), m.end(), normalize_cached(tok)
            break


# --- meta tokens: filters that live inside the full-text index -----------------------------
# They start with "zz" and a type letter so they never collide with a word of Indonesian text.

ALL_TOKEN = "zza"  # every entry: lets a purely negative or filter-only query start somewhere
RESTRICTED_TOKEN = "zzr"  # entry is rahasia/sangat rahasia


def slug(value: str) -> str:
    return "".join(words(value))


def kind_token(kind: str) -> str:
    return "zzk" + slug(kind)


def year_token(year: int) -> str:
    return f"zzy{year}"


def sifat_token(sifat: str) -> str:
    return "zzs" + slug(sifat)


def keamanan_token(keamanan: str) -> str:
    return "zzx" + slug(keamanan)


def jenis_token(jenis: str) -> str:
    return "zzj" + slug(jenis)


def status_token(status: str) -> str:
    return "zzt" + slug(status)


def user_token(user_id: int) -> str:
    return f"zzu{user_id}"


def unit_token(unit_id: int) -> str:
    return f"zzn{unit_id}"


def kode_group(kode: str) -> str:
    """Top-level KKA group of a code: ``800.1.11.1`` → ``800``; old ``851.1`` → ``800``."""
    first = kode.strip().split(".")[0]
    if len(first) == 3 and first.isdigit():
        return first[0] + "00"
    return ""


def kode_tokens(kode: str) -> list[str]:
    """Every ancestor of a KKA code as a token, so ``kode:800`` matches the whole subtree.

    ``800.1.11.1`` → zzc800 zzc800x1 zzc800x1x11 zzc800x1x11x1. A three-digit first segment is
    decimal in the old scheme (851 lies under 850 under 800), so its decimal ancestors are added.
    """
    parts = [p for p in re.split(r"[.\s]+", kode.strip().lower()) if p]
    if not parts:
        return []
    out: list[str] = []
    first = parts[0]
    if len(first) == 3 and first.isdigit():
        for anc in (first[0] + "00", first[:2] + "0"):
            t = "zzc" + anc
            if anc != first and t not in out:
                out.append(t)
    for i in range(1, len(parts) + 1):
        out.append("zzc" + "x".join(slug(p) for p in parts[:i]))
    return out


def kode_query_token(kode: str) -> str:
    parts = [p for p in re.split(r"[.\s]+", kode.strip().lower()) if p]
    return "zzc" + "x".join(slug(p) for p in parts)


# --- date-ordered ids -----------------------------------------------------------------------

SEQ_BITS = 20
NO_DATE_ORDINAL = 1  # undated entries sort oldest


def id_range_for_dates(start: dt.date | None, end: dt.date | None) -> tuple[int | None, int | None]:
    """The entry-id interval whose encoded date lies in [start, end] (either side open)."""
    lo = (start.toordinal() << SEQ_BITS) if start else None
    hi = (((end.toordinal() + 1) << SEQ_BITS) - 1) if end else None
    return lo, hi


def date_of_id(entry_id: int) -> dt.date | None:
    ordinal = entry_id >> SEQ_BITS
    if ordinal <= NO_DATE_ORDINAL:
        return None
    return dt.date.fromordinal(ordinal)
