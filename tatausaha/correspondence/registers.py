"""Registers: Buku Agenda Surat Masuk, Buku Agenda Surat Keluar, Buku Ekspedisi (DOMAIN.md §5).

Each register is a list of rows of text built from the same filtered, sorted, permission-aware
queries as the on-screen lists (rahasia rows are masked for those who may not see them), and is
exported to XLSX (openpyxl) or CSV (UTF-8 with BOM, so Excel shows the Indonesian text right).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from tatausaha.correspondence import letter_lists, letters
from tatausaha.correspondence.common import (
    DERAJAT_LABELS,
    KANAL_LABELS,
    KEAMANAN_LABELS,
    STATUS_KELUAR_LABELS,
    STATUS_MASUK_LABELS,
    keluar_visible_clause,
)
from tatausaha.correspondence.letters import LetterFilter, Names
from tatausaha.errors import ValidationFailed
from tatausaha.idformat import nama_bulan, tanggal_pendek
from tatausaha.models.correspondence import Disposisi, JenisNaskah, SuratKeluar
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.sheets.export import Col, write_table

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
    rows: tuple[tuple[str, ...], ...]  # as printed and shown (dates dd-mm-yyyy)
    ids: tuple[int, ...]  # the letter id behind each row
    cells: tuple[tuple[Any, ...], ...] = ()  # the same rows with real values (date, datetime, int) for XLSX

    def as_dicts(self) -> list[dict[str, str]]:
        return [dict(zip([c.key for c in self.columns], r, strict=True)) for r in self.rows]


COLS_MASUK = (
    Column("no", "No. Agenda", 0.7, "CENTER"),
    Column("tanggal_terima", "Tgl. Terima", 0.9, "CENTER"),
    Column("nomor_surat", "Nomor Surat", 1.6),
    Column("tanggal_surat", "Tgl. Surat", 0.9, "CENTER"),
    Column("pengirim", "Pengirim", 1.8),
    Column("perihal", "Perihal / Isi Ringkas", 2.4),
    Column("kode", "Kode Klas.", 0.9, "CENTER"),
    Column("sifat", "Sifat", 0.8, "CENTER"),
    Column("lampiran", "Lamp.", 0.7, "CENTER"),
    Column("diteruskan", "Diteruskan Kepada", 1.6),
    Column("keterangan", "Keterangan", 1.2),
)
COLS_KELUAR = (
    Column("no", "No. Urut", 0.6, "CENTER"),
    Column("nomor", "Nomor Surat", 1.8),
    Column("tanggal_surat", "Tgl. Surat", 0.9, "CENTER"),
    Column("jenis", "Jenis Naskah", 1.0),
    Column("tujuan", "Tujuan", 1.6),
    Column("perihal", "Perihal", 2.1),
    Column("kode", "Kode Klas.", 0.9, "CENTER"),
    Column("sifat", "Sifat", 0.7, "CENTER"),
    Column("penandatangan", "Penandatangan", 1.8),
    Column("keterangan", "Keterangan", 1.5),
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


def _shown(value: Any) -> str:
    """A register cell as printed: dates dd-mm-yyyy, times HH.MM, numbers as digits, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H.%M")
    if isinstance(value, dt.date):
        return tanggal_pendek(value)
    return str(value)


def _rows(typed: list[tuple[Any, ...]]) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[Any, ...], ...]]:
    """(printed rows, typed rows) from the typed rows a register builder made."""
    return tuple(tuple(_shown(v) for v in t) for t in typed), tuple(typed)


def _sifat(derajat: str, keamanan: str) -> str:
    parts = []
    if keamanan != "biasa":
        parts.append(KEAMANAN_LABELS.get(keamanan, keamanan))
    if derajat != "biasa" or not parts:
        parts.append(DERAJAT_LABELS.get(derajat, derajat))
    return ", ".join(parts)


def _signer(names: Names, official_id: int | None, prefix: str | None) -> str:
    """Who signed: the person's name, then the capacity ("a.n. Sekretaris Kecamatan")."""
    if not official_id or official_id not in names.officials:
        return ""
    nama, jabatan = names.officials[official_id]
    capacity = f"{prefix} {jabatan}" if prefix else jabatan
    return f"{nama}, {capacity}" if nama else capacity


