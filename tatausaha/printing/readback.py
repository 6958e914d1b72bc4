"""Read a PDF back: page sizes, text per page, record refs from the QR codes (pypdfium2 + zxing-cpp).

Used by the tests to check what the builders wrote, and by anyone who needs to know which record a
PDF page belongs to (e.g. checking a printed file before archiving it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tatausaha import recordref
from tatausaha.pdflock import pdfium_locked

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PageQr:
    page: int  # 0-based
    text: str
    ref: recordref.RecordRef | None  # None: a QR code that is not one of ours


def _open(pdf: bytes | str | Path):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))


@pdfium_locked
def page_sizes_pt(pdf: bytes | str | Path) -> list[tuple[float, float]]:
    doc = _open(pdf)
    try:
        return [tuple(doc[i].get_size()) for i in range(len(doc))]  # type: ignore[misc]
    finally:
        doc.close()


@pdfium_locked
def page_texts(pdf: bytes | str | Path) -> list[str]:
    doc = _open(pdf)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return out
    finally:
        doc.close()


@pdfium_locked
def qr_codes(pdf: bytes | str | Path, *, dpi: int = 150, key: str | None = None) -> list[PageQr]:
    """Every QR code found on every page, decoded as a record ref where it is one."""
    import zxingcpp

    doc = _open(pdf)
    found: list[PageQr] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            page.close()
            for result in zxingcpp.read_barcodes(image):
                if result.format != zxingcpp.BarcodeFormat.QRCode:
                    continue
                found.append(PageQr(i, result.text, recordref.decode(result.text, key)))
    finally:
        doc.close()
    return found
