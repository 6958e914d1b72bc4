"""``--delete``: deleting the original after filing never changes the filed item. A reader holding
the database (so the durability checkpoint cannot finish) delays the delete; it never turns a filed
scan into a quarantined one, and ``check`` / the Kotak Pindai counts agree with the letter."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tatausaha import recordref
from tatausaha.app import maintenance
from tatausaha.ingest import inbox
from tatausaha.ingest import service as service_module
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestEvent, IngestService
from tatausaha.models.ingest import FILED, QUARANTINED, ScanItem
from tatausaha.services import documents

FAST = IngestConfig(quiet_seconds=0.2, rescan_seconds=0, ocr_enabled=False)


def _rows(ctx) -> list[ScanItem]:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        rows = list(uow.session.execute(select(ScanItem).order_by(ScanItem.id)).scalars())
        for r in rows:
            uow.session.expunge(r)
    return rows


def _wait(pred, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.05)
    return False


def test_reader_holding_the_database_delays_the_delete_but_never_unfiles_the_scan(
    ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the watcher gives up on a file after MAX_ATTEMPTS failures (8 by default, minutes of back-off):
    # reach that point at the first failure
    monkeypatch.setattr(service_module, "MAX_ATTEMPTS", 1)
    scan = tmp_path / "pindai"
    scan.mkdir()
    with ctx.uow() as uow:
        kid = T.make_surat_keluar(uow, nomor="000.1/501/Kec.JTS/2024")
        uow.commit()
    # another program (a backup tool, a report) keeps a read transaction open on the database
    reader = sqlite3.connect(ctx.paths.database, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM scan_item").fetchone()
    events: list[IngestEvent] = []
    svc = IngestService(ctx, [FolderSpec(scan, after="delete")], FAST, listener=events.append)
    svc.start()  # real watchdog observer
    original = scan / "ttd.pdf"
    try:
        original.write_bytes(T.letter_pdf(recordref.encode("surat_keluar", kid), nomor="000.1/501/Kec.JTS/2024"))
        assert _wait(lambda: any(r.state == FILED for r in _rows(ctx)), 30)
        time.sleep(17.0)  # the reader stays past SQLite's busy timeout (15 s); the watcher keeps trying
        (row,) = _rows(ctx)
        assert row.state == FILED, (row.state, row.reason, row.note)
        assert not row.source_done and original.exists()  # not deleted before the commit is durable
        assert "menunggu dihapus" in row.note
        with ctx.reader() as uow:
            c = inbox.counts(uow)
        assert c.get(FILED) == 1 and QUARANTINED not in c and c.get("delete_pending") == 1, c
        reader.execute("COMMIT")  # the reader lets go
        reader.close()
        assert _wait(lambda: not original.exists() and _rows(ctx)[0].source_done, 30)
    finally:
        svc.stop()
        reader.close()
    (row,) = _rows(ctx)
    assert row.state == FILED and row.reason == "" and "menunggu dihapus" not in row.note
    assert not any(e.kind == "quarantined" for e in events)
    assert not list(ctx.paths.quarantine.rglob("*")) if ctx.paths.quarantine.exists() else True
    with ctx.reader() as uow:
        links = documents.list_links(uow, "surat_keluar", kid)
        c = inbox.counts(uow)
    assert [lk.document_id for lk in links] == [row.document_id]
    assert c.get(FILED) == 1 and QUARANTINED not in c and "delete_pending" not in c
    assert maintenance.check(ctx).ok


def test_check_names_a_scan_whose_state_disagrees_with_the_letter(ctx, tmp_path: Path) -> None:
    scan = tmp_path / "pindai"
    scan.mkdir()
    with ctx.uow() as uow:
        kid = T.make_surat_keluar(uow, nomor="000.1/502/Kec.JTS/2024")
        uow.commit()
    (scan / "ttd.pdf").write_bytes(T.letter_pdf(recordref.encode("surat_keluar", kid), nomor="000.1/502/Kec.JTS/2024"))
    IngestService(ctx, [FolderSpec(scan, after="delete")], FAST).run_once(timeout=30)
    (row,) = _rows(ctx)
    assert row.state == FILED and maintenance.check(ctx).ok
    # what the old delete path did: a filed scan marked quarantined while the letter still shows it
    with ctx.db.engine.begin() as conn:
        conn.execute(update(ScanItem).where(ScanItem.id == row.id).values(state=QUARANTINED))
    report = maintenance.check(ctx)
    assert not report.ok
    assert any(f"#{row.id}" in p and "karantina" in p for p in report.database_problems), report.database_problems
    # and a filed scan whose attachment is gone
    with ctx.db.engine.begin() as conn:
        conn.execute(update(ScanItem).where(ScanItem.id == row.id).values(state=FILED, record_id=kid + 1000))
    report = maintenance.check(ctx)
    assert any(f"#{row.id}" in p and "tidak terlampir" in p for p in report.database_problems), report.database_problems
