"""The due-date engine: KP, KGB, BUP (and the pension file), PPPK / non-ASN contract ends.

Pure functions of an employee's facts (:class:`Facts`) and the dated rules (``rules.RuleSet``),
so every boundary is testable without a database; :func:`due_items` reads the employees and
returns the list Beranda (H-60) and the due report show.

Conventions (DOMAIN.md §6.4; issue 12):

* months are added calendar-wise and clamped to the month's end (31 Aug − 6 months = 28/29 Feb);
* **KP reguler** (PNS only, not from IV/e): earliest ``tmt_gol_akhir`` + ``kp_interval`` years,
  then the first 1st-of-a-month on or after it that the ``kp_periode`` rule *in force on that
  date* allows (so a date in October 2025 already follows the monthly rule of Peraturan BKN
  4/2025, one in September 2025 the six periods of 4/2023, one in 2023 April/October);
* **KGB** (PNS, CPNS, PPPK): the last KGB's TMT + ``kgb_interval`` months. Without a KGB after
  the last pangkat, a PNS steps when the masa kerja golongan reaches the next even year (III, IV)
  or odd year (I, II); a PPPK from the contract start. A disciplinary deferral (hukdis
  ``tunda_kgb_bulan``) with its TMT inside the period pushes it on;
* **BUP** (PNS, CPNS): age 58 / 60 / 65 by jabatan (rule ``bup``, key from
  :func:`bup_category`); the person stops at the end of the month the age is reached and the
  pension's TMT is the 1st of the next month (a 29 February birthday: the end of February). The
  pension file is due ``pensiun_proses`` months before that TMT. An SK pensiun's ``tmt_pensiun``
  overrides;
* **PPPK**: the extension is due ``kontrak_usul`` months before the contract ends, and the end
  itself; **non-ASN**: the contract end only;
* every item warns from ``peringatan`` days before it (H-60) and is *lewat* once its date passed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from tatausaha import clock
from tatausaha.models.staff import Golongan, Pegawai, RiwayatHukdis
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import access, ident, rules
from tatausaha.staff.service import nama_lengkap

JENIS_LABELS = {
    "kp": "Kenaikan pangkat",
    "kgb": "Kenaikan gaji berkala",
    "pensiun_proses": "Mulai proses pensiun",
    "bup": "Pensiun (BUP)",
    "kontrak_usul": "Usul perpanjangan kontrak PPPK",
    "kontrak_akhir": "Kontrak berakhir",
}
STATUS_LABELS = {"lewat": "Terlewat", "segera": "Segera", "nanti": "Terjadwal"}


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` moved by whole calendar months, clamped to the end of the target month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def first_of_next_month(d: dt.date) -> dt.date:
    return add_months(d.replace(day=1), 1)


@dataclass(frozen=True)
class Facts:
    """What the engine needs of one employee (plain data; ``facts_of`` builds it from a row)."""

    status_pegawai: str
    tgl_lahir: dt.date
    golongan: str | None = None  # "III/a", "IX"
    golongan_urutan: int = 0
    golongan_max: bool = False  # IV/e: no further KP
    tmt_gol_akhir: dt.date | None = None
    mk_tahun: int = 0
    mk_bulan: int = 0
    tmt_kgb_akhir: dt.date | None = None
    tmt_cpns: dt.date | None = None
    jenis_jabatan: str = "pelaksana"
    jenjang_jabatan: str = ""
    kontrak_mulai: dt.date | None = None
    kontrak_selesai: dt.date | None = None
    tmt_pensiun: dt.date | None = None
    #: (tmt, months) of hukdis that defer the KGB
    tunda_kgb: tuple[tuple[dt.date, int], ...] = field(default_factory=tuple)


# ----------------------------------------------------------------------------------------- KP


def kp_period_date(earliest: dt.date, rs: rules.RuleSet) -> dt.date:
    """The first 1st-of-a-month on or after ``earliest`` whose month the KP rule in force then allows."""
    d = earliest if earliest.day == 1 else first_of_next_month(earliest)
    for _ in range(240):
        if d.month in rs.value("kp_periode", d):
            return d
        d = first_of_next_month(d)
    raise ValueError("no KP period within 20 years")  # only a broken rule table gets here


def kp_due(f: Facts, rs: rules.RuleSet) -> dt.date | None:
    if f.status_pegawai != "pns" or f.tmt_gol_akhir is None or f.golongan_max or not f.golongan or "/" not in f.golongan:
        return None
    years = int(rs.value("kp_interval", f.tmt_gol_akhir))
    return kp_period_date(add_months(f.tmt_gol_akhir, 12 * years), rs)


# ----------------------------------------------------------------------------------------- KGB


def _group(golongan: str | None) -> str:
    return (golongan or "").split("/")[0]


def _deferred(start: dt.date, due: dt.date, f: Facts) -> dt.date:
    for tmt, months in sorted(f.tunda_kgb):
        if months and start <= tmt < due:
            due = add_months(due, months)
    return due


def kgb_due(f: Facts, rs: rules.RuleSet) -> dt.date | None:
    if f.status_pegawai in ("pppk", "pppk_paruh_waktu"):
        base = f.tmt_kgb_akhir or f.kontrak_mulai
        if base is None:
            return None
        return _deferred(base, add_months(base, int(rs.value("kgb_interval", base))), f)
    if f.status_pegawai not in ("pns", "cpns"):
        return None
    if f.tmt_kgb_akhir is not None:
        base = f.tmt_kgb_akhir
        nxt = _deferred(base, add_months(base, int(rs.value("kgb_interval", base))), f)
        # a KP after the last KGB restarts the count from the new pangkat's masa kerja — unless the
        # next KGB falls before that KP's TMT (an SK KP filed ahead of its date)
        if f.tmt_gol_akhir is None or base >= f.tmt_gol_akhir or nxt <= f.tmt_gol_akhir:
            return nxt
    base = f.tmt_gol_akhir or f.tmt_cpns
    if base is None:
        return None
    # the next whole year of masa kerja golongan with the group's parity (I/II odd, III/IV even)
    mkg = f.mk_tahun * 12 + f.mk_bulan if f.tmt_gol_akhir is not None else 0
    odd = _group(f.golongan) in ("I", "II")
    year = mkg // 12 + 1
    while (year % 2 == 1) != odd:
        year += 1
    return _deferred(base, add_months(base, year * 12 - mkg), f)


# ----------------------------------------------------------------------------------------- BUP


def bup_category(jenis_jabatan: str, jenjang: str) -> str:
    if jenis_jabatan == "jpt":
        return "jpt"
    if jenis_jabatan == "fungsional_keahlian":
        return jenjang if jenjang in ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama") else "ahli_pertama"
    if jenis_jabatan == "fungsional_keterampilan":
        return "keterampilan"
    return "administrasi"


def _birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February in a common year: still the end of February
        return dt.date(born.year + age, 2, 28)


def bup(f: Facts, rs: rules.RuleSet) -> tuple[int, dt.date] | None:
    """(age, TMT pensiun) for PNS/CPNS: the 1st of the month after the month the BUP age is reached.
    The age is the rule in force on the day it would be reached (a later change of law applies to
    whoever has not retired by its start)."""
    if f.status_pegawai not in ("pns", "cpns"):
        return None
    key = bup_category(f.jenis_jabatan, f.jenjang_jabatan)
    age = int(rs.value("bup", clock.today(), key))
    for _ in range(4):
        again = int(rs.value("bup", _birthday(f.tgl_lahir, age), key))
        if again == age:
            break
        age = again
    if f.tmt_pensiun is not None:
        return age, f.tmt_pensiun
    return age, first_of_next_month(_birthday(f.tgl_lahir, age))


# ----------------------------------------------------------------------------------------- items


@dataclass(frozen=True)
class DueItem:
    employee_id: int
    nama: str
    nip: str  # grouped, or masked for readers without the personal-data right
    jenis: str  # kp | kgb | pensiun_proses | bup | kontrak_usul | kontrak_akhir
    tanggal: dt.date
    peringatan_mulai: dt.date
    status: str  # lewat | segera | nanti
    keterangan: str
    dasar: str  # the rule's legal basis

    @property
    def jenis_label(self) -> str:
        return JENIS_LABELS[self.jenis]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def days_left(self, on: dt.date) -> int:
        return (self.tanggal - on).days


def items_for(f: Facts, rs: rules.RuleSet) -> list[tuple[str, dt.date, str, str]]:
    """(jenis, date, keterangan, legal basis) of every coming event of one employee."""
    out: list[tuple[str, dt.date, str, str]] = []
    retire = bup(f, rs)
    d = kp_due(f, rs)
    if d is not None and (retire is None or d < retire[1]):
        out.append(("kp", d, f"KP reguler dari {f.golongan} (TMT {f.tmt_gol_akhir:%d-%m-%Y})",
                    rs.rule("kp_periode", d).dasar_hukum))
    d = kgb_due(f, rs)
    if d is not None and (retire is None or d < retire[1]) and (f.kontrak_selesai is None or d <= f.kontrak_selesai):
        out.append(("kgb", d, "KGB berikutnya", rs.rule("kgb_interval", d).dasar_hukum))
    if retire is not None:
        age, tmt = retire
        months = int(rs.value("pensiun_proses", tmt))
        r = rs.rule("bup", _birthday(f.tgl_lahir, age), bup_category(f.jenis_jabatan, f.jenjang_jabatan))
        out.append(("pensiun_proses", add_months(tmt, -months), f"Siapkan berkas pensiun (BUP {age} tahun)", r.dasar_hukum))
        out.append(("bup", tmt, f"TMT pensiun, batas usia {age} tahun", r.dasar_hukum))
    if f.status_pegawai in ("pppk", "pppk_paruh_waktu") and f.kontrak_selesai is not None:
        r = rs.rule("kontrak_usul", f.kontrak_selesai, "pppk")
        out.append(("kontrak_usul", add_months(f.kontrak_selesai, -int(r.nilai)),
                    f"Usulkan perpanjangan; kontrak berakhir {f.kontrak_selesai:%d-%m-%Y}", r.dasar_hukum))
    if f.status_pegawai in ("pppk", "pppk_paruh_waktu", "non_asn") and f.kontrak_selesai is not None:
        out.append(("kontrak_akhir", f.kontrak_selesai, "Kontrak berakhir", ""))
    return out


def facts_of(p: Pegawai, golongan: dict[str, Golongan], tunda: Iterable[tuple[dt.date, int]] = ()) -> Facts:
    g = golongan.get(p.gol_ruang_akhir or "")
    return Facts(
        status_pegawai=p.status_pegawai, tgl_lahir=p.tgl_lahir, golongan=p.gol_ruang_akhir,
        golongan_urutan=g.urutan if g else 0, golongan_max=p.gol_ruang_akhir == "IV/e",
        tmt_gol_akhir=p.tmt_gol_akhir, mk_tahun=p.mk_tahun, mk_bulan=p.mk_bulan, tmt_kgb_akhir=p.tmt_kgb_akhir,
        tmt_cpns=p.tmt_cpns, jenis_jabatan=p.jenis_jabatan, jenjang_jabatan=p.jenjang_jabatan,
        kontrak_mulai=p.kontrak_mulai, kontrak_selesai=p.kontrak_selesai, tmt_pensiun=p.tmt_pensiun,
        tunda_kgb=tuple(tunda),
    )


def due_items(uow: UnitOfWork, *, on: dt.date | None = None, within_days: int | None = None,
              jenis: Iterable[str] | None = None, employee_id: int | None = None) -> list[DueItem]:
    """Every employee's coming events, soonest first. ``within_days``: only those on or before
    ``on`` + that many days (overdue ones included); ``None``: all. Only active employees."""
    uow.require(Permission.READ)
    on = on or clock.today()
    rs = rules.load(uow)
    warn_days = int(rs.value("peringatan", on))
    personal = access.may_see_personal(uow)
    golongan = {g.kode: g for g in uow.session.execute(select(Golongan)).scalars()}
    q = select(Pegawai).where(Pegawai.kedudukan == "aktif").order_by(Pegawai.id)
    if employee_id is not None:
        q = q.where(Pegawai.id == employee_id)
    tunda: dict[int, list[tuple[dt.date, int]]] = {}
    for pid, tmt, months in uow.session.execute(
            select(RiwayatHukdis.pegawai_id, RiwayatHukdis.tmt, RiwayatHukdis.tunda_kgb_bulan)
            .where(RiwayatHukdis.tunda_kgb_bulan > 0)):
        tunda.setdefault(pid, []).append((tmt, months))
    wanted = set(jenis) if jenis is not None else None
    limit = on + dt.timedelta(days=within_days) if within_days is not None else None
    out: list[DueItem] = []
    for p in uow.session.execute(q).scalars():
        nip = (ident.format_nip(p.nip_baru) if personal else ident.mask(p.nip_baru)) if p.nip_baru else ""
        for kind, date, note, basis in items_for(facts_of(p, golongan, tunda.get(p.id, ())), rs):
            if wanted is not None and kind not in wanted:
                continue
            if limit is not None and date > limit:
                continue
            warn = date - dt.timedelta(days=warn_days)
            status = "lewat" if date < on else ("segera" if warn <= on else "nanti")
            out.append(DueItem(p.id, nama_lengkap(p), nip, kind, date, warn, status, note, basis))
    out.sort(key=lambda i: (i.tanggal, i.nama, i.jenis))
    return out
