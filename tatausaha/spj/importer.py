"""Import of the budget (DPA lines) and of SPJ items from XLSX/CSV, on the spreadsheet room.

Two kinds of file, told apart by their columns (or named with ``jenis=``):

* **anggaran** — one row per budget line: Tahun, Kode/Nama Program, Kode/Nama Kegiatan, Kode/Nama
  Sub Kegiatan, Kode/Nama Rekening, Pagu (anchors: Kode Sub Kegiatan, Kode Rekening, Pagu). The
  sub-kegiatan's pagu is the sum of its lines. Codes are kept as SIPD writes them.
* **item** — one row per payment (a TBP): Tanggal, Kode Sub Kegiatan, Kode Rekening, Jenis Belanja,
  Uraian, Jumlah, Penerima, Jenis Penerima, NIK, NPWP, Alamat, Penyedia, Cara Bayar, No NPD, No
  TBP, Selesai Kegiatan (anchors: Tanggal, Kode Sub Kegiatan, Kode Rekening, Uraian, Jumlah).
  A supplier named in *Penyedia* is taken from the directory, or added to it.

Columns are found by header name and occurrence (``sheets.columns``), never by likeness. The dry
run runs every row through the same service calls as the import and rolls back; every problem is
named by row and column (an unknown rekening, a negative amount, a TBP number used twice — in the
file or already in the office). The import is all or nothing (``sheets.report.clean`` as the write
path's ``commit_if``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tatausaha.changes import Changes, Result
from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.idparse import parse_rupiah, parse_tanggal
from tatausaha.jobs import CancelToken, NullProgress, Progress
from tatausaha.models.spj import SpjItem, SpjJenisBelanja, SpjRekening, SpjSubKegiatan, SpjSupplier, SpjTahun
from tatausaha.services.auth import Actor, Permission
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.sheets import reading
from tatausaha.sheets.columns import (
    ColumnMap,
    ColumnSpec,
    ParsedRow,
    anchor_score,
    check_rows,
    duplicates,
    map_columns,
)
from tatausaha.sheets.mapping import fold as fold_header
from tatausaha.sheets.report import CheckedImport, RowProblem, clean
from tatausaha.spj import service
from tatausaha.storage.database import Database

JENIS_IMPOR = ("anggaran", "item")

BUDGET_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("tahun", ("Tahun", "Tahun Anggaran")),
    ColumnSpec("program_kode", ("Kode Program",), required=True),
    ColumnSpec("program_nama", ("Nama Program", "Program")),
    ColumnSpec("kegiatan_kode", ("Kode Kegiatan",), required=True),
    ColumnSpec("kegiatan_nama", ("Nama Kegiatan", "Kegiatan")),
    ColumnSpec("sub_kode", ("Kode Sub Kegiatan", "Kode Sub-Kegiatan", "Kode Subkegiatan"), anchor=True, required=True),
    ColumnSpec("sub_nama", ("Nama Sub Kegiatan", "Nama Sub-Kegiatan", "Sub Kegiatan"), required=True),
    ColumnSpec("rekening_kode", ("Kode Rekening", "Kode Akun", "Rekening"), anchor=True, required=True),
    ColumnSpec("rekening_nama", ("Nama Rekening", "Uraian Rekening", "Nama Akun")),
    ColumnSpec("jenis_belanja", ("Jenis Belanja",)),
    ColumnSpec("pagu", ("Pagu", "Anggaran", "Nilai", "Jumlah"), anchor=True, required=True),
)

ITEM_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("tanggal", ("Tanggal", "Tanggal Bayar", "Tgl"), anchor=True, required=True),
    ColumnSpec("sub_kode", ("Kode Sub Kegiatan", "Kode Sub-Kegiatan", "Sub Kegiatan"), anchor=True, required=True),
    ColumnSpec("rekening_kode", ("Kode Rekening", "Rekening", "Kode Akun"), anchor=True, required=True),
    ColumnSpec("jenis_belanja", ("Jenis Belanja",)),
    ColumnSpec("uraian", ("Uraian", "Keterangan"), anchor=True, required=True),
    ColumnSpec("jumlah", ("Jumlah", "Nilai", "Nominal"), anchor=True, required=True),
    ColumnSpec("penerima_nama", ("Penerima", "Nama Penerima")),
    ColumnSpec("penerima_jenis", ("Jenis Penerima",)),
    ColumnSpec("penerima_nik", ("NIK",)),
    ColumnSpec("penerima_npwp", ("NPWP",)),
    ColumnSpec("penerima_alamat", ("Alamat",)),
    ColumnSpec("penerima_golongan", ("Golongan", "Gol")),
    ColumnSpec("penyedia", ("Penyedia", "Nama Penyedia", "Toko")),
    ColumnSpec("metode_bayar", ("Cara Bayar", "Metode Bayar", "Pembayaran")),
    ColumnSpec("no_npd", ("No NPD", "Nomor NPD", "NPD")),
    ColumnSpec("no_tbp", ("No TBP", "Nomor TBP", "TBP")),
    ColumnSpec("kegiatan_selesai", ("Selesai Kegiatan", "Tanggal Selesai Kegiatan")),
)


def _rupiah(value: Any) -> int:
    amount = parse_rupiah(value)
    if amount < 0:
        raise ValueError("jumlah tidak boleh negatif")
    if amount != amount.to_integral_value():
        raise ValueError(f"jumlah {amount} bukan rupiah bulat")
    return int(amount)


def _tanggal(value: Any) -> dt.date:
    d = parse_tanggal(value)
    if d is None:
        raise ValueError("tanggal kosong")
    return d


def _tahun(value: Any) -> int:
    if isinstance(value, int | Decimal) or (isinstance(value, float) and value.is_integer()):
        year = int(value)
    else:
        text = str(value).strip()
        if not text.isdigit():
            raise ValueError(f"'{text}' bukan tahun")
        year = int(text)
    if not 2000 <= year <= 2100:
        raise ValueError(f"tahun {year} tidak masuk akal")
    return year


def _code(value: Any) -> str:
    return " ".join(str(value).split()).strip()


def _penerima_jenis(value: Any) -> str:
    v = fold_header(str(value))
    table = {"pegawai": "pegawai", "pns": "pegawai", "asn": "pegawai", "penyedia": "penyedia", "usaha": "penyedia",
             "toko": "penyedia", "orang": "orang", "perorangan": "orang", "pribadi": "orang"}
    if v not in table:
        raise ValueError(f"'{value}' bukan jenis penerima (pegawai, penyedia atau orang)")
    return table[v]


def _metode(value: Any) -> str:
    v = fold_header(str(value)).replace(" ", "")
    if v in ("tunai", "cash"):
        return "tunai"
    if v in ("nontunai", "transfer", "ls", "cms"):
        return "non_tunai"
    raise ValueError(f"'{value}' bukan cara bayar (tunai atau non tunai)")


BUDGET_PARSERS = {"tahun": _tahun, "pagu": _rupiah, "program_kode": _code, "kegiatan_kode": _code, "sub_kode": _code,
                  "rekening_kode": _code}
ITEM_PARSERS = {"tanggal": _tanggal, "jumlah": _rupiah, "sub_kode": _code, "rekening_kode": _code,
                "penerima_jenis": _penerima_jenis, "metode_bayar": _metode, "kegiatan_selesai": _tanggal,
                "no_tbp": _code, "no_npd": _code, "penerima_nik": _code, "penerima_npwp": _code}


def detect(table: reading.RawTable) -> str:
    """``item`` when the file has an Uraian and a Tanggal column, else ``anggaran``."""
    heads = {fold_header(h) for h in table.headers}
    return "item" if {"uraian", "tanggal"} <= heads or {"keterangan", "tanggal"} <= heads else "anggaran"


def _read(path: Path, jenis: str | None) -> tuple[reading.RawTable, str]:
    if jenis is not None and jenis not in JENIS_IMPOR:
        raise ValidationFailed(f"Jenis impor '{jenis}' tidak dikenal (anggaran atau item).")
    if jenis is None:
        both = (*BUDGET_SPECS, *ITEM_SPECS)
        table = reading.read_table(path, anchor_score(both), what="anggaran atau item SPJ")
        return table, detect(table)
    specs = BUDGET_SPECS if jenis == "anggaran" else ITEM_SPECS
    return reading.read_table(path, anchor_score(specs), what=f"impor {jenis}"), jenis


def _jenis_words(uow: UnitOfWork) -> dict[str, str]:
    """Folded code or name of a jenis belanja → its code (a file may write either)."""
    out: dict[str, str] = {}
    for kode, nama in uow.session.execute(select(SpjJenisBelanja.kode, SpjJenisBelanja.nama)):
        out[fold_header(kode)] = kode
        out[fold_header(kode.replace("_", " "))] = kode
        out.setdefault(fold_header(nama), kode)
    return out


def _problem(report: CheckedImport, cmap: ColumnMap, specs: tuple[ColumnSpec, ...], row: int, field: str | None,
             message: str) -> None:
    col = cmap.column_name(field) if field and field in cmap.index else next(
        (s.title for s in specs if s.field == field), "")
    text = message.strip()
    report.problems.append(RowProblem(row, col, text[:1].lower() + text[1:]))


def import_file(uow: UnitOfWork, path: Path, *, jenis: str | None = None, tahun: int | None = None,
                dry_run: bool = False, progress: Progress | None = None,
                cancel: CancelToken | None = None) -> CheckedImport:
    """Check every row and (unless a row is bad) write every row in this unit of work; the caller
    commits only when ``clean(report)`` (:func:`run_import`). A dry run makes the same calls."""
    uow.require(Permission.WRITE)
    table, kind = _read(Path(path), jenis)
    report = CheckedImport(file=table.name, dry_run=dry_run)
    if kind == "anggaran":
        _import_budget(uow, table, report, tahun, progress or NullProgress(), cancel)
    else:
        _import_items(uow, table, report, tahun, progress or NullProgress(), cancel)
    report.valid = report.rows - len(report.bad_rows)
    if report.problems:
        report.imported = 0
    elif not dry_run:
        uow.record("import", service.SPJ_ITEM_KIND, None,
                   {"file": table.name, "sha256": table.sha256, "jenis": kind, "rows": report.imported})
    return report


def _import_budget(uow: UnitOfWork, table: reading.RawTable, report: CheckedImport, tahun: int | None,
                   progress: Progress, cancel: CancelToken | None) -> None:
    cmap = map_columns(table, BUDGET_SPECS)
    if "tahun" not in cmap.index and tahun is None:
        report.problems.append(RowProblem(cmap.header_row, "Tahun",
                                          "berkas tidak punya kolom Tahun; sebutkan tahun anggaran (--tahun)"))
    every: list[ParsedRow] = []
    good = check_rows(table, cmap, BUDGET_SPECS, BUDGET_PARSERS, report, None, None, every)
    first: dict[tuple[Any, ...], int] = {}
    for r in every:  # the same line twice would silently overwrite its pagu
        line = (r.values.get("tahun") or tahun, r.values.get("sub_kode"), r.values.get("rekening_kode"))
        if line in first:
            _problem(report, cmap, BUDGET_SPECS, r.row, "rekening_kode",
                     f"rekening {line[2]} untuk sub kegiatan {line[1]} sudah ada di baris {first[line]} berkas ini")
        else:
            first[line] = r.row
    if cmap.missing_anchors or ("tahun" not in cmap.index and tahun is None):
        return
    # the good rows go through the service calls too, so that every problem is named at once (an unknown
    # rekening beside a negative pagu); with any problem nothing is kept (``clean`` as ``commit_if``)
    jenis_known = _jenis_words(uow)
    totals: dict[tuple[int, str], int] = {}
    for n, r in enumerate(good, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress.report(n, len(good), f"Baris {r.row}")
        v = r.values
        year = int(v.get("tahun") or tahun or 0)
        jb = v.get("jenis_belanja") or ""
        if jb and fold_header(jb) not in jenis_known:
            _problem(report, cmap, BUDGET_SPECS, r.row, "jenis_belanja", f"jenis belanja '{jb}' tidak dikenal")
            continue
        jb = jenis_known.get(fold_header(jb), "")
        stage = "tahun"  # the column a refusal concerns: the service says "kode", the file has several
        try:
            with uow.session.begin_nested():
                t = service.ensure_tahun(uow, year)
                stage = "program_kode"
                p = service.ensure_program(uow, t, v["program_kode"], v.get("program_nama") or "")
                stage = "kegiatan_kode"
                k = service.ensure_kegiatan(uow, p, v["kegiatan_kode"], v.get("kegiatan_nama") or "")
                stage = "sub_kode"
                totals[(year, v["sub_kode"])] = totals.get((year, v["sub_kode"]), 0) + int(v["pagu"])
                sk = service.ensure_sub_kegiatan(uow, k, v["sub_kode"], v["sub_nama"], totals[(year, v["sub_kode"])])
                stage = "rekening_kode"
                rek = service.ensure_rekening(uow, v["rekening_kode"], v.get("rekening_nama") or v["rekening_kode"], jb)
                stage = "pagu"
                service.set_pagu(uow, sk, rek, int(v["pagu"]))
                report.imported += 1
        except TatausahaError as exc:
            field = getattr(exc, "field", None)
            _problem(report, cmap, BUDGET_SPECS, r.row, "pagu" if field == "pagu" else stage, str(exc))


def _import_items(uow: UnitOfWork, table: reading.RawTable, report: CheckedImport, tahun: int | None,
                  progress: Progress, cancel: CancelToken | None) -> None:
    s = uow.session
    cmap = map_columns(table, ITEM_SPECS)
    every: list[ParsedRow] = []
    good = check_rows(table, cmap, ITEM_SPECS, ITEM_PARSERS, report, None, None, every)
    dup = duplicates(every, "no_tbp", report, cmap, what="nomor TBP")
    good = [r for r in good if r.row not in dup]
    if cmap.missing_anchors:
        return
    rekening = {kode: (rid, jb) for rid, kode, jb in s.execute(
        select(SpjRekening.id, SpjRekening.kode, SpjRekening.jenis_belanja))}
    subs = {(year, kode): sid for sid, kode, year in s.execute(
        select(SpjSubKegiatan.id, SpjSubKegiatan.kode, SpjTahun.tahun).join(SpjTahun, SpjTahun.id == SpjSubKegiatan.tahun_id))}
    tbp_taken = {(year, no): iid for iid, no, year in s.execute(
        select(SpjItem.id, SpjItem.no_tbp, SpjTahun.tahun).join(SpjTahun, SpjTahun.id == SpjItem.tahun_id)
        .where(SpjItem.no_tbp.is_not(None)))}
    jenis_words = _jenis_words(uow)
    checked: list[tuple[ParsedRow, int, int]] = []
    good_rows = {r.row for r in good}
    for r in every:  # everything that can be named before writing: named all at once, bad rows too
        v = r.values
        year = tahun or (v["tanggal"].year if v.get("tanggal") else None)
        bad = r.row not in good_rows
        if v.get("rekening_kode") and v["rekening_kode"] not in rekening:
            _problem(report, cmap, ITEM_SPECS, r.row, "rekening_kode",
                     f"kode rekening {v['rekening_kode']} tidak dikenal (impor anggarannya dulu)")
            bad = True
        if year and v.get("sub_kode") and (year, v["sub_kode"]) not in subs:
            _problem(report, cmap, ITEM_SPECS, r.row, "sub_kode",
                     f"sub kegiatan {v['sub_kode']} tidak ada dalam anggaran {year}")
            bad = True
        if year and v.get("no_tbp") and (year, v["no_tbp"]) in tbp_taken:
            _problem(report, cmap, ITEM_SPECS, r.row, "no_tbp",
                     f"nomor TBP {v['no_tbp']} sudah dipakai item SPJ #{tbp_taken[(year, v['no_tbp'])]}")
            bad = True
        if v.get("jumlah") == 0:
            _problem(report, cmap, ITEM_SPECS, r.row, "jumlah", "jumlah harus lebih dari nol")
            bad = True
        if v.get("jenis_belanja") and fold_header(v["jenis_belanja"]) not in jenis_words:
            _problem(report, cmap, ITEM_SPECS, r.row, "jenis_belanja", f"jenis belanja '{v['jenis_belanja']}' tidak dikenal")
            bad = True
        if not bad and year:
            checked.append((r, subs[(year, v["sub_kode"])], rekening[v["rekening_kode"]][0]))
    if report.problems:
        return
    suppliers = {fold_header(n): sid for sid, n in s.execute(select(SpjSupplier.id, SpjSupplier.nama))}
    for n, (r, sub_id, rek_id) in enumerate(checked, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress.report(n, len(checked), f"Baris {r.row}")
        v = r.values
        try:
            with s.begin_nested():
                supplier_id = None
                if v.get("penyedia"):
                    key = fold_header(v["penyedia"])
                    if key not in suppliers:
                        suppliers[key] = service.save_supplier(uow, service.SupplierInput(
                            nama=v["penyedia"], npwp=v.get("penerima_npwp") or "", alamat=v.get("penerima_alamat") or "")).id
                    supplier_id = suppliers[key]
                kind = v.get("penerima_jenis") or ("penyedia" if supplier_id else "orang")
                data = service.ItemInput(
                    tanggal=v["tanggal"], sub_kegiatan_id=sub_id, rekening_id=rek_id,
                    jenis_belanja=(jenis_words[fold_header(v["jenis_belanja"])] if v.get("jenis_belanja")
                                   else rekening[v["rekening_kode"]][1] or "lainnya"),
                    uraian=v["uraian"], jumlah=v["jumlah"], penerima_jenis=kind,
                    supplier_id=supplier_id if kind == "penyedia" else None,
                    penerima_nama=v.get("penerima_nama") or "", penerima_nik=v.get("penerima_nik") or "",
                    penerima_npwp=v.get("penerima_npwp") or "", penerima_alamat=v.get("penerima_alamat") or "",
                    penerima_golongan=v.get("penerima_golongan") or "", metode_bayar=v.get("metode_bayar") or "tunai",
                    no_npd=v.get("no_npd") or "", no_tbp=v.get("no_tbp") or "", kegiatan_selesai=v.get("kegiatan_selesai"),
                )
                service.create_item(uow, data)
                report.imported += 1
        except TatausahaError as exc:
            _problem(report, cmap, ITEM_SPECS, r.row, getattr(exc, "field", None), str(exc))


def run_import(db: Database, actor: Actor, path: Path, *, jenis: str | None = None, tahun: int | None = None,
               dry_run: bool = False, progress: Progress | None = None,
               cancel: CancelToken | None = None) -> Result[CheckedImport]:
    """The import of the window and the CLI: all or nothing (kept only when not a dry run and no row is bad)."""
    def command(uow: UnitOfWork) -> CheckedImport:
        report = import_file(uow, path, jenis=jenis, tahun=tahun, dry_run=dry_run, progress=progress, cancel=cancel)
        uow.note(Changes.of(service.SPJ_ITEM_KIND))
        return report

    return perform(db, actor, command, commit_if=clean)
