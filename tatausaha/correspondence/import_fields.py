"""What the buku agenda spreadsheets hold: the fields of each direction and the header names offices use."""

from __future__ import annotations

from collections.abc import Sequence

from tatausaha.correspondence.common import fold
from tatausaha.errors import ValidationFailed
from tatausaha.sheets import mapping as sheet_mapping

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


def fields_of(arah: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """(field → label, required fields) of one direction."""
    return (FIELDS_MASUK, REQUIRED_MASUK) if arah == "masuk" else (FIELDS_KELUAR, REQUIRED_KELUAR)


def find_header(raw: Sequence[Sequence[object]]) -> int | None:
    """The header row of a buku agenda sheet (among its first 15 rows)."""
    return sheet_mapping.find_header(raw, HEADER_ALIASES)


def guess_mapping(headers: Sequence[str], arah: str) -> dict[str, str]:
    """header → field. Earlier, more specific aliases win; each field is used once."""
    return sheet_mapping.guess_mapping(headers, list(fields_of(arah)[0]), HEADER_ALIASES)


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
