"""The staff area's service API (documented in ``docs/staff.md``).

Every function takes a ``UnitOfWork``; writes run through ``tatausaha.services.uow.perform`` and
never commit. Reads return plain DTOs. Permissions: ``READ`` to list and read (personal fields
masked unless :func:`tatausaha.staff.access.may_see_personal`), ``WRITE`` to create, edit and add
history. Opening an employee's personal file (``get_employee(..., personal=True)``) is written to
the audit trail, so that call must run through ``perform`` too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.models.account import User
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.staff import (
    JENIS_CUTI,
    JENIS_DIKLAT,
    JENIS_JABATAN,
    JENJANG_JABATAN,
    STATUS_PEGAWAI,
    TINGKAT_HUKDIS,
    TINGKAT_PENDIDIKAN,
    Golongan,
    Pegawai,
    RiwayatCuti,
    RiwayatDiklat,
    RiwayatHukdis,
    RiwayatJabatan,
    RiwayatKgb,
    RiwayatKontrak,
    RiwayatPangkat,
    RiwayatPendidikan,
)
from tatausaha.services import versioning
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import access, ident
from tatausaha.staff.kinds import PEGAWAI

STATUS_LABELS = {
    "pns": "PNS", "cpns": "CPNS", "pppk": "PPPK", "pppk_paruh_waktu": "PPPK Paruh Waktu", "non_asn": "Non-ASN",
}
JENIS_JABATAN_LABELS = {
    "jpt": "Jabatan Pimpinan Tinggi", "administrator": "Administrator", "pengawas": "Pengawas",
    "pelaksana": "Pelaksana", "fungsional_keahlian": "Fungsional Keahlian",
    "fungsional_keterampilan": "Fungsional Keterampilan",
}
#: history kinds: name → (model, Indonesian label, the date column that orders it)
RIWAYAT: dict[str, tuple[type[Any], str, str]] = {
    "pangkat": (RiwayatPangkat, "Riwayat pangkat", "tmt_golongan"),
    "jabatan": (RiwayatJabatan, "Riwayat jabatan", "tmt_jabatan"),
    "pendidikan": (RiwayatPendidikan, "Riwayat pendidikan", "tahun_lulus"),
    "kgb": (RiwayatKgb, "Riwayat KGB", "tmt_kgb"),
    "diklat": (RiwayatDiklat, "Riwayat diklat", "tanggal_mulai"),
    "cuti": (RiwayatCuti, "Riwayat cuti", "tanggal_mulai"),
    "hukdis": (RiwayatHukdis, "Riwayat hukuman disiplin", "tmt"),
    "kontrak": (RiwayatKontrak, "Riwayat kontrak", "kontrak_mulai"),
}
#: fields of an employee that are personal data (masked for readers who may not see them)
PERSONAL_FIELDS = ("nip_baru", "nip_lama", "nik", "tgl_lahir", "tempat_lahir", "alamat", "no_hp", "email",
                   "no_npwp", "bank_nama", "bank_rekening", "bank_atas_nama", "agama")
ASN = ("pns", "cpns", "pppk", "pppk_paruh_waktu")
#: how an employee's columns are named in an edit conflict ("Yang berubah: Jabatan: «…» → «…»")
FIELD_LABELS = {
    "nama": "Nama", "gelar_depan": "Gelar depan", "gelar_belakang": "Gelar belakang", "nip_baru": "NIP",
    "tgl_lahir": "Tanggal lahir", "tempat_lahir": "Tempat lahir", "jenis_kelamin": "Jenis kelamin",
    "status_pegawai": "Status", "gol_ruang_akhir": "Golongan", "tmt_gol_akhir": "TMT golongan",
    "jabatan_nama": "Jabatan", "jenis_jabatan": "Jenis jabatan", "tmt_jabatan": "TMT jabatan",
    "unor_nama": "Unit kerja", "pendidikan_nama": "Pendidikan", "kontrak_selesai": "Akhir kontrak",
    "keterangan": "Keterangan", "kedudukan": "Kedudukan",
}


# ------------------------------------------------------------------------------------------ DTOs


@dataclass
class EmployeeInput:
    """What a form or an import gives to create or edit an employee (SIASN names in snake_case)."""

    nama: str
    tgl_lahir: dt.date
    jenis_kelamin: str  # "L" | "P"
    status_pegawai: str
    nip_baru: str | None = None
    nip_lama: str = ""
    nik: str = ""
    gelar_depan: str = ""
    gelar_belakang: str = ""
    tempat_lahir: str = ""
    agama: str = ""
    email: str = ""
    no_hp: str = ""
    alamat: str = ""
    tmt_cpns: dt.date | None = None
    nomor_sk_cpns: str = ""
    tmt_pns: dt.date | None = None
    nomor_sk_pns: str = ""
    kontrak_mulai: dt.date | None = None
    kontrak_selesai: dt.date | None = None
    gol_ruang_akhir: str | None = None
    tmt_gol_akhir: dt.date | None = None
    mk_tahun: int = 0
    mk_bulan: int = 0
    tmt_kgb_akhir: dt.date | None = None
    gaji_pokok: int = 0
    jenis_jabatan: str = "pelaksana"
    jabatan_nama: str = ""
    jenjang_jabatan: str = ""
    eselon: str = ""
    tmt_jabatan: dt.date | None = None
    unor_nama: str = ""
    unit_id: int | None = None
    pendidikan_tingkat: str = ""
    pendidikan_nama: str = ""
    tahun_lulus: int | None = None
    tmt_pensiun: dt.date | None = None
    no_npwp: str = ""
    bank_nama: str = ""
    bank_rekening: str = ""
    bank_atas_nama: str = ""
    keterangan: str = ""


INPUT_FIELDS = tuple(f.name for f in dataclasses.fields(EmployeeInput))


@dataclass(frozen=True)
class Saved:
    id: int
    row_version: int
    warnings: tuple[str, ...] = ()
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class EmployeeRow:
    """One line of the employee list (personal fields already masked when the reader may not see them)."""

    id: int
    nip: str  # grouped "19860926 201505 1 001", or masked
    nama_lengkap: str  # with gelar
    status_pegawai: str
    status_label: str
    golongan: str
    pangkat: str
    jabatan_nama: str
    unor_nama: str
    kedudukan: str
    row_version: int


@dataclass(frozen=True)
class EmployeeDetail:
    id: int
    row_version: int
    nama_lengkap: str
    fields: dict[str, Any]  # every column; personal ones masked ("" for dates) when not allowed
    personal_shown: bool
    golongan_pangkat: str  # "Penata Muda (III/a)"
    masa_kerja_golongan: tuple[int, int]  # years, months on today's date
    masa_kerja_total: tuple[int, int]  # since TMT CPNS (or contract start)
    riwayat: dict[str, list[dict[str, Any]]]  # kind → rows, newest first


@dataclass(frozen=True)
class GolonganOn:
    """An employee's golongan in force on a date (what SPJ reads for honorarium tax)."""

    employee_id: int
    kode: str  # "III/a" or "IX"
    jenis: str  # "pns" | "pppk"
    kelompok: str  # "I" | "II" | "III" | "IV" (PPPK: the office's equivalence table)
    pangkat: str
    tmt: dt.date | None
    status_pegawai: str


