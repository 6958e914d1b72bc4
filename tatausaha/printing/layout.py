"""Document template shared by the builders: kop on page 1, page numbers and QR on every page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from tatausaha.errors import ValidationFailed
from tatausaha.printing.common import PRODUCER, Output, Styles, draw_ref_mark, draw_watermark, page_size
from tatausaha.printing.data import KopSurat, PageSetup
from tatausaha.printing.kop import draw_kop, kop_height

PageNumbers = str  # "top" (naskah dinas: "- 2 -" from page 2 on) | "bottom" ("Halaman n dari N") | "none"


def _numbered_canvas(draw_number: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each page can say how many there are."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                draw_number(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def has_kop(kop: KopSurat | None) -> bool:
    return kop is not None and bool(kop.pemerintah or kop.nama_kantor)


def build_pdf(
    out: Output,
    story: Sequence[Flowable],
    *,
    page: PageSetup,
    styles: Styles,
    title: str,
    subject: str = "",
    kop: KopSurat | None = None,
    kop_scale: float = 1.0,
    record_ref: str | None = None,
    watermark: str | None = None,
    page_numbers: PageNumbers = "top",
    qr_size_mm: float = 15.0,
    extra_first: Callable[[Canvas, Any], None] | None = None,
    footer_note: str | None = None,
) -> None:
    """Lay ``story`` out on ``page`` and write the PDF to ``out`` (path or binary file object)."""
    width, height = page_size(page)
    left = page.margin_left_mm * mm
    right = width - page.margin_right_mm * mm
    top = height - page.margin_top_mm * mm
    bottom = page.margin_bottom_mm * mm
    show_kop = has_kop(kop)
    kop_h = kop_height(kop, kop_scale) + 5 * mm * kop_scale if show_kop and kop is not None else 0.0
    out_arg = str(out) if not hasattr(out, "write") else out

    def decorate(c: Canvas, doc: Any, first: bool) -> None:
        c.saveState()
        draw_watermark(c, watermark)
        if first and show_kop and kop is not None:
            draw_kop(c, kop, styles.fonts, left=left, right=right, top=top, scale=kop_scale)
        n = c.getPageNumber()
        if page_numbers == "top" and n > 1:
            c.setFont(styles.fonts.regular, styles.size)
            c.drawCentredString((left + right) / 2, height - page.margin_top_mm * mm * 0.55, f"- {n} -")
        # "bottom": drawn when the document is complete (see _numbered_canvas), to say "dari N"
        draw_ref_mark(c, record_ref, page, size_mm=qr_size_mm)
        if footer_note:  # e.g. the audit trail's head on registers and berita acara: an anchor on paper
            c.setFont(styles.fonts.regular, 6.5)
            c.drawString(left, bottom * 0.45, footer_note)
        if first and extra_first is not None:
            extra_first(c, doc)
        c.restoreState()

    frame_kw = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    first_frame = Frame(left, bottom, right - left, top - kop_h - bottom, id="first", **frame_kw)
    later_frame = Frame(left, bottom, right - left, top - bottom, id="later", **frame_kw)
    doc = BaseDocTemplate(
        out_arg,
        pagesize=(width, height),
        leftMargin=left,
        rightMargin=width - right,
        topMargin=height - top,
        bottomMargin=bottom,
        title=title,
        author=PRODUCER,
        creator=PRODUCER,
        subject=subject,
        keywords=record_ref or "",
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "first", [first_frame], onPage=lambda c, d: decorate(c, d, True), autoNextPageTemplate="later"
            ),
            PageTemplate("later", [later_frame], onPage=lambda c, d: decorate(c, d, False)),
        ]
    )
    def draw_bottom_number(c: Canvas, n: int, total: int) -> None:
        c.saveState()
        c.setFont(styles.fonts.regular, 8)
        c.drawRightString(right, bottom * 0.45, f"Halaman {n} dari {total}")
        c.restoreState()

    try:
        if page_numbers == "bottom":
            doc.build(list(story), canvasmaker=_numbered_canvas(draw_bottom_number))
        else:
            doc.build(list(story))
    except LayoutError as exc:
        raise ValidationFailed(
            "Isi dokumen tidak dapat ditata di kertas: ada bagian yang lebih panjang dari satu halaman "
            "dan tidak dapat dipenggal (mis. jabatan penanda tangan yang sangat panjang). Persingkat isinya.",
            detail=str(exc)[:500],
        ) from exc


def grid_table(rows: list[list[Any]], col_widths: list[float], style: list[tuple] | None = None, **kw: Any) -> Table:
    """A borderless table with zero padding (for label : value blocks)."""
    kw.setdefault("splitInRow", 1)  # a row taller than a page (a very long diktum) splits, not fails
    t = Table(rows, colWidths=col_widths, hAlign=kw.pop("hAlign", "LEFT"), **kw)
    base: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    t.setStyle(TableStyle(base + list(style or [])))
    return t
