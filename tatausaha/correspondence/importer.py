"""Import the registers the office keeps in Excel today (buku agenda surat masuk / keluar).

* XLSX (openpyxl) or CSV (any of , ; tab; UTF-8 with or without BOM, or Windows-1252).
* Column mapping: guessed from the header names, or given; remembered per header layout in
  ``corr_setting`` (so the next month's file of the same shape maps itself).
* Indonesian dates in their common forms: "12 Agustus 2024", "12-08-2024", "12/08/24",
  "12.08.2024", "2024-08-12", "12 Agt 2024", "Senin, 12 Agustus 2024", Pebruari / Nopember /
  Agustus spellings, and real Excel dates.
* A dry run lists every row's problems. The real import is all-or-nothing: a file with any bad
  row imports nothing; a good file goes in one transaction with bulk inserts.
* Audit: one explicit ``import`` event per import (file name, SHA-256, count, agenda range) plus
  the audited instansi rows it creates — the letter rows themselves are bulk-inserted.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from tatausaha import clock
from tatausaha.changes import Changes, Result
from tatausaha.correspondence import instansi as instansi_svc
from tatausaha.correspondence import numbering, searchhook
from tatausaha.correspondence.common import check_derajat, check_kanal, check_keamanan, fold, norm_nomor
from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.jobs import CancelToken, NullProgress, Progress
from tatausaha.models.base import utcnow
from tatausaha.models.correspondence import CorrespondenceSetting, JenisNaskah, NomorTerbit, SuratKeluar, SuratMasuk
from tatausaha.models.klasifikasi import SCHEME_LAMA, SCHEME_PMDN83, Klasifikasi
from tatausaha.services.auth import Actor, Permission
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.storage.database import Database

# --------------------------------------------------------------------------- dates

BULAN_ALIASES: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("januari", "jan", "january"),
        ("februari", "pebruari", "feb", "peb", "pebr", "febr", "february"),
        ("maret", "mar", "march", "mrt"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agt", "agst", "agu", "ags", "agus", "aug", "august", "augustus"),
        ("september", "sep", "sept", "spt"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nopember", "nov", "nop", "novemb"),
        ("desember", "des", "dec", "december", "desemb"),
    ],
    start=1,
):
    for _n in _names:
        BULAN_ALIASES[_n] = _i

_HARI = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"^(\d{1,2})\s*[-/. ]\s*([a-z]+)\.?\s*[-/. ]\s*(\d{2}|\d{4})$")


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        return 2000 + n if n < 70 else 1900 + n
    return n


def parse_tanggal(value: Any) -> dt.date | None:
    """A date from a cell. ``None``/empty → None; unreadable → ValueError with an Indonesian message."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date that lost its format
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise ValueError(f"'{value}' bukan tanggal")
    text = " ".join(str(value).strip().split())
    if not text or text in ("-", "—"):
        return None
    t = text.lower().replace(",", " ")
    words = t.split()
    if words and words[0] in _HARI:  # "Senin, 12 Agustus 2024"
        t = " ".join(words[1:])
    t = " ".join(t.split())
    try:
        if m := _ISO.match(t):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC.match(t):
            return dt.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _WORDS.match(t):
            month = BULAN_ALIASES.get(m.group(2))
            if month is None:
                raise ValueError(f"nama bulan '{m.group(2)}' tidak dikenal")
            return dt.date(_year(m.group(3)), month, int(m.group(1)))
    except ValueError as exc:
        if "bulan" in str(exc):
            raise ValueError(f"'{text}': {exc}") from None
        raise ValueError(f"'{text}' bukan tanggal yang mungkin") from None
    raise ValueError(f"'{text}' tidak dikenali sebagai tanggal (contoh: 12 Agustus 2024 atau 12-08-2024)")


# --------------------------------------------------------------------------- fields and headers