# ------------------------------------------------------------------------------------------ helpers


def nama_lengkap(p: Any) -> str:
    name = p.nama.strip()
    if p.gelar_depan:
        name = f"{p.gelar_depan.strip()} {name}"
    if p.gelar_belakang:
        name = f"{name}, {p.gelar_belakang.strip().lstrip(',').strip()}"
    return name


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def masa_kerja(start: dt.date | None, on: dt.date, plus_years: int = 0, plus_months: int = 0) -> tuple[int, int]:
    if start is None:
        return (plus_years, plus_months)
    total = max(months_between(start, on), 0) + plus_years * 12 + plus_months
    return divmod(total, 12)


def _get(uow: UnitOfWork, employee_id: int) -> Pegawai:
    p = uow.session.get(Pegawai, employee_id)
    if p is None:
        raise NotFound(f"Pegawai #{employee_id} tidak ditemukan.")
    return p


def golongan_row(uow: UnitOfWork, kode: str | None) -> Golongan | None:
    if not kode:
        return None
    return uow.session.get(Golongan, kode)


def golongan_list(uow: UnitOfWork, jenis: str | None = None) -> list[dict[str, Any]]:
    """The reference golongan (PNS I/a–IV/e with pangkat names, PPPK I–XVII), lowest first."""
    q = select(Golongan).order_by(Golongan.jenis, Golongan.urutan)
    if jenis:
        q = q.where(Golongan.jenis == jenis)
    return [{"kode": g.kode, "jenis": g.jenis, "urutan": g.urutan, "pangkat": g.pangkat, "kelompok": g.kelompok}
            for g in uow.session.execute(q).scalars()]


