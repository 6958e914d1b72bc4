"""Daftar isi of a bundle: one line per file, with the page it starts on (pure layout).

A bundle can hold thousands of files, so each cell is one line of plain text clipped to its column
(measured with the font's metrics: the middle of a long path gives way, the end of a long subject)
instead of a wrapping paragraph — a thousand rows lay out in well under a second. Notes (secret
records left out, evidence missing) follow the table as paragraphs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Paragraph, Spacer, TableStyle

from tatausaha.printing.common import Output, esc, make_styles, page_size
from tatausaha.printing.data import KopSurat, PageSetup
from tatausaha.printing.layout import build_pdf

ELLIPSIS = "…"


@dataclass(frozen=True)
class ContentsDoc:
    title: str
    period: str  # the scope in words
    columns: tuple[tuple[str, float, str], ...]  # (title, relative width, "LEFT"|"CENTER"|"RIGHT")
    rows: tuple[tuple[str, ...], ...]
    #: per column: where a too-long text gives way — "end" (default) or "middle" (paths)
    clip: tuple[str, ...] = ()
    highlight: frozenset[int] = frozenset()  # row indexes shaded (missing evidence)
    notes: tuple[str, ...] = ()
    kop: KopSurat | None = None
    tanggal: dt.date | None = None
    audit_anchor: str | None = None
    page: PageSetup = PageSetup(paper="A4", landscape=True, margin_top_mm=12, margin_bottom_mm=14,
                                margin_left_mm=12, margin_right_mm=12, font_size=7.5)


def clip(text: str, font: str, size: float, width: float, where: str = "end") -> str:
    """``text`` shortened (with …) to fit ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest cut that fits
        mid = (lo + hi + 1) // 2
        cand = _cut(text, mid, where)
        if stringWidth(cand, font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return _cut(text, lo, where)


def _cut(text: str, keep: int, where: str) -> str:
    if keep <= 0:
        return ELLIPSIS
    if where == "middle":
        head = (keep + 1) // 2
        return text[:head] + ELLIPSIS + text[len(text) - (keep - head):]
    return text[:keep] + ELLIPSIS


def build_contents(doc: ContentsDoc, out: Output) -> None:
    st = make_styles(doc.page)
    font, bold, size = st.fonts.regular, st.fonts.bold, doc.page.font_size
    width = page_size(doc.page)[0] - (doc.page.margin_left_mm + doc.page.margin_right_mm) * mm
    total = sum(w for _t, w, _a in doc.columns)
    widths = [width * w / total for _t, w, _a in doc.columns]
    pad = 2.0
    clips = doc.clip or tuple("end" for _ in doc.columns)
    data = [[t for t, _w, _a in doc.columns]]
    for row in doc.rows:
        data.append([clip(str(v or ""), font, size, widths[c] - 2 * pad, clips[c]) for c, v in enumerate(row)])
    table = LongTable(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("FONTNAME", (0, 0), (-1, 0), bold), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for c, (_t, _w, align) in enumerate(doc.columns):
        style.append(("ALIGN", (c, 0), (c, -1), align))
    for r in sorted(doc.highlight):
        style.append(("BACKGROUND", (0, r + 1), (-1, r + 1), colors.HexColor("#fff4ce")))
    table.setStyle(TableStyle(style))
    story: list[Flowable] = [
        Paragraph(f"<b>{esc(doc.title)}</b>", st.center_bold),
        Paragraph(esc(doc.period), st.center),
        Spacer(1, 3 * mm),
        table,
    ]
    if doc.notes:
        story.append(Spacer(1, 3 * mm))
        story += [Paragraph(esc(n), st.plain) for n in doc.notes]
    build_pdf(out, story, page=doc.page, styles=st, title=doc.title, subject=doc.period, kop=doc.kop,
              page_numbers="bottom", footer_note=doc.audit_anchor)
