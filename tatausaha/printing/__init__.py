"""Qt-free printing: ReportLab builders for naskah dinas, lembar disposisi, registers, kwitansi.

Each builder takes a plain dataclass from ``tatausaha.printing.data`` and writes a PDF::

    build_letter(doc: LetterDoc, out: str | Path | BinaryIO) -> None
    build_disposition(doc: DispositionSheet, out) -> None
    build_register(doc: RegisterDoc, out) -> None
    build_kwitansi(doc: KwitansiDoc, out) -> None
    build_separator(doc: SeparatorSheet, out) -> None
    build_cover_sheet(doc: CoverSheet, out) -> None

``to_bytes(builder, doc)`` returns the PDF as bytes. Builders are imported lazily so that
importing ``tatausaha.printing.data`` stays cheap.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

__all__ = ["build_letter", "build_disposition", "build_register", "build_kwitansi", "build_separator", "build_cover_sheet",
           "to_bytes"]


def to_bytes(builder: Callable[[Any, Any], None], doc: Any) -> bytes:
    buf = io.BytesIO()
    builder(doc, buf)
    return buf.getvalue()


def __getattr__(name: str) -> Any:
    modules = {
        "build_letter": "letter",
        "build_disposition": "disposition",
        "build_register": "register",
        "build_kwitansi": "kwitansi",
        "build_separator": "separator",
        "build_cover_sheet": "cover",
    }
    if name in modules:
        import importlib

        return getattr(importlib.import_module(f"tatausaha.printing.{modules[name]}"), name)
    raise AttributeError(name)
