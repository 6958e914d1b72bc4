"""Realistic scan material for tests, the benchmark and the demo (no test framework needed).

* ``letter_pdf`` — a letter printed by tatausaha (the printing engineer's ``build_letter`` when
  present, else a ReportLab stand-in with the same QR code);
* ``separator_pdf`` — a LEMBAR PEMISAH page (``build_separator`` when present);
* ``scannerize`` — render PDF pages to a scanner-like image: 200 dpi grey, rotated a little,
  blurred, noisy, JPEG-compressed;
* ``make_surat_masuk`` / ``make_surat_keluar`` — records to land on.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Sequence

from PIL import Image, ImageFilter

from tatausaha import recordref


def _fallback_letter(ref: str | None, nomor: str, hal: str, pengirim: tuple[str, str], body: Sequence[str],
                     tanggal: dt.date) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from tatausaha.idformat import tanggal_panjang

    buf = io.BytesIO()
    w, h = 215 * mm, 330 * mm
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setFont("Helvetica-Bold", 13)
    c.drawCentredString(w / 2, h - 25 * mm, pengirim[0])
    c.setFont("Helvetica-Bold", 15)
    c.drawCentredString(w / 2, h - 32 * mm, pengirim[1])
    c.setFont("Helvetica", 10)
    c.drawCentredString(w / 2, h - 38 * mm, "Jl. Raya Hankam No. 1, Jatisampurna, Kota Bekasi 17433")
    c.line(25 * mm, h - 41 * mm, w - 20 * mm, h - 41 * mm)
    c.setFont("Helvetica", 12)
    c.drawRightString(w - 25 * mm, h - 50 * mm, f"Bekasi, {tanggal_panjang(tanggal)}")
    y = h - 60 * mm
    for label, value in (("Nomor", nomor), ("Sifat", "Biasa"), ("Lampiran", "-"), ("Hal", hal)):
        c.drawString(30 * mm, y, label)
        c.drawString(55 * mm, y, f": {value}")
        y -= 6 * mm
    y -= 8 * mm
    for para in body:
        words, line = para.split(), ""
        for word in words:
            if c.stringWidth(line + " " + word, "Helvetica", 12) > w - 60 * mm:
                c.drawString(30 * mm, y, line.strip())
                y -= 6 * mm
                line = ""
            line += " " + word
        c.drawString(30 * mm, y, line.strip())
        y -= 10 * mm
    if ref:
        widget = QrCodeWidget(ref)
        b = widget.getBounds()
        size = 22 * mm
        d = Drawing(size, size, transform=[size / (b[2] - b[0]), 0, 0, size / (b[3] - b[1]), 0, 0])
        d.add(widget)
        renderPDF.draw(d, c, w - 20 * mm - size, 12 * mm)
    c.showPage()
    c.save()
    return buf.getvalue()


def letter_pdf(
    ref: str | None,
    *,
    nomor: str = "000.1/123/Kec.JTS/2024",
    hal: str = "Undangan Rapat Koordinasi",
    pengirim: tuple[str, str] = ("PEMERINTAH KOTA BEKASI", "KECAMATAN JATISAMPURNA"),
    body: Sequence[str] = (
        "Dalam rangka koordinasi penyelenggaraan pemerintahan di wilayah Kecamatan Jatisampurna, "
        "dengan ini kami mengundang Saudara untuk hadir pada rapat koordinasi.",
        "Demikian disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
    ),
    tanggal: dt.date = dt.date(2024, 8, 12),
) -> bytes:
    try:
        from tatausaha.printing import build_letter, to_bytes
        from tatausaha.printing.data import KopSurat, LetterDoc, Signer

        doc = LetterDoc(
            kop=KopSurat(pengirim[0], pengirim[1], alamat="Jl. Raya Hankam No. 1, Jatisampurna", kota="Bekasi"),
            nomor=nomor, tanggal=tanggal, hal=hal, tujuan=("Lurah Jatisampurna",), tujuan_di="Tempat",
            body=tuple(body), signer=Signer("CAMAT JATISAMPURNA", "Drs. H. Ahmad Suryadi, M.Si."),
            record_ref=ref,
        )
        return to_bytes(build_letter, doc)
    except (ImportError, AttributeError, TypeError):
        return _fallback_letter(ref, nomor, hal, pengirim, body, tanggal)


def separator_pdf(n: int = 1, keterangan: Sequence[str] = ()) -> bytes:
    ref = recordref.encode(recordref.SEPARATOR, n)
    try:
        from tatausaha.printing import build_separator, to_bytes
        from tatausaha.printing.data import SeparatorSheet

        return to_bytes(build_separator, SeparatorSheet(ref, tuple(keterangan)))
    except (ImportError, AttributeError, TypeError):
        pass
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    w, h = A4
    c.setFont("Helvetica-Bold", 28)
    c.drawCentredString(w / 2, h - 60 * mm, "LEMBAR PEMISAH")
    widget = QrCodeWidget(ref)
    b = widget.getBounds()
    size = 70 * mm
    d = Drawing(size, size, transform=[size / (b[2] - b[0]), 0, 0, size / (b[3] - b[1]), 0, 0])
    d.add(widget)
    renderPDF.draw(d, c, (w - size) / 2, h / 2 - size / 2)
    c.setFont("Helvetica", 12)
    for i, line in enumerate(keterangan):
        c.drawCentredString(w / 2, h / 2 - size / 2 - (12 + 7 * i) * mm, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def render_pages(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    import pypdfium2 as pdfium

    from tatausaha.pdflock import PDFIUM_LOCK

    with PDFIUM_LOCK:
        return _render_pages_locked(pdfium, pdf, dpi)


def _render_pages_locked(pdfium, pdf: bytes, dpi: int) -> list[Image.Image]:  # type: ignore[no-untyped-def]
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def scannerize_image(img: Image.Image, rng: random.Random, *, angle: float | None = None, noise: float = 12.0) -> Image.Image:
    """Rotate ~1°, blur, add noise and speckles — what a flatbed scanner makes of a page."""
    angle = rng.uniform(-1.2, 1.2) if angle is None else angle
    g = img.convert("L").rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    g = g.filter(ImageFilter.GaussianBlur(0.6))
    noise_img = Image.effect_noise((g.width // 2 + 1, g.height // 2 + 1), noise).resize(g.size)
    g = Image.blend(g, noise_img, 0.12)
    px = g.load()
    assert px is not None
    for _ in range(g.width * g.height // 4000):
        px[rng.randrange(g.width), rng.randrange(g.height)] = rng.choice((0, 60, 255))
    return g


def scannerize(pdf: bytes, rng: random.Random, *, dpi: int = 200, fmt: str = "JPEG") -> bytes:
    """A PDF turned into the image file a scanner would write (multi-page TIFF/PDF for several pages)."""
    pages = [scannerize_image(p, rng) for p in render_pages(pdf, dpi)]
    out = io.BytesIO()
    if fmt == "JPEG":
        pages[0].save(out, "JPEG", quality=75, dpi=(dpi, dpi))
    elif fmt == "PNG":
        pages[0].save(out, "PNG", dpi=(dpi, dpi))
    elif fmt == "TIFF":
        pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(dpi, dpi))
    elif fmt == "PDF":
        pages = [p.convert("L") for p in pages]
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    else:
        raise ValueError(fmt)
    return out.getvalue()


def concat_pdfs(parts: Sequence[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in parts:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def tiny_pdf(text: str) -> bytes:
    """A small one-page PDF with a text layer (fast to make in bulk: bursts of 1,000 files)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200, 120))
    c.setFont("Helvetica", 9)
    c.drawString(10, 60, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _jenis_id(session) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from tatausaha.models.correspondence import JenisNaskah

    jid = session.execute(select(JenisNaskah.id).order_by(JenisNaskah.id).limit(1)).scalar_one_or_none()
    if jid is None:
        j = JenisNaskah(kode="SD", nama="Surat Dinas")
        session.add(j)
        session.flush()
        jid = j.id
    return int(jid)


def make_surat_keluar(uow, *, nomor: str, hal: str = "Undangan Rapat Koordinasi", tahun: int = 2024,  # type: ignore[no-untyped-def]
                      nomor_agenda: int | None = None, tanggal: dt.date = dt.date(2024, 8, 12)) -> int:
    from tatausaha.models.correspondence import SuratKeluar

    k = SuratKeluar(jenis_id=_jenis_id(uow.session), tahun=tahun, nomor_agenda=nomor_agenda, nomor=nomor, hal=hal,
                    tanggal_surat=tanggal, status="bernomor")
    uow.session.add(k)
    uow.session.flush()
    return int(k.id)


def make_surat_masuk(uow, *, nomor_surat: str, perihal: str, pengirim: str = "Dinas Kependudukan",  # type: ignore[no-untyped-def]
                     tahun: int = 2024, nomor_agenda: int = 1, tanggal: dt.date = dt.date(2024, 8, 12)) -> int:
    from tatausaha.models.correspondence import SuratMasuk

    m = SuratMasuk(tahun=tahun, nomor_agenda=nomor_agenda, tanggal_terima=tanggal, nomor_surat=nomor_surat,
                   tanggal_surat=tanggal, pengirim=pengirim, perihal=perihal)
    uow.session.add(m)
    uow.session.flush()
    return int(m.id)
