"""Files, the same way everywhere: atomic writes and file-type sniffing.

Every room that writes a file a user keeps (an export, a saved PDF, a backup part, a printed letter)
writes it here: a temporary file beside the target, flushed and fsynced, then renamed over the
target in one step (``os.replace`` — atomic on POSIX and on Windows' NTFS), so a crash or a full disk
never leaves half a file under the real name, and a failure is one Indonesian sentence.

Every room that asks "what is this file?" asks ``sniff``: by its first bytes, never by its name
alone (a ``.pdf`` that is really a JPEG is a JPEG).
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path

from tatausaha.errors import StorageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
#: how many leading bytes ``sniff`` needs
HEAD_BYTES = 1024


def sniff(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes (PDF, JPEG, PNG, TIFF), or None when unknown."""
    if b"%PDF-" in head[:HEAD_BYTES]:  # the PDF spec allows a little junk before the header
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    return None


def sniff_mime(head: bytes, name: str) -> str:
    """``sniff``, falling back to the name's extension, then to ``application/octet-stream``."""
    found = sniff(head)
    if found:
        return found
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    with Path(path).open("rb") as fh:
        return fh.read(n)


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without error, the temporary
    file is fsynced and renamed onto ``path``. On any error it is removed and the target untouched.
    OS errors become a ``StorageError`` in Indonesian."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        with tmp.open("rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"Berkas {path} tidak dapat ditulis: {exc.strerror or exc}.") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see ``atomic_target``)."""
    with atomic_target(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