def _sequence_flags(uow: UnitOfWork, arah: str, flt: LetterFilter, sort: str, descending: bool,
                    seq: list[tuple[int | None, int | None, dt.date | None]]) -> list[list[str]]:
    """Notes for a register read in book order: a number missing before a row (with the batal
    reason, or the date it carries when it lies outside the period) and a date earlier than the
    row before it. Only for the whole book of a period (no other filter), where a gap means something.
    """
    flags: list[list[str]] = [[] for _ in seq]
    narrowed = any((flt.keamanan, flt.derajat, flt.status, flt.kode_prefix, flt.pihak, flt.text, flt.instansi_id,
                    flt.jenis, flt.kanal))  # without the batal letters, their numbers are the gaps to explain
    if sort != "agenda" or descending or narrowed:
        return flags
    missing: dict[tuple[int, int], int] = {}  # (tahun, nomor) -> index of the row after the gap
    prev: tuple[int | None, int | None, dt.date | None] | None = None
    for i, (tahun, nomor, tanggal) in enumerate(seq):
        if prev is not None and tahun is not None and nomor is not None and prev[0] == tahun and prev[1] is not None:
            for n in range(prev[1] + 1, min(nomor, prev[1] + 51)):
                missing[(tahun, n)] = i
            if tanggal is not None and prev[2] is not None and tanggal < prev[2]:
                flags[i].append(f"Perhatian: tanggal lebih awal dari No. {prev[1]} ({tanggal_pendek(prev[2])})")
        prev = (tahun, nomor, tanggal)
    if not missing:
        return flags
    from tatausaha.models.correspondence import SuratMasuk

    model = SuratMasuk if arah == "masuk" else SuratKeluar
    datecol = SuratMasuk.tanggal_terima if arah == "masuk" else SuratKeluar.tanggal_surat
    known: dict[tuple[int, int], tuple[dt.date | None, str, str]] = {}
    for year in {t for t, _n in missing}:
        numbers = [n for t, n in missing if t == year]
        for num, tgl, status, alasan, keamanan in uow.session.execute(
            select(model.nomor_agenda, datecol, model.status, model.batal_alasan, model.keamanan)
            .where(model.tahun == year, model.nomor_agenda.in_(numbers))
        ):
            if num is None:
                continue
            secret = keamanan in ("rahasia", "sangat_rahasia")  # its reason may say what it was about
            known[(year, num)] = (tgl, status, "" if secret else alasan)
    # per row after a gap: each batal number with its reason; the others as ranges of one kind
    by_row: dict[int, list[tuple[int, str]]] = {}
    for key in sorted(missing):
        _tahun, n = key
        tgl, status, alasan = known.get(key, (None, "", ""))
        if status == "batal":
            kind = "batal" + (f": {alasan}" if alasan else "")
        elif key in known:
            kind = "di luar periode ini"
        else:
            kind = "tidak tercatat"
        by_row.setdefault(missing[key], []).append((n, kind))
    for i, items in by_row.items():
        texts: list[str] = []
        run: list[int] = []
        for j, (n, kind) in enumerate(items):
            run.append(n)
            nxt = items[j + 1] if j + 1 < len(items) else None
            if nxt is None or nxt[1] != kind or nxt[0] != n + 1 or kind.startswith("batal"):
                label = f"No. {run[0]}" if len(run) == 1 else f"No. {run[0]}–{run[-1]}"
                texts.append(f"{label} {kind}")
                run = []
        flags[i].insert(0, "Perhatian: " + "; ".join(texts))
    return flags


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
            for mid, lamp, kanal, ket, status, alasan in s.execute(
                select(SuratMasuk.id, SuratMasuk.lampiran, SuratMasuk.kanal, SuratMasuk.keterangan, SuratMasuk.status,
                       SuratMasuk.batal_alasan)
                .where(SuratMasuk.id.in_(chunk))
            ):
                details[mid] = (lamp, kanal, ket, status, alasan)
    flags = _sequence_flags(uow, "masuk", flt, sort, descending,
                            [(r.tahun, r.nomor_agenda, r.tanggal) for r in rows])
    out = []
    for r, flag in zip(rows, flags, strict=True):
        lamp, kanal, ket, status, alasan = details.get(r.id, ("", r.kanal, "", r.status, ""))
        notes = [KANAL_LABELS.get(kanal, kanal)] if kanal != "manual" else []
        if status == "batal":
            notes.append(f"Batal: {alasan}" if alasan and not r.masked else STATUS_MASUK_LABELS[status])
        elif status == "selesai":
            notes.append(STATUS_MASUK_LABELS[status])
        if ket and not r.masked:
            notes.append(ket)
        notes += flag
        out.append((
            r.nomor_agenda, r.tanggal, r.nomor, r.tanggal_surat, r.pihak, r.perihal,
            r.kode_klasifikasi, _sifat(r.derajat, r.keamanan), "" if r.masked else lamp,
            "; ".join(forwarded.get(r.id, [])), "; ".join(notes),
        ))
    shown, cells = _rows(out)
    return Register("agenda_masuk", TITLES["agenda_masuk"], period_label(flt), COLS_MASUK, shown,
                    tuple(r.id for r in rows), cells)


