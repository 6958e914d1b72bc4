"""The staff area's reports on the kop surat — DUK, daftar nominatif, the due-date list — as PDF
(the register layout, landscape, kop on page 1, signed by the Camat) and as XLSX (the due list
coloured by how near each date is, with the same legend as on paper); what falls due for one
employee (the employee's file, the Beranda); SK proposals waiting for a user's confirmation.

The orderings and dates are the staff core's (``staff.duk``, ``staff.due``); this module lays them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tatausaha import clock
from tatausaha.errors import ValidationFailed
from tatausaha.idformat import tanggal_panjang
from tatausaha.models.office import Official
from tatausaha.models.staff import Golongan, Pegawai
from tatausaha.printing.data import KopSurat, RegisterColumn, RegisterDoc, Signer
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.sheets.export import Col, write_table
from tatausaha.staff import access, due, duk, ident, proposals, service
from tatausaha.staff.kinds import PEGAWAI
from tatausaha.storage.filestore import FileStore

TITLES = {
    "duk": "Daftar Urut Kepangkatan",
    "nominatif": "Daftar Nominatif Pegawai",
    "jatuh_tempo": "Daftar Jatuh Tempo Kepegawaian",
}
#: the due list looks this far ahead (days)
HORIZON_DAYS = 365

#: (upper bound in days left, colour, meaning) — the first that holds colours the row
BANDS: tuple[tuple[int, str, str], ...] = (
    (-1, "#f4a6a6", "Terlewat"),
    (30, "#ffcc80", "30 hari lagi atau kurang"),
    (60, "#fff59d", "60 hari lagi atau kurang (H-60)"),
    (180, "#c8e6c9", "6 bulan lagi atau kurang"),
)


def colour_for(days_left: int) -> str | None:
    for bound, colour, _m in BANDS:
        if days_left <= bound:
            return colour
    return None


def legend() -> tuple[tuple[str, str], ...]:
    return tuple((c, m) for _b, c, m in BANDS)


def nearness(days_left: int) -> str:
    if days_left < 0:
        return f"terlewat {-days_left} hari"
    if days_left == 0:
        return "hari ini"
    return f"{days_left} hari lagi"


@dataclass(frozen=True)
class DueLine:
    label: str
    due: dt.date
    days_left: int
    note: str


def due_for_employee(uow: UnitOfWork, employee_id: int, *, on: dt.date | None = None) -> list[DueLine]:
    """What falls due for one (active) employee, soonest first."""
    on = on or clock.today()
    return [DueLine(i.jenis_label, i.tanggal, i.days_left(on), i.keterangan)
            for i in due.due_items(uow, on=on, employee_id=employee_id)]


# --- the reports ---------------------------------------------------------------------------------


def _dmy(d: dt.date | None) -> str:
    return "" if d is None else f"{d.day:02d}-{d.month:02d}-{d.year}"


def _mk(t: tuple[int, int]) -> str:
    return f"{t[0]} th {t[1]} bl"


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[tuple[str, float, str], ...]  # title, relative width, align
    rows: list[list[Any]]  # typed cells (dates, ints) — text for the PDF, typed for the XLSX
    colours: tuple[str | None, ...] = ()
    subtitle: str = ""
    legend: tuple[tuple[str, str], ...] = ()


def duk_table(uow: UnitOfWork, on: dt.date | None = None) -> Table:
    on = on or clock.today()
    rows = duk.duk(uow, on=on)
    personal = access.may_see_personal(uow)
    cols = [("No", 0.45, "CENTER"), ("Nama", 2.6, "LEFT")]
    if personal:
        cols.append(("NIP", 1.9, "LEFT"))
    cols += [("Gol.", 0.6, "CENTER"), ("TMT gol.", 1.0, "CENTER"), ("Jabatan", 2.4, "LEFT"), ("TMT jab.", 1.0, "CENTER"),
             ("Masa kerja", 1.0, "CENTER"), ("Latihan jabatan", 1.3, "LEFT"), ("Pendidikan", 1.5, "LEFT"),
             ("Lulus", 0.6, "CENTER")]
    if personal:
        cols.append(("Tgl. lahir", 1.0, "CENTER"))
    cols.append(("Penentu urutan", 1.1, "LEFT"))
    out = []
    for r in rows:
        line: list[Any] = [r.nomor, r.nama]
        if personal:
            line.append(r.nip)
        line += [r.golongan, r.tmt_golongan, r.jabatan, r.tmt_jabatan, _mk(r.masa_kerja), r.latihan, r.pendidikan,
                 r.tahun_lulus]
        if personal:
            line.append(r.tgl_lahir)
        line.append(r.penentu)
        out.append(line)
    return Table(TITLES["duk"], tuple(cols), out, subtitle=f"Keadaan per {tanggal_panjang(on)}")


def nominatif_table(uow: UnitOfWork, on: dt.date | None = None) -> Table:
    uow.require(Permission.READ)
    on = on or clock.today()
    personal = access.may_see_personal(uow)
    pangkat = {g.kode: g.pangkat for g in uow.session.execute(select(Golongan)).scalars()}
    order = {"pns": 0, "cpns": 1, "pppk": 2, "pppk_paruh_waktu": 3, "non_asn": 4}
    people = sorted(uow.session.execute(select(Pegawai).where(Pegawai.kedudukan == "aktif")).scalars(),
                    key=lambda p: (order.get(p.status_pegawai, 9), p.nama, p.id))
    cols = [("No", 0.45, "CENTER"), ("Nama", 2.6, "LEFT")]
    if personal:
        cols += [("NIP", 1.9, "LEFT"), ("Tempat, tgl. lahir", 1.8, "LEFT")]
    cols += [("L/P", 0.4, "CENTER"), ("Status", 0.95, "CENTER"), ("Pangkat/gol.", 1.7, "LEFT"), ("TMT gol.", 1.0, "CENTER"),
             ("Jabatan", 2.4, "LEFT"), ("Unit", 1.6, "LEFT"), ("Pendidikan", 1.4, "LEFT"),
             ("Masa kerja", 1.0, "CENTER")]
    out = []
    for n, p in enumerate(people, start=1):
        line: list[Any] = [n, service.nama_lengkap(p)]
        if personal:
            ttl = ", ".join(x for x in (p.tempat_lahir, _dmy(p.tgl_lahir)) if x)
            line += [ident.format_nip(p.nip_baru) if p.nip_baru else "", ttl]
        gol = p.gol_ruang_akhir or ""
        pg = f"{pangkat.get(gol, '')} ({gol})" if gol and pangkat.get(gol) else gol
        line += [p.jenis_kelamin, service.STATUS_LABELS.get(p.status_pegawai, p.status_pegawai), pg, p.tmt_gol_akhir,
                 p.jabatan_nama, p.unor_nama, p.pendidikan_nama or p.pendidikan_tingkat,
                 _mk(service.masa_kerja(p.tmt_cpns or p.kontrak_mulai, on))]
        out.append(line)
    return Table(TITLES["nominatif"], tuple(cols), out, subtitle=f"Keadaan per {tanggal_panjang(on)}")


def due_table(uow: UnitOfWork, on: dt.date | None = None, horizon_days: int = HORIZON_DAYS) -> Table:
    on = on or clock.today()
    items = due.due_items(uow, on=on, within_days=horizon_days)
    personal = access.may_see_personal(uow)
    cols = [("No", 0.45, "CENTER"), ("Nama", 2.6, "LEFT")]
    if personal:
        cols.append(("NIP", 1.9, "LEFT"))
    cols += [("Jatuh tempo", 1.9, "LEFT"), ("Tanggal", 1.0, "CENTER"), ("Sisa", 1.1, "CENTER"),
             ("Keterangan", 3.0, "LEFT"), ("Dasar", 2.2, "LEFT")]
    rows, colours = [], []
    for n, i in enumerate(items, start=1):
        left = i.days_left(on)
        line: list[Any] = [n, i.nama]
        if personal:
            line.append(i.nip)
        line += [i.jenis_label, i.tanggal, nearness(left), i.keterangan, i.dasar]
        rows.append(line)
        colours.append(colour_for(left))
    return Table(TITLES["jatuh_tempo"], tuple(cols), rows, tuple(colours),
                 subtitle=f"Keadaan per {tanggal_panjang(on)}; {horizon_days} hari ke depan dan yang terlewat",
                 legend=legend())


BUILDERS = {"duk": duk_table, "nominatif": nominatif_table, "jatuh_tempo": due_table}


def table(uow: UnitOfWork, which: str, on: dt.date | None = None) -> Table:
    if which not in BUILDERS:
        raise ValidationFailed(f"Laporan '{which}' tidak dikenal ({', '.join(BUILDERS)}).")
    return BUILDERS[which](uow, on)


def _signer(uow: UnitOfWork) -> Signer | None:
    """The Camat signs reports that leave the office (the office's signing official for 'Camat')."""
    rows = list(uow.session.execute(select(Official).where(Official.can_sign.is_(True), Official.active.is_(True))
                                    .order_by(Official.id)).scalars())
    camat = next((o for o in rows if o.jabatan.lower().startswith("camat")), rows[0] if rows else None)
    if camat is None:
        return None
    return Signer(jabatan=camat.jabatan, nama=camat.nama, nip=camat.nip or None, pangkat=camat.pangkat or "")


def register_doc(uow: UnitOfWork, store: FileStore, which: str, on: dt.date | None = None) -> RegisterDoc:
    from tatausaha.services.printed import kop_from_office

    t = table(uow, which, on)
    kop: KopSurat = kop_from_office(uow, store)
    cells = tuple(tuple(_cell(v) for v in r) for r in t.rows)
    return RegisterDoc(
        title=t.title, period="", columns=tuple(RegisterColumn(c, w, a, "whole" if c in _WHOLE else "words")  # type: ignore[arg-type]
                                                for c, w, a in t.columns),
        rows=cells, kop=kop, on_kop=True, signer=_signer(uow), tempat=kop.kota, tanggal=on or clock.today(),
        row_colours=t.colours, legend=t.legend, subtitle=t.subtitle)


#: columns whose values stay on one line (set smaller when narrow): a NIP never breaks inside
_WHOLE = {"NIP", "Gol.", "TMT gol.", "TMT jab.", "Tgl. lahir", "Tanggal", "Masa kerja", "Sisa", "Lulus", "L/P", "Status"}


def _cell(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return _dmy(v)
    return str(v)


def pdf(uow: UnitOfWork, store: FileStore, which: str, on: dt.date | None = None) -> bytes:
    from tatausaha.printing import build_register, to_bytes

    return to_bytes(build_register, register_doc(uow, store, which, on))


def export(uow: UnitOfWork, which: str, path: Path, on: dt.date | None = None) -> Path:
    """The report as XLSX (or CSV): typed cells; the due list coloured with its legend; on record."""
    uow.require(Permission.EXPORT)
    from tatausaha.services.office import get_office

    t = table(uow, which, on)
    prof = get_office(uow)
    colours = {id(r): (c or "").lstrip("#").upper() or None for r, c in zip(t.rows, t.colours, strict=False)}
    pre = [t.title.upper()] + ([prof.nama_kantor] if prof and prof.nama_kantor else []) + ([t.subtitle] if t.subtitle else [])
    write_table(Path(path), [Col(c, width=max(6.0, w * 11)) for c, w, _a in t.columns], t.rows, sheet=t.title[:31],
                preamble=pre, boxed=True, row_fill=lambda r: colours.get(id(r)),
                legend=[(c.lstrip("#").upper(), m) for c, m in t.legend])
    uow.record("export", PEGAWAI, None, {"laporan": which, "file": Path(path).name, "rows": len(t.rows)})
    return Path(path)


# --- SK proposals (the staff core's ``proposals``: read from a filed SK, applied only on confirm) ---------


def open_proposals(uow: UnitOfWork, employee_id: int) -> list[proposals.Proposal]:
    """What SKs filed for this employee propose and nobody has decided yet (``Proposal.text`` says what)."""
    return proposals.list_proposals(uow, employee_id=employee_id, status="usulan")


def apply_proposal(uow: UnitOfWork, proposal_id: int, expected_version: int | None = None) -> service.Saved:
    return proposals.apply(uow, proposal_id, expected_version=expected_version)


def reject_proposal(uow: UnitOfWork, proposal_id: int, reason: str, expected_version: int | None = None) -> Any:
    return proposals.reject(uow, proposal_id, reason, expected_version=expected_version)


__all__ = ["BANDS", "TITLES", "DueLine", "Table", "apply_proposal", "colour_for", "due_for_employee",
           "export", "legend", "nearness", "open_proposals", "pdf", "register_doc", "reject_proposal", "table"]
