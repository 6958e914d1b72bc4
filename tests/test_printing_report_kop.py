"""Reports sent out (DUK, daftar nominatif, a due list) on the kop surat, rows coloured with a legend:
rendered by the real builder and read back (text by pypdf, colours by rendering the page)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pypdfium2 as pdfium
from pypdf import PdfReader

from tatausaha.pdflock import PDFIUM_LOCK
from tatausaha.printing import build_register, to_bytes
from tatausaha.printing.data import KopSurat, RegisterColumn, RegisterDoc, Signer

RED, AMBER = "#f4a6a6", "#ffe08a"


def _doc(n: int, **kw: object) -> RegisterDoc:
    cols = (RegisterColumn("No", 0.4, "CENTER"), RegisterColumn("Nama", 3), RegisterColumn("Jatuh tempo", 1.2))
    rows = tuple((str(i), f"Pegawai {i:02d}", f"{i:02d}-01-2027") for i in range(1, n + 1))
    colours = tuple(RED if i % 3 == 0 else AMBER if i % 3 == 1 else None for i in range(1, n + 1))
    kop = KopSurat(pemerintah="PEMERINTAH KOTA BEKASI", nama_kantor="KECAMATAN JATISAMPURNA", alamat="Jalan Raya Hankam",
                   kota="Bekasi")
    base = dict(title="Daftar jatuh tempo", period="", columns=cols, rows=rows, kop=kop, on_kop=True,
                row_colours=colours, legend=((RED, "Lewat waktu"), (AMBER, "≤ 60 hari")),
                subtitle="Keadaan per 1 Desember 2026",
                signer=Signer(jabatan="Camat Jatisampurna", nama="Drs. H. Ahmad", nip="196805121990031004"),
                tempat="Bekasi", tanggal=dt.date(2026, 12, 1))
    base.update(kw)
    return RegisterDoc(**base)  # type: ignore[arg-type]


def _colour_pixels(pdf: bytes, rgb: tuple[int, int, int]) -> list[int]:
    out = []
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        for page in doc:
            img = page.render(scale=0.6).to_pil().convert("RGB")
            w, h = img.size
            px = img.load()
            out.append(sum(1 for y in range(0, h, 2) for x in range(0, w, 2)
                           if all(abs(a - b) <= 6 for a, b in zip(px[x, y], rgb, strict=True))))
        doc.close()
    return out


def test_a_report_on_the_kop_with_coloured_rows_and_a_legend_over_pages() -> None:
    pdf = to_bytes(build_register, _doc(70))
    pages = [(p.extract_text() or "") for p in PdfReader(BytesIO(pdf)).pages]
    assert len(pages) >= 2
    assert "PEMERINTAH KOTA BEKASI" in pages[0] and "PEMERINTAH KOTA BEKASI" not in pages[1]  # kop on page 1 only
    assert "Keadaan per 1 Desember 2026" in pages[0]
    text = "\n".join(pages)
    assert "Pegawai 70" in text and "Lewat waktu" in text and "Camat Jatisampurna" in text
    reds = _colour_pixels(pdf, (0xF4, 0xA6, 0xA6))
    ambers = _colour_pixels(pdf, (0xFF, 0xE0, 0x8A))
    assert all(r > 0 for r in reds) and all(a > 0 for a in ambers)  # coloured rows on every page, tail rows too


def test_a_register_without_kop_stays_as_it_was() -> None:
    pdf = to_bytes(build_register, _doc(3, on_kop=False, row_colours=(), legend=()))
    first = PdfReader(BytesIO(pdf)).pages[0].extract_text() or ""
    assert "PEMERINTAH KOTA BEKASI" not in first and "KECAMATAN JATISAMPURNA" in first
    assert _colour_pixels(pdf, (0xF4, 0xA6, 0xA6)) == [0]
