"""Naskah dinas: korespondensi, undangan and judul layouts (DOMAIN.md §1.3)."""

from __future__ import annotations

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from tatausaha.idformat import hari_tanggal, tanggal_panjang, tempat_tanggal, terbilang
from tatausaha.printing.common import Output, Styles, TextLine, esc, make_styles, page_size
from tatausaha.printing.data import JudulBlock, LabeledList, LetterDoc, UndanganBlock
from tatausaha.printing.layout import build_pdf, grid_table
from tatausaha.printing.signature import signature_table

__all__ = ["build_letter", "diktum_label"]


def diktum_label(n: int) -> str:
    """1 → KESATU, 2 → KEDUA, 12 → KEDUA BELAS (the ordinal labels of a keputusan)."""
    return "KESATU" if n == 1 else "KE" + terbilang(n).upper()


def _frame_width(doc: LetterDoc) -> float:
    w, _ = page_size(doc.page)
    return w - (doc.page.margin_left_mm + doc.page.margin_right_mm) * mm


def _place(doc: LetterDoc) -> str:
    return doc.tempat or doc.kop.kota


def _meta_block(doc: LetterDoc, st: Styles, width: float) -> Flowable:
    date_text = tempat_tanggal(_place(doc), doc.tanggal)
    label_w, colon_w = 24 * mm, 4 * mm
    date_w = min(72 * mm, max(55 * mm, st.size * 0.55 * len(date_text)))
    value_w = width - label_w - colon_w - date_w
    p = st.plain
    rows = [
        ["Nomor", ":", TextLine(doc.nomor, p), TextLine(date_text, st.right)],
        ["Sifat", ":", TextLine(doc.sifat or "-", p), ""],
        ["Lampiran", ":", TextLine(doc.lampiran or "-", p), ""],
        ["Hal", ":", TextLine(doc.hal, p), ""],
    ]
    return grid_table(
        rows,
        [label_w, colon_w, value_w, date_w],
        [
            ("FONT", (0, 0), (1, -1), st.fonts.regular, st.size),
            ("SPAN", (2, 1), (3, 1)),
            ("SPAN", (2, 2), (3, 2)),
            ("SPAN", (2, 3), (3, 3)),
            ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.15),
        ],
    )


def _addressee(doc: LetterDoc, st: Styles, width: float) -> list[Flowable]:
    if not doc.tujuan:
        return []
    yth_w = 10 * mm
    rows: list[list[object]] = []
    for i, line in enumerate(doc.tujuan):
        rows.append(["Yth." if i == 0 else "", TextLine(line, st.plain)])
    if doc.tujuan_di:
        rows.append(["", TextLine("di", st.plain)])
        indented = ParagraphStyle("di", parent=st.plain, leftIndent=6 * mm)
        rows.append(["", TextLine(doc.tujuan_di, indented)])
    table = grid_table(
        rows, [yth_w, min(width * 0.6, width - yth_w)], [("FONT", (0, 0), (0, -1), st.fonts.regular, st.size)]
    )
    return [Spacer(1, st.size * 1.2), table, Spacer(1, st.size * 1.2)]


def _undangan_block(block: UndanganBlock, st: Styles, width: float) -> Flowable:
    tanggal = hari_tanggal(block.tanggal)
    if block.tanggal_sampai and block.tanggal_sampai != block.tanggal:
        tanggal = f"{tanggal} s.d. {hari_tanggal(block.tanggal_sampai)}"
    indent, label_w, colon_w = 12.5 * mm, 30 * mm, 4 * mm
    rows = [
        ["", "hari, tanggal", ":", TextLine(tanggal, st.plain)],
        ["", "waktu", ":", TextLine(block.waktu, st.plain)],
        ["", "tempat", ":", TextLine(block.tempat, st.plain)],
        ["", "acara", ":", TextLine(block.acara, st.plain)],
    ]
    return grid_table(
        rows,
        [indent, label_w, colon_w, width - indent - label_w - colon_w],
        [
            ("FONT", (0, 0), (2, -1), st.fonts.regular, st.size),
            ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.3),
        ],
        spaceBefore=st.size * 0.2,
        spaceAfter=st.size * 0.8,
    )


