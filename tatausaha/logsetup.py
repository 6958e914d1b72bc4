"""One logging set-up for the window, the command line and the headless watcher.

* a rotating file ``log/tatausaha.log`` under the data directory (2 MB × 5), INFO and up;
* optionally a console handler (the CLI: warnings, or INFO with ``-v``);
* ``faulthandler`` writes the Python stacks of a hard crash (segfault, abort, deadlock dump) to
  ``log/crash.log``;
* ``sys.excepthook`` and ``threading.excepthook`` log any uncaught exception at ERROR with its
  traceback before handing it to the hook that was there (the window's error dialog, Python's own);
* :func:`crash_report` is the text a user copies from the error dialog to send to whoever helps them.

Idempotent: calling :func:`configure` again (tests, a second context) replaces its own handlers.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from tatausaha import clock

LOG_NAME = "tatausaha.log"
CRASH_NAME = "crash.log"
FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"

log = logging.getLogger("tatausaha")

_state: dict[str, Any] = {"handlers": [], "fault_file": None, "log_file": None}


class _OfficeTimeFormatter(logging.Formatter):
    """Log lines stamped in office time (the clock the office reads), with the zone's name."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging API
        import datetime as dt

        t = dt.datetime.fromtimestamp(record.created, dt.UTC).astimezone(clock.office_tz())
        return f"{t:%Y-%m-%d %H:%M:%S},{int(record.msecs):03d} {clock.office_zone().abbr}"


def configure(logs_dir: Path, *, console_level: int | None = None, level: int = logging.INFO) -> Path | None:
    """Log to ``logs_dir/tatausaha.log`` (and the console at ``console_level``); enable faulthandler
    and the exception hooks. Returns the log file, or None when the folder cannot be written (then
    the console carries everything)."""
    root = logging.getLogger()
    for h in _state["handlers"]:
        root.removeHandler(h)
        h.close()
    _state["handlers"] = []
    fmt = _OfficeTimeFormatter(FORMAT)
    log_file: Path | None = None
    try:
        logs_dir.mkdir(parents=True, exist_ok=True)
        log_file = logs_dir / LOG_NAME
        fh: logging.Handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5,
                                                                   encoding="utf-8", delay=False)
        fh.setLevel(level)
        fh.setFormatter(fmt)
        _state["handlers"].append(fh)
    except OSError:
        log_file = None
        if console_level is None:
            console_level = level
    if console_level is not None:
        ch = logging.StreamHandler(sys.stderr)
        ch.setLevel(console_level)
        ch.addFilter(_not_file_only)
        ch.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        _state["handlers"].append(ch)
    for h in _state["handlers"]:
        root.addHandler(h)
    root.setLevel(min(level, console_level if console_level is not None else level))
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # one line per plugin, every start
    _state["log_file"] = log_file
    if log_file is not None:
        _enable_faulthandler(logs_dir / CRASH_NAME)
    install_hooks()
    return log_file


#: ``log.error(..., extra=FILE_ONLY)``: for the log file only (a traceback the console already
#: shows, or one the command line keeps to one Indonesian line).
FILE_ONLY = {"file_only": True}


def _not_file_only(record: logging.LogRecord) -> bool:
    return not getattr(record, "file_only", False)


def log_file() -> Path | None:
    """The file :func:`configure` logs to (None before, or when only the console is used)."""
    return _state["log_file"]  # type: ignore[no-any-return]


def _enable_faulthandler(path: Path) -> None:
    old: IO[str] | None = _state["fault_file"]
    try:
        f = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the process's life
    except OSError:
        return
    faulthandler.enable(file=f, all_threads=True)
    _state["fault_file"] = f
    if old is not None and old is not f:
        old.close()


def install_hooks() -> None:
    """Uncaught exceptions in the main thread or any thread go to the log at ERROR (then on to the
    hook that was installed before, e.g. the window's error dialog). Installing twice is harmless."""
    if not getattr(sys.excepthook, "_tatausaha", False):
        previous = sys.excepthook

        def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
            if not issubclass(exc_type, KeyboardInterrupt):
                log.error("uncaught exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb)),
                          extra=FILE_ONLY)
            previous(exc_type, exc, tb)

        hook._tatausaha = True  # type: ignore[attr-defined]
        sys.excepthook = hook
    if not getattr(threading.excepthook, "_tatausaha", False):
        previous_t = threading.excepthook

        def thook(args: threading.ExceptHookArgs) -> None:
            if args.exc_type is not SystemExit:
                name = args.thread.name if args.thread is not None else "?"
                text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
                log.error("uncaught exception in thread %s\n%s", name, text, extra=FILE_ONLY)
            previous_t(args)

        thook._tatausaha = True  # type: ignore[attr-defined]
        threading.excepthook = thook


def crash_report(exc: BaseException | None = None, details: str | None = None) -> str:
    """What a user copies to send to whoever helps them: version, system, office time, the log
    file and the traceback."""
    from tatausaha import __version__

    tb = details or ("".join(traceback.format_exception(exc)) if exc is not None else "")
    lines = [
        "Laporan kesalahan tatausaha",
        f"Versi       : {__version__}",
        f"Python      : {platform.python_version()} ({sys.platform}, {platform.machine()})",
        f"Sistem      : {platform.platform(terse=True)}",
        f"Waktu       : {clock.now_office():%d-%m-%Y %H.%M.%S} {clock.office_zone().abbr}",
        f"Berkas log  : {log_file() or '(tidak ada)'}",
        "",
        tb.rstrip(),
    ]
    return "\n".join(lines) + "\n"
