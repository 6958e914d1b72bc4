"""What a scanned file is, or the reason (in Indonesian) it goes to quarantine."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tatausaha import fileio
from tatausaha.idformat import angka
from tatausaha.ingest.reasons import BadFile  # defined beside the reasons (which describe it), raised here

PDF, JPEG, PNG, TIFF = fileio.PDF, fileio.JPEG, fileio.PNG, fileio.TIFF
SUPPORTED = (PDF, JPEG, PNG, TIFF)
EXTENSIONS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".jpe": JPEG, ".png": PNG, ".tif": TIFF, ".tiff": TIFF}
MAX_IMAGE_PIXELS = 200_000_000  # a 600-dpi A3 page is ~70 Mpx; beyond this is a decompression bomb


@dataclass(frozen=True)
class FileInfo:
    mime: str
    page_count: int
    size: int

    @property
    def is_image(self) -> bool:
        return self.mime != PDF


def safe_name(name: str) -> str:
    """A printable, storable version of a file name (undecodable bytes shown as U+FFFD)."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def name_problem(name: str) -> str | None:
    """Why a file name cannot be kept as it is, or None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return ("Nama berkas memakai pengodean karakter yang tidak dikenal (bukan UTF-8), sehingga tidak dapat "
                "dicatat dengan benar. Ganti nama berkasnya lalu taruh lagi di folder pindai.")
    if any(unicodedata.category(c) == "Cc" for c in name):
        return "Nama berkas berisi karakter kendali yang tidak dapat dicatat. Ganti nama berkasnya lalu taruh lagi."
    return None


sniff = fileio.sniff  # one sniffer for the archive, the scan folder and the UI


def _human(n: int) -> str:
    return f"{angka(n / 1024 / 1024, 1)} MB"


def check_file(path: Path, *, max_bytes: int) -> FileInfo:
    """Inspect ``path``; raise ``BadFile`` with the reason when it must be quarantined."""
    problem = name_problem(path.name)
    if problem:
        raise BadFile(problem, "name")
    size = path.stat().st_size
    if size == 0:
        raise BadFile("Berkas kosong (0 bita). Pindai ulang dokumennya.", "empty")
    if size > max_bytes:
        raise BadFile(f"Berkas terlalu besar ({_human(size)}; batas {_human(max_bytes)}). Pindai dengan resolusi "
                      "lebih rendah atau pecah menjadi beberapa berkas.", "too_large")
    with path.open("rb") as fh:
        head = fh.read(1024)
    mime = sniff(head)
    by_ext = EXTENSIONS.get(path.suffix.lower())
    if mime is None:
        if by_ext is None:
            ext = path.suffix or "(tanpa akhiran)"
            raise BadFile(f"Jenis berkas {ext} tidak didukung. Yang diterima: PDF, JPEG, PNG dan TIFF.", "unsupported")
        kind = "PDF" if by_ext == PDF else "gambar"
        raise BadFile(f"Berkas bernama {path.suffix} tetapi isinya bukan {kind} yang sah (rusak atau jenis lain).",
                      "not_" + ("pdf" if by_ext == PDF else "image"))
    if mime == PDF:
        pages = _check_pdf(path, size)
    else:
        pages = _check_image(path)
    return FileInfo(mime=mime, page_count=pages, size=size)


def _check_pdf(path: Path, size: int) -> int:
    import pypdfium2 as pdfium

    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise BadFile("PDF terpotong: akhir berkas (%%EOF) tidak ada. Biasanya pemindaian atau penyalinan belum "
                      "selesai atau terputus; pindai ulang atau salin lagi.", "truncated")
    from tatausaha.pdflock import PDFIUM_LOCK

    with PDFIUM_LOCK:
        n = _open_pdf(pdfium, path)
    return n


def _open_pdf(pdfium, path: Path) -> int:  # type: ignore[no-untyped-def]
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        from tatausaha.ingest import reasons

        text = reasons.describe(exc, context=f"PDF check of {path.name}")
        raise BadFile(text, "encrypted" if text == reasons.PDF_ENCRYPTED else "corrupt") from exc
    try:
        n = len(pdf)
        if n == 0:
            raise BadFile("PDF tidak berisi halaman.", "no_pages")
        page = pdf[0]
        try:
            page.get_size()
        finally:
            page.close()
    finally:
        pdf.close()
    return n


def _check_image(path: Path) -> int:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as img:
            img.verify()
        with Image.open(path) as img:
            n = getattr(img, "n_frames", 1) or 1
            for i in range(n):
                img.seek(i)
                img.load()
            return n
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError,
            MemoryError) as exc:
        from tatausaha.ingest import reasons

        raise BadFile(*reversed(reasons.image_problem(exc))) from exc


def describe_source(path: Path) -> str:
    return safe_name(os.fsdecode(path.name) if isinstance(path.name, bytes) else path.name)
