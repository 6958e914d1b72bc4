"""Reading the audit trail: filtered, paged, labelled in Indonesian, exported like a register.

For the auditor and the admin only (``Permission.AUDIT``). The trail itself is written by
``tatausaha.services.audit``; this module never changes it. Lists are read a page at a time in
the order of the chain (newest first), so a trail of millions of rows opens as fast as a short one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from tatausaha import clock, registry, visibility
from tatausaha.errors import StorageError, ValidationFailed
from tatausaha.models.audit import AuditLog
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork

#: The generic rooms' tables; each area names its own in ``Area.audit_labels`` (the registry).
ENTITY_LABELS: dict[str, str] = {
    "user_account": "Akun pengguna",
    "document": "Dokumen",
    "document_link": "Lampiran dokumen",
    "ingest_folder": "Folder pindai",
    "ingest_setting": "Pengaturan pindai",
    "ingest_watch": "Pengawasan folder pindai",
    "office_profile": "Profil kantor",
    "unit": "Unit kerja",
    "official": "Pejabat",
    "saved_search": "Pencarian tersimpan",
    "scan_item": "Pindaian",
    "audit_trail": "Jejak audit",
}
ACTION_LABELS: dict[str, str] = {
    "create": "Dibuat",
    "update": "Diubah",
    "delete": "Dihapus",
    "login": "Masuk",
    "login_failed": "Gagal masuk",
    "password_changed": "Kata sandi diubah",
    "export": "Diekspor",
    "print": "Dicetak",
    "import": "Diimpor",
    "watch_started": "Pengawasan dimulai",
    "watch_stopped": "Pengawasan dihentikan",
    "ingest_attach": "Pindaian dilampirkan",
    "ingest_discard": "Pindaian dibuang",
    "ingest_rotate": "Halaman diputar",
    "ingest_merge": "Pindaian digabung",
    "ingest_split": "Pindaian dipecah",
}


FIELD_LABELS: dict[str, str] = {
    "nomor": "Nomor", "nomor_surat": "Nomor surat", "nomor_agenda": "Nomor agenda", "perihal": "Perihal",
    "hal": "Hal", "pengirim": "Pengirim", "tujuan": "Tujuan", "tanggal_surat": "Tanggal surat",
    "tanggal_terima": "Tanggal terima", "tanggal_kirim": "Tanggal kirim", "status": "Status", "keamanan": "Keamanan",
    "derajat": "Derajat", "kode_klasifikasi": "Kode klasifikasi", "keterangan": "Keterangan", "lampiran": "Lampiran",
    "batal_alasan": "Alasan batal", "batal_at": "Waktu batal", "batal_by": "Dibatalkan oleh", "created_at": "Dibuat",
    "created_by": "Dibuat oleh", "updated_at": "Diubah", "username": "Nama pengguna", "full_name": "Nama lengkap",
    "role": "Peran", "active": "Aktif", "nama": "Nama", "kode": "Kode", "jabatan": "Jabatan", "nip": "NIP",
    "pangkat": "Pangkat", "unit_id": "Unit", "official_id": "Pejabat", "original_name": "Nama berkas",
    "mime": "Jenis berkas", "size": "Ukuran", "sha256": "Sidik SHA-256", "page_count": "Jumlah halaman",
    "text_source": "Sumber teks", "catatan": "Catatan", "instruksi": "Instruksi", "batas_waktu": "Batas waktu",
    "kepada_official_id": "Kepada (pejabat)", "kepada_user_id": "Kepada (pengguna)", "kepada_unit_id": "Kepada (unit)",
    "dari_official_id": "Dari (pejabat)", "dari_user_id": "Dari (pengguna)", "tindak_lanjut": "Tindak lanjut",
    "penandatangan_id": "Penanda tangan", "ttd_prefix": "Awalan tanda tangan", "atas_nama_jabatan": "Atas nama jabatan",
    "cara_kirim": "Cara kirim", "penerima_nama": "Nama penerima", "diterima_at": "Diterima", "kanal": "Kanal",
    "jenis_id": "Jenis naskah", "tahun": "Tahun", "path": "Folder", "enabled": "Aktif", "locked": "Terkunci",
    "rows": "Baris", "file": "Berkas", "period": "Periode", "folders": "Folder", "by": "Oleh",
}


def field_label(key: str) -> str:
    """A field of a record as a person reads it (the column name stays in the tooltip and the export)."""
    return FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


def entity_label(entity: str) -> str:
    if entity in ENTITY_LABELS:
        return ENTITY_LABELS[entity]
    for area in registry.areas():
        if entity in area.audit_labels:
            return area.audit_labels[entity]
    return registry.label(entity)  # a record kind's label, else the table name made readable


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


@dataclass(frozen=True)
class AuditFilter:
    actor_name: str | None = None  # exact user name ("sistem" for the system's own acts)
    date_from: dt.date | None = None  # inclusive, a date in office time
    date_to: dt.date | None = None  # inclusive, a date in office time
    entity: str | None = None  # record kind (table name)
    entity_id: str | None = None  # the record's id
    action: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: dt.datetime  # UTC, as stored (shown through ``local``)
    actor_name: str
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def local(self) -> dt.datetime:
        """When it happened, in office time."""
        return clock.to_office(self.ts)

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    def changed_fields(self) -> list[str]:
        """Every field named in before or after, in a stable order."""
        keys = list((self.before or {}).keys())
        keys += [k for k in (self.after or {}) if k not in keys]
        return keys

    def summary(self) -> str:
        """One line: the changed fields of an update, the named details of an event."""
        if self.action == "update":
            return ", ".join(field_label(f) for f in self.changed_fields())
        data = self.after if self.after is not None else self.before
        if not data:
            return ""
        if self.action in ("create", "delete"):
            for key in ("nomor", "nomor_surat", "perihal", "username", "nama", "kode", "original_name"):
                if data.get(key):
                    return f"{field_label(key)}: {data[key]}"
            return ""
        return ", ".join(f"{field_label(k)}: {v}" for k, v in data.items() if not isinstance(v, (list, dict)))[:200]


@dataclass(frozen=True)
class AuditChoices:
    actors: list[str]
    entities: list[str]
    actions: list[str]
    first: dt.date | None
    last: dt.date | None


def _where(q: Any, flt: AuditFilter) -> Any:
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise ValidationFailed("Tanggal awal periode tidak boleh sesudah tanggal akhirnya.", field="date_from")
    if flt.actor_name:
        q = q.where(AuditLog.actor_name == flt.actor_name)
    if flt.date_from:  # office-time days, compared with the stored UTC instants
        q = q.where(AuditLog.ts >= clock.office_to_utc(dt.datetime.combine(flt.date_from, dt.time())))
    if flt.date_to:
        q = q.where(AuditLog.ts < clock.office_to_utc(dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time())))
    if flt.entity:
        q = q.where(AuditLog.entity == flt.entity)
    if flt.entity_id:
        q = q.where(AuditLog.entity_id == flt.entity_id.strip())
    if flt.action:
        q = q.where(AuditLog.action == flt.action)
    return q


def _loads(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"(isi)": text}
    return value if isinstance(value, dict) else {"(isi)": value}


def count(uow: UnitOfWork, flt: AuditFilter) -> int:
    uow.require(Permission.AUDIT)
    return int(uow.session.execute(_where(select(func.count(AuditLog.id)), flt)).scalar_one())


def list_entries(uow: UnitOfWork, flt: AuditFilter, *, offset: int = 0, limit: int = 200,
                 newest_first: bool = True) -> list[AuditEntry]:
    """One page of the trail (``limit`` rows from ``offset``), newest first by default."""
    uow.require(Permission.AUDIT)
    cols = (AuditLog.id, AuditLog.ts, AuditLog.actor_name, AuditLog.action, AuditLog.entity, AuditLog.entity_id,
            AuditLog.before, AuditLog.after)
    order = AuditLog.id.desc() if newest_first else AuditLog.id.asc()
    q = _where(select(*cols), flt).order_by(order).offset(max(0, offset)).limit(max(1, min(limit, 5000)))
    try:
        rows = [AuditEntry(r.id, r.ts, r.actor_name, r.action, r.entity, r.entity_id, _loads(r.before),
                           _loads(r.after)) for r in uow.session.execute(q)]
    except (TypeError, ValueError, UnicodeDecodeError, OperationalError) as exc:
        raise damaged_trail() from exc
    return _shown(uow, rows)


def damaged_trail() -> StorageError:
    """A row with garbage bytes (written outside the app) is named by the verifier, never a crash here."""
    return StorageError("Jejak audit berisi baris yang rusak (diubah di luar aplikasi), sehingga halaman ini tidak "
                        "dapat ditampilkan. Jalankan 'tatausaha audit verify' untuk nomor barisnya.")


def get_entry(uow: UnitOfWork, entry_id: int) -> AuditEntry | None:
    uow.require(Permission.AUDIT)
    try:
        r = uow.session.get(AuditLog, entry_id)
    except (TypeError, ValueError, UnicodeDecodeError, OperationalError) as exc:
        raise damaged_trail() from exc
    if r is None:
        return None
    return _shown(uow, [AuditEntry(r.id, r.ts, r.actor_name, r.action, r.entity, r.entity_id, _loads(r.before),
                                   _loads(r.after))])[0]


def _masked(data: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if data is None else {k: visibility.MASKED for k in data}


def _shown(uow: UnitOfWork, entries: list[AuditEntry]) -> list[AuditEntry]:
    """History follows the one visibility rule: the values of an entry about a secret record are masked
    for anyone outside its chain (who did what, when, to which kind and id stays readable)."""
    viewer = visibility.Viewer.of(uow.actor)
    if viewer.see_all or not entries:
        return entries
    keys = {e.id: visibility.history_keys(e.entity, e.entity_id, e.before, e.after) for e in entries}
    labels = visibility.labels(uow.session, {k for ks in keys.values() for k in ks})
    out = []
    for e in entries:
        lab = visibility.PUBLIC
        for k in keys[e.id]:
            lab = lab.join(labels.get(k, visibility.PUBLIC))
        out.append(e if lab.visible_to(viewer) else replace(e, before=_masked(e.before), after=_masked(e.after)))
    return out


def choices(uow: UnitOfWork) -> AuditChoices:
    """What the filter lists offer: the people, record kinds and actions that occur in the trail."""
    uow.require(Permission.AUDIT)
    s = uow.session

    def values(col: Any) -> list[str]:
        return sorted(v for (v,) in s.execute(select(col).distinct()) if v)

    first, last = s.execute(select(func.min(AuditLog.ts), func.max(AuditLog.ts))).one()
    return AuditChoices(values(AuditLog.actor_name), values(AuditLog.entity), values(AuditLog.action),
                        clock.office_date(first), clock.office_date(last))


def _value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


@dataclass(frozen=True)
class AuditTable:
    """The filtered trail as a table, one row per changed field (before and after side by side).

    Shaped like a register (``columns`` as ``(key, title, relative width, align)``), so the UI hands
    it to the registers' XLSX/CSV export, which checks the export right and puts the export on record.
    """

    kind: str
    title: str
    period: str
    columns: tuple[tuple[str, str, float, str], ...]
    rows: tuple[tuple[str, ...], ...]
    ids: tuple[int, ...]
    cells: tuple[tuple[Any, ...], ...] = ()  # the same rows with real values (entry number, office time) for XLSX


TABLE_COLUMNS: tuple[tuple[str, str, float, str], ...] = (
    ("id", "No.", 0.6, "CENTER"),
    ("ts", "Waktu", 1.2, "CENTER"),
    ("user", "Pengguna", 0.9, "LEFT"),
    ("action", "Tindakan", 1.0, "LEFT"),
    ("entity", "Jenis Data", 1.1, "LEFT"),
    ("entity_id", "ID Data", 0.6, "CENTER"),
    ("field", "Isian", 1.0, "LEFT"),
    ("before", "Sebelum", 2.0, "LEFT"),
    ("after", "Sesudah", 2.0, "LEFT"),
)


def table(uow: UnitOfWork, flt: AuditFilter, *, batch: int = 2000) -> AuditTable:
    """Every entry the filter selects, oldest first, read in pages of ``batch``."""
    uow.require(Permission.AUDIT)
    rows: list[tuple[str, ...]] = []
    cells: list[tuple[Any, ...]] = []
    ids: list[int] = []
    offset = 0
    while True:
        page = list_entries(uow, flt, offset=offset, limit=batch, newest_first=False)
        for e in page:
            head = (str(e.id), f"{e.local:%d-%m-%Y %H:%M:%S} {clock.office_zone().abbr}", e.actor_name, e.action_label, e.entity_label,
                    e.entity_id or "")
            typed = (e.id, e.local.replace(tzinfo=None), *head[2:])
            for f in e.changed_fields() or [""]:
                tail = (f, _value((e.before or {}).get(f)) if f else "", _value((e.after or {}).get(f)) if f else "")
                rows.append((*head, *tail))
                cells.append((*typed, *tail))
                ids.append(e.id)
        if len(page) < batch:
            break
        offset += batch
    return AuditTable("audit_trail", "JEJAK AUDIT", describe(flt), TABLE_COLUMNS, tuple(rows), tuple(ids), tuple(cells))


def describe(flt: AuditFilter) -> str:
    """The filter in words (the period line of an export)."""
    parts = []
    if flt.date_from or flt.date_to:
        parts.append(f"{flt.date_from or '…'} s.d. {flt.date_to or '…'}")
    for label, value in (("pengguna", flt.actor_name), ("jenis", flt.entity and entity_label(flt.entity)),
                         ("id", flt.entity_id), ("tindakan", flt.action and action_label(flt.action))):
        if value:
            parts.append(f"{label}: {value}")
    return "; ".join(parts) or "Seluruh jejak"
