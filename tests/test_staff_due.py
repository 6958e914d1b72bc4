"""Due dates at every boundary (KP period changes on 2024-01-01 and 2025-10-01, year ends, leap
days, an office rule added later), KGB, BUP by jabatan, PPPK contract end −6 months; the list
Beranda reads (H-60); DUK ordering with ties decided criterion by criterion."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tatausaha.errors import PermissionDenied, ValidationFailed
from tatausaha.services.auth import SYSTEM, Actor, Role
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.staff import due, duk, rules, service
from tatausaha.staff.due import Facts
from tatausaha.staff.service import EmployeeInput

D = dt.date
RS = rules.RuleSet.defaults()


def pns(**kw: object) -> Facts:
    base: dict[str, object] = dict(status_pegawai="pns", tgl_lahir=D(1985, 6, 10), golongan="III/c",
                                   tmt_gol_akhir=D(2020, 4, 1), tmt_cpns=D(2010, 1, 1))
    base.update(kw)
    return Facts(**base)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- KP


@pytest.mark.parametrize("tmt_gol, expected", [
    (D(2019, 10, 1), D(2023, 10, 1)),  # April/Oktober regime: October allowed
    (D(2019, 4, 2), D(2023, 10, 1)),  # not on the 1st: the next allowed period
    (D(2019, 11, 1), D(2024, 2, 1)),  # across the year end into the six periods (Jan not one)
    (D(2019, 12, 31), D(2024, 2, 1)),  # 31 Dec 2023 → 1 Jan 2024 is no period → 1 Feb
    (D(2019, 10, 2), D(2024, 2, 1)),  # the last April/Oktober day missed: Dec 2023 no, Jan 2024 no
    (D(2020, 2, 29), D(2024, 4, 1)),  # leap day + 4 y = 29 Feb 2024 → 1 Mar (odd) → 1 Apr
    (D(2021, 7, 1), D(2025, 8, 1)),  # six periods: August is one
    (D(2021, 8, 15), D(2025, 10, 1)),  # 1 Sep 2025 is no period (six) → 1 Oct 2025 (monthly)
    (D(2021, 9, 1), D(2025, 10, 1)),  # 1 Sep 2025 still six periods: not allowed
    (D(2021, 9, 30), D(2025, 10, 1)),  # the day before the change: the monthly rule's first day
    (D(2021, 10, 1), D(2025, 10, 1)),  # the change day itself
    (D(2021, 11, 1), D(2025, 11, 1)),  # monthly: November allowed
    (D(2023, 12, 2), D(2028, 1, 1)),  # monthly, across a year end
])
def test_kp_follows_the_period_rule_in_force_on_the_date(tmt_gol: dt.date, expected: dt.date) -> None:
    assert due.kp_due(pns(tmt_gol_akhir=tmt_gol), RS) == expected


def test_kp_rule_change_by_the_office_applies_from_its_start() -> None:
    office = rules.RuleSet([*rules.DEFAULT_RULES,
                            rules.Rule("kp_periode", "", [4, 10], D(2027, 1, 1), None, "aturan uji", True)])
    assert due.kp_due(pns(tmt_gol_akhir=D(2022, 12, 1)), office) == D(2026, 12, 1)  # before the new rule
    assert due.kp_due(pns(tmt_gol_akhir=D(2022, 12, 2)), office) == D(2027, 4, 1)  # 1 Jan 2027 → April
    assert due.kp_due(pns(tmt_gol_akhir=D(2023, 2, 1)), office) == D(2027, 4, 1)


def test_no_kp_for_pppk_cpns_top_rank_or_unknown_tmt() -> None:
    assert due.kp_due(pns(status_pegawai="pppk", golongan="IX"), RS) is None
    assert due.kp_due(pns(status_pegawai="cpns"), RS) is None
    assert due.kp_due(pns(golongan="IV/e", golongan_max=True), RS) is None
    assert due.kp_due(pns(tmt_gol_akhir=None), RS) is None


# ------------------------------------------------------------------------------------------- KGB


@pytest.mark.parametrize("facts, expected", [
    (pns(tmt_kgb_akhir=D(2024, 12, 1)), D(2026, 12, 1)),  # year end
    (pns(tmt_kgb_akhir=D(2024, 2, 29), tmt_gol_akhir=D(2020, 4, 1)), D(2026, 2, 28)),  # leap day, clamped
    (pns(tmt_kgb_akhir=D(2023, 1, 1), tmt_gol_akhir=D(2020, 4, 1)), D(2025, 1, 1)),
    (pns(golongan="III/a", tmt_gol_akhir=D(2020, 4, 1)), D(2022, 4, 1)),  # III: even MKG → 2 years
    (pns(golongan="II/a", tmt_gol_akhir=D(2020, 4, 1)), D(2021, 4, 1)),  # II: odd MKG → 1 year
    (pns(golongan="III/b", tmt_gol_akhir=D(2019, 4, 1), mk_tahun=3), D(2020, 4, 1)),  # MKG 3 → 4
    (pns(golongan="III/b", tmt_gol_akhir=D(2019, 4, 1), mk_tahun=2, mk_bulan=6), D(2020, 10, 1)),  # MKG 2 y 6 m → 4 y (even) 18 months later
    # a KP after the last KGB: the new pangkat's masa kerja decides
    (pns(golongan="III/d", tmt_gol_akhir=D(2024, 4, 1), mk_tahun=10, tmt_kgb_akhir=D(2023, 4, 1)), D(2026, 4, 1)),
    # an SK KP filed ahead of its TMT: the KGB due before that TMT still comes first
    (pns(golongan="III/c", tmt_gol_akhir=D(2027, 4, 1), mk_tahun=18, tmt_kgb_akhir=D(2025, 1, 1)), D(2027, 1, 1)),
    (Facts("pppk", D(1990, 3, 15), golongan="IX", kontrak_mulai=D(2024, 3, 1)), D(2026, 3, 1)),
    (Facts("pppk", D(1990, 3, 15), golongan="IX", kontrak_mulai=D(2024, 3, 1), tmt_kgb_akhir=D(2026, 3, 1)), D(2028, 3, 1)),
    (Facts("non_asn", D(1995, 1, 1), kontrak_mulai=D(2024, 1, 1)), None),
])
def test_kgb(facts: Facts, expected: dt.date | None) -> None:
    assert due.kgb_due(facts, RS) == expected


def test_kgb_deferred_by_a_disciplinary_penalty() -> None:
    f = pns(tmt_kgb_akhir=D(2024, 12, 1), tunda_kgb=((D(2025, 6, 1), 12),))
    assert due.kgb_due(f, RS) == D(2027, 12, 1)
    outside = pns(tmt_kgb_akhir=D(2024, 12, 1), tunda_kgb=((D(2024, 6, 1), 12),))  # before the period
    assert due.kgb_due(outside, RS) == D(2026, 12, 1)


# ------------------------------------------------------------------------------------------- BUP


@pytest.mark.parametrize("born, jenis, jenjang, age, tmt", [
    (D(1968, 5, 15), "pelaksana", "", 58, D(2026, 6, 1)),
    (D(1968, 12, 10), "pengawas", "", 58, D(2027, 1, 1)),  # the birth month is December: year end
    (D(1968, 2, 29), "administrator", "", 58, D(2026, 3, 1)),  # leap-day birthday, common year
    (D(1964, 2, 29), "fungsional_keahlian", "ahli_madya", 60, D(2024, 3, 1)),  # leap year to leap year
    (D(1966, 1, 31), "jpt", "pratama", 60, D(2026, 2, 1)),
    (D(1961, 7, 1), "fungsional_keahlian", "ahli_utama", 65, D(2026, 8, 1)),
    (D(1968, 7, 1), "fungsional_keahlian", "ahli_muda", 58, D(2026, 8, 1)),
    (D(1968, 7, 1), "fungsional_keterampilan", "penyelia", 58, D(2026, 8, 1)),
])
def test_bup_by_jabatan(born: dt.date, jenis: str, jenjang: str, age: int, tmt: dt.date) -> None:
    f = pns(tgl_lahir=born, jenis_jabatan=jenis, jenjang_jabatan=jenjang)
    assert due.bup(f, RS) == (age, tmt)
    items = {k: d for k, d, _n, _b in due.items_for(f, RS)}
    assert items["bup"] == tmt and items["pensiun_proses"] == due.add_months(tmt, -12)


def test_bup_change_applies_to_who_has_not_retired_when_it_starts() -> None:
    office = rules.RuleSet([*rules.DEFAULT_RULES,
                            rules.Rule("bup", "administrasi", 60, D(2027, 1, 1), None, "aturan uji", True)])
    assert due.bup(pns(tgl_lahir=D(1968, 12, 31)), office) == (58, D(2027, 1, 1))  # 58 on 31 Dec 2026
    assert due.bup(pns(tgl_lahir=D(1969, 1, 1)), office) == (60, D(2029, 2, 1))  # 58 on 1 Jan 2027: new rule


def test_an_sk_pensiun_date_overrides_and_no_kp_after_retirement() -> None:
    assert due.bup(pns(tmt_pensiun=D(2027, 5, 1)), RS) == (58, D(2027, 5, 1))
    old = pns(tgl_lahir=D(1969, 1, 20), tmt_gol_akhir=D(2023, 4, 1))  # KP would be 2027-04-01, BUP 2027-02-01
    kinds = [k for k, *_ in due.items_for(old, RS)]
    assert "kp" not in kinds and "bup" in kinds


# ------------------------------------------------------------------------------------------- contracts


@pytest.mark.parametrize("end, usul", [
    (D(2026, 12, 31), D(2026, 6, 30)),
    (D(2026, 8, 31), D(2026, 2, 28)),  # clamped to the end of February
    (D(2028, 8, 31), D(2028, 2, 29)),  # leap year
    (D(2027, 3, 31), D(2026, 9, 30)),  # across a year end
    (D(2027, 6, 30), D(2026, 12, 30)),
])
def test_pppk_extension_six_months_before_the_end(end: dt.date, usul: dt.date) -> None:
    f = Facts("pppk", D(1990, 3, 15), golongan="IX", kontrak_mulai=D(2024, 1, 1), kontrak_selesai=end)
    items = {k: d for k, d, _n, _b in due.items_for(f, RS)}
    assert items["kontrak_usul"] == usul and items["kontrak_akhir"] == end
    assert "kp" not in items and "bup" not in items


def test_non_asn_gets_the_contract_end_only() -> None:
    f = Facts("non_asn", D(1995, 1, 1), kontrak_mulai=D(2026, 1, 1), kontrak_selesai=D(2026, 12, 31))
    assert [(k, d) for k, d, _n, _b in due.items_for(f, RS)] == [("kontrak_akhir", D(2026, 12, 31))]


def test_office_rule_must_be_sound(ctx) -> None:
    with pytest.raises(ValidationFailed, match="bulan 1–12"):
        perform(ctx.db, SYSTEM, lambda uow: rules.add_rule(uow, "kp_periode", [13], D(2027, 1, 1), dasar_hukum="x"))
    with pytest.raises(ValidationFailed, match="Dasar hukum"):
        perform(ctx.db, SYSTEM, lambda uow: rules.add_rule(uow, "kgb_interval", 24, D(2027, 1, 1)))
    op = Actor(None, "juru", "Juru", Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        perform(ctx.db, op, lambda uow: rules.add_rule(uow, "kgb_interval", 24, D(2027, 1, 1), dasar_hukum="x"))
    perform(ctx.db, SYSTEM, lambda uow: rules.add_rule(uow, "kp_periode", [4, 10], D(2027, 1, 1),
                                                       dasar_hukum="Aturan uji kembali ke April/Oktober"))
    with UnitOfWork(ctx.db, SYSTEM, write=False) as uow:
        rs = rules.load(uow)
        assert rs.value("kp_periode", D(2026, 12, 31)) == list(range(1, 13))
        assert rs.value("kp_periode", D(2027, 1, 1)) == [4, 10]


# ------------------------------------------------------------------------------------------- DB: due list, DUK


def nip(born: dt.date, tmt: dt.date, seq: int, sex: str = "L") -> str:
    return f"{born:%Y%m%d}{tmt:%Y%m}{'1' if sex == 'L' else '2'}{seq:03d}"


def make(ctx, name: str, **kw: object) -> int:
    born = kw.pop("born", D(1985, 6, 10))
    tmt_cpns = kw.pop("tmt_cpns", D(2010, 1, 1))
    seq = kw.pop("seq", 1)
    data: dict[str, object] = dict(nama=name, tgl_lahir=born, jenis_kelamin="L", status_pegawai="pns",
                                   nip_baru=nip(born, tmt_cpns, seq), tmt_cpns=tmt_cpns, gol_ruang_akhir="III/c",
                                   tmt_gol_akhir=D(2020, 4, 1), jenis_jabatan="pelaksana", pendidikan_tingkat="S1",
                                   tahun_lulus=2008)
    data.update(kw)
    return perform(ctx.db, SYSTEM, lambda uow: service.create_employee(uow, EmployeeInput(**data))).value.id  # type: ignore[arg-type]


def test_due_list_h60(ctx) -> None:
    soon = make(ctx, "Kgb Segera", tmt_kgb_akhir=D(2025, 1, 1), tmt_gol_akhir=D(2023, 4, 1))  # KGB 2027-01-01
    late = make(ctx, "Kgb Lewat", tmt_kgb_akhir=D(2024, 10, 1), tmt_gol_akhir=D(2023, 4, 1), seq=2)  # 2026-10-01
    make(ctx, "Kgb Nanti", tmt_kgb_akhir=D(2026, 4, 1), tmt_gol_akhir=D(2023, 4, 1), seq=3)  # 2028
    with UnitOfWork(ctx.db, SYSTEM, write=False) as uow:
        items = due.due_items(uow, within_days=60, jenis=["kgb"])  # today: 2026-12-01
    got = [(i.employee_id, i.tanggal, i.status) for i in items]
    assert got == [(late, D(2026, 10, 1), "lewat"), (soon, D(2027, 1, 1), "segera")]
    assert items[1].peringatan_mulai == D(2026, 11, 2) and items[1].jenis_label == "Kenaikan gaji berkala"


def test_duk_orders_by_each_criterion_and_says_which_decided(ctx) -> None:
    people = [
        ("Satu", dict(gol_ruang_akhir="III/d")),
        ("Dua", dict(tmt_gol_akhir=D(2019, 4, 1))),
        ("Tiga", dict(jenis_jabatan="pengawas", eselon="IV.a", jabatan_nama="Kasubag")),
        ("Empat", dict(tmt_cpns=D(2005, 3, 1))),
        ("Lima", dict(diklat=True)),
        ("Enam", dict()),
        ("Tujuh", dict(pendidikan_tingkat="SMA", tahun_lulus=2003)),
        ("Delapan", dict(pendidikan_tingkat="SMA", tahun_lulus=2003, born=D(1986, 1, 5), seq=1)),
        ("Sembilan", dict(pendidikan_tingkat="SMA", tahun_lulus=2003, born=D(1986, 1, 5), seq=2)),
    ]
    order = list(range(len(people)))
    random.Random(7).shuffle(order)
    ids: dict[str, int] = {}
    for i in order:
        name, kw = people[i]
        kw = dict(kw)
        with_diklat = kw.pop("diklat", False)
        kw.setdefault("seq", 10 + i)
        ids[name] = make(ctx, name, **kw)
        if with_diklat:
            perform(ctx.db, SYSTEM, lambda uow, e=ids[name]: service.add_history(uow, e, "diklat", {
                "jenis": "kepemimpinan", "nama": "Pelatihan Kepemimpinan Pengawas", "tingkat": 4}))
    make(ctx, "Calon", status_pegawai="cpns", seq=9, gol_ruang_akhir="III/a")  # CPNS: not in the DUK
    with UnitOfWork(ctx.db, SYSTEM, write=False) as uow:
        rows = duk.duk(uow)
    assert [r.nama for r in rows] == [p[0] for p in people]
    assert [r.penentu for r in rows] == ["", "pangkat", "pangkat", "jabatan", "masa kerja", "latihan jabatan",
                                         "pendidikan", "usia", "NIP"]
    assert rows[4].latihan == "Pelatihan Kepemimpinan Pengawas" and rows[0].pangkat == "Penata Tingkat I"