FIELDS_MASUK: dict[str, str] = {
    "nomor_agenda": "No. agenda",
    "tanggal_terima": "Tanggal terima",
    "nomor_surat": "Nomor surat",
    "tanggal_surat": "Tanggal surat",
    "pengirim": "Pengirim",
    "ditujukan": "Ditujukan kepada",
    "perihal": "Perihal",
    "ringkasan": "Ringkasan",
    "derajat": "Sifat / derajat kecepatan",
    "keamanan": "Klasifikasi keamanan",
    "kode_klasifikasi": "Kode klasifikasi",
    "lampiran": "Lampiran",
    "kanal": "Kanal",
    "srikandi_ref": "Referensi SRIKANDI",
    "keterangan": "Keterangan",
    "lokasi_arsip": "Lokasi arsip",
}
REQUIRED_MASUK = ("tanggal_terima", "pengirim", "perihal")
FIELDS_KELUAR: dict[str, str] = {
    "nomor_agenda": "No. urut",
    "nomor": "Nomor surat",
    "tanggal_surat": "Tanggal surat",
    "jenis": "Jenis naskah",
    "tujuan": "Tujuan",
    "perihal": "Perihal",
    "derajat": "Sifat / derajat kecepatan",
    "keamanan": "Klasifikasi keamanan",
    "kode_klasifikasi": "Kode klasifikasi",
    "lampiran": "Lampiran",
    "tanggal_kirim": "Tanggal kirim",
    "kanal": "Kanal",
    "srikandi_ref": "Referensi SRIKANDI",
    "keterangan": "Keterangan",
}
REQUIRED_KELUAR = ("nomor", "tanggal_surat", "tujuan", "perihal")

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "nomor_agenda": ("no agenda", "nomor agenda", "no urut", "nomor urut", "no", "nomor", "agenda", "no agd"),
    "tanggal_terima": ("tanggal terima", "tgl terima", "tanggal diterima", "tgl diterima", "tanggal penerimaan",
                       "diterima tanggal", "diterima tgl", "tgl masuk", "tanggal masuk", "terima"),
    "nomor_surat": ("nomor surat", "no surat", "nomor", "no"),
    "nomor": ("nomor surat", "no surat", "nomor", "no surat keluar"),
    "tanggal_surat": ("tanggal surat", "tgl surat", "tanggal", "tgl"),
    "pengirim": ("pengirim", "asal surat", "asal", "dari", "surat dari", "instansi pengirim", "pengirim surat"),
    "ditujukan": ("kepada", "ditujukan", "ditujukan kepada", "tujuan"),
    "tujuan": ("tujuan", "kepada", "dikirim kepada", "tujuan surat", "alamat tujuan", "penerima"),
    "perihal": ("perihal", "hal", "isi ringkas", "isi singkat", "perihal isi ringkas", "isi surat", "ringkasan isi"),
    "ringkasan": ("ringkasan", "uraian", "isi"),
    "derajat": ("sifat", "derajat", "derajat kecepatan", "kecepatan", "sifat surat"),
    "keamanan": ("klasifikasi keamanan", "keamanan", "kerahasiaan", "tingkat keamanan"),
    "kode_klasifikasi": ("kode klasifikasi", "kode klas", "kode", "klasifikasi", "kode surat", "kka", "kode arsip"),
    "lampiran": ("lampiran", "lamp", "jml lampiran", "jumlah lampiran"),
    "kanal": ("kanal", "media", "cara terima", "via", "cara kirim"),
    "srikandi_ref": ("srikandi", "no srikandi", "ref srikandi", "referensi srikandi", "id srikandi"),
    "keterangan": ("keterangan", "ket", "catatan"),
    "lokasi_arsip": ("lokasi arsip", "lokasi", "tempat simpan"),
    "jenis": ("jenis", "jenis naskah", "jenis surat"),
    "tanggal_kirim": ("tanggal kirim", "tgl kirim", "dikirim tanggal", "tanggal pengiriman"),
}


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    header_row: int  # 1-based row number of the header in the file
    sha256: str
    name: str


@dataclass(frozen=True)
class RowProblem:
    row: int  # row number as the clerk sees it in Excel (1-based, header included)
    column: str
    message: str

    def __str__(self) -> str:
        return f"baris {self.row}" + (f", kolom {self.column}" if self.column else "") + f": {self.message}"


