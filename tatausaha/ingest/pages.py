"""Pages of a scan as PIL images (PDF via pypdfium2, images via Pillow), and image → PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from tatausaha.ingest.validate import PDF

DEFAULT_IMAGE_DPI = 200

# PDFium is not thread-safe: one lock for the whole process (re-exported here for the ingest modules).
from tatausaha.pdflock import PDFIUM_LOCK  # noqa: E402


class PageSource:
    """Random access to the pages of a PDF or a (multi-page) image. Use as a context manager."""

    def __init__(self, source: Path | bytes, mime: str) -> None:
        self.mime = mime
        self._pdf: Any = None
        self._img: Image.Image | None = None
        if mime == PDF:
            import pypdfium2 as pdfium

            with PDFIUM_LOCK:
                self._pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        else:
            self._img = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)

    def __enter__(self) -> PageSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pdf is not None:
            with PDFIUM_LOCK:
                self._pdf.close()
            self._pdf = None
        if self._img is not None:
            self._img.close()
            self._img = None

    def __len__(self) -> int:
        if self._pdf is not None:
            with PDFIUM_LOCK:
                return len(self._pdf)
        assert self._img is not None
        return getattr(self._img, "n_frames", 1) or 1

    def render(self, index: int, dpi: int = 150, *, grayscale: bool = True, smooth: bool = True) -> Image.Image:
        """Page ``index`` at ``dpi``. ``smooth=False`` scales a PDF's page images without interpolation:
        about a fifth less time under the process-wide PDFium lock, fine for QR decoding, not for eyes."""
        if self._pdf is not None:
            with PDFIUM_LOCK:
                page = self._pdf[index]
                try:
                    bitmap = page.render(scale=dpi / 72, grayscale=grayscale, no_smoothimage=not smooth)
                    try:
                        return bitmap.to_pil().copy()
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        assert self._img is not None
        self._img.seek(index)
        frame = ImageOps.exif_transpose(self._img.copy())
        if dpi:
            src_dpi = _image_dpi(self._img)
            if src_dpi > dpi * 1.4:  # do not decode 600-dpi scans at full size for a QR code
                scale = dpi / src_dpi
                frame = frame.resize((max(1, int(frame.width * scale)), max(1, int(frame.height * scale))))
        if grayscale and frame.mode not in ("L", "1"):
            frame = frame.convert("L")
        elif frame.mode == "1":
            frame = frame.convert("L")
        return frame

    def text(self, index: int) -> str:
        """The page's own text layer ('' for images and scanned PDFs)."""
        if self._pdf is None:
            return ""
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                tp = page.get_textpage()
                try:
                    return str(tp.get_text_range())
                finally:
                    tp.close()
            finally:
                page.close()

    def page_texts(self, max_pages: int = 200) -> list[str]:
        """The text layer of each of the first ``max_pages`` pages ([] for images)."""
        if self._pdf is None:
            return []
        return [self.text(i) for i in range(min(len(self), max_pages))]

    def all_text(self, max_pages: int = 200) -> str:
        return "\n".join(self.page_texts(max_pages)).strip()


def _image_dpi(img: Image.Image) -> float:
    dpi = img.info.get("dpi")
    try:
        if dpi and float(dpi[0]) > 10:
            return float(dpi[0])
    except (TypeError, ValueError):
        pass
    return DEFAULT_IMAGE_DPI


def iter_image_frames(path: Path | bytes) -> Iterator[Image.Image]:
    with Image.open(io.BytesIO(path) if isinstance(path, bytes) else path) as img:
        for i in range(getattr(img, "n_frames", 1) or 1):
            img.seek(i)
            frame = ImageOps.exif_transpose(img.copy())
            frame.info["dpi"] = (_image_dpi(img), _image_dpi(img))
            yield frame


def image_to_pdf(source: Path | bytes) -> bytes:
    """A PDF of every frame of an image, at the image's own resolution (for viewing and search)."""
    frames = []
    for frame in iter_image_frames(source):
        dpi = frame.info.get("dpi", (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI))[0]
        if frame.mode in ("RGBA", "LA", "P", "I;16", "I", "F", "CMYK"):
            frame = frame.convert("RGB")
        frames.append((frame, dpi))
    out = io.BytesIO()
    first, dpi = frames[0]
    first.save(out, "PDF", resolution=float(dpi), save_all=True, append_images=[f for f, _ in frames[1:]])
    return out.getvalue()
