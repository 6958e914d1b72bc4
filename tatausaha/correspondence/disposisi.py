"""Disposisi: the pimpinan routes a letter; every recipient may route it further (a tree).

Each hop goes from one official (the actor) to one recipient — a unit, an official or a user —
with instructions from the standard list (editable, DOMAIN.md §4.1) plus notes, a deadline and
an urgency. Each hop has its own status: belum_dibaca → dibaca → ditindaklanjuti → selesai.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.correspondence import searchhook
from tatausaha.correspondence.common import MASKED, check_derajat, masuk_visible_clause
from tatausaha.correspondence.letters import Names, _masuk_row, _open_masuk, _require_visible_masuk
from tatausaha.errors import NotFound, PermissionDenied, ValidationFailed
from tatausaha.models.account import User
from tatausaha.models.base import utcnow
from tatausaha.models.correspondence import Disposisi, InstruksiDisposisi, SuratKeluar, SuratMasuk
from tatausaha.models.office import Official, Unit
from tatausaha.services import accounts, versioning
from tatausaha.services.auth import Actor, Permission
from tatausaha.services.uow import UnitOfWork

#: The standard instruction list (DOMAIN.md §4.1: Pemda lembar disposisi + a government e-Doc app's list).
DEFAULT_INSTRUKSI: tuple[str, ...] = (
    "Untuk diketahui",
    "Untuk diselesaikan",
    "Tanggapan dan saran",
    "Proses lebih lanjut",
    "Koordinasikan/konfirmasikan",
    "Siapkan jawaban",
    "Hadiri/wakili",
    "Edarkan",
    "Teliti dan pelajari",
    "Buat laporan",
    "Agar dipantau",
    "Harap temui saya",
    "Arsipkan",
)
STATUS_ORDER = ("belum_dibaca", "dibaca", "ditindaklanjuti", "selesai")


@dataclass(frozen=True)
class Recipient:
    unit_id: int | None = None
    official_id: int | None = None
    user_id: int | None = None

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.unit_id, self.official_id, self.user_id)) != 1:
            raise ValidationFailed("Setiap penerima disposisi harus satu unit, satu pejabat, atau satu pengguna.")


@dataclass(frozen=True)
class RecipientOption:
    """One choice in the "Diteruskan kepada" list."""

    label: str
    recipient: Recipient


@dataclass(frozen=True)
class InboxItem:
    disposisi_id: int
    surat_masuk_id: int
    agenda: str
    nomor_surat: str
    pengirim: str
    perihal: str
    keamanan: str
    dari: str
    kepada: str
    instruksi: tuple[str, ...]
    catatan: str
    batas_waktu: dt.date | None
    derajat: str
    status: str
    tanggal: dt.datetime
    overdue: bool
    tindak_lanjut: str


@dataclass(frozen=True)
class Counts:
    surat_masuk_hari_ini: int
    surat_keluar_hari_ini: int
    disposisi_untuk_saya: int  # not yet done
    disposisi_belum_dibaca: int
    disposisi_terlambat_saya: int  # mine, past deadline
    disposisi_terlambat_semua: int  # all I may see (pimpinan: the whole office)
    konsep_surat_keluar: int


# --------------------------------------------------------------------------- instruction list


def ensure_default_instruksi(uow: UnitOfWork) -> int:
    have = set(uow.session.execute(select(InstruksiDisposisi.teks)).scalars())
    n = 0
    for i, teks in enumerate(DEFAULT_INSTRUKSI):
        if teks not in have:
            uow.session.add(InstruksiDisposisi(teks=teks, urutan=i * 10, active=True))
            n += 1
    uow.session.flush()
    return n


def list_instruksi(uow: UnitOfWork) -> list[str]:
    uow.require(Permission.READ)
    rows = list(uow.session.execute(
        select(InstruksiDisposisi.teks).where(InstruksiDisposisi.active.is_(True)).order_by(InstruksiDisposisi.urutan)
    ).scalars())
    return rows or list(DEFAULT_INSTRUKSI)


def save_instruksi(uow: UnitOfWork, texts: Sequence[str], *, expected: Sequence[str] | None = None) -> Changes:
    """Replace the standard list (order kept). Removed entries are deactivated, not deleted.

    ``expected``: the list the editor showed when it opened. If someone saved another list since, the
    save is refused (``EditConflict`` naming who, when and what changed), never merged."""
    uow.require(Permission.ADMIN)
    if expected is not None:
        versioning.check_list(uow.session, InstruksiDisposisi.__tablename__, "Daftar instruksi disposisi",
                              list(expected), list_instruksi(uow))
    clean: list[str] = []
    for t in texts:
        t = " ".join(t.split())
        if t and t.lower() not in {c.lower() for c in clean}:
            clean.append(t)
    if not clean:
        raise ValidationFailed("Daftar instruksi disposisi tidak boleh kosong.")
    existing = {r.teks: r for r in uow.session.execute(select(InstruksiDisposisi)).scalars()}
    for r in existing.values():
        r.active = False
    for i, t in enumerate(clean):
        row = existing.get(t)
        if row is None:
            uow.session.add(InstruksiDisposisi(teks=t, urutan=i * 10, active=True))
        else:
            row.active, row.urutan = True, i * 10
    uow.session.flush()
    return Changes.of("instruksi_disposisi")


# --------------------------------------------------------------------------- recipients


def recipient_options(uow: UnitOfWork) -> list[RecipientOption]:
    """Officials (by post) first, then units, then users without an official post."""
    uow.require(Permission.READ)
    s = uow.session
    out: list[RecipientOption] = []
    actor = uow.actor
    for o in s.execute(select(Official).where(Official.active.is_(True)).order_by(Official.id)).scalars():
        if o.id == actor.official_id:
            continue
        acting = [f"{jenis} {name}" for jenis, name in accounts.holders(s, o.id) if jenis]
        label = f"{o.jabatan} — {o.nama}" + (f" ({'; '.join(acting)})" if acting else "")
        out.append(RecipientOption(label, Recipient(official_id=o.id)))
    for unit in s.execute(select(Unit).where(Unit.active.is_(True)).order_by(Unit.kode)).scalars():
        out.append(RecipientOption(f"{unit.nama} (unit)", Recipient(unit_id=unit.id)))
    for u in s.execute(
        select(User).where(User.active.is_(True), User.official_id.is_(None), User.role != "auditor").order_by(User.full_name)
    ).scalars():
        if u.id != actor.user_id and u.role != "admin":
            out.append(RecipientOption(f"{u.full_name} (pengguna)", Recipient(user_id=u.id)))
    return out


def _mine_clause(actor: Actor) -> ColumnElement[bool]:
    conds = []
    if actor.user_id is not None:
        conds.append(Disposisi.kepada_user_id == actor.user_id)
    if actor.official_ids:  # the post and any post held as Plt./Plh.
        conds.append(Disposisi.kepada_official_id.in_(actor.official_ids))
    if actor.unit_id is not None:
        conds.append(Disposisi.kepada_unit_id == actor.unit_id)
    if not conds:
        return Disposisi.id.is_(None)
    return or_(*conds)


def is_recipient(actor: Actor, d: Disposisi) -> bool:
    return bool(
        (actor.user_id is not None and d.kepada_user_id == actor.user_id)
        or (d.kepada_official_id is not None and d.kepada_official_id in actor.official_ids)
        or (actor.unit_id is not None and d.kepada_unit_id == actor.unit_id)
    )


def _is_sender(actor: Actor, d: Disposisi) -> bool:
    return bool(
        (actor.user_id is not None and d.dari_user_id == actor.user_id)
        or (d.dari_official_id is not None and d.dari_official_id in actor.official_ids)
    )


def _row(session: Session, disposisi_id: int) -> Disposisi:
    d = session.get(Disposisi, disposisi_id)
    if d is None:
        raise NotFound(f"Disposisi #{disposisi_id} tidak ditemukan.")
    return d


# --------------------------------------------------------------------------- dispose


def dispose(
    uow: UnitOfWork,
    surat_masuk_id: int,
    recipients: Sequence[Recipient],
    *,
    instruksi: Sequence[str] = (),
    catatan: str = "",
    batas_waktu: dt.date | None = None,
    derajat: str | None = None,
    parent_id: int | None = None,
) -> list[int]:
    """Route a letter to one or more recipients. With ``parent_id`` the actor forwards a disposition they received."""
    s = uow.session
    m = _open_masuk(uow, surat_masuk_id, Permission.DISPOSE)
    if m.status == "batal":
        raise ValidationFailed(f"Surat {m.nomor_agenda}/{m.tahun} sudah dibatalkan; tidak dapat didisposisikan.")
    parent = None
    if parent_id is not None:
        parent = _row(s, parent_id)
        if parent.surat_masuk_id != m.id:
            raise ValidationFailed("Disposisi induk bukan milik surat ini.")
        if not is_recipient(uow.actor, parent) and not uow.actor.can(Permission.ADMIN):
            raise PermissionDenied("Hanya penerima disposisi yang dapat meneruskannya.")
    if not recipients:
        raise ValidationFailed("Pilih minimal satu penerima disposisi (Diteruskan kepada).")
    instruksi = [" ".join(i.split()) for i in instruksi if i.strip()]
    if not instruksi and not catatan.strip():
        raise ValidationFailed("Isi minimal satu instruksi atau catatan disposisi.")
    if batas_waktu is not None and batas_waktu < m.tanggal_terima:
        raise ValidationFailed(
            f"Batas waktu {batas_waktu:%d-%m-%Y} sebelum tanggal surat diterima ({m.tanggal_terima:%d-%m-%Y})."
        )
    # forwarding what reached a post one acts for (Plt./Plh.) is done in that post's name
    dari_official = uow.actor.official_id
    if parent is not None and parent.kepada_official_id in uow.actor.acting_official_ids:
        dari_official = parent.kepada_official_id
    seen: set[Recipient] = set()
    ids: list[int] = []
    names = Names(s)
    for r in recipients:
        if r in seen:
            continue
        seen.add(r)
        if (r.official_id is not None and r.official_id in (uow.actor.official_id, dari_official)) or (
            r.user_id is not None and r.user_id == uow.actor.user_id
        ):
            raise ValidationFailed("Disposisi tidak dapat ditujukan kepada diri sendiri.")
        if r.official_id is not None and s.get(Official, r.official_id) is None:
            raise NotFound(f"Pejabat {r.official_id} tidak ditemukan.")
        if r.unit_id is not None and s.get(Unit, r.unit_id) is None:
            raise NotFound(f"Unit {r.unit_id} tidak ditemukan.")
        if r.user_id is not None and s.get(User, r.user_id) is None:
            raise NotFound(f"Pengguna {r.user_id} tidak ditemukan.")
        d = Disposisi(
            surat_masuk_id=m.id, parent_id=parent.id if parent else None, dari_user_id=uow.actor.user_id,
            dari_official_id=dari_official, kepada_unit_id=r.unit_id, kepada_official_id=r.official_id,
            kepada_user_id=r.user_id, instruksi=list(instruksi), catatan=catatan.strip(), batas_waktu=batas_waktu,
            derajat=check_derajat(derajat or m.derajat), status="belum_dibaca", tanggal=utcnow(),
        )
        s.add(d)
        s.flush()
        ids.append(d.id)
    if parent is not None and STATUS_ORDER.index(parent.status) < STATUS_ORDER.index("ditindaklanjuti"):
        now = utcnow()
        parent.dibaca_at = parent.dibaca_at or now
        parent.status, parent.ditindaklanjuti_at = "ditindaklanjuti", now
        to = ", ".join(names.kepada(s.get(Disposisi, i)) for i in ids)  # type: ignore[arg-type]
        parent.tindak_lanjut = _append_note(parent.tindak_lanjut, f"Diteruskan kepada {to}.")
    if m.status == "terdaftar":
        m.status = "didisposisi"
    s.flush()
    # a restricted letter's ACL (its chain) just grew: every hop's entry carries it
    searchhook.index_masuk(s, m.id, with_disposisi=m.keamanan != "biasa")
    searchhook.index_disposisi(s, ids + ([parent.id] if parent is not None else []))
    return ids


def _append_note(existing: str, note: str) -> str:
    stamp = clock.now_local_naive().strftime("%d-%m-%Y %H:%M")
    line = f"[{stamp}] {note.strip()}"
    return f"{existing}\n{line}" if existing else line


def _require_recipient(uow: UnitOfWork, d: Disposisi, what: str) -> None:
    if is_recipient(uow.actor, d) or uow.actor.can(Permission.ADMIN):
        return
    raise PermissionDenied(f"Hanya penerima disposisi yang dapat {what}.")


def mark_read(uow: UnitOfWork, disposisi_id: int) -> Changes:
    """The recipient opened it. Idempotent; does nothing for other readers."""
    uow.require(Permission.READ)
    d = _row(uow.session, disposisi_id)
    if not is_recipient(uow.actor, d) or d.status != "belum_dibaca":
        return Changes()
    if not uow.write:
        raise RuntimeError("mark_read needs a writing unit of work")
    d.status, d.dibaca_at = "dibaca", utcnow()
    uow.session.flush()
    searchhook.index_disposisi(uow.session, [d.id])
    return Changes.of("disposisi", d.id)


def follow_up(uow: UnitOfWork, disposisi_id: int, note: str) -> Changes:
    """Write what was done (tindak lanjut); the hop becomes 'ditindaklanjuti'."""
    uow.require(Permission.WRITE)
    d = _row(uow.session, disposisi_id)
    _require_recipient(uow, d, "mencatat tindak lanjutnya")
    if not note.strip():
        raise ValidationFailed("Catatan tindak lanjut wajib diisi.", field="tindak_lanjut")
    if d.status == "selesai":
        raise ValidationFailed("Disposisi ini sudah selesai.")
    now = utcnow()
    d.dibaca_at = d.dibaca_at or now
    d.status, d.ditindaklanjuti_at = "ditindaklanjuti", now
    d.tindak_lanjut = _append_note(d.tindak_lanjut, note)
    uow.session.flush()
    searchhook.index_disposisi(uow.session, [d.id])
    return Changes.of("disposisi", d.id).merge(Changes.of("surat_masuk", d.surat_masuk_id))


def mark_done(uow: UnitOfWork, disposisi_id: int, note: str = "") -> Changes:
    """Close a hop (by its recipient or the one who gave it). When every hop is done, the letter is 'selesai'."""
    uow.require(Permission.WRITE)
    s = uow.session
    d = _row(s, disposisi_id)
    if not (is_recipient(uow.actor, d) or _is_sender(uow.actor, d) or uow.actor.can(Permission.ADMIN)):
        raise PermissionDenied("Hanya penerima atau pemberi disposisi yang dapat menyelesaikannya.")
    if d.status == "selesai":
        return Changes()
    now = utcnow()
    d.dibaca_at = d.dibaca_at or now
    d.status, d.selesai_at = "selesai", now
    if note.strip():
        d.tindak_lanjut = _append_note(d.tindak_lanjut, note)
    s.flush()
    open_left = s.execute(
        select(func.count(Disposisi.id)).where(Disposisi.surat_masuk_id == d.surat_masuk_id, Disposisi.status != "selesai")
    ).scalar_one()
    m = s.get(SuratMasuk, d.surat_masuk_id)
    if open_left == 0 and m is not None and m.status == "didisposisi":
        m.status = "selesai"
        s.flush()
        searchhook.index_masuk(s, d.surat_masuk_id)
    searchhook.index_disposisi(s, [d.id])
    return Changes.of("disposisi", d.id).merge(Changes.of("surat_masuk", d.surat_masuk_id))


# --------------------------------------------------------------------------- inbox, counts


def _items(uow: UnitOfWork, q) -> list[InboxItem]:  # type: ignore[no-untyped-def]
    s = uow.session
    names = Names(s)
    today = clock.today()
    out = []
    visible_expr = masuk_visible_clause(uow.actor)
    for d, m, visible in s.execute(q.add_columns(visible_expr)).all():
        hidden = not visible
        out.append(InboxItem(
            d.id, m.id, f"{m.nomor_agenda}/{m.tahun}", "" if hidden else m.nomor_surat,
            MASKED if hidden else m.pengirim, MASKED if hidden else m.perihal, m.keamanan, names.dari(d),
            names.kepada(d), tuple(d.instruksi or ()), d.catatan, d.batas_waktu, d.derajat, d.status, d.tanggal,
            d.batas_waktu is not None and d.status != "selesai" and d.batas_waktu < today, d.tindak_lanjut,
        ))
    return out


def inbox(uow: UnitOfWork, *, include_done: bool = False, only_overdue: bool = False, limit: int = 500) -> list[InboxItem]:
    """"Disposisi untuk saya": overdue first, then by deadline, then newest."""
    uow.require(Permission.READ)
    q = select(Disposisi, SuratMasuk).join(SuratMasuk, SuratMasuk.id == Disposisi.surat_masuk_id)
    q = q.where(_mine_clause(uow.actor))
    if not include_done:
        q = q.where(Disposisi.status != "selesai")
    if only_overdue:
        q = q.where(Disposisi.batas_waktu < clock.today(), Disposisi.status != "selesai")
    q = q.order_by(Disposisi.tanggal.desc(), Disposisi.id.desc()).limit(limit)
    items = _items(uow, q)
    far = dt.date.max
    items.sort(key=lambda i: (not i.overdue, i.status == "selesai", i.batas_waktu or far))
    return items


def sent(uow: UnitOfWork, *, include_done: bool = False, limit: int = 500) -> list[InboxItem]:
    """Dispositions the actor gave (to follow them up)."""
    uow.require(Permission.READ)
    a = uow.actor
    conds = []
    if a.user_id is not None:
        conds.append(Disposisi.dari_user_id == a.user_id)
    if a.official_ids:
        conds.append(Disposisi.dari_official_id.in_(a.official_ids))
    if not conds:
        return []
    q = select(Disposisi, SuratMasuk).join(SuratMasuk, SuratMasuk.id == Disposisi.surat_masuk_id).where(or_(*conds))
    if not include_done:
        q = q.where(Disposisi.status != "selesai")
    return _items(uow, q.order_by(Disposisi.tanggal.desc()).limit(limit))


def overdue(uow: UnitOfWork, *, limit: int = 500) -> list[InboxItem]:
    """All late dispositions the actor may see (pimpinan: the whole office)."""
    uow.require(Permission.READ)
    q = (
        select(Disposisi, SuratMasuk).join(SuratMasuk, SuratMasuk.id == Disposisi.surat_masuk_id)
        .where(Disposisi.batas_waktu < clock.today(), Disposisi.status != "selesai")
    )
    if not uow.actor.can(Permission.DISPOSE):
        q = q.where(_mine_clause(uow.actor))
    return _items(uow, q.order_by(Disposisi.batas_waktu).limit(limit))


def counts(uow: UnitOfWork, today: dt.date | None = None) -> Counts:
    """The Beranda figures."""
    uow.require(Permission.READ)
    s = uow.session
    today = today or clock.today()
    one = func.count(Disposisi.id)
    mine = _mine_clause(uow.actor)
    open_mine = s.execute(select(one).where(mine, Disposisi.status != "selesai")).scalar_one()
    unread = s.execute(select(one).where(mine, Disposisi.status == "belum_dibaca")).scalar_one()
    late = (Disposisi.batas_waktu < today, Disposisi.status != "selesai")
    late_mine = s.execute(select(one).where(mine, *late)).scalar_one()
    late_q = select(one).where(*late)
    if not uow.actor.can(Permission.DISPOSE):
        late_q = late_q.where(mine)
    late_all = s.execute(late_q).scalar_one()
    masuk_today = s.execute(select(func.count(SuratMasuk.id)).where(SuratMasuk.tanggal_terima == today)).scalar_one()
    keluar_today = s.execute(select(func.count(SuratKeluar.id)).where(SuratKeluar.tanggal_surat == today,
                                                                      SuratKeluar.status != "draft")).scalar_one()
    drafts = s.execute(select(func.count(SuratKeluar.id)).where(SuratKeluar.status == "draft")).scalar_one()
    return Counts(masuk_today, keluar_today, open_mine, unread, late_mine, late_all, drafts)


def get(uow: UnitOfWork, disposisi_id: int) -> InboxItem:
    uow.require(Permission.READ)
    d = _row(uow.session, disposisi_id)
    _require_visible_masuk(uow, _masuk_row(uow.session, d.surat_masuk_id))
    q = select(Disposisi, SuratMasuk).join(SuratMasuk, SuratMasuk.id == Disposisi.surat_masuk_id).where(Disposisi.id == d.id)
    return _items(uow, q)[0]
