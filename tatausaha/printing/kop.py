"""Kop surat (letterhead): drawn on the first page of every document; read from the office profile."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from tatausaha.printing.common import Fonts, prepared_image
from tatausaha.printing.data import KopSurat

log = logging.getLogger(__name__)


class KopWarning(UserWarning):
    """The kop is printed, but not as configured (e.g. the logo file is missing)."""


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    bold: bool


def _lines(kop: KopSurat, scale: float) -> list[_Line]:
    lines: list[_Line] = []
    if kop.pemerintah:
        lines.append(_Line(kop.pemerintah.upper(), 14 * scale, True))
    if kop.nama_kantor:
        lines.append(_Line(kop.nama_kantor.upper(), 18 * scale, True))
    address = kop.alamat
    if kop.kode_pos:
        address = f"{address}, Kode Pos {kop.kode_pos}" if address else f"Kode Pos {kop.kode_pos}"
    if address:
        lines.append(_Line(address, 10 * scale, False))
    contact = []
    if kop.telepon:
        contact.append(f"Telepon {kop.telepon}")
    if kop.email:
        contact.append(f"Pos-el {kop.email}")
    if kop.laman:
        contact.append(f"Laman {kop.laman}")
    if contact:
        joined = ", ".join(contact)
        if len(contact) > 1 and stringWidth(joined, "Helvetica", 10) > 125 * mm:
            # too long for one line next to the logo: telephone on one line, the rest on the next
            lines.append(_Line(contact[0], 10 * scale, False))
            lines.append(_Line(", ".join(contact[1:]), 10 * scale, False))
        else:
            lines.append(_Line(joined, 10 * scale, False))
    return lines


def kop_height(kop: KopSurat, scale: float = 1.0) -> float:
    """Height in points from the top margin to just under the double rule."""
    text_h = sum(line.size * 1.22 for line in _lines(kop, scale))
    logo_h = 26 * mm * scale if kop.logo is not None else 0
    return max(text_h, logo_h) + 4 * mm * scale


def draw_kop(
    c: Canvas, kop: KopSurat, fonts: Fonts, *, left: float, right: float, top: float, scale: float = 1.0
) -> float:
    """Draw the kop between x ``left``..``right`` from y ``top`` down; return the y under the rule."""
    height = kop_height(kop, scale)
    bottom_rule = top - height + 1.5 * mm * scale
    logo = prepared_image(kop.logo)
    logo_w = 0.0
    if logo is not None:
        logo_h = 26 * mm * scale
        logo_w = min(logo_h * logo.aspect, 30 * mm * scale)
        logo_h = logo_w / logo.aspect
        logo_y = bottom_rule + 2.5 * mm * scale + (height - 4 * mm * scale - logo_h) / 2
        logo.draw(c, left, logo_y, logo_w, logo_h)

    width = right - left
    gap = 3 * mm * scale
    lines = _lines(kop, scale)
    text_h = sum(line.size * 1.22 for line in lines)
    y = bottom_rule + 2.5 * mm * scale + (height - 4 * mm * scale + text_h) / 2
    for line in lines:
        font = fonts.bold if line.bold else fonts.regular
        size = line.size
        tw = stringWidth(line.text, font, size)
        # centre on the whole width unless that would run into the logo; then centre right of it
        region_l, region_r = left, right
        if logo_w and tw / 2 > width / 2 - logo_w - gap:
            region_l = left + logo_w + gap
        avail = region_r - region_l
        if tw > avail:  # shrink an overlong line instead of overprinting
            size = size * avail / tw
            tw = avail
        y -= line.size * 1.22
        c.setFont(font, size)
        c.drawCentredString((region_l + region_r) / 2, y + line.size * 0.25, line.text)
    c.saveState()
    c.setLineWidth(2.2 * scale)
    c.line(left, bottom_rule + 1.6 * scale, right, bottom_rule + 1.6 * scale)
    c.setLineWidth(0.7 * scale)
    c.line(left, bottom_rule - 1.4 * scale, right, bottom_rule - 1.4 * scale)
    c.restoreState()
    return top - height
