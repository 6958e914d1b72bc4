"""Writing a BagIt bag (RFC 8493): a ZIP holding one bag, or a plain folder.

Pure file work, no database: payload files are streamed once — read, hashed (SHA-256 and SHA-512)
and written in the same pass — then the tag files are written: ``bagit.txt``, ``bag-info.txt`` (with
``Payload-Oxum``), ``manifest-sha256.txt``, ``manifest-sha512.txt`` and the tag manifests over them.

Choices that keep every verifier happy (learned from the BagIt tools' issue trackers):

* payload paths are plain ASCII (letters, digits, ``._-`` and ``/``), so the BagIt 1.0
  percent-encoding of CR, LF and ``%`` — which implementations disagree on — never comes up;
* manifest lines are ``<hex>  <path>`` (two spaces, LF), which is also what ``sha256sum -c`` reads;
* the bag is written under a temporary name beside the target and renamed only when complete, so
  a cancelled or failed export leaves no partial file under the real name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import queue
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tatausaha.errors import JobCancelled, StorageError

ALGORITHMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
CHUNK = 1 << 20

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str, *, limit: int = 60, default: str = "berkas") -> str:
    """A file-name part any verifier and any OS takes: ASCII letters, digits, ``._-``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _SAFE.sub("_", ascii_text).strip("._-")
    cleaned = re.sub(r"_+", "_", cleaned)[:limit].strip("._-")
    return cleaned or default


def _check_path(rel: str) -> None:
    if not rel or rel.startswith("/") or ".." in rel.split("/") or not re.fullmatch(r"[A-Za-z0-9._/-]+", rel):
        raise ValueError(f"unsafe bag path: {rel!r}")


@dataclass
class Entry:
    path: str  # inside the bag, e.g. "data/dokumen/0001-x/01-scan.pdf"
    size: int
    sha256: str
    sha512: str = ""


@dataclass(frozen=True)
class Source:
    """One payload file for :meth:`BagWriter.add_files`: where it goes and how to open it.

    ``open`` is called on the read-ahead thread; an error it raises (a missing archive file) stops
    the bag and reaches the caller as raised. With ``expect_sha256`` the bag is refused at
    :meth:`BagWriter.finish` (nothing written) unless the bytes read have that SHA-256, and ``what``
    names them in the refusal. ``known_sha512`` (only with ``expect_sha256``): the SHA-512 the archive
    already worked out for these bytes; only SHA-256 is then computed, and since the bag is refused
    unless it matches, the bytes written are the ones that SHA-512 belongs to."""

    rel: str  # under data/
    open: Callable[[], BinaryIO]
    size: int = 0
    expect_sha256: str | None = None
    known_sha512: str | None = None
    what: str = ""


#: read-ahead hands files to the writer in batches of about this many bytes (fewer thread hand-offs:
#: each costs about as much as hashing 30 KB on a small PC) and holds at most _DEPTH batches
_BATCH = 8 << 20
_DEPTH = 3


@dataclass
class _Piece:
    index: int
    chunks: list[bytes]
    last: bool
    sha256: str = ""
    sha512: str = ""


