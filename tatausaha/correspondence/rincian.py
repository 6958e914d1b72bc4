"""Per-jenis fields of a surat keluar (``SuratKeluar.rincian``), entered in the form when that jenis
is chosen, stored as JSON, and printed in their blocks (DOMAIN.md §1.2–1.3):

* **undangan** — hari/tanggal (and an optional last day), waktu, tempat, acara: the invitation block
  after the opening paragraph;
* **surat tugas** — dasar (one or more), kepada (people: nama, NIP, pangkat/golongan, jabatan) and
  untuk: the "Dasar / MEMERINTAHKAN: / Kepada / Untuk" blocks of the judul layout.

``validate`` returns the cleaned dict or raises one ``ValidationFailed`` naming every problem in
Indonesian, so nothing is half-written. A letter of these kinds saved without ``rincian`` (older
letters, imports) keeps printing what its body says ("Hari/tanggal : …" lines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tatausaha.correspondence.common import fold
from tatausaha.errors import ValidationFailed
from tatausaha.services.office import format_nip, normalize_nip

UNDANGAN, SURAT_TUGAS = "undangan", "surat_tugas"


def kind_of(jenis_kode: str, layout: str, jenis_nama: str = "") -> str | None:
    """Which per-jenis block a jenis naskah has (None: none)."""
    if layout == "undangan" or jenis_kode.upper() in ("UND",):
        return UNDANGAN
    if jenis_kode.upper() in ("ST", "SPT") or "surat tugas" in fold(jenis_nama) or "perintah tugas" in fold(jenis_nama):
        return SURAT_TUGAS
    return None


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        from tatausaha.correspondence.importer import parse_tanggal

        try:
            return parse_tanggal(str(value))
        except ValueError:
            return None


def _text(data: Mapping[str, Any], key: str) -> str:
    v = data.get(key)
    return " ".join(str(v).split()) if v is not None else ""


def validate(kind: str | None, data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Clean the per-jenis fields of ``kind``; every problem in one Indonesian message."""
    if kind is None or data is None:
        return None
    problems: list[str] = []
    if kind == UNDANGAN:
        tanggal = _date(data.get("tanggal"))
        sampai = _date(data.get("tanggal_sampai"))
        if data.get("tanggal") in (None, ""):
            problems.append("hari/tanggal acara wajib diisi")
        elif tanggal is None:
            problems.append(f"hari/tanggal acara '{data.get('tanggal')}' bukan tanggal")
        if data.get("tanggal_sampai") not in (None, "") and sampai is None:
            problems.append(f"tanggal akhir '{data.get('tanggal_sampai')}' bukan tanggal")
        if tanggal and sampai and sampai < tanggal:
            problems.append("tanggal akhir acara sebelum tanggal mulainya")
        out: dict[str, Any] = {"jenis": UNDANGAN, "tanggal": tanggal.isoformat() if tanggal else "",
                               "tanggal_sampai": sampai.isoformat() if sampai and sampai != tanggal else "",
                               "waktu": _text(data, "waktu"), "tempat": _text(data, "tempat"), "acara": _text(data, "acara")}
        for key, label in (("waktu", "waktu"), ("tempat", "tempat"), ("acara", "acara")):
            if not out[key]:
                problems.append(f"{label} acara wajib diisi")
    elif kind == SURAT_TUGAS:
        dasar = [" ".join(str(d).split()) for d in (data.get("dasar") or []) if str(d).strip()]
        kepada = []
        for i, person in enumerate(data.get("kepada") or [], 1):
            row = {k: _text(person, k) for k in ("nama", "nip", "pangkat", "jabatan")}
            if not any(row.values()):
                continue  # an empty row in the table
            if not row["nama"]:
                problems.append(f"nama pada baris {i} daftar 'Kepada' wajib diisi")
            try:
                row["nip"] = normalize_nip(row["nip"]) or ""
            except ValidationFailed as exc:
                problems.append(f"baris {i} daftar 'Kepada': {exc}".rstrip("."))
            kepada.append(row)
        untuk = str(data.get("untuk") or "").strip()
        if not dasar:
            problems.append("dasar surat tugas wajib diisi")
        if not kepada:
            problems.append("isi minimal satu orang yang ditugaskan (Kepada)")
        if not untuk:
            problems.append("isi untuk apa mereka ditugaskan (Untuk)")
        out = {"jenis": SURAT_TUGAS, "dasar": dasar, "kepada": kepada, "untuk": untuk}
    else:
        return None
    if problems:
        what = "Undangan" if kind == UNDANGAN else "Surat tugas"
        raise ValidationFailed(f"{what} belum dapat disimpan: " + "; ".join(problems) + ".")
    return out


def person_line(p: Mapping[str, str]) -> str:
    """"BUDI SANTOSO, S.AP., NIP 19810410 200901 1 003, Penata Tingkat I (III/d), Kepala Subbagian …"."""
    parts = [p.get("nama", "")]
    if p.get("nip"):
        parts.append(f"NIP {format_nip(p['nip'])}")
    parts += [p[k] for k in ("pangkat", "jabatan") if p.get(k)]
    return ", ".join(x for x in parts if x)


__all__ = ["SURAT_TUGAS", "UNDANGAN", "kind_of", "person_line", "validate"]
