"""Lembar pemisah: a page with one big QR ``TU1:sep:<n>:<check>`` that splits a scanner batch."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from tatausaha import recordref
from tatausaha.printing.common import PRODUCER, Output, draw_qr, page_size
from tatausaha.printing.data import SeparatorSheet

__all__ = ["build_separator", "build_separators"]

INSTRUCTION = (
    "Letakkan lembar ini di antara dokumen pada tumpukan yang akan dipindai.",
    "Aplikasi memisahkan hasil pindaian pada lembar ini; lembar ini sendiri tidak diarsipkan.",
)


def _draw(c: Canvas, sheet: SeparatorSheet) -> None:
    width, height = page_size(sheet.page)
    left = sheet.page.margin_left_mm * mm
    right = width - sheet.page.margin_right_mm * mm
    top = height - sheet.page.margin_top_mm * mm
    bottom = sheet.page.margin_bottom_mm * mm
    mid = width / 2
    # heavy bars make the sheet easy to spot in a stack of paper
    c.setFillColor(colors.black)
    c.rect(left, top - 12 * mm, right - left, 12 * mm, stroke=0, fill=1)
    c.rect(left, bottom, right - left, 12 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont("Helvetica-Bold", 20)
    c.drawCentredString(mid, top - 8.5 * mm, "LEMBAR PEMISAH")
    c.drawCentredString(mid, bottom + 3.5 * mm, "LEMBAR PEMISAH")
    c.setFillColor(colors.black)
    c.setFont("Helvetica-Bold", 34)
    c.drawCentredString(mid, top - 36 * mm, "LEMBAR PEMISAH")
    qr = min(110 * mm, right - left - 20 * mm)
    qr_y = (height - qr) / 2 - 5 * mm
    draw_qr(c, sheet.record_ref, mid - qr / 2, qr_y, qr, border=4)
    c.setFont("Courier", 11)
    c.drawCentredString(mid, qr_y - 6 * mm, sheet.record_ref)
    y = top - 48 * mm
    c.setFont("Helvetica", 13)
    for line in sheet.keterangan:
        c.drawCentredString(mid, y, line)
        y -= 6.5 * mm
    c.setFont("Helvetica-Oblique", 10)
    y = qr_y - 16 * mm
    for line in INSTRUCTION:
        c.drawCentredString(mid, y, line)
        y -= 5 * mm


def build_separators(sheets: list[SeparatorSheet], out: Output) -> None:
    """Several separator sheets in one PDF (one page each)."""
    if not sheets:
        raise ValueError("no separator sheets")
    first = sheets[0]
    for sheet in sheets:
        if not sheet.record_ref.startswith(f"{recordref.PREFIX}:{recordref.SEPARATOR}:"):
            raise ValueError(f"not a separator ref: {sheet.record_ref!r}")
    c = Canvas(str(out) if not hasattr(out, "write") else out, pagesize=page_size(first.page))
    c.setTitle("Lembar pemisah")
    c.setAuthor(PRODUCER)
    c.setCreator(PRODUCER)
    c.setKeywords(" ".join(s.record_ref for s in sheets))
    for sheet in sheets:
        c.setPageSize(page_size(sheet.page))
        _draw(c, sheet)
        c.showPage()
    c.save()


def build_separator(doc: SeparatorSheet, out: Output) -> None:
    build_separators([doc], out)
