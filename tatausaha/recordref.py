"""The record reference printed as a QR code on every document, and parsed back from scans.

Format: ``TU1:<kind>:<id>:<check>``

* ``TU1`` — scheme and version;
* ``kind`` — the record kind, lower-case ``[a-z][a-z0-9_]*``: a kind an installed area declares
  (``tatausaha.registry``; this module names none of them), or ``sep`` for a separator sheet;
* ``id`` — the record's integer id (decimal, no sign, no leading zeros);
* ``check`` — the first 6 hex digits of ``sha256("<key>:<kind>:<id>")``: it catches misreads
  and codes printed by another office (another ``key``) or typed by hand.

``decode`` returns ``None`` for anything that is not a valid ref of this office, never raises.
The office key is a short secret-ish string per installation; ``DEFAULT_KEY`` is used when
none is configured. Codes stay valid as long as the key is not changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

PREFIX = "TU1"
DEFAULT_KEY = "tatausaha"
CHECK_LEN = 6

SEPARATOR = "sep"  # a separator sheet between documents in one scanned batch (not a record)

_KIND_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")
_REF_RE = re.compile(r"TU1:([a-z][a-z0-9_]{0,31}):(0|[1-9][0-9]{0,17}):([0-9a-fA-F]{6})")


@dataclass(frozen=True)
class RecordRef:
    kind: str
    id: int

    @property
    def is_separator(self) -> bool:
        return self.kind == SEPARATOR


def check_value(kind: str, record_id: int, key: str = DEFAULT_KEY) -> str:
    digest = hashlib.sha256(f"{key}:{kind}:{record_id}".encode()).hexdigest()
    return digest[:CHECK_LEN]


def encode(kind: str, record_id: int, key: str = DEFAULT_KEY) -> str:
    """``encode("surat_keluar", 42)`` → ``"TU1:surat_keluar:42:3f9a1c"``."""
    if not _KIND_RE.fullmatch(kind):
        raise ValueError(f"invalid record kind {kind!r}")
    if isinstance(record_id, bool) or not isinstance(record_id, int) or record_id < 0 or record_id >= 10**18:
        raise ValueError(f"invalid record id {record_id!r}")
    return f"{PREFIX}:{kind}:{record_id}:{check_value(kind, record_id, key)}"


def decode(text: str | bytes | None, key: str = DEFAULT_KEY) -> RecordRef | None:
    """Parse a scanned QR text; ``None`` when it is foreign, malformed or its check fails."""
    if text is None:
        return None
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            return None
    m = _REF_RE.fullmatch(text.strip())
    if m is None:
        return None
    kind, id_text, check = m.group(1), m.group(2), m.group(3).lower()
    record_id = int(id_text)
    if check != check_value(kind, record_id, key):
        return None
    return RecordRef(kind, record_id)


def find_all(text: str, key: str = DEFAULT_KEY) -> list[RecordRef]:
    """Every valid ref inside a longer text (e.g. the text layer of a scanned PDF), in order."""
    found: list[RecordRef] = []
    for m in re.finditer(r"TU1:[a-z0-9_]+:[0-9]+:[0-9a-fA-F]{6}", text):
        ref = decode(m.group(0), key)
        if ref is not None and ref not in found:
            found.append(ref)
    return found