@dataclass
class ImportReport:
    arah: str
    file: str
    rows: int = 0  # data rows read (empty rows skipped)
    valid: int = 0
    imported: int = 0
    dry_run: bool = True
    mapping: dict[str, str] = field(default_factory=dict)  # header → field
    unmapped: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    agenda_range: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows > 0

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    def summary(self) -> str:
        if self.rows == 0:
            return f"{self.file}: tidak ada baris data."
        if self.problems:
            return (f"{self.file}: {len(self.bad_rows)} dari {self.rows} baris bermasalah; tidak ada yang diimpor. "
                    "Perbaiki baris berikut lalu ulangi.")
        if self.dry_run:
            return f"{self.file}: {self.rows} baris siap diimpor (uji coba, belum disimpan)."
        return f"{self.file}: {self.imported} surat {self.arah} diimpor ({self.agenda_range})."


# --------------------------------------------------------------------------- reading


def read_table(path: Path) -> Table:
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"Berkas {path} tidak ditemukan.")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(data, path.name)
    elif suffix in (".csv", ".txt"):
        raw = _read_csv(data)
    elif suffix == ".xls":
        raise ValidationFailed(f"{path.name} berformat Excel lama (.xls). Simpan ulang sebagai .xlsx lalu impor lagi.")
    else:
        raise ValidationFailed(f"{path.name}: hanya berkas .xlsx atau .csv yang dapat diimpor.")
    header_idx = _find_header(raw)
    if header_idx is None:
        raise ValidationFailed(f"{path.name}: baris judul kolom tidak ditemukan (mis. 'Tanggal Terima', 'Pengirim').")
    headers = tuple(str(h).strip() if h is not None else "" for h in raw[header_idx])
    rows = tuple(tuple(r) for r in raw[header_idx + 1:])
    return Table(headers, rows, header_idx + 1, sha, path.name)


def _read_xlsx(data: bytes, name: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure is "not a readable xlsx"
        raise ValidationFailed(f"{name} bukan berkas Excel (.xlsx) yang dapat dibaca.") from exc
    try:
        ws = wb.worksheets[0]
        out = []
        for r in ws.iter_rows(values_only=True):
            out.append(list(r))
        return out
    finally:
        wb.close()


def _read_csv(data: bytes) -> list[list[Any]]:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delim = dialect.delimiter
    except csv.Error:
        delim = ";" if sample.count(";") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delim)]


def _cell_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _find_header(raw: list[list[Any]]) -> int | None:
    """The first row (of the first 15) whose cells look most like known column names."""
    known = {fold(a) for aliases in HEADER_ALIASES.values() for a in aliases}
    best, best_score = None, 0
    for i, row in enumerate(raw[:15]):
        cells = [fold(str(c)) for c in row if not _cell_empty(c)]
        score = sum(1 for c in cells if c in known or _match_field(c) is not None)
        if score > best_score and score >= 2:
            best, best_score = i, score
    return best


def _match_field(folded_header: str, fields: Iterable[str] | None = None) -> str | None:
    pool = list(fields) if fields is not None else list(HEADER_ALIASES)
    h = folded_header.replace("tgl ", "tanggal ") if folded_header.startswith("tgl ") else folded_header
    for f in pool:
        for a in HEADER_ALIASES.get(f, ()):
            if folded_header == fold(a) or h == fold(a):
                return f
    return None


def guess_mapping(headers: Sequence[str], arah: str) -> dict[str, str]:
    """header → field. Earlier, more specific aliases win; each field is used once."""
    fields = list(FIELDS_MASUK if arah == "masuk" else FIELDS_KELUAR)
    out: dict[str, str] = {}
    used: set[str] = set()
    # pass 1: exact, in the alias order of each field (most specific names are first)
    for rank in range(12):
        for h in headers:
            if not h or h in out:
                continue
            fh = fold(h)
            for f in fields:
                aliases = HEADER_ALIASES.get(f, ())
                if f not in used and rank < len(aliases) and fh == fold(aliases[rank]):
                    out[h] = f
                    used.add(f)
                    break
    return out


def guess_arah(headers: Sequence[str]) -> str:
    fh = {fold(h) for h in headers if h}
    masuk_words = {"pengirim", "asal surat", "asal", "tanggal terima", "tgl terima", "tanggal diterima", "dari",
                   "surat dari", "tgl diterima"}
    keluar_words = {"tujuan", "dikirim kepada", "tanggal kirim", "tgl kirim", "tujuan surat"}
    m, k = len(fh & masuk_words), len(fh & keluar_words)
    if m == k:
        raise ValidationFailed("Tidak dapat menentukan apakah berkas ini agenda surat masuk atau keluar; "
                               "sebutkan arahnya (--arah masuk|keluar).")
    return "masuk" if m > k else "keluar"


