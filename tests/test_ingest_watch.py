"""The scan folder with real watchdog observers on temporary folders."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestEvent, IngestService
from tatausaha.models.document import Document
from tatausaha.models.ingest import QUARANTINED, REVIEW, ScanItem

FAST = IngestConfig(quiet_seconds=0.3, rescan_seconds=0, ocr_enabled=False)


def _items(ctx) -> list[ScanItem]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        rows = list(uow.session.execute(select(ScanItem).order_by(ScanItem.id)).scalars())
        for r in rows:
            uow.session.expunge(r)
        return rows


def _wait(pred, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    d = tmp_path / "pindai"
    d.mkdir()
    return d


@pytest.mark.parametrize("polling", [False, True], ids=["native", "polling"])
def test_slowly_written_file_is_taken_once_after_it_is_complete(ctx, scan: Path, polling: bool) -> None:
    events: list[IngestEvent] = []
    folder = FolderSpec(scan, polling=polling, poll_interval=0.1)
    svc = IngestService(ctx, [folder], FAST.with_(quiet_seconds=0.5), listener=events.append)
    svc.start()
    try:
        data = T.concat_pdfs([T.tiny_pdf(f"halaman {i}") for i in range(3)])
        target = scan / "surat-lambat.pdf"
        chunks = [data[i:i + len(data) // 8 + 1] for i in range(0, len(data), len(data) // 8 + 1)]
        with target.open("wb") as fh:  # a scanner writing over ~1.2 s, pausing between chunks
            for chunk in chunks:
                fh.write(chunk)
                fh.flush()
                time.sleep(0.15)
                assert not _items(ctx), "a half-written file was taken"
        finished = time.monotonic()
        assert _wait(lambda: any(e.kind in ("review", "filed") for e in events))
        took = time.monotonic() - finished
    finally:
        svc.stop()
    rows = _items(ctx)
    assert len(rows) == 1, [r.source_name for r in rows]
    row = rows[0]
    assert row.state == REVIEW and row.source_done and row.page_count == 3
    assert ctx.store.read_bytes(row.sha256) == data  # the complete bytes, not a prefix
    assert not target.exists() and Path(row.dest_path).read_bytes() == data
    assert took >= 0.45  # the quiet period was respected after the last write


def test_thousand_files_dropped_at_once_are_all_filed_once_each(ctx, scan: Path) -> None:
    svc = IngestService(ctx, [FolderSpec(scan)], FAST.with_(quiet_seconds=0.2, workers=2))
    svc.start()
    try:
        staging = scan.parent / "staging"
        staging.mkdir()
        for i in range(1000):  # prepared elsewhere, then moved in at once (as a copy job does)
            (staging / f"scan-{i:04d}.pdf").write_bytes(T.tiny_pdf(f"dokumen nomor {i}"))
        for p in staging.iterdir():
            os.replace(p, scan / p.name)
        assert svc.wait_idle(timeout=90, settle=0.5), svc.counts()
    finally:
        svc.stop()
    with ctx.reader() as uow:
        n_items = uow.session.execute(select(func.count()).select_from(ScanItem)).scalar_one()
        n_names = uow.session.execute(select(func.count(func.distinct(ScanItem.source_name)))).scalar_one()
        n_docs = uow.session.execute(select(func.count()).select_from(Document)).scalar_one()
        open_rows = uow.session.execute(
            select(func.count()).select_from(ScanItem).where(ScanItem.source_done.is_(False))).scalar_one()
    assert (n_items, n_names, n_docs, open_rows) == (1000, 1000, 1000, 0)
    assert not [p for p in scan.iterdir() if p.is_file()]
    assert len(list((scan / "_diproses").rglob("*.pdf"))) == 1000


def test_folder_of_bad_files_is_quarantined_with_reasons_and_watcher_lives_on(ctx, scan: Path) -> None:
    good = T.tiny_pdf("surat yang baik")
    letter = T.letter_pdf(None)
    bad = {
        "kosong.pdf": b"",
        "terpotong.pdf": letter[: len(letter) // 2],
        "rusak.pdf": b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n",
        "dokumen.docx": b"PK\x03\x04 bukan pindaian",
        "bukan-gambar.jpg": b"ini teks biasa, bukan JPEG",
        "gambar-terpotong.png": _png()[:200],
        "besar.pdf": good + b"\n" + b"0" * 300_000,
    }
    svc = IngestService(ctx, [FolderSpec(scan)], FAST.with_(max_bytes=200_000))
    svc.start()
    try:
        for name, data in bad.items():
            (scan / name).write_bytes(data)
        (scan / "terkunci.pdf").write_bytes(_encrypted_pdf())
        odd = os.fsencode(scan) + b"/surat-\xff\xfe.pdf"
        with open(odd, "wb") as fh:
            fh.write(good)
        assert svc.wait_idle(timeout=30, settle=0.5)
        (scan / "sesudahnya.pdf").write_bytes(T.tiny_pdf("watcher masih hidup"))  # the watcher keeps going
        assert _wait(lambda: any(r.source_name == "sesudahnya.pdf" and r.source_done for r in _items(ctx)))
    finally:
        svc.stop()
    rows = {r.source_name: r for r in _items(ctx)}
    quarantined = {n: r for n, r in rows.items() if r.state == QUARANTINED}
    assert len(quarantined) == len(bad) + 2, sorted(rows)
    expect = {"kosong.pdf": "kosong", "terpotong.pdf": "terpotong", "rusak.pdf": "rusak", "dokumen.docx": "tidak didukung",
              "bukan-gambar.jpg": "bukan gambar", "gambar-terpotong.png": "gambar", "besar.pdf": "terlalu besar",
              "terkunci.pdf": "kata sandi"}
    for name, word in expect.items():
        r = quarantined[name]
        assert word in r.reason.lower(), (name, r.reason)
        dest = Path(r.dest_path)
        assert dest.exists() and dest.read_bytes() == (bad.get(name) if name in bad else dest.read_bytes())
        reason_file = dest.with_name(dest.name + ".alasan.txt").read_text(encoding="utf-8")
        assert r.reason in reason_file and name in reason_file
    odd_row = next(r for n, r in quarantined.items() if n.startswith("surat-"))
    assert "pengodean" in odd_row.reason and Path(odd_row.dest_path).read_bytes() == good
    assert rows["sesudahnya.pdf"].state == REVIEW
    assert not [p for p in os.listdir(os.fsencode(scan)) if os.path.isfile(os.path.join(os.fsencode(scan), p))]


def test_ignored_names_are_left_alone_and_a_locked_file_is_retried(ctx, scan: Path) -> None:
    for name in ("scan.tmp", "scan.part", "~$surat.pdf", "Thumbs.db", "desktop.ini", ".tersembunyi.pdf"):
        (scan / name).write_bytes(T.tiny_pdf(name))
    locked = scan / "terkunci-sementara.pdf"
    locked.write_bytes(T.tiny_pdf("dikunci penulisnya"))
    if os.name == "nt":
        pytest.skip("Windows: a deny-share open needs the Win32 API; can_open's O_RDWR check covers it there")
    import fcntl

    writer = locked.open("r+b")  # like a scanner (or Samba for one) holding the file exclusively;
    fcntl.flock(writer, fcntl.LOCK_EX)  # an flock binds root as well, unlike chmod 0
    svc = IngestService(ctx, [FolderSpec(scan)], FAST)
    svc.start()
    try:
        assert _wait(lambda: svc.counts().retrying == 1, 10)
        assert _items(ctx) == []
        writer.close()  # the writer lets go
        assert _wait(lambda: any(r.source_done for r in _items(ctx)), 15)
        # a scanner that writes "x.tmp" then renames it: taken under its final name
        tmp = scan / "akhir.tmp"
        tmp.write_bytes(T.tiny_pdf("diganti nama"))
        os.replace(tmp, scan / "akhir.pdf")
        assert _wait(lambda: any(r.source_name == "akhir.pdf" and r.source_done for r in _items(ctx)), 15)
    finally:
        writer.close()
        svc.stop()
    names = sorted(r.source_name for r in _items(ctx))
    assert names == ["akhir.pdf", "terkunci-sementara.pdf"]
    assert sorted(p.name for p in scan.iterdir() if p.is_file()) == sorted(
        ["scan.tmp", "scan.part", "~$surat.pdf", "Thumbs.db", "desktop.ini", ".tersembunyi.pdf"])


def test_files_dropped_while_the_watcher_was_down_are_found_at_start(ctx, scan: Path) -> None:
    for i in range(5):
        (scan / f"lama-{i}.pdf").write_bytes(T.tiny_pdf(f"ditaruh saat mati {i}"))
    counts = IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=30)
    assert counts.review == 5 and counts.pending == 0
    # and the periodic rescan finds a file whose event was missed
    svc = IngestService(ctx, [FolderSpec(scan)], FAST.with_(rescan_seconds=0.3))
    svc.start(observe=False)  # no observer at all: only the rescan can see it
    try:
        (scan / "terlewat.pdf").write_bytes(T.tiny_pdf("peristiwa terlewat"))
        assert _wait(lambda: any(r.source_name == "terlewat.pdf" and r.source_done for r in _items(ctx)), 10)
    finally:
        svc.stop()


def test_duplicates_are_recorded_not_stored_twice(ctx, scan: Path) -> None:
    data = T.tiny_pdf("surat yang sama dipindai dua kali")
    (scan / "pertama.pdf").write_bytes(data)
    IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=30)
    (scan / "kedua.pdf").write_bytes(data)
    c = IngestService(ctx, [FolderSpec(scan)], FAST).run_once(timeout=30)
    assert c.duplicate == 1
    rows = {r.source_name: r for r in _items(ctx)}
    assert rows["kedua.pdf"].state == "duplicate"
    assert rows["kedua.pdf"].document_id == rows["pertama.pdf"].document_id
    assert rows["kedua.pdf"].duplicate_of_id == rows["pertama.pdf"].id
    with ctx.reader() as uow:
        assert uow.session.execute(select(func.count()).select_from(Document)).scalar_one() == 1


def test_delete_mode_removes_the_original_only_after_archiving(ctx, scan: Path) -> None:
    data = T.tiny_pdf("hapus setelah diarsipkan")
    (scan / "hapus.pdf").write_bytes(data)
    IngestService(ctx, [FolderSpec(scan, after="delete")], FAST).run_once(timeout=30)
    (row,) = _items(ctx)
    assert row.source_done and not (scan / "hapus.pdf").exists() and not (scan / "_diproses").exists()
    assert ctx.store.read_bytes(row.sha256) == data


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (300, 300), 200).save(buf, "PNG")
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    for p in PdfReader(io.BytesIO(T.tiny_pdf("rahasia"))).pages:
        w.add_page(p)
    w.encrypt(user_password="sandi", owner_password="pemilik")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_service_counts_and_listener_from_threads(ctx, scan: Path) -> None:
    seen: list[str] = []
    lock = threading.Lock()

    def listener(e: IngestEvent) -> None:
        with lock:
            seen.append(e.kind)

    svc = IngestService(ctx, [FolderSpec(scan)], FAST, listener=listener)
    svc.start()
    try:
        (scan / "a.pdf").write_bytes(T.tiny_pdf("a"))
        assert _wait(lambda: "review" in seen)
        c = svc.counts()
        assert c.running and c.review == 1 and c.pending == 0
    finally:
        svc.stop()
    assert seen[0] == "started" and seen[-1] == "stopped"
