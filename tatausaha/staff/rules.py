"""The staff area's dated rules: packaged defaults plus the office's own rows (``aturan_pegawai``).

A rule has a kind (``jenis``), a key (``kunci``, e.g. a BUP category), a value and a validity
period. The rule in force on a date is the one of that kind and key with the latest start not
after the date (an office row wins over a default with the same start). Nothing here is a
constant the code trusts forever: a new regulation is a new row with its start date.

Defaults (DOMAIN.md §6.4, ANCHORS-NEXT.md §1.3, issue 12):

* ``kp_periode``: months in which a KP may take effect (TMT the 1st): April/October until
  2023-12-31; Feb/Apr/Jun/Aug/Oct/Dec from 2024-01-01 (Peraturan BKN 4/2023); every month from
  2025-10-01 (Peraturan BKN 4/2025).
* ``kp_interval``: years between regular promotions (4).
* ``kgb_interval``: months between periodic salary increases (24).
* ``bup`` by category: 58 (administrasi, fungsional ahli pertama/muda, keterampilan), 60 (JPT,
  ahli madya), 65 (ahli utama) — PP 11/2017 as amended.
* ``pensiun_proses``: months before BUP the pension file is started (12).
* ``kontrak_usul`` (key ``pppk``): months before a PPPK contract ends that the extension must be
  proposed (6). Non-ASN: the contract end only (warned like every due date).
* ``peringatan``: days before a due date that it shows as a warning (60, "H-60").
* ``cuti_tahunan``: key ``hak`` 12 working days a year; key ``bawa`` at most 6 days carried over
  from the previous year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.models.staff import RULE_KINDS, AturanPegawai, Pegawai, RiwayatCuti
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork


@dataclass(frozen=True)
class Rule:
    jenis: str
    kunci: str
    nilai: Any
    berlaku_mulai: dt.date
    berlaku_sampai: dt.date | None = None
    dasar_hukum: str = ""
    office: bool = False  # a row the office added (vs. a packaged default)

    def in_force(self, on: dt.date) -> bool:
        return self.berlaku_mulai <= on and (self.berlaku_sampai is None or on <= self.berlaku_sampai)


_D = dt.date
EARLIEST = _D(1900, 1, 1)

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("kp_periode", "", [4, 10], EARLIEST, None, "PP 99/2000 jo. PP 12/2002: periode 1 April dan 1 Oktober"),
    Rule("kp_periode", "", [2, 4, 6, 8, 10, 12], _D(2024, 1, 1), None, "Peraturan BKN 4/2023: enam periode setahun"),
    Rule("kp_periode", "", list(range(1, 13)), _D(2025, 10, 1), None, "Peraturan BKN 4/2025: setiap tanggal 1 tiap bulan"),
    Rule("kp_interval", "", 4, EARLIEST, None, "KP reguler: sekurang-kurangnya 4 tahun dalam pangkat terakhir"),
    Rule("kgb_interval", "", 24, EARLIEST, None, "PP 7/1977 dan perubahannya: KGB tiap 2 tahun"),
    Rule("bup", "administrasi", 58, EARLIEST, None, "PP 11/2017 jo. PP 17/2020: administrator, pengawas, pelaksana"),
    Rule("bup", "ahli_pertama", 58, EARLIEST, None, "PP 11/2017: JF ahli pertama"),
    Rule("bup", "ahli_muda", 58, EARLIEST, None, "PP 11/2017: JF ahli muda"),
    Rule("bup", "keterampilan", 58, EARLIEST, None, "PP 11/2017: JF keterampilan"),
    Rule("bup", "jpt", 60, EARLIEST, None, "PP 11/2017: pejabat pimpinan tinggi"),
    Rule("bup", "ahli_madya", 60, EARLIEST, None, "PP 11/2017: JF ahli madya"),
    Rule("bup", "ahli_utama", 65, EARLIEST, None, "PP 11/2017: JF ahli utama"),
    Rule("pensiun_proses", "", 12, EARLIEST, None, "Praktik: berkas pensiun disiapkan 12 bulan sebelum BUP"),
    Rule("kontrak_usul", "pppk", 6, EARLIEST, None, "PermenPANRB 70/2020: perpanjangan diusulkan ≥ 6 bulan sebelum"),
    Rule("peringatan", "", 60, EARLIEST, None, "Peringatan H-60"),
    Rule("cuti_tahunan", "hak", 12, EARLIEST, None, "PP 11/2017: 12 hari kerja setahun"),
    Rule("cuti_tahunan", "bawa", 6, EARLIEST, None, "Peraturan BKN 24/2017: sisa dibawa, paling banyak 18 hari bersama tahun berjalan"),
)


class RuleSet:
    """All rules (defaults + office rows) read once; ask it for the rule in force on a date."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self._by: dict[tuple[str, str], list[Rule]] = {}
        for r in rules:
            self._by.setdefault((r.jenis, r.kunci), []).append(r)
        for lst in self._by.values():
            lst.sort(key=lambda r: (r.berlaku_mulai, r.office))

    def rule(self, jenis: str, on: dt.date, kunci: str = "") -> Rule:
        found = None
        for r in self._by.get((jenis, kunci), ()):
            if r.in_force(on):
                found = r  # sorted: the latest start wins, an office row over a default with the same start
        if found is None:
            raise NotFound(f"Tidak ada aturan kepegawaian '{jenis}' {kunci} yang berlaku pada {on:%d-%m-%Y}.")
        return found

    def value(self, jenis: str, on: dt.date, kunci: str = "") -> Any:
        return self.rule(jenis, on, kunci).nilai

    @classmethod
    def defaults(cls) -> RuleSet:
        return cls(list(DEFAULT_RULES))


