"""DUK (Daftar Urut Kepangkatan), PP 15/1979: active PNS ordered by the legal criteria, in order:

1. **pangkat** — higher golongan first; equal golongan: the earlier TMT golongan first;
2. **jabatan** — higher jabatan first (see :func:`jabatan_rank`); equal: the earlier TMT jabatan;
3. **masa kerja** — longer service (from TMT CPNS) first;
4. **latihan jabatan** — the higher leadership training (diklat kepemimpinan tingkat 1 highest;
   none lowest) first;
5. **pendidikan** — the higher level first; equal: the earlier graduation year;
6. **usia** — the older first.

Ties after all six (rare: same day of birth as well) are broken by NIP, lowest first, so the
order is always the same; each row says which criterion placed it after the row above
(``penentu``), which is what an objection to the DUK asks.

Jabatan rank (PP 15/1979 speaks of eselon; the kecamatan's non-eselon posts need an order too —
this is the office's reading): JPT (utama > madya > pratama) > administrator > pengawas >
fungsional keahlian (utama > madya > muda > pertama) > fungsional keterampilan (penyelia > mahir
> terampil > pemula) > pelaksana; within a kind, a higher eselon (I.a highest) first.
CPNS are not in the DUK (it lists PNS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from tatausaha import clock
from tatausaha.models.staff import TINGKAT_PENDIDIKAN, Golongan, Pegawai, RiwayatDiklat
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import access, ident
from tatausaha.staff.service import masa_kerja, nama_lengkap

CRITERIA = ("pangkat", "jabatan", "masa kerja", "latihan jabatan", "pendidikan", "usia", "NIP")

_KIND_RANK = {"jpt": 6, "administrator": 5, "pengawas": 4, "fungsional_keahlian": 3, "fungsional_keterampilan": 2,
              "pelaksana": 1}
_JENJANG_RANK = {"utama": 3, "madya": 2, "pratama": 1, "ahli_utama": 4, "ahli_madya": 3, "ahli_muda": 2,
                 "ahli_pertama": 1, "penyelia": 4, "mahir": 3, "terampil": 2, "pemula": 1}


def _eselon_rank(eselon: str) -> int:
    """I.a → 10 … IV.b → 3, V.a → 2; none → 0 (higher is better)."""
    e = (eselon or "").upper().replace("/", ".").strip()
    order = ("V.B", "V.A", "IV.B", "IV.A", "III.B", "III.A", "II.B", "II.A", "I.B", "I.A")
    return order.index(e) + 1 if e in order else 0


def jabatan_rank(jenis: str, jenjang: str, eselon: str) -> tuple[int, int, int]:
    return (_KIND_RANK.get(jenis, 0), _JENJANG_RANK.get(jenjang, 0), _eselon_rank(eselon))


@dataclass(frozen=True)
class DukRow:
    nomor: int
    employee_id: int
    nama: str
    nip: str
    golongan: str
    pangkat: str
    tmt_golongan: dt.date | None
    jabatan: str
    tmt_jabatan: dt.date | None
    masa_kerja: tuple[int, int]  # years, months
    latihan: str  # best leadership training
    pendidikan: str
    tahun_lulus: int | None
    tgl_lahir: dt.date | None  # None when masked
    penentu: str  # the criterion that placed it after the row above ("" for the first)


_FAR = dt.date(9999, 12, 31)


def sort_key(p: Pegawai, golongan: dict[str, Golongan], diklat: dict[int, int], on: dt.date) -> tuple[tuple, ...]:
    """One sub-key per criterion (in ``CRITERIA`` order), each ascending = earlier in the DUK."""
    g = golongan.get(p.gol_ruang_akhir or "")
    months = masa_kerja(p.tmt_cpns, on)
    edu = TINGKAT_PENDIDIKAN.index(p.pendidikan_tingkat) if p.pendidikan_tingkat in TINGKAT_PENDIDIKAN else -1
    level = diklat.get(p.id, 0)
    j = jabatan_rank(p.jenis_jabatan, p.jenjang_jabatan, p.eselon)
    return (
        (-(g.urutan if g else 0), p.tmt_gol_akhir or _FAR),
        (-j[0], -j[1], -j[2], p.tmt_jabatan or _FAR),
        (-(months[0] * 12 + months[1]),),
        ((level if level else 99),),
        (-edu, p.tahun_lulus or 9999),
        (p.tgl_lahir,),
        (p.nip_baru or "", p.id),
    )


def duk(uow: UnitOfWork, *, on: dt.date | None = None) -> list[DukRow]:
    uow.require(Permission.READ)
    on = on or clock.today()
    personal = access.may_see_personal(uow)
    golongan = {g.kode: g for g in uow.session.execute(select(Golongan)).scalars()}
    diklat = {pid: int(best) for pid, best in uow.session.execute(
        select(RiwayatDiklat.pegawai_id, func.min(RiwayatDiklat.tingkat))
        .where(RiwayatDiklat.jenis == "kepemimpinan", RiwayatDiklat.tingkat > 0).group_by(RiwayatDiklat.pegawai_id))}
    names = {pid: n for pid, n in uow.session.execute(
        select(RiwayatDiklat.pegawai_id, RiwayatDiklat.nama)
        .where(RiwayatDiklat.jenis == "kepemimpinan", RiwayatDiklat.tingkat > 0)
        .order_by(RiwayatDiklat.tingkat.desc()))}  # the last written per employee is the best
    people = list(uow.session.execute(
        select(Pegawai).where(Pegawai.status_pegawai == "pns", Pegawai.kedudukan == "aktif")).scalars())
    keyed = sorted(((sort_key(p, golongan, diklat, on), p) for p in people), key=lambda kp: kp[0])
    out: list[DukRow] = []
    prev: tuple[tuple, ...] | None = None
    for n, (key, p) in enumerate(keyed, start=1):
        penentu = ""
        if prev is not None:
            penentu = next((CRITERIA[i] for i in range(len(CRITERIA)) if key[i] != prev[i]), CRITERIA[-1])
        prev = key
        g = golongan.get(p.gol_ruang_akhir or "")
        out.append(DukRow(
            nomor=n, employee_id=p.id, nama=nama_lengkap(p),
            nip=(ident.format_nip(p.nip_baru) if personal else ident.mask(p.nip_baru)) if p.nip_baru else "",
            golongan=p.gol_ruang_akhir or "", pangkat=g.pangkat if g else "", tmt_golongan=p.tmt_gol_akhir,
            jabatan=p.jabatan_nama, tmt_jabatan=p.tmt_jabatan, masa_kerja=masa_kerja(p.tmt_cpns, on),
            latihan=names.get(p.id, ""), pendidikan=p.pendidikan_nama or p.pendidikan_tingkat, tahun_lulus=p.tahun_lulus,
            tgl_lahir=p.tgl_lahir if personal else None, penentu=penentu,
        ))
    return out