def agenda_keluar(uow: UnitOfWork, flt: LetterFilter = LetterFilter(), *, sort: str = "agenda",
                  descending: bool = False) -> Register:
    """Numbered letters only (a draft has no place in the agenda yet)."""
    uow.require(Permission.READ)
    s = uow.session
    names = Names(s)
    jenis = dict(s.execute(select(JenisNaskah.id, JenisNaskah.nama)).all())
    q = letter_lists._keluar_query(uow, flt).add_columns(
        SuratKeluar.jenis_id, SuratKeluar.penandatangan_id, SuratKeluar.ttd_prefix, SuratKeluar.keterangan.label("ket"),
        SuratKeluar.srikandi_ref, SuratKeluar.batal_alasan.label("alasan"),
    ).where(SuratKeluar.status != "draft")
    cols = letter_lists.SORT_KELUAR.get(sort) or letter_lists.SORT_KELUAR["agenda"]
    q = q.order_by(*letter_lists._order(cols, descending))
    found = [(r, letter_lists._row_keluar(r)) for r in s.execute(q)]
    flags = _sequence_flags(uow, "keluar", flt, sort, descending,
                            [(row.tahun, row.nomor_agenda, row.tanggal_surat) for _r, row in found])
    out, ids = [], []
    for (r, row), flag in zip(found, flags, strict=True):
        notes = []
        if r.kanal == "srikandi":
            notes.append("SRIKANDI" + (f" {r.srikandi_ref}" if r.srikandi_ref and not row.masked else ""))
        if r.status == "batal":
            notes.append(f"Batal: {r.alasan}" if r.alasan and not row.masked else STATUS_KELUAR_LABELS[r.status])
        elif r.status != "bernomor":
            notes.append(STATUS_KELUAR_LABELS[r.status])
        if r.ket and not row.masked:
            notes.append(r.ket)
        notes += flag
        signer = _signer(names, r.penandatangan_id, r.ttd_prefix)
        out.append((
            row.nomor_agenda or None, row.nomor, row.tanggal_surat, jenis.get(r.jenis_id, ""),
            row.pihak, row.perihal, row.kode_klasifikasi, _sifat(row.derajat, row.keamanan), signer, "; ".join(notes),
        ))
        ids.append(row.id)
    shown, cells = _rows(out)
    return Register("agenda_keluar", TITLES["agenda_keluar"], period_label(flt), COLS_KELUAR, shown, tuple(ids), cells)


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
            i, k.tanggal_kirim, k.nomor, k.tanggal_surat,
            letters.MASKED if masked else k.tujuan.replace("\n", "; "), letters.MASKED if masked else k.hal,
            k.cara_kirim, k.penerima_nama, k.diterima_at, "",
        ))
        ids.append(k.id)
    shown, cells = _rows(out)
    return Register("ekspedisi", TITLES["ekspedisi"], period_label(flt), COLS_EKSPEDISI, shown, tuple(ids), cells)


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
    """Write ``register`` to ``path`` (.xlsx or .csv by suffix) and record the export in the audit trail.

    Through the shared spreadsheet room (``tatausaha.sheets``): cells are data, never formulas;
    XLSX gets real date and number cells; the file appears only when complete.
    """
    uow.require(Permission.EXPORT)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationFailed(f"Format ekspor '{suffix or path.name}' tidak didukung: pakai .xlsx atau .csv.")
    if suffix == ".xlsx":
        cols = [Col(c.title, width=max(6, round(c.width * 14)), align=c.align.lower(),  # type: ignore[arg-type]
                    wrap=c.width >= 1.5) for c in register.columns]
        write_table(path, cols, register.cells or register.rows, sheet=register.title.title(), boxed=True,
                    preamble=(register.title, kantor.upper() if kantor else "", register.period))
    else:
        write_table(path, [c.title for c in register.columns], register.rows, delimiter=delimiter)
    if uow.write:
        uow.record("export", register.kind, None, {"file": path.name, "rows": len(register.rows), "period": register.period})
    return path
