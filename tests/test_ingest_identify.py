"""Identification: printed QR → its record, separator sheets, filename rules, text layer, OCR."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from tatausaha import recordref
from tatausaha.ingest import ocr
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.extract import extract, normalize_nomor
from tatausaha.ingest.service import IngestService
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.ingest import DUPLICATE, FILED, REVIEW, SPLIT, ScanItem

FAST = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=False)


def _rows(ctx) -> dict[str, ScanItem]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        rows = list(uow.session.execute(select(ScanItem).order_by(ScanItem.id)).scalars())
        for r in rows:
            uow.session.expunge(r)
    return {r.source_name: r for r in rows}


def _links(ctx, kind: str, rid: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        return [(d.original_name, link.role) for link, d in uow.session.execute(
            select(DocumentLink, Document).join(Document, Document.id == DocumentLink.document_id)
            .where(DocumentLink.record_kind == kind, DocumentLink.record_id == rid)).all()]


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    d = tmp_path / "pindai"
    d.mkdir()
    return d


@pytest.mark.parametrize("fmt", ["JPEG", "PDF"])
def test_printed_letter_scanned_crooked_and_noisy_lands_on_its_record(ctx, scan: Path, fmt: str) -> None:
    with ctx.uow() as uow:
        T.make_surat_keluar(uow, nomor="000.1/1/Kec.JTS/2024")  # a decoy
        kid = T.make_surat_keluar(uow, nomor="000.1/123/Kec.JTS/2024", hal="Undangan Rapat Koordinasi")
        uow.commit()
    printed = T.letter_pdf(recordref.encode("surat_keluar", kid))
    scanned = T.scannerize(printed, random.Random(7), fmt=fmt)
    name = "SCAN0001." + ("jpg" if fmt == "JPEG" else "pdf")
    (scan / name).write_bytes(scanned)
    c = IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=60)
    assert c.filed == 1
    row = _rows(ctx)[name]
    assert (row.state, row.method, row.record_kind, row.record_id, row.role) == (FILED, "qr", "surat_keluar", kid, "ttd")
    assert _links(ctx, "surat_keluar", kid) == [(name, "ttd")]
    assert ctx.store.read_bytes(row.sha256) == scanned  # the original is kept byte for byte
    if fmt == "JPEG":  # and a PDF is derived for viewing
        with ctx.reader() as uow:
            view = uow.session.get(Document, row.view_document_id)
            assert view is not None and view.mime == "application/pdf"
            assert ctx.store.read_bytes(view.sha256).startswith(b"%PDF")


def test_batch_of_ten_letters_split_by_separator_sheets(ctx, scan: Path) -> None:
    with ctx.uow() as uow:
        ids = [T.make_surat_keluar(uow, nomor=f"000.1/{100 + i}/Kec.JTS/2024", nomor_agenda=i + 1) for i in range(10)]
        uow.commit()
    pages = []
    for i, kid in enumerate(ids):
        pages.append(T.separator_pdf(i + 1))
        letter = T.letter_pdf(recordref.encode("surat_keluar", kid), nomor=f"000.1/{100 + i}/Kec.JTS/2024")
        if i == 4:  # a two-page letter: the QR is on its first page only
            letter = T.concat_pdfs([letter, T.tiny_pdf("halaman kedua")])
        pages.append(letter)
    batch = T.scannerize(T.concat_pdfs(pages), random.Random(3), dpi=120, fmt="PDF")
    (scan / "batch.pdf").write_bytes(batch)
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=120)
    rows = _rows(ctx)
    parent = rows["batch.pdf"]
    assert parent.state == SPLIT and parent.source_done
    parts = sorted((r for r in rows.values() if r.parent_id == parent.id), key=lambda r: r.part_no or 0)
    assert [p.part_no for p in parts] == list(range(1, 11))
    assert [(p.state, p.record_kind, p.record_id) for p in parts] == [(FILED, "surat_keluar", k) for k in ids]
    assert [p.page_count for p in parts] == [1, 1, 1, 1, 2, 1, 1, 1, 1, 1]
    for kid in ids:
        assert len(_links(ctx, "surat_keluar", kid)) == 1


def test_separator_naming_its_record_files_the_part_without_its_own_qr(ctx, scan: Path) -> None:
    with ctx.uow() as uow:
        mid = T.make_surat_masuk(uow, nomor_surat="005/77/Dinkes/2024", perihal="Imunisasi")
        uow.commit()
    from tatausaha.ingest.testing import concat_pdfs, separator_pdf

    sep = _separator_with_target(recordref.encode("surat_masuk", mid))
    (scan / "dua.pdf").write_bytes(concat_pdfs([separator_pdf(1), T.tiny_pdf("lampiran tanpa kode"), sep,
                                                T.tiny_pdf("surat dari dinas kesehatan")]))
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=60)
    parts = sorted((r for r in _rows(ctx).values() if r.part_no), key=lambda r: r.part_no or 0)
    assert [(p.state, p.record_kind, p.record_id) for p in parts] == [(REVIEW, None, None), (FILED, "surat_masuk", mid)]
    assert parts[1].method == "separator"


def _separator_with_target(target_ref: str) -> bytes:
    """A separator sheet that also carries the ref of the record the next document belongs to."""
    import io

    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for value, x in ((recordref.encode("sep", 2), 60), (target_ref, 330)):
        w = QrCodeWidget(value)
        b = w.getBounds()
        d = Drawing(200, 200, transform=[200 / (b[2] - b[0]), 0, 0, 200 / (b[3] - b[1]), 0, 0])
        d.add(w)
        renderPDF.draw(d, c, x, 400)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_filename_rule_files_by_agenda_number(ctx, scan: Path) -> None:
    with ctx.uow() as uow:
        mid = T.make_surat_masuk(uow, nomor_surat="470/12/Disdukcapil/2024", perihal="Data penduduk", nomor_agenda=123)
        uow.commit()
    (scan / "SM-2024-0123.pdf").write_bytes(T.tiny_pdf("pindaian tanpa kode"))
    (scan / "SM-2024-0999.pdf").write_bytes(T.tiny_pdf("agenda yang tidak ada"))
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=30)
    rows = _rows(ctx)
    r = rows["SM-2024-0123.pdf"]
    assert (r.state, r.method, r.record_kind, r.record_id) == (FILED, "rule", "surat_masuk", mid)
    miss = rows["SM-2024-0999.pdf"]
    assert miss.state == REVIEW and "tidak ditemukan" in miss.note


def test_text_layer_matches_a_registered_letter_or_prefills_a_new_one(ctx, scan: Path) -> None:
    with ctx.uow() as uow:
        mid = T.make_surat_masuk(uow, nomor_surat="470/123/Disdukcapil/II/2024", perihal="Undangan Rapat Koordinasi")
        uow.commit()
    known = T.letter_pdf(None, nomor="470/123/Disdukcapil/II/2024",
                         pengirim=("PEMERINTAH KOTA BEKASI", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"))
    unknown = T.letter_pdf(None, nomor="800/55/BKPSDM/2024", hal="Pendataan Pegawai",
                           pengirim=("PEMERINTAH KOTA BEKASI", "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM"))
    (scan / "terdaftar.pdf").write_bytes(known)
    (scan / "baru.pdf").write_bytes(unknown)
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=30)
    rows = _rows(ctx)
    assert (rows["terdaftar.pdf"].state, rows["terdaftar.pdf"].method, rows["terdaftar.pdf"].record_id) == (FILED, "text", mid)
    new = rows["baru.pdf"]
    assert new.state == REVIEW
    from tatausaha.ingest import inbox

    with ctx.reader() as uow:
        pre = inbox.prefill(uow, new.id, "surat_masuk")
    assert pre["nomor_surat"] == "800/55/BKPSDM/2024"
    assert pre["perihal"] == "Pendataan Pegawai"
    assert "BADAN KEPEGAWAIAN" in str(pre["pengirim"])
    assert str(pre["tanggal_surat"]) == "2024-08-12"


@pytest.mark.skipif(not ocr.status().available, reason="tesseract-ocr + tesseract-ocr-ind not installed")
def test_ocr_reads_a_scanned_letter_without_text_layer(ctx, scan: Path) -> None:
    with ctx.uow() as uow:
        mid = T.make_surat_masuk(uow, nomor_surat="470/321/Disdukcapil/VIII/2024", perihal="Pemutakhiran Data")
        uow.commit()
    letter = T.letter_pdf(None, nomor="470/321/Disdukcapil/VIII/2024", hal="Pemutakhiran Data",
                          pengirim=("PEMERINTAH KOTA BEKASI", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"))
    (scan / "foto-surat.jpg").write_bytes(T.scannerize(letter, random.Random(5)))
    c = IngestService(ctx, [FolderSpec(scan)], FAST.with_(ocr_enabled=True, ocr_max_pages=1)).run_once(timeout=120)
    row = _rows(ctx)["foto-surat.jpg"]
    assert c.filed == 1 and (row.state, row.method, row.record_id) == (FILED, "ocr", mid)
    with ctx.reader() as uow:
        doc = uow.session.get(Document, row.document_id)
        assert doc is not None and doc.text_source == "ocr" and "Pemutakhiran" in (doc.text or "")


def test_without_ocr_the_scan_waits_and_says_ocr_is_off(ctx, scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TATAUSAHA_TESSERACT", str(scan / "tidak-ada" / "tesseract"))
    assert not ocr.status().available and "OCR mati" in ocr.status().message
    (scan / "foto.png").write_bytes(T.scannerize(T.letter_pdf(None), random.Random(1), fmt="PNG"))
    IngestService(ctx, [FolderSpec(scan)], FAST.with_(ocr_enabled=True)).run_once(timeout=30)
    row = _rows(ctx)["foto.png"]
    assert row.state == REVIEW and "OCR mati" in row.note


def test_duplicate_kept_as_reference_is_linked_to_what_it_names(ctx, scan: Path) -> None:
    with ctx.uow() as uow:
        a = T.make_surat_keluar(uow, nomor="000/1/Kec.JTS/2024", nomor_agenda=1)
        b = T.make_surat_keluar(uow, nomor="000/2/Kec.JTS/2024", nomor_agenda=2)
        uow.commit()
    data = T.tiny_pdf("lampiran yang sama")
    (scan / "SK-2024-0001.pdf").write_bytes(data)
    cfg = FAST.with_(duplicate_policy="reference")
    IngestService(ctx, [FolderSpec(scan)], cfg).run_once(timeout=30)
    (scan / "SK-2024-0002.pdf").write_bytes(data)
    IngestService(ctx, [FolderSpec(scan)], cfg).run_once(timeout=30)
    rows = _rows(ctx)
    assert rows["SK-2024-0001.pdf"].state == FILED
    dup = rows["SK-2024-0002.pdf"]
    assert (dup.state, dup.record_id, dup.role) == (DUPLICATE, b, "referensi")
    assert _links(ctx, "surat_keluar", a) == [("SK-2024-0001.pdf", "ttd")]
    assert _links(ctx, "surat_keluar", b) == [("SK-2024-0001.pdf", "referensi")]


def test_extract_letter_fields_from_text() -> None:
    text = """PEMERINTAH KOTA BEKASI
