"""Import and export of employees (XLSX/CSV) — the monthly nominatif a BKPSDM sends, a SIASN file, or
the office's own list — on the shared spreadsheet room (``tatausaha.sheets.columns``).

* Columns are found by **header name plus order of occurrence** (SIASN's names ``nipBaru``,
  ``tglLahir``, ``golRuangAkhir`` … and the usual Indonesian headers ``NIP``, ``TANGGAL LAHIR``,
  ``GOL/RUANG``; a second ``TMT`` is the jabatan's); never by likeness.
* **Anchors** ``NIP``, ``Nama`` and ``Tanggal lahir``: a file without one is refused, the dry run
  says which.
* The **correction dictionary** (profile ``pegawai``): headers and values the clerk corrected once
  are read the same way next month (:func:`remember`, ``tatausaha staff import --map/--fix``).
* The **dry run** runs exactly what the import runs (every row through the staff service's own
  checks: NIP against birth date, TMT CPNS and gender, golongan of the status, dates …) and
  rolls back; every problem is named by row and column. The import is **all or nothing**
  (``sheets.report.clean`` as the write path's ``commit_if``).
* A NIP already in the office updates that employee (last pangkat/jabatan and the other columns
  the file has); a new NIP adds one, with its pangkat and jabatan as the first riwayat rows.
* **Export** writes the same columns (SIASN names as headers), so an exported file imports 1:1.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tatausaha.changes import Changes, Result
from tatausaha.errors import NotFound, TatausahaError, ValidationFailed
from tatausaha.idparse import parse_tanggal
from tatausaha.jobs import CancelToken, NullProgress, Progress
from tatausaha.models.staff import Pegawai
from tatausaha.services.auth import Actor, Permission
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.sheets import reading
from tatausaha.sheets.columns import (
    ColumnMap,
    ColumnSpec,
    Corrections,
    ParsedRow,
    anchor_score,
    check_rows,
    duplicates,
    forget_corrections,
    load_corrections,
    map_columns,
    parse_key,
    save_corrections,
)
from tatausaha.sheets.export import write_table
from tatausaha.sheets.report import CheckedImport, RowProblem, clean
from tatausaha.staff import access, ident, service
from tatausaha.staff.kinds import PEGAWAI
from tatausaha.storage.database import Database

PROFILE = "pegawai"

#: field → (SIASN header first — the export's header — then the names other files use, exact)
SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("nip_baru", ("nipBaru", "NIP BARU", "NIP", "NIP 18 DIGIT", "NIP/NIPPPK"), label="NIP", anchor=True),
    ColumnSpec("nip_lama", ("nipLama", "NIP LAMA")),
    ColumnSpec("nama", ("nama", "NAMA", "NAMA PEGAWAI", "NAMA LENGKAP"), label="Nama", anchor=True, required=True),
    ColumnSpec("gelar_depan", ("gelarDepan", "GELAR DEPAN")),
    ColumnSpec("gelar_belakang", ("gelarBelakang", "GELAR BELAKANG")),
    ColumnSpec("tempat_lahir", ("tempatLahir", "TEMPAT LAHIR")),
    ColumnSpec("tgl_lahir", ("tglLahir", "TANGGAL LAHIR", "TGL LAHIR", "TGL. LAHIR"), label="Tanggal lahir",
               anchor=True, required=True),
    ColumnSpec("jenis_kelamin", ("jenisKelamin", "JENIS KELAMIN", "JK", "L/P"), label="Jenis kelamin"),
    ColumnSpec("agama", ("agama", "AGAMA")),
    ColumnSpec("nik", ("nik", "NIK")),
    ColumnSpec("email", ("email", "EMAIL")),
    ColumnSpec("no_hp", ("noHp", "NO HP", "NOMOR HP", "TELEPON")),
    ColumnSpec("alamat", ("alamat", "ALAMAT")),
    ColumnSpec("status_pegawai", ("statusPegawai", "STATUS PEGAWAI", "STATUS", "JENIS PEGAWAI"), label="Status pegawai"),
    ColumnSpec("tmt_cpns", ("tmtCpns", "TMT CPNS")),
    ColumnSpec("nomor_sk_cpns", ("nomorSkCpns", "NOMOR SK CPNS", "NO SK CPNS")),
    ColumnSpec("tmt_pns", ("tmtPns", "TMT PNS")),
    ColumnSpec("nomor_sk_pns", ("nomorSkPns", "NOMOR SK PNS", "NO SK PNS")),
    ColumnSpec("kontrak_mulai", ("kontrakMulai", "AWAL KONTRAK", "TMT KONTRAK")),
    ColumnSpec("kontrak_selesai", ("kontrakSelesai", "AKHIR KONTRAK", "KONTRAK SAMPAI")),
    ColumnSpec("gol_ruang_akhir", ("golRuangAkhir", "GOL RUANG AKHIR", "GOL/RUANG", "GOL. RUANG", "GOLONGAN", "GOL"),
               label="Golongan"),
    ColumnSpec("tmt_gol_akhir", ("tmtGolAkhir", "TMT GOL AKHIR", "TMT GOLONGAN", "TMT GOL", ("TMT", 1)),
               label="TMT golongan"),
    ColumnSpec("mk_tahun", ("mkTahun", "MK TAHUN", "MK GOL TAHUN", "MASA KERJA TAHUN"), label="Masa kerja (tahun)"),
    ColumnSpec("mk_bulan", ("mkBulan", "MK BULAN", "MK GOL BULAN", "MASA KERJA BULAN"), label="Masa kerja (bulan)"),
    ColumnSpec("tmt_kgb_akhir", ("tmtKgbAkhir", "TMT KGB", "TMT KGB TERAKHIR")),
    ColumnSpec("gaji_pokok", ("gajiPokok", "GAJI POKOK")),
    ColumnSpec("jenis_jabatan", ("jenisJabatan", "JENIS JABATAN"), label="Jenis jabatan"),
    ColumnSpec("jabatan_nama", ("jabatanNama", "JABATAN", "NAMA JABATAN")),
    ColumnSpec("jenjang_jabatan", ("jenjangJabatan", "JENJANG JABATAN")),
    ColumnSpec("eselon", ("eselon", "ESELON")),
    ColumnSpec("tmt_jabatan", ("tmtJabatan", "TMT JABATAN", ("TMT", 2)), label="TMT jabatan"),
    ColumnSpec("unor_nama", ("unorNama", "UNIT ORGANISASI", "UNOR", "UNIT KERJA")),
    ColumnSpec("pendidikan_tingkat", ("tingkatPendidikan", "TINGKAT PENDIDIKAN", "PENDIDIKAN")),
    ColumnSpec("pendidikan_nama", ("pendidikanNama", "NAMA PENDIDIKAN", "JURUSAN")),
    ColumnSpec("tahun_lulus", ("tahunLulus", "TAHUN LULUS")),
    ColumnSpec("tmt_pensiun", ("tmtPensiun", "TMT PENSIUN")),
    ColumnSpec("no_npwp", ("noNpwp", "NPWP", "NO NPWP")),
    ColumnSpec("bank_nama", ("bankNama", "NAMA BANK", "BANK")),
    ColumnSpec("bank_rekening", ("bankRekening", "NOMOR REKENING", "NO REKENING", "REKENING")),
    ColumnSpec("bank_atas_nama", ("bankAtasNama", "ATAS NAMA REKENING")),
)
FIELDS = tuple(s.field for s in SPECS)
_DATES = ("tgl_lahir", "tmt_cpns", "tmt_pns", "kontrak_mulai", "kontrak_selesai", "tmt_gol_akhir", "tmt_kgb_akhir",
          "tmt_jabatan", "tmt_pensiun")
_INTS = ("mk_tahun", "mk_bulan", "gaji_pokok", "tahun_lulus")
#: identifiers read as text of digits even when Excel made them numbers (no 1.9860926e+17)
_DIGITS = ("nip_baru", "nip_lama", "nik", "no_npwp", "bank_rekening", "no_hp")

_STATUS = {
    "pns": "pns", "cpns": "cpns", "pppk": "pppk", "p3k": "pppk", "pppk paruh waktu": "pppk_paruh_waktu",
    "pppk_paruh_waktu": "pppk_paruh_waktu", "non asn": "non_asn", "non_asn": "non_asn", "nonasn": "non_asn",
    "honorer": "non_asn", "tenaga honorer": "non_asn", "ptt": "non_asn",
}
_GENDER = {"l": "L", "laki laki": "L", "laki-laki": "L", "pria": "L", "1": "L",
           "p": "P", "perempuan": "P", "wanita": "P", "2": "P"}
_JENIS_JABATAN = {
    "jpt": "jpt", "jabatan pimpinan tinggi": "jpt", "struktural": "administrator", "administrator": "administrator",
    "pengawas": "pengawas", "pelaksana": "pelaksana", "jfu": "pelaksana", "fungsional umum": "pelaksana",
    "fungsional keahlian": "fungsional_keahlian", "fungsional_keahlian": "fungsional_keahlian",
    "fungsional keterampilan": "fungsional_keterampilan", "fungsional_keterampilan": "fungsional_keterampilan",
}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII")
_GOL_PNS = re.compile(r"^(IV|III|II|I)\s*[/\-. ]?\s*([A-Ea-e])$")


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def _digits(v: Any) -> str:
    if isinstance(v, float):
        if not v.is_integer() or abs(v) >= 1e15:
            raise ValidationFailed(f"'{v}' tersimpan sebagai angka pecahan/terpotong oleh Excel; "
                                   "simpan kolom ini sebagai teks lalu ulangi")
        v = int(v)
    return ident.digits_only(str(v).strip().lstrip("'"))


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    d = parse_tanggal(_text(v))  # raises ValueError naming an impossible date ("31-02-1990 bukan tanggal yang mungkin")
    if d is None:
        raise ValidationFailed(f"'{_text(v)}' bukan tanggal")
    return d


def _int(v: Any) -> int:
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    t = _text(v)
    if not re.fullmatch(r"\d+", t):
        raise ValidationFailed(f"'{t}' bukan bilangan bulat")
    return int(t)


def _lookup(table: dict[str, str], what: str) -> Any:
    def parse(v: Any) -> str:
        key = _text(v).lower().replace("-", " ").replace("_", " ")
        key = " ".join(key.split())
        hit = table.get(key) or table.get(_text(v).lower())
        if hit is None:
            raise ValidationFailed(f"{what} '{_text(v)}' tidak dikenal")
        return hit
    return parse


def normalise_golongan(v: Any) -> str:
    """``III/a``, ``III-a``, ``III a``, ``IIIA`` → ``III/a``; ``IX`` → ``IX`` (PPPK); anything else is refused."""
    t = _text(v).replace(" ", "") if not isinstance(v, int) else str(v)
    m = _GOL_PNS.match(t)
    if m:
        return f"{m.group(1)}/{m.group(2).lower()}"
    if t.upper() in _ROMAN:
        return t.upper()
    raise ValidationFailed(f"golongan '{_text(v)}' tidak dikenal (PNS I/a–IV/e, PPPK I–XVII)")


def _nip(v: Any) -> str:
    d = _digits(v)
    if not d:
        return ""
    if len(d) != 18 or not d.isdigit():
        raise ValidationFailed(f"NIP harus 18 angka (tertulis {len(d)} karakter: {_text(v)})")
    return d


PARSERS: dict[str, Any] = {
    **{f: _date for f in _DATES},
    **{f: _int for f in _INTS},
    **{f: _digits for f in _DIGITS},
    "nip_baru": _nip,
    "status_pegawai": _lookup(_STATUS, "status pegawai"),
    "jenis_kelamin": _lookup(_GENDER, "jenis kelamin"),
    "jenis_jabatan": _lookup(_JENIS_JABATAN, "jenis jabatan"),
    "gol_ruang_akhir": normalise_golongan,
    "jenjang_jabatan": lambda v: _text(v).lower().replace(" ", "_"),
    "pendidikan_tingkat": lambda v: _text(v).upper().replace("SLTA", "SMA").replace("SMU", "SMA").replace("SLTP", "SMP"),
}


@dataclass
class StaffImportReport(CheckedImport):
    added: int = 0
    updated: int = 0
    warnings: list[str] = dataclasses.field(default_factory=list)
    corrected_headers: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        if self.rows == 0 and not self.problems:
            return f"{self.file}: tidak ada baris data."
        if self.problems:
            return (f"{self.file}: {len(self.problems)} masalah pada {len(self.bad_rows)} baris; tidak ada yang diimpor. "
                    "Perbaiki lalu ulangi.")
        if self.dry_run:
            return (f"{self.file}: {self.rows} baris siap diimpor ({self.added} pegawai baru, {self.updated} diperbarui); "
                    "uji coba, belum disimpan.")
        return f"{self.file}: {self.imported} pegawai diimpor ({self.added} baru, {self.updated} diperbarui)."

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "dry_run": self.dry_run, "imported": self.imported,
                "added": self.added, "updated": self.updated, "mapping": self.mapping, "unmapped": self.unmapped,
                "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in self.problems],
                "warnings": self.warnings, "ok": self.ok}


def read_file(path: Path) -> reading.RawTable:
    return reading.read_table(Path(path), anchor_score(SPECS), what="mis. 'NIP', 'Nama', 'Tanggal lahir'")


def corrections_from_args(maps: Sequence[str] = (), fixes: Sequence[str] = ()) -> Corrections:
    """``--map "NIP 18#1=nip_baru"`` and ``--fix "gol_ruang_akhir:3A=III/a"`` → a correction dictionary."""
    out = Corrections()
    for m in maps:
        head, sep, f = m.rpartition("=")
        if not sep or not head.strip() or f.strip() not in FIELDS:
            raise ValidationFailed(f"Pemetaan '{m}' tidak dapat dibaca: tulis JUDUL KOLOM=bidang (JUDUL#2 untuk kolom "
                                   f"kedua berjudul sama); bidang yang ada: {', '.join(FIELDS)}.")
        out.map_header(parse_key(head.strip()), f.strip())
    for fx in fixes:
        f, sep, rest = fx.partition(":")
        raw, sep2, value = rest.rpartition("=")
        if not sep or not sep2 or f.strip() not in FIELDS or not raw.strip():
            raise ValidationFailed(f"Koreksi '{fx}' tidak dapat dibaca: tulis bidang:nilai di berkas=nilai yang benar, "
                                   "mis. gol_ruang_akhir:3A=III/a.")
        out.correct_value(f.strip(), raw.strip(), value.strip())
    return out


def remember(uow: UnitOfWork, corrections: Corrections) -> None:
    """Keep the clerk's corrections for next month's file (write permission)."""
    uow.require(Permission.WRITE)
    save_corrections(uow, PROFILE, corrections)


def stored_corrections(uow: UnitOfWork) -> Corrections:
    """The correction dictionary kept for the next employee import (who may import may read it)."""
    uow.require(Permission.WRITE)
    return load_corrections(uow, PROFILE)


def forget(uow: UnitOfWork, *, headers: Sequence[str] = (), values: Sequence[tuple[str, str]] = ()) -> int:
    """Remove stored corrections (header ids, ``(field, raw)`` values): the next import no longer uses them."""
    uow.require(Permission.WRITE)
    if not headers and not values:
        return 0
    removed = forget_corrections(uow, PROFILE, headers=headers, values=values)
    if not removed:
        raise NotFound("Koreksi itu sudah tidak tersimpan.")
    return removed


def _row_check(parsed: ParsedRow, problem: Any) -> None:
    v = parsed.values
    status = v.get("status_pegawai")
    nip = v.get("nip_baru") or ""
    if status is None:  # not in the file: a NIP means PNS, none means non-ASN
        v["status_pegawai"] = status = "pns" if nip else "non_asn"
    if v.get("jenis_kelamin") is None and nip:
        v["jenis_kelamin"] = "L" if nip[14] == "1" else "P" if nip[14] == "2" else None
    if v.get("jenis_kelamin") is None:
        problem("jenis_kelamin", "wajib diisi (L/P) bila tidak ada NIP")
        return
    if nip:
        try:
            ident.check_nip(nip, tgl_lahir=v.get("tgl_lahir"), jenis_kelamin=v.get("jenis_kelamin"),
                            tmt_cpns=v.get("tmt_cpns") if status in ("pns", "cpns") else None,
                            pppk=status in ("pppk", "pppk_paruh_waktu"))
        except ValidationFailed as exc:
            problem("nip_baru", _lower(str(exc)))
    if v.get("nik"):
        try:
            ident.check_nik(v["nik"], tgl_lahir=v.get("tgl_lahir"), jenis_kelamin=v.get("jenis_kelamin"))
        except ValidationFailed as exc:
            problem("nik", _lower(str(exc)))


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _input_for(values: dict[str, Any], existing: service.EmployeeInput | None) -> service.EmployeeInput:
    """The row's values over the employee's current ones (an update keeps what the file does not have)."""
    base: dict[str, Any] = dataclasses.asdict(existing) if existing is not None else {}
    names = {f.name for f in dataclasses.fields(service.EmployeeInput)}
    for k, v in values.items():
        if k in names and v is not None:
            base[k] = v
    for k in ("nama", "tgl_lahir", "jenis_kelamin", "status_pegawai"):
        base.setdefault(k, values.get(k))
    return service.EmployeeInput(**{k: v for k, v in base.items() if k in names})


def import_file(uow: UnitOfWork, path: Path, *, dry_run: bool = False, corrections: Corrections | None = None,
                progress: Progress | None = None, cancel: CancelToken | None = None) -> StaffImportReport:
    """Check every row and (unless a row is bad) add or update every employee in this unit of work.

    The caller commits only when :func:`tatausaha.sheets.report.clean` says so (:func:`run_import`);
    a dry run goes through the very same service calls and is rolled back.
    """
    uow.require(Permission.WRITE)
    progress = progress or NullProgress()
    table = read_file(path)
    stored = load_corrections(uow, PROFILE)
    fix = stored.merged(corrections) if corrections else stored
    cmap = map_columns(table, SPECS, fix)
    report = StaffImportReport(file=table.name, dry_run=dry_run, corrected_headers=list(cmap.corrected))
    every: list[ParsedRow] = []
    good = check_rows(table, cmap, SPECS, PARSERS, report, fix, _row_check, every)
    dup = duplicates(every, "nip_baru", report, cmap, what="NIP")
    good = [r for r in good if r.row not in dup]
    if cmap.missing_anchors:
        good = []  # a file missing an anchor column is refused whole: its rows are not even tried
    existing: dict[str, int] = {nip: pid for nip, pid in uow.session.execute(
        select(Pegawai.nip_baru, Pegawai.id).where(Pegawai.nip_baru.is_not(None))).all() if nip}
    personal = access.may_see_personal(uow)
    total = max(1, len(good))
    for n, r in enumerate(good, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress.report(n, total, f"Memeriksa baris {r.row}")
        _write_row(uow, r, existing, cmap, report, personal)
    if not report.problems and corrections:
        save_corrections(uow, PROFILE, corrections)  # kept with the import (rolled back with it when not kept)
    report.valid = report.rows - len(report.bad_rows)
    if not report.problems:
        report.imported = report.added + report.updated
        if not dry_run:
            uow.record("import", PEGAWAI, None, {"file": table.name, "sha256": table.sha256, "rows": report.imported,
                                                 "added": report.added, "updated": report.updated})
    return report


def _write_row(uow: UnitOfWork, r: ParsedRow, existing: dict[str, int], cmap: ColumnMap, report: StaffImportReport,
               personal: bool) -> None:
    v = r.values
    nip = v.get("nip_baru") or None
    emp_id = existing.get(nip) if nip else None

    def problem(field: str | None, message: str) -> None:
        col = cmap.column_name(field) if field and field in cmap.index else next(
            (s.title for s in SPECS if s.field == field), "")
        report.problems.append(RowProblem(r.row, col, _lower(message)))

    if emp_id is not None and not personal:
        problem("nip_baru", f"NIP {ident.format_nip(nip)} sudah terdaftar; memperbarui pegawai memerlukan hak membuka "
                            "data pribadi pegawai")
        return
    try:
        with uow.session.begin_nested():
            if emp_id is None:
                saved = service.create_employee(uow, _input_for(v, None))
                _first_history(uow, saved.id, v)
                report.added += 1
            else:
                current = service.employee_input(uow, emp_id)
                saved = service.update_employee(uow, emp_id, _input_for(v, current))
                report.updated += 1
            report.warnings.extend(f"baris {r.row}: {w}" for w in saved.warnings)
            if nip:
                existing[nip] = saved.id
    except ValidationFailed as exc:
        problem(getattr(exc, "field", None), str(exc))
    except TatausahaError as exc:
        problem(None, str(exc))


def _first_history(uow: UnitOfWork, employee_id: int, v: dict[str, Any]) -> None:
    """A new employee's pangkat and jabatan from the file become the first riwayat rows."""
    if v.get("gol_ruang_akhir") and v.get("tmt_gol_akhir"):
        service.add_history(uow, employee_id, "pangkat", {
            "golongan": v["gol_ruang_akhir"], "tmt_golongan": v["tmt_gol_akhir"],
            "mk_golongan_tahun": v.get("mk_tahun") or 0, "mk_golongan_bulan": v.get("mk_bulan") or 0,
            "keterangan": "dari impor"})
    if v.get("jabatan_nama") and v.get("tmt_jabatan"):
        service.add_history(uow, employee_id, "jabatan", {
            "jabatan_nama": v["jabatan_nama"], "tmt_jabatan": v["tmt_jabatan"],
            "jenis_jabatan": v.get("jenis_jabatan") or "pelaksana", "jenjang_jabatan": v.get("jenjang_jabatan") or "",
            "eselon": v.get("eselon") or "", "unor_nama": v.get("unor_nama") or "", "keterangan": "dari impor"})


