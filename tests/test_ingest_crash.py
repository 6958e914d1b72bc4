"""SIGKILL the headless watcher in the middle of a burst, start it again: every file accounted
for (filed + duplicate + review + quarantined = dropped), none twice, the database intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tatausaha.ingest import testing as T
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.ingest import DUPLICATE, FILED, FINAL_STATES, QUARANTINED, REVIEW, ScanItem
from tatausaha.storage import dialect

N_FILES = 300


def _watch(home: Path, folder: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, TATAUSAHA_HOME=str(home), PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "tatausaha", "--json", "watch", str(folder), "--quiet", "0.2", "--no-ocr", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkill_mid_burst_loses_nothing_and_files_nothing_twice(ctx, cli_login, tmp_path: Path) -> None:
    scan = tmp_path / "pindai"
    scan.mkdir()
    with ctx.uow() as uow:
        keluar = [T.make_surat_keluar(uow, nomor=f"000/{i}/Kec.JTS/2024", nomor_agenda=i) for i in range(1, 21)]
        uow.commit()
    staging = tmp_path / "staging"
    staging.mkdir()
    expected_dups = 0
    same = T.tiny_pdf("salinan yang sama")
    for i in range(N_FILES):
        if i % 50 == 7:
            data = same  # duplicates of each other
            expected_dups += 1
        elif i % 40 == 3:
            data = b""  # bad: quarantined
        elif i % 10 == 1:
            data = T.tiny_pdf(f"surat keluar bertanda tangan {i}")
        else:
            data = T.tiny_pdf(f"pindaian nomor {i}")
        name = f"SK-2024-{(i % 20) + 1:04d}-{i}.pdf" if i % 10 == 1 else f"scan-{i:04d}.pdf"
        (staging / name).write_bytes(data)
    expected_dups -= 1  # the first of the identical files is archived, the rest are duplicates
    dropped = sorted(p.name for p in staging.iterdir())

    proc = _watch(ctx.paths.home, scan)
    try:
        time.sleep(2.5)  # started, observing
        for name in dropped:
            os.replace(staging / name, scan / name)
        # kill it while the burst is being filed
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with ctx.reader() as uow:
                done = uow.session.execute(select(func.count()).select_from(ScanItem)
                                           .where(ScanItem.source_done.is_(True))).scalar_one()
            if done >= N_FILES // 4:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with ctx.reader() as uow:
        done_at_kill = uow.session.execute(select(func.count()).select_from(ScanItem)
                                           .where(ScanItem.source_done.is_(True))).scalar_one()
    assert 0 < done_at_kill < N_FILES, "the kill did not land mid-burst"
    # start again and let it finish what is there
    again = subprocess.run(
        [sys.executable, "-m", "tatausaha", "--json", "watch", str(scan), "--quiet", "0.2", "--no-ocr", "--once"],
        env=dict(os.environ, TATAUSAHA_HOME=str(ctx.paths.home)), capture_output=True, timeout=120,
    )
    assert again.returncode == 0, again.stderr.decode()

    with ctx.reader() as uow:
        rows = list(uow.session.execute(select(ScanItem)).scalars())
        for r in rows:
            uow.session.expunge(r)
        by_state: dict[str, int] = {}
        for r in rows:
            by_state[r.state] = by_state.get(r.state, 0) + 1
        names = [r.source_name for r in rows]
        links = uow.session.execute(
            select(DocumentLink.document_id, DocumentLink.record_kind, DocumentLink.record_id)).all()
        docs = uow.session.execute(select(func.count()).select_from(Document)).scalar_one()
    assert sorted(names) == dropped, "every dropped file has exactly one journal row"
    assert all(r.state in FINAL_STATES and r.source_done for r in rows)
    assert by_state.get(FILED, 0) + by_state.get(DUPLICATE, 0) + by_state.get(REVIEW, 0) + by_state.get(QUARANTINED, 0) \
        == len(dropped), by_state
    assert by_state.get(DUPLICATE, 0) == expected_dups
    assert by_state.get(QUARANTINED, 0) == sum(1 for i in range(N_FILES) if i % 40 == 3 and i % 50 != 7)
    assert by_state.get(FILED, 0) == sum(1 for i in range(N_FILES) if i % 10 == 1 and i % 50 != 7)
    assert len(links) == len(set(links)) == by_state[FILED], "nothing linked twice"
    assert docs == len(dropped) - by_state[DUPLICATE] - by_state[QUARANTINED]
    assert {r[1] for r in links} == {"surat_keluar"} and {r[2] for r in links} <= set(keluar)
    assert not [p for p in scan.iterdir() if p.is_file()], "the scan folder is empty"
    processed = sorted(p.name for p in (scan / "_diproses").rglob("*") if p.is_file())
    quarantined = sorted(p.name for p in ctx.paths.quarantine.rglob("*") if p.is_file() and not p.name.endswith(".txt"))
    assert sorted(processed + quarantined) == dropped, "every original kept exactly once"
    assert dialect.integrity_problems(ctx.db.engine) == []