def _tembusan(doc: LetterDoc, st: Styles) -> list[Flowable]:
    if not doc.tembusan:
        return []
    head = ParagraphStyle("tembusan_head", parent=st.plain, keepWithNext=True, spaceBefore=st.size * 1.5)
    out: list[Flowable] = [TextLine("Tembusan:", head)]
    items = list(doc.tembusan)
    if len(items) == 1:
        out.append(TextLine(items[0], st.plain))
        return out
    item_style = ParagraphStyle("tembusan_item", parent=st.plain, leftIndent=6 * mm, firstLineIndent=-6 * mm)
    for i, item in enumerate(items, 1):
        end = ";" if i < len(items) else "."
        text = item.rstrip(";.")
        out.append(TextLine(f"{i}.\u00a0\u00a0{text}{end}", item_style))
    return out


def _closing(doc: LetterDoc, st: Styles, width: float, last: list[Flowable]) -> list[Flowable]:
    """The signature block, kept on one page with the paragraph before it."""
    if doc.signer is None:
        return last
    heading: list[str] = []
    sig_w = max(width * 0.5, 75 * mm)
    if doc.layout == "judul":
        if doc.judul is not None and doc.judul.ditetapkan:
            tbl = grid_table(
                [
                    ["Ditetapkan di", ":", esc(_place(doc))],
                    ["pada tanggal", ":", esc(tanggal_panjang(doc.tanggal, "")) if doc.tanggal else ""],
                ],
                [28 * mm, 4 * mm, sig_w - 32 * mm],
                [
                    ("FONT", (0, 0), (-1, -1), st.fonts.regular, st.size),
                    ("LINEBELOW", (0, 1), (-1, 1), 0.6, "black"),
                    ("BOTTOMPADDING", (0, 1), (-1, 1), 3),
                ],
                hAlign="RIGHT",
            )
            sig = signature_table(doc.signer, st, sig_w)
            return [KeepTogether([*last, Spacer(1, st.size), tbl, Spacer(1, st.size * 0.6), sig])]
        heading = [tempat_tanggal(_place(doc), doc.tanggal)]
    sig = signature_table(doc.signer, st, sig_w, heading=heading)
    return [KeepTogether([*last, Spacer(1, st.size * 1.2), sig])]


def _judul_title(doc: LetterDoc, judul: JudulBlock, st: Styles) -> list[Flowable]:
    title_style = ParagraphStyle(
        "judul_title", parent=st.center_bold, fontSize=st.size + 1, leading=(st.size + 1) * 1.3
    )
    out: list[Flowable] = [TextLine(judul.title.upper(), title_style)]
    if judul.show_nomor and doc.nomor:
        out.append(TextLine("NOMOR " + doc.nomor, st.center_bold if judul.tentang else st.center))
    if judul.tentang:
        out.append(Spacer(1, st.size * 0.6))
        out.append(TextLine("TENTANG", st.center_bold))
        out.append(TextLine(judul.tentang.upper(), st.center_bold))
    if judul.rahmat:
        out.append(Spacer(1, st.size))
        out.append(TextLine("DENGAN RAHMAT TUHAN YANG MAHA ESA", st.center_bold))
        if judul.pejabat:
            out.append(Spacer(1, st.size * 0.6))
            pejabat = judul.pejabat.upper().rstrip(",") + ","
            out.append(TextLine(pejabat, st.center_bold))
    out.append(Spacer(1, st.size * 1.2))
    return out


