"""Every quarantine reason is Indonesian: no Pillow/PDFium/SQLAlchemy English and no exception class
names in the Kotak Pindai, the ``.alasan.txt`` files or the watcher's events (raw details: log only)."""

from __future__ import annotations

import errno
import io
import os
import random
import re
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, text

from tatausaha.ingest import reasons
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestEvent, IngestService
from tatausaha.models.ingest import QUARANTINED, ScanItem

FAST = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=False)

#: English words that library messages are made of (none of them is Indonesian; "data" and
#: "format" are, so they are not listed)
ENGLISH = re.compile(
    r"\b(error|errors|failed|failure|cannot|can't|could|unable|image|file|truncated|broken|identify|invalid|not|"
    r"the|is|of|exceeds|pixels|limit|password|decompression|bomb|attack|exception|traceback|database|locked|load|"
    r"document|bytes|processed|stream|sqlite3?|pdfium|pil|sql|errno|background|space|left|device|denied|"
    r"permission|such|directory|unexpected|missing|corrupt|empty|unsupported|encrypted|poison)\b", re.IGNORECASE)
#: exception class names (CamelCase) and machine codes (snake_case, e.g. "corrupt_image")
CLASS_NAME = re.compile(r"\b\w*(Error|Exception|Warning)\b|\b[A-Z]?[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b")


def assert_indonesian(sentence: str, what: str = "") -> None:
    assert sentence.strip(), what
    english = ENGLISH.findall(sentence)
    assert not english, (what, english, sentence)
    names = [m.group(0) for m in CLASS_NAME.finditer(sentence)]
    assert not names, (what, names, sentence)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(w: int = 300, h: int = 300) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((w, h), 60).save(buf, "PNG")
    return buf.getvalue()


def _bomb_png() -> bytes:
    """A PNG whose header claims 30,000 × 30,000 pixels."""
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b""))


def _bad_crc_png() -> bytes:
    data = bytearray(_png())
    data[29] ^= 0xFF  # inside the IHDR chunk's CRC
    return bytes(data)


