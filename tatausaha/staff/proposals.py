"""What a scanned SK proposes (a new golongan and its TMT, a KGB, a contract extension) — applied to
the employee only when a user confirms it.

:func:`read_sk` reads an SK's text (PDF text or OCR): the kind (KP, KGB, contract), the golongan it
raises to, the TMT ("terhitung mulai tanggal …", "TMT …"), the masa kerja golongan and the new
gaji pokok. :func:`propose` stores that as an ``usulan_sk`` row; :func:`apply` turns it into the
riwayat row (with the SK scan) and moves the employee's current values; :func:`reject` closes it
with a reason. Nothing about the employee changes before ``apply``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from tatausaha import clock, idparse
from tatausaha.changes import Changes
from tatausaha.errors import Conflict, NotFound, ValidationFailed
from tatausaha.models.staff import Golongan, Pegawai, UsulanSk
from tatausaha.services import versioning
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import service
from tatausaha.staff.kinds import PEGAWAI

_GOL_RE = re.compile(r"\b(IV|III|II|I)\s*/\s*([a-eA-E])\b")
_MONTHS = "|".join(sorted(idparse.BULAN_ALIASES, key=len, reverse=True))
_DATE = rf"(\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_TMT_RE = re.compile(rf"(?:terhitung\s+mulai\s+tanggal|mulai\s+tanggal|\bTMT\b)\s*:?\s*{_DATE}", re.IGNORECASE)
_MKG_RE = re.compile(r"masa\s+kerja(?:\s+golongan)?\s*:?\s*(\d{1,2})\s*tahun\s*(\d{1,2})\s*bulan", re.IGNORECASE)
_GAJI_RE = re.compile(r"gaji\s+pokok\s+(?:baru|menjadi)?\s*:?\s*(Rp\.?\s*[\d.]+(?:,\d{2})?)", re.IGNORECASE)


@dataclass(frozen=True)
class SkReading:
    jenis: str | None  # pangkat | kgb | kontrak | None (nothing recognisable)
    golongan: str | None
    tmt: dt.date | None
    mk_tahun: int | None
    mk_bulan: int | None
    gaji_baru: int | None


def _date(text: str) -> dt.date | None:
    try:
        return idparse.parse_tanggal(text)
    except ValueError:
        return None


def read_sk(text: str, golongan_urutan: dict[str, int], current: str | None) -> SkReading:
    """Read an SK's text. The golongan proposed is the highest one named that is above ``current``."""
    lowered = text.lower()
    jenis: str | None = None
    if "gaji berkala" in lowered or "kenaikan gaji" in lowered:
        jenis = "kgb"
    elif "kenaikan pangkat" in lowered or "pangkat" in lowered and "golongan" in lowered:
        jenis = "pangkat"
    elif "perpanjangan" in lowered and "perjanjian kerja" in lowered:
        jenis = "kontrak"
    named = [f"{m.group(1)}/{m.group(2).lower()}" for m in _GOL_RE.finditer(text)]
    floor = golongan_urutan.get(current or "", 0)
    above = [g for g in named if golongan_urutan.get(g, 0) > floor]
    golongan = max(above, key=lambda g: golongan_urutan[g]) if above else None
    if jenis == "kgb":
        golongan = current if current in named or not named else named[-1]
    m = _TMT_RE.search(text)
    tmt = _date(m.group(1)) if m else None
    mk = _MKG_RE.findall(text)
    mk_tahun, mk_bulan = (int(mk[-1][0]), int(mk[-1][1])) if mk else (None, None)
    g = _GAJI_RE.findall(text)
    gaji = None
    if g:
        try:
            gaji = int(idparse.parse_rupiah(g[-1]))
        except ValueError:
            gaji = None
    if jenis == "pangkat" and golongan is None:
        jenis = None  # a pangkat SK that raises nothing we know: nothing to propose
    return SkReading(jenis, golongan, tmt, mk_tahun, mk_bulan, gaji)


@dataclass(frozen=True)
class Proposal:
    id: int
    employee_id: int
    nama: str
    jenis: str
    usulan: dict[str, Any]
    status: str
    document_id: int | None
    row_version: int
    text: str  # Indonesian: what would change

    @property
    def changes(self) -> Changes:
        return Changes.of(PEGAWAI, self.employee_id)


def _describe(p: Pegawai, u: UsulanSk) -> str:
    v = u.usulan
    if u.jenis == "pangkat":
        return (f"Golongan {p.gol_ruang_akhir or '-'} → {v.get('golongan')} TMT {v.get('tmt_golongan')}"
                f"{' (SK ' + v['sk_nomor'] + ')' if v.get('sk_nomor') else ''}")
    if u.jenis == "kgb":
        gaji = f", gaji pokok {v['gaji_baru']:,}".replace(",", ".") if v.get("gaji_baru") else ""
        return f"KGB TMT {v.get('tmt_kgb')}{gaji}"
    if u.jenis == "kontrak":
        return f"Kontrak {v.get('kontrak_mulai')} s.d. {v.get('kontrak_selesai')}"
    return u.jenis