def load(uow: UnitOfWork) -> RuleSet:
    rows = [Rule(r.jenis, r.kunci, r.nilai, r.berlaku_mulai, r.berlaku_sampai, r.dasar_hukum, True)
            for r in uow.session.execute(select(AturanPegawai)).scalars()]
    return RuleSet([*DEFAULT_RULES, *rows])


def _check_value(jenis: str, nilai: Any) -> Any:
    if jenis == "kp_periode":
        if not isinstance(nilai, list) or not nilai or any(not isinstance(m, int) or not 1 <= m <= 12 for m in nilai):
            raise ValidationFailed("Periode KP harus daftar bulan 1–12 (misalnya 4, 10).", field="nilai")
        return sorted(set(nilai))
    if not isinstance(nilai, int) or isinstance(nilai, bool) or nilai < 0:
        raise ValidationFailed(f"Nilai aturan '{jenis}' harus bilangan bulat tidak negatif.", field="nilai")
    return nilai


def add_rule(uow: UnitOfWork, jenis: str, nilai: Any, berlaku_mulai: dt.date, *, kunci: str = "",
             berlaku_sampai: dt.date | None = None, dasar_hukum: str = "") -> int:
    """The office adds a dated rule (admin): e.g. a new KP period regulation from its start date."""
    uow.require(Permission.ADMIN)
    if jenis not in RULE_KINDS:
        raise ValidationFailed(f"Jenis aturan '{jenis}' tidak dikenal ({', '.join(RULE_KINDS)}).", field="jenis")
    if berlaku_sampai is not None and berlaku_sampai < berlaku_mulai:
        raise ValidationFailed("Akhir berlaku tidak boleh sebelum awal berlaku.", field="berlaku_sampai")
    if not dasar_hukum.strip():
        raise ValidationFailed("Dasar hukum aturan wajib diisi.", field="dasar_hukum")
    row = AturanPegawai(jenis=jenis, kunci=kunci, nilai=_check_value(jenis, nilai), berlaku_mulai=berlaku_mulai,
                        berlaku_sampai=berlaku_sampai, dasar_hukum=dasar_hukum.strip(), dibuat_oleh=uow.actor.user_id)
    uow.session.add(row)
    uow.session.flush()
    return row.id


def list_rules(uow: UnitOfWork) -> list[Rule]:
    uow.require(Permission.READ)
    return sorted(load(uow).rules, key=lambda r: (r.jenis, r.kunci, r.berlaku_mulai, r.office))


# ----------------------------------------------------------------------------------- cuti tahunan


@dataclass(frozen=True)
class CutiBalance:
    tahun: int
    hak: int  # this year's entitlement (0 in the first year of service)
    bawaan: int  # carried over from last year (capped)
    dipakai: int  # working days of cuti tahunan taken this year
    sisa: int


def _taken(uow: UnitOfWork, employee_id: int, year: int) -> int:
    rows = uow.session.execute(select(RiwayatCuti.hari_kerja).where(
        RiwayatCuti.pegawai_id == employee_id, RiwayatCuti.jenis == "tahunan",
        RiwayatCuti.tanggal_mulai >= dt.date(year, 1, 1), RiwayatCuti.tanggal_mulai <= dt.date(year, 12, 31))).scalars()
    return sum(rows)


def cuti_balance(uow: UnitOfWork, employee_id: int, year: int, rules: RuleSet | None = None) -> CutiBalance:
    """Cuti tahunan of a year: the entitlement (after one year of service), what was carried over from
    last year's unused days (capped by the rule ``cuti_tahunan/bawa``) minus what was taken."""
    p = uow.session.get(Pegawai, employee_id)
    if p is None:
        raise NotFound(f"Pegawai #{employee_id} tidak ditemukan.")
    rs = rules or load(uow)
    start = p.tmt_cpns or p.kontrak_mulai

    def hak_of(y: int) -> int:
        on = dt.date(y, 12, 31)
        if start is not None and start > dt.date(y - 1, 12, 31):  # less than a year of service before this year
            # entitled from the day one year of service is complete, if that falls within the year
            try:
                anniversary = start.replace(year=start.year + 1)
            except ValueError:  # 29 February
                anniversary = dt.date(start.year + 1, 3, 1)
            if anniversary > on:
                return 0
        return int(rs.value("cuti_tahunan", on, "hak"))

    prev_hak = hak_of(year - 1)
    prev_left = max(prev_hak - _taken(uow, employee_id, year - 1), 0)
    bawaan = min(prev_left, int(rs.value("cuti_tahunan", dt.date(year, 1, 1), "bawa")))
    hak = hak_of(year)
    dipakai = _taken(uow, employee_id, year)
    return CutiBalance(year, hak, bawaan, dipakai, max(hak + bawaan - dipakai, 0))
