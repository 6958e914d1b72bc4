"""An Indonesian stemmer (Nazief–Adriani / ECS style affix stripping over a root list).

The same function runs at index time and at query time, so what matters most is that every
form of a word reaches the *same* stem: ``undangan``, ``mengundang``, ``diundang`` → ``undang``;
``pemberitahuan``, ``diberitahukan`` → ``beritahu``.

Algorithm (after Nazief & Adriani 1996 and the Enhanced Confix Stripping refinements):

1. A word that is in the root list (or short, or not alphabetic) is its own stem.
2. Optional inflectional endings are peeled (particles -lah/-kah/-tah/-pun, then possessives
   -ku/-mu/-nya); for each base, derivational suffixes are tried from none to longest
   (none, -i, -kan, -an) and, for each, up to three derivational prefixes with the usual
   sound changes (meN-/peN- with recoded t/k/p/s, ber-/ter-/per- with r-recoding, be-…-er,
   di-, ke-, se-). The first candidate found in the root list wins. Trying *fewer* suffixes
   first keeps roots that look derived (``anggaran``) stable for every derivation.
3. No root found: only unambiguous confixes (meN-…-kan, di-…-kan, peN-…-an, ke-…-an,
   per-…-an, ber-…-an, di-…-i, meN-…-i) are stripped, and only when at least four letters
   remain; otherwise the word is kept. This keeps unknown words (names, places) intact
   rather than over-stemming them (``bekasi`` stays ``bekasi``, never ``kasi``).
"""

from __future__ import annotations

from functools import lru_cache

from tatausaha.search.roots import ROOTS

VOWELS = frozenset("aeiou")
_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("", "i", "kan", "an")
_CONFIXES = (
    ("me", "kan"), ("di", "kan"), ("pe", "an"), ("ke", "an"), ("per", "an"), ("ber", "an"),
    ("di", "i"), ("me", "i"), ("mem", "i"), ("pem", "an"),
)


def _prefix_alternatives(s: str) -> list[str]:
    """Remainders after removing one derivational prefix from ``s`` (most likely first)."""
    out: list[str] = []
    n = len(s)
    if n < 5:
        return out

    def v(i: int) -> bool:
        return i < n and s[i] in VOWELS

    if s.startswith(("di", "ke", "se")):
        out.append(s[2:])
    if s.startswith("meng") or s.startswith("peng"):
        rest = s[4:]
        if rest and rest[0] in VOWELS:
            out += [rest, "k" + rest]
        else:
            out.append(rest)
    elif s.startswith("meny") or s.startswith("peny"):
        if v(4):
            out += ["s" + s[4:], s[2:]]
    elif s.startswith("mem") or s.startswith("pem"):
        rest = s[3:]
        if rest and rest[0] in "bfvp":
            out.append(rest)
        elif rest and rest[0] in VOWELS:
            out += ["p" + rest, "m" + rest]
    elif s.startswith("men") or s.startswith("pen"):
        rest = s[3:]
        if rest and rest[0] in "cdjzts":
            out.append(rest)
        elif rest and rest[0] in VOWELS:
            out += ["t" + rest, "n" + rest]
    elif s.startswith(("me", "pe")) and n > 2 and s[2] in "lrwymn":
        out.append(s[2:])
    if s.startswith(("ber", "ter", "per")):
        rest = s[3:]
        if rest and rest[0] in VOWELS:
            out += [rest, "r" + rest]
        else:
            out.append(rest)
    if s.startswith(("bel", "pel")) and s[3:].startswith("ajar"):
        out.append(s[3:])
    if s.startswith(("be", "pe", "te")) and n > 5 and s[2] not in VOWELS and s[3:5] == "er":
        out.append(s[2:])  # bekerja, pekerja → kerja
    if s.startswith("pe") and n > 2 and s[2] not in VOWELS and s[2] not in "lrwymnr":
        out.append(s[2:])  # pekerja, petani
    return [r for r in out if len(r) >= 3]


def _search(s: str, depth: int) -> str | None:
    if depth == 0:
        return None
    for rest in _prefix_alternatives(s):
        if rest in ROOTS:
            return rest
    for rest in _prefix_alternatives(s):
        found = _search(rest, depth - 1)
        if found:
            return found
    return None


def _bases(word: str) -> list[str]:
    bases = [word]
    for p in _PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 4:
            bases.append(word[: -len(p)])
            break
    for b in list(bases):
        for p in _POSSESSIVES:
            if b.endswith(p) and len(b) - len(p) >= 4:
                bases.append(b[: -len(p)])
                break
    return bases


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one folded (lower-case ASCII) word."""
    if len(word) <= 3 or not word.isalpha() or word in ROOTS:
        return word
    bases = _bases(word)
    for base in bases:
        for suf in _SUFFIXES:
            if suf and not base.endswith(suf):
                continue
            s = base[: -len(suf)] if suf else base
            if len(s) < 3:
                continue
            if s in ROOTS:
                return s
            found = _search(s, 3)
            if found:
                return found
    return _fallback(bases[-1])


def _fallback(word: str) -> str:
    for pre, suf in _CONFIXES:
        if word.startswith(pre) and word.endswith(suf) and len(word) - len(pre) - len(suf) >= 4:
            core = word[: -len(suf)]
            alts = _prefix_alternatives(core)
            if alts and len(alts[0]) >= 4:
                return alts[0]
    return word
