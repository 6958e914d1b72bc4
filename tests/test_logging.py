"""One logging set-up: the watcher, the CLI and the window log to log/ under the data directory;
uncaught exceptions (any thread) and hard crashes leave a trace; the user can copy a crash report."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tatausaha import logsetup


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    before = list(root.handlers), root.level, sys.excepthook, threading.excepthook
    yield
    for h in list(root.handlers):
        if h not in before[0]:
            root.removeHandler(h)
            h.close()
    root.setLevel(before[1])
    sys.excepthook, threading.excepthook = before[2], before[3]
    logsetup._state["handlers"] = []


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATAUSAHA_")}
    env.update(TATAUSAHA_HOME=str(home), TATAUSAHA_USER="admin", TATAUSAHA_PASSWORD="sandi-kuat-2024", CI="1")
    return env


def test_headless_watcher_writes_its_log_under_the_data_directory(tmp_path):
    home, scan = tmp_path / "home", tmp_path / "scan"
    scan.mkdir()
    run = [sys.executable, "-m", "tatausaha"]
    init = subprocess.run([*run, "init", "--admin-user", "admin", "--admin-password", "sandi-kuat-2024"],
                          env=_env(home), capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stderr
    (scan / "rusak.pdf").write_bytes(b"bukan PDF sama sekali")
    w = subprocess.run([*run, "watch", str(scan), "--once", "--no-ocr", "--quiet", "0"], env=_env(home),
                       capture_output=True, text=True, timeout=300)
    assert w.returncode == 0, w.stderr
    log = (home / "log" / "tatausaha.log").read_text(encoding="utf-8")
    assert "rusak.pdf" in log  # the watcher's own events, not only the migrations
    assert (home / "log" / "crash.log").exists()  # faulthandler is armed
    # a refused command leaves its reason in the log too (the screen shows one line)
    r = subprocess.run([*run, "inbox", "attach", "999", "surat_masuk", "1"], env=_env(home), capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "'inbox' refused" in (home / "log" / "tatausaha.log").read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # pytest sees it too: on purpose
def test_an_exception_in_a_thread_lands_in_the_log_with_its_traceback(tmp_path, restore_logging):
    f = logsetup.configure(tmp_path / "log")
    assert f == tmp_path / "log" / "tatausaha.log"

    def boom() -> None:
        raise RuntimeError("pekerja latar gagal 4711")

    t = threading.Thread(target=boom, name="pekerja-uji")
    t.start()
    t.join()
    for h in logging.getLogger().handlers:
        h.flush()
    text = f.read_text(encoding="utf-8")
    assert "ERROR" in text and "uncaught exception in thread pekerja-uji" in text
    assert "RuntimeError: pekerja latar gagal 4711" in text and "in boom" in text  # the traceback


def test_an_uncaught_exception_and_a_hard_crash_leave_a_trace(tmp_path):
    code = (
        "import sys; from pathlib import Path; from tatausaha import logsetup\n"
        f"logsetup.configure(Path({str(tmp_path / 'log')!r}))\n"
        "if sys.argv[1] == 'raise':\n    raise ValueError('tak tertangani 99')\n"
        "import faulthandler; faulthandler._sigsegv()\n"
    )
    r = subprocess.run([sys.executable, "-c", code, "raise"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    log = (tmp_path / "log" / "tatausaha.log").read_text(encoding="utf-8")
    assert "ERROR" in log and "ValueError: tak tertangani 99" in log
    r = subprocess.run([sys.executable, "-c", code, "segv"], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    assert "Fatal Python error" in (tmp_path / "log" / "crash.log").read_text(encoding="utf-8")


@pytest.mark.gui
def test_error_dialog_offers_a_crash_report_to_copy(qtbot):
    from PySide6.QtWidgets import QApplication

    from tatausaha.ui.errors import show_error

    try:
        raise KeyError("kunci-hilang")
    except KeyError as exc:
        box = show_error(None, exc)
    qtbot.addWidget(box)
    copy = next(b for b in box.buttons() if b.text() == "Salin rincian")
    copy.click()
    report = QApplication.clipboard().text()
    assert report.startswith("Laporan kesalahan tatausaha")
    assert "Versi" in report and "KeyError: 'kunci-hilang'" in report
    box.close()


def test_cli_unexpected_error_is_one_line_on_screen_and_the_traceback_in_the_log(paths, monkeypatch, capsys,
                                                                                  restore_logging):
    from tatausaha import cli
    from tatausaha.cli import core

    def broken(args, ctx):
        raise RuntimeError("rusak di dalam 314")

    monkeypatch.setattr(core, "cmd_init", broken)
    assert cli.main(["init"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tatausaha: kesalahan tak terduga") and "Traceback" not in err[0]
    assert str(paths.logs / "tatausaha.log") in err[0]
    log = (paths.logs / "tatausaha.log").read_text(encoding="utf-8")
    assert "unhandled error in 'init'" in log and "RuntimeError: rusak di dalam 314" in log and "in broken" in log
