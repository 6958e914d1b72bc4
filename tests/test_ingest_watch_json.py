"""``tatausaha --json watch`` writes exactly one JSON object per line, read from a real subprocess
while several workers file a burst of scans (and the ``--once`` summary is one line too)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tatausaha.ingest import testing as T
from tatausaha.ingest.config import IngestConfig, save_config

N_FILES = 400


def _env(home: Path) -> dict[str, str]:
    # unbuffered, as a supervisor reading the events live would run it
    return dict(os.environ, TATAUSAHA_HOME=str(home), PYTHONUNBUFFERED="1")


def _parse_all(lines: list[str]) -> list[dict[str, object]]:
    objects = []
    for line in lines:
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise AssertionError(f"not one JSON object on this line: {line!r}") from exc
        assert isinstance(obj, dict), line
        objects.append(obj)
    return objects


def test_watch_json_writes_one_object_per_line_under_a_burst(ctx, cli_login, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        save_config(uow, IngestConfig(workers=4, quiet_seconds=0.1, rescan_seconds=0, ocr_enabled=False))
        uow.commit()
    scan = tmp_path / "pindai"
    scan.mkdir()
    staging = tmp_path / "staging"
    staging.mkdir()
    names = []
    for i in range(N_FILES):
        name = f"scan-{i:04d}.pdf"
        (staging / name).write_bytes(b"" if i % 25 == 0 else T.tiny_pdf(f"pindaian {i}"))  # some go to karantina
        names.append(name)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tatausaha", "--json", "watch", str(scan), "--quiet", "0.1", "--no-ocr"],
        env=_env(ctx.paths.home), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
    )
    lines: list[str] = []
    settled = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        n = 0
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            n += line.count('"path"')  # one per file; status lines ("watching") carry no path
            if n >= N_FILES:
                settled.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        time.sleep(2.0)  # started and observing
        for name in names:
            os.replace(staging / name, scan / name)
        assert settled.wait(120), f"only {len(lines)} lines"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        reader.join(10)
    events = _parse_all(lines)
    seen = sorted(Path(str(e["path"])).name for e in events if e.get("path"))
    assert seen == sorted(names)
    file_events = {e["event"] for e in events if e.get("path")}
    assert file_events <= {"review", "quarantined", "filed", "duplicate", "error"}
    # besides one line per file, only the watcher's own status: it took the folder (one PC watches)
    assert [e["event"] for e in events if not e.get("path")] == ["watching"]
    assert sum(e["event"] == "quarantined" for e in events) == N_FILES // 25


def test_watch_once_json_summary_is_one_line(ctx, cli_login, tmp_path: Path) -> None:
    scan = tmp_path / "pindai"
    scan.mkdir()
    (scan / "a.pdf").write_bytes(T.tiny_pdf("menunggu"))
    (scan / "b.pdf").write_bytes(b"")
    r = subprocess.run(
        [sys.executable, "-m", "tatausaha", "--json", "watch", str(scan), "--quiet", "0", "--no-ocr", "--once"],
        env=_env(ctx.paths.home), capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert r.returncode == 0, r.stderr
    events = _parse_all(r.stdout.splitlines())
    assert [e["event"] for e in events[-1:]] == ["summary"]
    assert (events[-1]["review"], events[-1]["quarantined"]) == (1, 1)
    assert sorted(str(e["event"]) for e in events[:-1]) == ["quarantined", "review"]
