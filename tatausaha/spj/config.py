"""The office's SPJ configuration: dated checklist, tax and bea meterai rules (admin only).

A rule is never edited into another meaning: a change from a date is :func:`replace_checklist_rule`
/ :func:`replace_tax_rule` / :func:`replace_meterai_rule` — the old row ends the day before, a new row starts that day — so items
dated before keep the rule they were made under. Rows whose validity would overlap another row for
the same thing are refused (the rule applying on a date must be unambiguous).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select

from tatausaha.errors import Conflict, NotFound, ValidationFailed
from tatausaha.models.spj import (
    JENIS_PAJAK,
    PENERBIT,
    PENERIMA_JENIS,
    SpjAturanBukti,
    SpjAturanMeterai,
    SpjAturanPajak,
    SpjJenisBelanja,
)
from tatausaha.services import versioning
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork


@dataclass(frozen=True)
class ChecklistRuleInput:
    jenis_belanja: str
    dokumen: str
    nama: str
    berlaku_mulai: dt.date
    berlaku_sampai: dt.date | None = None
    batas_bawah: int = 0
    batas_atas: int | None = None
    wajib: bool = True
    urutan: int = 0
    diterbitkan_oleh: str = "kantor"
    tenggat_hari: int | None = 3
    aktif: bool = True


@dataclass(frozen=True)
class ChecklistRuleView(ChecklistRuleInput):
    id: int = 0
    row_version: int = 1


@dataclass(frozen=True)
class TaxRuleInput:
    jenis_pajak: str
    berlaku_mulai: dt.date
    tarif_ppm: int
    berlaku_sampai: dt.date | None = None
    jenis_belanja: str = ""
    penerima_jenis: str = ""
    golongan: str = ""
    hanya_pkp: bool = False
    batas_bawah: int = 0
    dpp_pembilang: int = 1
    dpp_penyebut: int = 1
    dasar_hukum: str = ""
    aktif: bool = True


@dataclass(frozen=True)
class TaxRuleView(TaxRuleInput):
    id: int = 0
    row_version: int = 1


@dataclass(frozen=True)
class MeteraiRuleInput:
    """A bea meterai rule: receipts of an amount ``> batas_bawah`` (and ``<= batas_atas`` when set)
    dated within validity need a meterai of ``tarif`` rupiah."""

    berlaku_mulai: dt.date
    batas_bawah: int
    tarif: int
    berlaku_sampai: dt.date | None = None
    batas_atas: int | None = None
    dasar_hukum: str = ""
    aktif: bool = True


@dataclass(frozen=True)
class MeteraiRuleView(MeteraiRuleInput):
    id: int = 0
    row_version: int = 1


def _overlaps(a0: dt.date, a1: dt.date | None, b0: dt.date, b1: dt.date | None) -> bool:
    return (a1 is None or b0 <= a1) and (b1 is None or a0 <= b1)


def _dates(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise ValidationFailed("Tanggal akhir berlaku sebelum tanggal mulai berlaku.", field="berlaku_sampai")


def _jenis_known(uow: UnitOfWork, kode: str) -> None:
    if kode and uow.session.execute(select(SpjJenisBelanja.id).where(SpjJenisBelanja.kode == kode)).scalar() is None:
        raise ValidationFailed(f"Jenis belanja '{kode}' tidak dikenal.", field="jenis_belanja")


# -- checklists ------------------------------------------------------------------------------------


def _checklist_view(r: SpjAturanBukti) -> ChecklistRuleView:
    return ChecklistRuleView(**{f.name: getattr(r, f.name) for f in fields(ChecklistRuleInput)}, id=r.id,
                             row_version=r.row_version)


def checklist_rules(uow: UnitOfWork, jenis_belanja: str | None = None, on: dt.date | None = None) -> list[ChecklistRuleView]:
    """The checklist rows (of a jenis; valid on a date), by jenis, tier and order."""
    uow.require(Permission.READ)
    q = select(SpjAturanBukti)
    if jenis_belanja:
        q = q.where(SpjAturanBukti.jenis_belanja == jenis_belanja)
    rows = [r for r in uow.session.execute(q.order_by(SpjAturanBukti.jenis_belanja, SpjAturanBukti.batas_bawah,
                                                      SpjAturanBukti.urutan, SpjAturanBukti.id)).scalars()
            if on is None or (r.berlaku_mulai <= on and (r.berlaku_sampai is None or on <= r.berlaku_sampai))]
    return [_checklist_view(r) for r in rows]


def save_checklist_rule(uow: UnitOfWork, data: ChecklistRuleInput, *, rule_id: int | None = None,
                        row_version: int | None = None) -> ChecklistRuleView:
    """Add a checklist row, or correct one (a change *from a date* is :func:`replace_checklist_rule`)."""
    uow.require(Permission.ADMIN)
    _jenis_known(uow, data.jenis_belanja)
    if not data.dokumen.strip() or not data.nama.strip():
        raise ValidationFailed("Kode dan nama dokumen wajib diisi.", field="nama")
    if data.batas_bawah < 0 or (data.batas_atas is not None and data.batas_atas <= data.batas_bawah):
        raise ValidationFailed("Batas nilai tidak masuk akal (batas atas harus di atas batas bawah).", field="batas_atas")
    if data.diterbitkan_oleh not in PENERBIT:
        raise ValidationFailed("Penerbit harus penyedia, kantor atau pihak lain.", field="diterbitkan_oleh")
    if data.tenggat_hari is not None and data.tenggat_hari < 0:
        raise ValidationFailed("Tenggat tidak boleh negatif.", field="tenggat_hari")
    _dates(data.berlaku_mulai, data.berlaku_sampai)
    s = uow.session
    for other in s.execute(select(SpjAturanBukti).where(
            SpjAturanBukti.jenis_belanja == data.jenis_belanja, SpjAturanBukti.dokumen == data.dokumen.strip(),
            SpjAturanBukti.aktif.is_(True), SpjAturanBukti.id != (rule_id or 0))).scalars():
        same_tier = other.batas_bawah == data.batas_bawah and other.batas_atas == data.batas_atas
        if data.aktif and same_tier and _overlaps(other.berlaku_mulai, other.berlaku_sampai, data.berlaku_mulai,
                                                  data.berlaku_sampai):
            raise Conflict(f"Aturan '{other.nama}' untuk {data.jenis_belanja} pada rentang nilai yang sama sudah berlaku "
                           f"mulai {other.berlaku_mulai:%d-%m-%Y}; akhiri dulu aturan itu.")
    return _checklist_view(_store(s, SpjAturanBukti, data, rule_id, row_version, "Aturan kelengkapan"))


def replace_checklist_rule(uow: UnitOfWork, rule_id: int, berlaku_mulai: dt.date, **changes: object) -> ChecklistRuleView:
    """From ``berlaku_mulai`` on, the row reads differently (``changes``: wajib, nama, batas…, tenggat_hari);
    the old row ends the day before. Items dated earlier keep the old rule."""
    uow.require(Permission.ADMIN)
    return save_checklist_rule(uow, _successor(uow.session, SpjAturanBukti, ChecklistRuleInput, rule_id, berlaku_mulai,
                                               changes, "Aturan kelengkapan"))


# -- taxes -----------------------------------------------------------------------------------------


def _tax_view(r: SpjAturanPajak) -> TaxRuleView:
    return TaxRuleView(**{f.name: getattr(r, f.name) for f in fields(TaxRuleInput)}, id=r.id, row_version=r.row_version)


def tax_rules(uow: UnitOfWork, jenis_pajak: str | None = None, on: dt.date | None = None) -> list[TaxRuleView]:
    uow.require(Permission.READ)
    q = select(SpjAturanPajak)
    if jenis_pajak:
        q = q.where(SpjAturanPajak.jenis_pajak == jenis_pajak)
    rows = [r for r in uow.session.execute(q.order_by(SpjAturanPajak.jenis_pajak, SpjAturanPajak.berlaku_mulai,
                                                      SpjAturanPajak.id)).scalars()
            if on is None or (r.berlaku_mulai <= on and (r.berlaku_sampai is None or on <= r.berlaku_sampai))]
    return [_tax_view(r) for r in rows]


def _tax_key(r: SpjAturanPajak | TaxRuleInput) -> tuple[object, ...]:
    return (r.jenis_pajak, r.jenis_belanja, r.penerima_jenis, r.golongan, r.hanya_pkp, r.batas_bawah)


def save_tax_rule(uow: UnitOfWork, data: TaxRuleInput, *, rule_id: int | None = None,
                  row_version: int | None = None) -> TaxRuleView:
    """Add a tax rule, or correct one (a rate change *from a date* is :func:`replace_tax_rule`)."""
    uow.require(Permission.ADMIN)
    if data.jenis_pajak not in JENIS_PAJAK:
        raise ValidationFailed(f"Jenis pajak '{data.jenis_pajak}' tidak dikenal.", field="jenis_pajak")
    if data.penerima_jenis and data.penerima_jenis not in PENERIMA_JENIS:
        raise ValidationFailed("Jenis penerima harus pegawai, penyedia atau orang (atau kosong).", field="penerima_jenis")
    if not 0 <= data.tarif_ppm <= 1_000_000:
        raise ValidationFailed("Tarif harus antara 0% dan 100%.", field="tarif_ppm")
    if data.dpp_pembilang <= 0 or data.dpp_penyebut <= 0 or data.dpp_pembilang > data.dpp_penyebut:
        raise ValidationFailed("Dasar pengenaan (pembilang/penyebut) harus pecahan positif paling besar 1.",
                               field="dpp_pembilang")
    if data.batas_bawah < 0:
        raise ValidationFailed("Batas nilai tidak boleh negatif.", field="batas_bawah")
    _jenis_known(uow, data.jenis_belanja)
    _dates(data.berlaku_mulai, data.berlaku_sampai)
    s = uow.session
    if data.aktif:
        for other in s.execute(select(SpjAturanPajak).where(
                SpjAturanPajak.jenis_pajak == data.jenis_pajak, SpjAturanPajak.aktif.is_(True),
                SpjAturanPajak.id != (rule_id or 0))).scalars():
            if _tax_key(other) == _tax_key(data) and _overlaps(other.berlaku_mulai, other.berlaku_sampai,
                                                               data.berlaku_mulai, data.berlaku_sampai):
                raise Conflict(f"Aturan {data.jenis_pajak.upper()} yang sama sudah berlaku mulai "
                               f"{other.berlaku_mulai:%d-%m-%Y}; akhiri dulu aturan itu (ganti tarif mulai tanggal).")
    return _tax_view(_store(s, SpjAturanPajak, data, rule_id, row_version, "Aturan pajak"))


def replace_tax_rule(uow: UnitOfWork, rule_id: int, berlaku_mulai: dt.date, **changes: object) -> TaxRuleView:
    """A new rate (or base, threshold, legal basis) from ``berlaku_mulai``; the old row ends the day
    before, so items paid earlier keep their tax."""
    uow.require(Permission.ADMIN)
    return save_tax_rule(uow, _successor(uow.session, SpjAturanPajak, TaxRuleInput, rule_id, berlaku_mulai, changes,
                                         "Aturan pajak"))


# -- bea meterai ------------------------------------------------------------------------------------


def _meterai_view(r: SpjAturanMeterai) -> MeteraiRuleView:
    return MeteraiRuleView(**{f.name: getattr(r, f.name) for f in fields(MeteraiRuleInput)}, id=r.id,
                           row_version=r.row_version)


def meterai_rules(uow: UnitOfWork, on: dt.date | None = None) -> list[MeteraiRuleView]:
    """The bea meterai rows (valid on a date), by start date and amount band."""
    uow.require(Permission.READ)
    rows = [r for r in uow.session.execute(select(SpjAturanMeterai).order_by(
                SpjAturanMeterai.berlaku_mulai, SpjAturanMeterai.batas_bawah, SpjAturanMeterai.id)).scalars()
            if on is None or (r.aktif and r.berlaku_mulai <= on and (r.berlaku_sampai is None or on <= r.berlaku_sampai))]
    return [_meterai_view(r) for r in rows]


def _bands_overlap(a: SpjAturanMeterai | MeteraiRuleInput, b: MeteraiRuleInput) -> bool:
    """Amount bands (batas_bawah, batas_atas] share an amount."""
    return (a.batas_atas is None or b.batas_bawah < a.batas_atas) and (b.batas_atas is None or a.batas_bawah < b.batas_atas)


def _meterai_valid(data: MeteraiRuleInput) -> None:
    if data.batas_bawah < 0 or (data.batas_atas is not None and data.batas_atas <= data.batas_bawah):
        raise ValidationFailed("Batas nilai tidak masuk akal (batas atas harus di atas batas bawah).", field="batas_atas")
    if data.tarif <= 0:
        raise ValidationFailed("Tarif bea meterai harus lebih dari nol rupiah.", field="tarif")
    _dates(data.berlaku_mulai, data.berlaku_sampai)


def save_meterai_rule(uow: UnitOfWork, data: MeteraiRuleInput, *, rule_id: int | None = None,
                      row_version: int | None = None) -> MeteraiRuleView:
    """Add a bea meterai rule, or correct one (a change *from a date* is :func:`replace_meterai_rule`
    or, for a new law replacing every band, :func:`add_meterai_rule`)."""
    uow.require(Permission.ADMIN)
    _meterai_valid(data)
    s = uow.session
    if data.aktif:
        for other in s.execute(select(SpjAturanMeterai).where(
                SpjAturanMeterai.aktif.is_(True), SpjAturanMeterai.id != (rule_id or 0))).scalars():
            if _bands_overlap(other, data) and _overlaps(other.berlaku_mulai, other.berlaku_sampai, data.berlaku_mulai,
                                                         data.berlaku_sampai):
                raise Conflict(f"Aturan bea meterai untuk rentang nilai itu sudah berlaku mulai "
                               f"{other.berlaku_mulai:%d-%m-%Y}; akhiri dulu aturan itu.")
    return _meterai_view(_store(s, SpjAturanMeterai, data, rule_id, row_version, "Aturan bea meterai"))


def replace_meterai_rule(uow: UnitOfWork, rule_id: int, berlaku_mulai: dt.date, **changes: object) -> MeteraiRuleView:
    """From ``berlaku_mulai`` on, the row reads differently (``changes``: batas_bawah, batas_atas, tarif,
    dasar_hukum); the old row ends the day before, so receipts dated earlier keep their meterai."""
    uow.require(Permission.ADMIN)
    return save_meterai_rule(uow, _successor(uow.session, SpjAturanMeterai, MeteraiRuleInput, rule_id, berlaku_mulai,
                                             changes, "Aturan bea meterai"))


def add_meterai_rule(uow: UnitOfWork, berlaku_mulai: dt.date, batas_bawah: int, tarif: int, alasan: str,
                     batas_atas: int | None = None) -> MeteraiRuleView:
    """A new bea meterai regime from ``berlaku_mulai`` (as UU 10/2020 replaced both bands of PP 24/2000
    with one): every rule still open on that date ends the day before, the new one starts that day.
    ``alasan`` (the legal basis, e.g. the new law) is required and kept as ``dasar_hukum``."""
    uow.require(Permission.ADMIN)
    if not alasan.strip():
        raise ValidationFailed("Sebutkan dasar hukum atau alasan aturan bea meterai yang baru.", field="alasan")
    data = MeteraiRuleInput(berlaku_mulai=berlaku_mulai, batas_bawah=batas_bawah, tarif=tarif, batas_atas=batas_atas,
                            dasar_hukum=alasan)
    _meterai_valid(data)  # nothing ends before the new rule is known to be sound
    s = uow.session
    for old in s.execute(select(SpjAturanMeterai).where(SpjAturanMeterai.aktif.is_(True))).scalars():
        if old.berlaku_sampai is not None and old.berlaku_sampai < berlaku_mulai:
            continue
        if old.berlaku_mulai >= berlaku_mulai:
            raise Conflict(f"Sudah ada aturan bea meterai mulai {old.berlaku_mulai:%d-%m-%Y}; ubah aturan itu, "
                           "atau pilih tanggal mulai sesudahnya.")
        old.berlaku_sampai = berlaku_mulai - dt.timedelta(days=1)
    s.flush()
    return save_meterai_rule(uow, data)


# -- the dated rule tables' common steps ------------------------------------------------------------


def _store(s: Any, model: Any, data: Any, rule_id: int | None, row_version: int | None, what: str) -> Any:
    """A new rule row, or the existing one after its version check; every input field copied (text
    trimmed) and flushed."""
    if rule_id is None:
        row = model()
        s.add(row)
    else:
        row = s.get(model, rule_id)
        if row is None:
            raise NotFound(f"{what} tidak ditemukan.")
        versioning.check(s, row, row_version)
    for f in fields(data):
        value = getattr(data, f.name)
        setattr(row, f.name, value.strip() if isinstance(value, str) else value)
    s.flush()
    return row


def _successor(s: Any, model: Any, input_cls: Any, rule_id: int, berlaku_mulai: dt.date, changes: dict[str, object],
               what: str) -> Any:
    """The input for the rule that follows row ``rule_id`` from ``berlaku_mulai`` (the old row's fields
    with ``changes``); the old row now ends the day before."""
    old = s.get(model, rule_id)
    if old is None:
        raise NotFound(f"{what} tidak ditemukan.")
    if berlaku_mulai <= old.berlaku_mulai:
        raise ValidationFailed("Tanggal mulai aturan baru harus sesudah mulai aturan lama.", field="berlaku_mulai")
    data = input_cls(**{f.name: changes.get(f.name, getattr(old, f.name)) for f in fields(input_cls)
                        if f.name != "berlaku_mulai"}, berlaku_mulai=berlaku_mulai)
    old.berlaku_sampai = berlaku_mulai - dt.timedelta(days=1)
    s.flush()
    return data
