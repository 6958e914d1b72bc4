"""Audit trail: every change to an audited model, chained and keyed, written in the same transaction.

Capture: ``after_flush`` reads each new/dirty/deleted audited object's attribute history (still
available at that point) into ``session.info``; ``before_commit`` flushes and appends the rows
with Core inserts. Each row is chained to the previous one and sealed with the installation's
secret key: ``hash = HMAC-SHA256(key, prev_hash + canonical row)`` (``key_id`` names the key).
Rows written before keys existed (``key_id`` NULL) keep their plain SHA-256 link; once a keyed row
exists, an unkeyed one after it is a forgery.

Anchors outside the chain: ``audit_head`` (same database) holds the newest row; the anchor file
beside the database (``AuditSeal.anchor_path``) gets one MAC-sealed line per commit that wrote
audit rows; backup manifests and printed registers carry the head too. So erasing the trail,
cutting its tail with a consistent head, or appending rows without the key is named by ``verify``.
The key never lives in the database nor in backups (see docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, inspect, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, SessionTransaction

from tatausaha.errors import StorageError
from tatausaha.models.audit import AuditHead, AuditLog
from tatausaha.models.base import Base, utcnow
from tatausaha.storage import dialect

GENESIS = "0" * 64
_PENDING = "tatausaha_audit_pending"
_INSTALLED = "tatausaha_audit_installed"
_SAVEPOINTS = "tatausaha_audit_savepoints"
_WRITTEN = "tatausaha_audit_written"  # (last_id, count, hash) of this transaction's rows, anchored after commit
SEAL = "tatausaha_audit_seal"

KEY_ENV = "TATAUSAHA_AUDIT_KEY"
KEY_FILE = "kunci-audit"
ANCHOR_FILE = "jejak-audit.jangkar"
_FIELDS = ["id", "ts", "actor_id", "actor_name", "action", "entity", "entity_id", "before", "after"]


class AuditSeal:
    """The installation's audit key and anchor file (both outside the database).

    The key comes from ``TATAUSAHA_AUDIT_KEY`` or the file ``kunci-audit`` in the data folder
    (created on the first audited write, readable by its owner only). ``None`` paths: no anchor
    file (a database opened without a data folder)."""

    def __init__(self, key_path: Path | None, anchor_path: Path | None, env_key: str | None = None) -> None:
        self.key_path = key_path
        self.anchor_path = anchor_path
        self._env_key = env_key
        self._key: bytes | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_home(cls, home: Path) -> AuditSeal:
        return cls(home / KEY_FILE, home / ANCHOR_FILE, os.environ.get(KEY_ENV) or None)

    @property
    def key(self) -> bytes | None:
        """The key if this computer holds one (never creates it)."""
        if self._key is None:
            if self._env_key:
                raw = self._env_key.strip()
                try:
                    self._key = bytes.fromhex(raw) if len(raw) == 64 else hashlib.sha256(raw.encode()).digest()
                except ValueError:
                    self._key = hashlib.sha256(raw.encode()).digest()
            elif self.key_path is not None and self.key_path.is_file():
                try:
                    key = bytes.fromhex(self.key_path.read_text(encoding="ascii").strip())
                    if len(key) < 16:
                        raise ValueError("short key")
                    self._key = key
                except (OSError, ValueError, UnicodeDecodeError) as exc:
                    raise StorageError(f"Kunci jejak audit {self.key_path} tidak terbaca atau rusak; pulihkan "
                                       "berkas kunci dari simpanan Anda.") from exc
        return self._key

    def ensure_key(self) -> bytes:
        """The key, created (32 random bytes, owner-only file) when this installation has none yet."""
        with self._lock:
            key = self.key
            if key is not None:
                return key
            if self.key_path is None:
                raise StorageError("Tidak ada tempat untuk kunci jejak audit (folder data tidak diketahui).")
            new = secrets.token_bytes(32)
            # Written whole under a temporary name, then linked into place (fails if another process
            # won the race): nobody ever reads a half-written key, and there is only ever one.
            tmp = self.key_path.with_name(f".{self.key_path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            try:
                self.key_path.parent.mkdir(parents=True, exist_ok=True)  # a server database: no folder yet
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w", encoding="ascii") as fh:
                    fh.write(new.hex() + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())
                try:
                    os.link(tmp, self.key_path)
                except FileExistsError:
                    pass  # another process made it a moment ago: use theirs
            except OSError as exc:
                raise StorageError(f"Kunci jejak audit tidak dapat dibuat di {self.key_path} "
                                   f"({exc.strerror or exc}). Tidak ada yang diubah.") from exc
            finally:
                try:
                    tmp.unlink()
                except OSError:
                    pass
            self._key = None
            key = self.key
            if key is None:  # pragma: no cover - linked above
                raise StorageError(f"Kunci jejak audit {self.key_path} tidak dapat dibaca sesudah dibuat.")
            return key

    @property
    def key_id(self) -> str | None:
        key = self.key
        return None if key is None else key_id_of(key)

    def mac(self, message: str) -> str:
        key = self.key
        if key is None:
            return ""
        return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]

    def append_anchor(self, last_id: int, count: int, last_hash: str) -> None:
        """One line per commit: ``v1 <id> <count> <hash> <mac>`` (O_APPEND: concurrent writers never interleave)."""
        if self.anchor_path is None or self.key is None:
            return
        line = f"v1 {last_id} {count} {last_hash} {self.mac(anchor_message(last_id, count, last_hash))}\n"
        try:
            fd = os.open(self.anchor_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, line.encode("ascii"))
            finally:
                os.close(fd)
        except OSError:  # the commit stands; a missing line only weakens the next check's tail test
            import logging

            logging.getLogger(__name__).warning("audit anchor not written to %s", self.anchor_path, exc_info=True)


def key_id_of(key: bytes) -> str:
    return hmac.new(key, b"tatausaha-audit-key-id", hashlib.sha256).hexdigest()[:16]


def anchor_message(last_id: int, count: int, last_hash: str) -> str:
    return f"jangkar|{last_id}|{count}|{last_hash}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):  # enums
        return value.value
    return value


def canonical(data: dict[str, Any] | None) -> str | None:
    if data is None:
        return None
    return json.dumps({k: _jsonable(v) for k, v in data.items()}, sort_keys=True, ensure_ascii=False)


def row_digest(prev_hash: str, row: Mapping[Any, Any]) -> str:
    """The unkeyed link of rows written before installations had keys (``key_id`` NULL)."""
    payload = json.dumps([_jsonable(row[f]) for f in _FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def keyed_digest(key: bytes, prev_hash: str, row: Mapping[Any, Any]) -> str:
    """HMAC-SHA256 over the previous hash, the row and its key id: nobody without the key can make one."""
    payload = json.dumps([_jsonable(row[f]) for f in _FIELDS] + [row["key_id"]], ensure_ascii=False,
                         separators=(",", ":"))
    return hmac.new(key, (prev_hash + payload).encode(), hashlib.sha256).hexdigest()


def _columns(obj: Base) -> list[str]:
    excluded = type(obj).__audit_exclude__
    return [c.key for c in inspect(type(obj)).column_attrs if c.key not in excluded]


def _snapshot_changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            before[key] = hist.deleted[0] if hist.deleted else None
            after[key] = hist.added[0] if hist.added else None
    return before, after


def _snapshot(obj: Base) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in _columns(obj)}


def _entity_id(obj: Base) -> str | None:
    ident = inspect(type(obj)).primary_key_from_instance(obj)
    if not ident or any(i is None for i in ident):
        return None
    return "/".join(str(i) for i in ident)


def _with_version(obj: Base, before: dict[str, Any], after: dict[str, Any]) -> None:
    """An optimistic-locking ``row_version`` (``version_id_col``) is bumped by the UPDATE itself, after
    the attribute history is taken: record its new value so replaying the trail gives the stored row."""
    mapper = inspect(type(obj))
    col = mapper.version_id_col
    if col is None:
        return
    key = mapper.get_property_by_column(col).key
    if key in type(obj).__audit_exclude__ or key in after:
        return
    now = getattr(obj, key)
    after[key] = now
    if isinstance(now, int):
        before[key] = now - 1


def _after_flush(session: Session, _ctx: Any) -> None:
    pending = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        if isinstance(obj, Base) and type(obj).__audit__:
            pending.append(("create", obj.__tablename__, _entity_id(obj), None, _snapshot(obj)))
    for obj in session.dirty:
        if isinstance(obj, Base) and type(obj).__audit__ and session.is_modified(obj, include_collections=False):
            before, after = _snapshot_changes(obj)
            if before or after:
                _with_version(obj, before, after)
                pending.append(("update", obj.__tablename__, _entity_id(obj), before, after))
    for obj in session.deleted:
        if isinstance(obj, Base) and type(obj).__audit__:
            pending.append(("delete", obj.__tablename__, _entity_id(obj), _snapshot(obj), None))


def _before_commit(session: Session) -> None:
    session.flush()
    pending = session.info.pop(_PENDING, [])
    if pending:
        write_rows(session, pending)


def _after_transaction_create(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:  # remember where a SAVEPOINT starts in the pending list
        session.info.setdefault(_SAVEPOINTS, {})[id(transaction)] = len(session.info.get(_PENDING, []))


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.nested:
        # A rolled-back SAVEPOINT drops only what was flushed inside it; the outer transaction's
        # changes are still going to be committed and must keep their audit rows.
        mark = session.info.get(_SAVEPOINTS, {}).pop(id(previous), None)
        if mark is not None and _PENDING in session.info:
            del session.info[_PENDING][mark:]
        return
    if previous.parent is not None:  # a failed flush's inner subtransaction: its parent decides
        return
    session.info.pop(_PENDING, None)
    session.info.pop(_SAVEPOINTS, None)


def _after_commit(session: Session) -> None:
    written = session.info.pop(_WRITTEN, None)
    seal = session.info.get(SEAL)
    if written is not None and isinstance(seal, AuditSeal):
        seal.append_anchor(*written)


def _after_rollback(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


def install(session: Session) -> None:
    if session.info.get(_INSTALLED):
        return
    event.listen(session, "after_flush", _after_flush)
    event.listen(session, "before_commit", _before_commit)
    event.listen(session, "after_commit", _after_commit)
    event.listen(session, "after_rollback", _after_rollback)
    event.listen(session, "after_transaction_create", _after_transaction_create)
    event.listen(session, "after_soft_rollback", _after_soft_rollback)
    session.info[_INSTALLED] = True


def record_event(session: Session, action: str, entity: str, entity_id: object, detail: dict | None) -> None:
    session.info.setdefault(_PENDING, []).append(
        (action, entity, None if entity_id is None else str(entity_id), None, detail)
    )


def record_rows(session: Session, model: type[Base], where: Any, action: str = "create") -> int:
    """Put rows written with Core statements (bulk inserts, set-based updates) on the trail as they
    now stand: ``create`` or ``update`` with the full row as ``after``. Returns how many."""
    mapper = inspect(model)
    keys = [c.key for c in mapper.column_attrs if c.key not in model.__audit_exclude__]
    pk_keys = [mapper.get_property_by_column(c).key for c in mapper.primary_key]
    pending = session.info.setdefault(_PENDING, [])
    n = 0
    for values in session.execute(select(*[getattr(model, k) for k in keys]).where(where)).all():
        row = dict(zip(keys, values, strict=True))
        eid = "/".join(str(row[k]) for k in pk_keys)
        pending.append((action, model.__tablename__, eid, None, row))
        n += 1
    return n


def write_rows(session: Session, pending: list[tuple[str, str, Any, Any, Any]]) -> None:
    actor = session.info.get("actor")
    bind = session.connection()
    head_q = dialect.lock_for_update(select(AuditHead).where(AuditHead.id == 1), bind)
    head = session.execute(head_q).scalar_one_or_none()
    if head is None:
        # The very first audited write: several sessions may get here at once on a server database;
        # the losers wait for the winner's row (ON CONFLICT DO NOTHING) and then lock and read it.
        session.execute(
            dialect.insert_ignoring_duplicates(AuditHead.__table__, bind).values(
                id=1, last_id=0, last_hash=GENESIS, count=0
            )
        )
        head = session.execute(head_q).scalar_one()
    last_id, last_hash, count = head.last_id, head.last_hash, head.count
    seal = session.info.get(SEAL)
    key = seal.ensure_key() if isinstance(seal, AuditSeal) else None
    kid = None if key is None else key_id_of(key)
    ts = utcnow().replace(microsecond=0)
    for action, entity, entity_id, before, after in pending:
        row = {
            "id": last_id + 1,
            "ts": ts,
            "actor_id": getattr(actor, "user_id", None),
            "actor_name": getattr(actor, "username", "sistem"),
            "action": action,
            "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id),
            "before": canonical(before),
            "after": canonical(after),
            "key_id": kid,
        }
        digest = row_digest(last_hash, row) if key is None else keyed_digest(key, last_hash, row)
        session.execute(insert(AuditLog).values(**row, prev_hash=last_hash, hash=digest))
        last_id, last_hash, count = last_id + 1, digest, count + 1
    session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_id=last_id, last_hash=last_hash, count=count)
    )
    session.info[_WRITTEN] = (last_id, count, last_hash)
    session.expire_all()


@dataclass(frozen=True)
class AuditProblem:
    row_id: int | None
    kind: str  # edited | inserted | deleted | head | damaged | forged | key | anchor | cut | empty | external
    message: str


@dataclass(frozen=True)
class Anchor:
    """The trail's newest row: what printed registers, berita acara and backup manifests carry."""

    last_id: int
    count: int
    hash: str

    @property
    def text(self) -> str:
        # the token is what `tatausaha audit verify --jangkar` takes back
        return f"Jejak audit {self.last_id}:{self.hash[:16]} ({self.count} baris)"

    def as_dict(self) -> dict[str, object]:
        return {"last_id": self.last_id, "count": self.count, "hash": self.hash}


