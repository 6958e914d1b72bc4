"""Shared pieces of the ReportLab builders: paper, fonts, styles, logo cache, QR code, escaping."""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import itertools
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from tatausaha.printing.data import PAPER_MM, PageSetup

log = logging.getLogger(__name__)

Output = str | Path | BinaryIO

PRODUCER = "tatausaha"


# --------------------------------------------------------------------------- paper


def page_size(page: PageSetup) -> tuple[float, float]:
    """Page size in points (exact mm → pt), landscape swaps width and height."""
    w, h = PAPER_MM[page.paper]
    if page.landscape:
        w, h = h, w
    return w * mm, h * mm


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str


_BASE_FAMILIES = {
    "arial": Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "helvetica": Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "times": Fonts("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "times new roman": Fonts("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "bookman": Fonts("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
}
_font_lock = threading.Lock()
_ttf_families: dict[str, Fonts] = {}


def _ttf_variant(path: Path, suffixes: tuple[str, ...]) -> Path | None:
    stem = path.stem
    for base in (stem.removesuffix("-Regular"), stem):
        for suf in suffixes:
            cand = path.with_name(base + suf + path.suffix)
            if cand.is_file():
                return cand
    return None


def fonts_for(name: str) -> Fonts:
    """The font family for ``PageSetup.font``: a base-14 family name or a ``.ttf`` path.

    An unknown name or an unreadable TTF falls back to Helvetica (Arial metrics) with a log line:
    printing must never fail for a font.
    """
    key = name.strip().lower()
    if key in _BASE_FAMILIES:
        return _BASE_FAMILIES[key]
    path = Path(name)
    if path.suffix.lower() == ".ttf":
        with _font_lock:
            if name in _ttf_families:
                return _ttf_families[name]
            try:
                family = path.stem
                variants = {
                    "regular": path,
                    "bold": _ttf_variant(path, ("-Bold", "bd", "b")) or path,
                    "italic": _ttf_variant(path, ("-Italic", "i")) or path,
                    "bold_italic": _ttf_variant(path, ("-BoldItalic", "bi", "z")) or path,
                }
                names = {}
                for variant, vpath in variants.items():
                    fname = f"{family}-{variant}"
                    pdfmetrics.registerFont(TTFont(fname, str(vpath)))
                    names[variant] = fname
                pdfmetrics.registerFontFamily(
                    names["regular"], normal=names["regular"], bold=names["bold"],
                    italic=names["italic"], boldItalic=names["bold_italic"],
                )  # fmt: skip
                fonts = Fonts(names["regular"], names["bold"], names["italic"], names["bold_italic"])
            except Exception as exc:  # unreadable font file
                log.warning("Fon %s tidak dapat dipakai (%s); memakai Helvetica.", name, exc)
                fonts = _BASE_FAMILIES["helvetica"]
            _ttf_families[name] = fonts
            return fonts
    log.warning("Fon %s tidak dikenal; memakai Helvetica (metrik Arial).", name)
    return _BASE_FAMILIES["helvetica"]


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    fonts: Fonts
    size: float
    body: ParagraphStyle
    plain: ParagraphStyle
    center: ParagraphStyle
    center_bold: ParagraphStyle
    right: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle


def make_styles(page: PageSetup) -> Styles:
    f = _register_bold(fonts_for(page.font))
    size = page.font_size
    lead = size * page.line_spacing
    tight = size * 1.2
    body = ParagraphStyle(
        "body", fontName=f.regular, fontSize=size, leading=lead, alignment=TA_JUSTIFY,
        firstLineIndent=12.5 * mm, spaceAfter=size * 0.5,
    )  # fmt: skip
    plain = ParagraphStyle("plain", fontName=f.regular, fontSize=size, leading=tight, alignment=TA_LEFT)
    return Styles(
        fonts=f,
        size=size,
        body=body,
        plain=plain,
        center=ParagraphStyle("center", parent=plain, alignment=TA_CENTER),
        center_bold=ParagraphStyle("center_bold", parent=plain, alignment=TA_CENTER, fontName=f.bold),
        right=ParagraphStyle("right", parent=plain, alignment=TA_RIGHT),
        bold=ParagraphStyle("bold", parent=plain, fontName=f.bold),
        small=ParagraphStyle("small", parent=plain, fontSize=size * 0.85, leading=size * 0.85 * 1.2),
        tiny=ParagraphStyle("tiny", parent=plain, fontSize=6, leading=7),
    )


def esc(text: str | None) -> str:
    """Plain text → Paragraph markup (escape &, <, >; keep line breaks)."""
    if not text:
        return ""
    return escape(text).replace("\n", "<br/>")


# --------------------------------------------------------------------------- logo cache


class PreparedImage:
    """An image encoded for PDF once per process and reused by every document.

    ReportLab re-encodes a PNG for every document it appears in (zlib, alpha split, md5):
    with a 600×700 RGBA logo that quadruples the cost of a letter (PERF-LIMITS §4). Here the
    ``PDFImageXObject`` is built once; each document gets a shallow copy of it.
    """

    def __init__(self, data: bytes) -> None:
        self.digest = hashlib.sha256(data).hexdigest()
        reader = ImageReader(io.BytesIO(data))
        self.px_width, self.px_height = reader.getSize()
        self.name = "tuimg" + self.digest[:24]
        template = pdfdoc.PDFImageXObject(self.name, reader, mask="auto")
        self._smask = getattr(template, "_smask", None)
        if self._smask is not None:
            self._smask.name = self.name + "a"
            del template._smask
        self._template = template

    @property
    def aspect(self) -> float:
        return self.px_width / self.px_height

    def draw(self, c: Canvas, x: float, y: float, width: float, height: float) -> None:
        doc = c._doc
        reg_name = doc.getXObjectName(self.name)
        if doc.idToObject.get(reg_name) is None:
            obj = copy.copy(self._template)
            c._setXObjects(obj)
            doc.Reference(obj, reg_name)
            doc.addForm(self.name, obj)
            if self._smask is not None:
                mask = copy.copy(self._smask)
                m_reg = doc.getXObjectName(mask.name)
                c._setXObjects(mask)
                obj.smask = doc.Reference(mask, m_reg)
        c._currentPageHasImages = 1
        c.saveState()
        c.translate(x, y)
        c.scale(width, height)
        c._code.append(f"/{reg_name} Do")
        c.restoreState()
        c._formsinuse.append(self.name)


_image_cache: OrderedDict[str, PreparedImage | None] = OrderedDict()
_image_lock = threading.Lock()
_IMAGE_CACHE_MAX = 8


def prepared_image(source: bytes | str | Path | None) -> PreparedImage | None:
    """The cached ``PreparedImage`` for logo bytes or a path; ``None`` if absent or unreadable."""
    if source is None:
        return None
    if isinstance(source, (str, Path)):
        p = Path(source)
        try:
            st = p.stat()
        except OSError:
            log.warning("Berkas logo %s tidak ditemukan; dicetak tanpa logo.", p)
            return None
        key = f"path:{p}:{st.st_size}:{st.st_mtime_ns}"
        loader: Callable[[], bytes] = p.read_bytes
    else:
        data_bytes = bytes(source)
        key = "sha:" + hashlib.sha256(data_bytes).hexdigest()

        def loader() -> bytes:
            return data_bytes

    with _image_lock:
        if key in _image_cache:
            _image_cache.move_to_end(key)
            return _image_cache[key]
    try:
        img: PreparedImage | None = PreparedImage(loader())
    except Exception as exc:  # broken PNG/JPEG, unreadable file: print without the logo
        log.warning("Logo tidak dapat dibaca (%s); dicetak tanpa logo.", exc)
        img = None
    with _image_lock:
        _image_cache[key] = img
        while len(_image_cache) > _IMAGE_CACHE_MAX:
            _image_cache.popitem(last=False)
    return img


def check_image(data: bytes) -> str | None:
    """``None`` if the bytes are an image ReportLab can print, else the reason (for warnings)."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            im.load()  # decode it all: a truncated file passes a header check
    except Exception as exc:
        return str(exc) or exc.__class__.__name__
    return None


# --------------------------------------------------------------------------- QR code


_RUNS = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")


def _penalty(rows: list[str]) -> int:
    """ISO 18004 mask penalty (N1–N4) on rows of "0"/"1" strings; a fast stand-in for ReportLab's."""
    n = len(rows)
    cols = ["".join(t) for t in zip(*rows, strict=True)]
    score = 0
    for line in rows + cols:
        score += sum(len(m) - 2 for m in _RUNS.findall(line))  # N1: runs of five or more
        score += 40 * len(_FINDER_LIKE.findall(line))  # N3: finder-like patterns
    ints = [int(r, 2) for r in rows]
    full = (1 << (n - 1)) - 1
    for a, b in zip(ints, ints[1:], strict=False):  # N2: 2×2 blocks of one colour
        same_v = ~(a ^ b)
        same_h = ~(a ^ (a >> 1))
        score += 3 * (same_v & (same_v >> 1) & same_h & full).bit_count()
    dark = sum(r.count("1") for r in rows) * 100 // (n * n)  # N4: balance
    return score + abs(dark - 50) // 5 * 10


_BIT = {True: "1", False: "0", None: "0"}


def _qr_zxing(value: str, level: str) -> tuple[str, ...] | None:
    """Encode with zxing-cpp (C++, ~0.4 ms); ``None`` when this zxing-cpp cannot write QR codes."""
    try:
        import zxingcpp

        code = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
        image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
        rows, cols = image.shape  # type: ignore[misc]
        data = image.tobytes()
    except Exception:  # older zxing-cpp (no writer API) or an unexpected image layout
        return None
    return tuple("".join("1" if data[r * cols + c] < 128 else "0" for c in range(cols)) for r in range(rows))


@functools.lru_cache(maxsize=512)
def qr_matrix(value: str, level: str = "M") -> tuple[str, ...]:
    """The QR modules of ``value`` as rows of "0"/"1" (dark = "1"; cached: a ref is on every page).

    zxing-cpp's encoder when available; else ReportLab's, with the mask chosen by a fast penalty
    function (ReportLab's own choice takes 15 ms a code, more than a letter's whole layout).
    """
    encoded = _qr_zxing(value, level)
    if encoded is not None:
        return encoded
    return _qr_reportlab(value, level)


def _qr_reportlab(value: str, level: str) -> tuple[str, ...]:
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(value)
    qr.version = qr.calculate_version()
    best: tuple[int, tuple[str, ...]] | None = None
    for mask in range(8):
        qr.makeImpl(False, mask)
        rows = ["".join(_BIT[m] for m in row) for row in qr.modules]
        score = _penalty(rows)
        if best is None or score < best[0]:
            best = (score, tuple(rows))
    assert best is not None
    return best[1]


def draw_qr(c: Canvas, value: str, x: float, y: float, size: float, *, border: int = 2) -> None:
    """Draw a QR code (level M) with its lower-left corner at (x, y), ``size`` points square.

    One filled path of horizontal runs: a handful of PDF operators instead of a shape per module.
    """
    rows = qr_matrix(value)
    count = len(rows)
    box = size / (count + 2 * border)
    c.saveState()
    c.setFillColor(colors.black)
    path = c.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (r + border) * box
        col = 0
        for dark, group in itertools.groupby(row):
            length = len(list(group))
            if dark == "1":
                path.rect(x + (col + border) * box, top - box, length * box, box)
            col += length
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def draw_ref_mark(c: Canvas, ref: str | None, page: PageSetup, *, size_mm: float = 15.0) -> None:
    """The record QR in the bottom-left margin with the ref in tiny text next to it."""
    if not ref:
        return
    size = size_mm * mm
    x = page.margin_left_mm * mm - 2 * mm  # the QR's own quiet zone sits in the margin
    y = max(4 * mm, page.margin_bottom_mm * mm - size - 3 * mm)
    draw_qr(c, ref, x, y, size)
    c.saveState()
    c.setFont("Helvetica", 5.5)
    c.setFillColor(colors.Color(0.35, 0.35, 0.35))
    c.drawString(x + size + 1 * mm, y + 2.5 * mm, ref)
    c.restoreState()


def draw_watermark(c: Canvas, text: str | None) -> None:
    if not text:
        return
    w, h = c._pagesize
    c.saveState()
    c.setFillColor(colors.Color(0.82, 0.82, 0.82))
    c.setFont("Helvetica-Bold", 90)
    c.translate(w / 2, h / 2)
    c.rotate(55)
    c.drawCentredString(0, -30, text)
    c.restoreState()


def set_metadata(c: Canvas, title: str, subject: str = "") -> None:
    c.setTitle(title)
    c.setAuthor(PRODUCER)
    c.setCreator(PRODUCER)
    if subject:
        c.setSubject(subject)


class QrFlowable(Flowable):
    """A QR code as a flowable (with the ref in tiny text under it when ``caption``)."""

    def __init__(self, value: str, size: float, caption: bool = True) -> None:
        super().__init__()
        self.value = value
        self.size = size
        self.caption = caption
        self.width = size
        self.height = size + (2.2 * mm if caption else 0)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        off = 2.2 * mm if self.caption else 0
        draw_qr(c, self.value, 0, off, self.size)
        if self.caption:
            c.saveState()
            c.setFont("Helvetica", 4.5)
            c.setFillColor(colors.Color(0.35, 0.35, 0.35))
            c.drawString(1 * mm, 0.6 * mm, self.value)
            c.restoreState()


class CheckBox(Flowable):
    """A small square, ticked when ``checked`` (lembar disposisi checklists)."""

    def __init__(self, checked: bool, size: float = 3.2 * mm) -> None:
        super().__init__()
        self.checked = checked
        self.size = size
        self.width = size
        self.height = size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        s = self.size
        c.saveState()
        c.setLineWidth(0.6)
        c.rect(0, 0, s, s, stroke=1, fill=0)
        if self.checked:
            c.setLineWidth(1.4)
            c.setLineCap(1)
            c.setLineJoin(1)
            p = c.beginPath()
            p.moveTo(s * 0.18, s * 0.52)
            p.lineTo(s * 0.42, s * 0.22)
            p.lineTo(s * 0.85, s * 0.85)
            c.drawPath(p, stroke=1, fill=0)
        c.restoreState()


class TextLine(Flowable):
    """One line of plain text in a ParagraphStyle, drawn directly when it fits the width.

    Looks like a one-line ``Paragraph`` (same first baseline, alignment, left indent) at a
    fraction of the cost: most lines of a letter (Nomor, Hal, Yth., jabatan, NIP, tembusan) are
    short. When the text does not fit, it becomes a real ``Paragraph`` and wraps.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, bold: bool = False, underline: bool = False) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.font = style.fontName
        if bold:
            self.font = _BOLD_OF.get(style.fontName, style.fontName)
        self.underline = underline
        self._para: Any = None
        self._avail = 0.0
        self._text_width = 0.0

    def _paragraph(self) -> Any:
        from reportlab.platypus import Paragraph

        if self._para is None:
            markup = esc(self.text)
            if self.font != self.style.fontName:
                markup = f"<b>{markup}</b>"
            if self.underline:
                markup = f"<u>{markup}</u>"
            self._para = Paragraph(markup, self.style)
        return self._para

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        st = self.style
        self._text_width = pdfmetrics.stringWidth(self.text, self.font, st.fontSize)
        usable = avail_width - st.leftIndent - st.rightIndent
        if self._text_width > usable or "\n" in self.text:
            return self._paragraph().wrap(avail_width, avail_height)  # type: ignore[no-any-return]
        self._para = None
        self._avail = avail_width
        self.width, self.height = avail_width, st.leading
        return avail_width, st.leading

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._para is not None:
            return self._para.split(avail_width, avail_height)  # type: ignore[no-any-return]
        return []

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        c, st = self.canv, self.style
        y = st.leading - st.fontSize
        left, right = st.leftIndent, self._avail - st.rightIndent
        if st.alignment == TA_CENTER:
            x = (left + right - self._text_width) / 2
        elif st.alignment == TA_RIGHT:
            x = right - self._text_width
        else:
            x = left + st.firstLineIndent  # hanging indents (tembusan "1.  …") start left of the rest
        c.saveState()
        c.setFillColor(st.textColor)
        c.setFont(self.font, st.fontSize)
        c.drawString(x, y, self.text)
        if self.underline:
            c.setStrokeColor(st.textColor)
            c.setLineWidth(max(0.5, st.fontSize / 20))
            c.line(x, y - st.fontSize * 0.12, x + self._text_width, y - st.fontSize * 0.12)
        c.restoreState()


_BOLD_OF: dict[str, str] = {}


def _register_bold(fonts: Fonts) -> Fonts:
    _BOLD_OF[fonts.regular] = fonts.bold
    _BOLD_OF[fonts.italic] = fonts.bold_italic
    return fonts
