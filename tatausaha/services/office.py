"""Office master data: the profile on the kop surat, units, officials (who may sign)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.errors import Conflict, NotFound, ValidationFailed
from tatausaha.models.office import OfficeProfile, Official, Unit
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.archive import ArchiveStore


@dataclass(frozen=True)
class OfficeInfo:
    pemerintah: str
    nama_kantor: str
    alamat: str = ""
    kode_pos: str = ""
    telepon: str = ""
    email: str = ""
    laman: str = ""
    kota: str = ""
    kode_unit: str = ""
    jabatan_pimpinan: str = "CAMAT"
    logo_sha256: str | None = None
    zona_waktu: str = ""  # Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT); empty: the machine's


@dataclass(frozen=True)
class UnitInfo:
    id: int
    kode: str
    nama: str
    parent_id: int | None
    active: bool


@dataclass(frozen=True)
class OfficialInfo:
    id: int
    nama: str
    nip: str | None
    pangkat: str
    golongan: str
    jabatan: str
    unit_id: int | None
    can_sign: bool
    active: bool


_OFFICE_FIELDS = [f.name for f in dataclasses.fields(OfficeInfo)]


def get_office(uow: UnitOfWork) -> OfficeInfo | None:
    p = uow.session.get(OfficeProfile, 1)
    if p is None:
        return None
    return OfficeInfo(**{k: getattr(p, k) for k in _OFFICE_FIELDS})


def save_office(uow: UnitOfWork, info: OfficeInfo) -> Changes:
    uow.require(Permission.ADMIN)
    if not info.pemerintah.strip() or not info.nama_kantor.strip():
        raise ValidationFailed("Nama pemerintah daerah dan nama kantor wajib diisi (untuk kop surat).")
    if info.email and "@" not in info.email:
        raise ValidationFailed(f"Alamat pos-el '{info.email}' tidak sah.", field="email")
    if info.zona_waktu and info.zona_waktu not in clock.ZONE_BY_KEY:
        raise ValidationFailed(
            f"Zona waktu '{info.zona_waktu}' tidak dikenal; pilih WIB (Asia/Jakarta), WITA (Asia/Makassar) "
            "atau WIT (Asia/Jayapura).", field="zona_waktu")
    p = uow.session.get(OfficeProfile, 1)
    if p is None:
        p = OfficeProfile(id=1, pemerintah=info.pemerintah, nama_kantor=info.nama_kantor)
        uow.session.add(p)
    for k in _OFFICE_FIELDS:
        setattr(p, k, getattr(info, k))
    if not p.zona_waktu:  # an office always has its zone: the machine's when none was chosen
        p.zona_waktu = clock.office_zone().key
    uow.session.flush()
    clock.set_office_zone(p.zona_waktu)
    return Changes.of("office", 1)


def load_office_zone(uow: UnitOfWork) -> clock.OfficeZone:
    """Make the office's stored time zone the one the clock shows (none stored: the machine's)."""
    key = uow.session.execute(select(OfficeProfile.zona_waktu).where(OfficeProfile.id == 1)).scalar_one_or_none()
    if key:
        clock.set_office_zone(key)
    return clock.office_zone()


def set_logo(uow: UnitOfWork, store: ArchiveStore, path: Path) -> Changes:
    """Check the image opens before accepting it; a broken logo is refused with a clear message."""
    uow.require(Permission.ADMIN)
    if not path.is_file():
        raise NotFound(f"Berkas logo {path} tidak ditemukan.")
    try:
        from PIL import Image

        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:  # verify() does not decode (a truncated JPEG passes it)
            im.load()
    except Exception as exc:  # noqa: BLE001
        raise ValidationFailed(f"Berkas logo {path.name} bukan gambar yang dapat dibaca (PNG/JPEG).") from exc
    p = uow.session.get(OfficeProfile, 1)
    if p is None:  # checked before storing, so a refused logo leaves no orphan file in the archive
        raise ValidationFailed("Isi profil kantor lebih dulu sebelum memasang logo.")
    stored = store.put_file(path)
    p.logo_sha256 = stored.sha256
    return Changes.of("office", 1)


def list_units(uow: UnitOfWork, *, include_inactive: bool = False) -> list[UnitInfo]:
    q = select(Unit).order_by(Unit.kode)
    if not include_inactive:
        q = q.where(Unit.active.is_(True))
    return [UnitInfo(u.id, u.kode, u.nama, u.parent_id, u.active) for u in uow.session.execute(q).scalars()]


def save_unit(uow: UnitOfWork, kode: str, nama: str, *, parent_id: int | None = None, unit_id: int | None = None) -> UnitInfo:
    uow.require(Permission.ADMIN)
    kode, nama = kode.strip(), nama.strip()
    if not kode or not nama:
        raise ValidationFailed("Kode dan nama unit wajib diisi.")
    clash = uow.session.execute(select(Unit).where(Unit.kode == kode)).scalar_one_or_none()
    if clash is not None and clash.id != unit_id:
        raise Conflict(f"Kode unit '{kode}' sudah dipakai oleh {clash.nama}.")
    u = uow.session.get(Unit, unit_id) if unit_id else Unit(kode=kode, nama=nama)
    if u is None:
        raise NotFound(f"Unit {unit_id} tidak ditemukan.")
    u.kode, u.nama, u.parent_id = kode, nama, parent_id
    uow.session.add(u)
    uow.session.flush()
    return UnitInfo(u.id, u.kode, u.nama, u.parent_id, u.active)


NIP_RE = re.compile(r"^\d{18}$")


def normalize_nip(nip: str | None) -> str | None:
    """NIP PNS: 18 digits (born YYYYMMDD, CPNS YYYYMM, sex 1/2, sequence 3). Spaces are allowed on input."""
    if nip is None or not nip.strip():
        return None
    digits = re.sub(r"[\s.]", "", nip)
    if not NIP_RE.match(digits):
        raise ValidationFailed(f"NIP '{nip}' tidak sah: NIP terdiri dari 18 angka.", field="nip")
    y, m, d = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    cy, cm = int(digits[8:12]), int(digits[12:14])
    sex = digits[14]
    if not (1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        raise ValidationFailed(f"NIP '{nip}' tidak sah: tanggal lahir {digits[0:8]} tidak mungkin.", field="nip")
    if not (1950 <= cy <= 2100 and 1 <= cm <= 12) or cy < y:
        raise ValidationFailed(f"NIP '{nip}' tidak sah: TMT CPNS {digits[8:14]} tidak mungkin.", field="nip")
    if sex not in "12":
        raise ValidationFailed(f"NIP '{nip}' tidak sah: digit jenis kelamin harus 1 atau 2.", field="nip")
    return digits


def format_nip(nip: str | None) -> str:
    if not nip or len(nip) != 18:
        return nip or ""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"


def _official_info(o: Official) -> OfficialInfo:
    return OfficialInfo(o.id, o.nama, o.nip, o.pangkat, o.golongan, o.jabatan, o.unit_id, o.can_sign, o.active)


def save_official(
    uow: UnitOfWork, *, nama: str, jabatan: str, nip: str | None = None, pangkat: str = "", golongan: str = "",
    unit_id: int | None = None, can_sign: bool = False, official_id: int | None = None,
) -> OfficialInfo:
    uow.require(Permission.ADMIN)
    if not nama.strip() or not jabatan.strip():
        raise ValidationFailed("Nama dan jabatan pejabat wajib diisi.")
    nip_n = normalize_nip(nip)
    if nip_n:
        clash = uow.session.execute(select(Official).where(Official.nip == nip_n)).scalar_one_or_none()
        if clash is not None and clash.id != official_id:
            raise Conflict(f"NIP {format_nip(nip_n)} sudah terdaftar untuk {clash.nama}.")
    o = uow.session.get(Official, official_id) if official_id else Official(nama=nama, jabatan=jabatan)
    if o is None:
        raise NotFound(f"Pejabat {official_id} tidak ditemukan.")
    o.nama, o.jabatan, o.nip, o.pangkat, o.golongan = nama.strip(), jabatan.strip(), nip_n, pangkat, golongan
    o.unit_id, o.can_sign = unit_id, can_sign
    uow.session.add(o)
    uow.session.flush()
    return _official_info(o)


def list_officials(uow: UnitOfWork, *, signers_only: bool = False) -> list[OfficialInfo]:
    q = select(Official).where(Official.active.is_(True)).order_by(Official.id)
    if signers_only:
        q = q.where(Official.can_sign.is_(True))
    return [_official_info(o) for o in uow.session.execute(q).scalars()]


def find_official(uow: UnitOfWork, text: str) -> OfficialInfo:
    """A post named on the command line: its id, its holder's NIP, or (part of) its jabatan / name."""
    def fold(x: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", x.lower()).split())

    t = text.strip()
    officials = list_officials(uow)
    if t.isdigit() and len(t) < 18:
        hit = [o for o in officials if o.id == int(t)]
    else:
        digits = re.sub(r"[\s.]", "", t)
        hit = [o for o in officials if o.nip and o.nip == digits]
        if not hit:
            exact = [o for o in officials if fold(o.jabatan) == fold(t)]
            hit = exact or [o for o in officials if fold(t) in fold(o.jabatan) or fold(t) in fold(o.nama)]
    if not hit:
        raise NotFound(f"Pejabat '{text}' tidak ditemukan (tulis nomor, NIP, atau jabatannya).")
    if len(hit) > 1:
        names = "; ".join(f"{o.id}: {o.jabatan} ({o.nama})" for o in hit[:6])
        raise ValidationFailed(f"'{text}' cocok dengan lebih dari satu pejabat: {names}. Tulis nomornya.")
    return hit[0]


def find_unit(uow: UnitOfWork, text: str) -> UnitInfo:
    """A unit named on the command line: its code (UMPEG), its id, or its exact name."""
    t = text.strip()
    for u in list_units(uow):
        if u.kode.lower() == t.lower() or (t.isdigit() and u.id == int(t)) or u.nama.lower() == t.lower():
            return u
    raise NotFound(f"Unit kerja '{text}' tidak ditemukan (tulis kodenya, mis. UMPEG).")
