"""Preprocessing before OCR (background flattening, contrast, deskew) on pages made from our own
printed letters and degraded as phone photos; the end-to-end case through a watched folder and
real Tesseract: a phone photo whose QR is covered gets its suggestion back."""

from __future__ import annotations

import io
import json
import random
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from tatausaha import recordref
from tatausaha.ingest import ocr, preprocess
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.qr import decode_refs
from tatausaha.ingest.service import IngestService
from tatausaha.models.ingest import REVIEW, ScanItem

NOMOR = "005/217/Kec.JTS/2024"
HAL = "Permohonan Data Kependudukan Warga Pindahan"


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return T.render_pages(T.letter_pdf(None, nomor=NOMOR, hal=HAL), 200)[0]


@pytest.mark.parametrize("angle", [-4.2, -1.5, 2.0, 3.6])
def test_skew_is_found_from_the_text_lines(page: Image.Image, angle: float) -> None:
    tilted = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    # the angle that levels it is the opposite one
    assert preprocess.estimate_skew(tilted) == pytest.approx(-angle, abs=0.3)
    assert preprocess.estimate_skew(page) == pytest.approx(0.0, abs=0.3)


def test_flattening_makes_unevenly_lit_paper_white_and_keeps_the_ink(page: Image.Image) -> None:
    lit = T.degrade(page, "lighting", random.Random(4))
    flat = preprocess.flatten(lit)
    w, h = lit.size
    corners = [(int(w * x), int(h * y)) for x in (0.05, 0.95) for y in (0.03, 0.97)]  # blank margins
    assert max(lit.getpixel(c) for c in corners) - min(lit.getpixel(c) for c in corners) > 80  # type: ignore[operator]
    assert all(flat.getpixel(c) >= 235 for c in corners)  # type: ignore[operator]
    # ink is still ink: the darkest percent of the page stays dark
    hist = flat.histogram()
    dark = sum(hist[:100]) / (w * h)
    assert 0.005 < dark < 0.2
    assert flat.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0)) > 200  # type: ignore[operator]


@pytest.mark.skipif(not ocr.status().available, reason="Tesseract (ind) not installed")
def test_phone_photo_with_covered_qr_gets_its_suggestion_after_preprocessing(ctx, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        T.make_surat_keluar(uow, nomor="005/1/Kec.JTS/2024", hal="Lain")  # a decoy
        kid = T.make_surat_keluar(uow, nomor=NOMOR, hal=HAL)
        uow.commit()
    printed = T.letter_pdf(recordref.encode("surat_keluar", kid), nomor=NOMOR, hal=HAL)
    photo = T.degraded_photo(printed, "phone", random.Random(1), cover_qr=True)
    assert decode_refs(Image.open(io.BytesIO(photo))) == []  # the thumb is over the QR code
    config = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=True, auto_file_text_match=False)
    results = {}
    for name, prep in (("tanpa.jpg", False), ("dengan.jpg", True)):
        scan = tmp_path / name.split(".")[0]
        scan.mkdir()
        svc = IngestService(ctx, [FolderSpec(scan)], config.with_(ocr_preprocess=prep))
        svc.start()  # a real watchdog observer; OCR in the service's OCR worker
        try:
            # the same photo sent twice: a byte after its end keeps the archive from calling it a duplicate
            (scan / name).write_bytes(photo + (b"\0" if prep else b""))
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and not _row(ctx, name):
                time.sleep(0.2)
            assert svc.wait_idle(timeout=180, settle=0.3)
        finally:
            svc.stop()
        results[name] = _row(ctx, name)
    before, after = results["tanpa.jpg"], results["dengan.jpg"]
    assert before is not None and after is not None
    assert before.state == REVIEW and after.state == REVIEW
    # without preprocessing Tesseract reads no number from the photo: nothing to suggest
    assert not any(s["id"] == kid and s["kind"] == "surat_keluar" for s in json.loads(before.suggestions or "[]"))
    # with it, the number and the subject come back, and the letter is the top suggestion
    extracted = json.loads(after.extracted or "{}")
    assert extracted.get("nomor_surat") == NOMOR and extracted.get("perihal") == HAL, extracted
    top = json.loads(after.suggestions or "[]")[0]
    assert (top["kind"], top["id"]) == ("surat_keluar", kid) and top["score"] >= 0.95


def _row(ctx, name: str) -> ScanItem | None:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        row = uow.session.execute(
            select(ScanItem).where(ScanItem.source_name == name, ScanItem.state.in_(["review", "filed"]))
        ).scalar_one_or_none()
        if row is not None:
            uow.session.expunge(row)
        return row
