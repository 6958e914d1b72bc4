"""Lawful letter numbers: jenis naskah, number templates, atomic counters, the issued-number register.

Template tokens (DOMAIN.md §1.5)::

    {kka}           Kode Klasifikasi Arsip of the letter       800.1.11.1
    {urut}          the sequence number                        15
    {urut:3}        ... zero-padded to 3 digits                015
    {unit}          the office's code (OfficeProfile.kode_unit, or the code given)   Kec.JTS
    {subunit}       the originating unit's code (Unit.kode)    UMPEG
    {bulan_romawi}  month of the letter date in Roman numerals VII
    {bulan2}        month, two digits                          07
    {tahun}         year                                       2026
    {tahun2}        year, two digits                           26
    {derajat}       security class code: B (biasa), T (terbatas), R (rahasia), SR (sangat rahasia)
    {jenis}         the jenis naskah code                      SD

Counters: one ``NomorCounter`` row per scope. The scope is always the year (numbers restart at 1
on 1 January, "nomor urut dalam satu tahun takwim"), optionally × jenis × unit × KKA as the jenis
naskah says. A number is taken by incrementing the counter row inside a *writing* unit of work:
on SQLite that transaction began with ``BEGIN IMMEDIATE`` (writers are serialised), on
PostgreSQL the row is read ``FOR UPDATE``. Every number is also written to ``NomorTerbit`` whose
unique constraints ``(scope_key, urut)`` and ``(tahun, nomor)`` make it impossible to hand out
the same number twice, even from two workstations. Numbers are never deleted: a cancelled number
stays as *batal* with its reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tatausaha import clock
from tatausaha.correspondence.common import KEAMANAN_KODE, check_keamanan
from tatausaha.errors import Conflict, NotFound, ValidationFailed
from tatausaha.idformat import bulan_romawi
from tatausaha.models.base import utcnow
from tatausaha.models.correspondence import (
    KELOMPOK_NASKAH,
    LAYOUT_NASKAH,
    JenisNaskah,
    NomorCounter,
    NomorTerbit,
)
from tatausaha.models.office import OfficeProfile, Unit
from tatausaha.services import versioning
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage import dialect

TOKEN_RE = re.compile(r"\{(\w+)(?::(\d+))?\}")
TOKENS = ("kka", "urut", "unit", "subunit", "bulan_romawi", "bulan2", "tahun", "tahun2", "derajat", "jenis")


# --------------------------------------------------------------------------- templates


def validate_template(template: str) -> str:
    t = template.strip()
    if not t:
        raise ValidationFailed("Templat nomor surat tidak boleh kosong.", field="template_nomor")
    tokens = TOKEN_RE.findall(t)
    unknown = sorted({name for name, _w in tokens if name not in TOKENS})
    if unknown:
        raise ValidationFailed(
            f"Templat nomor '{t}' memakai kode yang tidak dikenal: {', '.join('{' + u + '}' for u in unknown)}. "
            f"Yang dikenal: {', '.join('{' + k + '}' for k in TOKENS)}.",
            field="template_nomor",
        )
    if not any(name == "urut" for name, _w in tokens):
        raise ValidationFailed(f"Templat nomor '{t}' harus memuat {{urut}} (nomor urut).", field="template_nomor")
    leftover = TOKEN_RE.sub("", t)
    if "{" in leftover or "}" in leftover:
        raise ValidationFailed(f"Templat nomor '{t}' memuat kurung kurawal yang tidak berpasangan.", field="template_nomor")
    return t


def render(
    template: str,
    *,
    urut: int,
    tanggal: dt.date,
    kka: str = "",
    unit: str = "",
    subunit: str = "",
    keamanan: str = "biasa",
    jenis: str = "",
) -> str:
    """Fill a number template. ``render("{kka}/{urut:3}/{unit}/{bulan_romawi}/{tahun}", ...)``."""
    values = {
        "kka": kka,
        "unit": unit,
        "subunit": subunit,
        "bulan_romawi": bulan_romawi(tanggal.month),
        "bulan2": f"{tanggal.month:02d}",
        "tahun": str(tanggal.year),
        "tahun2": f"{tanggal.year % 100:02d}",
        "derajat": KEAMANAN_KODE.get(keamanan, "B"),
        "jenis": jenis,
    }

    def sub(m: re.Match[str]) -> str:
        name, width = m.group(1), m.group(2)
        if name == "urut":
            return str(urut).zfill(int(width)) if width else str(urut)
        if name not in values:
            raise ValidationFailed(f"Kode templat '{{{name}}}' tidak dikenal.", field="template_nomor")
        return values[name]

    out = TOKEN_RE.sub(sub, template)
    # an empty token leaves "//": collapse it, so "{kka}/{urut}" without KKA is "15", not "/15"
    out = re.sub(r"/{2,}", "/", out).strip("/")
    return out


# --------------------------------------------------------------------------- jenis naskah


@dataclass(frozen=True)
class JenisInfo:
    id: int
    kode: str
    nama: str
    kelompok: str
    layout: str
    template_nomor: str
    scope_unit: bool
    scope_jenis: bool
    scope_kka: bool
    kode_klasifikasi_default: str
    penandatangan_default_id: int | None
    butuh_tembusan: bool
    active: bool
    row_version: int = 1  # what an editor showed: a save over a newer one is refused

    @property
    def scope_label(self) -> str:
        parts = ["per tahun"]
        if self.scope_jenis:
            parts.append("per jenis")
        if self.scope_unit:
            parts.append("per unit")
        if self.scope_kka:
            parts.append("per kode klasifikasi")
        return ", ".join(parts)


def _jinfo(j: JenisNaskah) -> JenisInfo:
    return JenisInfo(
        j.id, j.kode, j.nama, j.kelompok, j.layout, j.template_nomor, j.scope_unit, j.scope_jenis, j.scope_kka,
        j.kode_klasifikasi_default, j.penandatangan_default_id, j.butuh_tembusan, j.active, j.row_version,
    )


_STD = "{kka}/{urut}/{unit}/{bulan_romawi}/{tahun}"
_JENIS_LABELS = {"kode": "Kode", "nama": "Nama", "kelompok": "Kelompok", "layout": "Tata letak",
                 "template_nomor": "Pola nomor", "scope_unit": "Per unit", "scope_jenis": "Per jenis",
                 "scope_kka": "Per KKA", "kode_klasifikasi_default": "KKA bawaan", "butuh_tembusan": "Tembusan",
                 "active": "Aktif", "penandatangan_default_id": "Penandatangan bawaan"}
# (kode, nama, kelompok, layout, template, scope_jenis, kka default, tembusan)
DEFAULT_JENIS: tuple[tuple[str, str, str, str, str, bool, str, bool], ...] = (
    ("SD", "Surat Dinas", "korespondensi", "korespondensi", _STD, False, "", True),
    ("UND", "Surat Undangan", "korespondensi", "undangan", _STD, False, "000.1.5", True),
    ("ND", "Nota Dinas", "korespondensi", "korespondensi", _STD, False, "", False),
    ("SKET", "Surat Keterangan", "khusus", "judul", _STD, False, "", False),
    ("ST", "Surat Tugas", "arahan", "judul", "{kka}/{urut}/{unit}/{tahun}", False, "800.1.11.1", False),
    ("SE", "Surat Edaran", "arahan", "judul", _STD, False, "", True),
    ("SPENG", "Surat Pengantar", "khusus", "korespondensi", _STD, False, "", False),
    ("BA", "Berita Acara", "khusus", "judul", _STD, False, "", False),
    ("PENG", "Pengumuman", "khusus", "judul", _STD, False, "", False),
    ("KEP", "Keputusan Camat", "arahan", "judul", "{urut} TAHUN {tahun}", True, "", True),
)


def ensure_default_jenis(uow: UnitOfWork) -> int:
    """Add the standard jenis naskah that are missing (idempotent). Returns how many were added."""
    have = set(uow.session.execute(select(JenisNaskah.kode)).scalars())
    n = 0
    for i, (kode, nama, kelompok, layout, template, scope_jenis, kka, tembusan) in enumerate(DEFAULT_JENIS):
        if kode in have:
            continue
        uow.session.add(JenisNaskah(
            kode=kode, nama=nama, kelompok=kelompok, layout=layout, template_nomor=template, scope_jenis=scope_jenis,
            scope_unit=False, scope_kka=False, kode_klasifikasi_default=kka, butuh_tembusan=tembusan, urutan=i * 10,
            active=True,
        ))
        n += 1
    uow.session.flush()
    return n


def list_jenis(uow: UnitOfWork, *, include_inactive: bool = False) -> list[JenisInfo]:
    uow.require(Permission.READ)
    q = select(JenisNaskah).order_by(JenisNaskah.urutan, JenisNaskah.kode)
    if not include_inactive:
        q = q.where(JenisNaskah.active.is_(True))
    return [_jinfo(j) for j in uow.session.execute(q).scalars()]


def _jenis_row(session: Session, jenis: str | int) -> JenisNaskah:
    if isinstance(jenis, int) or (isinstance(jenis, str) and jenis.isdigit()):
        row = session.get(JenisNaskah, int(jenis))
    else:
        key = jenis.strip()
        row = session.execute(select(JenisNaskah).where(func.upper(JenisNaskah.kode) == key.upper())).scalar_one_or_none()
        if row is None:
            row = session.execute(
                select(JenisNaskah).where(func.lower(JenisNaskah.nama) == key.lower())
            ).scalar_one_or_none()
    if row is None:
        kodes = ", ".join(session.execute(select(JenisNaskah.kode).order_by(JenisNaskah.urutan)).scalars())
        raise NotFound(f"Jenis naskah '{jenis}' tidak ada. Yang tersedia: {kodes or '(belum ada)'}.")
    return row


def get_jenis(uow: UnitOfWork, jenis: str | int) -> JenisInfo:
    uow.require(Permission.READ)
    return _jinfo(_jenis_row(uow.session, jenis))


def save_jenis(
    uow: UnitOfWork,
    *,
    kode: str,
    nama: str,
    kelompok: str = "korespondensi",
    layout: str = "korespondensi",
    template_nomor: str = _STD,
    scope_unit: bool = False,
    scope_jenis: bool = False,
    scope_kka: bool = False,
    kode_klasifikasi_default: str = "",
    penandatangan_default_id: int | None = None,
    butuh_tembusan: bool = True,
    active: bool = True,
    jenis_id: int | None = None,
    row_version: int | None = None,
) -> JenisInfo:
    uow.require(Permission.ADMIN)
    kode, nama = kode.strip().upper(), nama.strip()
    if not kode or not nama:
        raise ValidationFailed("Kode dan nama jenis naskah wajib diisi.")
    if kelompok not in KELOMPOK_NASKAH:
        raise ValidationFailed(f"Kelompok '{kelompok}' tidak dikenal ({', '.join(KELOMPOK_NASKAH)}).", field="kelompok")
    if layout not in LAYOUT_NASKAH:
        raise ValidationFailed(f"Tata letak '{layout}' tidak dikenal ({', '.join(LAYOUT_NASKAH)}).", field="layout")
    template_nomor = validate_template(template_nomor)
    clash = uow.session.execute(select(JenisNaskah).where(JenisNaskah.kode == kode)).scalar_one_or_none()
    if clash is not None and clash.id != jenis_id:
        raise Conflict(f"Kode jenis naskah '{kode}' sudah dipakai oleh {clash.nama}.")
    if jenis_id:
        row = uow.session.get(JenisNaskah, jenis_id)
        if row is None:
            raise NotFound(f"Jenis naskah {jenis_id} tidak ditemukan.")
        versioning.check(uow.session, row, row_version, labels=_JENIS_LABELS)
    else:
        row = JenisNaskah(kode=kode, nama=nama)
        uow.session.add(row)
    row.kode, row.nama, row.kelompok, row.layout = kode, nama, kelompok, layout
    row.template_nomor = template_nomor
    row.scope_unit, row.scope_jenis, row.scope_kka = scope_unit, scope_jenis, scope_kka
    row.kode_klasifikasi_default = kode_klasifikasi_default.strip()
    row.penandatangan_default_id = penandatangan_default_id
    row.butuh_tembusan, row.active = butuh_tembusan, active
    uow.session.flush()
    return _jinfo(row)


# --------------------------------------------------------------------------- counters


def scope_key(jenis: JenisNaskah | JenisInfo, tahun: int, *, unit_key: str = "", kka: str = "") -> str:
    parts = ["nomor", f"t{tahun}"]
    if jenis.scope_jenis:
        parts.append(f"j:{jenis.kode}")
    if jenis.scope_unit:
        parts.append(f"u:{unit_key or '-'}")
    if jenis.scope_kka:
        parts.append(f"k:{kka or '-'}")
    return "|".join(parts)


def agenda_scope(arah: str, tahun: int) -> str:
    return f"agenda_{arah}|t{tahun}"


def _counter_row(session: Session, key: str, tahun: int) -> NomorCounter:
    stmt = dialect.lock_for_update(select(NomorCounter).where(NomorCounter.scope_key == key), session.get_bind())
    row = session.execute(stmt).scalar_one_or_none()
    if row is not None:
        return row
    # First number of this scope. Start above anything already in the register (a counter row lost in a
    # restore must not make old numbers come back). On a server two writers may race to create the row:
    # the loser's insert fails on the unique scope_key and it reads the winner's row under lock.
    start = session.execute(select(func.max(NomorTerbit.urut)).where(NomorTerbit.scope_key == key)).scalar() or 0
    try:
        with session.begin_nested():
            row = NomorCounter(scope_key=key, tahun=tahun, last_value=start)
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        row = session.execute(stmt).scalar_one()
        return row


def next_value(session: Session, key: str, tahun: int) -> int:
    """Take the next value of counter ``key``. Call only inside a writing unit of work."""
    row = _counter_row(session, key, tahun)
    row.last_value += 1
    session.flush()
    return row.last_value


def bump_counter_to(session: Session, key: str, tahun: int, value: int) -> None:
    """Make sure counter ``key`` is at least ``value`` (after importing numbered letters)."""
    row = _counter_row(session, key, tahun)
    if row.last_value < value:
        row.last_value = value
        session.flush()


def peek_value(session: Session, key: str) -> int:
    """The value the next ``next_value`` would give (for display only; not a reservation)."""
    last = session.execute(select(NomorCounter.last_value).where(NomorCounter.scope_key == key)).scalar()
    if last is None:
        last = session.execute(select(func.max(NomorTerbit.urut)).where(NomorTerbit.scope_key == key)).scalar() or 0
    return last + 1


# --------------------------------------------------------------------------- issued numbers


@dataclass(frozen=True)
class NumberInfo:
    id: int
    nomor: str
    tahun: int
    urut: int | None
    jenis_kode: str
    tanggal: dt.date
    kode_klasifikasi: str
    sumber: str
    srikandi_ref: str
    status: str
    batal_alasan: str
    surat_keluar_id: int | None
    issued_at: dt.datetime


def _ninfo(n: NomorTerbit, jenis_kode: str) -> NumberInfo:
    return NumberInfo(
        n.id, n.nomor, n.tahun, n.urut, jenis_kode, n.tanggal, n.kode_klasifikasi, n.sumber, n.srikandi_ref,
        n.status, n.batal_alasan, n.surat_keluar_id, n.issued_at,
    )


def _office_code(session: Session) -> str:
    p = session.get(OfficeProfile, 1)
    return p.kode_unit if p is not None else ""


def _context(session: Session, jenis: JenisNaskah, unit_id: int | None, unit_kode: str | None, kka: str | None):
    unit_row = session.get(Unit, unit_id) if unit_id else None
    if unit_id and unit_row is None:
        raise NotFound(f"Unit {unit_id} tidak ditemukan.")
    subunit = unit_row.kode if unit_row is not None else ""
    unit = unit_kode if unit_kode is not None else _office_code(session)
    kka = (kka if kka is not None else jenis.kode_klasifikasi_default).strip()
    if "{kka}" in jenis.template_nomor and not kka:
        raise ValidationFailed(
            f"Nomor {jenis.nama} memuat kode klasifikasi: isi kode klasifikasi arsip suratnya lebih dulu.",
            field="kode_klasifikasi",
        )
    return unit, subunit, kka


def allocate(
    uow: UnitOfWork,
    jenis: str | int,
    *,
    tanggal: dt.date | None = None,
    kka: str | None = None,
    unit_id: int | None = None,
    unit_kode: str | None = None,
    keamanan: str = "biasa",
    surat_keluar_id: int | None = None,
) -> NumberInfo:
    """Take the next number of ``jenis`` and write it to the register (same transaction).

    If the rendered number already exists (e.g. it was recorded by hand from SRIKANDI), that
    value is skipped — it is already accounted for in the register — and the next one is taken.
    """
    uow.require(Permission.WRITE)
    if not uow.write:
        raise RuntimeError("numbers are allocated only in a writing unit of work")
    session = uow.session
    row = _jenis_row(session, jenis)
    if not row.active:
        raise ValidationFailed(f"Jenis naskah {row.nama} tidak aktif.")
    tanggal = tanggal or clock.today()
    keamanan = check_keamanan(keamanan)
    unit, subunit, kka_v = _context(session, row, unit_id, unit_kode, kka)
    key = scope_key(row, tanggal.year, unit_key=subunit or unit, kka=kka_v)
    for _attempt in range(1000):
        urut = next_value(session, key, tanggal.year)
        nomor = render(row.template_nomor, urut=urut, tanggal=tanggal, kka=kka_v, unit=unit, subunit=subunit,
                       keamanan=keamanan, jenis=row.kode)
        taken = session.execute(
            select(NomorTerbit.id).where(NomorTerbit.tahun == tanggal.year, NomorTerbit.nomor == nomor)
        ).first()
        if taken is None:
            break
    else:  # pragma: no cover - would need 1000 hand-recorded numbers in a row
        raise Conflict("Tidak dapat menemukan nomor bebas; periksa register nomor.")
    n = NomorTerbit(
        tahun=tanggal.year, nomor=nomor, jenis_id=row.id, scope_key=key, urut=urut, tanggal=tanggal,
        kode_klasifikasi=kka_v, sumber="otomatis", status="aktif", surat_keluar_id=surat_keluar_id,
        issued_by=uow.actor.user_id,
    )
    session.add(n)
    session.flush()
    return _ninfo(n, row.kode)


def preview(
    uow: UnitOfWork, jenis: str | int, *, tanggal: dt.date | None = None, kka: str | None = None,
    unit_id: int | None = None, unit_kode: str | None = None, keamanan: str = "biasa",
) -> str:
    """What the next number would look like now (nothing is reserved)."""
    uow.require(Permission.READ)
    session = uow.session
    row = _jenis_row(session, jenis)
    tanggal = tanggal or clock.today()
    try:
        unit, subunit, kka_v = _context(session, row, unit_id, unit_kode, kka)
    except ValidationFailed:
        unit, subunit, kka_v = _office_code(session), "", "…"
    key = scope_key(row, tanggal.year, unit_key=subunit or unit, kka=kka_v)
    return render(row.template_nomor, urut=peek_value(session, key), tanggal=tanggal, kka=kka_v, unit=unit,
                  subunit=subunit, keamanan=check_keamanan(keamanan), jenis=row.kode)


def record_manual(
    uow: UnitOfWork,
    nomor: str,
    *,
    tanggal: dt.date,
    jenis: str | int | None = None,
    sumber: str = "srikandi",
    srikandi_ref: str = "",
    kka: str = "",
    surat_keluar_id: int | None = None,
) -> NumberInfo:
    """Record a number issued elsewhere (SRIKANDI, or by hand during an outage); clashes are refused."""
    uow.require(Permission.WRITE)
    nomor = " ".join(nomor.split())
    if not nomor:
        raise ValidationFailed("Nomor surat wajib diisi.", field="nomor")
    if sumber not in ("manual", "srikandi"):
        raise ValidationFailed("Sumber nomor manual harus 'manual' atau 'srikandi'.", field="sumber")
    session = uow.session
    jrow = _jenis_row(session, jenis) if jenis is not None else None
    existing = session.execute(
        select(NomorTerbit).where(NomorTerbit.tahun == tanggal.year, NomorTerbit.nomor == nomor)
    ).scalar_one_or_none()
    if existing is not None:
        raise Conflict(_clash_message(existing))
    n = NomorTerbit(
        tahun=tanggal.year, nomor=nomor, jenis_id=jrow.id if jrow else None, scope_key=None, urut=None,
        tanggal=tanggal, kode_klasifikasi=kka.strip(), sumber=sumber, srikandi_ref=srikandi_ref.strip(),
        status="aktif", surat_keluar_id=surat_keluar_id, issued_by=uow.actor.user_id,
    )
    try:
        with session.begin_nested():
            session.add(n)
            session.flush()
    except IntegrityError as exc:  # another workstation recorded it a moment ago
        raise Conflict(f"Nomor {nomor} sudah tercatat di register nomor tahun {tanggal.year}.") from exc
    return _ninfo(n, jrow.kode if jrow else "")


def _clash_message(existing: NomorTerbit) -> str:
    state = "dibatalkan" if existing.status == "batal" else "aktif"
    where = f" untuk surat keluar #{existing.surat_keluar_id}" if existing.surat_keluar_id else ""
    return (
        f"Nomor {existing.nomor} sudah tercatat di register nomor ({existing.sumber}, {state}{where}, "
        f"tanggal {existing.tanggal:%d-%m-%Y}). Satu nomor tidak boleh dipakai dua kali."
    )


def cancel(uow: UnitOfWork, nomor_id: int, alasan: str) -> NumberInfo:
    """Mark a number *batal*. It stays in the register forever and is never handed out again."""
    uow.require(Permission.WRITE)
    alasan = alasan.strip()
    if not alasan:
        raise ValidationFailed("Alasan pembatalan nomor wajib diisi.", field="alasan")
    n = uow.session.get(NomorTerbit, nomor_id)
    if n is None:
        raise NotFound(f"Nomor {nomor_id} tidak ada di register.")
    if n.status == "batal":
        raise ValidationFailed(f"Nomor {n.nomor} sudah dibatalkan ({n.batal_alasan}).")
    n.status, n.batal_alasan, n.batal_at, n.batal_by = "batal", alasan, utcnow(), uow.actor.user_id
    uow.session.flush()
    return _ninfo(n, n.jenis_id and _jenis_kode(uow.session, n.jenis_id) or "")


def _jenis_kode(session: Session, jenis_id: int) -> str:
    return session.execute(select(JenisNaskah.kode).where(JenisNaskah.id == jenis_id)).scalar() or ""


def find_number(uow: UnitOfWork, nomor: str, tahun: int | None = None) -> NumberInfo | None:
    uow.require(Permission.READ)
    q = select(NomorTerbit, JenisNaskah.kode).outerjoin(JenisNaskah, JenisNaskah.id == NomorTerbit.jenis_id)
    q = q.where(NomorTerbit.nomor == " ".join(nomor.split()))
    if tahun is not None:
        q = q.where(NomorTerbit.tahun == tahun)
    row = uow.session.execute(q.order_by(NomorTerbit.tahun.desc())).first()
    return _ninfo(row[0], row[1] or "") if row else None


def list_issued(
    uow: UnitOfWork, *, tahun: int | None = None, jenis: str | None = None, status: str | None = None,
    limit: int | None = None,
) -> list[NumberInfo]:
    uow.require(Permission.READ)
    q = select(NomorTerbit, JenisNaskah.kode).outerjoin(JenisNaskah, JenisNaskah.id == NomorTerbit.jenis_id)
    if tahun is not None:
        q = q.where(NomorTerbit.tahun == tahun)
    if jenis:
        q = q.where(JenisNaskah.kode == jenis.upper())
    if status:
        q = q.where(NomorTerbit.status == status)
    q = q.order_by(NomorTerbit.tahun, NomorTerbit.issued_at, NomorTerbit.id)
    if limit:
        q = q.limit(limit)
    return [_ninfo(n, k or "") for n, k in uow.session.execute(q).all()]
