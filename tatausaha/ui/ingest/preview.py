"""Page images of a scan for the Kotak Pindai (pypdfium2 → PIL → QImage; no QtPdf)."""

from __future__ import annotations

from PIL import Image
from PySide6.QtGui import QImage

from tatausaha.ingest.pages import PageSource


def render_pages(data: bytes, mime: str, *, dpi: int, first: int = 0, count: int | None = None) -> list[Image.Image]:
    """Render pages off the GUI thread (PageSource holds the process-wide PDFium lock)."""
    with PageSource(data, mime) as ps:
        n = len(ps)
        last = n if count is None else min(n, first + count)
        return [ps.render(i, dpi, grayscale=False).convert("RGB") for i in range(first, last)]


def to_qimage(img: Image.Image) -> QImage:
    rgb = img.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()
