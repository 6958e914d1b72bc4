"""Print preview offscreen: a real letter PDF shown page by page, zoom, printed through QPrinter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from tatausaha.errors import ValidationFailed
from tatausaha.printing import build_letter, build_register, samples, to_bytes
from tatausaha.printing.readback import PT_PER_MM, page_sizes_pt, page_texts
from tatausaha.ui.print_preview import PrintPreviewDialog
from tatausaha.ui.widgets.pdfview import PdfView

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def long_letter() -> bytes:
    return to_bytes(build_letter, samples.sample_long_letter(14))


def test_preview_shows_every_page_and_zooms(qtbot, long_letter: bytes) -> None:  # type: ignore[no-untyped-def]
    n = len(page_sizes_pt(long_letter))
    assert n >= 3
    dlg = PrintPreviewDialog(long_letter, title="Surat 123", file_name="surat-123.pdf")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.view.page_count == n
    assert len(dlg.view.page_widgets()) == n
    assert f"{n} halaman" in dlg.pages_label.text()
    qtbot.waitUntil(lambda: 0 in dlg.view.rendered_pages(), timeout=5000)
    first = dlg.view.page_widgets()[0]
    pixmap = first.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    # an F4 page at 100 % on a 96-dpi screen: 215 mm × 330 mm
    assert first.width() == round(215 * PT_PER_MM * 96 / 72)
    assert first.height() == round(330 * PT_PER_MM * 96 / 72)
    # the rendered page is not blank: the kop and text make dark pixels
    image = pixmap.toImage()
    dark = sum(1 for x in range(0, image.width(), 7) for y in range(0, image.height() // 3, 7)
               if image.pixelColor(x, y).lightness() < 100)  # fmt: skip
    assert dark > 50
    # lazily rendered: the last page waits until it is scrolled into view
    assert n - 1 not in dlg.view.rendered_pages()
    dlg.view.verticalScrollBar().setValue(dlg.view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: n - 1 in dlg.view.rendered_pages(), timeout=5000)
    before = first.width()
    dlg.view.zoom_in()
    assert first.width() > before and dlg.zoom_label.text() == "125%"
    dlg.view.fit_width()
    assert abs(first.width() - (dlg.view.viewport().width() - 28)) < 6


def test_print_through_qprinter_keeps_f4_and_every_page(qtbot, long_letter: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dlg = PrintPreviewDialog(long_letter)
    qtbot.addWidget(dlg)
    emitted: list[bytes] = []
    dlg.printed.connect(emitted.append)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    sent = dlg.print_to(printer)
    n = len(page_sizes_pt(long_letter))
    assert sent == n
    sizes = page_sizes_pt(out.read_bytes())
    assert len(sizes) == n
    for w, h in sizes:
        assert abs(w / PT_PER_MM - 215) < 0.5 and abs(h / PT_PER_MM - 330) < 0.5
    assert emitted == [long_letter]


def test_landscape_register_prints_landscape(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = to_bytes(build_register, samples.sample_register(rows=10))
    dlg = PrintPreviewDialog(pdf)
    qtbot.addWidget(dlg)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "reg.pdf"))
    dlg.print_to(printer)
    ((w, h),) = page_sizes_pt((tmp_path / "reg.pdf").read_bytes())
    assert abs(w / PT_PER_MM - 330) < 0.5 and abs(h / PT_PER_MM - 215) < 0.5


def test_save_as_pdf_writes_the_same_bytes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = to_bytes(build_letter, samples.sample_letter(logo=False))
    dlg = PrintPreviewDialog(pdf)
    qtbot.addWidget(dlg)
    path = dlg.save_to(tmp_path / "salinan")
    assert path.name == "salinan.pdf" and path.read_bytes() == pdf
    assert "Pembinaan Kearsipan" in page_texts(path.read_bytes())[0]


def test_broken_pdf_is_refused_in_indonesian(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = PdfView()
    qtbot.addWidget(view)
    with pytest.raises(ValidationFailed, match="bukan PDF"):
        view.load_bytes(b"hello")
    with pytest.raises(ValidationFailed, match="tidak dapat dibuka"):
        view.load_bytes(b"%PDF-1.4\n garbage garbage")
    assert view.page_count == 0


def test_open_print_preview_builds_off_thread_and_keeps_printed_version(qtbot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.services.auth import SYSTEM
    from tatausaha.services.printed import printed_versions
    from tatausaha.ui.context import UiContext
    from tatausaha.ui.print_preview import open_print_preview

    ui = UiContext(ctx, SYSTEM)
    shown: list[PrintPreviewDialog] = []
    doc = samples.sample_letter(logo=False, record_id=77)
    open_print_preview(ui, lambda: to_bytes(build_letter, doc), title="Surat 77", file_name="surat-77.pdf",
                       keep=("surat_keluar", 77), on_shown=shown.append)  # fmt: skip
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10000)
    dlg = shown[0]
    qtbot.addWidget(dlg)
    assert dlg.view.page_count == 1
    saved = dlg.save_to(tmp_path / "surat-77.pdf")

    def kept() -> bool:
        with ctx.reader() as uow:
            return len(printed_versions(uow, "surat_keluar", 77)) == 1

    qtbot.waitUntil(kept, timeout=10000)
    with ctx.reader() as uow:
        (version,) = printed_versions(uow, "surat_keluar", 77)
    assert version.version == 1 and ctx.store.read_bytes(version.sha256) == saved.read_bytes()
    ui.runner.shutdown()