def current_anchor(session: Session) -> Anchor | None:
    row = session.execute(select(AuditLog.id, AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)).first()
    if row is None:
        return None
    count = session.execute(select(func.count(AuditLog.id))).scalar_one()
    return Anchor(int(row.id), int(count), str(row.hash))


#: Audited tables whose first rows come from the migrations themselves (master data seeded without
#: a trail): a row there that the trail never mentions is not reported as written behind the app's back.
SEEDED_BY_MIGRATIONS = frozenset({"jenis_naskah", "instruksi_disposisi", "spj_jenis_belanja", "spj_aturan_bukti",
                                  "spj_aturan_pajak", "spj_aturan_meterai", "golongan"})

_COLUMNS = [*_FIELDS, "prev_hash", "hash", "key_id"]


def _raw_rows(session: Session, after_id: int, batch: int) -> list[tuple[int, dict[str, Any], str | None]]:
    """Rows after ``after_id`` as plain values; a column that is not what the app wrote (garbage bytes,
    not a date) makes that row's third element name it instead of stopping the walk."""
    if session.get_bind().dialect.name != "sqlite":
        rows = session.execute(
            select(*[AuditLog.__table__.c[c] for c in _COLUMNS]).where(AuditLog.id > after_id)
            .order_by(AuditLog.id).limit(batch)
        ).all()
        return [(int(r.id), dict(r._mapping), None) for r in rows]
    present = session.info.get("tatausaha_audit_columns")
    if present is None:  # a trail from an older schema (before key_id) is read as unkeyed
        present = session.info["tatausaha_audit_columns"] = {
            r[1] for r in session.execute(text("PRAGMA table_info(audit_log)")).all()}
    params = {"after": after_id, "n": batch}
    # Fast path: the columns as SQLite types them. Text that is not UTF-8 makes the driver refuse the
    # whole batch; then the batch is read again as raw bytes (CAST … AS BLOB) and decoded here.
    plain = ", ".join(c if c in present else "NULL" for c in _COLUMNS)
    try:
        raw = session.execute(text(f"SELECT {plain} FROM audit_log WHERE id > :after ORDER BY id LIMIT :n"),
                              params).all()
        decode = _typed
    except OperationalError as exc:
        if "decode" not in str(exc).lower():
            raise
        cols = ", ".join("id" if c == "id" else f"CAST({c} AS BLOB)" if c in present else "NULL" for c in _COLUMNS)
        raw = session.execute(text(f"SELECT {cols} FROM audit_log WHERE id > :after ORDER BY id LIMIT :n"),
                              params).all()
        decode = _decode
    out: list[tuple[int, dict[str, Any], str | None]] = []
    names = _COLUMNS[1:]
    for values in raw:
        row: dict[str, Any] = {"id": int(values[0])}
        bad: str | None = None
        for name, value in zip(names, values[1:], strict=True):
            try:
                row[name] = decode(name, value)
            except (UnicodeDecodeError, ValueError, TypeError):
                bad = bad or name
                row[name] = None
        out.append((row["id"], row, bad))
    return out


