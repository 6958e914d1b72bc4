"""The Qt-free job contract: a cancel token and a progress reporter.

A long job is an ordinary function ``job(..., progress, cancel)``. The UI runs it on a worker
thread and maps ``progress.report`` to a progress dialog; the CLI runs it inline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from tatausaha.errors import JobCancelled


class Progress(Protocol):
    def report(self, done: int, total: int, label: str = "") -> None: ...


class NullProgress:
    def report(self, done: int, total: int, label: str = "") -> None:
        return None


class CallbackProgress:
    def __init__(self, fn: Callable[[int, int, str], None]) -> None:
        self._fn = fn

    def report(self, done: int, total: int, label: str = "") -> None:
        self._fn(done, total, label)


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise JobCancelled()
