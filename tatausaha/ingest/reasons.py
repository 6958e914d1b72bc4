"""Why a scan could not be taken, in Indonesian — the one place exceptions become reasons.

Libraries explain themselves in English (Pillow: "image file is truncated", PDFium: "Data format
error", SQLAlchemy: "(sqlite3.OperationalError) database is locked"). None of that reaches a
person: quarantine reasons, ``.alasan.txt`` files, Kotak Pindai notes and watcher events say what
happened in Indonesian and what to do; the raw exception goes to the log only (``describe`` logs it).
"""

from __future__ import annotations

import errno
import logging

from tatausaha.errors import TatausahaError

log = logging.getLogger(__name__)

UNEXPECTED = ("Terjadi kesalahan tak terduga saat memproses berkas ini. Rinciannya dicatat di log aplikasi; "
              "bila terulang, hubungi pengelola aplikasi.")
PDF_CORRUPT = ("PDF rusak dan tidak dapat dibuka: strukturnya tidak terbaca. Simpan ulang atau pindai ulang "
               "dokumennya lalu taruh lagi di folder pindai.")
PDF_ENCRYPTED = "PDF terkunci kata sandi (terenkripsi). Simpan ulang tanpa kata sandi lalu taruh lagi."
IMAGE_UNREADABLE = ("Gambar rusak: isinya tidak dapat dikenali sebagai JPEG, PNG atau TIFF yang sah. "
                    "Pindai ulang atau simpan ulang gambarnya.")
IMAGE_TRUNCATED = ("Gambar terpotong: datanya berhenti sebelum gambar selesai. Biasanya penyimpanan atau penyalinan "
                   "terputus; pindai ulang dokumennya.")
IMAGE_CORRUPT = "Gambar rusak dan tidak dapat dibaca. Pindai ulang dokumennya."
IMAGE_TOO_LARGE = ("Gambar terlalu besar untuk dibuka dengan aman (jumlah pikselnya melebihi batas); kemungkinan "
                   "berkasnya rusak. Pindai dengan resolusi lebih rendah.")
DB_BUSY = ("Basis data sedang dipakai program lain terlalu lama sehingga pindaian belum dapat dicatat; "
           "akan dicoba lagi.")
DB_FAILED = "Basis data menolak pencatatan pindaian ini. Jalankan 'tatausaha check' atau hubungi pengelola aplikasi."
DISK_FULL = "Disk penuh: salinan arsip tidak dapat disimpan. Kosongkan ruang disk lalu coba lagi."
NO_ACCESS = "Akses ke berkas atau folder ditolak oleh sistem. Periksa izin folder pindai dan folder arsip."
GONE = "Berkas hilang dari folder pindai sebelum selesai diproses (dipindah atau dihapus orang lain?)."
IO_ERROR = "Disk gagal membaca atau menulis berkas ini. Periksa disk atau jaringan, lalu taruh lagi berkasnya."
NO_MEMORY = "Memori komputer tidak cukup untuk membuka berkas ini. Pindai dengan resolusi lebih rendah."
OCR_FAILED = "OCR gagal membaca halaman ini (Tesseract berhenti dengan galat); rinciannya dicatat di log aplikasi."
TIMEOUT = "Pemrosesan berkas terlalu lama dan dihentikan. Pindai ulang dengan resolusi lebih rendah."


class BadFile(Exception):
    """The file cannot be archived as it is; ``reason`` is shown to people (Indonesian)."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def describe(exc: BaseException, *, context: str = "") -> str:
    """An Indonesian sentence for ``exc``; the raw exception is logged (never shown)."""
    text = _describe(exc)
    log.info("%s%s: %s", f"{context}: " if context else "", type(exc).__name__, exc, exc_info=False)
    return text


def _describe(exc: BaseException) -> str:
    from subprocess import TimeoutExpired

    if isinstance(exc, BadFile):
        return exc.reason
    if isinstance(exc, TatausahaError):  # our own errors are Indonesian by contract
        return str(exc)
    try:
        from PIL import Image, UnidentifiedImageError

        if isinstance(exc, Image.DecompressionBombError):
            return IMAGE_TOO_LARGE
        if isinstance(exc, UnidentifiedImageError):
            return IMAGE_UNREADABLE
    except ImportError:  # pragma: no cover - Pillow is a dependency
        pass
    try:
        import pypdfium2 as pdfium

        if isinstance(exc, pdfium.PdfiumError):
            return PDF_ENCRYPTED if "password" in str(exc).lower() else PDF_CORRUPT
    except ImportError:  # pragma: no cover
        pass
    try:
        from sqlalchemy.exc import DBAPIError, OperationalError

        if isinstance(exc, OperationalError):
            msg = str(getattr(exc, "orig", exc)).lower()
            if "locked" in msg or "busy" in msg or "blocked" in msg:
                return DB_BUSY
            if "disk" in msg and "full" in msg:
                return DISK_FULL
            return DB_FAILED
        if isinstance(exc, DBAPIError):
            return DB_FAILED
    except ImportError:  # pragma: no cover
        pass
    if isinstance(exc, MemoryError):
        return NO_MEMORY
    if isinstance(exc, TimeoutExpired | TimeoutError):
        return TIMEOUT
    if isinstance(exc, EOFError):
        return IMAGE_TRUNCATED
    if isinstance(exc, OSError):
        code = exc.errno
        if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
            return DISK_FULL
        if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
            return NO_ACCESS
        if code == errno.ENOENT or isinstance(exc, FileNotFoundError):
            return GONE
        if code == errno.EIO:
            return IO_ERROR
        msg = str(exc).lower()
        if "truncated" in msg:
            return IMAGE_TRUNCATED
        if code is None:  # Pillow's decoder errors are OSErrors without an errno
            return IMAGE_CORRUPT
        return IO_ERROR
    if isinstance(exc, SyntaxError | ValueError):  # Pillow: "broken PNG file", "not a TIFF file" ...
        return IMAGE_CORRUPT
    return UNEXPECTED


def image_problem(exc: BaseException) -> tuple[str, str]:
    """(code, reason) for an image Pillow could not open or decode."""
    text = describe(exc, context="image check")
    if text == IMAGE_UNREADABLE:
        return "not_image", text
    if text in (IMAGE_TOO_LARGE,):
        return "too_large_image", text
    return "corrupt_image", text
