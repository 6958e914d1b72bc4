"""Dated rules of the SPJ area: evidence checklists, taxes and bea meterai.

Both are office-editable configuration rows with validity dates (``SpjAturanBukti``,
``SpjAturanPajak``; seeded by the migration from DOMAIN.md §7), never constants. A rule applies on
a date ``d`` when ``berlaku_mulai <= d`` and (``berlaku_sampai`` is empty or ``d <= berlaku_sampai``).

* Checklist: for a jenis belanja and an amount, the rows whose tier ``[batas_bawah, batas_atas)``
  holds the amount.
* Taxes: for each tax kind, the rules matching jenis belanja, payee kind, golongan and PKP (an
  empty field matches anything) with ``batas_bawah <= jumlah``; the most specific one wins.
  Amount = floor(floor(jumlah × pembilang / penyebut) × tarif_ppm / 1 000 000): whole rupiah, down.
* Bea meterai (``SpjAturanMeterai``): the receipt of an amount needs a meterai when a rule valid on
  its date has ``batas_bawah < jumlah`` (exclusive, the law's "lebih dari") and ``jumlah <=
  batas_atas`` (inclusive, "sampai dengan"; empty = no bound); the highest tarif among them wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tatausaha.models.spj import JENIS_PAJAK, SpjAturanBukti, SpjAturanMeterai, SpjAturanPajak


@dataclass(frozen=True)
class ChecklistRow:
    aturan_id: int
    dokumen: str
    nama: str
    wajib: bool
    urutan: int
    diterbitkan_oleh: str
    tenggat_hari: int | None


@dataclass(frozen=True)
class TaxLine:
    jenis: str
    aturan_id: int
    dasar: int
    tarif_ppm: int
    jumlah: int
    dasar_hukum: str

    @property
    def tarif_persen(self) -> str:
        """The effective rate as Indonesians write it: ``11%``, ``1,5%`` (of the DPP)."""
        whole, frac = divmod(self.tarif_ppm, 10_000)
        text = f"{whole}" if not frac else f"{whole},{str(frac).rjust(4, '0').rstrip('0')}"
        return f"{text}%"


def _valid_on(model: type[SpjAturanBukti] | type[SpjAturanPajak] | type[SpjAturanMeterai], on: dt.date):  # type: ignore[no-untyped-def]
    return (
        model.aktif.is_(True),
        model.berlaku_mulai <= on,
        or_(model.berlaku_sampai.is_(None), model.berlaku_sampai >= on),
    )


@dataclass(frozen=True)
class Meterai:
    """The meterai a receipt needs: its value (whole rupiah) and the rule's legal basis."""

    aturan_id: int
    tarif: int
    dasar_hukum: str


def meterai_for(session: Session, jumlah: int, on: dt.date) -> Meterai | None:
    """The meterai a receipt of ``jumlah`` rupiah dated ``on`` needs, or None when it needs none."""
    rows = session.execute(
        select(SpjAturanMeterai)
        .where(*_valid_on(SpjAturanMeterai, on), SpjAturanMeterai.batas_bawah < jumlah,
               or_(SpjAturanMeterai.batas_atas.is_(None), SpjAturanMeterai.batas_atas >= jumlah))
        .order_by(SpjAturanMeterai.tarif.desc(), SpjAturanMeterai.berlaku_mulai.desc(), SpjAturanMeterai.id)
    ).scalars().first()
    return Meterai(rows.id, int(rows.tarif), rows.dasar_hukum) if rows is not None else None


def checklist_for(session: Session, jenis_belanja: str, jumlah: int, on: dt.date) -> list[ChecklistRow]:
    """The documents an item of ``jenis_belanja`` and ``jumlah`` rupiah needs on date ``on``."""
    rows = session.execute(
        select(SpjAturanBukti)
        .where(SpjAturanBukti.jenis_belanja == jenis_belanja, *_valid_on(SpjAturanBukti, on),
               SpjAturanBukti.batas_bawah <= jumlah,
               or_(SpjAturanBukti.batas_atas.is_(None), SpjAturanBukti.batas_atas > jumlah))
        .order_by(SpjAturanBukti.urutan, SpjAturanBukti.id)
    ).scalars()
    seen: dict[str, ChecklistRow] = {}
    for r in rows:
        # one row per document: when an office's tiers overlap, the required one wins
        if r.dokumen in seen and (seen[r.dokumen].wajib or not r.wajib):
            continue
        seen[r.dokumen] = ChecklistRow(r.id, r.dokumen, r.nama, r.wajib, r.urutan, r.diterbitkan_oleh, r.tenggat_hari)
    return sorted(seen.values(), key=lambda c: (c.urutan, c.aturan_id))


def _specificity(r: SpjAturanPajak) -> tuple[int, int, dt.date]:
    return (bool(r.jenis_belanja) + bool(r.penerima_jenis) + bool(r.golongan) + int(r.hanya_pkp),
            r.batas_bawah, r.berlaku_mulai)


def tax_amount(jumlah: int, tarif_ppm: int, pembilang: int = 1, penyebut: int = 1) -> tuple[int, int]:
    """(DPP, tax) in whole rupiah, both rounded down, integer arithmetic only."""
    dasar = jumlah * pembilang // penyebut
    return dasar, dasar * tarif_ppm // 1_000_000


def taxes_for(
    session: Session, *, jenis_belanja: str, jumlah: int, on: dt.date, penerima_jenis: str,
    golongan: str = "", pkp: bool = False,
) -> list[TaxLine]:
    """The taxes the dated rules put on a payment (one line per tax kind that applies)."""
    rules = session.execute(
        select(SpjAturanPajak).where(*_valid_on(SpjAturanPajak, on), SpjAturanPajak.batas_bawah <= jumlah)
    ).scalars().all()
    best: dict[str, SpjAturanPajak] = {}
    for r in rules:
        if r.jenis_belanja and r.jenis_belanja != jenis_belanja:
            continue
        if r.penerima_jenis and r.penerima_jenis != penerima_jenis:
            continue
        if r.golongan and r.golongan != golongan:
            continue
        if r.hanya_pkp and not pkp:
            continue
        if r.jenis_pajak not in best or _specificity(r) > _specificity(best[r.jenis_pajak]):
            best[r.jenis_pajak] = r
    out = []
    for jenis in JENIS_PAJAK:
        rule = best.get(jenis)
        if rule is None:
            continue
        dasar, amount = tax_amount(jumlah, rule.tarif_ppm, rule.dpp_pembilang, rule.dpp_penyebut)
        out.append(TaxLine(jenis, rule.id, dasar, rule.tarif_ppm, amount, rule.dasar_hukum))
    return out


def golongan_class(golongan: str | None) -> str:
    """The class (I–IV) a stored golongan belongs to: ``III/c`` → ``III``, PPPK ``IX (III)`` → ``III``
    (the staff area's equivalence, kept in brackets); anything else (empty, unknown) gives ""."""
    if not golongan:
        return ""
    text = golongan.strip().upper()
    if "(" in text and text.endswith(")"):
        text = text[text.index("(") + 1:-1]
    head = text.split("/")[0].strip()
    return head if head in ("I", "II", "III", "IV") else ""
