"""Checklist cover sheet (lembar sampul): what a record needs, and a big QR that makes the stack of
evidence scanned behind it file itself onto that record (``tatausaha.ingest`` reads the QR kind as a
*cover* through the area registry)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from tatausaha.idformat import rupiah, tanggal_panjang, terbilang_rupiah
from tatausaha.printing.common import CheckBox, Output, QrFlowable, esc, make_styles, page_size
from tatausaha.printing.data import CoverSheet
from tatausaha.printing.layout import build_pdf, grid_table

__all__ = ["build_cover_sheet"]

QR_MM = 42.0  # large: a 200-dpi office scan reads it even slightly skewed


def build_cover_sheet(doc: CoverSheet, out: Output) -> None:
    """Write the cover sheet as one PDF page (a long checklist continues on a second page)."""
    st = make_styles(doc.page)
    w, _ = page_size(doc.page)
    width = w - (doc.page.margin_left_mm + doc.page.margin_right_mm) * mm
    size = st.size
    title_style = ParagraphStyle("cv_title", parent=st.bold, fontSize=size + 6, leading=(size + 6) * 1.25)
    sub_style = ParagraphStyle("cv_sub", parent=st.plain, fontSize=size + 1, leading=(size + 1) * 1.3)
    label = ParagraphStyle("cv_label", parent=st.plain, leading=size * 1.3)
    value = ParagraphStyle("cv_value", parent=st.bold, leading=size * 1.3)

    rows: list[list[object]] = [[Paragraph(esc(k), label), ":", Paragraph(esc(v) or "-", value)] for k, v in doc.fields]
    if doc.jumlah is not None:
        rows.append([Paragraph("Jumlah", label), ":", Paragraph(esc(rupiah(doc.jumlah)), value)])
        rows.append([Paragraph("Terbilang", label), ":",
                     Paragraph("<i>" + esc(terbilang_rupiah(doc.jumlah, kapital="awal")) + "</i>", label)])
    left_w = width - QR_MM * mm - 6 * mm
    info = grid_table(rows, [30 * mm, 4 * mm, left_w - 34 * mm], [("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)])
    head_left: list[Flowable] = [Paragraph(esc(doc.title.upper()), title_style)]
    if doc.subtitle:
        head_left.append(Paragraph(esc(doc.subtitle), sub_style))
    head_left += [Spacer(1, 4 * mm), info]
    qr = QrFlowable(doc.record_ref, QR_MM * mm, caption=True)
    head = Table([[head_left, qr]], colWidths=[left_w + 6 * mm, QR_MM * mm])
    head.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
    ]))

    cell = ParagraphStyle("cv_cell", parent=st.plain, fontSize=size * 0.95, leading=size * 1.15)
    head_cell = ParagraphStyle("cv_head", parent=cell, fontName=st.fonts.bold)
    table: list[list[object]] = [[Paragraph("No.", head_cell), "", Paragraph("Dokumen bukti", head_cell),
                                  Paragraph("Status", head_cell), Paragraph("Keterangan", head_cell)]]
    for i, line in enumerate(doc.checklist, 1):
        name = esc(line.nama) + ("" if line.wajib else " <i>(bila ada)</i>")
        table.append([str(i), CheckBox(line.tanda, 3.6 * mm), Paragraph(name, cell), Paragraph(esc(line.status), cell),
                      Paragraph(esc(line.keterangan), cell)])
    if not doc.checklist:
        table.append(["", "", Paragraph("<i>Tidak ada daftar bukti untuk jenis belanja ini.</i>", cell), "", ""])
    widths = [11 * mm, 7 * mm, width * 0.45, 28 * mm]
    widths.append(width - sum(widths))
    checklist = Table(table, colWidths=widths, repeatRows=1, splitInRow=1)
    checklist.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (1, -1), "CENTER"),
        ("FONT", (0, 0), (0, -1), st.fonts.regular, size * 0.95),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    howto = ParagraphStyle("cv_howto", parent=st.small, fontName=st.fonts.italic)
    box = Table([[[Paragraph(esc(t), howto) for t in doc.instruksi]]], colWidths=[width])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.96, 0.96, 0.96)),
                             ("LEFTPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 4),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    story: list[Flowable] = [head, Spacer(1, 6 * mm), Paragraph("<b>Daftar kelengkapan bukti</b>", st.plain),
                             Spacer(1, 2 * mm), checklist, Spacer(1, 6 * mm), box]
    if doc.dicetak is not None:
        story += [Spacer(1, 2 * mm), Paragraph(f"Dicetak {esc(tanggal_panjang(doc.dicetak))}", st.small)]
    build_pdf(out, story, page=doc.page, styles=st, title=f"{doc.title} {doc.subtitle}".strip(),
              subject="Lembar sampul", kop=doc.kop, kop_scale=0.7, record_ref=None, page_numbers="none")
