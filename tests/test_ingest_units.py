"""Pure parts of ingest (stability rules, settings, validation) and the CLI over real files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tatausaha.errors import PermissionDenied, ValidationFailed
from tatausaha.ingest import config as cfg
from tatausaha.ingest import testing as T
from tatausaha.ingest.stability import StabilityTracker, is_ignored
from tatausaha.ingest.validate import BadFile, check_file


def test_ignored_names() -> None:
    for name in ("a.tmp", "A.PART", "~$surat.docx", "Thumbs.db", "desktop.ini", ".DS_Store", ".hidden.pdf",
                 "x.pdf.crdownload", "x.pdf.alasan.txt", "x.pdf~"):
        assert is_ignored(name), name
    for name in ("scan.pdf", "SCAN0001.JPG", "surat~1.pdf", "temp-surat.pdf"):
        assert not is_ignored(name), name


def test_tracker_waits_for_quiet_period_and_backs_off(tmp_path: Path) -> None:
    now = [100.0]
    tr = StabilityTracker(2.0, clock=lambda: now[0])
    f = tmp_path / "scan.pdf"
    f.write_bytes(b"%PDF-1.4 a")
    tr.touch(f)
    assert tr.poll() == []  # first look: remembers size/mtime
    now[0] += 1.0
    assert tr.poll() == []
    with f.open("ab") as fh:  # still growing: the quiet period starts again
        fh.write(b"more")
    os.utime(f, ns=(1, 2))
    now[0] += 1.5
    assert tr.poll() == []
    now[0] += 2.1
    assert tr.poll() == [f]
    tr.touch(f)  # handed out: never queued twice while in progress
    assert tr.pending == 0 and tr.busy == 1
    assert tr.retry_later(f) == 0.5 and tr.retry_later(f) == 1.0 and tr.retry_later(f, attempt=20) == 60.0
    assert tr.retrying == 1
    now[0] += 59
    assert tr.poll() == []
    now[0] += 2
    assert tr.poll() == [f]


def test_config_roundtrip_and_validation(ctx, operator) -> None:
    c = cfg.IngestConfig(quiet_seconds=3.5, duplicate_policy="reference",
                         filename_rules=(cfg.FilenameRule(r"AG-(?P<value>\d+)", "surat_masuk", "nomor_agenda"),))
    assert cfg.IngestConfig.from_json(c.to_json()) == c
    with pytest.raises(ValidationFailed, match="tidak sah"):
        cfg.IngestConfig(filename_rules=(cfg.FilenameRule("(", "surat_masuk"),)).validate()
    with ctx.uow() as uow:
        cfg.save_config(uow, c)
        spec = cfg.save_folder(uow, Path("/tmp/pindai-x"), polling=True, poll_interval=0.5)
        uow.commit()
    with ctx.reader() as uow:
        assert cfg.load_config(uow) == c
        assert cfg.list_folders(uow) == [spec] and spec.polling and spec.processed == Path("/tmp/pindai-x/_diproses")
    with ctx.uow(actor=operator) as uow, pytest.raises(PermissionDenied):
        cfg.save_config(uow, c)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.pdf", b"", "empty"),
        ("a.pdf", b"%PDF-1.4\n1 0 obj\n", "truncated"),
        ("a.gif", b"GIF89a....", "unsupported"),
        ("a.jpg", b"not a jpeg at all", "not_image"),
        ("a.tif", b"II*\x00garbage-garbage", "not_image"),
    ],
)
def test_check_file_reasons(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(BadFile) as err:
        check_file(p, max_bytes=10_000)
    assert err.value.code == code and err.value.reason  # an Indonesian sentence for people


def test_check_file_accepts_multipage_tiff_and_pdf(tmp_path: Path) -> None:
    import random

    tif = tmp_path / "batch.tif"
    tif.write_bytes(T.scannerize(T.concat_pdfs([T.tiny_pdf("a"), T.tiny_pdf("b")]), random.Random(1), dpi=72,
                                 fmt="TIFF"))
    info = check_file(tif, max_bytes=10**8)
    assert (info.mime, info.page_count) == ("image/tiff", 2)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(T.concat_pdfs([T.tiny_pdf("a"), T.tiny_pdf("b"), T.tiny_pdf("c")]))
    assert check_file(pdf, max_bytes=10**8).page_count == 3


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI entry point in-process (TATAUSAHA_HOME points at the test's data folder)."""
    from tatausaha.cli import main

    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)


def test_cli_watch_once_inbox_and_quarantine(ctx, cli_login, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scan = tmp_path / "pindai"
    scan.mkdir()
    with ctx.uow() as uow:
        mid = T.make_surat_masuk(uow, nomor_surat="1/2/3", perihal="Uji")
        uow.commit()
    (scan / "a.pdf").write_bytes(T.tiny_pdf("menunggu"))
    (scan / "b.pdf").write_bytes(b"")
    home = capsys
    r = _cli(home, "--json", "watch", str(scan), "--once", "--quiet", "0", "--no-ocr")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout.splitlines()[-1])  # one JSON object per line; the summary last
    assert (summary["review"], summary["quarantined"]) == (1, 1)
    waiting = json.loads(_cli(home, "--json", "inbox", "list").stdout)
    assert [w["name"] for w in waiting] == ["a.pdf"]
    q = json.loads(_cli(home, "--json", "inbox", "quarantine", "list").stdout)
    assert q[0]["name"] == "b.pdf" and "kosong" in q[0]["reason"]
    r = _cli(home, "inbox", "attach", str(waiting[0]["id"]), "surat_masuk", str(mid))
    assert r.returncode == 0 and "dilampirkan" in r.stdout
    r = _cli(home, "inbox", "attach", str(waiting[0]["id"]), "surat_masuk", str(mid))
    assert r.returncode == 2 and "menunggu" in r.stderr  # already filed: a clear Indonesian reason
    r = _cli(home, "watch")
    assert r.returncode == 2 and "Belum ada folder pindai" in r.stderr
