"""The demo office's staff: the seven officials of the demo (same NIPs) and eighteen more — PNS,
CPNS, PPPK, PPPK paruh waktu and non-ASN — with pangkat, jabatan, pendidikan, KGB, diklat, cuti,
hukdis and contract histories, and a few items due soon *relative to the demo day* (a KGB next
month, a KP, a PPPK extension to propose, a non-ASN contract ending, a pension to prepare) and two
overdue by weeks, not years (a KP two months late, a pension file that should have been started).

Everything goes through the area's services (the write path), so the demo also exercises them.
The account ``operator`` (Pengadministrasi Umum, UMPEG) is named pengelola kepegawaian.
A scanned SK KGB showing one employee's NIP lands in the demo scan folder: the Kotak Pindai
suggests that employee for it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from tatausaha import clock
from tatausaha.models.office import Unit
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import access, service
from tatausaha.staff.due import add_months, first_of_next_month
from tatausaha.staff.service import EmployeeInput

D = dt.date

PNS_ORDER = ("I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
             "IV/a", "IV/b", "IV/c", "IV/d", "IV/e")
GAJI = {"II": 2_900_000, "III": 3_600_000, "IV": 4_300_000, "I": 2_200_000}

# name, gelar depan, gelar belakang, sex, born, tmt_cpns, gol, jenis_jabatan, jenjang, eselon, jabatan, unit, pendidikan
PNS: list[tuple[Any, ...]] = [
    ("Ahmad Suryadi", "Drs. H.", "M.Si.", "L", D(1972, 3, 15), D(1993, 3, 1), "IV/b", "administrator", "", "III.a",
     "Camat Jatisampurna", None, ("S2", "Magister Ilmu Pemerintahan", 2004)),
    ("Rina Marlina", "Hj.", "S.Sos., M.M.", "P", D(1978, 8, 22), D(2005, 1, 1), "IV/a", "administrator", "", "III.b",
     "Sekretaris Kecamatan", "SEKRE", ("S2", "Magister Manajemen", 2010)),
    ("Budi Santoso", "", "S.AP.", "L", D(1981, 4, 10), D(2009, 1, 1), "III/d", "pengawas", "", "IV.a",
     "Kepala Subbagian Umum dan Kepegawaian", "UMPEG", ("S1", "Administrasi Publik", 2004)),
    ("Dewi Anggraini", "", "S.IP.", "P", D(1985, 6, 18), D(2010, 1, 1), "III/c", "pengawas", "", "IV.a",
     "Kepala Seksi Pemerintahan", "PEM", ("S1", "Ilmu Pemerintahan", 2007)),
    ("Agus Hermawan", "", "S.H.", "L", D(1982, 9, 5), D(2008, 1, 1), "III/d", "pengawas", "", "IV.a",
     "Kepala Seksi Ketenteraman dan Ketertiban Umum", "TRANTIB", ("S1", "Ilmu Hukum", 2005)),
    ("Siti Nurhaliza", "", "A.Md.", "P", D(1992, 3, 14), D(2019, 3, 1), "II/d", "pelaksana", "", "",
     "Pengadministrasi Umum", "UMPEG", ("D3", "Administrasi Perkantoran", 2013)),
    ("Rudi Hartono", "", "", "L", D(1990, 11, 20), D(2014, 2, 1), "II/d", "pelaksana", "", "",
     "Pengelola Arsip", "UMPEG", ("SMA", "SMA Negeri 2 Bekasi", 2008)),
    # the rest of the office
    ("Hendra Gunawan", "", "S.E.", "L", D(1980, 1, 25), D(2006, 4, 1), "III/d", "pengawas", "", "IV.a",
     "Kepala Subbagian Program dan Keuangan", "PK", ("S1", "Akuntansi", 2003)),
    ("Nurul Hidayah", "", "S.Sos.", "P", D(1984, 12, 2), D(2010, 3, 1), "III/c", "pengawas", "", "IV.a",
     "Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan", "PMK", ("S1", "Sosiologi", 2007)),
    ("Eko Prasetyo", "", "S.T.", "L", D(1983, 7, 9), D(2009, 3, 1), "III/c", "pengawas", "", "IV.a",
     "Kepala Seksi Ekonomi dan Pembangunan", "EKBANG", ("S1", "Teknik Sipil", 2006)),
    ("Yuliana Sari", "", "S.Kom.", "P", D(1987, 7, 30), D(2011, 2, 1), "III/c", "pengawas", "", "IV.a",
     "Kepala Seksi Pelayanan Umum", "PELYAN", ("S1", "Teknik Informatika", 2009)),
    ("Fajar Ramadhan", "", "S.I.Kom.", "L", D(1991, 4, 4), D(2017, 1, 1), "III/b", "fungsional_keahlian",
     "ahli_pertama", "", "Pranata Humas Ahli Pertama", "SEKRE", ("S1", "Ilmu Komunikasi", 2013)),
    ("Lestari Wulandari", "", "S.Hum.", "P", D(1989, 10, 12), D(2015, 3, 1), "III/c", "fungsional_keahlian",
     "ahli_muda", "", "Arsiparis Ahli Muda", "UMPEG", ("S1", "Ilmu Perpustakaan", 2011)),
    ("Bambang Sutrisno", "", "", "L", None, D(1991, 3, 1), "III/b", "pelaksana", "", "",
     "Pengadministrasi Perkantoran", "PEM", ("SMA", "SMA Negeri 1 Bekasi", 1986)),
    ("Wahyu Hidayat", "", "A.Md.", "L", D(1988, 5, 17), D(2012, 1, 1), "II/d", "fungsional_keterampilan",
     "terampil", "", "Pranata Komputer Terampil", "PELYAN", ("D3", "Manajemen Informatika", 2009)),
    ("Maya Puspita", "", "S.Ak.", "P", D(1996, 2, 29), D(2024, 6, 1), "III/a", "pelaksana", "", "",
     "Penata Laporan Keuangan", "PK", ("S1", "Akuntansi", 2018)),  # CPNS, born on a leap day
]
#: the sequence digits of the demo officials' NIPs (tatausaha.app.demo.PEOPLE), so both agree
NIP_SEQ = {"Ahmad Suryadi": 4, "Rina Marlina": 9, "Budi Santoso": 3, "Dewi Anggraini": 15, "Agus Hermawan": 7,
           "Siti Nurhaliza": 12, "Rudi Hartono": 2}
# name, gelar belakang, sex, born, status, gol, jabatan, unit, pendidikan, contract start
KONTRAK: list[tuple[Any, ...]] = [
    ("Rizki Maulana", "S.Kom.", "L", D(1994, 8, 8), "pppk", "IX", "Pranata Komputer Ahli Pertama", "PELYAN",
     ("S1", "Sistem Informasi", 2016), D(2024, 3, 1)),
    ("Indah Permatasari", "S.Pd.", "P", D(1993, 1, 21), "pppk", "IX", "Penyuluh Sosial Ahli Pertama", "PMK",
     ("S1", "Pendidikan Luar Sekolah", 2015), D(2023, 3, 1)),
    ("Slamet Riyadi", "", "L", D(1979, 6, 6), "pppk_paruh_waktu", "V", "Operator Layanan Operasional", "TRANTIB",
     ("SMA", "SMK Negeri 1 Bekasi", 1997), D(2025, 10, 1)),
    ("Dimas Saputra", "", "L", D(1998, 9, 14), "non_asn", None, "Pengemudi", "UMPEG", ("SMA", "SMA Negeri 5 Bekasi", 2016),
     D(2026, 1, 1)),
    ("Ratna Kurniasih", "A.Md.", "P", D(1997, 4, 3), "non_asn", None, "Petugas Layanan PATEN", "PELYAN",
     ("D3", "Administrasi Bisnis", 2018), D(2026, 1, 1)),
    ("Joko Susilo", "", "L", D(1985, 11, 11), "non_asn", None, "Petugas Kebersihan", "UMPEG", ("SMP", "SMP Negeri 3 Bekasi", 2001),
     D(2026, 1, 1)),
    ("Ayu Lestari", "S.E.", "P", D(1995, 12, 24), "pppk", "IX", "Analis Keuangan Ahli Pertama", "PK",
     ("S1", "Manajemen", 2017), D(2024, 3, 1)),
    ("Taufik Hidayat", "", "L", D(1990, 2, 2), "non_asn", None, "Satpam", "TRANTIB", ("SMA", "SMA PGRI Bekasi", 2008),
     D(2026, 1, 1)),
    ("Sri Wahyuni", "", "P", D(1992, 6, 30), "pppk_paruh_waktu", "IV", "Pengadministrasi Umum", "SEKRE",
     ("SMA", "SMA Negeri 4 Bekasi", 2010), D(2025, 10, 1)),
]


def _nip(born: dt.date, tmt: dt.date, sex: str, seq: int, pppk: bool = False) -> str:
    month = "21" if pppk else f"{tmt.month:02d}"
    return f"{born:%Y%m%d}{tmt.year}{month}{'1' if sex == 'L' else '2'}{seq:03d}"


def _units(uow: UnitOfWork) -> dict[str, tuple[int, str]]:
    return {k: (i, n) for i, k, n in uow.session.execute(select(Unit.id, Unit.kode, Unit.nama))}


def demo_fill(ctx: Any, uow: UnitOfWork, rng: random.Random) -> dict[str, int]:
    today = clock.today()
    units = _units(uow)
    next_month = first_of_next_month(today)
    made: dict[str, int] = {}
    n_history = 0

    def add(eid: int, kind: str, fields: dict[str, Any]) -> None:
        nonlocal n_history
        service.add_history(uow, eid, kind, fields)
        n_history += 1

    for i, (nama, gd, gb, sex, born, tmt_cpns, gol, jj, jenjang, eselon, jabatan, unit, edu) in enumerate(PNS):
        if born is None:  # a pelaksana who reaches 58 about eight months after the demo day: pension to prepare
            born = add_months(today, 8).replace(day=12)
            born = born.replace(year=born.year - 58)
        if nama == "Maya Puspita":  # a CPNS appointed five months before the demo day
            tmt_cpns = add_months(today.replace(day=1), -5)
        status = "cpns" if tmt_cpns > add_months(today, -12) else "pns"
        gi = PNS_ORDER.index(gol)
        start_gol = {"S2": "III/b", "S1": "III/a", "D3": "II/c", "SMA": "II/a"}[edu[0]]
        steps = max(gi - PNS_ORDER.index(start_gol), 0)
        tmt_pns = add_months(tmt_cpns, 12) if status == "pns" else None
        # the current pangkat: a few years ago (the steps before it spread evenly from the CPNS start)
        tmt_gol = add_months(today.replace(day=1), -rng.randrange(8, 40))
        if nama == "Rudi Hartono":  # KP due about a month after the demo day
            tmt_gol = add_months(first_of_next_month(today + dt.timedelta(days=30)), -48)
        if nama == "Siti Nurhaliza":  # her regular KP four years after the CPNS start (II/c -> II/d)
            tmt_gol = D(tmt_cpns.year + 4, 4, 1)
        if nama == "Eko Prasetyo":  # his regular KP fell two months before the demo day: overdue
            tmt_gol = add_months(today.replace(day=1), -50)
        if steps == 0 or tmt_gol <= tmt_cpns:
            steps, tmt_gol = 0, tmt_cpns
        span = (tmt_gol.year - tmt_cpns.year) * 12 + tmt_gol.month - tmt_cpns.month
        kode = unit or ""
        unit_id, unit_nama = units.get(kode, (None, "Kecamatan Jatisampurna"))
        data = EmployeeInput(
            nama=nama, gelar_depan=gd, gelar_belakang=gb, tgl_lahir=born, jenis_kelamin=sex, status_pegawai=status,
            nip_baru=_nip(born, tmt_cpns, sex, NIP_SEQ.get(nama, 20 + i)), nik=_nik(born, sex, i), tempat_lahir=rng.choice(
                ["Bekasi", "Bogor", "Jakarta", "Bandung", "Karawang", "Cirebon"]), agama="Islam",
            tmt_cpns=tmt_cpns, nomor_sk_cpns=f"813.3/{100 + i}/BKPSDM/{tmt_cpns.year}", tmt_pns=tmt_pns,
            gol_ruang_akhir=start_gol if steps == 0 else PNS_ORDER[PNS_ORDER.index(start_gol)], tmt_gol_akhir=tmt_cpns,
            jenis_jabatan=jj, jenjang_jabatan=jenjang, eselon=eselon, jabatan_nama=jabatan, tmt_jabatan=None,
            unor_nama=unit_nama, unit_id=unit_id, pendidikan_tingkat=edu[0], pendidikan_nama=f"{edu[0]} {edu[1]}",
            tahun_lulus=edu[2], no_hp=f"0812{rng.randrange(10_000_000, 99_999_999)}",
            alamat=f"Jl. {rng.choice(['Raya Hankam', 'Kranggan', 'Jatikarya', 'Cibubur'])} No. {rng.randrange(1, 200)}",
            no_npwp=f"{rng.randrange(10**14, 10**15)}", bank_nama="Bank BJB",
            bank_rekening=f"00{rng.randrange(10**10, 10**11)}", bank_atas_nama=nama,
            gaji_pokok=GAJI[gol.split("/")[0]],
        )
        eid = service.create_employee(uow, data).id
        made[nama] = eid
        # pangkat history: the CPNS pangkat, then every step to the current one
        for s in range(steps + 1):
            g = PNS_ORDER[PNS_ORDER.index(start_gol) + s]
            when = tmt_gol if s == steps else add_months(tmt_cpns, span * s // steps)
            months = max((when.year - tmt_cpns.year) * 12 + when.month - tmt_cpns.month, 0)
            add(eid, "pangkat", {"golongan": g, "tmt_golongan": when, "jenis_kp": "pengangkatan CPNS" if s == 0 else "reguler",
                                 "mk_golongan_tahun": months // 12 if s else 0, "mk_golongan_bulan": months % 12 if s else 0,
                                 "sk_nomor": f"823.3/{200 + 10 * i + s}/BKPSDM/{when.year}", "sk_tanggal": add_months(when, -2)})
        add(eid, "jabatan", {"jenis_jabatan": jj, "jabatan_nama": jabatan, "jenjang_jabatan": jenjang, "eselon": eselon,
                             "unor_nama": unit_nama, "tmt_jabatan": max(add_months(today, -rng.randrange(14, 60)), tmt_cpns),
                             "sk_nomor": f"821.2/{300 + i}/BKPSDM"})
        add(eid, "pendidikan", {"tingkat": edu[0], "nama_sekolah": edu[1], "jurusan": edu[1], "tahun_lulus": edu[2]})
        # KGB: the last one; Siti's next falls on the 1st of next month
        if nama == "Siti Nurhaliza":
            last_kgb = add_months(next_month, -24)
        else:  # some months after the current pangkat, so the next one is still ahead
            since = (today.year - tmt_gol.year) * 12 + today.month - tmt_gol.month
            last_kgb = add_months(today.replace(day=1), -rng.randrange(2, max(min(22, since), 3)))
        if status == "pns" and last_kgb >= tmt_gol:
            add(eid, "kgb", {"tmt_kgb": last_kgb, "golongan": gol, "gaji_lama": GAJI[gol.split("/")[0]] - 90_000,
                             "gaji_baru": GAJI[gol.split("/")[0]], "sk_nomor": f"822/{400 + i}/Kec.JTS/{last_kgb.year}",
                             "sk_tanggal": add_months(last_kgb, -2)})
        if jj in ("administrator", "pengawas"):
            add(eid, "diklat", {"jenis": "kepemimpinan", "nama": "Pelatihan Kepemimpinan Administrator" if jj == "administrator"
                                else "Pelatihan Kepemimpinan Pengawas", "tingkat": 3 if jj == "administrator" else 4,
                                "penyelenggara": "BPSDM Provinsi Jawa Barat", "jam": 200,
                                "tanggal_mulai": D(max(tmt_cpns.year + 5, 2015), 3, 1),
                                "tanggal_selesai": D(max(tmt_cpns.year + 5, 2015), 6, 30)})
        else:
            add(eid, "diklat", {"jenis": "teknis", "nama": rng.choice(["Bimtek SRIKANDI", "Pelatihan Kearsipan Dinamis",
                                                                        "Bimtek SIPD Penatausahaan"]),
                                "penyelenggara": "Pemerintah Kota Bekasi", "jam": 24,
                                "tanggal_mulai": D(today.year - 1, 9, 9), "tanggal_selesai": D(today.year - 1, 9, 11)})
        if status == "pns" and rng.random() < 0.7:  # some cuti tahunan this year
            start = D(today.year, rng.choice([2, 3, 5, 7]), 3)
            while start.weekday() >= 5:
                start += dt.timedelta(days=1)
            add(eid, "cuti", {"jenis": "tahunan", "tanggal_mulai": start, "tanggal_selesai": start + dt.timedelta(days=rng.randrange(0, 4)),
                              "alasan": "Keperluan keluarga"})
        if nama == "Wahyu Hidayat":  # a light disciplinary penalty, long served
            add(eid, "hukdis", {"tingkat": "ringan", "jenis": "Teguran tertulis", "tmt": D(2022, 5, 2),
                                "sk_nomor": "862/12/Kec.JTS/2022"})

    for j, (nama, gb, sex, born, status, gol, jabatan, unit, edu, start) in enumerate(KONTRAK):
        unit_id, unit_nama = units.get(unit, (None, ""))
        pppk = status != "non_asn"
        years = 5 if status == "pppk" else 1
        end = add_months(start, 12 * years) - dt.timedelta(days=1)
        if nama == "Rizki Maulana":  # the extension must be proposed about three weeks after the demo day
            end = add_months(today + dt.timedelta(days=21), 6)
        if nama == "Dimas Saputra":  # a non-ASN contract ending in about six weeks
            end = today + dt.timedelta(days=45)
        if nama in ("Ratna Kurniasih", "Joko Susilo", "Taufik Hidayat"):
            end = D(today.year, 12, 31)
        if end <= start:
            start = add_months(end, -12) + dt.timedelta(days=1)
        data = EmployeeInput(
            nama=nama, gelar_belakang=gb, tgl_lahir=born, jenis_kelamin=sex, status_pegawai=status,
            nip_baru=_nip(born, start, sex, 1 + j, pppk=True) if pppk else None, nik=_nik(born, sex, 40 + j),
            tempat_lahir="Bekasi", agama=rng.choice(["Islam", "Islam", "Kristen"]), kontrak_mulai=start,
            kontrak_selesai=end, gol_ruang_akhir=gol, tmt_gol_akhir=start if gol else None, jabatan_nama=jabatan,
            jenis_jabatan="fungsional_keahlian" if "Ahli" in jabatan else "pelaksana",
            jenjang_jabatan="ahli_pertama" if "Ahli Pertama" in jabatan else "",
            unor_nama=unit_nama, unit_id=unit_id, pendidikan_tingkat=edu[0], pendidikan_nama=f"{edu[0]} {edu[1]}",
            tahun_lulus=edu[2], bank_nama="Bank BJB", bank_rekening=f"00{rng.randrange(10**10, 10**11)}",
            bank_atas_nama=nama, no_npwp=f"{rng.randrange(10**14, 10**15)}",
            gaji_pokok=3_200_000 if gol == "IX" else (2_100_000 if gol else 0),
        )
        eid = service.create_employee(uow, data).id
        made[nama] = eid
        add(eid, "kontrak", {"kontrak_mulai": start, "kontrak_selesai": end,
                             "sk_nomor": f"800.1.2/{500 + j}/{'BKPSDM' if pppk else 'Kec.JTS'}/{start.year}"})
        ke = 0
        while end < today:  # extended year by year up to the demo day
            ke += 1
            nxt = end + dt.timedelta(days=1)
            end = add_months(nxt, 12) - dt.timedelta(days=1)
            add(eid, "kontrak", {"kontrak_mulai": nxt, "kontrak_selesai": end, "perpanjangan_ke": ke,
                                 "sk_nomor": f"800.1.2/{600 + 10 * j + ke}/BKPSDM/{nxt.year}"})
        kgb = add_months(start, 24)
        last = None
        while status == "pppk" and kgb <= today:
            last = kgb
            kgb = add_months(kgb, 24)
        if last is not None:
            add(eid, "kgb", {"tmt_kgb": last, "golongan": gol, "sk_nomor": f"822/{700 + j}/Kec.JTS/{last.year}"})
        add(eid, "pendidikan", {"tingkat": edu[0], "nama_sekolah": edu[1], "jurusan": edu[1], "tahun_lulus": edu[2]})
        if gol:
            add(eid, "pangkat", {"golongan": gol, "tmt_golongan": start, "jenis_kp": "pengangkatan PPPK",
                                 "sk_nomor": f"800.1.2/{500 + j}/BKPSDM/{start.year}"})
    access.set_pengelola(uow, ["operator"])
    _demo_scan(ctx, uow, made.get("Budi Santoso"))
    return {"pegawai": len(made), "riwayat": n_history}


def _nik(born: dt.date, sex: str, i: int) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"327508{day:02d}{born:%m}{born:%y}{1 + i:04d}"


def _demo_scan(ctx: Any, uow: UnitOfWork, employee_id: int | None) -> None:
    """An SK KGB scan showing one employee's NIP, in the demo scan folder (suggested for him)."""
    if employee_id is None or getattr(ctx, "paths", None) is None:
        return
    from tatausaha.ingest import testing as T
    from tatausaha.ingest.demo import demo_folder
    from tatausaha.models.staff import Pegawai

    p = uow.session.get(Pegawai, employee_id)
    if p is None or not p.nip_baru:
        return
    tmt = first_of_next_month(clock.today())
    from tatausaha.idformat import tanggal_panjang
    from tatausaha.staff.ident import format_nip

    body = (
        f"Diberitahukan bahwa kepada pegawai: Nama {service.nama_lengkap(p)}, NIP {format_nip(p.nip_baru)}, "
        f"pangkat/golongan Penata Tingkat I ({p.gol_ruang_akhir}), diberikan kenaikan gaji berkala "
        f"terhitung mulai tanggal {tanggal_panjang(tmt)}.",
        "Gaji pokok baru Rp 4.100.000, masa kerja golongan 14 tahun 0 bulan.",
    )
    folder = demo_folder(ctx)
    (folder / "sk-kgb-budi.pdf").write_bytes(T.letter_pdf(
        None, nomor=f"822/{tmt.month}/Kec.JTS/{tmt.year}", hal="Pemberitahuan Kenaikan Gaji Berkala", body=body,
        tanggal=clock.today()))