def _validate(uow: UnitOfWork, data: EmployeeInput, *, current_id: int | None) -> tuple[dict[str, Any], list[str]]:
    """Checked and normalised column values, plus warnings (NIK mismatches); ValidationFailed otherwise."""
    warnings: list[str] = []
    values = {f: getattr(data, f) for f in INPUT_FIELDS}
    for key in ("nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "jabatan_nama", "unor_nama", "pendidikan_nama",
                "bank_nama", "bank_atas_nama", "email", "no_hp", "agama", "keterangan", "nomor_sk_cpns", "nomor_sk_pns",
                "eselon", "nip_lama"):
        values[key] = (values[key] or "").strip()
    if not values["nama"]:
        raise ValidationFailed("Nama pegawai wajib diisi.", field="nama")
    if not isinstance(data.tgl_lahir, dt.date):
        raise ValidationFailed("Tanggal lahir wajib diisi.", field="tgl_lahir")
    if data.tgl_lahir >= clock.today():
        raise ValidationFailed(f"Tanggal lahir {data.tgl_lahir:%d-%m-%Y} belum terjadi.", field="tgl_lahir")
    if data.jenis_kelamin not in ("L", "P"):
        raise ValidationFailed("Jenis kelamin harus L (laki-laki) atau P (perempuan).", field="jenis_kelamin")
    if data.status_pegawai not in STATUS_PEGAWAI:
        raise ValidationFailed(f"Status pegawai '{data.status_pegawai}' tidak dikenal; pilih salah satu: "
                               f"{', '.join(STATUS_LABELS.values())}.", field="status_pegawai")
    if data.jenis_jabatan not in JENIS_JABATAN:
        raise ValidationFailed(f"Jenis jabatan '{data.jenis_jabatan}' tidak dikenal.", field="jenis_jabatan")
    if data.jenjang_jabatan not in JENJANG_JABATAN:
        raise ValidationFailed(f"Jenjang jabatan '{data.jenjang_jabatan}' tidak dikenal.", field="jenjang_jabatan")
    if data.pendidikan_tingkat and data.pendidikan_tingkat not in TINGKAT_PENDIDIKAN:
        raise ValidationFailed(f"Tingkat pendidikan '{data.pendidikan_tingkat}' tidak dikenal "
                               f"({', '.join(TINGKAT_PENDIDIKAN)}).", field="pendidikan_tingkat")
    if not 0 <= data.mk_bulan <= 11 or data.mk_tahun < 0:
        raise ValidationFailed("Masa kerja golongan: tahun tidak boleh negatif dan bulan 0–11.", field="mk_bulan")
    # NIP
    nip = (data.nip_baru or "").strip()
    if data.status_pegawai in ("pns", "cpns") and not nip:
        raise ValidationFailed("NIP wajib diisi untuk PNS/CPNS.", field="nip_baru")
    if data.status_pegawai == "non_asn" and nip:
        raise ValidationFailed("Pegawai non-ASN tidak memiliki NIP; kosongkan NIP.", field="nip_baru")
    if nip:
        nip = ident.check_nip(nip, tgl_lahir=data.tgl_lahir, jenis_kelamin=data.jenis_kelamin,
                              tmt_cpns=data.tmt_cpns if data.status_pegawai in ("pns", "cpns") else None,
                              pppk=data.status_pegawai in ("pppk", "pppk_paruh_waktu"))
        clash = uow.session.execute(select(Pegawai.id, Pegawai.nama).where(Pegawai.nip_baru == nip)).first()
        if clash is not None and clash[0] != current_id:
            raise ValidationFailed(f"NIP {ident.format_nip(nip)} sudah dipakai pegawai lain ({clash[1]}).",
                                   field="nip_baru")
    values["nip_baru"] = nip or None
    # NIK
    if (data.nik or "").strip():
        checked = ident.check_nik(data.nik, tgl_lahir=data.tgl_lahir, jenis_kelamin=data.jenis_kelamin)
        values["nik"] = checked.nik
        warnings.extend(checked.warnings)
        same = uow.session.execute(select(Pegawai.id, Pegawai.nama).where(Pegawai.nik == checked.nik)).first()
        if same is not None and same[0] != current_id:
            raise ValidationFailed(f"NIK {checked.nik} sudah tercatat untuk pegawai lain ({same[1]}).", field="nik")
    else:
        values["nik"] = ""
    npwp = ident.digits_only(data.no_npwp)
    if npwp and (not npwp.isdigit() or len(npwp) not in (15, 16)):
        raise ValidationFailed("NPWP harus 15 angka (format lama) atau 16 angka (NIK/format baru).", field="no_npwp")
    values["no_npwp"] = npwp
    rek = ident.digits_only(data.bank_rekening)
    if rek and not rek.isdigit():
        raise ValidationFailed("Nomor rekening hanya boleh berisi angka.", field="bank_rekening")
    values["bank_rekening"] = rek
    # golongan belongs to the status
    if data.gol_ruang_akhir:
        g = golongan_row(uow, data.gol_ruang_akhir)
        if g is None:
            raise ValidationFailed(f"Golongan '{data.gol_ruang_akhir}' tidak dikenal (PNS I/a–IV/e, PPPK I–XVII).",
                                   field="gol_ruang_akhir")
        want = "pppk" if data.status_pegawai in ("pppk", "pppk_paruh_waktu") else "pns"
        if data.status_pegawai == "non_asn":
            raise ValidationFailed("Pegawai non-ASN tidak bergolongan.", field="gol_ruang_akhir")
        if g.jenis != want:
            raise ValidationFailed(f"Golongan {g.kode} bukan golongan {STATUS_LABELS[data.status_pegawai]}.",
                                   field="gol_ruang_akhir")
    values["gol_ruang_akhir"] = data.gol_ruang_akhir or None
    if data.status_pegawai in ("pppk", "pppk_paruh_waktu", "non_asn") and data.kontrak_mulai and data.kontrak_selesai \
            and data.kontrak_selesai < data.kontrak_mulai:
        raise ValidationFailed("Akhir kontrak tidak boleh sebelum awal kontrak.", field="kontrak_selesai")
    for key, label in (("tmt_cpns", "TMT CPNS"), ("tmt_pns", "TMT PNS"), ("tmt_gol_akhir", "TMT golongan"),
                       ("tmt_jabatan", "TMT jabatan"), ("kontrak_mulai", "awal kontrak")):
        v = values[key]
        if v is not None and v < data.tgl_lahir + dt.timedelta(days=365 * 14):
            raise ValidationFailed(f"{label} {v:%d-%m-%Y} tidak mungkin untuk pegawai yang lahir "
                                   f"{data.tgl_lahir:%d-%m-%Y}.", field=key)
    if data.tmt_cpns and data.tmt_pns and data.tmt_pns < data.tmt_cpns:
        raise ValidationFailed("TMT PNS tidak boleh sebelum TMT CPNS.", field="tmt_pns")
    return values, warnings


