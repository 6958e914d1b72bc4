"""Letter metadata from text (PDF text layer or OCR): nomor, tanggal, pengirim, perihal.

Pure functions; tolerant of OCR noise (``Nomor :`` / ``No.`` / ``Nomer``, Pebruari/Nopember).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11, "desember": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})\b", re.IGNORECASE)
_NOMOR_RE = re.compile(r"^\s*(?:nomor|nomer|no)\s*\.?\s*[:;]\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_HAL_RE = re.compile(r"^\s*(?:perihal|hal)\s*[:;]\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_STOP_AFTER_NOMOR = re.compile(r"\s{2,}|\s+(?:lampiran|sifat|hal|perihal)\b", re.IGNORECASE)
_GOV_HEAD = re.compile(r"^(PEMERINTAH|KEMENTERIAN|BADAN|DINAS|KANTOR|KECAMATAN|KELURAHAN|DESA|SEKRETARIAT|"
                       r"INSPEKTORAT|RUMAH SAKIT|PUSKESMAS|SATUAN|POLRES|POLSEK|KOMANDO|KODIM|KORAMIL|UNIVERSITAS|"
                       r"SEKOLAH|SMA|SMP|SD|YAYASAN|PT\.?|CV\.?|LEMBAGA|KOMISI|DEWAN|BAGIAN)\b")


@dataclass(frozen=True)
class Extracted:
    nomor_surat: str = ""
    tanggal_surat: dt.date | None = None
    pengirim: str = ""
    perihal: str = ""
    #: the whole text the fields were read from (for areas' ``suggest`` hooks, e.g. a NIP on an SK);
    #: not stored with the item
    text: str = field(default="", repr=False, compare=False)

    def as_dict(self) -> dict[str, str]:
        d = asdict(self)
        d.pop("text", None)
        d["tanggal_surat"] = self.tanggal_surat.isoformat() if self.tanggal_surat else ""
        return d

    @classmethod
    def from_dict(cls, d: dict[str, str] | None) -> Extracted:
        d = d or {}
        tgl = d.get("tanggal_surat") or ""
        try:
            date = dt.date.fromisoformat(tgl) if tgl else None
        except ValueError:
            date = None
        return cls(d.get("nomor_surat", ""), date, d.get("pengirim", ""), d.get("perihal", ""))

    def __bool__(self) -> bool:
        return bool(self.nomor_surat or self.tanggal_surat or self.pengirim or self.perihal)


def normalize_nomor(nomor: str) -> str:
    """For matching: upper case, no spaces, one kind of separator, common OCR slips (O→0 in digits)."""
    s = re.sub(r"\s+", "", nomor.upper())
    s = s.replace("\\", "/").replace("|", "/").replace("–", "-").replace("—", "-")
    s = re.sub(r"(?<=\d)O|O(?=\d)", "0", s)
    # Roman month segments ("VIII") read by OCR as "VII1" / "VIIl" / "V1II"
    parts = []
    for seg in s.split("/"):
        if re.fullmatch(r"[IVX1L|]{1,5}", seg) and re.search(r"[VX]|I", seg) and not seg.isdigit():
            seg = seg.replace("1", "I").replace("|", "I").replace("L", "I")
        parts.append(seg)
    return "/".join(parts).strip(".,;:")


def parse_date(text: str) -> dt.date | None:
    for m in _DATE_RE.finditer(text):
        try:
            return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            continue
    return None


def extract(text: str) -> Extracted:
    if not text or not text.strip():
        return Extracted()
    lines = [ln.strip() for ln in text.splitlines()]
    nomor = ""
    m = _NOMOR_RE.search(text)
    if m:
        nomor = m.group(1).strip()
        nomor = _STOP_AFTER_NOMOR.split(nomor, maxsplit=1)[0].strip(" .,:;")
        # "Nomor : 470/123/X/2024   Bekasi, 12 Agustus 2024" on one line: drop the place and date
        nomor = re.sub(rf"\s+[A-Z][A-Za-z .]*,\s*\d{{1,2}}\s+(?:{_MONTH_RE})\s+\d{{4}}.*$", "", nomor,
                       flags=re.IGNORECASE).strip(" .,:;")
    perihal = ""
    m = _HAL_RE.search(text)
    if m:
        perihal = m.group(1).strip(" .:;")
        # a perihal often continues on the next indented line until a blank line / "Yth."
        idx = next((i for i, ln in enumerate(lines) if ln and m.group(1).strip() in ln), None)
        if idx is not None and idx + 1 < len(lines):
            nxt = lines[idx + 1]
            if nxt and not re.match(r"(?i)^(yth|kepada|di\b|dengan|sehubungan|bersama)", nxt) and len(nxt) < 80 \
                    and not re.match(r"(?i)^(nomor|lampiran|sifat|tanggal)", nxt) and nxt[:1].islower():
                perihal = f"{perihal} {nxt}".strip()
    # pengirim: the kop — the first upper-case lines; "PEMERINTAH KOTA X" is the parent, the next is the sender
    pengirim = ""
    head = [ln for ln in lines[:12] if ln]
    kop = [ln for ln in head if ln.upper() == ln and len(re.sub(r"[^A-Z]", "", ln)) >= 4]
    for i, ln in enumerate(kop):
        if _GOV_HEAD.match(ln):
            if ln.startswith("PEMERINTAH") and i + 1 < len(kop) and _GOV_HEAD.match(kop[i + 1]):
                pengirim = kop[i + 1]
            else:
                pengirim = ln
            break
    tanggal = parse_date("\n".join(lines[:40])) or parse_date(text)
    return Extracted(nomor[:200], tanggal, pengirim[:300], perihal[:500], text=text)