def _dto(uow: UnitOfWork, u: UsulanSk) -> Proposal:
    p = uow.session.get(Pegawai, u.pegawai_id)
    assert p is not None
    return Proposal(u.id, u.pegawai_id, service.nama_lengkap(p), u.jenis, dict(u.usulan), u.status, u.document_id,
                    u.row_version, _describe(p, u))


def propose(uow: UnitOfWork, employee_id: int, document_id: int | None, text: str, *, sk_nomor: str = "",
            sk_tanggal: dt.date | None = None) -> Proposal | None:
    """Read an SK filed on an employee and store what it proposes; None when it proposes nothing."""
    uow.require(Permission.WRITE)
    p = uow.session.get(Pegawai, employee_id)
    if p is None:
        raise NotFound(f"Pegawai #{employee_id} tidak ditemukan.")
    kind = "pppk" if p.status_pegawai in ("pppk", "pppk_paruh_waktu") else "pns"
    urutan = {g.kode: g.urutan for g in uow.session.execute(select(Golongan).where(Golongan.jenis == kind)).scalars()}
    r = read_sk(text or "", urutan, p.gol_ruang_akhir)
    if r.jenis is None or r.tmt is None:
        return None
    sk = {"sk_nomor": sk_nomor, "sk_tanggal": sk_tanggal.isoformat() if sk_tanggal else None}
    if r.jenis == "pangkat":
        usulan = {"golongan": r.golongan, "tmt_golongan": r.tmt.isoformat(), "mk_golongan_tahun": r.mk_tahun or 0,
                  "mk_golongan_bulan": r.mk_bulan or 0, "jenis_kp": "reguler", **sk}
    elif r.jenis == "kgb":
        usulan = {"tmt_kgb": r.tmt.isoformat(), "golongan": r.golongan or p.gol_ruang_akhir,
                  "mk_tahun": r.mk_tahun or 0, "mk_bulan": r.mk_bulan or 0, "gaji_lama": p.gaji_pokok,
                  "gaji_baru": r.gaji_baru or 0, **sk}
    else:
        return None  # contract extensions: entered by hand (the end date is not read reliably)
    u = UsulanSk(pegawai_id=p.id, document_id=document_id, jenis=r.jenis, usulan=usulan, dibuat_oleh=uow.actor.user_id)
    uow.session.add(u)
    uow.session.flush()
    return _dto(uow, u)


def list_proposals(uow: UnitOfWork, *, employee_id: int | None = None, status: str | None = "usulan") -> list[Proposal]:
    uow.require(Permission.READ)
    q = select(UsulanSk).order_by(UsulanSk.id)
    if employee_id is not None:
        q = q.where(UsulanSk.pegawai_id == employee_id)
    if status is not None:
        q = q.where(UsulanSk.status == status)
    return [_dto(uow, u) for u in uow.session.execute(q).scalars()]


def _open(uow: UnitOfWork, proposal_id: int, expected_version: int | None) -> UsulanSk:
    u = uow.session.get(UsulanSk, proposal_id)
    if u is None:
        raise NotFound(f"Usulan #{proposal_id} tidak ditemukan.")
    if u.status != "usulan":
        raise Conflict(f"Usulan #{proposal_id} sudah {'diterapkan' if u.status == 'diterapkan' else 'ditolak'}.")
    versioning.check(uow.session, u, expected_version)
    return u


def apply(uow: UnitOfWork, proposal_id: int, *, expected_version: int | None = None,
          overrides: dict[str, Any] | None = None) -> service.Saved:
    """The user confirmed: add the riwayat row (with the SK scan) and move the employee's values.
    ``overrides`` are the corrections the user made in the confirm dialog (e.g. another TMT)."""
    uow.require(Permission.WRITE)
    u = _open(uow, proposal_id, expected_version)
    values = {**u.usulan, **(overrides or {})}
    fields: dict[str, Any] = {}
    for k, v in values.items():
        if k in ("tmt_golongan", "tmt_kgb", "sk_tanggal", "kontrak_mulai", "kontrak_selesai") and isinstance(v, str):
            try:
                v = dt.date.fromisoformat(v)
            except ValueError:
                raise ValidationFailed(f"Tanggal '{v}' pada usulan tidak sah.", field=k) from None
        if v is None and k == "sk_tanggal":
            continue
        fields[k] = v
    if u.document_id is not None:
        fields["sk_document_id"] = u.document_id
    saved = service.add_history(uow, u.pegawai_id, u.jenis, fields)
    u.status = "diterapkan"
    u.riwayat_id = saved.id
    u.diputus_oleh = uow.actor.user_id
    u.diputus_at = clock.utcnow()
    uow.session.flush()
    return saved


def reject(uow: UnitOfWork, proposal_id: int, alasan: str, *, expected_version: int | None = None) -> Changes:
    uow.require(Permission.WRITE)
    if not alasan.strip():
        raise ValidationFailed("Tuliskan alasan menolak usulan.", field="alasan")
    u = _open(uow, proposal_id, expected_version)
    u.status = "ditolak"
    u.alasan_tolak = alasan.strip()
    u.diputus_oleh = uow.actor.user_id
    u.diputus_at = clock.utcnow()
    uow.session.flush()
    return Changes.of(PEGAWAI, u.pegawai_id)
