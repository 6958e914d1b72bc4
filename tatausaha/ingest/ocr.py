"""OCR with Tesseract (Indonesian, ``ind``), run as a subprocess with one thread per page.

``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threading makes a page about ten times slower on
a small machine (PERF-LIMITS §6: 1.2 s a page single-threaded vs 12 s). Parallelism comes from
running pages in several processes instead. Without Tesseract (or its ``ind`` data) the app
still files by QR code, rules and text layer; ``status()`` says plainly that OCR is off.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from dataclasses import dataclass

from PIL import Image

LANG = "ind"
TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class OcrStatus:
    available: bool
    message: str  # Indonesian, for the UI and the CLI
    executable: str | None = None


def _tesseract() -> str | None:
    return os.environ.get("TATAUSAHA_TESSERACT") or shutil.which("tesseract")


@functools.lru_cache(maxsize=4)
def _status(exe: str | None) -> OcrStatus:
    if exe is None or (os.sep in exe and not os.path.exists(exe)):
        return OcrStatus(False, "OCR mati: Tesseract tidak terpasang. Pindaian tetap diarsipkan lewat kode QR, "
                                "aturan nama berkas dan teks PDF; yang lain menunggu di Kotak Pindai. "
                                "Pasang tesseract-ocr dan tesseract-ocr-ind untuk menyalakan OCR.")
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        from tatausaha.ingest import reasons

        return OcrStatus(False, f"OCR mati: Tesseract tidak dapat dijalankan. {reasons.describe(exc)}", exe)
    langs = set((out.stdout + out.stderr).split())
    if LANG not in langs:
        return OcrStatus(False, "OCR mati: data bahasa Indonesia Tesseract (tesseract-ocr-ind) tidak terpasang.", exe)
    return OcrStatus(True, "OCR aktif (Tesseract, bahasa Indonesia).", exe)


def status() -> OcrStatus:
    return _status(_tesseract())


def ocr_image(img: Image.Image, *, psm: int = 3) -> str:
    """The text of one page image. Raises RuntimeError when Tesseract fails."""
    st = status()
    if not st.available or st.executable is None:
        raise RuntimeError(st.message)
    buf = io.BytesIO()
    (img if img.mode in ("L", "RGB", "1") else img.convert("L")).save(buf, "PNG", dpi=img.info.get("dpi", (200, 200)))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = subprocess.run(
        [st.executable, "stdin", "stdout", "-l", LANG, "--psm", str(psm)],
        input=buf.getvalue(), capture_output=True, timeout=TIMEOUT_SECONDS, env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"Tesseract gagal: {proc.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return proc.stdout.decode("utf-8", "replace")
