"""``IngestService``: watch scan folders and run the pipeline in background threads (Qt-free).

Threads: one watchdog observer per folder (native events, or ``PollingObserver`` for network
shares); a dispatcher that polls the stability tracker and rescans every folder periodically;
``config.workers`` pipeline workers; ``config.ocr_workers`` OCR workers. Listeners get an
``IngestEvent`` for each file settled and for every change of the counts — from worker threads,
so a UI adapter must hop to its own thread (``tatausaha.ui.ingest`` does).
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from tatausaha.errors import PermissionDenied, StorageError
from tatausaha.ingest import ocr, reasons
from tatausaha.ingest.config import FolderSpec, IngestConfig, list_folders, load_config
from tatausaha.ingest.pipeline import GONE, OCR_PENDING, Outcome, Pipeline, RetryLater
from tatausaha.ingest.stability import StabilityTracker, is_ignored
from tatausaha.services.auth import SYSTEM, Actor, Permission

if TYPE_CHECKING:  # the application's context: only its type is named here
    from tatausaha.context import AppContext

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # unexpected failures of one file before it is quarantined (the watcher keeps going)
TICK = 0.05  # dispatcher period: a complete file waits at most this long past its quiet period


@dataclass(frozen=True)
class IngestCounts:
    pending: int = 0  # seen, waiting to be complete / queued / in progress
    ocr_pending: int = 0
    retrying: int = 0  # locked or failing files waiting for their next try
    failed: int = 0  # files that failed in this run (quarantined after repeated errors)
    filed: int = 0  # settled in this run, by outcome
    review: int = 0
    duplicate: int = 0
    quarantined: int = 0
    running: bool = False

    @property
    def busy(self) -> int:
        return self.pending + self.ocr_pending


@dataclass(frozen=True)
class IngestEvent:
    kind: str  # filed | review | duplicate | quarantined | split | error | counts | started | stopped
    item_id: int | None = None
    path: str = ""
    message: str = ""
    counts: IngestCounts = field(default_factory=IngestCounts)


Listener = Callable[[IngestEvent], None]


class _Handler(FileSystemEventHandler):
    def __init__(self, service: IngestService, folder: FolderSpec) -> None:
        self.service = service
        self.folder = folder

    def _touch(self, raw: str | bytes) -> None:
        path = Path(os.fsdecode(raw))
        if path.parent != self.folder.path:
            return  # only the folder itself (the processed folder lives inside it)
        self.service._touch(path, self.folder)

    def on_created(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._touch(event.src_path)

    def on_modified(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._touch(event.src_path)

    def on_closed(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._touch(event.src_path)

    def on_moved(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._touch(event.dest_path)  # "scan.tmp" renamed to "scan.pdf" by the scanner


def _watch_recursively(folder: FolderSpec) -> bool:
    """Watch the processed folder too when it lives inside the scan folder (Linux, native events).

    watchdog's inotify emitter holds every unpaired IN_MOVED_FROM for 0.5 s to pair it with its
    IN_MOVED_TO, and the events queued behind it wait too. Each original we move out to
    ``_diproses`` is such a move: without a watch on the destination, every filed scan delayed the
    next scan's events by up to 0.5 s. Watching the subtree pairs the move at once; the handler
    still takes only files directly in the scan folder.
    """
    if folder.polling or not sys.platform.startswith("linux"):
        return False
    # A month folder created under _diproses can be added twice by watchdog (its own walk and the
    # IN_CREATE event race); it says so with a harmless RuntimeWarning.
    warnings.filterwarnings("ignore", message="Callback with id .* already exists", category=RuntimeWarning,
                            module="watchdog")
    try:
        folder.processed.relative_to(folder.path)
    except ValueError:
        return False
    return True


def require_watch_control(actor: Actor) -> None:
    """Only people who may change data may stop or start the watcher (an auditor reads, nothing more)."""
    if not actor.can(Permission.WRITE):
        raise PermissionDenied(
            f"Pengguna {actor.username} hanya berhak membaca: pengawasan folder pindai tidak dapat "
            "dihentikan atau dimulai dari akun ini."
        )


class IngestService:
    def __init__(
        self,
        ctx: AppContext,
        folders: list[FolderSpec] | None = None,
        config: IngestConfig | None = None,
        *,
        actor: Actor = SYSTEM,
        listener: Listener | None = None,
    ) -> None:
        self.ctx = ctx
        self.actor = actor
        if config is None or folders is None:
            with ctx.reader(actor) as uow:
                config = config or load_config(uow)
                folders = folders if folders is not None else list_folders(uow, enabled_only=True)
        self.config = config
        self.folders = [f for f in folders if f.enabled]
        self.pipeline = Pipeline(ctx, config, actor=actor, folders=self.folders)
        self.tracker = StabilityTracker(config.quiet_seconds)
        self._folder_of: dict[Path, FolderSpec] = {}
        self._listeners: list[Listener] = [listener] if listener else []
        self._queue: queue.Queue[tuple[str, object] | None] = queue.Queue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._observers: list[BaseObserver] = []
        self._ocr: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._ocr_pending = 0
        self._inflight = 0
        self._failures: dict[str, int] = {}
        self._tally = {"filed": 0, "review": 0, "duplicate": 0, "quarantined": 0, "failed": 0}
        self._last_rescan = 0.0
        self.running = False

    # -- public -----------------------------------------------------------------------------
    def add_listener(self, fn: Listener) -> None:
        self._listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    @property
    def ocr_status(self) -> ocr.OcrStatus:
        return ocr.status()

    def counts(self) -> IngestCounts:
        with self._lock:
            t = dict(self._tally)
            ocr_pending, inflight = self._ocr_pending, self._inflight
        return IngestCounts(
            pending=self.tracker.pending + self._queue.qsize() + inflight, ocr_pending=ocr_pending,
            retrying=self.tracker.retrying, failed=t["failed"], filed=t["filed"], review=t["review"],
            duplicate=t["duplicate"], quarantined=t["quarantined"], running=self.running,
        )

    def start(self, *, observe: bool = True, by: Actor | None = None) -> None:
        """Start the threads; recovers open journal rows and scans every folder first.

        ``by``: the person who asked for it (checked and put on record); None when the app or the
        ``watch`` command starts the watcher on its own.
        """
        if by is not None:
            self._record_control(by, "watch_started")
        if self.running:
            return
        self._stop.clear()
        self.running = True
        problems = []
        self._ocr = ThreadPoolExecutor(max_workers=max(1, self.config.ocr_workers), thread_name_prefix="ingest-ocr")
        for folder in self.folders:
            try:
                folder.path.mkdir(parents=True, exist_ok=True)
                if not observe:
                    continue
                if folder.polling:
                    obs: BaseObserver = PollingObserver(timeout=folder.poll_interval)
                else:
                    obs = Observer()
                obs.schedule(_Handler(self, folder), str(folder.path), recursive=_watch_recursively(folder))
                obs.daemon = True
                obs.start()
                self._observers.append(obs)
            except OSError as exc:  # an unreachable network share must not stop the other folders
                log.warning("cannot watch %s: %s", folder.path, exc)
                problems.append(f"Folder pindai {folder.path} tidak dapat diawasi ({reasons.describe(exc)}); "
                                "diperiksa lagi pada pemindaian berkala.")
        self._recover()
        self.rescan()
        for i in range(max(1, self.config.workers)):
            t = threading.Thread(target=self._work, name=f"ingest-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)
        d = threading.Thread(target=self._dispatch, name="ingest-dispatch", daemon=True)
        d.start()
        self._threads.append(d)
        self._emit(IngestEvent("started", message=self.ocr_status.message))
        for msg in problems:
            self._emit(IngestEvent("error", message=msg))

    def _record_control(self, by: Actor, action: str) -> None:
        require_watch_control(by)
        with self.ctx.uow(actor=by) as uow:
            uow.record(action, "ingest_watch", None, {"folders": [str(f.path) for f in self.folders]})
            uow.commit()

    def stop(self, timeout: float = 10.0, *, by: Actor | None = None) -> None:
        """Stop the threads. ``by``: the person who asked for it (checked and put on record)."""
        if by is not None:
            self._record_control(by, "watch_stopped")
        if not self.running:
            return
        self._stop.set()
        for obs in self._observers:
            obs.stop()
        for _ in range(max(1, self.config.workers)):
            self._queue.put(None)
        deadline = time.monotonic() + timeout
        for obs in self._observers:
            obs.join(max(0.1, deadline - time.monotonic()))
        for t in self._threads:
            t.join(max(0.1, deadline - time.monotonic()))
        if self._ocr is not None:
            self._ocr.shutdown(wait=True, cancel_futures=True)
        self._observers.clear()
        self._threads.clear()
        self.running = False
        self._emit(IngestEvent("stopped"))

    def rescan(self) -> int:
        """List every folder and (re)watch each file found: nothing is missed while we were down."""
        n = 0
        for folder in self.folders:
            try:
                with os.scandir(folder.path) as it:
                    for entry in it:
                        if entry.is_file(follow_symlinks=False) and not is_ignored(entry.name):
                            self._touch(Path(entry.path), folder)
                            n += 1
            except OSError as exc:
                log.warning("cannot list scan folder %s: %s", folder.path, exc)
        self._last_rescan = time.monotonic()
        return n

    def wait_idle(self, timeout: float = 60.0, settle: float = 0.0) -> bool:
        """Block until nothing is pending (for ``--once``, tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            c = self.counts()
            if c.busy == 0:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle:
                    return True
            else:
                quiet_since = None
            time.sleep(0.05)
        return False

    def run_once(self, timeout: float = 3600.0) -> IngestCounts:
        """Headless single pass: recover, scan, file everything complete, stop."""
        self.start(observe=False)
        try:
            self.wait_idle(timeout, settle=0.2)
        finally:
            self.stop()
        return self.counts()

    # -- internals --------------------------------------------------------------------------
    def _touch(self, path: Path, folder: FolderSpec) -> None:
        self._folder_of[path] = folder
        self.tracker.touch(path)

    def _emit(self, event: IngestEvent) -> None:
        event = IngestEvent(event.kind, event.item_id, event.path, event.message, self.counts())
        for fn in list(self._listeners):
            try:
                fn(event)
            except Exception:  # noqa: BLE001 - a listener must never stop the watcher
                log.exception("ingest listener failed")

    def _recover(self) -> None:
        for item_id, source in self.pipeline.open_items():
            if source is not None and os.path.lexists(source):
                continue  # the folder scan finds it and process_path resumes its row
            self._queue.put(("item", item_id))

    def _dispatch(self) -> None:
        while not self._stop.is_set():
            try:
                for path in self.tracker.poll():
                    self._queue.put(("path", path))
                if self.config.rescan_seconds > 0 and time.monotonic() - self._last_rescan >= self.config.rescan_seconds:
                    self.rescan()
            except Exception:  # noqa: BLE001
                log.exception("ingest dispatcher error")
            self._stop.wait(TICK)

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None or self._stop.is_set():
                return
            kind, value = job
            with self._lock:
                self._inflight += 1
            try:
                if kind == "path":
                    assert isinstance(value, Path)
                    self._run_path(value)
                else:
                    assert isinstance(value, int)
                    self._run_item(value)
            finally:
                with self._lock:
                    self._inflight -= 1

    def _run_path(self, path: Path) -> None:
        folder = self._folder_of.get(path) or next((f for f in self.folders if f.path == path.parent), None)
        if folder is None:
            self.tracker.release(path)
            return
        key = str(path)
        try:
            outcome = self.pipeline.process_path(path, folder)
        except RetryLater as exc:
            n = self._failures.get("busy:" + key, 0) + 1
            self._failures["busy:" + key] = n
            delay = self.tracker.retry_later(path, attempt=n)
            log.info("%s is busy (%s); retrying in %.1f s", path, exc, delay)
            return
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the watcher
            self._failed(path, key, exc)
            return
        self._failures.pop(key, None)
        self._failures.pop("busy:" + key, None)
        self._settled(outcome, path)

    def _run_item(self, item_id: int, allow_ocr: bool = False) -> None:
        try:
            outcome = self.pipeline.resume(item_id, allow_ocr=allow_ocr, cancel=self._stop.is_set)
        except Exception as exc:  # noqa: BLE001
            log.exception("resuming scan item %s failed", item_id)
            self._emit(IngestEvent("error", item_id, message=reasons.describe(exc)))
            return
        self._settled(outcome, None)

    def _settled(self, outcome: Outcome, path: Path | None) -> None:
        if outcome.state == OCR_PENDING:
            with self._lock:
                self._ocr_pending += 1
            assert self._ocr is not None and outcome.item_id is not None
            self._ocr.submit(self._ocr_job, outcome.item_id, path)
            return
        if path is not None:
            self.tracker.release(path)
            self._folder_of.pop(path, None)
        if outcome.state == GONE:
            return
        states = [outcome.state]
        if outcome.children:
            states = []
            for cid in outcome.children:
                snap = self.pipeline._snapshot(cid)
                if snap is not None:
                    states.append(snap.state)
        with self._lock:
            for st in states:
                if st in self._tally:
                    self._tally[st] += 1
        kind = "split" if outcome.children else outcome.state
        self._emit(IngestEvent(kind, outcome.item_id, str(outcome.source or ""), outcome.message))

    def _ocr_job(self, item_id: int, path: Path | None) -> None:
        try:
            if self._stop.is_set():
                return
            outcome = self.pipeline.resume(item_id, allow_ocr=True, cancel=self._stop.is_set)
            if outcome.state == OCR_PENDING:  # cancelled by stop(): resumed at the next start
                return
            self._settled(outcome, path)
        except RetryLater:
            if path is not None:
                self.tracker.retry_later(path)
        except Exception as exc:  # noqa: BLE001
            log.exception("OCR of scan item %s failed", item_id)
            self._emit(IngestEvent("error", item_id, message=reasons.describe(exc)))
        finally:
            with self._lock:
                self._ocr_pending -= 1

    def _failed(self, path: Path, key: str, exc: Exception) -> None:
        n = self._failures.get(key, 0) + 1
        self._failures[key] = n
        if isinstance(exc, StorageError) or n < MAX_ATTEMPTS:
            delay = self.tracker.retry_later(path, attempt=n)
            log.warning("ingest of %s failed (%s, attempt %d); retrying in %.1f s", path, exc, n, delay)
            self._emit(IngestEvent("error", path=str(path), message=reasons.describe(exc)))
            return
        log.error("ingest of %s failed %d times; quarantining: %s", path, n, exc)
        self._failures.pop(key, None)
        with self._lock:
            self._tally["failed"] += 1
        try:
            item_id = self.pipeline.quarantine_path(
                path, f"Berkas gagal diproses {n} kali berturut-turut. {reasons.describe(exc)}"
            )
            if item_id is None:  # archived and settled already: only its move/delete is left; retry that
                self.tracker.retry_later(path, attempt=n)
                return
            self._settled(Outcome(item_id, "quarantined", path), path)
        except Exception:  # noqa: BLE001
            log.exception("could not quarantine %s", path)
            self.tracker.retry_later(path)
