"""Lembar disposisi, registers, kwitansi and lembar pemisah read back from their PDFs."""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import replace
from decimal import Decimal

import pypdf
import pypdfium2 as pdfium
import pytest

from tatausaha import recordref
from tatausaha.errors import ValidationFailed
from tatausaha.printing import build_disposition, build_kwitansi, build_register, build_separator, samples, to_bytes
from tatausaha.printing.data import DispositionSheet, KopSurat, RegisterColumn, RegisterDoc, SeparatorSheet
from tatausaha.printing.readback import PT_PER_MM, page_sizes_pt, page_texts, qr_codes
from tatausaha.printing.separator import build_separators


def norm(text: str) -> str:
    return " ".join(text.split())


def paper(pdf: bytes) -> list[tuple[float, float]]:
    sizes = [(round(w / PT_PER_MM, 2), round(h / PT_PER_MM, 2)) for w, h in page_sizes_pt(pdf)]
    boxes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert [(round(w / PT_PER_MM, 2), round(h / PT_PER_MM, 2)) for w, h in boxes] == sizes
    return sizes


@functools.lru_cache(maxsize=4)
def _page_image(pdf: bytes):  # type: ignore[no-untyped-def]
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=4).to_pil().convert("L")
    finally:
        doc.close()


def box_is_ticked(pdf: bytes, label: str) -> bool:
    """Look at the checkbox left of ``label``: a tick puts dark pixels inside the square."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        tp = page.get_textpage()
        hit = tp.search(label, match_case=True).get_next()
        assert hit is not None, label
        left, bottom, _, top = tp.get_charbox(hit[0])
        height = page.get_height()
    finally:
        doc.close()
    img = _page_image(pdf)
    scale = 4
    # the square is 3.2 mm wide and ends ~1.8 mm left of the text; sample its inner part
    x1 = int((left - 2.6 * PT_PER_MM) * scale)
    x0 = int((left - 4.2 * PT_PER_MM) * scale)
    y_mid = (bottom + top) / 2
    y0 = int((height - y_mid - 0.9 * PT_PER_MM) * scale)
    y1 = int((height - y_mid + 0.9 * PT_PER_MM) * scale)
    region = img.crop((x0, y0, x1, y1))
    dark = sum(1 for v in region.get_flattened_data() if v < 100)
    return dark > 6


# --------------------------------------------------------------------------- disposisi


def test_disposition_half_f4_with_all_fields() -> None:
    doc = samples.sample_disposition()
    pdf = to_bytes(build_disposition, doc)
    assert paper(pdf) == [(165.0, 215.0)]
    t = norm(page_texts(pdf)[0])
    for expected in (
        "KECAMATAN JATISAMPURNA",
        "LEMBAR DISPOSISI",
        "Surat dari : Dinas Kearsipan dan Perpustakaan Kota Bekasi",
        "No. Surat : 000.5/211/Disarpus",
        "Tgl. Surat : 6 April 2026",
        "Diterima tgl. : 8 April 2026",
        "No. Agenda : 0412",
        "Perihal : Bimbingan Teknis Kearsipan",
        "Kode: 000.5",
        "Diteruskan kepada Sdr.:",
        "Dengan hormat harap:",
        "Catatan: Tugaskan satu orang",
        "Batas waktu: 17 April 2026",
        "CAMAT JATISAMPURNA,",
        "NIP. 19720314 199303 1 004",
        "Tanggal: 8 April 2026",
    ):
        assert expected in t, expected
    for option in doc.instruksi_options + doc.diteruskan_options + doc.sifat_options:
        assert option in t
    codes = qr_codes(pdf, dpi=200)
    assert [c.ref for c in codes] == [recordref.RecordRef("disposisi", 7)]


def test_disposition_ticks_exactly_the_chosen_boxes() -> None:
    doc = samples.sample_disposition()
    pdf = to_bytes(build_disposition, doc)
    for option in doc.instruksi_options:
        assert box_is_ticked(pdf, option) == (option in doc.instruksi), option
    for option in doc.diteruskan_options:
        assert box_is_ticked(pdf, option) == (option in doc.diteruskan_kepada), option
    assert box_is_ticked(pdf, "Sangat Segera") is False
    assert box_is_ticked(pdf, "Rahasia") is False
    assert box_is_ticked(pdf, "Biasa") is False
    urgent = to_bytes(build_disposition, replace(doc, sifat=("Sangat Segera", "Rahasia")))
    assert box_is_ticked(urgent, "Sangat Segera") and box_is_ticked(urgent, "Rahasia")
    assert not box_is_ticked(urgent, "Biasa")


def test_disposition_adds_unlisted_choices_and_minimal_sheet() -> None:
    kop = KopSurat(pemerintah="PEMERINTAH KOTA BEKASI", nama_kantor="KECAMATAN JATISAMPURNA")
    doc = DispositionSheet(
        kop=kop, surat_dari="Warga", nomor_surat="-", tanggal_surat=None, perihal="Pengaduan",
        diterima_tanggal=dt.date(2026, 5, 4), nomor_agenda="9", instruksi=("Telaah hukum",),
        diteruskan_kepada=("Kasi Trantib",),
    )  # fmt: skip
    pdf = to_bytes(build_disposition, doc)
    t = norm(page_texts(pdf)[0])
    assert "Telaah hukum" in t and "Kasi Trantib" in t and "Paraf," in t
    assert box_is_ticked(pdf, "Telaah hukum") and box_is_ticked(pdf, "Kasi Trantib")
    assert qr_codes(pdf) == []


# --------------------------------------------------------------------------- registers


def test_register_landscape_header_repeated_every_page() -> None:
    doc = samples.sample_register(rows=120)
    pdf = to_bytes(build_register, doc)
    sizes = paper(pdf)
    assert len(sizes) >= 3
    assert set(sizes) == {(330.0, 215.0)}  # F4 landscape
    texts = [norm(t) for t in page_texts(pdf)]
    assert "BUKU AGENDA SURAT MASUK KECAMATAN JATISAMPURNA Bulan Februari 2026 No. Agenda" in texts[0]
    for i, t in enumerate(texts):
        assert "Perihal / Isi Ringkas" in t and "Diteruskan kepada" in t  # the header on every page
        assert "1 2 3 4 5 6 7 8 9" in t  # column numbers under the header
        assert f"Halaman {i + 1}" in t
    joined = " ".join(texts)
    for n in range(1, 121):
        assert joined.count(f"{n:04d} ") == 1, n  # every row exactly once
    assert "Mengetahui, Kepala Subbagian Umum dan Kepegawaian," in joined
    # the closing signature never stands alone: the last rows are on its page
    assert "HENDRA GUNAWAN" in texts[-1] and "0120 " in texts[-1] and "0119 " in texts[-1]
    codes = qr_codes(pdf, dpi=150)
    assert [c.page for c in codes] == list(range(len(texts)))
    assert {c.ref for c in codes} == {recordref.RecordRef("register", 202602)}


@pytest.mark.parametrize("rows", [1, 2, 3, 19, 20, 21, 22, 40, 41, 42])
def test_register_signature_keeps_last_rows_and_header(rows: int) -> None:
    pdf = to_bytes(build_register, samples.sample_register(rows=rows))
    texts = [norm(t) for t in page_texts(pdf)]
    assert f"{rows:04d} " in texts[-1] and "HENDRA GUNAWAN" in texts[-1]
    for t in texts:
        assert t.count("Perihal / Isi Ringkas") == 1  # header once per page: never missing, never doubled
    joined = " ".join(texts)
    assert all(joined.count(f"{n:04d} ") == 1 for n in range(1, rows + 1))


def test_register_empty_and_a4() -> None:
    doc = RegisterDoc(
        title="Buku Ekspedisi",
        period="Tahun 2026",
        columns=(RegisterColumn("No."), RegisterColumn("Tujuan", 3), RegisterColumn("Paraf Penerima", 2)),
        rows=(),
        page=replace(samples.sample_register().page, paper="A4"),
    )
    pdf = to_bytes(build_register, doc)
    assert paper(pdf) == [(297.0, 210.0)]
    t = norm(page_texts(pdf)[0])
    assert "BUKU EKSPEDISI" in t and "Tidak ada data pada periode ini." in t


def test_register_short_rows_and_escaping() -> None:
    doc = RegisterDoc(
        title="Buku Agenda Surat Keluar",
        period="Maret 2026",
        columns=(RegisterColumn("No."), RegisterColumn("Perihal", 3), RegisterColumn("Ket.")),
        rows=(("1", "Rapat <penting> & mendesak"), ("2", None, "batal")),
    )
    t = norm(page_texts(to_bytes(build_register, doc))[0])
    assert "Rapat <penting> & mendesak" in t and "batal" in t


# --------------------------------------------------------------------------- kwitansi


def test_kwitansi_amount_in_figures_and_words() -> None:
    doc = samples.sample_kwitansi()
    pdf = to_bytes(build_kwitansi, doc)
    assert paper(pdf) == [(215.0, 330.0)]
    t = norm(page_texts(pdf)[0])
    for expected in (
        "KWITANSI",
        "Nomor : KW/045/Kec.Jts/IV/2026",
        "Tahun Anggaran : 2026",
        "Kode Rekening : 5.1.02.01.01.0024",
        "Sudah terima dari : Bendahara Pengeluaran Kecamatan Jatisampurna",
        "Dua Juta Sembilan Ratus Lima Puluh Ribu Rupiah",
        "Untuk pembayaran : Pembayaran pengadaan map arsip",
        "Rp2.950.000,00",
        "Bekasi, 20 April 2026",
        "Setuju dibayar,",
        "Lunas dibayar,",
        "Yang menerima,",
        "CV MAJU JAYA ABADI",
        "NIP. 19720314 199303 1 004",
    ):
        assert expected in t, expected
    assert "Meterai" not in t  # the caller asked for no meterai box
    assert [c.ref for c in qr_codes(pdf)] == [recordref.RecordRef("kwitansi", 45)]


@pytest.mark.parametrize(
    ("jumlah", "figures", "words"),
    [
        (Decimal("12345678.50"), "Rp12.345.678,50", "Dua Belas Juta Tiga Ratus Empat Puluh Lima Ribu Enam Ratus "
         "Tujuh Puluh Delapan Rupiah Lima Puluh Sen"),
        (1_000_000_000_000, "Rp1.000.000.000.000,00", "Satu Triliun Rupiah"),
        (2_500_000_000, "Rp2.500.000.000,00", "Dua Miliar Lima Ratus Juta Rupiah"),
        (1, "Rp1,00", "Satu Rupiah"),
    ],
)  # fmt: skip
def test_kwitansi_amounts(jumlah: int | Decimal, figures: str, words: str) -> None:
    t = norm(page_texts(to_bytes(build_kwitansi, replace(samples.sample_kwitansi(), jumlah=jumlah)))[0])
    assert figures in t and words in t
    assert "Meterai" not in t  # printing knows no bea meterai law: no box unless the caller asks


@pytest.mark.parametrize(("meterai", "tarif", "shown"), [
    (True, 10_000, ("Meterai", "Rp10.000")), (True, 6_000, ("Meterai", "Rp6.000")), (True, None, ("Meterai",)),
    (False, 10_000, ()),
])  # fmt: skip
def test_kwitansi_meterai_box_is_the_callers_decision(meterai: bool, tarif: int | None, shown: tuple[str, ...]) -> None:
    doc = replace(samples.sample_kwitansi(), jumlah=1_000_000, meterai=meterai, meterai_tarif=tarif)
    t = norm(page_texts(to_bytes(build_kwitansi, doc))[0])
    assert ("Meterai" in t) == bool(shown)
    assert all(s in t for s in shown) and ("Rp10.000" in t) == ("Rp10.000" in shown)


@pytest.mark.parametrize("bad", [0, -5, Decimal("1.005"), 10**15, Decimal("NaN"), 1.5, "100"])
def test_kwitansi_refuses_bad_amounts_in_indonesian(bad: object) -> None:
    with pytest.raises(ValidationFailed) as err:
        to_bytes(build_kwitansi, replace(samples.sample_kwitansi(), jumlah=bad))
    assert "Jumlah uang" in str(err.value)


# --------------------------------------------------------------------------- lembar pemisah


def test_separator_sheet_big_qr() -> None:
    sheet = samples.sample_separator()
    pdf = to_bytes(build_separator, sheet)
    assert paper(pdf) == [(210.0, 297.0)]
    t = norm(page_texts(pdf)[0])
    assert "LEMBAR PEMISAH" in t and "Batch pindai surat masuk" in t and sheet.record_ref in t
    codes = qr_codes(pdf, dpi=40)  # big enough to read even from a coarse, low-resolution scan
    assert [c.ref for c in codes] == [recordref.RecordRef("sep", 1)]


def test_several_separators_one_pdf_and_bad_ref() -> None:
    sheets = [SeparatorSheet(recordref.encode("sep", n)) for n in (1, 2, 3)]
    buf = io.BytesIO()
    build_separators(sheets, buf)
    codes = qr_codes(buf.getvalue(), dpi=50)
    assert [(c.page, c.ref.id if c.ref else None) for c in codes] == [(0, 1), (1, 2), (2, 3)]
    with pytest.raises(ValueError):
        build_separators([SeparatorSheet(recordref.encode("surat_masuk", 1))], io.BytesIO())


def test_overlong_content_flows_or_fails_in_indonesian() -> None:
    """A cell longer than a page splits across pages; what cannot split is a clear ValidationFailed."""
    from tatausaha.printing import build_letter
    from tatausaha.printing.data import Diktum

    big = " ".join(["kalimat panjang sekali untuk menguji"] * 500)
    sk = samples.sample_keputusan()
    pdf = to_bytes(build_letter, replace(sk, judul=replace(sk.judul, diktum=(Diktum(big + " AKHIR"),))))
    texts = page_texts(pdf)
    assert len(texts) >= 3 and "AKHIR" in texts[-1] + texts[-2]
    pdf = to_bytes(build_kwitansi, replace(samples.sample_kwitansi(), untuk=big))
    assert len(page_sizes_pt(pdf)) >= 2
    pdf = to_bytes(build_register, replace(samples.sample_register(3), rows=(("1", big) + ("x",) * 7,)))
    assert len(page_sizes_pt(pdf)) >= 2
    with pytest.raises(ValidationFailed, match="tidak dapat ditata"):
        to_bytes(build_letter, replace(samples.sample_letter(), signer=replace(samples.CAMAT, jabatan=big[:2500])))
