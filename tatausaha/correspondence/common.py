"""Shared vocabulary of the correspondence area: labels, text folding, who may see a secret letter."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import exists, false, or_, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from tatausaha.errors import ValidationFailed
from tatausaha.models.correspondence import (
    DERAJAT,
    KANAL,
    KEAMANAN,
    SECRET_KEAMANAN,
    Disposisi,
    SuratKeluar,
    SuratMasuk,
)
from tatausaha.services.auth import Actor, Permission

DERAJAT_LABELS = {"biasa": "Biasa", "segera": "Segera", "sangat_segera": "Sangat Segera"}
KEAMANAN_LABELS = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia", "sangat_rahasia": "Sangat Rahasia"}
KANAL_LABELS = {"manual": "Manual (kertas)", "srikandi": "SRIKANDI", "email": "Pos-el"}
STATUS_MASUK_LABELS = {"terdaftar": "Terdaftar", "didisposisi": "Didisposisi", "selesai": "Selesai", "batal": "Batal"}
STATUS_DISPOSISI_LABELS = {
    "belum_dibaca": "Belum dibaca",
    "dibaca": "Dibaca",
    "ditindaklanjuti": "Ditindaklanjuti",
    "selesai": "Selesai",
}
STATUS_KELUAR_LABELS = {"draft": "Konsep", "bernomor": "Bernomor", "terkirim": "Terkirim", "batal": "Batal"}
#: The security-classification code used in letter numbers ({derajat}): B/R as in Kemenag/Setda practice.
KEAMANAN_KODE = {"biasa": "B", "terbatas": "T", "rahasia": "R", "sangat_rahasia": "SR"}

MASKED = "— surat rahasia —"


def fold(text: str | None) -> str:
    """Lower case, no accents, single spaces, punctuation kept as spaces: for matching names."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"[^\w]+", " ", t)
    return " ".join(t.split())


def norm_nomor(nomor: str | None) -> str:
    """A letter number compared loosely: no spaces, upper case."""
    return re.sub(r"\s+", "", (nomor or "")).upper()


def _choice(value: str | None, allowed: tuple[str, ...], labels: dict[str, str], what: str, default: str) -> str:
    if value is None or value == "":
        return default
    v = fold(value).replace(" ", "_")
    if v in allowed:
        return v
    for key, label in labels.items():
        if fold(label) == fold(value):
            return key
    raise ValidationFailed(f"{what} '{value}' tidak dikenal; pilih salah satu: {', '.join(labels.values())}.", field=what)


def check_derajat(value: str | None) -> str:
    v = _choice(value, DERAJAT, DERAJAT_LABELS, "derajat", "biasa")
    return v


def check_keamanan(value: str | None) -> str:
    aliases = {"umum": "biasa", "terbuka": "biasa", "biasa terbuka": "biasa"}
    if value and fold(value) in aliases:
        return aliases[fold(value)]
    return _choice(value, KEAMANAN, KEAMANAN_LABELS, "keamanan", "biasa")


def check_kanal(value: str | None) -> str:
    aliases = {"e mail": "email", "pos el": "email", "kertas": "manual", "fisik": "manual"}
    if value and fold(value) in aliases:
        return aliases[fold(value)]
    return _choice(value, KANAL, KANAL_LABELS, "kanal", "manual")


def is_secret(keamanan: str) -> bool:
    return keamanan in SECRET_KEAMANAN


def in_chain_clause(actor: Actor) -> ColumnElement[bool]:
    """SQL: the actor takes part in the disposition chain of ``SuratMasuk`` (sender or recipient of a hop).

    The hops are read through an alias and only ``SuratMasuk`` is correlated: a query that already
    selects ``Disposisi`` (the inbox) would otherwise auto-correlate the subquery's only table away
    ("returned no FROM clauses"), and the chain is about every hop of the letter, not the outer row.
    """
    hop = aliased(Disposisi, name="chain_hop")
    conds: list[Any] = []
    if actor.user_id is not None:
        conds += [hop.kepada_user_id == actor.user_id, hop.dari_user_id == actor.user_id]
    if actor.official_ids:  # own post and posts held as Plt./Plh.
        conds += [hop.kepada_official_id.in_(actor.official_ids), hop.dari_official_id.in_(actor.official_ids)]
    if actor.unit_id is not None:
        conds.append(hop.kepada_unit_id == actor.unit_id)
    if not conds:
        return false()
    return exists(select(hop.id).where(hop.surat_masuk_id == SuratMasuk.id, or_(*conds)).correlate(SuratMasuk))


def masuk_visible_clause(actor: Actor) -> ColumnElement[bool]:
    """SQL: may ``actor`` see the content of this surat masuk?"""
    if actor.can(Permission.SEE_SECRET):
        return true()
    own = SuratMasuk.created_by == actor.user_id if actor.user_id is not None else false()
    return or_(SuratMasuk.keamanan.notin_(SECRET_KEAMANAN), own, in_chain_clause(actor))


def keluar_visible_clause(actor: Actor) -> ColumnElement[bool]:
    if actor.can(Permission.SEE_SECRET):
        return true()
    conds: list[Any] = [SuratKeluar.keamanan.notin_(SECRET_KEAMANAN)]
    if actor.user_id is not None:
        conds.append(SuratKeluar.created_by == actor.user_id)
    if actor.official_ids:
        conds.append(SuratKeluar.penandatangan_id.in_(actor.official_ids))
    return or_(*conds)