def _typed(name: str, value: Any) -> Any:
    """A value as SQLite typed it, held to what the app writes (same result as ``_decode`` of its bytes)."""
    if value is None:
        return None
    kind = type(value)
    if name == "ts":
        if kind is str:
            return dt.datetime.fromisoformat(value)
        raise TypeError("ts is not text")
    if name == "actor_id":
        if kind is int:
            return value
        if kind is str:
            return int(value)
        raise TypeError("actor_id is not a number")
    if kind is str:
        if "\x00" in value:
            raise ValueError("NUL in text")
        return value
    if kind is int or kind is float:
        return str(value)
    raise TypeError("bytes where the app writes text")


def _decode(name: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int | float):
        value = str(value).encode()
    text_value = bytes(value).decode("utf-8")
    if name == "ts":
        return dt.datetime.fromisoformat(text_value)
    if name == "actor_id":
        return int(text_value)
    if "\x00" in text_value:
        raise ValueError("NUL in text")
    return text_value


def _anchor_lines(seal: AuditSeal | None) -> tuple[dict[int, str], list[AuditProblem], bool]:
    """(anchored id → hash, problems, file present) from the anchor file beside the database."""
    if seal is None or seal.anchor_path is None or not seal.anchor_path.exists():
        return {}, [], False
    anchors: dict[int, str] = {}
    problems: list[AuditProblem] = []
    try:
        data = seal.anchor_path.read_bytes()
    except OSError as exc:
        return {}, [AuditProblem(None, "anchor", f"berkas jangkar {seal.anchor_path.name} tidak terbaca ({exc.strerror})")], True
    bad_lines: list[int] = []
    for n, raw in enumerate(data.splitlines(), start=1):
        try:
            tag, sid, scount, shash, mac = raw.decode("ascii").split()
            last_id, count = int(sid), int(scount)
            ok = tag == "v1" and seal.key is not None and hmac.compare_digest(
                mac, seal.mac(anchor_message(last_id, count, shash)))
        except (UnicodeDecodeError, ValueError):
            ok = False
        if not ok:
            bad_lines.append(n)
            continue
        anchors[last_id] = shash
    if bad_lines:
        shown = ", ".join(map(str, bad_lines[:5])) + (" …" if len(bad_lines) > 5 else "")
        problems.append(AuditProblem(None, "anchor", f"berkas jangkar {seal.anchor_path.name}: {len(bad_lines)} baris "
                                                     f"tidak sah (diubah atau dibuat tanpa kunci): baris {shown}"))
    return anchors, problems, True


