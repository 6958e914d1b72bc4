"""The record reference printed as a QR code on every document, and parsed back from scans.

Format: ``TU1:<kind>:<id>:<check>``

* ``TU1`` — scheme and version;
* ``kind`` — the record kind, lower-case ``[a-z][a-z0-9_]*``: a kind an installed area declares
  (``tatausaha.registry``; this module names none of them), or ``sep`` for a separator sheet;
* ``id`` — the record's integer id (decimal, no sign, no leading zeros);
* ``check`` — the first 6 hex digits of ``sha256("<key>:<kind>:<id>")``: it catches misreads
  and codes printed by another office (another ``key``) or typed by hand.

``decode`` returns ``None`` for anything that is not a valid ref of this office, never raises.
The office key is a random string made for each office at ``init`` and kept in its database
(``app_setting.qr_key``, so backups carry it); opening the database makes it the key ``encode``
and ``decode`` use (:func:`set_office_key`). Codes printed before an office had its own key were
made with ``DEFAULT_KEY``: they still read, marked ``legacy`` (another office's codes made
with that same public key cannot be told apart from them — reprint those letters).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

PREFIX = "TU1"
DEFAULT_KEY = "tatausaha"
CHECK_LEN = 6

SEPARATOR = "sep"  # a separator sheet between documents in one scanned batch (not a record)

_KIND_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")
_REF_RE = re.compile(r"TU1:([a-z][a-z0-9_]{0,31}):(0|[1-9][0-9]{0,17}):([0-9a-fA-F]{6})")


_office_key: str = DEFAULT_KEY


def set_office_key(key: str | None) -> str:
    """Make ``key`` the office's key (None: the old public default); returns the previous one."""
    global _office_key
    old, _office_key = _office_key, key or DEFAULT_KEY
    return old


def office_key() -> str:
    return _office_key


@dataclass(frozen=True)
class RecordRef:
    kind: str
    id: int
    #: read with the old public default key, not this office's own: it may come from another office
    legacy: bool = field(default=False, compare=False)

    @property
    def is_separator(self) -> bool:
        return self.kind == SEPARATOR


def check_value(kind: str, record_id: int, key: str | None = None) -> str:
    key = key or _office_key
    digest = hashlib.sha256(f"{key}:{kind}:{record_id}".encode()).hexdigest()
    return digest[:CHECK_LEN]


def encode(kind: str, record_id: int, key: str | None = None) -> str:
    """``encode("surat_keluar", 42)`` → ``"TU1:surat_keluar:42:3f9a1c"``."""
    if not _KIND_RE.fullmatch(kind):
        raise ValueError(f"invalid record kind {kind!r}")
    if isinstance(record_id, bool) or not isinstance(record_id, int) or record_id < 0 or record_id >= 10**18:
        raise ValueError(f"invalid record id {record_id!r}")
    return f"{PREFIX}:{kind}:{record_id}:{check_value(kind, record_id, key)}"


def decode(text: str | bytes | None, key: str | None = None) -> RecordRef | None:
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
    office = key is None  # the office's own key: its old default-key codes still read, flagged
    key = key or _office_key
    if check == check_value(kind, record_id, key):
        return RecordRef(kind, record_id)
    if office and key != DEFAULT_KEY and check == check_value(kind, record_id, DEFAULT_KEY):
        return RecordRef(kind, record_id, legacy=True)
    return None


def find_all(text: str, key: str | None = None) -> list[RecordRef]:
    """Every valid ref inside a longer text (e.g. the text layer of a scanned PDF), in order."""
    found: list[RecordRef] = []
    for m in re.finditer(r"TU1:[a-z0-9_]+:[0-9]+:[0-9a-fA-F]{6}", text):
        ref = decode(m.group(0), key)
        if ref is not None and ref not in found:
            found.append(ref)
    return found
