"""Naskah dinas PDFs read back: fields where expected, exact paper, QR decodes, long letters flow."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from tatausaha import recordref
from tatausaha.printing import build_letter, common, samples, to_bytes
from tatausaha.printing.data import KopSurat, LetterDoc, PageSetup, Signer
from tatausaha.printing.letter import diktum_label
from tatausaha.printing.readback import PT_PER_MM, page_sizes_pt, page_texts, qr_codes

F4 = (215 * PT_PER_MM, 330 * PT_PER_MM)
A4 = (210 * PT_PER_MM, 297 * PT_PER_MM)


def norm(text: str) -> str:
    return " ".join(text.split())


def text_box(pdf: bytes, page: int, needle: str, occurrence: int = 0) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in points of an occurrence of ``needle`` on ``page``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        tp = doc[page].get_textpage()
        searcher = tp.search(needle, match_case=True)
        for _ in range(occurrence + 1):
            hit = searcher.get_next()
            assert hit is not None, f"{needle!r} #{occurrence} not on page {page + 1}"
        index, count = hit
        boxes = [tp.get_charbox(i) for i in range(index, index + count)]
        return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)
    finally:
        doc.close()


def assert_paper(pdf: bytes, size: tuple[float, float], pages: int | None = None) -> None:
    """Every page exactly ``size`` (points): the MediaBox as written and as pdfium reads it."""
    sizes = page_sizes_pt(pdf)
    if pages is not None:
        assert len(sizes) == pages
    for w, h in sizes:
        assert w == pytest.approx(size[0], abs=0.01) and h == pytest.approx(size[1], abs=0.01)
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(size[0], abs=0.001)
        assert float(box.height) == pytest.approx(size[1], abs=0.001)


def page_of(texts: list[str], needle: str) -> int:
    pages = [i for i, t in enumerate(texts) if needle in norm(t)]
    assert pages, f"{needle!r} not found"
    return pages[0]


def test_korespondensi_fields_where_expected() -> None:
    doc = samples.sample_letter()
    pdf = to_bytes(build_letter, doc)
    assert_paper(pdf, F4, pages=1)
    (text,) = page_texts(pdf)
    t = norm(text)
    for expected in (
        "PEMERINTAH KOTA BEKASI",
        "KECAMATAN JATISAMPURNA",
        "Kode Pos 17433",
        "Pos-el kec.jatisampurna@bekasikota.go.id",
        "Nomor : 000.5.2/123/Kec.Jts/II/2026",
        "Bekasi, 9 Februari 2026",
        "Sifat : Biasa",
        "Lampiran : 1 (satu) berkas",
        "Hal : Pembinaan Kearsipan Kelurahan",
        "Yth. Lurah Jatisampurna",
        "di Bekasi",
        "CAMAT JATISAMPURNA,",
        "Drs. H. AHMAD SURYADI, M.Si.",
        "Pembina Tingkat I",
        "NIP. 19720314 199303 1 004",
        "Tembusan: 1. Wali Kota Bekasi (sebagai laporan); 2. Kepala Dinas Kearsipan Kota Bekasi.",
    ):
        assert expected in t, expected
    # order on the page: kop, then the Nomor block, Yth., body, signature, tembusan
    order = [t.index(s) for s in ("KECAMATAN JATISAMPURNA", "Nomor", "Yth.", "Sehubungan", "CAMAT JATISAMPURNA,",
                                  "NIP.", "Tembusan")]  # fmt: skip
    assert order == sorted(order)
    # geometry: the date stands on the Nomor line at the right; the signature in the right half
    nomor = text_box(pdf, 0, "Nomor", occurrence=1)  # the first is in the kop address
    date = text_box(pdf, 0, "Bekasi, 9 Februari 2026")
    assert abs(date[1] - nomor[1]) < 2
    right_margin = F4[0] - doc.page.margin_right_mm * PT_PER_MM
    assert date[2] == pytest.approx(right_margin, abs=3)
    assert nomor[0] == pytest.approx(doc.page.margin_left_mm * PT_PER_MM, abs=2)
    name = text_box(pdf, 0, "Drs. H. AHMAD SURYADI")
    assert name[0] > F4[0] / 2 - 20
    jabatan = text_box(pdf, 0, "CAMAT JATISAMPURNA,")
    assert jabatan[1] - name[3] > 15 * PT_PER_MM  # room to sign between jabatan and name
    # the kop sits above the rule, inside the top margin area
    kop = text_box(pdf, 0, "PEMERINTAH KOTA BEKASI")
    assert kop[3] <= F4[1] - doc.page.margin_top_mm * PT_PER_MM + 1


def test_qr_decodes_to_its_record() -> None:
    pdf = to_bytes(build_letter, samples.sample_letter(record_id=4711))
    codes = qr_codes(pdf)
    assert [(c.page, c.ref) for c in codes] == [(0, recordref.RecordRef("surat_keluar", 4711))]
    assert "TU1:surat_keluar:4711:" in page_texts(pdf)[0]  # the ref in tiny text too


def test_a4_and_custom_margins_font() -> None:
    page = PageSetup(paper="A4", margin_left_mm=40, margin_top_mm=20, font="Times", font_size=11)
    pdf = to_bytes(build_letter, replace(samples.sample_letter(), page=page))
    assert_paper(pdf, A4, pages=1)
    nomor = text_box(pdf, 0, "Nomor", occurrence=1)  # the first is in the kop address
    assert nomor[0] == pytest.approx(40 * PT_PER_MM, abs=2)
    fonts = {str(f) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages for f in p["/Resources"]["/Font"].values()}
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    base_fonts = {reader.get_object(ref)["/BaseFont"] for ref in reader.pages[0]["/Resources"]["/Font"].values()}
    assert "/Times-Roman" in base_fonts and fonts


def test_ttf_font_is_embedded_and_extractable() -> None:
    candidates = [
        Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),  # fonts-liberation2 (CI)
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ]
    ttf = next((p for p in candidates if p.is_file()), None)
    if ttf is None:
        pytest.skip("no TrueType font installed")
    pdf = to_bytes(build_letter, replace(samples.sample_letter(), page=PageSetup(font=str(ttf), font_size=11)))
    assert "Pembinaan Kearsipan Kelurahan" in norm(page_texts(pdf)[0])
    assert b"FontFile2" in pdf


def test_unknown_font_falls_back_instead_of_failing() -> None:
    pdf = to_bytes(build_letter, replace(samples.sample_letter(), page=PageSetup(font="Comic Sans")))
    assert "Pembinaan Kearsipan Kelurahan" in norm(page_texts(pdf)[0])


@pytest.mark.parametrize("paragraphs", [4, 7, 9, 11, 14, 17, 22])
def test_long_letter_flows_with_signature_block_whole(paragraphs: int) -> None:
    doc = samples.sample_long_letter(paragraphs)
    pdf = to_bytes(build_letter, doc)
    texts = page_texts(pdf)
    assert len(texts) >= 2
    assert_paper(pdf, F4)
    # jabatan, name, pangkat and NIP on one page, and not alone: some body text precedes them there
    sig_page = page_of(texts, "a.n. CAMAT JATISAMPURNA")
    for part in ("Sekretaris Kecamatan,", "RINA MARLIANA, S.Sos., M.M.", "NIP. 19780522 200501 2 009"):
        assert page_of(texts, part) == sig_page, part
    before = norm(texts[sig_page]).split("a.n. CAMAT JATISAMPURNA")[0]
    assert "Demikian kami sampaikan" in before
    # page numbers "- n -" from page 2 on, kop only on page 1, QR on every page
    for n in range(2, len(texts) + 1):
        assert f"- {n} -" in texts[n - 1]
        assert "PEMERINTAH KOTA BEKASI" not in texts[n - 1]
    assert "- 1 -" not in texts[0]
    assert sorted({c.page for c in qr_codes(pdf, dpi=110)}) == list(range(len(texts)))
    # every paragraph printed exactly once
    joined = norm(" ".join(texts))
    for i in range(paragraphs):
        assert len(re.findall(rf"(?<!\d){i + 1}\. (?:Se|Be)", joined)) == 1


def test_undangan_block() -> None:
    pdf = to_bytes(build_letter, samples.sample_undangan())
    t = norm(page_texts(pdf)[0])
    for expected in (
        "hari, tanggal : Rabu, 11 Maret 2026",
        "waktu : 09.00 WIB s.d. selesai",
        "tempat : Aula Kantor Kecamatan Jatisampurna",
        "acara : Rapat Koordinasi Persiapan Penilaian Kearsipan",
        "Sifat : Segera",
        "Hal : Undangan Rapat Koordinasi Kearsipan",
        "Tembusan: Sekretaris Daerah Kota Bekasi",
    ):
        assert expected in t, expected
    assert t.index("dilaksanakan pada:") < t.index("hari, tanggal") < t.index("Mengingat pentingnya")


def test_judul_keputusan() -> None:
    pdf = to_bytes(build_letter, samples.sample_keputusan())
    texts = page_texts(pdf)
    t = norm(" ".join(texts))
    for expected in (
        "KEPUTUSAN CAMAT JATISAMPURNA NOMOR 800.1.11.1/15/Kec.Jts/2026 TENTANG PEMBENTUKAN TIM PENGELOLA ARSIP",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA CAMAT JATISAMPURNA,",
        "Menimbang : a. bahwa untuk menjamin",
        "b. bahwa berdasarkan",
        "Mengingat : 1. Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan;",
        "MEMUTUSKAN:",
        "Menetapkan : KEPUTUSAN CAMAT",
        "KESATU : Membentuk",
        "KEDUA : Tim sebagaimana",
        "KETIGA : Keputusan ini mulai berlaku",
        "Ditetapkan di : Bekasi pada tanggal : 5 Januari 2026",
    ):
        assert expected in t, expected
    assert "Yth." not in t and "Hal :" not in t
    title = text_box(pdf, 0, "KEPUTUSAN CAMAT JATISAMPURNA")
    centre = (title[0] + title[2]) / 2
    frame_centre = (30 + (215 - 25)) / 2 * PT_PER_MM
    assert centre == pytest.approx(frame_centre, abs=3)
    # the last diktum is kept with the signature
    assert page_of(texts, "KETIGA") == page_of(texts, "NIP. 19720314 199303 1 004")


def test_judul_surat_tugas() -> None:
    t = norm(page_texts(to_bytes(build_letter, samples.sample_surat_tugas()))[0])
    for expected in ("SURAT TUGAS", "NOMOR 800.1.11.1/88/Kec.Jts/2026", "Dasar : Surat Kepala Dinas", "MEMERINTAHKAN:",
                     "Kepada : DEWI ANGGRAINI", "Untuk : Mengikuti", "Bekasi, 14 April 2026 CAMAT JATISAMPURNA,"):  # fmt: skip
        assert expected in t, expected


@pytest.mark.parametrize(
    ("prefix", "lines"),
    [
        ("a.n.", ["a.n. CAMAT JATISAMPURNA", "Sekretaris Kecamatan,"]),
        ("u.b.", ["u.b. CAMAT JATISAMPURNA", "Sekretaris Kecamatan,"]),
        ("Plt.", ["Plt. Sekretaris Kecamatan,"]),
        ("Plh.", ["Plh. Sekretaris Kecamatan,"]),
        (None, ["Sekretaris Kecamatan,"]),
    ],
)
def test_signature_prefixes(prefix: str | None, lines: list[str]) -> None:
    signer = Signer(jabatan="Sekretaris Kecamatan", nama="BUDI", nip="198001012005011001", jabatan_prefix=prefix,
                    atas_nama_jabatan="CAMAT JATISAMPURNA")  # fmt: skip
    t = norm(page_texts(to_bytes(build_letter, replace(samples.sample_letter(), signer=signer)))[0])
    assert " ".join(lines) + " BUDI NIP. 19800101 200501 1 001" in t


def test_text_is_escaped_not_markup() -> None:
    doc = replace(samples.sample_letter(), hal="Data <b>penduduk</b> & aset", body=("Nilai a < b & c > d.",))
    t = norm(page_texts(to_bytes(build_letter, doc))[0])
    assert "Data <b>penduduk</b> & aset" in t
    assert "Nilai a < b & c > d." in t


def test_draft_without_date_and_watermark() -> None:
    doc = replace(samples.sample_letter(), tanggal=None, nomor="", watermark="KONSEP")
    t = norm(page_texts(to_bytes(build_letter, doc))[0])
    assert "KONSEP" in t
    assert "Bekasi, " in t and "Februari" not in t.split("Hal")[0]


def test_logo_is_encoded_once_and_embedded_with_alpha(monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[str] = []
    original = common.PreparedImage.__init__

    def counting(self: common.PreparedImage, data: bytes) -> None:
        created.append("x")
        original(self, data)

    monkeypatch.setattr(common.PreparedImage, "__init__", counting)
    common._image_cache.clear()
    logo = samples.sample_logo_png(300, 350)
    kop = replace(samples.sample_kop(), logo=logo)
    pdfs = [to_bytes(build_letter, replace(samples.sample_letter(), kop=kop)) for _ in range(3)]
    assert len(created) == 1
    for pdf in pdfs:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        xobjects = reader.pages[0]["/Resources"]["/XObject"]
        images = [reader.get_object(x) for x in xobjects.values()]
        images = [im for im in images if im["/Subtype"] == "/Image"]
        assert len(images) == 1
        assert (images[0]["/Width"], images[0]["/Height"]) == (300, 350)
        assert "/SMask" in images[0]  # transparency kept
    # the logo is actually painted: dark green pixels in the top-left corner of the page
    img = pdfium.PdfDocument(pdfs[0])[0].render(scale=1).to_pil().convert("RGB")
    left, top = int(30 * PT_PER_MM), int(25 * PT_PER_MM)
    region = img.crop((left, top, left + 60, top + 60))
    assert any(g > r + 40 and g > b + 20 for r, g, b in region.get_flattened_data())


def test_broken_or_missing_logo_prints_without_logo(tmp_path: Path) -> None:
    for logo in (b"not an image at all", tmp_path / "missing.png"):
        kop = KopSurat(pemerintah="PEMERINTAH KOTA BEKASI", nama_kantor="KECAMATAN X", logo=logo)
        pdf = to_bytes(build_letter, LetterDoc(kop=kop, nomor="1", tanggal=None, body=("Isi.",)))
        assert "KECAMATAN X" in page_texts(pdf)[0]
        assert b"/Subtype /Image" not in pdf


def test_diktum_labels() -> None:
    assert [diktum_label(i) for i in (1, 2, 3, 4, 10, 11, 12)] == [
        "KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KESEPULUH", "KESEBELAS", "KEDUA BELAS",
    ]  # fmt: skip


def test_writes_to_path(tmp_path: Path) -> None:
    out = tmp_path / "surat.pdf"
    build_letter(samples.sample_letter(logo=False), out)
    assert out.read_bytes().startswith(b"%PDF-")
    build_letter(samples.sample_letter(logo=False), str(tmp_path / "surat2.pdf"))
    assert (tmp_path / "surat2.pdf").stat().st_size > 1000


def test_qr_fallback_encoder_decodes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without zxing-cpp's writer (older versions) ReportLab's encoder with our mask choice is used."""
    monkeypatch.setattr(common, "_qr_zxing", lambda value, level: None)
    common.qr_matrix.cache_clear()
    try:
        for rid in (1, 77, 123456):
            pdf = to_bytes(build_letter, samples.sample_letter(logo=False, record_id=rid))
            assert [c.ref for c in qr_codes(pdf)] == [recordref.RecordRef("surat_keluar", rid)]
        rows = common.qr_matrix("TU1:sep:9:abcdef")
        assert len(rows) == len(rows[0]) >= 21 and rows[0].startswith("1111111")  # finder pattern
    finally:
        common.qr_matrix.cache_clear()


def test_long_fields_wrap_instead_of_overflowing() -> None:
    hal = "Permohonan Data Kependudukan dan Pencatatan Sipil untuk Pemutakhiran Daftar Pemilih Tahun 2026 " * 2
    tujuan = "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi beserta seluruh jajaran di lingkungannya"
    doc = replace(samples.sample_letter(), hal=hal.strip(), tujuan=(tujuan,))
    pdf = to_bytes(build_letter, doc)
    t = norm(page_texts(pdf)[0])
    assert "Hal : " + hal.strip() in t
    assert tujuan in t
    hal_start = text_box(pdf, 0, "Permohonan Data")
    hal_end = text_box(pdf, 0, "Tahun 2026", occurrence=1)
    assert hal_end[1] < hal_start[1] - 10  # wrapped onto a further line ...
    right_margin = F4[0] - doc.page.margin_right_mm * PT_PER_MM
    for box in (hal_start, hal_end, text_box(pdf, 0, "lingkungannya")):
        assert box[2] <= right_margin + 1  # ... and nothing runs into the right margin