def _records_present(session: Session) -> int:
    """Rows in audited tables that only the app writes (the migrations' seed data left out)."""
    total = 0
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if getattr(model, "__audit__", False) and model.__tablename__ not in SEEDED_BY_MIGRATIONS:
            total += session.execute(select(func.count()).select_from(model.__table__)).scalar_one()
    return total


def verify(
    session: Session, *, batch: int = 5000, seal: AuditSeal | None = None,
    external: Iterable[tuple[int, str, str]] = (),
) -> tuple[int, list[AuditProblem]]:
    """Walk the chain; return (rows checked, problems). Each problem names the row.

    ``seal`` (default: the unit of work's) gives the key and the anchor file; ``external`` adds
    anchors kept elsewhere: ``(row id, hash or its prefix, where it was read)``."""
    if seal is None:
        found = session.info.get(SEAL)
        seal = found if isinstance(found, AuditSeal) else None
    key = seal.key if seal is not None else None
    own_kid = None if key is None else key_id_of(key)
    anchors, problems, anchor_file = _anchor_lines(seal)
    outside: dict[int, list[tuple[str, str]]] = {}
    for rid, prefix, where in external:
        outside.setdefault(int(rid), []).append((prefix, where))
    prev_hash: str | None = GENESIS
    expected_id = 1
    checked = keyed = 0
    last_id = 0
    seen_keyed = False
    foreign: dict[str, list[int]] = {}
    unkeyable: list[int] = []
    offset_id = 0
    while True:
        rows = _raw_rows(session, offset_id, batch)
        if not rows:
            break
        for rid, data, bad in rows:
            if rid != expected_id:
                missing = f"{expected_id}" if rid == expected_id + 1 else f"{expected_id}–{rid - 1}"
                problems.append(AuditProblem(rid, "deleted", f"baris audit {missing} hilang (dihapus) sebelum baris {rid}"))
            if bad is not None:
                problems.append(AuditProblem(rid, "damaged", f"baris audit {rid} rusak: kolom {bad} berisi data yang "
                                                             "tidak terbaca (bukan tulisan aplikasi)"))
                prev_hash = data.get("hash") if isinstance(data.get("hash"), str) else None
            else:
                if prev_hash is not None and data["prev_hash"] != prev_hash and rid == expected_id:
                    problems.append(AuditProblem(rid, "inserted", f"baris audit {rid} tidak menyambung ke baris "
                                                                  "sebelumnya (disisipkan atau diganti)"))
                kid = data.get("key_id")
                digest: str | None
                if kid is None:
                    if seen_keyed:
                        problems.append(AuditProblem(rid, "forged", f"baris audit {rid} ({data['entity']} "
                                                     f"{data['entity_id']}, {data['action']}) tidak bersegel kunci, "
                                                     "padahal rantai sudah berkunci: ditulis di luar aplikasi"))
                    digest = row_digest(data["prev_hash"], data)
                else:
                    seen_keyed = True
                    keyed += 1
                    if key is None:
                        unkeyable.append(rid)
                        digest = None
                    elif kid != own_kid:
                        foreign.setdefault(str(kid), []).append(rid)
                        digest = None
                    else:
                        digest = keyed_digest(key, data["prev_hash"], data)
                if digest is not None and digest != data["hash"]:
                    problems.append(AuditProblem(rid, "edited", f"isi baris audit {rid} ({data['entity']} "
                                                 f"{data['entity_id']}, {data['action']}) tidak cocok dengan segelnya: "
                                                 "diubah, atau ditulis tanpa kunci"))
                prev_hash = data["hash"]
            if rid in anchors and anchors[rid] != data.get("hash"):
                problems.append(AuditProblem(rid, "anchor", f"baris audit {rid} berbeda dari yang dicatat berkas jangkar "
                                                            "(diganti setelah disimpan)"))
            for prefix, where in outside.pop(rid, []):
                if not str(data.get("hash") or "").startswith(prefix.lower()):
                    problems.append(AuditProblem(rid, "external", f"baris audit {rid} berbeda dari jangkar di {where}"))
            expected_id = rid + 1
            last_id = rid
            checked += 1
        offset_id = rows[-1][0]
    if unkeyable:
        problems.append(AuditProblem(unkeyable[0], "key", f"{len(unkeyable)} baris audit bersegel kunci, tetapi kunci "
                                     f"jejak audit tidak ada di komputer ini ({seal.key_path if seal else KEY_FILE}); "
                                     f"isinya tidak dapat dibuktikan. Pasang kunci (berkas {KEY_FILE} atau {KEY_ENV})."))
    for kid, ids in foreign.items():
        problems.append(AuditProblem(ids[0], "key", f"{len(ids)} baris audit (mulai #{ids[0]}) bersegel kunci lain "
                                     f"(id {kid}) yang tidak dipegang komputer ini; pasang kunci instalasi asal."))
    if anchors:
        top = max(anchors)
        if top > last_id:
            problems.append(AuditProblem(top, "cut", f"jejak audit dipotong: berkas jangkar mencatat sampai baris {top}, "
                                         f"tetapi baris terakhir di basis data adalah {last_id} (baris "
                                         f"{last_id + 1}–{top} dihapus)"))
    elif seal is not None and seal.anchor_path is not None and not anchor_file and checked and (keyed or (seal.key_path and seal.key_path.exists())):
        problems.append(AuditProblem(None, "anchor", f"berkas jangkar {ANCHOR_FILE} hilang dari folder data, padahal "
                                     "jejak audit bersegel kunci (dihapus?)"))
    for rid, items in outside.items():
        for _prefix, where in items:
            problems.append(AuditProblem(rid, "external", f"baris audit {rid} yang dicatat di {where} tidak ada "
                                         f"(baris terakhir {last_id}): jejak dipotong"))
    head = session.get(AuditHead, 1)
    if head is not None:
        if head.last_id != last_id or head.last_hash != prev_hash:
            problems.append(AuditProblem(head.last_id, "head", f"jangkar jejak audit menunjuk baris {head.last_id}, tetapi baris terakhir adalah {last_id} (baris terakhir dihapus atau diubah)"))
        if head.count != checked:
            problems.append(AuditProblem(None, "head", f"jumlah baris audit {checked}, seharusnya {head.count}"))
    elif checked:
        problems.append(AuditProblem(None, "head", "jangkar jejak audit hilang"))
    if checked == 0:
        records = _records_present(session)
        if records:
            problems.append(AuditProblem(None, "empty", f"jejak audit kosong, padahal basis data berisi {records} "
                                         "catatan: jejaknya dihapus"))
    return checked, problems


