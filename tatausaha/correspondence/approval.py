"""Approval of outgoing letters: konsep → paraf (one or more reviewers, in order) → tanda tangan → nomor.

The SRIKANDI chain (konsep → verifikasi → tanda tangan → nomor, DOMAIN.md §1.3 and §3.2) for the
letters this office numbers itself:

* the drafter **submits** a draft (``ajukan``) with its reviewers in order; the signer is the
  letter's ``penandatangan``. Each submission is a new round (``ParafSurat.putaran``), so earlier
  rounds — who initialled, who sent it back and why — stay in the history;
* each reviewer in turn gives the **paraf**; then the signer **signs** (``tanda tangan``);
* any reviewer whose turn it is, or the signer, may **send it back for revision** with a note
  (``kembalikan``): the draft is editable again and must be submitted anew;
* only a signed draft gets a number (``letters.give_number`` asks ``require_ready_for_number``).

Who may act is decided here, not in the window: the account must hold the post of the step (its own
post, or a post it holds as Plt./Plh. today); the signature needs the SIGN permission too. A wrong
person is refused with an Indonesian sentence and nothing is written. An office that does not use
approval switches it off (``set_enabled``); then a draft is numbered directly (the window asks to
confirm). Numbers recorded from SRIKANDI are not held back: SRIKANDI ran its own chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tatausaha.changes import Changes
from tatausaha.correspondence import searchhook
from tatausaha.correspondence.approval_rules import (  # the guards letters runs, below letters
    SETTING_KEY,
    TAHAP_LABELS,
    _letter_name,
    _post_name,
    is_enabled,
    require_editable,
    require_ready_for_number,
    reset_after_edit,
)
from tatausaha.correspondence.common import keluar_visible_clause
from tatausaha.correspondence.letters import (
    LetterFilter,
    LetterRow,
    Names,
    _keluar_query,
    _open_keluar,
    _row_keluar,
)
from tatausaha.errors import PermissionDenied, ValidationFailed
from tatausaha.models.base import utcnow
from tatausaha.models.correspondence import CorrespondenceSetting, ParafSurat, SuratKeluar, SuratMasuk
from tatausaha.models.office import Official
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork

STATUS_LABELS = {"menunggu": "menunggu", "selesai": "selesai", "dikembalikan": "dikembalikan", "dibatalkan": "dibatalkan"}


@dataclass(frozen=True)
class Step:
    id: int
    putaran: int
    urutan: int
    peran: str  # paraf | ttd
    official_id: int | None
    pejabat: str  # "Jabatan (Nama)"
    status: str
    catatan: str
    oleh: str  # who acted (the account's name)
    diajukan_at: dt.datetime
    selesai_at: dt.datetime | None


@dataclass(frozen=True)
class ApprovalState:
    enabled: bool
    tahap: str
    menunggu: str  # "Jabatan (Nama)" of the post whose turn it is
    steps: tuple[Step, ...]  # every round, oldest first
    can_submit: bool
    can_paraf: bool
    can_sign: bool
    can_return: bool
    can_number: bool

    @property
    def label(self) -> str:
        return TAHAP_LABELS.get(self.tahap, self.tahap)

    @property
    def current_round(self) -> tuple[Step, ...]:
        last = max((s.putaran for s in self.steps), default=0)
        return tuple(s for s in self.steps if s.putaran == last)


@dataclass(frozen=True)
class QueueCounts:
    menunggu_paraf: int  # drafts waiting for my paraf
    menunggu_ttd: int  # drafts waiting for my signature
    belum_didisposisi: int  # surat masuk registered, not yet disposed (not cancelled)


# --------------------------------------------------------------------------- the office setting


def set_enabled(uow: UnitOfWork, enabled: bool) -> Changes:
    """Pengaturan: does this office use paraf → tanda tangan before numbering?"""
    uow.require(Permission.ADMIN)
    row = uow.session.get(CorrespondenceSetting, SETTING_KEY)
    if row is None:
        uow.session.add(CorrespondenceSetting(key=SETTING_KEY, value=bool(enabled)))
    else:
        row.value = bool(enabled)
    uow.session.flush()
    return Changes.of("surat_keluar")


# --------------------------------------------------------------------------- helpers


def _current_steps(session: Session, k: SuratKeluar) -> list[ParafSurat]:
    last = session.execute(select(func.max(ParafSurat.putaran)).where(ParafSurat.surat_keluar_id == k.id)).scalar()
    if last is None:
        return []
    return list(session.execute(
        select(ParafSurat).where(ParafSurat.surat_keluar_id == k.id, ParafSurat.putaran == last)
        .order_by(ParafSurat.urutan, ParafSurat.id)
    ).scalars())


def _pending(session: Session, k: SuratKeluar) -> ParafSurat | None:
    return next((p for p in _current_steps(session, k) if p.status == "menunggu"), None)


def _holds(uow: UnitOfWork, official_id: int | None) -> bool:
    return official_id is not None and official_id in uow.actor.official_ids


def _open_draft(uow: UnitOfWork, keluar_id: int, need: Permission) -> SuratKeluar:
    k = _open_keluar(uow, keluar_id, need)
    if k.status == "batal":
        raise ValidationFailed(f"{_letter_name(k)} sudah dibatalkan.")
    if k.status != "draft":
        raise ValidationFailed(f"Surat {k.nomor} sudah bernomor; paraf dan tanda tangan hanya untuk konsep.")
    return k


def _require_turn(uow: UnitOfWork, k: SuratKeluar, peran: str, what: str) -> ParafSurat:
    s = uow.session
    if k.tahap == "dikembalikan":
        raise ValidationFailed(
            f"{_letter_name(k)} dikembalikan untuk perbaikan; tidak dapat {what} sebelum diperbaiki dan diajukan lagi."
        )
    if k.tahap in ("konsep",):
        raise ValidationFailed(f"{_letter_name(k)} belum diajukan untuk paraf dan tanda tangan.")
    if k.tahap == "ditandatangani":
        raise ValidationFailed(f"{_letter_name(k)} sudah ditandatangani.")
    step = _pending(s, k)
    if step is None:
        raise ValidationFailed(f"{_letter_name(k)} tidak sedang menunggu {what}.")
    if step.peran != peran:
        waiting = "paraf" if step.peran == "paraf" else "tanda tangan"
        raise ValidationFailed(
            f"{_letter_name(k)} masih menunggu {waiting} {_post_name(s, step.official_id)}; belum dapat {what}."
        )
    if not _holds(uow, step.official_id):
        raise PermissionDenied(
            f"Yang dapat {what} sekarang hanya {_post_name(s, step.official_id)} (atau Plt./Plh.-nya); "
            f"{uow.actor.full_name} tidak memegang jabatan itu."
        )
    return step


def _advance(s: Session, k: SuratKeluar) -> None:
    nxt = _pending(s, k)
    if nxt is None:
        k.tahap, k.menunggu_official_id = "ditandatangani", None
    else:
        k.tahap, k.menunggu_official_id = ("paraf" if nxt.peran == "paraf" else "ttd"), nxt.official_id


def _done(uow: UnitOfWork, k: SuratKeluar) -> Changes:
    uow.session.flush()
    searchhook.index_keluar(uow.session, k.id)
    return Changes.of("surat_keluar", k.id)


# --------------------------------------------------------------------------- the steps


def submit(uow: UnitOfWork, keluar_id: int, reviewers: Sequence[int] = ()) -> Changes:
    """Ajukan: send a draft to its reviewers (in order) and then its signer (the letter's penandatangan)."""
    s = uow.session
    k = _open_draft(uow, keluar_id, Permission.WRITE)
    if not is_enabled(s):
        raise ValidationFailed("Persetujuan (paraf dan tanda tangan) tidak dipakai kantor ini; surat langsung diberi nomor.")
    if k.tahap not in ("konsep", "dikembalikan"):
        raise ValidationFailed(f"{_letter_name(k)} sudah diajukan ({TAHAP_LABELS[k.tahap].lower()}).")
    problems = []
    signer = s.get(Official, k.penandatangan_id) if k.penandatangan_id else None
    if signer is None:
        problems.append("penandatangan belum ditentukan")
    elif not signer.can_sign or not signer.active:
        problems.append(f"{signer.nama} ({signer.jabatan}) tidak terdaftar sebagai penandatangan")
    chain: list[int] = []
    for oid in reviewers:
        o = s.get(Official, oid)
        if o is None or not o.active:
            problems.append(f"pemaraf {oid} tidak ditemukan")
        elif signer is not None and oid == signer.id:
            problems.append(f"{o.jabatan} sudah menandatangani; tidak perlu memaraf juga")
        elif oid in chain:
            problems.append(f"{o.jabatan} disebut dua kali sebagai pemaraf")
        else:
            chain.append(oid)
    if problems:
        raise ValidationFailed("Konsep belum dapat diajukan: " + "; ".join(problems) + ".")
    putaran = (s.execute(select(func.max(ParafSurat.putaran)).where(ParafSurat.surat_keluar_id == k.id)).scalar() or 0) + 1
    now = utcnow()
    steps: list[int | None] = [*chain, k.penandatangan_id]
    for i, step_official in enumerate(steps):
        s.add(ParafSurat(
            surat_keluar_id=k.id, putaran=putaran, urutan=i, official_id=step_official, peran="paraf" if i < len(chain) else "ttd",
            status="menunggu", catatan="", diajukan_oleh=uow.actor.user_id, diajukan_at=now,
        ))
    s.flush()
    _advance(s, k)
    return _done(uow, k)


def paraf(uow: UnitOfWork, keluar_id: int, catatan: str = "") -> Changes:
    """The reviewer whose turn it is initials the draft; it moves on to the next reviewer or the signer."""
    uow.require(Permission.READ)
    s = uow.session
    k = _open_draft(uow, keluar_id, Permission.READ)
    step = _require_turn(uow, k, "paraf", "memaraf")
    step.status, step.catatan = "selesai", catatan.strip()
    step.oleh_user_id, step.selesai_at = uow.actor.user_id, utcnow()
    s.flush()
    _advance(s, k)
    return _done(uow, k)


def sign(uow: UnitOfWork, keluar_id: int) -> Changes:
    """The signer signs; the draft is ready for its number."""
    s = uow.session
    k = _open_draft(uow, keluar_id, Permission.READ)
    step = _require_turn(uow, k, "ttd", "menandatangani")
    uow.require(Permission.SIGN)
    now = utcnow()
    step.status, step.oleh_user_id, step.selesai_at = "selesai", uow.actor.user_id, now
    k.ditandatangani_at, k.ditandatangani_oleh = now, uow.actor.user_id
    s.flush()
    _advance(s, k)
    return _done(uow, k)


def return_for_revision(uow: UnitOfWork, keluar_id: int, catatan: str) -> Changes:
    """Kembalikan untuk perbaikan: the reviewer or signer whose turn it is sends the draft back with a note."""
    s = uow.session
    k = _open_draft(uow, keluar_id, Permission.READ)
    if not catatan.strip():
        raise ValidationFailed("Tulis catatan perbaikan: apa yang harus diperbaiki pada konsep ini.", field="catatan")
    pending = _pending(s, k)
    peran = pending.peran if pending is not None else "paraf"
    step = _require_turn(uow, k, peran, "mengembalikan konsep ini")
    now = utcnow()
    step.status, step.catatan, step.oleh_user_id, step.selesai_at = "dikembalikan", catatan.strip(), uow.actor.user_id, now
    for other in _current_steps(s, k):
        if other.status == "menunggu":
            other.status = "dibatalkan"
    k.tahap, k.menunggu_official_id = "dikembalikan", None
    return _done(uow, k)


# --------------------------------------------------------------------------- reading


def state(uow: UnitOfWork, keluar_id: int) -> ApprovalState:
    s = uow.session
    k = _open_keluar(uow, keluar_id, Permission.READ)
    names = Names(s)
    rows = list(s.execute(
        select(ParafSurat).where(ParafSurat.surat_keluar_id == k.id).order_by(ParafSurat.putaran, ParafSurat.urutan)
    ).scalars())
    steps = tuple(Step(
        p.id, p.putaran, p.urutan, p.peran, p.official_id, names.official(p.official_id) or "—", p.status, p.catatan,
        names.user(p.oleh_user_id), p.diajukan_at, p.selesai_at) for p in rows)
    enabled = is_enabled(s)
    draft = k.status == "draft"
    pending = _pending(s, k) if draft and k.tahap in ("paraf", "ttd") else None
    mine = pending is not None and _holds(uow, pending.official_id)
    return ApprovalState(
        enabled=enabled, tahap=k.tahap, menunggu=_post_name(s, k.menunggu_official_id) if k.menunggu_official_id else "",
        steps=steps,
        can_submit=enabled and draft and k.tahap in ("konsep", "dikembalikan") and uow.actor.can(Permission.WRITE),
        can_paraf=mine and pending is not None and pending.peran == "paraf",
        can_sign=mine and pending is not None and pending.peran == "ttd" and uow.actor.can(Permission.SIGN),
        can_return=mine,
        can_number=draft and uow.actor.can(Permission.WRITE) and (not enabled or k.tahap == "ditandatangani"),
    )


def waiting_for_me(uow: UnitOfWork, peran: str, *, limit: int = 200) -> list[LetterRow]:
    """"Menunggu paraf" / "Menunggu tanda tangan" of the actor (own post and posts held as Plt./Plh.)."""
    uow.require(Permission.READ)
    ids = uow.actor.official_ids
    if not ids:
        return []
    q = _keluar_query(uow, LetterFilter()).where(
        SuratKeluar.status == "draft", SuratKeluar.tahap == peran, SuratKeluar.menunggu_official_id.in_(ids),
        keluar_visible_clause(uow.actor),
    ).order_by(SuratKeluar.updated_at, SuratKeluar.id).limit(limit)
    return [_row_keluar(r) for r in uow.session.execute(q)]


def counts(uow: UnitOfWork) -> QueueCounts:
    uow.require(Permission.READ)
    s = uow.session
    ids = uow.actor.official_ids
    def waiting(peran: str) -> int:
        if not ids:
            return 0
        return s.execute(select(func.count(SuratKeluar.id)).where(
            SuratKeluar.status == "draft", SuratKeluar.tahap == peran, SuratKeluar.menunggu_official_id.in_(ids))
        ).scalar_one()
    belum = s.execute(select(func.count(SuratMasuk.id)).where(SuratMasuk.status == "terdaftar")).scalar_one()
    return QueueCounts(waiting("paraf"), waiting("ttd"), belum)


__all__ = [
    "SETTING_KEY", "TAHAP_LABELS", "ApprovalState", "QueueCounts", "Step", "counts", "is_enabled",
    "paraf", "require_editable", "require_ready_for_number", "reset_after_edit", "return_for_revision", "set_enabled",
    "sign", "state", "submit", "waiting_for_me",
]