def _signature(headers: Sequence[str]) -> str:
    return hashlib.sha1("|".join(fold(h) for h in headers).encode()).hexdigest()[:16]


def remembered_mapping(uow: UnitOfWork, headers: Sequence[str], arah: str) -> dict[str, str] | None:
    row = uow.session.get(CorrespondenceSetting, f"import_mapping:{arah}:{_signature(headers)}")
    if row is None or not isinstance(row.value, dict):
        return None
    return {h: f for h, f in row.value.items() if h in headers}


def remember_mapping(uow: UnitOfWork, headers: Sequence[str], arah: str, mapping: dict[str, str]) -> None:
    key = f"import_mapping:{arah}:{_signature(headers)}"
    row = uow.session.get(CorrespondenceSetting, key)
    if row is None:
        uow.session.add(CorrespondenceSetting(key=key, value=dict(mapping)))
    else:
        row.value = dict(mapping)
    uow.session.flush()


# --------------------------------------------------------------------------- validation


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.strftime("%d-%m-%Y")
    return " ".join(str(v).split())


class _Kodes:
    def __init__(self, uow: UnitOfWork) -> None:
        self.pmdn = set(uow.session.execute(select(Klasifikasi.kode).where(Klasifikasi.scheme == SCHEME_PMDN83)).scalars())
        self.lama = set(uow.session.execute(select(Klasifikasi.kode).where(Klasifikasi.scheme == SCHEME_LAMA)).scalars())

    def scheme(self, kode: str) -> str | None:
        if kode in self.pmdn:
            return SCHEME_PMDN83
        if kode in self.lama:
            return SCHEME_LAMA
        return None


def _sifat_split(derajat_raw: str, keamanan_raw: str) -> tuple[str, str]:
    """Old registers often have one 'Sifat' column mixing urgency and security: split them."""
    d, k = derajat_raw, keamanan_raw
    fd = fold(d)
    if fd in ("rahasia", "sangat rahasia", "terbatas") and not k:
        return "", d
    return d, k