class _ReadAhead:
    """Reads and hashes the payload files on one helper thread while the writer thread only
    CRC-32s and writes (the same work as a plain stored ZIP): on a two-core PC the two halves take
    about as long as each other. ``hashlib`` and file reads release the GIL on big buffers."""

    def __init__(self, sources: list[Source]) -> None:
        self._sources = sources
        self._q: queue.Queue[list[_Piece] | BaseException | None] = queue.Queue(maxsize=_DEPTH)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="bag-read-ahead")
        self._thread.start()

    def _put(self, item: list[_Piece] | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        batch: list[_Piece] = []
        held = 0
        try:
            for index, src in enumerate(self._sources):
                hashers = [hashlib.sha256()] + ([] if src.known_sha512 else [hashlib.sha512()])
                piece = _Piece(index, [], last=False)
                with src.open() as fh:
                    while chunk := fh.read(CHUNK):
                        if self._stop.is_set():
                            return
                        for h in hashers:
                            h.update(chunk)
                        piece.chunks.append(chunk)
                        held += len(chunk)
                        if held >= _BATCH:  # a big file goes over in parts: memory stays at a few batches
                            batch.append(piece)
                            if not self._put(batch):
                                return
                            batch, held, piece = [], 0, _Piece(index, [], last=False)
                piece.last = True
                piece.sha256 = hashers[0].hexdigest()
                piece.sha512 = src.known_sha512 or hashers[1].hexdigest()
                batch.append(piece)
                if held >= _BATCH or len(batch) >= 256:
                    if not self._put(batch):
                        return
                    batch, held = [], 0
            if batch and not self._put(batch):
                return
            self._put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the writer thread, raised there
            self._put(exc)

    def __iter__(self) -> Iterator[_Piece]:
        while True:
            item = self._q.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield from item

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():  # let a blocked put() see the stop
            with contextlib.suppress(queue.Empty):
                self._q.get(timeout=0.05)
        self._thread.join()


class BagWriter:
    """Write one bag to ``target`` (``.zip`` file, or a folder when ``as_zip`` is False).

    Use as a context manager: leaving the block with an error (or a cancel) removes the temporary
    file and leaves ``target`` untouched; :meth:`finish` writes the tag files and renames."""

    def __init__(self, target: Path, *, name: str, as_zip: bool = True, stamp: dt.datetime | None = None,
                 cancel: object | None = None) -> None:
        self.target = Path(target)
        self.name = safe_name(name, limit=120, default="bundel")
        self.as_zip = as_zip
        self.stamp = stamp or dt.datetime(2000, 1, 1)
        self.cancel = cancel
        self.entries: list[Entry] = []
        self.tag_entries: list[Entry] = []
        self._paths: set[str] = set()
        self._tmp = self.target.with_name(f".{self.target.name}.{os.getpid()}.{threading.get_ident()}.sebagian")
        self._zip: zipfile.ZipFile | None = None
        #: (bag path, the SHA-256 the caller expects, what to call it in a refusal)
        self._expected: list[tuple[str, str, str]] = []
        self._done = False

    # -- life cycle --------------------------------------------------------------------------------
    def __enter__(self) -> BagWriter:
        if self.target.exists():
            raise StorageError(f"{self.target} sudah ada; pilih nama lain (bundel lama tidak ditimpa).")
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            if self.as_zip:
                self._zip = zipfile.ZipFile(self._tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True)
            else:
                (self._tmp / "data").mkdir(parents=True)
        except OSError as exc:
            self._cleanup()
            raise StorageError(f"Bundel tidak dapat ditulis di {self.target.parent}: {exc.strerror or exc}.") from exc
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if not self._done:
            self._cleanup()
        if isinstance(exc, OSError) and not isinstance(exc, StorageError):
            raise StorageError(f"Bundel tidak dapat ditulis ke {self.target}: {exc.strerror or exc}. "
                               "Tidak ada berkas yang tertinggal.") from exc

    def _check_expected(self) -> None:
        by_path = {e.path: e for e in self.entries}
        for rel, expected, what in self._expected:
            if by_path[rel].sha256 != expected:
                raise StorageError(f"{what} rusak: isinya tidak sama dengan sidik SHA-256 yang tercatat "
                                   f"({expected[:12]}…, terbaca {by_path[rel].sha256[:12]}…). Bundel tidak dibuat; "
                                   "jalankan 'tatausaha check'.")
        self._expected = []

    def _cleanup(self) -> None:
        if self._zip is not None:
            with contextlib.suppress(Exception):
                self._zip.close()
            self._zip = None
        with contextlib.suppress(OSError):
            if self._tmp.is_dir():
                shutil.rmtree(self._tmp)
            else:
                self._tmp.unlink(missing_ok=True)

    def _check_cancel(self) -> None:
        if self.cancel is not None and getattr(self.cancel, "cancelled", False):
            raise JobCancelled("Ekspor bundel dibatalkan; tidak ada berkas yang tertinggal.")

    # -- writing -----------------------------------------------------------------------------------
    def _zipinfo(self, rel: str, size: int) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(f"{self.name}/{rel}", date_time=self.stamp.timetuple()[:6])
        zi.compress_type = zipfile.ZIP_STORED
        zi.external_attr = 0o644 << 16
        zi.file_size = size
        return zi

    def _claim(self, rel: str) -> None:
        _check_path(rel)
        if rel in self._paths:
            raise ValueError(f"duplicate bag path: {rel}")
        self._paths.add(rel)

    def _open_out(self, rel: str, size_hint: int) -> BinaryIO:
        if self._zip is not None:
            return self._zip.open(self._zipinfo(rel, size_hint), "w", force_zip64=size_hint > 0x7FFFFFFF)  # type: ignore[return-value]
        path = self._tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("wb")

    def _write(self, rel: str, data: bytes) -> Entry:
        self._claim(rel)
        with self._open_out(rel, len(data)) as out:
            out.write(data)
        return Entry(rel, len(data), hashlib.sha256(data).hexdigest(), hashlib.sha512(data).hexdigest())

    def add_files(self, sources: Iterable[Source], on_file: Callable[[int], None] | None = None) -> list[Entry]:
        """Copy payload files (each ``Source.rel`` under ``data/``) in order, read and hashed ahead on
        a helper thread. ``on_file(n)`` is called after the n-th file (1-based) is written. Checks the
        cancel token between pieces; digests are checked against ``expect_sha256`` at :meth:`finish`."""
        todo = list(sources)
        for src in todo:
            if src.known_sha512 and not src.expect_sha256:
                raise ValueError("known_sha512 needs expect_sha256: the bytes must be proven to be those it belongs to")
            self._claim(f"data/{src.rel}")
        self._check_cancel()
        done: list[Entry] = []
        if not todo:
            return done
        reader = _ReadAhead(todo)
        out: BinaryIO | None = None
        size = 0
        try:
            for piece in reader:
                self._check_cancel()
                src = todo[piece.index]
                if out is None:
                    out, size = self._open_out(f"data/{src.rel}", src.size), 0
                for chunk in piece.chunks:
                    out.write(chunk)
                    size += len(chunk)
                if piece.last:
                    out.close()
                    out = None
                    entry = Entry(f"data/{src.rel}", size, piece.sha256, piece.sha512)
                    self.entries.append(entry)
                    done.append(entry)
                    if src.expect_sha256 is not None:
                        self._expected.append((entry.path, src.expect_sha256, src.what or entry.path))
                    if on_file is not None:
                        on_file(len(done))
        finally:
            reader.close()
            if out is not None:
                with contextlib.suppress(Exception):
                    out.close()
        return done

    def add_stream(self, rel: str, src: BinaryIO, size_hint: int = 0, *, expect_sha256: str | None = None,
                   known_sha512: str | None = None, what: str = "") -> Entry:
        """One payload file from an open stream, which is read to its end and closed (see
        :class:`Source`); :meth:`add_files` for many."""
        (entry,) = self.add_files([Source(rel, lambda: src, size_hint, expect_sha256, known_sha512, what)])
        return entry

    def add_bytes(self, rel: str, data: bytes) -> Entry:
        self._check_cancel()
        entry = self._write(f"data/{rel}", data)
        self.entries.append(entry)
        return entry

    def _add_tag(self, rel: str, text: str) -> Entry:
        entry = self._write(rel, text.encode("utf-8"))
        self.tag_entries.append(entry)
        return entry

    @property
    def oxum(self) -> str:
        return f"{sum(e.size for e in self.entries)}.{len(self.entries)}"

    def finish(self, bag_info: list[tuple[str, str]], extra_tags: Iterable[tuple[str, str]] = (),
               on_complete: Callable[[str], None] | None = None) -> str:
        """Write the tag files, close and rename the bag into place; returns the SHA-256 of
        ``tagmanifest-sha256.txt`` (the one hash that names this bundle)."""
        self._check_cancel()
        self._check_expected()
        info = [*bag_info, ("Payload-Oxum", self.oxum)]
        self._add_tag("bagit.txt", BAGIT_TXT)
        self._add_tag("bag-info.txt", "".join(f"{k}: {_one_line(v)}\n" for k, v in info))
        for alg in ALGORITHMS:
            self._add_tag(f"manifest-{alg}.txt", manifest_text(self.entries, alg))
        for rel, text in extra_tags:
            self._add_tag(rel, text)
        tagged = list(self.tag_entries)
        tag_hash = ""
        for alg in ALGORITHMS:
            entry = self._add_tag(f"tagmanifest-{alg}.txt", manifest_text(tagged, alg))
            if alg == "sha256":
                tag_hash = entry.sha256
        self._check_cancel()
        try:
            if self._zip is not None:
                self._zip.close()
                self._zip = None
                with self._tmp.open("rb+") as fh:
                    os.fsync(fh.fileno())
            os.replace(self._tmp, self.target) if self.as_zip else os.rename(self._tmp, self.target)
        except OSError as exc:
            raise StorageError(f"Bundel tidak dapat disimpan sebagai {self.target}: {exc.strerror or exc}.") from exc
        self._done = True
        if on_complete is not None:
            on_complete(tag_hash)
        return tag_hash


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def manifest_text(entries: Iterable[Entry], alg: str) -> str:
    return "".join(f"{getattr(e, alg)}  {e.path}\n" for e in sorted(entries, key=lambda e: e.path))