def _labeled_list(block: LabeledList, st: Styles, width: float) -> Flowable:
    label_w, colon_w, num_w = 30 * mm, 4 * mm, 7 * mm
    just = ParagraphStyle("ll_item", parent=st.plain, alignment=TA_JUSTIFY, leading=st.body.leading)
    rows = []
    items = list(block.items)
    for i, item in enumerate(items):
        if len(items) == 1:
            num = ""
        elif block.numbering == "alpha":
            num = f"{chr(ord('a') + i % 26)}."
        elif block.numbering == "number":
            num = f"{i + 1}."
        else:
            num = ""
        if block.numbering == "none" or len(items) == 1:
            text, end = item, ""
        else:
            text, end = item.rstrip(";."), (";" if i < len(items) - 1 else ".")
        rows.append([block.label if i == 0 else "", ":" if i == 0 else "", num, Paragraph(esc(text) + end, just)])
    style: list[tuple] = [("FONT", (0, 0), (2, -1), st.fonts.regular, st.size), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if block.numbering == "none" or len(items) == 1:
        style += [("SPAN", (2, r), (3, r)) for r in range(len(rows))]
        rows = [[a, b, d, ""] for a, b, _, d in rows]
    return grid_table(
        rows, [label_w, colon_w, num_w, width - label_w - colon_w - num_w], style, spaceAfter=st.size * 0.6
    )


def _judul_body(doc: LetterDoc, judul: JudulBlock, st: Styles, width: float) -> tuple[list[Flowable], Flowable | None]:
    """The considerations, decree word and diktum; the last diktum row is returned apart so the
    signature block can keep it company on its page."""
    out: list[Flowable] = []
    for block in judul.considerations:
        out.append(_labeled_list(block, st, width))
    label_w, colon_w = 30 * mm, 4 * mm
    if judul.decree_word:
        word = judul.decree_word.upper().rstrip(":") + ":"
        out.append(CondPageBreak(st.size * 5))
        out.append(Spacer(1, st.size * 0.4))
        out.append(TextLine(word, ParagraphStyle("decree", parent=st.center_bold, keepWithNext=True)))
        out.append(Spacer(1, st.size * 0.8))
    just = ParagraphStyle("diktum", parent=st.plain, alignment=TA_JUSTIFY, leading=st.body.leading)
    left = ParagraphStyle("diktum_left", parent=st.plain, leading=st.body.leading)
    rows: list[list[object]] = []
    if judul.menetapkan:
        rows.append(["Menetapkan", ":", Paragraph(esc(judul.menetapkan), left)])
    for i, d in enumerate(judul.diktum, 1):
        # explicit labels (Kepada / Untuk of a surat tugas) hold names and NIPs: no justification
        rows.append([d.label or diktum_label(i), ":", Paragraph(esc(d.text), left if d.label else just)])
    widths = [label_w, colon_w, width - label_w - colon_w]
    style = [("FONT", (0, 0), (1, -1), st.fonts.regular, st.size), ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.5)]
    last: Flowable | None = None
    if len(rows) > 1:
        last = grid_table(rows[-1:], widths, style)
        rows = rows[:-1]
    if rows:
        out.append(grid_table(rows, widths, style))
    return out, last


def build_letter(doc: LetterDoc, out: Output) -> None:
    """Write ``doc`` as a PDF to ``out`` (a path or a binary file object)."""
    st = make_styles(doc.page)
    width = _frame_width(doc)
    story: list[Flowable] = []
    body = [Paragraph(esc(p), st.body) for p in doc.body if p.strip()]

    if doc.layout in ("korespondensi", "undangan"):
        story.append(_meta_block(doc, st, width))
        story += _addressee(doc, st, width)
        if not doc.tujuan:
            story.append(Spacer(1, st.size * 1.5))
        if doc.layout == "undangan" and doc.undangan is not None:
            if body:
                opening = body.pop(0)
                opening.keepWithNext = True
                story.append(opening)
            story.append(_undangan_block(doc.undangan, st, width))
    elif doc.layout == "judul":
        judul = doc.judul or JudulBlock(title=doc.hal or "NASKAH DINAS")
        story += _judul_title(doc, judul, st)
        judul_flow, last_diktum = _judul_body(doc, judul, st, width)
        story += judul_flow
        if last_diktum is not None:
            if body:
                story.append(last_diktum)
                story.append(Spacer(1, st.size * 0.5))
            else:
                body = [last_diktum]
    else:
        raise ValueError(f"unknown letter layout {doc.layout!r}")

    last = [body.pop()] if body else []
    story += body
    story += _closing(doc, st, width, last)
    story += _tembusan(doc, st)

    title = doc.hal or (doc.judul.title if doc.judul else "") or "Naskah dinas"
    build_pdf(
        out,
        story,
        page=doc.page,
        styles=st,
        title=f"{doc.nomor} {title}".strip(),
        subject="Naskah dinas",
        kop=doc.kop,
        record_ref=doc.record_ref,
        watermark=doc.watermark,
        page_numbers="top",
        footer_note=doc.audit_anchor,
    )