def _validate_rows(uow: UnitOfWork, table: Table, mapping: dict[str, str], arah: str, report: ImportReport,
                   cancel: CancelToken | None, progress: Progress) -> list[dict[str, Any]]:
    fields = FIELDS_MASUK if arah == "masuk" else FIELDS_KELUAR
    required = REQUIRED_MASUK if arah == "masuk" else REQUIRED_KELUAR
    col_of = {f: table.headers.index(h) for h, f in mapping.items() if h in table.headers}
    header_of = {f: h for h, f in mapping.items()}
    missing = [fields[f] for f in required if f not in col_of]
    if missing:
        raise ValidationFailed(f"Kolom wajib tidak ada di berkas (atau belum dipetakan): {', '.join(missing)}.")
    kodes = _Kodes(uow)
    s = uow.session
    jenis_map = {k.upper(): i for i, k in s.execute(select(JenisNaskah.id, JenisNaskah.kode)).all()}
    jenis_map.update({fold(n): i for i, n in s.execute(select(JenisNaskah.id, JenisNaskah.nama)).all()})
    good: list[dict[str, Any]] = []
    seen_agenda: dict[tuple[int, int], int] = {}
    seen_letter: dict[tuple[str, str], int] = {}
    n_total = len(table.rows)
    for i, raw in enumerate(table.rows):
        if cancel is not None and i % 500 == 0:
            cancel.raise_if_cancelled()
        if i % 1000 == 0:
            progress.report(i, n_total, "Memeriksa baris")
        rownum = table.header_row + 1 + i
        if all(_cell_empty(v) for v in raw):
            continue
        report.rows += 1
        problems: list[RowProblem] = []

        def cell(f: str, raw: tuple[Any, ...] = raw) -> Any:
            j = col_of.get(f)
            return raw[j] if j is not None and j < len(raw) else None

        def bad(f: str, msg: str, rownum: int = rownum, problems: list[RowProblem] = problems) -> None:
            problems.append(RowProblem(rownum, header_of.get(f, fields.get(f, f)), msg))

        rec: dict[str, Any] = {"_row": rownum}
        for f in fields:
            if f.startswith("tanggal"):
                try:
                    rec[f] = parse_tanggal(cell(f))
                except ValueError as exc:
                    bad(f, str(exc))
                    rec[f] = None
            else:
                rec[f] = _text(cell(f))
        for f in required:
            if rec.get(f) in (None, "") and not any(p.column == header_of.get(f) for p in problems):
                bad(f, f"{fields[f]} kosong")
        d_raw, k_raw = _sifat_split(rec.get("derajat", ""), rec.get("keamanan", ""))
        try:
            rec["derajat"] = check_derajat(d_raw)
        except ValidationFailed:
            bad("derajat", f"sifat '{d_raw}' tidak dikenal (Biasa, Segera, Sangat Segera)")
        try:
            rec["keamanan"] = check_keamanan(k_raw)
        except ValidationFailed:
            bad("keamanan", f"klasifikasi keamanan '{k_raw}' tidak dikenal (Biasa, Terbatas, Rahasia, Sangat Rahasia)")
        try:
            rec["kanal"] = check_kanal(rec.get("kanal") or ("srikandi" if rec.get("srikandi_ref") else ""))
        except ValidationFailed:
            bad("kanal", f"kanal '{rec.get('kanal')}' tidak dikenal (Manual, SRIKANDI, Pos-el)")
        kode = rec.get("kode_klasifikasi", "")
        rec["klasifikasi_scheme"] = SCHEME_PMDN83
        if kode:
            sch = kodes.scheme(kode)
            if sch is None:
                bad("kode_klasifikasi", f"kode klasifikasi '{kode}' tidak ada di daftar Permendagri 83/2022 "
                                        "maupun skema lama")
            else:
                rec["klasifikasi_scheme"] = sch
        if rec.get("nomor_agenda"):
            try:
                rec["nomor_agenda"] = int(str(rec["nomor_agenda"]).strip().rstrip("."))
                if rec["nomor_agenda"] <= 0:
                    raise ValueError
            except ValueError:
                bad("nomor_agenda", f"nomor agenda '{rec['nomor_agenda']}' bukan bilangan bulat positif")
                rec["nomor_agenda"] = None
        else:
            rec["nomor_agenda"] = None
        today = clock.today()
        if arah == "masuk":
            tt, ts = rec.get("tanggal_terima"), rec.get("tanggal_surat")
            if tt and tt > today:
                bad("tanggal_terima", f"tanggal terima {tt:%d-%m-%Y} di masa depan")
            if tt and ts and ts > tt:
                bad("tanggal_surat", f"tanggal surat {ts:%d-%m-%Y} sesudah tanggal terima {tt:%d-%m-%Y}")
            year = tt.year if tt else None
            key_letter = (fold(rec.get("pengirim", "")), norm_nomor(rec.get("nomor_surat", "")))
            if key_letter[1] and key_letter[1] not in ("-", "0"):
                if key_letter in seen_letter:
                    bad("nomor_surat", f"surat yang sama (pengirim dan nomor) sudah ada di baris {seen_letter[key_letter]}")
                else:
                    seen_letter[key_letter] = rownum
        else:
            ts = rec.get("tanggal_surat")
            year = ts.year if ts else None
            if ts and ts > today:
                bad("tanggal_surat", f"tanggal surat {ts:%d-%m-%Y} di masa depan")
            tk = rec.get("tanggal_kirim")
            if tk and ts and tk < ts:
                bad("tanggal_kirim", f"tanggal kirim {tk:%d-%m-%Y} sebelum tanggal surat {ts:%d-%m-%Y}")
            j = rec.get("jenis") or "SD"
            jid = jenis_map.get(j.upper()) or jenis_map.get(fold(j))
            if jid is None:
                bad("jenis", f"jenis naskah '{j}' tidak dikenal")
            rec["jenis_id"] = jid
            nomor_key = (str(year), norm_nomor(rec.get("nomor", "")))
            if nomor_key[1]:
                if nomor_key in seen_letter:
                    bad("nomor", f"nomor surat yang sama sudah ada di baris {seen_letter[nomor_key]}")
                else:
                    seen_letter[nomor_key] = rownum
        if rec.get("nomor_agenda") and year:
            ka = (year, rec["nomor_agenda"])
            if ka in seen_agenda:
                bad("nomor_agenda", f"nomor agenda {ka[1]}/{ka[0]} dipakai juga di baris {seen_agenda[ka]}")
            else:
                seen_agenda[ka] = rownum
        rec["_year"] = year
        if problems:
            report.problems.extend(problems)
        else:
            good.append(rec)
    _check_against_db(uow, good, arah, report, header_of, fields)
    bad_rows = set(report.bad_rows)
    final = [g for g in good if g["_row"] not in bad_rows]
    report.valid = len(final)
    return final