def _jpeg(w: int = 600, h: int = 600) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((w, h), 80).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _bad_files() -> dict[str, bytes]:
    rng = random.Random(5)
    letter = T.letter_pdf(None)
    jpeg = _jpeg()
    return {
        "kosong.pdf": b"",
        "terpotong.pdf": letter[: len(letter) // 2],
        "rusak.pdf": b"%PDF-1.7\n" + rng.randbytes(3000) + b"\n%%EOF\n",
        "dokumen.docx": b"PK\x03\x04 bukan pindaian",
        "bukan-gambar.jpg": b"ini teks biasa, bukan JPEG",
        "gambar-terpotong.png": _png()[:200],
        "crc-salah.png": _bad_crc_png(),
        "bom.png": _bomb_png(),
        "foto-terpotong.jpg": jpeg[: len(jpeg) * 2 // 3],
        "tiff-rusak.tif": b"II*\x00" + rng.randbytes(2000),
        "besar.pdf": T.tiny_pdf("besar") + b"\n" + b"0" * 300_000,
    }


def test_bad_file_set_is_quarantined_with_indonesian_reasons_only(ctx, tmp_path: Path) -> None:
    scan = tmp_path / "pindai"
    scan.mkdir()
    bad = _bad_files()
    events: list[IngestEvent] = []
    svc = IngestService(ctx, [FolderSpec(scan)], FAST.with_(max_bytes=200_000), listener=events.append)
    svc.start()  # real watchdog observer
    try:
        for name, data in bad.items():
            (scan / name).write_bytes(data)
        assert svc.wait_idle(timeout=60, settle=1.0)
        import time

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and [p for p in scan.iterdir() if p.is_file()]:
            time.sleep(0.1)
    finally:
        svc.stop()
    with ctx.reader() as uow:
        rows = {r.source_name: r for r in uow.session.execute(select(ScanItem)).scalars()}
        for r in rows.values():
            uow.session.expunge(r)
    for name in bad:
        row = rows[name]
        assert row.state == QUARANTINED, (name, row.state, row.note)
        assert_indonesian(row.reason, name)
        reason_file = Path(row.dest_path).with_name(Path(row.dest_path).name + ".alasan.txt").read_text("utf-8")
        alasan = reason_file.split("Alasan:", 1)[1]  # the header lines hold the path and the file's name
        assert_indonesian(alasan, name + " (.alasan.txt)")
    for e in events:
        if e.kind in ("quarantined", "error"):
            assert_indonesian(e.message or "-", e.kind)
    # each kind of damage is told apart, in words a clerk understands
    assert "terpotong" in rows["foto-terpotong.jpg"].reason.lower()
    assert "terlalu besar" in rows["bom.png"].reason.lower()
    assert "rusak" in rows["crc-salah.png"].reason.lower() and "rusak" in rows["rusak.pdf"].reason.lower()


def _locked_db_error(tmp_path: Path) -> BaseException:
    """SQLAlchemy's own error for a database another program holds locked."""
    from sqlalchemy import create_engine

    db = tmp_path / "terkunci.sqlite"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{db}", connect_args={"timeout": 0.05})
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
    except Exception as exc:  # noqa: BLE001 - the real exception is the point
        return exc
    finally:
        holder.close()
        engine.dispose()
    raise AssertionError("the database was not locked")


def _real_errors(tmp_path: Path) -> dict[str, BaseException]:
    import pypdfium2 as pdfium
    from PIL import UnidentifiedImageError

    errors: dict[str, BaseException] = {"locked": _locked_db_error(tmp_path)}
    try:
        pdfium.PdfDocument(b"%PDF-1.7\n garbage \n%%EOF")
    except pdfium.PdfiumError as exc:
        errors["pdfium"] = exc
    try:
        Image.open(io.BytesIO(b"not an image at all"))
    except UnidentifiedImageError as exc:
        errors["pillow-identify"] = exc
    jpeg = _jpeg()
    try:
        Image.open(io.BytesIO(jpeg[: len(jpeg) // 2])).load()
    except OSError as exc:
        errors["pillow-truncated"] = exc
    Image.MAX_IMAGE_PIXELS = 200_000_000
    try:
        Image.open(io.BytesIO(_bomb_png()))
    except Image.DecompressionBombError as exc:
        errors["pillow-bomb"] = exc
    try:
        open(tmp_path / "tidak-ada" / "x.pdf", "rb")  # noqa: SIM115
    except FileNotFoundError as exc:
        errors["gone"] = exc
    errors["disk-full"] = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/arsip/ab/cd/x")
    errors["unknown"] = KeyError("some_internal_key")
    errors["runtime"] = RuntimeError("Tesseract gagal: Error in pixReadMem: Unknown format")
    return errors


def test_every_exception_becomes_an_indonesian_reason_and_its_details_go_to_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    errors = _real_errors(tmp_path)
    assert len(errors) == 9
    caplog.set_level("INFO", logger="tatausaha.ingest.reasons")
    said = {}
    for what, exc in errors.items():
        said[what] = reasons.describe(exc, context=what)
        assert_indonesian(said[what], what)
    assert said["locked"] == reasons.DB_BUSY
    assert said["pdfium"] == reasons.PDF_CORRUPT
    assert said["pillow-truncated"] == reasons.IMAGE_TRUNCATED
    assert said["pillow-bomb"] == reasons.IMAGE_TOO_LARGE
    assert said["disk-full"] == reasons.DISK_FULL
    assert said["unknown"] == said["runtime"] == reasons.UNEXPECTED
    # the raw text is kept for whoever reads the log
    assert "some_internal_key" in caplog.text and "OperationalError" in caplog.text


def test_inbox_show_of_a_quarantined_scan_says_its_reason_not_its_code(
    ctx, cli_login, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tatausaha.cli import main

    scan = tmp_path / "pindai"
    scan.mkdir()
    jpeg = _jpeg()
    (scan / "foto.jpg").write_bytes(jpeg[: len(jpeg) * 2 // 3])
    (scan / "kosong.pdf").write_bytes(b"")
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=30)
    with ctx.reader() as uow:
        ids = list(uow.session.execute(select(ScanItem.id).where(ScanItem.state == QUARANTINED)).scalars())
    assert len(ids) == 2
    for item_id in ids:
        capsys.readouterr()
        assert main(["inbox", "show", str(item_id)]) == 0
        out = capsys.readouterr().out
        assert_indonesian(out, out)
        assert "terpotong" in out.lower() or "kosong" in out.lower()
