"""The KGB covering letter, drafted through the correspondence area.

The staff area *reads* correspondence (``Area.reads`` and one ``ignore_imports`` line in the
independence contract name exactly this module): a KGB letter is a surat keluar like any other —
a konsep (draft) in the Surat Keluar register, then paraf, signature, number, printing and the
printed copy kept, all by correspondence's own services. This module only writes its content:
a Surat Pengantar to the BKPSDM proposing the periodic salary increase of the employees chosen,
each with name, NIP, pangkat/golongan, jabatan, current basic salary, masa kerja golongan on the
new date and the TMT of the next KGB (from the staff due-date engine).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from tatausaha import clock
from tatausaha.correspondence import letters
from tatausaha.correspondence.letter_types import SuratKeluarInput
from tatausaha.errors import ValidationFailed
from tatausaha.idformat import tanggal_panjang
from tatausaha.models.office import Official
from tatausaha.models.staff import Golongan, Pegawai
from tatausaha.services.auth import Permission
from tatausaha.services.office import get_office
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import access, due, ident, service

#: Permendagri 83/2022: 800.1.11.13 Pengurusan Kenaikan Gaji Berkala
KODE_KGB = "800.1.11.13"
JENIS = "SPENG"  # Surat Pengantar
TUJUAN = "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
#: who may be put in a KGB letter: those whose next KGB is at most this many days ahead (or overdue)
WINDOW_DAYS = 120


@dataclass(frozen=True)
class KgbCandidate:
    employee_id: int
    nama: str
    nip: str
    golongan: str
    tmt_kgb: dt.date
    status: str  # lewat | segera | nanti


def candidates(uow: UnitOfWork, *, on: dt.date | None = None, window_days: int = WINDOW_DAYS) -> list[KgbCandidate]:
    """Employees whose next KGB falls due within ``window_days`` (or is overdue), soonest first."""
    on = on or clock.today()
    gol = {p.id: p.gol_ruang_akhir or "" for p in uow.session.execute(select(Pegawai)).scalars()}
    return [KgbCandidate(i.employee_id, i.nama, i.nip, gol.get(i.employee_id, ""), i.tanggal, i.status)
            for i in due.due_items(uow, on=on, within_days=window_days, jenis=("kgb",))]


def _rupiah(n: int) -> str:
    return "Rp" + f"{n:,}".replace(",", ".")


def letter_text(uow: UnitOfWork, employee_ids: Sequence[int], *, on: dt.date | None = None) -> tuple[str, str, str]:
    """(hal, isi, lampiran) of the covering letter for these employees."""
    on = on or clock.today()
    access.require_personal(uow)  # the letter names NIP and salary: only for those who may see them
    pangkat = {g.kode: g.pangkat for g in uow.session.execute(select(Golongan)).scalars()}
    prof = get_office(uow)
    kantor = (prof.nama_kantor if prof else "").strip() or "kantor kami"
    blocks = []
    names = []
    for n, eid in enumerate(employee_ids, start=1):
        p = uow.session.get(Pegawai, eid)
        if p is None:
            raise ValidationFailed(f"Pegawai #{eid} tidak ditemukan.")
        items = due.due_items(uow, on=on, employee_id=eid, jenis=("kgb",))
        if not items:
            raise ValidationFailed(f"{service.nama_lengkap(p)} tidak mempunyai KGB yang akan datang "
                                   "(bukan PNS/PPPK aktif, atau data TMT belum lengkap).")
        tmt = items[0].tanggal
        mk = service.masa_kerja(p.tmt_gol_akhir, tmt, p.mk_tahun, p.mk_bulan) if p.tmt_gol_akhir else (p.mk_tahun, p.mk_bulan)
        gol = p.gol_ruang_akhir or "-"
        lines = [
            f"{n}. Nama                 : {service.nama_lengkap(p)}",
            f"   NIP                  : {ident.format_nip(p.nip_baru) if p.nip_baru else '-'}",
            f"   Pangkat/golongan     : {pangkat.get(gol, '')} ({gol})".replace(" ()", ""),
            f"   Jabatan              : {p.jabatan_nama or '-'}",
            f"   Gaji pokok lama      : {_rupiah(p.gaji_pokok) if p.gaji_pokok else '-'}",
            f"   Masa kerja golongan  : {mk[0]} tahun {mk[1]} bulan (pada TMT KGB)",
            f"   TMT KGB berikutnya   : {tanggal_panjang(tmt)}",
        ]
        blocks.append("\n".join(lines))
        names.append(service.nama_lengkap(p))
    if not blocks:
        raise ValidationFailed("Pilih sedikitnya satu pegawai untuk surat pengantar KGB.")
    who = f"a.n. {names[0]}" if len(names) == 1 else f"({len(names)} orang)"
    hal = f"Usul Kenaikan Gaji Berkala {who}"
    isi = (f"Bersama ini kami sampaikan dengan hormat usul kenaikan gaji berkala pegawai di lingkungan {kantor} "
           "sebagai berikut:\n\n" + "\n\n".join(blocks) + "\n\n"
           "Sebagai bahan pertimbangan kami lampirkan fotokopi SK kenaikan pangkat terakhir dan SK kenaikan gaji "
           "berkala terakhir yang bersangkutan. Demikian disampaikan, atas perhatian dan kerja samanya diucapkan "
           "terima kasih.")
    lampiran = f"{2 * len(blocks)} berkas"
    return hal, isi, lampiran


def draft(uow: UnitOfWork, employee_ids: Sequence[int], *, tujuan: str = TUJUAN, tujuan_di: str = "",
          on: dt.date | None = None) -> letters.Saved:
    """Create the covering letter as a konsep surat keluar (correspondence numbers, approves and prints it)."""
    uow.require(Permission.WRITE)
    if not employee_ids:
        raise ValidationFailed("Pilih sedikitnya satu pegawai untuk surat pengantar KGB.")
    hal, isi, lampiran = letter_text(uow, list(dict.fromkeys(employee_ids)), on=on)
    prof = get_office(uow)
    di = tujuan_di or (f"di {prof.kota}" if prof and prof.kota else "")
    return letters.create_keluar(uow, SuratKeluarInput(
        jenis=JENIS, hal=hal, tujuan=tujuan, tujuan_di=di, isi=isi, lampiran=lampiran, kode_klasifikasi=KODE_KGB,
        penandatangan_id=_camat(uow), keterangan="Disusun dari menu Pegawai (surat pengantar KGB)."))


def _camat(uow: UnitOfWork) -> int | None:
    """The Camat signs a letter to the BKPSDM (the clerk may change the signer in the draft)."""
    rows = list(uow.session.execute(select(Official).where(Official.can_sign.is_(True), Official.active.is_(True))
                                    .order_by(Official.id)).scalars())
    camat = next((o for o in rows if o.jabatan.lower().startswith("camat")), None)
    return camat.id if camat is not None else None


__all__ = ["KODE_KGB", "KgbCandidate", "candidates", "draft", "letter_text"]