def _check_against_db(uow: UnitOfWork, recs: list[dict[str, Any]], arah: str, report: ImportReport,
                      header_of: dict[str, str], fields: dict[str, str]) -> None:
    """Agenda numbers and letters that are already in the database."""
    s = uow.session
    years = sorted({r["_year"] for r in recs if r["_year"]})
    if not years:
        return
    if arah == "masuk":
        taken: set[tuple[Any, ...]] = {
            tuple(r) for r in s.execute(select(SuratMasuk.tahun, SuratMasuk.nomor_agenda).where(SuratMasuk.tahun.in_(years)))
        }
        existing: dict[tuple[str, str], str] = {}
        for peng, nomor, ag, th in s.execute(
            select(SuratMasuk.pengirim, SuratMasuk.nomor_surat, SuratMasuk.nomor_agenda, SuratMasuk.tahun)
            .where(SuratMasuk.tahun.in_([y - 1 for y in years] + years), SuratMasuk.status != "batal")
        ):
            existing[(fold(peng), norm_nomor(nomor))] = f"{ag}/{th}"
        for r in recs:
            ka = (r["_year"], r["nomor_agenda"])
            if r["nomor_agenda"] and tuple(ka) in taken:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor_agenda", "No. agenda"),
                                                  f"nomor agenda {ka[1]}/{ka[0]} sudah dipakai di aplikasi"))
            kl = (fold(r["pengirim"]), norm_nomor(r["nomor_surat"]))
            if kl[1] and kl[1] not in ("-", "0") and kl in existing:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor_surat", "Nomor surat"),
                                                  f"surat ini sudah tercatat (agenda {existing[kl]})"))
    else:
        taken = {
            tuple(r) for r in s.execute(select(SuratKeluar.tahun, SuratKeluar.nomor_agenda).where(SuratKeluar.tahun.in_(years)))
        }
        issued = set(s.execute(select(NomorTerbit.tahun, NomorTerbit.nomor).where(NomorTerbit.tahun.in_(years))).all())
        for r in recs:
            if r["nomor_agenda"] and (r["_year"], r["nomor_agenda"]) in taken:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor_agenda", "No. urut"),
                                                  f"nomor urut {r['nomor_agenda']}/{r['_year']} sudah dipakai di aplikasi"))
            if (r["_year"], " ".join(r["nomor"].split())) in issued:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor", "Nomor surat"),
                                                  f"nomor {r['nomor']} sudah tercatat di register nomor"))
    report.problems.sort(key=lambda p: p.row)


# --------------------------------------------------------------------------- import


