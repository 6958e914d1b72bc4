"""Realistic scan material for tests, the benchmark and the demo (no test framework needed).

* ``letter_pdf`` — a letter printed by tatausaha's own ``build_letter`` (no stand-in: when printing
  breaks, the scan tests break with it);
* ``separator_pdf`` — a LEMBAR PEMISAH page printed by ``build_separator``;
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
    # Printed by the real printing code, always: if printing breaks, this breaks loudly with it —
    # a stand-in letter would let scan tests pass on paper tatausaha can no longer print.
    from tatausaha.printing import build_letter, to_bytes
    from tatausaha.printing.data import KopSurat, LetterDoc, Signer

    doc = LetterDoc(
        kop=KopSurat(pengirim[0], pengirim[1], alamat="Jl. Raya Hankam No. 1, Jatisampurna", kota="Bekasi"),
        nomor=nomor, tanggal=tanggal, hal=hal, tujuan=("Lurah Jatisampurna",), tujuan_di="Tempat",
        body=tuple(body), signer=Signer("CAMAT JATISAMPURNA", "Drs. H. Ahmad Suryadi, M.Si."),
        record_ref=ref,
    )
    return to_bytes(build_letter, doc)


def separator_pdf(n: int = 1, keterangan: Sequence[str] = ()) -> bytes:
    ref = recordref.encode(recordref.SEPARATOR, n)
    from tatausaha.printing import build_separator, to_bytes  # the real sheet, or a loud failure
    from tatausaha.printing.data import SeparatorSheet

    return to_bytes(build_separator, SeparatorSheet(ref, tuple(keterangan)))


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


# -- degraded pages: phone photos and poor scans (the OCR preprocessing test and benchmark) ----------
DEGRADATIONS = ("scan", "lighting", "shadow", "noise_jpeg", "rotation", "low_contrast", "phone")


def _gradient(size: tuple[int, int], rng: random.Random, low: float) -> Image.Image:
    """Uneven lighting: brightness from 1.0 on one side to ``low`` on the other, in a random direction."""
    g = Image.linear_gradient("L").rotate(rng.uniform(0, 360), resample=Image.Resampling.BILINEAR, expand=False,
                                          fillcolor=128)
    g = g.crop((48, 48, 208, 208)).resize(size, Image.Resampling.BILINEAR)
    return g.point(lambda v: int(255 * (low + (1.0 - low) * v / 255)))


def _shadow(size: tuple[int, int], rng: random.Random, depth: float) -> Image.Image:
    """A soft shadow (the photographer's hand and phone) over a part of the page."""
    from PIL import ImageDraw

    w, h = size
    mask = Image.new("L", (w // 8, h // 8), 0)
    d = ImageDraw.Draw(mask)
    cx, cy = rng.uniform(0.1, 0.9) * mask.width, rng.uniform(0.3, 1.0) * mask.height
    rx, ry = rng.uniform(0.25, 0.45) * mask.width, rng.uniform(0.2, 0.4) * mask.height
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(mask.width / 25)).resize(size, Image.Resampling.BILINEAR)
    return mask.point(lambda v: int(255 - v * (1.0 - depth)))


def _noise(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Grain from ``rng`` (``Image.effect_noise`` uses C's rand(): not reproducible from a seed)."""
    w, h = size[0] // 2 + 1, size[1] // 2 + 1
    return Image.frombytes("L", (w, h), rng.randbytes(w * h)).resize(size)


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def degrade(page: Image.Image, kind: str, rng: random.Random, *, cover_qr: bool = False) -> Image.Image:
    """A rendered page (grey, ~200 dpi) as a phone photo or a poor scan of it. ``kind`` in ``DEGRADATIONS``.

    ``cover_qr`` puts a thumb over the bottom-left corner, where tatausaha prints its QR code."""
    from PIL import ImageChops, ImageDraw

    g = page.convert("L")
    size = g.size
    if kind == "scan":
        angle = rng.uniform(-1.2, 1.2)
        out = g.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255).filter(ImageFilter.GaussianBlur(0.6))
        out = _jpeg(Image.blend(out, _noise(size, rng), 0.08), 75)
    elif kind == "lighting":
        out = ImageChops.multiply(g, _gradient(size, rng, 0.35))
    elif kind == "shadow":
        out = ImageChops.multiply(g, _shadow(size, rng, 0.3))
    elif kind == "noise_jpeg":
        out = _jpeg(Image.blend(g, _noise(size, rng), 0.25), 30)
    elif kind == "rotation":
        angle = rng.uniform(1.0, 5.0) * rng.choice((-1, 1))
        out = g.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    elif kind == "low_contrast":
        out = g.point(lambda v: int(120 + v * 70 / 255))
    elif kind == "phone":
        angle = rng.uniform(2.0, 4.5) * rng.choice((-1, 1))
        out = g.point(lambda v: int(70 + v * 150 / 255))  # grey paper, grey ink
        out = ImageChops.multiply(out, _gradient(size, rng, 0.35))
        out = ImageChops.multiply(out, _shadow(size, rng, 0.4))
        out = out.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=60)
        out = out.filter(ImageFilter.GaussianBlur(0.8))
        out = _jpeg(Image.blend(out, _noise(size, rng), 0.1), 55)
    else:
        raise ValueError(kind)
    if cover_qr:
        d = ImageDraw.Draw(out)
        w, h = size
        d.ellipse((-0.08 * w, h - 0.2 * h, 0.22 * w, h + 0.05 * h), fill=45)
        out = out.filter(ImageFilter.GaussianBlur(0.5))
    return out


def degraded_photo(pdf: bytes, kind: str, rng: random.Random, *, dpi: int = 200, cover_qr: bool = False) -> bytes:
    """The first page of ``pdf`` degraded as ``kind`` and saved as a JPEG (what a phone sends)."""
    page = render_pages(pdf, dpi)[0]
    out = io.BytesIO()
    degrade(page, kind, rng, cover_qr=cover_qr).save(out, "JPEG", quality=85, dpi=(dpi, dpi))
    return out.getvalue()