@dataclass(frozen=True)
class RecordProblem:
    """An audited row whose stored state is not the last state the trail recorded."""

    entity: str
    entity_id: str
    kind: str  # changed | unrecorded | missing | resurrected | unreadable
    message: str


def _audited_models() -> dict[str, type[Base]]:
    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers
            if getattr(m.class_, "__audit__", False) and hasattr(m.class_, "__tablename__")}


def _comparable(value: Any) -> Any:
    """A value as the trail holds it (canonical JSON round trip)."""
    return json.loads(json.dumps(_jsonable(value), ensure_ascii=False))


def record_drift(session: Session, *, batch: int = 5000, limit: int = 200) -> list[RecordProblem]:
    """Replay the trail into the last recorded state of every audited row and compare it with the
    rows as stored: names rows changed, added or deleted behind the app's back (e.g. by sqlite3).

    Only columns the trail recorded are compared; secrets excluded from the trail are never compared."""
    models = _audited_models()
    state: dict[tuple[str, str], dict[str, Any] | None] = {}
    offset = 0
    while True:
        rows = _raw_rows(session, offset, batch)
        if not rows:
            break
        for _rid, data, bad in rows:
            if bad is not None or data.get("entity") not in models or data.get("entity_id") is None:
                continue
            k = (data["entity"], data["entity_id"])
            try:
                after = json.loads(data["after"]) if data.get("after") else {}
            except ValueError:
                continue
            action = data["action"]
            if action == "create":
                state[k] = dict(after)
            elif action == "update":
                current = state.get(k)
                if current is None:
                    current = state[k] = {}
                current.update(after)
            elif action == "delete":
                state[k] = None
        offset = rows[-1][0]
    problems: list[RecordProblem] = []
    for table, model in sorted(models.items()):
        mapper = inspect(model)
        keys = [c.key for c in mapper.column_attrs if c.key not in model.__audit_exclude__]
        pk_keys = [mapper.get_property_by_column(c).key for c in mapper.primary_key]
        # Bookkeeping the ORM sets at flush (``onupdate``: updated_at) never reaches the history.
        bookkeeping = {c.key for c in mapper.column_attrs if any(col.onupdate is not None for col in c.columns)}
        try:
            stored = session.execute(select(*[getattr(model, k) for k in keys])).all()
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            problems.append(RecordProblem(table, "*", "unreadable", f"tabel {table} berisi data yang tidak terbaca "
                                          f"({type(exc).__name__}): diubah di luar aplikasi"))
            continue
        except Exception as exc:  # noqa: BLE001 - a damaged table is a finding, not a crash
            if "decode" not in str(exc).lower():
                raise
            problems.append(RecordProblem(table, "*", "unreadable", f"tabel {table} berisi teks yang tidak terbaca: "
                                          "diubah di luar aplikasi"))
            continue
        for values in stored:
            row = dict(zip(keys, values, strict=True))
            eid = "/".join(str(row[k]) for k in pk_keys)
            recorded = state.pop((table, eid), ...)
            if recorded is ...:
                if table not in SEEDED_BY_MIGRATIONS:
                    problems.append(RecordProblem(table, eid, "unrecorded", f"{table} {eid} tidak pernah tercatat di "
                                                  "jejak audit: ditambahkan di luar aplikasi"))
                continue
            if recorded is None:
                problems.append(RecordProblem(table, eid, "resurrected", f"{table} {eid} menurut jejak audit sudah "
                                              "dihapus, tetapi ada lagi: dikembalikan di luar aplikasi"))
                continue
            changed = [k for k, v in recorded.items() if k in row and k not in bookkeeping and _comparable(row[k]) != v]
            if changed:
                problems.append(RecordProblem(table, eid, "changed", f"{table} {eid}: kolom {', '.join(changed)} "
                                              "berbeda dari yang terakhir dicatat jejak audit (diubah di luar aplikasi)"))
        if len(problems) >= limit:
            break
    for (table, eid), recorded in sorted(state.items()):
        if recorded is not None and len(problems) < limit:
            problems.append(RecordProblem(table, eid, "missing", f"{table} {eid} ada di jejak audit, tetapi tidak ada "
                                          "di basis data: dihapus di luar aplikasi"))
    return problems[:limit]