DINAS KESEHATAN
Jl. Pramuka No. 1

Bekasi, 3 Pebruari 2024
Nomor  : 440 / 12 / Dinkes / II / 2024     Lampiran : 1 berkas
Sifat  : Segera
Hal    : Pelaksanaan Bulan Imunisasi
Yth. Camat Jatisampurna"""
    ex = extract(text)
    assert normalize_nomor(ex.nomor_surat) == "440/12/DINKES/II/2024"
    assert str(ex.tanggal_surat) == "2024-02-03"
    assert ex.pengirim == "DINAS KESEHATAN"
    assert ex.perihal == "Pelaksanaan Bulan Imunisasi"
    assert not extract("")


def test_multipage_tiff_batch_is_kept_and_split_through_its_derived_pdf(ctx, scan: Path) -> None:
    with ctx.uow() as uow:
        a = T.make_surat_keluar(uow, nomor="000/7/Kec.JTS/2024", nomor_agenda=7)
        b = T.make_surat_keluar(uow, nomor="000/8/Kec.JTS/2024", nomor_agenda=8)
        uow.commit()
    pdf = T.concat_pdfs([T.letter_pdf(recordref.encode("surat_keluar", a)), T.separator_pdf(1),
                         T.letter_pdf(recordref.encode("surat_keluar", b))])
    tif = T.scannerize(pdf, random.Random(2), dpi=120, fmt="TIFF")
    (scan / "batch.tif").write_bytes(tif)
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=60)
    rows = _rows(ctx)
    parent = rows["batch.tif"]
    assert parent.state == SPLIT and parent.mime == "image/tiff" and parent.page_count == 3
    assert ctx.store.read_bytes(parent.sha256) == tif  # the image original is kept as it came
    parts = sorted((r for r in rows.values() if r.parent_id == parent.id), key=lambda r: r.part_no or 0)
    assert [(p.state, p.record_id, p.mime) for p in parts] == [(FILED, a, "application/pdf"), (FILED, b, "application/pdf")]