# ------------------------------------------------------------------------------------------ commands


def create_employee(uow: UnitOfWork, data: EmployeeInput) -> Saved:
    """Add an employee. NIP checked against birth date, TMT CPNS and gender; NIK mismatch only warns."""
    uow.require(Permission.WRITE)
    values, warnings = _validate(uow, data, current_id=None)
    p = Pegawai(**values, created_by=uow.actor.user_id)
    uow.session.add(p)
    uow.session.flush()
    _index(uow, p.id)
    return Saved(p.id, p.row_version, tuple(warnings), Changes.of(PEGAWAI, p.id))


def update_employee(uow: UnitOfWork, employee_id: int, data: EmployeeInput, *, expected_version: int | None = None) -> Saved:
    """Edit an employee. ``expected_version`` (the ``row_version`` the form was opened with) makes a
    concurrent edit fail with Conflict instead of silently overwriting it."""
    uow.require(Permission.WRITE)
    access.require_personal(uow)  # the edit form shows and rewrites the personal data
    p = _get(uow, employee_id)
    versioning.check(uow.session, p, expected_version, labels=FIELD_LABELS)
    values, warnings = _validate(uow, data, current_id=employee_id)
    for k, v in values.items():
        if getattr(p, k) != v:
            setattr(p, k, v)
    uow.session.flush()  # a save racing this one in the same instant: StaleDataError → EditConflict (uow)
    _index(uow, p.id)
    return Saved(p.id, p.row_version, tuple(warnings), Changes.of(PEGAWAI, p.id))


def set_kedudukan(uow: UnitOfWork, employee_id: int, kedudukan: str, tanggal: dt.date | None = None) -> Saved:
    """Mark an employee as left (pensiun, meninggal, pindah, berhenti, cltn) or back to aktif."""
    uow.require(Permission.WRITE)
    p = _get(uow, employee_id)
    if kedudukan not in ("aktif", "pensiun", "meninggal", "pindah", "berhenti", "cltn"):
        raise ValidationFailed(f"Kedudukan '{kedudukan}' tidak dikenal.", field="kedudukan")
    p.kedudukan = kedudukan
    p.tanggal_keluar = None if kedudukan == "aktif" else (tanggal or clock.today())
    uow.session.flush()
    _index(uow, p.id)
    return Saved(p.id, p.row_version, (), Changes.of(PEGAWAI, p.id))


