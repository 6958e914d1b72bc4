"""PDFium (through pypdfium2) is not thread-safe: every call into it, in any thread of the
process, must hold ``PDFIUM_LOCK`` — opening, reading, rendering and closing a document alike.

The scan-folder workers, the OCR pool, the archive preview, the print preview and the document
service all render or read PDFs; two of them at once crashed the process before this lock.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()


def pdfium_locked(fn):  # type: ignore[no-untyped-def]
    """Decorator: run ``fn`` holding ``PDFIUM_LOCK``."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        with PDFIUM_LOCK:
            return fn(*args, **kwargs)

    return wrapper