def import_file(
    uow: UnitOfWork,
    path: Path,
    *,
    arah: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Check (and unless ``dry_run`` or a row is bad, insert) every row. The caller commits when ``report.ok``.

    ``mapping`` is header → field (fields: ``FIELDS_MASUK`` / ``FIELDS_KELUAR``); when None the
    mapping remembered for this header layout is used, else one is guessed from the names.
    """
    uow.require(Permission.WRITE)
    progress = progress or NullProgress()
    table = read_table(Path(path))
    arah = arah or guess_arah(table.headers)
    if arah not in ("masuk", "keluar"):
        raise ValidationFailed("Arah impor harus 'masuk' atau 'keluar'.")
    fields = FIELDS_MASUK if arah == "masuk" else FIELDS_KELUAR
    if mapping is None:
        mapping = remembered_mapping(uow, table.headers, arah) or guess_mapping(table.headers, arah)
    else:
        unknown = sorted({f for f in mapping.values() if f not in fields})
        if unknown:
            raise ValidationFailed(f"Bidang tujuan tidak dikenal: {', '.join(unknown)}. Yang ada: {', '.join(fields)}.")
        absent = sorted(h for h in mapping if h not in table.headers)
        if absent:
            raise ValidationFailed(f"Kolom {', '.join(absent)} tidak ada di berkas {table.name}.")
    report = ImportReport(arah=arah, file=table.name, dry_run=dry_run, mapping=dict(mapping),
                          unmapped=[h for h in table.headers if h and h not in mapping])
    recs = _validate_rows(uow, table, mapping, arah, report, cancel, progress)
    if report.problems or dry_run or not recs:
        return report
    if cancel is not None:
        cancel.raise_if_cancelled()
    if arah == "masuk":
        _insert_masuk(uow, recs, report, progress, cancel)
    else:
        _insert_keluar(uow, recs, report, progress, cancel)
    remember_mapping(uow, table.headers, arah, mapping)
    uow.record("import", "surat_masuk" if arah == "masuk" else "surat_keluar", None, {
        "file": table.name, "sha256": table.sha256, "rows": report.imported, "agenda": report.agenda_range,
    })
    return report


def _assign_agenda(uow: UnitOfWork, recs: list[dict[str, Any]], arah: str) -> None:
    """Keep agenda numbers from the file; number the rest after the year's counter; move the counter past all."""
    s = uow.session
    by_year: dict[int, list[dict[str, Any]]] = {}
    for r in recs:
        by_year.setdefault(r["_year"], []).append(r)
    for year, rows in by_year.items():
        key = numbering.agenda_scope(arah, year)
        given = [r["nomor_agenda"] for r in rows if r["nomor_agenda"]]
        if given:
            numbering.bump_counter_to(s, key, year, max(given))
        missing = [r for r in rows if not r["nomor_agenda"]]
        if missing:
            start = numbering.next_value(s, key, year)
            for n, r in enumerate(missing):
                r["nomor_agenda"] = start + n
            numbering.bump_counter_to(s, key, year, start + len(missing) - 1)


def _insert_masuk(uow: UnitOfWork, recs: list[dict[str, Any]], report: ImportReport, progress: Progress,
                  cancel: CancelToken | None) -> None:
    s = uow.session
    _assign_agenda(uow, recs, "masuk")
    inst_cache: dict[str, int | None] = {}
    now = utcnow()
    rows = []
    for r in recs:
        key = fold(r["pengirim"])
        if key not in inst_cache:
            inst = instansi_svc.get_or_create(s, r["pengirim"])
            inst_cache[key] = inst.id if inst else None
        rows.append(dict(
            tahun=r["_year"], nomor_agenda=r["nomor_agenda"], tanggal_terima=r["tanggal_terima"],
            nomor_surat=r.get("nomor_surat", ""), tanggal_surat=r.get("tanggal_surat"), instansi_id=inst_cache[key],
            pengirim=r["pengirim"][:300], ditujukan=r.get("ditujukan", "")[:300], perihal=r["perihal"],
            ringkasan=r.get("ringkasan", ""), derajat=r["derajat"], keamanan=r["keamanan"],
            kode_klasifikasi=r.get("kode_klasifikasi", ""), klasifikasi_scheme=r["klasifikasi_scheme"],
            lampiran=r.get("lampiran", "")[:100], kanal=r["kanal"], srikandi_ref=r.get("srikandi_ref", ""),
            status="terdaftar", keterangan=r.get("keterangan", ""), lokasi_arsip=r.get("lokasi_arsip", "")[:200],
            batal_alasan="", created_by=uow.actor.user_id, created_at=now, updated_at=now,
        ))
    ids = _insert_batches(s, SuratMasuk, rows, progress, "Menyimpan surat masuk", cancel)
    for i in range(0, len(ids), 1000):
        searchhook.index_masuk_many(s, ids[i:i + 1000])
    report.imported = len(rows)
    report.agenda_range = _range_text(recs)


def _insert_keluar(uow: UnitOfWork, recs: list[dict[str, Any]], report: ImportReport, progress: Progress,
                   cancel: CancelToken | None) -> None:
    s = uow.session
    _assign_agenda(uow, recs, "keluar")
    now = utcnow()
    rows = []
    for r in recs:
        first = r["tujuan"].split(";")[0]
        inst = instansi_svc.lookup(s, first)
        rows.append(dict(
            jenis_id=r["jenis_id"], tahun=r["_year"], nomor_agenda=r["nomor_agenda"], nomor=r["nomor"],
            tanggal_surat=r["tanggal_surat"], instansi_id=inst.id if inst else None, tujuan=r["tujuan"], tujuan_di="",
            tembusan=[], lampiran=r.get("lampiran", "")[:100], hal=r["perihal"], isi="", derajat=r["derajat"],
            keamanan=r["keamanan"], kode_klasifikasi=r.get("kode_klasifikasi", ""),
            klasifikasi_scheme=r["klasifikasi_scheme"], ttd_prefix="", atas_nama_jabatan="", kanal=r["kanal"],
            srikandi_ref=r.get("srikandi_ref", ""), status="terkirim" if r.get("tanggal_kirim") else "bernomor",
            tanggal_kirim=r.get("tanggal_kirim"), cara_kirim="", penerima_nama="", keterangan=r.get("keterangan", ""),
            batal_alasan="", created_by=uow.actor.user_id, created_at=now, updated_at=now,
        ))
    ids = _insert_batches(s, SuratKeluar, rows, progress, "Menyimpan surat keluar", cancel)
    nums = [dict(
        tahun=r["_year"], nomor=" ".join(r["nomor"].split()), jenis_id=r["jenis_id"], scope_key=None, urut=None,
        tanggal=r["tanggal_surat"], kode_klasifikasi=r.get("kode_klasifikasi", ""),
        sumber="srikandi" if r["kanal"] == "srikandi" else "manual", srikandi_ref=r.get("srikandi_ref", ""),
        status="aktif", batal_alasan="", surat_keluar_id=kid, issued_at=now, issued_by=uow.actor.user_id,
    ) for r, kid in zip(recs, ids, strict=True)]
    for i in range(0, len(nums), 1000):
        s.execute(insert(NomorTerbit), nums[i:i + 1000])
    for kid in ids:
        searchhook.index_keluar(s, kid)
    progress.report(len(rows), len(rows), "Menyimpan surat keluar")
    report.imported = len(rows)
    report.agenda_range = _range_text(recs)


def _insert_batches(s: Session, model: type[SuratMasuk] | type[SuratKeluar], rows: list[dict[str, Any]],
                    progress: Progress, label: str, cancel: CancelToken | None) -> list[int]:
    """Insert ``rows`` 1000 at a time (cancellable between batches); the new ids, in insert order."""
    first_id = (s.execute(select(func.max(model.id))).scalar() or 0) + 1
    for i in range(0, len(rows), 1000):
        if cancel is not None:
            cancel.raise_if_cancelled()
        s.execute(insert(model), rows[i:i + 1000])
        progress.report(min(i + 1000, len(rows)), len(rows), label)
    return list(s.execute(select(model.id).where(model.id >= first_id).order_by(model.id)).scalars())


def _range_text(recs: list[dict[str, Any]]) -> str:
    by_year: dict[int, list[int]] = {}
    for r in recs:
        by_year.setdefault(r["_year"], []).append(r["nomor_agenda"])
    return ", ".join(f"agenda {min(v)}–{max(v)}/{y}" for y, v in sorted(by_year.items()))


def run_import(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    arah: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Result[ImportReport]:
    """The import command of the window and the CLI: all or nothing — the rows are kept only when
    this is not a dry run and no row is bad (``report.ok``); otherwise nothing is written."""
    def command(uow: UnitOfWork) -> ImportReport:
        report = import_file(uow, path, arah=arah, mapping=mapping, dry_run=dry_run, progress=progress, cancel=cancel)
        # the rows go in as batched Core inserts, which the unit of work's flush does not see
        uow.note(Changes.of("surat_masuk" if report.arah == "masuk" else "surat_keluar"))
        return report

    return perform(db, actor, command, commit_if=lambda report: report.ok and not dry_run)
