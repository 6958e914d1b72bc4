"""A PDF view without QtPdf: pages rendered by pypdfium2 into QImages, in a scroll area, with zoom.

Pages are rendered lazily: every page gets a placeholder of its final size, and only the pages
that scroll into view are rendered (a 30-page register opens as fast as a letter).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from tatausaha.errors import ValidationFailed
from tatausaha.pdflock import PDFIUM_LOCK

SCREEN_DPI = 96.0
log = logging.getLogger(__name__)
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes or raise ``ValidationFailed`` in Indonesian (a corrupt file must not crash the UI)."""
    if not data.startswith(b"%PDF-"):
        raise ValidationFailed("Berkas ini bukan PDF.")
    try:
        with PDFIUM_LOCK:
            return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        log.warning("PDF cannot be opened: %s", exc)
        raise ValidationFailed("PDF tidak dapat dibuka: berkasnya rusak atau terkunci kata sandi.", detail=str(exc)) from exc


def render_page(pdf: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """Page ``index`` as an RGB QImage at ``scale`` (1.0 = 72 dpi)."""
    with PDFIUM_LOCK:
        page = pdf[index]
        try:
            pil = page.render(scale=scale).to_pil().convert("RGB")
        finally:
            page.close()
    data = pil.tobytes()
    return QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()


class _PageLabel(QLabel):
    def __init__(self, index: int, size: QSize) -> None:
        super().__init__()
        self.index = index
        self.rendered_scale: float | None = None
        self.setFixedSize(size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet("background: white; color: #999; border: 1px solid #bbb;")
        self.setText(str(index + 1))


class PdfView(QScrollArea):
    """Shows every page of a PDF one under the other. ``load_bytes`` / ``load_file``; ``zoom``."""

    zoom_changed = Signal(float)
    loaded = Signal(int)  # page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf: pdfium.PdfDocument | None = None
        self._data: bytes = b""
        self._sizes: list[tuple[float, float]] = []  # points
        self._labels: list[_PageLabel] = []
        self._zoom = 1.0
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._layout.setSpacing(12)
        self._layout.setContentsMargins(12, 12, 12, 12)
        pal = self._inner.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(128, 128, 128))
        self._inner.setAutoFillBackground(True)
        self._inner.setPalette(pal)
        self.setWidget(self._inner)
        self.setWidgetResizable(True)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self.render_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._render_timer.start())

    # ------------------------------------------------------------------ loading

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def zoom(self) -> float:
        return self._zoom

    def page_widgets(self) -> list[QLabel]:
        return list(self._labels)

    def rendered_pages(self) -> list[int]:
        return [lb.index for lb in self._labels if lb.rendered_scale is not None]

    def load_file(self, path: Path) -> None:
        self.load_bytes(Path(path).read_bytes())

    def load_bytes(self, data: bytes) -> None:
        pdf = open_pdf(data)  # raises before the old document is dropped
        self.clear()
        self._pdf = pdf
        self._data = data
        with PDFIUM_LOCK:
            self._sizes = [tuple(pdf[i].get_size()) for i in range(len(pdf))]  # type: ignore[misc]
        for i in range(len(self._sizes)):
            label = _PageLabel(i, self._page_px(i))
            self._labels.append(label)
            self._layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.loaded.emit(len(self._sizes))
        self._render_timer.start()

    def clear(self) -> None:
        for label in self._labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self._labels = []
        self._sizes = []
        if self._pdf is not None:
            with PDFIUM_LOCK:
                self._pdf.close()
            self._pdf = None
        self._data = b""

    # ------------------------------------------------------------------ zoom

    def _scale(self) -> float:
        return self._zoom * SCREEN_DPI / 72.0 * self.devicePixelRatioF()

    def _page_px(self, index: int) -> QSize:
        w, h = self._sizes[index]
        f = self._zoom * SCREEN_DPI / 72.0
        return QSize(round(w * f), round(h * f))

    def set_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if abs(zoom - self._zoom) < 1e-6:
            return
        self._zoom = zoom
        for label in self._labels:
            label.setFixedSize(self._page_px(label.index))
            label.rendered_scale = None
            label.setPixmap(QPixmap())
            label.setText(str(label.index + 1))
        self.zoom_changed.emit(zoom)
        self._render_timer.start()

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / 1.25)

    def fit_width(self) -> None:
        if not self._sizes:
            return
        avail = self.viewport().width() - 2 * 12 - 4
        widest = max(w for w, _ in self._sizes)
        self.set_zoom(avail / (widest * SCREEN_DPI / 72.0))

    # ------------------------------------------------------------------ rendering

    def render_visible(self) -> None:
        """Render the pages that intersect the viewport (plus one either side)."""
        if self._pdf is None:
            return
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        scale = self._scale()
        visible = [lb.index for lb in self._labels if lb.y() + lb.height() >= top and lb.y() <= bottom]
        if not visible and self._labels:
            visible = [0]
        wanted = set(visible)
        if visible:
            wanted |= {max(0, visible[0] - 1), min(len(self._labels) - 1, visible[-1] + 1)}
        for i in sorted(wanted):
            label = self._labels[i]
            if label.rendered_scale == scale:
                continue
            image = render_page(self._pdf, i, scale)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            label.setPixmap(pixmap)
            label.rendered_scale = scale

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._render_timer.start()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self._render_timer.start()


def print_pdf(data: bytes, printer, *, dpi_cap: int = 300, first: int = 1, last: int | None = None) -> int:  # type: ignore[no-untyped-def]
    """Paint the PDF's pages onto a ``QPrinter`` (page by page, rendered at the printer's resolution).

    The printer gets each page's own size (F4 stays F4) and full-page mode, so the PDF's margins are
    the margins on paper. Returns the number of pages sent.
    """
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize

    pdf = open_pdf(data)
    try:
        with PDFIUM_LOCK:
            n = len(pdf)
        last = n if last is None else min(last, n)
        first = max(1, first)
        printer.setFullPage(True)
        dpi = min(printer.resolution(), dpi_cap)
        painter: QPainter | None = None
        sent = 0
        for i in range(first - 1, last):
            with PDFIUM_LOCK:
                w_pt, h_pt = pdf[i].get_size()
            landscape = w_pt > h_pt
            # ExactMatch: a fuzzy match would turn F4 (215 × 330 mm) into US 8.5 × 13 in
            size = QPageSize(
                QSizeF(min(w_pt, h_pt) / 72 * 25.4, max(w_pt, h_pt) / 72 * 25.4),
                QPageSize.Unit.Millimeter,
                "",
                QPageSize.SizeMatchPolicy.ExactMatch,
            )
            orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
            layout = QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))
            if painter is None:
                printer.setPageLayout(layout)
                painter = QPainter()
                if not painter.begin(printer):
                    raise ValidationFailed("Pencetak tidak dapat dipakai (tidak siap atau dibatalkan).")
            else:
                printer.setPageLayout(layout)
                printer.newPage()
            image = render_page(pdf, i, dpi / 72.0)
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            painter.drawImage(target, image)
            sent += 1
        if painter is not None:
            painter.end()
        return sent
    finally:
        with PDFIUM_LOCK:
            pdf.close()