def _riwayat_values(uow: UnitOfWork, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    model = RIWAYAT[kind][0]
    allowed = {c.key for c in model.__table__.columns} - {"id", "row_version", "pegawai_id", "created_at", "updated_at"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(f"Kolom {', '.join(sorted(unknown))} tidak dikenal untuk {RIWAYAT[kind][1].lower()}.")
    values = dict(fields)
    date_col = RIWAYAT[kind][2]
    required = {
        "pangkat": ("golongan", "tmt_golongan"), "jabatan": ("jabatan_nama", "tmt_jabatan"),
        "pendidikan": ("tingkat", "tahun_lulus"), "kgb": ("tmt_kgb",), "diklat": ("jenis", "nama"),
        "cuti": ("jenis", "tanggal_mulai", "tanggal_selesai"), "hukdis": ("tingkat", "jenis", "tmt"),
        "kontrak": ("kontrak_mulai", "kontrak_selesai"),
    }[kind]
    for r in required:
        if values.get(r) in (None, ""):
            raise ValidationFailed(f"{RIWAYAT[kind][1]}: kolom {r} wajib diisi.", field=r)
    if kind in ("pangkat", "kgb") and values.get("golongan") and golongan_row(uow, values["golongan"]) is None:
        raise ValidationFailed(f"Golongan '{values['golongan']}' tidak dikenal.", field="golongan")
    if kind == "cuti":
        if values["jenis"] not in JENIS_CUTI:
            raise ValidationFailed(f"Jenis cuti '{values['jenis']}' tidak dikenal ({', '.join(JENIS_CUTI)}).", field="jenis")
        if values["tanggal_selesai"] < values["tanggal_mulai"]:
            raise ValidationFailed("Cuti: tanggal selesai sebelum tanggal mulai.", field="tanggal_selesai")
        values.setdefault("hari_kerja", working_days(values["tanggal_mulai"], values["tanggal_selesai"]))
    if kind == "kontrak" and values["kontrak_selesai"] < values["kontrak_mulai"]:
        raise ValidationFailed("Kontrak: akhir kontrak sebelum awal kontrak.", field="kontrak_selesai")
    if kind == "diklat" and values["jenis"] not in JENIS_DIKLAT:
        raise ValidationFailed(f"Jenis diklat '{values['jenis']}' tidak dikenal.", field="jenis")
    if kind == "hukdis" and values["tingkat"] not in TINGKAT_HUKDIS:
        raise ValidationFailed(f"Tingkat hukuman '{values['tingkat']}' tidak dikenal.", field="tingkat")
    if kind == "pendidikan" and values["tingkat"] not in TINGKAT_PENDIDIKAN:
        raise ValidationFailed(f"Tingkat pendidikan '{values['tingkat']}' tidak dikenal.", field="tingkat")
    if kind == "jabatan" and values.get("jenis_jabatan", "pelaksana") not in JENIS_JABATAN:
        raise ValidationFailed(f"Jenis jabatan '{values['jenis_jabatan']}' tidak dikenal.", field="jenis_jabatan")
    del date_col
    return values


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday–Friday days from start to end inclusive (national holidays are not known here)."""
    days = 0
    d = start
    while d <= end:
        if d.weekday() < 5:
            days += 1
        d += dt.timedelta(days=1)
    return days


def _check_golongan_fits(uow: UnitOfWork, p: Pegawai, golongan: str) -> None:
    """A pangkat row's golongan must be of the employee's kind: PNS I/a–IV/e, PPPK I–XVII, none for non-ASN."""
    g = golongan_row(uow, golongan)
    want = "pppk" if p.status_pegawai in ("pppk", "pppk_paruh_waktu") else "pns"
    if p.status_pegawai == "non_asn" or (g is not None and g.jenis != want):
        raise ValidationFailed(f"Golongan {golongan} tidak berlaku untuk pegawai "
                               f"{STATUS_LABELS[p.status_pegawai]}.", field="golongan")


def add_history(uow: UnitOfWork, employee_id: int, kind: str, fields: dict[str, Any]) -> Saved:
    """Add one riwayat row (``kind``: pangkat, jabatan, pendidikan, kgb, diklat, cuti, hukdis, kontrak).

    When the new row is the newest of its kind, the employee's current values follow it (pangkat →
    ``gol_ruang_akhir``/``tmt_gol_akhir``/masa kerja; jabatan → jabatan fields; kgb → ``tmt_kgb_akhir``
    and gaji; kontrak → contract dates; pendidikan → last education when higher or later).
    """
    uow.require(Permission.WRITE)
    if kind not in RIWAYAT:
        raise ValidationFailed(f"Jenis riwayat '{kind}' tidak dikenal ({', '.join(RIWAYAT)}).")
    p = _get(uow, employee_id)
    values = _riwayat_values(uow, kind, fields)
    if kind == "pangkat":
        _check_golongan_fits(uow, p, values["golongan"])
    if kind == "cuti" and values["jenis"] == "tahunan":
        from tatausaha.staff import rules

        bal = rules.cuti_balance(uow, employee_id, values["tanggal_mulai"].year)
        if values["hari_kerja"] > bal.sisa:
            raise ValidationFailed(
                f"Sisa cuti tahunan {p.nama} tahun {values['tanggal_mulai'].year} tinggal {bal.sisa} hari kerja; "
                f"diminta {values['hari_kerja']}.", field="tanggal_selesai")
    model = RIWAYAT[kind][0]
    row = model(pegawai_id=p.id, **values)
    uow.session.add(row)
    uow.session.flush()
    if row.sk_document_id:
        _link_sk(uow, p.id, row.sk_document_id, kind)
    _follow_newest(uow, p, kind, row)
    uow.session.flush()
    _index(uow, p.id)
    return Saved(row.id, row.row_version, (), Changes.of(PEGAWAI, p.id))


def _follow_newest(uow: UnitOfWork, p: Pegawai, kind: str, row: Any) -> None:
    model, _label, date_col = RIWAYAT[kind]
    newest = uow.session.execute(
        select(model).where(model.pegawai_id == p.id).order_by(getattr(model, date_col).desc(), model.id.desc()).limit(1)
    ).scalar_one()
    if newest.id != row.id:
        return
    if kind == "pangkat":
        # the pangkat held until now, known only from the employee's record (entered or imported without
        # its history): kept as a riwayat row so ``golongan_on`` still answers for the dates before
        if p.gol_ruang_akhir and p.tmt_gol_akhir and p.tmt_gol_akhir < row.tmt_golongan:
            known = uow.session.execute(select(RiwayatPangkat.id).where(
                RiwayatPangkat.pegawai_id == p.id, RiwayatPangkat.golongan == p.gol_ruang_akhir)).first()
            if known is None:
                uow.session.add(RiwayatPangkat(
                    pegawai_id=p.id, golongan=p.gol_ruang_akhir, tmt_golongan=p.tmt_gol_akhir,
                    mk_golongan_tahun=p.mk_tahun, mk_golongan_bulan=p.mk_bulan,
                    keterangan="Dari data pegawai sebelum kenaikan pangkat berikutnya dicatat"))
    _copy_current(p, kind, row)


def _copy_current(p: Pegawai, kind: str, row: Any) -> None:
    """The employee's current values from ``row``, the newest riwayat row of ``kind``."""
    if kind == "pangkat":
        p.gol_ruang_akhir = row.golongan
        p.tmt_gol_akhir = row.tmt_golongan
        p.mk_tahun, p.mk_bulan = row.mk_golongan_tahun, row.mk_golongan_bulan
    elif kind == "jabatan":
        p.jenis_jabatan = row.jenis_jabatan
        p.jabatan_nama = row.jabatan_nama
        p.jenjang_jabatan = row.jenjang_jabatan
        p.eselon = row.eselon
        p.tmt_jabatan = row.tmt_jabatan
        if row.unor_nama:
            p.unor_nama = row.unor_nama
    elif kind == "kgb":
        p.tmt_kgb_akhir = row.tmt_kgb
        if row.gaji_baru:
            p.gaji_pokok = row.gaji_baru
    elif kind == "kontrak":
        p.kontrak_mulai, p.kontrak_selesai = row.kontrak_mulai, row.kontrak_selesai
    elif kind == "pendidikan":
        order = {t: i for i, t in enumerate(TINGKAT_PENDIDIKAN)}
        if order.get(row.tingkat, -1) >= order.get(p.pendidikan_tingkat, -1):
            p.pendidikan_tingkat = row.tingkat
            p.pendidikan_nama = " ".join(x for x in (row.tingkat, row.jurusan) if x)
            p.tahun_lulus = row.tahun_lulus


def _link_sk(uow: UnitOfWork, employee_id: int, document_id: int, kind: str) -> None:
    if uow.session.get(Document, document_id) is None:
        raise NotFound(f"Dokumen #{document_id} tidak ditemukan.")
    exists = uow.session.execute(select(DocumentLink.id).where(
        DocumentLink.document_id == document_id, DocumentLink.record_kind == PEGAWAI,
        DocumentLink.record_id == employee_id)).first()
    if exists is None:
        uow.session.add(DocumentLink(document_id=document_id, record_kind=PEGAWAI, record_id=employee_id, role="sk",
                                     note=RIWAYAT[kind][1], created_by=uow.actor.user_id))
        uow.session.flush()
    from tatausaha.registry import document_changed

    document_changed(uow.session, document_id)


def attach_sk(uow: UnitOfWork, kind: str, riwayat_id: int, document_id: int) -> Saved:
    """Put an SK scan (an archived document) on one riwayat row and in the employee's file."""
    uow.require(Permission.WRITE)
    if kind not in RIWAYAT:
        raise ValidationFailed(f"Jenis riwayat '{kind}' tidak dikenal.")
    row = uow.session.get(RIWAYAT[kind][0], riwayat_id)
    if row is None:
        raise NotFound(f"{RIWAYAT[kind][1]} #{riwayat_id} tidak ditemukan.")
    row.sk_document_id = document_id
    uow.session.flush()
    _link_sk(uow, row.pegawai_id, document_id, kind)
    return Saved(row.id, row.row_version, (), Changes.of(PEGAWAI, row.pegawai_id))


def update_history(uow: UnitOfWork, kind: str, riwayat_id: int, fields: dict[str, Any], *,
                   expected_version: int | None = None) -> Saved:
    """Edit one riwayat row. ``expected_version`` (the ``row_version`` the form was opened with) refuses
    the save when someone changed the row in between (named from the audit trail).

    When the row was or becomes the newest of its kind, the employee's current values follow the
    newest row (as :func:`add_history` and :func:`delete_history` do). Cuti tahunan beyond the balance
    is refused."""
    uow.require(Permission.WRITE)
    if kind not in RIWAYAT:
        raise ValidationFailed(f"Jenis riwayat '{kind}' tidak dikenal ({', '.join(RIWAYAT)}).")
    model, label, date_col = RIWAYAT[kind]
    row = uow.session.get(model, riwayat_id)
    if row is None:
        raise NotFound(f"{label} #{riwayat_id} tidak ditemukan.")
    versioning.check(uow.session, row, expected_version)
    p = _get(uow, row.pegawai_id)
    current = _row_dict(row)
    merged = {k: v for k, v in current.items()
              if k not in {"id", "row_version", "pegawai_id", "created_at", "updated_at"}}
    merged.update(fields)
    if kind == "cuti" and "hari_kerja" not in fields:
        merged.pop("hari_kerja", None)  # recounted from the (possibly changed) dates
    values = _riwayat_values(uow, kind, merged)
    if kind == "pangkat":
        _check_golongan_fits(uow, p, values["golongan"])

    def newest_id() -> int:
        return int(uow.session.execute(select(model.id).where(model.pegawai_id == p.id).order_by(
            getattr(model, date_col).desc(), model.id.desc()).limit(1)).scalar_one())

    was_newest = newest_id() == row.id
    for k, v in values.items():
        if getattr(row, k) != v:
            setattr(row, k, v)
    uow.session.flush()
    if kind == "cuti" and row.jenis == "tahunan":
        from tatausaha.staff import rules

        bal = rules.cuti_balance(uow, p.id, row.tanggal_mulai.year)
        if bal.dipakai > bal.hak + bal.bawaan:  # ``sisa`` stops at 0
            raise ValidationFailed(
                f"Sisa cuti tahunan {p.nama} tahun {row.tanggal_mulai.year} tidak cukup untuk "
                f"{row.hari_kerja} hari kerja (hak {bal.hak} + bawaan {bal.bawaan}, terpakai dengan cuti ini "
                f"{bal.dipakai}).", field="tanggal_selesai")
    if row.sk_document_id and row.sk_document_id != current.get("sk_document_id"):
        _link_sk(uow, p.id, row.sk_document_id, kind)
    now_newest = newest_id()
    if was_newest or now_newest == row.id:
        newest = uow.session.get(model, now_newest)
        _copy_current(p, kind, newest)
        uow.session.flush()
    _index(uow, p.id)
    return Saved(row.id, row.row_version, (), Changes.of(PEGAWAI, p.id))


def delete_history(uow: UnitOfWork, kind: str, riwayat_id: int, *, expected_version: int | None = None) -> Changes:
    uow.require(Permission.WRITE)
    row = uow.session.get(RIWAYAT[kind][0], riwayat_id)
    if row is None:
        raise NotFound(f"{RIWAYAT[kind][1]} #{riwayat_id} tidak ditemukan.")
    versioning.check(uow.session, row, expected_version)
    pid = row.pegawai_id
    model, _label, date_col = RIWAYAT[kind]
    newest = uow.session.execute(select(model.id).where(model.pegawai_id == pid).order_by(
        getattr(model, date_col).desc(), model.id.desc()).limit(1)).scalar_one()
    uow.session.delete(row)
    uow.session.flush()
    if newest == riwayat_id and kind in ("pangkat", "jabatan", "kgb", "kontrak"):
        # the row the employee's current values came from is gone: they follow the newest left
        p = _get(uow, pid)
        left = uow.session.execute(select(model).where(model.pegawai_id == pid).order_by(
            getattr(model, date_col).desc(), model.id.desc()).limit(1)).scalar_one_or_none()
        if left is not None:
            _follow_newest(uow, p, kind, left)
        elif kind == "kgb":
            p.tmt_kgb_akhir = None
        uow.session.flush()
        _index(uow, pid)
    return Changes.of(PEGAWAI, pid)


# ------------------------------------------------------------------------------------------ reads


def _row_dict(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def history(uow: UnitOfWork, employee_id: int, kind: str) -> list[dict[str, Any]]:
    """One kind of riwayat of an employee, newest first (each row a dict of its columns)."""
    uow.require(Permission.READ)
    model, _label, date_col = RIWAYAT[kind]
    rows = uow.session.execute(
        select(model).where(model.pegawai_id == employee_id).order_by(getattr(model, date_col).desc(), model.id.desc())
    ).scalars()
    return [_row_dict(r) for r in rows]


def _masked(name: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return None
    if name in ("nip_baru", "nik", "bank_rekening", "no_npwp"):
        return ident.mask(str(value))
    return "" if value else value


def _shown_nip(p: Pegawai, personal: bool) -> str:
    if not p.nip_baru:
        return ""
    return ident.format_nip(p.nip_baru) if personal else ident.mask(p.nip_baru)


def list_employees(uow: UnitOfWork, *, query: str = "", status: str | None = None, include_inactive: bool = False,
                   unit_id: int | None = None) -> list[EmployeeRow]:
    """Employees by name (golongan high to low within a name sort is the DUK's job, not this list's).

    ``query`` matches name or (for readers who may see personal data) NIP digits.
    """
    uow.require(Permission.READ)
    personal = access.may_see_personal(uow)
    q = select(Pegawai).order_by(Pegawai.nama, Pegawai.id)
    if not include_inactive:
        q = q.where(Pegawai.kedudukan == "aktif")
    if status:
        q = q.where(Pegawai.status_pegawai == status)
    if unit_id is not None:
        q = q.where(Pegawai.unit_id == unit_id)
    text = query.strip()
    if text:
        digits = ident.digits_only(text)
        conds = [Pegawai.nama.ilike(f"%{text}%")]
        if personal and digits.isdigit():
            conds.append(Pegawai.nip_baru.like(f"%{digits}%"))
        q = q.where(or_(*conds))
    pangkat = {g.kode: g.pangkat for g in uow.session.execute(select(Golongan)).scalars()}
    return [
        EmployeeRow(p.id, _shown_nip(p, personal), nama_lengkap(p), p.status_pegawai, STATUS_LABELS[p.status_pegawai],
                    p.gol_ruang_akhir or "", pangkat.get(p.gol_ruang_akhir or "", ""), p.jabatan_nama, p.unor_nama,
                    p.kedudukan, p.row_version)
        for p in uow.session.execute(q).scalars()
    ]


def get_employee(uow: UnitOfWork, employee_id: int, *, personal: bool = False) -> EmployeeDetail:
    """An employee's file. ``personal=True`` shows the personal data: it requires the right to see it
    and writes "membuka data pribadi" to the audit trail (run it through ``perform``)."""
    uow.require(Permission.READ)
    p = _get(uow, employee_id)
    if personal:
        access.require_personal(uow)
        uow.record("buka_data_pribadi", PEGAWAI, p.id, {"nama": p.nama})
    fields = _row_dict(p)
    if not personal:
        for name in PERSONAL_FIELDS:
            fields[name] = _masked(name, fields[name])
    g = golongan_row(uow, p.gol_ruang_akhir)
    gp = f"{g.pangkat} ({g.kode})" if g is not None and g.pangkat else (g.kode if g else "")
    today = clock.today()
    riwayat = {kind: history(uow, p.id, kind) for kind in RIWAYAT}
    return EmployeeDetail(
        id=p.id, row_version=p.row_version, nama_lengkap=nama_lengkap(p), fields=fields, personal_shown=personal,
        golongan_pangkat=gp,
        masa_kerja_golongan=masa_kerja(p.tmt_gol_akhir, today, p.mk_tahun, p.mk_bulan),
        masa_kerja_total=masa_kerja(p.tmt_cpns or p.kontrak_mulai, today),
        riwayat=riwayat,
    )


def employee_input(uow: UnitOfWork, employee_id: int) -> EmployeeInput:
    """The stored values as an ``EmployeeInput`` (to edit and save back); needs the personal-data right."""
    uow.require(Permission.READ)
    access.require_personal(uow)
    p = _get(uow, employee_id)
    return EmployeeInput(**{f: getattr(p, f) for f in INPUT_FIELDS})


def golongan_on(uow: UnitOfWork, employee_id: int, on: dt.date) -> GolonganOn | None:
    """The golongan an employee held on ``on``: the newest riwayat pangkat with TMT on or before it,
    else the current golongan when its TMT is not after ``on`` (or unknown). None for non-ASN or when
    no golongan was in force yet. Needs only READ (no personal data)."""
    uow.require(Permission.READ)
    p = _get(uow, employee_id)
    kode: str | None = None
    tmt: dt.date | None = None
    row = uow.session.execute(
        select(RiwayatPangkat.golongan, RiwayatPangkat.tmt_golongan)
        .where(RiwayatPangkat.pegawai_id == employee_id, RiwayatPangkat.tmt_golongan <= on)
        .order_by(RiwayatPangkat.tmt_golongan.desc(), RiwayatPangkat.id.desc()).limit(1)
    ).first()
    if row is not None:
        kode, tmt = row
    if p.gol_ruang_akhir and (p.tmt_gol_akhir is None or p.tmt_gol_akhir <= on) and (tmt is None or (
            p.tmt_gol_akhir is not None and p.tmt_gol_akhir >= tmt)):
        kode, tmt = p.gol_ruang_akhir, p.tmt_gol_akhir
    if kode is None:
        return None
    g = golongan_row(uow, kode)
    assert g is not None
    return GolonganOn(employee_id, g.kode, g.jenis, g.kelompok, g.pangkat, tmt, p.status_pegawai)


def find_by_nip(uow: UnitOfWork, nip: str) -> int | None:
    d = ident.digits_only(nip)
    if len(d) != 18:
        return None
    return uow.session.execute(select(Pegawai.id).where(Pegawai.nip_baru == d)).scalar_one_or_none()


def user_name(uow: UnitOfWork, user_id: int | None) -> str:
    if user_id is None:
        return ""
    u = uow.session.get(User, user_id)
    return u.full_name if u else ""


def _index(uow: UnitOfWork, employee_id: int) -> None:
    from tatausaha.staff import searchhook

    searchhook.index_employee(uow, employee_id)


#: what a photo may be (a pasfoto scanned or taken by phone)
FOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


def set_foto(uow: UnitOfWork, store: Any, employee_id: int, path: Any) -> Saved:
    """Archive an employee's photo (JPG/PNG) and show it in the file (``foto_document_id``; the
    document is linked to the employee with role ``foto``). ``store``: the office's archive store."""
    from pathlib import Path

    from tatausaha.services import documents

    uow.require(Permission.WRITE)
    p = _get(uow, employee_id)
    src = Path(path)
    if src.suffix.lower() not in FOTO_SUFFIXES:
        raise ValidationFailed(f"Foto harus berkas JPG atau PNG, bukan '{src.name}'.", field="foto")
    try:
        from PIL import Image

        with Image.open(src) as im:
            im.verify()
    except Exception:  # noqa: BLE001 - any unreadable image is the same refusal for the user
        raise ValidationFailed(f"Berkas '{src.name}' bukan gambar yang terbaca.", field="foto") from None
    info = documents.add_document(uow, store, src)
    exists = uow.session.execute(select(DocumentLink.id).where(
        DocumentLink.document_id == info.id, DocumentLink.record_kind == PEGAWAI,
        DocumentLink.record_id == p.id)).first()
    if exists is None:
        uow.session.add(DocumentLink(document_id=info.id, record_kind=PEGAWAI, record_id=p.id, role="foto",
                                     note="Pasfoto", created_by=uow.actor.user_id))
    p.foto_document_id = info.id
    uow.session.flush()
    return Saved(p.id, p.row_version, (), Changes.of(PEGAWAI, p.id))
