"""Registers: Buku Agenda Surat Masuk, Buku Agenda Surat Keluar, Buku Ekspedisi (DOMAIN.md §5).

Each register is a list of rows of text built from the same filtered, sorted, permission-aware
queries as the on-screen lists (rahasia rows are masked for those who may not see them), and is
exported to XLSX (openpyxl) or CSV (UTF-8 with BOM, so Excel shows the Indonesian text right).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from sqlalchemy import select

from tatausaha.correspondence import letters
from tatausaha.correspondence.common import (
    DERAJAT_LABELS,
    KANAL_LABELS,
    KEAMANAN_LABELS,
    STATUS_KELUAR_LABELS,
    STATUS_MASUK_LABELS,
    keluar_visible_clause,
)
from tatausaha.correspondence.letters import LetterFilter, Names
from tatausaha.errors import StorageError, ValidationFailed
from tatausaha.idformat import nama_bulan, tanggal_pendek
from tatausaha.models.correspondence import Disposisi, JenisNaskah, SuratKeluar
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork

RegisterKind = Literal["agenda_masuk", "agenda_keluar", "ekspedisi"]
KINDS: tuple[str, ...] = ("agenda_masuk", "agenda_keluar", "ekspedisi")
TITLES = {
    "agenda_masuk": "BUKU AGENDA SURAT MASUK",
    "agenda_keluar": "BUKU AGENDA SURAT KELUAR",
    "ekspedisi": "BUKU EKSPEDISI",
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: float = 1.0  # relative
    align: Literal["LEFT", "CENTER", "RIGHT"] = "LEFT"


@dataclass(frozen=True)
class Register:
    kind: str
    title: str
    period: str  # "Tahun 2026", "Maret 2026", "01-03-2026 s.d. 31-03-2026"
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    ids: tuple[int, ...]  # the letter id behind each row

    def as_dicts(self) -> list[dict[str, str]]:
        return [dict(zip([c.key for c in self.columns], r, strict=True)) for r in self.rows]


COLS_MASUK = (
    Column("no", "No. Agenda", 0.7, "CENTER"),
    Column("tanggal_terima", "Tgl. Terima", 0.9, "CENTER"),
    Column("nomor_surat", "Nomor Surat", 1.6),
    Column("tanggal_surat", "Tgl. Surat", 0.9, "CENTER"),
    Column("pengirim", "Pengirim", 1.8),
    Column("perihal", "Perihal / Isi Ringkas", 2.6),
    Column("kode", "Kode Klas.", 0.9, "CENTER"),
    Column("sifat", "Sifat", 0.8, "CENTER"),
    Column("lampiran", "Lamp.", 0.5, "CENTER"),
    Column("diteruskan", "Diteruskan Kepada", 1.6),
    Column("keterangan", "Keterangan", 1.2),
)
COLS_KELUAR = (
    Column("no", "No. Urut", 0.6, "CENTER"),
    Column("nomor", "Nomor Surat", 1.8),
    Column("tanggal_surat", "Tgl. Surat", 0.9, "CENTER"),
    Column("jenis", "Jenis Naskah", 1.0),
    Column("tujuan", "Tujuan", 1.8),
    Column("perihal", "Perihal", 2.6),
    Column("kode", "Kode Klas.", 0.9, "CENTER"),
    Column("sifat", "Sifat", 0.8, "CENTER"),
    Column("penandatangan", "Penandatangan", 1.4),
    Column("keterangan", "Keterangan", 1.2),
)
COLS_EKSPEDISI = (
    Column("no", "No.", 0.5, "CENTER"),
    Column("tanggal_kirim", "Tgl. Kirim", 0.9, "CENTER"),
    Column("nomor", "Nomor Surat", 1.8),
    Column("tanggal_surat", "Tgl. Surat", 0.9, "CENTER"),
    Column("tujuan", "Tujuan", 2.0),
    Column("perihal", "Perihal", 2.4),
    Column("cara_kirim", "Cara Kirim", 0.9),
    Column("penerima", "Nama Penerima", 1.4),
    Column("diterima", "Diterima (tgl/jam)", 1.0, "CENTER"),
    Column("paraf", "Paraf", 0.7),
)


def period_filter(tahun: int, bulan: int | None = None, base: LetterFilter = LetterFilter()) -> LetterFilter:
    if bulan is None:
        return replace(base, tahun=tahun)
    if not 1 <= bulan <= 12:
        raise ValidationFailed(f"Bulan {bulan} tidak sah (1–12).")
    last = calendar.monthrange(tahun, bulan)[1]
    return replace(base, date_from=dt.date(tahun, bulan, 1), date_to=dt.date(tahun, bulan, last))


def period_label(flt: LetterFilter) -> str:
    if flt.date_from and flt.date_to:
        f, t = flt.date_from, flt.date_to
        if f.day == 1 and f.month == t.month and f.year == t.year and t.day == calendar.monthrange(t.year, t.month)[1]:
            return f"Bulan {nama_bulan(f.month)} {f.year}"
        return f"{tanggal_pendek(f)} s.d. {tanggal_pendek(t)}"
    if flt.tahun:
        return f"Tahun {flt.tahun}"
    if flt.date_from:
        return f"Sejak {tanggal_pendek(flt.date_from)}"
    if flt.date_to:
        return f"Sampai {tanggal_pendek(flt.date_to)}"
    return "Semua"


def _sifat(derajat: str, keamanan: str) -> str:
    parts = []
    if keamanan != "biasa":
        parts.append(KEAMANAN_LABELS.get(keamanan, keamanan))
    if derajat != "biasa" or not parts:
        parts.append(DERAJAT_LABELS.get(derajat, derajat))
    return ", ".join(parts)


def agenda_masuk(uow: UnitOfWork, flt: LetterFilter = LetterFilter(), *, sort: str = "agenda",
                 descending: bool = False) -> Register:
    uow.require(Permission.READ)
    rows = letters.list_masuk(uow, flt, sort=sort, descending=descending, limit=None)
    s = uow.session
    names = Names(s)
    forwarded: dict[int, list[str]] = {}
    ids = [r.id for r in rows if not r.masked]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for d in s.execute(
            select(Disposisi).where(Disposisi.surat_masuk_id.in_(chunk), Disposisi.parent_id.is_(None)).order_by(Disposisi.id)
        ).scalars():
            forwarded.setdefault(d.surat_masuk_id, []).append(names.kepada(d))
    details = {}
    if ids:
        from tatausaha.models.correspondence import SuratMasuk

        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for mid, lamp, kanal, ket, status in s.execute(
                select(SuratMasuk.id, SuratMasuk.lampiran, SuratMasuk.kanal, SuratMasuk.keterangan, SuratMasuk.status)
                .where(SuratMasuk.id.in_(chunk))
            ):
                details[mid] = (lamp, kanal, ket, status)
    out = []
    for r in rows:
        lamp, kanal, ket, status = details.get(r.id, ("", r.kanal, "", r.status))
        notes = [KANAL_LABELS.get(kanal, kanal)] if kanal != "manual" else []
        if status in ("batal", "selesai"):
            notes.append(STATUS_MASUK_LABELS[status])
        if ket and not r.masked:
            notes.append(ket)
        out.append((
            str(r.nomor_agenda), tanggal_pendek(r.tanggal), r.nomor, tanggal_pendek(r.tanggal_surat), r.pihak, r.perihal,
            r.kode_klasifikasi, _sifat(r.derajat, r.keamanan), "" if r.masked else lamp,
            "; ".join(forwarded.get(r.id, [])), "; ".join(notes),
        ))
    return Register("agenda_masuk", TITLES["agenda_masuk"], period_label(flt), COLS_MASUK, tuple(out),
                    tuple(r.id for r in rows))


def agenda_keluar(uow: UnitOfWork, flt: LetterFilter = LetterFilter(), *, sort: str = "agenda",
                  descending: bool = False) -> Register:
    """Numbered letters only (a draft has no place in the agenda yet)."""
    uow.require(Permission.READ)
    s = uow.session
    names = Names(s)
    jenis = dict(s.execute(select(JenisNaskah.id, JenisNaskah.nama)).all())
    q = letters._keluar_query(uow, flt).add_columns(
        SuratKeluar.jenis_id, SuratKeluar.penandatangan_id, SuratKeluar.ttd_prefix, SuratKeluar.keterangan.label("ket"),
        SuratKeluar.srikandi_ref,
    ).where(SuratKeluar.status != "draft")
    cols = letters.SORT_KELUAR.get(sort) or letters.SORT_KELUAR["agenda"]
    q = q.order_by(*letters._order(cols, descending))
    out, ids = [], []
    for r in s.execute(q):
        row = letters._row_keluar(r)
        notes = []
        if r.kanal == "srikandi":
            notes.append("SRIKANDI" + (f" {r.srikandi_ref}" if r.srikandi_ref and not row.masked else ""))
        if r.status != "bernomor":
            notes.append(STATUS_KELUAR_LABELS[r.status])
        if r.ket and not row.masked:
            notes.append(r.ket)
        signer = names.jabatan(r.penandatangan_id)
        if signer and r.ttd_prefix:
            signer = f"{r.ttd_prefix} {signer}"
        out.append((
            str(row.nomor_agenda or ""), row.nomor, tanggal_pendek(row.tanggal_surat), jenis.get(r.jenis_id, ""),
            row.pihak, row.perihal, row.kode_klasifikasi, _sifat(row.derajat, row.keamanan), signer, "; ".join(notes),
        ))
        ids.append(row.id)
    return Register("agenda_keluar", TITLES["agenda_keluar"], period_label(flt), COLS_KELUAR, tuple(out), tuple(ids))


def ekspedisi(uow: UnitOfWork, flt: LetterFilter = LetterFilter(), *, descending: bool = False) -> Register:
    """Letters sent (status terkirim), by date of dispatch; the period filters the dispatch date."""
    uow.require(Permission.READ)
    s = uow.session
    visible = keluar_visible_clause(uow.actor)
    from sqlalchemy import case

    q = select(SuratKeluar, case((visible, 1), else_=0).label("visible")).where(SuratKeluar.status == "terkirim")
    if flt.tahun:
        q = q.where(SuratKeluar.tanggal_kirim >= dt.date(flt.tahun, 1, 1), SuratKeluar.tanggal_kirim <= dt.date(flt.tahun, 12, 31))
    if flt.date_from:
        q = q.where(SuratKeluar.tanggal_kirim >= flt.date_from)
    if flt.date_to:
        q = q.where(SuratKeluar.tanggal_kirim <= flt.date_to)
    if flt.pihak:
        q = q.where(visible, SuratKeluar.tujuan.ilike(f"%{flt.pihak.strip()}%"))
    if flt.kode_prefix:
        p = flt.kode_prefix.strip().rstrip(".")
        q = q.where((SuratKeluar.kode_klasifikasi == p) | SuratKeluar.kode_klasifikasi.like(p + ".%"))
    order = [SuratKeluar.tanggal_kirim, SuratKeluar.id]
    q = q.order_by(*[c.desc() if descending else c.asc() for c in order])
    out, ids = [], []
    for i, (k, vis) in enumerate(s.execute(q).all(), start=1):
        masked = not vis
        out.append((
            str(i), tanggal_pendek(k.tanggal_kirim), k.nomor, tanggal_pendek(k.tanggal_surat),
            letters.MASKED if masked else k.tujuan.replace("\n", "; "), letters.MASKED if masked else k.hal,
            k.cara_kirim, k.penerima_nama, k.diterima_at.strftime("%d-%m-%Y %H.%M") if k.diterima_at else "", "",
        ))
        ids.append(k.id)
    return Register("ekspedisi", TITLES["ekspedisi"], period_label(flt), COLS_EKSPEDISI, tuple(out), tuple(ids))


def build(uow: UnitOfWork, kind: str, flt: LetterFilter = LetterFilter(), *, sort: str = "agenda",
          descending: bool = False) -> Register:
    if kind == "agenda_masuk":
        return agenda_masuk(uow, flt, sort=sort, descending=descending)
    if kind == "agenda_keluar":
        return agenda_keluar(uow, flt, sort=sort, descending=descending)
    if kind == "ekspedisi":
        return ekspedisi(uow, flt, descending=descending)
    raise ValidationFailed(f"Register '{kind}' tidak dikenal ({', '.join(KINDS)}).")


# --------------------------------------------------------------------------- export


def export(uow: UnitOfWork, register: Register, path: Path, *, kantor: str = "", delimiter: str = ",") -> Path:
    """Write ``register`` to ``path`` (.xlsx or .csv by suffix) and record the export in the audit trail."""
    uow.require(Permission.EXPORT)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationFailed(f"Format ekspor '{suffix or path.name}' tidak didukung: pakai .xlsx atau .csv.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        if suffix == ".xlsx":
            _write_xlsx(register, tmp, kantor)
        else:
            _write_csv(register, tmp, delimiter)
        tmp.replace(path)
    except OSError as exc:
        raise StorageError(f"Berkas {path} tidak dapat ditulis: {exc.strerror or exc}.") from exc
    if uow.write:
        uow.record("export", register.kind, None, {"file": path.name, "rows": len(register.rows), "period": register.period})
    return path


def _write_csv(register: Register, path: Path, delimiter: str) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow([c.title for c in register.columns])
        w.writerows(register.rows)


def _write_xlsx(register: Register, path: Path, kantor: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(register.title.title()[:31])
    widths = [max(6, round(c.width * 14)) for c in register.columns]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A5"
    bold = Font(bold=True)
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDE5F0")

    def cell(value: str, *, font: Font | None = None, fill: PatternFill | None = None, align: str = "left",
             wrap: bool = False, boxed: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        if font:
            c.font = font
        if fill:
            c.fill = fill
        if boxed:
            c.border = border
        c.alignment = Alignment(horizontal=align, vertical="top", wrap_text=wrap)
        return c

    ws.append([cell(register.title, font=Font(bold=True, size=13))])
    ws.append([cell(kantor.upper() if kantor else "", font=bold)])
    ws.append([cell(register.period)])
    ws.append([cell(c.title, font=bold, fill=head_fill, align="center", wrap=True, boxed=True) for c in register.columns])
    aligns = [c.align.lower() for c in register.columns]
    wraps = [c.width >= 1.5 for c in register.columns]
    for r in register.rows:
        ws.append([cell(v, align=aligns[i], wrap=wraps[i], boxed=True) for i, v in enumerate(r)])
    wb.save(path)
