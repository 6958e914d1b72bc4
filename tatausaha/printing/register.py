"""Registers: Buku Agenda Surat Masuk / Keluar, Buku Ekspedisi … (landscape, header repeated)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle

from tatausaha.idformat import tempat_tanggal
from tatausaha.printing.common import Output, esc, make_styles, page_size
from tatausaha.printing.data import RegisterDoc
from tatausaha.printing.layout import build_pdf
from tatausaha.printing.signature import signature_table

__all__ = ["build_register"]

_ALIGN = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT}


TAIL_ROWS = 2
PAD = 2.5  # left/right cell padding, points
#: smallest size a "whole" value or a number segment is set at before it may break after all
MIN_SHRINK = 0.75


def _fit_size(text: str, style: ParagraphStyle, width: float) -> float:
    """The font size at which ``text`` fits ``width`` on one line (never below MIN_SHRINK of the style's)."""
    w = stringWidth(text, style.fontName, style.fontSize)
    if w <= width:
        return float(style.fontSize)
    return max(style.fontSize * MIN_SHRINK, style.fontSize * width / w * 0.98)


def _sized(style: ParagraphStyle, size: float, *, split: bool) -> ParagraphStyle:
    if size == style.fontSize and bool(style.splitLongWords) == split:
        return style
    return ParagraphStyle(f"{style.name}_{size:.2f}_{int(split)}", parent=style, fontSize=size,
                          leading=size * style.leading / style.fontSize, splitLongWords=int(split))


def _whole_words(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """Wraps at spaces only: a word too long for the column is set smaller, not cut ("Lamp.")."""
    longest = max(text.split() or [""], key=lambda t: stringWidth(t, style.fontName, style.fontSize))
    size = _fit_size(longest, style, width)
    return Paragraph(esc(text), _sized(style, size, split=size <= style.fontSize * MIN_SHRINK))


def slash_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """A letter number in lines broken only after "/": 400.7/203/ | PuskesmasJatisampurna/2025."""
    parts = [p + "/" for p in text.split("/")]
    parts[-1] = parts[-1][:-1]
    lines: list[str] = []
    cur = ""
    for part in parts:
        if cur and stringWidth(cur + part, font, size) > width:
            lines.append(cur)
            cur = part
        else:
            cur += part
    if cur:
        lines.append(cur)
    return lines


def _cell(value: str, wrap: str, style: ParagraphStyle, width: float) -> Paragraph:
    if wrap == "whole":
        text = " ".join(value.split())
        size = _fit_size(text, style, width)
        return Paragraph(esc(text).replace(" ", "&nbsp;"), _sized(style, size, split=size <= style.fontSize * MIN_SHRINK))
    if wrap == "slash" and "/" in value and " " not in value.strip():
        longest = max(value.split("/"), key=lambda t: stringWidth(t + "/", style.fontName, style.fontSize))
        size = _fit_size(longest + "/", style, width)
        lines = slash_lines(value.strip(), style.fontName, size, width)
        return Paragraph("<br/>".join(esc(line) for line in lines),
                         _sized(style, size, split=size <= style.fontSize * MIN_SHRINK))
    return Paragraph(esc(value), style)


class _TailRows(Flowable):
    """The register's last rows, laid out with the closing signature. Continuing the table on the
    same page they have no header; at the top of a new page they bring the header rows with them
    (as the LongTable's repeated header would)."""

    def __init__(self, headed: Table, plain: Table, frame_height: float) -> None:
        super().__init__()
        self.headed, self.plain, self.frame_height = headed, plain, frame_height
        self.hAlign = "CENTER"
        self._table = headed

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # At the top of a page the whole frame is free. KeepTogether measures with a huge height
        # (0xfffffff): that is the block continuing where it stands, so the smaller, header-less
        # variant counts — measured with the header rows, the closing block left page 1 half empty.
        at_top = self.frame_height - 1 <= avail_height <= self.frame_height + 1
        self._table = self.headed if at_top else self.plain
        return self._table.wrap(avail_width, avail_height)

    def draw(self) -> None:
        self._table.drawOn(self.canv, 0, 0)


def build_register(doc: RegisterDoc, out: Output) -> None:
    """Write the register as a PDF; the two header rows repeat on every page."""
    if not doc.columns:
        raise ValueError("a register needs at least one column")
    st = make_styles(doc.page)
    w, _ = page_size(doc.page)
    width = w - (doc.page.margin_left_mm + doc.page.margin_right_mm) * mm
    size = st.size
    cell = ParagraphStyle("reg_cell", parent=st.plain, fontSize=size, leading=size * 1.18)
    cell_styles = {a: ParagraphStyle(f"reg_{a}", parent=cell, alignment=v) for a, v in _ALIGN.items()}
    head = ParagraphStyle("reg_head", parent=cell, fontName=st.fonts.bold, alignment=TA_CENTER)

    total = sum(c.width for c in doc.columns)
    widths = [width * c.width / total for c in doc.columns]
    inner = [w - 2 * PAD for w in widths]  # the text width inside a cell
    header: list[object] = [_whole_words(c.title, head, inner[i]) for i, c in enumerate(doc.columns)]
    numbers: list[object] = [str(i) for i in range(1, len(doc.columns) + 1)]
    data: list[list[object]] = [header, numbers]
    ncols = len(doc.columns)
    for row in doc.rows:
        cells: list[object] = []
        for i, col in enumerate(doc.columns):
            value = row[i] if i < len(row) else None
            cells.append(_cell(value, col.wrap, cell_styles[col.align], inner[i]) if value else "")
        data.append(cells)
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.9, 0.9, 0.9)),
        ("FONT", (0, 1), (-1, 1), st.fonts.italic, size * 0.8),
        ("ALIGN", (0, 1), (-1, 1), "CENTER"),
        ("TOPPADDING", (0, 1), (-1, 1), 0.5),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 2), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 2), (-1, -1), 3),
    ]
    if not doc.rows:
        empty = Paragraph(
            "<i>Tidak ada data pada periode ini.</i>", ParagraphStyle("e", parent=cell, alignment=TA_CENTER)
        )
        data.append([empty] + [""] * (ncols - 1))
        style.append(("SPAN", (0, 2), (-1, 2)))
    body_rows = data[2:]
    tail: list[list[object]] = []
    if doc.signer is not None and len(body_rows) > TAIL_ROWS:
        # the last rows go with the signature, so the closing block never stands alone on a page
        body_rows, tail = body_rows[:-TAIL_ROWS], body_rows[-TAIL_ROWS:]

    def shading(first: int, count: int, offset: int) -> list[tuple]:
        """Row backgrounds (``doc.row_colours``) for doc rows ``first … first+count`` placed from table row ``offset``."""
        out: list[tuple] = []
        for j, colour in enumerate(doc.row_colours[first:first + count]):
            if colour:
                out.append(("BACKGROUND", (0, offset + j), (-1, offset + j), colors.HexColor(colour)))
        return out

    table = LongTable(data[:2] + body_rows, colWidths=widths, repeatRows=2, hAlign="CENTER", splitInRow=1)
    table.setStyle(TableStyle(style + (shading(0, len(body_rows), 2) if doc.rows else [])))

    title_style = ParagraphStyle("reg_title", parent=st.center_bold, fontSize=size + 4, leading=(size + 4) * 1.25)
    sub = ParagraphStyle("reg_sub", parent=st.center_bold, fontSize=size + 1.5, leading=(size + 1.5) * 1.3)
    story: list[Flowable] = [Paragraph(esc(doc.title.upper()), title_style)]
    if doc.kop is not None and doc.kop.nama_kantor and not doc.on_kop:
        story.append(Paragraph(esc(doc.kop.nama_kantor.upper()), sub))
    if doc.period:
        story.append(Paragraph(esc(doc.period), ParagraphStyle("reg_period", parent=st.center, fontSize=size + 1)))
    if doc.subtitle:
        story.append(Paragraph(esc(doc.subtitle), ParagraphStyle("reg_subtitle", parent=st.center, fontSize=size)))
    story += [Spacer(1, 4 * mm), table]
    if doc.legend:
        swatches = [[Paragraph("&nbsp;", cell), Paragraph(esc(meaning), cell)] for _c, meaning in doc.legend]
        key = Table(swatches, colWidths=[8 * mm, 90 * mm], hAlign="LEFT")
        key.setStyle(TableStyle([("BACKGROUND", (0, i), (0, i), colors.HexColor(c)) for i, (c, _m) in enumerate(doc.legend)]
                                + [("BOX", (0, i), (0, i), 0.5, colors.black) for i in range(len(doc.legend))]
                                + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        legend_flow: list[Flowable] = [Spacer(1, 3 * mm), key]
    else:
        legend_flow = []
    if doc.signer is None:
        story += legend_flow
    else:
        heading = [tempat_tanggal(doc.tempat or (doc.kop.kota if doc.kop else ""), doc.tanggal)]
        sig: Flowable = signature_table(doc.signer, st, 80 * mm, heading=heading, sign_space_mm=18)
        if doc.co_signer is not None:  # "Mengetahui, Pengguna Anggaran" on the left, level with the signer
            left = signature_table(doc.co_signer, st, 80 * mm, heading=[""], sign_space_mm=18)
            sig = Table([[left, "", sig]], colWidths=[80 * mm, width - 160 * mm, 80 * mm], hAlign="CENTER")
            sig.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        closing: list[Flowable] = [*legend_flow, Spacer(1, 6 * mm), sig]  # the legend under the last rows
        if tail:
            plain = Table(tail, colWidths=widths, hAlign="CENTER")
            plain.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                        *shading(len(body_rows), len(tail), 0),
                    ]
                )
            )
            headed = Table(data[:2] + tail, colWidths=widths, hAlign="CENTER")
            headed.setStyle(TableStyle(style + shading(len(body_rows), len(tail), 2)))
            _, full_h = page_size(doc.page)
            frame_h = full_h - (doc.page.margin_top_mm + doc.page.margin_bottom_mm) * mm
            closing = [_TailRows(headed, plain, frame_h), *closing]
        story.append(KeepTogether(closing))
    build_pdf(
        out,
        story,
        page=doc.page,
        styles=st,
        title=f"{doc.title} {doc.period}".strip(),
        subject="Register",
        kop=doc.kop if doc.on_kop else None,  # registers carry their title; reports sent out carry the kop
        record_ref=doc.record_ref,
        page_numbers="bottom",
        qr_size_mm=11,
        footer_note=doc.audit_anchor,
    )
