"""Lembar disposisi (½ F4) with the instruction checklist (DOMAIN.md §4.1)."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from tatausaha.idformat import format_nip, tanggal_panjang
from tatausaha.printing.common import CheckBox, Output, QrFlowable, Styles, TextLine, esc, make_styles, page_size
from tatausaha.printing.data import DispositionSheet
from tatausaha.printing.layout import build_pdf, grid_table
from tatausaha.printing.signature import jabatan_lines

__all__ = ["build_disposition"]


def _merge_options(options: tuple[str, ...], chosen: tuple[str, ...]) -> list[str]:
    out = list(options)
    known = {o.casefold() for o in options}
    for c in chosen:
        if c.casefold() not in known:
            out.append(c)
            known.add(c.casefold())
    return out


def _checklist(options: list[str], chosen: tuple[str, ...], st: Styles, width: float, *, columns: int = 1) -> Table:
    chosen_set = {c.casefold() for c in chosen}
    box_w = 5 * mm
    cells: list[list[object]] = []
    row: list[object] = []
    for opt in options:
        row += [CheckBox(opt.casefold() in chosen_set), TextLine(opt, st.plain)]
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        row += [""] * (2 * columns - len(row))
        cells.append(row)
    col_w = width / columns
    widths = [box_w, col_w - box_w] * columns
    return grid_table(
        cells,
        widths,
        [("BOTTOMPADDING", (0, 0), (-1, -1), 2.2), ("TOPPADDING", (0, 0), (0, -1), 0.6)],
    )


def _labelled(rows: list[tuple[str, str]], st: Styles, width: float, label_w: float) -> Table:
    data = [[label, ":", TextLine(value, st.plain)] for label, value in rows]
    return grid_table(
        data,
        [label_w, 3 * mm, width - label_w - 3 * mm],
        [("FONT", (0, 0), (1, -1), st.fonts.regular, st.size), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
    )


def _signature(doc: DispositionSheet, st: Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    if doc.penanda is not None:
        for line in jabatan_lines(doc.penanda):
            out.append(TextLine(line, st.center))
        out.append(Spacer(1, 11 * mm))
        out.append(TextLine(doc.penanda.nama, st.center, bold=True, underline=True))
        if doc.penanda.pangkat:
            out.append(TextLine(doc.penanda.pangkat, st.center))
        if doc.penanda.nip:
            out.append(TextLine("NIP. " + format_nip(doc.penanda.nip), st.center))
    else:
        out.append(Paragraph("Paraf,", st.center))
        out.append(Spacer(1, 14 * mm))
    return out


def build_disposition(doc: DispositionSheet, out: Output) -> None:
    """Write the lembar disposisi as a PDF (½ F4 portrait by default)."""
    st = make_styles(doc.page)
    w, _ = page_size(doc.page)
    width = w - (doc.page.margin_left_mm + doc.page.margin_right_mm) * mm
    pad = 1.6 * mm
    half = width / 2
    inner = half - 2 * pad
    label_w = 19 * mm

    title = Paragraph(
        "LEMBAR DISPOSISI",
        ParagraphStyle("disp_title", parent=st.center_bold, fontSize=st.size + 3, leading=(st.size + 3) * 1.3),
    )
    left_info = _labelled(
        [
            ("Surat dari", doc.surat_dari),
            ("No. Surat", doc.nomor_surat),
            ("Tgl. Surat", tanggal_panjang(doc.tanggal_surat)),
        ],
        st,
        inner,
        label_w,
    )
    right_info = _labelled(
        [
            ("Diterima tgl.", tanggal_panjang(doc.diterima_tanggal)),
            ("No. Agenda", doc.nomor_agenda),
        ],
        st,
        inner,
        label_w,
    )
    sifat_list = _checklist(_merge_options(doc.sifat_options, doc.sifat), doc.sifat, st, inner, columns=2)
    sifat = [Spacer(1, 1 * mm), Paragraph("Sifat:", st.plain), Spacer(1, 0.8 * mm), sifat_list]
    kode_w = 28 * mm if doc.kode_klasifikasi else 0
    perihal = _labelled([("Perihal", doc.perihal)], st, width - 2 * pad - kode_w, label_w)
    if doc.kode_klasifikasi:
        kode = Paragraph(f"Kode: {esc(doc.kode_klasifikasi)}", st.right)
        perihal = grid_table([[perihal, kode]], [width - 2 * pad - kode_w, kode_w])

    diteruskan_opts = _merge_options(doc.diteruskan_options, doc.diteruskan_kepada)
    diteruskan = [
        Paragraph("<b>Diteruskan kepada Sdr.:</b>", st.plain),
        Spacer(1, 1.2 * mm),
        _checklist(diteruskan_opts, doc.diteruskan_kepada, st, inner),
    ]
    instruksi = [
        Paragraph("<b>Dengan hormat harap:</b>", st.plain),
        Spacer(1, 1.2 * mm),
        _checklist(_merge_options(doc.instruksi_options, doc.instruksi), doc.instruksi, st, inner),
    ]
    catatan: list[Flowable] = [Paragraph("<b>Catatan:</b>", st.plain), Spacer(1, 1 * mm)]
    catatan.append(Paragraph(esc(doc.catatan) if doc.catatan else "&nbsp;<br/>&nbsp;<br/>&nbsp;", st.plain))
    if doc.batas_waktu is not None:
        catatan.append(Spacer(1, 1.5 * mm))
        catatan.append(Paragraph(f"<b>Batas waktu:</b> {esc(tanggal_panjang(doc.batas_waktu))}", st.plain))

    left_bottom: list[Flowable] = []
    if doc.record_ref:
        left_bottom.append(QrFlowable(doc.record_ref, 16 * mm))
    tanggal = tanggal_panjang(doc.paraf_tanggal) if doc.paraf_tanggal else "...................."
    left_bottom.append(Spacer(1, 1 * mm))
    left_bottom.append(Paragraph(f"Tanggal: {esc(tanggal)}", st.small))
    sign = _signature(doc, st, inner)

    rows = [
        [[left_info], [right_info, *sifat]],
        [[perihal], ""],
        [diteruskan, instruksi],
        [catatan, ""],
        [left_bottom, sign],
    ]
    table = Table(rows, colWidths=[half, half], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.0, "black"),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("SPAN", (0, 1), (1, 1)),
                ("SPAN", (0, 3), (1, 3)),
                ("VALIGN", (0, 4), (0, 4), "BOTTOM"),
            ]
        )
    )
    story: list[Flowable] = [title, Spacer(1, 2 * mm), table]
    build_pdf(
        out,
        story,
        page=doc.page,
        styles=st,
        title=f"Lembar disposisi {doc.nomor_agenda}",
        subject="Lembar disposisi",
        kop=doc.kop,
        kop_scale=0.62,
        record_ref=None,  # the QR sits in the sheet's last row
        page_numbers="none",
    )
