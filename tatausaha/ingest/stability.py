"""Which names to ignore, and when a file is complete.

A scanner (or a copy over SMB) writes a file over seconds. Windows has no close-write event,
so completeness is decided the portable way: the file's size and mtime have not changed for a
quiet period and it can be opened for reading. A file that cannot be opened (locked by the
writer) is retried with exponential back-off.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})
IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".filepart", ".download", ".alasan.txt")
BACKOFF_START = 0.5
BACKOFF_MAX = 60.0


def is_ignored(name: str) -> bool:
    """Temporary and system files, dotfiles and Office lock files (``~$*``)."""
    low = name.lower()
    return (
        not name
        or name.startswith(".")
        or name.startswith("~$")
        or low in IGNORED_NAMES
        or low.endswith(IGNORED_SUFFIXES)
        or low.endswith("~")
    )


def can_open(path: Path) -> bool:
    """True when the file can be opened for reading now (a writer holding it locked says no).

    Windows: an exclusive writer (most scanner drivers) makes opening it fail with a sharing
    violation. POSIX has no such share modes: a writer that holds an exclusive ``flock`` on the
    file (what Samba takes for a Windows client's deny-write open with kernel share modes, and
    what ``flock``-aware copy tools hold while writing) makes the file not ready; file systems
    without ``flock`` leave it to the quiet period."""
    try:
        if os.name == "nt":
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
            os.close(fd)
        with path.open("rb") as fh:
            if _held_exclusively(fh.fileno()):
                return False
            fh.read(1)
        return True
    except OSError:
        return False


def _held_exclusively(fd: int) -> bool:
    """POSIX: another open of the file holds an exclusive ``flock`` (root is no exception)."""
    if os.name == "nt":
        return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # no flock on this file system (some network mounts)
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return False


@dataclass
class _Entry:
    size: int = -1
    mtime_ns: int = -1
    since: float = 0.0  # when (size, mtime) was last seen to change
    not_before: float = 0.0  # back-off: do not look before this
    attempts: int = 0


class StabilityTracker:
    """Thread-safe: watcher threads ``touch`` paths, the worker ``poll``s for complete ones."""

    def __init__(self, quiet_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._pending: dict[Path, _Entry] = {}
        self._blocked: set[Path] = set()  # handed out and still being processed: never queued twice

    def touch(self, path: Path) -> None:
        """A file was created, written, moved in or listed: (re)start watching it."""
        if is_ignored(path.name):
            return
        # What the file looks like now: the quiet period runs from this observation, so the first
        # poll past it can take the file (instead of needing one poll to see it and another later).
        try:
            st = path.stat()
            key = (st.st_size, st.st_mtime_ns)
        except OSError:
            key = (-1, -1)
        with self._lock:
            if path in self._blocked:
                return
            e = self._pending.get(path)
            now = self.clock()
            if e is None:
                self._pending[path] = _Entry(key[0], key[1], since=now)
            elif e.attempts == 0:
                e.size, e.mtime_ns = key
                e.since = now  # fresh activity: the quiet period starts again

    def forget(self, path: Path) -> None:
        with self._lock:
            self._pending.pop(path, None)

    def release(self, path: Path) -> None:
        """The worker is done with ``path``; it may be queued again if it reappears."""
        with self._lock:
            self._blocked.discard(path)

    def retry_later(self, path: Path, attempt: int | None = None) -> float:
        """Could not open or process now: back off (0.5 s, 1 s, 2 s ... 60 s). Returns the delay."""
        with self._lock:
            self._blocked.discard(path)
            e = self._pending.get(path)
            if e is None:  # it was complete when handed out: unchanged after the back-off = still complete
                try:
                    st = path.stat()
                    e = _Entry(st.st_size, st.st_mtime_ns, since=self.clock() - self.quiet)
                except OSError:
                    e = _Entry(since=self.clock())
                self._pending[path] = e
            e.attempts = attempt if attempt is not None else e.attempts + 1
            delay = min(BACKOFF_MAX, BACKOFF_START * (2 ** (e.attempts - 1)))
            e.not_before = self.clock() + delay
            return delay

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    @property
    def retrying(self) -> int:
        with self._lock:
            return sum(1 for e in self._pending.values() if e.attempts > 0)

    @property
    def busy(self) -> int:
        with self._lock:
            return len(self._blocked)

    def poll(self) -> list[Path]:
        """Stat the pending files whose quiet period is over; return the complete ones (and block them).

        A file is complete when its (size, mtime) at the end of the quiet period equals what was seen
        when it was last touched (every watcher event touches it); a change restarts the period.
        """
        now = self.clock()
        with self._lock:
            candidates = [(p, e) for p, e in self._pending.items()
                          if e.not_before <= now and now - e.since >= self.quiet]
        ready: list[Path] = []
        for path, e in candidates:
            try:
                st = path.stat()
            except FileNotFoundError:
                with self._lock:
                    self._pending.pop(path, None)
                continue
            except OSError:
                continue
            key = (st.st_size, st.st_mtime_ns)
            if key != (e.size, e.mtime_ns):
                e.size, e.mtime_ns, e.since = st.st_size, st.st_mtime_ns, now
                if self.quiet > 0:
                    continue
            if now - e.since < self.quiet:
                continue
            if not can_open(path):
                self.retry_later(path)
                continue
            ready.append(path)
        with self._lock:
            for p in ready:
                self._pending.pop(p, None)
                self._blocked.add(p)
        return ready
