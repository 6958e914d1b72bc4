"""Kwitansi: amount in figures (PUEBI) and in words (terbilang), payer, payee, purpose, signatures."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from tatausaha.errors import ValidationFailed
from tatausaha.idformat import TERBILANG_MAX, format_nip, rupiah, tempat_tanggal, terbilang_rupiah
from tatausaha.printing.common import Output, Styles, esc, make_styles, page_size
from tatausaha.printing.data import KwitansiDoc, Signer
from tatausaha.printing.layout import build_pdf, grid_table
from tatausaha.printing.signature import jabatan_lines

__all__ = ["build_kwitansi", "check_amount"]


def check_amount(jumlah: int | Decimal) -> Decimal:
    """The amount as a Decimal, or ``ValidationFailed`` (in Indonesian) when it cannot be printed."""
    if isinstance(jumlah, bool) or not isinstance(jumlah, (int, Decimal)):
        raise ValidationFailed("Jumlah uang harus berupa angka rupiah.", field="jumlah")
    value = Decimal(jumlah)
    if not value.is_finite() or value <= 0:
        raise ValidationFailed("Jumlah uang pada kwitansi harus lebih dari nol.", field="jumlah")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationFailed("Jumlah uang paling banyak dua angka di belakang koma (sen).", field="jumlah")
    if value > TERBILANG_MAX:
        raise ValidationFailed("Jumlah uang terlalu besar untuk ditulis dengan huruf.", field="jumlah")
    return value


class _MeteraiBox(Flowable):
    """Where the meterai is stuck: a dashed box saying "Meterai" and, when known, its value."""

    def __init__(self, tarif: int | None = None, w: float = 26 * mm, h: float = 16 * mm) -> None:
        super().__init__()
        self.width, self.height = w, h
        self.tarif = tarif

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setDash(2, 2)
        c.setLineWidth(0.5)
        c.setStrokeColor(colors.grey)
        c.rect(0, 0, self.width, self.height)
        c.setFont("Helvetica", 7)
        c.setFillColor(colors.grey)
        if self.tarif:
            c.drawCentredString(self.width / 2, self.height / 2 + 1, "Meterai")
            c.drawCentredString(self.width / 2, self.height / 2 - 8, rupiah(self.tarif, "bulat"))
        else:
            c.drawCentredString(self.width / 2, self.height / 2 - 2, "Meterai")
        c.restoreState()


def _signature_grid(st: Styles, slots: list[tuple[list[str], str, str | None, _MeteraiBox | None]],
                    width: float) -> Table:
    """Signature slots side by side: headings bottom-aligned so the names line up."""
    sig = ParagraphStyle("kw_sig", parent=st.center, fontSize=st.size * 0.9, leading=st.size * 0.9 * 1.2)
    sig_bold = ParagraphStyle("kw_sig_bold", parent=sig, fontName=st.fonts.bold)
    headings: list[object] = []
    spaces: list[object] = []
    names: list[object] = []
    nips: list[object] = []
    for heading, nama, nip, meterai in slots:
        headings.append([Paragraph(esc(line), sig) for line in heading])
        spaces.append(meterai if meterai is not None else "")
        names.append(Paragraph(f"<u>{esc(nama)}</u>", sig_bold))
        nips.append(Paragraph("NIP. " + esc(format_nip(nip)), sig) if nip else "")
    n = len(slots)
    t = Table([headings, spaces, names, nips], colWidths=[width / n] * n, rowHeights=[None, 22 * mm, None, None])
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
                ("ALIGN", (0, 1), (-1, 1), "CENTER"),
                ("VALIGN", (0, 2), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t


def _signer_heading(s: Signer) -> list[str]:
    return ([s.keterangan] if s.keterangan else []) + jabatan_lines(s)


def build_kwitansi(doc: KwitansiDoc, out: Output) -> None:
    """Write the kwitansi as a PDF. Raises ``ValidationFailed`` for an amount it cannot print."""
    value = check_amount(doc.jumlah)
    st = make_styles(doc.page)
    w, _ = page_size(doc.page)
    width = w - (doc.page.margin_left_mm + doc.page.margin_right_mm) * mm
    size = st.size

    title = Paragraph(
        "<u>KWITANSI</u>",
        ParagraphStyle("kw_title", parent=st.center_bold, fontSize=size + 6, leading=(size + 6) * 1.3),
    )
    top_rows = [["Nomor", ":", Paragraph(esc(doc.nomor), st.plain)]]
    if doc.tahun_anggaran:
        top_rows.append(["Tahun Anggaran", ":", Paragraph(esc(doc.tahun_anggaran), st.plain)])
    if doc.kode_rekening:
        top_rows.append(["Kode Rekening", ":", Paragraph(esc(doc.kode_rekening), st.plain)])
    meta = grid_table(
        top_rows,
        [34 * mm, 4 * mm, 70 * mm],
        [("FONT", (0, 0), (1, -1), st.fonts.regular, size), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
        hAlign="RIGHT",
    )

    words = terbilang_rupiah(value, kapital="judul")
    words_style = ParagraphStyle("kw_words", parent=st.plain, fontName=st.fonts.bold_italic, leading=size * 1.35)
    words_box = Table([[Paragraph(esc(words), words_style)]], colWidths=[width - 44 * mm], splitInRow=1)
    words_box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.9, 0.9, 0.9)),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    body = grid_table(
        [
            ["Sudah terima dari", ":", Paragraph(esc(doc.dari), st.plain)],
            ["Uang sejumlah", ":", words_box],
            [
                "Untuk pembayaran",
                ":",
                Paragraph(esc(doc.untuk), ParagraphStyle("kw_for", parent=st.plain, leading=size * 1.35)),
            ],
        ],
        [40 * mm, 4 * mm, width - 44 * mm],
        [("FONT", (0, 0), (1, -1), st.fonts.regular, size), ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.8)],
    )

    amount_style = ParagraphStyle("kw_amount", parent=st.bold, fontSize=size + 3, leading=(size + 3) * 1.3)
    # the figure in its box (the words are under "Uang sejumlah"): not labelled "terbilang", which means in words
    amount_box = Table([[Paragraph(esc(rupiah(value)), amount_style)]], colWidths=[95 * mm])
    amount_box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("LINEBELOW", (0, 0), (-1, -1), 2.5, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    amount_box.hAlign = "LEFT"

    meterai = _MeteraiBox(doc.meterai_tarif) if doc.meterai else None  # the caller's rule decides
    place_date = tempat_tanggal(doc.tempat or (doc.kop.kota if doc.kop else ""), doc.tanggal)
    receiver_heading = [place_date, "Yang menerima,"]
    if doc.penerima_jabatan:
        receiver_heading.append(doc.penerima_jabatan)
    slots: list[tuple[list[str], str, str | None, _MeteraiBox | None]] = [
        (_signer_heading(s), s.nama, s.nip, None) for s in doc.signers]
    slots.append((receiver_heading, doc.penerima, doc.penerima_nip, meterai))
    sig_table = _signature_grid(st, slots, width if len(slots) > 1 else width / 2)
    sig_table.hAlign = "RIGHT"

    story: list[Flowable] = [
        title,
        Spacer(1, 4 * mm),
        meta,
        Spacer(1, 6 * mm),
        body,
        Spacer(1, 3 * mm),
        KeepTogether([amount_box, Spacer(1, 6 * mm), sig_table]),
    ]
    build_pdf(
        out,
        story,
        page=doc.page,
        styles=st,
        title=f"Kwitansi {doc.nomor}",
        subject="Kwitansi",
        kop=doc.kop,
        kop_scale=0.8,
        record_ref=doc.record_ref,
        page_numbers="none",
        qr_size_mm=13,
    )