def run_import(db: Database, actor: Actor, path: Path, *, dry_run: bool = False,
               corrections: Corrections | None = None, progress: Progress | None = None,
               cancel: CancelToken | None = None) -> Result[StaffImportReport]:
    """The import of the window and the CLI: all or nothing (kept only when not a dry run and no row is bad)."""
    def command(uow: UnitOfWork) -> StaffImportReport:
        report = import_file(uow, path, dry_run=dry_run, corrections=corrections, progress=progress, cancel=cancel)
        uow.note(Changes.of(PEGAWAI))
        return report

    return perform(db, actor, command, commit_if=clean)


# --- export ------------------------------------------------------------------------------------


def export_file(uow: UnitOfWork, path: Path, *, include_inactive: bool = False) -> int:
    """Every employee in the import's columns (SIASN names as headers): an exported file imports 1:1.

    The file holds personal data: only for those who may see it (``access.require_personal``);
    the export is written to the audit trail."""
    uow.require(Permission.EXPORT)
    access.require_personal(uow)
    q = select(Pegawai).order_by(Pegawai.nama, Pegawai.id)
    if not include_inactive:
        q = q.where(Pegawai.kedudukan == "aktif")
    people = list(uow.session.execute(q).scalars())
    rows = [[_export_value(s.field, getattr(p, s.field)) for s in SPECS] for p in people]
    n = write_table(Path(path), [s.keys()[0][0] for s in SPECS], rows, sheet="Pegawai")
    uow.record("export", PEGAWAI, None, {"file": Path(path).name, "rows": n})
    return n


def _export_value(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in ("gaji_pokok", "tahun_lulus", "mk_tahun", "mk_bulan"):
        return int(value)
    if field in _DIGITS or field == "nip_baru":
        return str(value)  # text, never a number Excel shortens
    return value


__all__ = ["FIELDS", "PROFILE", "SPECS", "StaffImportReport", "corrections_from_args", "export_file", "forget", "import_file",
           "normalise_golongan", "read_file", "remember", "run_import", "stored_corrections"]
