"""Letters per second: our ``build_letter`` against a bare ReportLab canvas writing the same text.

Run: ``python bench/bench_printing.py [--letters 200] [--repeats 3]``

Variants, all in the same run, each writing N one-page F4 letters to files:

* ``bare canvas, no logo`` — the floor: the same strings drawn with ``canvas.drawString`` (body
  lines pre-split with ``simpleSplit``), no layout engine, no QR, no logo;
* ``bare canvas + PNG logo`` — the same plus the 600×700 RGBA PNG logo drawn with
  ``canvas.drawImage`` from one reused ``ImageReader`` (what plain ReportLab costs with a logo:
  it re-encodes the PNG for every document — PERF-LIMITS §4);
* ``build_letter + PNG logo`` — ours: platypus layout, kop, signature block, QR code, and the
  logo prepared once per process;
* ``build_letter, no logo``.

Printed: ms/letter, letters/s, and the ratio of ours (with logo) to each bare canvas variant.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.units import mm  # noqa: E402
from reportlab.lib.utils import ImageReader, simpleSplit  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from tatausaha.correspondence.area import SURAT_KELUAR  # noqa: E402
from tatausaha.idformat import format_nip, tempat_tanggal  # noqa: E402
from tatausaha.printing import build_letter, common  # noqa: E402
from tatausaha.printing.data import LetterDoc  # noqa: E402
from tatausaha.printing.samples import sample_letter, sample_logo_png  # noqa: E402
from tatausaha.recordref import encode  # noqa: E402


def bare_canvas(doc: LetterDoc, out: Path, logo: ImageReader | None) -> None:
    """The same text on the same page with nothing but canvas calls."""
    w, h = 215 * mm, 330 * mm
    c = Canvas(str(out), pagesize=(w, h))
    left, right, top = 30 * mm, w - 25 * mm, h - 25 * mm
    if logo is not None:
        c.drawImage(logo, left, top - 26 * mm, 22 * mm, 26 * mm, mask="auto")
    k = doc.kop
    y = top - 5 * mm
    for text, font, size in (
        (k.pemerintah, "Helvetica-Bold", 14),
        (k.nama_kantor, "Helvetica-Bold", 18),
        (f"{k.alamat}, Kode Pos {k.kode_pos}", "Helvetica", 10),
        (f"Telepon {k.telepon}", "Helvetica", 10),
        (f"Pos-el {k.email}, Laman {k.laman}", "Helvetica", 10),
    ):
        c.setFont(font, size)
        c.drawCentredString((left + right) / 2 + 10 * mm, y, text)
        y -= size * 1.22
    c.setLineWidth(2.2)
    c.line(left, y, right, y)
    c.setLineWidth(0.7)
    c.line(left, y - 3, right, y - 3)
    y -= 12 * mm
    c.setFont("Helvetica", 12)
    c.drawRightString(right, y, tempat_tanggal(k.kota, doc.tanggal))
    for label, value in (("Nomor", doc.nomor), ("Sifat", doc.sifat), ("Lampiran", doc.lampiran), ("Hal", doc.hal)):
        c.drawString(left, y, label)
        c.drawString(left + 24 * mm, y, f": {value}")
        y -= 14
    y -= 14
    for i, line in enumerate(doc.tujuan):
        c.drawString(left, y, ("Yth. " if i == 0 else "     ") + line)
        y -= 14
    c.drawString(left + 10 * mm, y, "di")
    c.drawString(left + 16 * mm, y - 14, doc.tujuan_di)
    y -= 42
    for para in doc.body:
        for line in simpleSplit(para, "Helvetica", 12, right - left):
            c.drawString(left, y, line)
            y -= 13.8
        y -= 6
    assert doc.signer is not None
    x = (left + right) / 2 + 40 * mm
    y -= 14
    c.drawCentredString(x, y, doc.signer.jabatan + ",")
    y -= 24 * mm
    c.setFont("Helvetica-Bold", 12)
    c.drawCentredString(x, y, doc.signer.nama)
    c.setFont("Helvetica", 12)
    c.drawCentredString(x, y - 14, doc.signer.pangkat)
    c.drawCentredString(x, y - 28, "NIP. " + format_nip(doc.signer.nip))
    y -= 60
    c.drawString(left, y, "Tembusan:")
    for i, t in enumerate(doc.tembusan, 1):
        c.drawString(left, y - 14 * i, f"{i}. {t}")
    c.showPage()
    c.save()


def timed(fn: Callable[[int], None], n: int, repeats: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds per letter over ``repeats`` runs of ``n`` letters.

    CPU time is printed too because the 2 cores are shared: wall time swings with the load.
    """
    fn(0)  # warm up (imports, font metrics, the logo cache for ours)
    walls, cpus = [], []
    for _ in range(repeats):
        common.qr_matrix.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(n):
            fn(i)
        walls.append((time.perf_counter() - t0) / n)
        cpus.append((time.process_time() - c0) / n)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="5 letters, one run (CI)")
    args = ap.parse_args()
    if args.smoke:
        args.letters, args.repeats = 5, 1

    logo_png = sample_logo_png(600, 700)
    with_logo = sample_letter(logo=True)
    without_logo = sample_letter(logo=False)
    with_logo = replace(with_logo, kop=replace(with_logo.kop, logo=logo_png))
    reader = ImageReader(io.BytesIO(logo_png))
    # every letter its own record ref, as in real use (the QR of a new ref is computed, not cached)
    ours_logo = [replace(with_logo, record_ref=encode(SURAT_KELUAR, 10_000 + i)) for i in range(args.letters)]
    ours_plain = [replace(without_logo, record_ref=encode(SURAT_KELUAR, 20_000 + i)) for i in range(args.letters)]
    try:
        import _rl_accel  # noqa: F401

        accel = "with rl_accel"
    except ImportError:
        accel = "pure Python (no rl_accel)"

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        results = {
            "bare canvas, no logo": timed(lambda i: bare_canvas(without_logo, d / f"a{i}.pdf", None), args.letters, args.repeats),
            "bare canvas + PNG logo": timed(lambda i: bare_canvas(without_logo, d / f"b{i}.pdf", reader), args.letters, args.repeats),
            "build_letter + PNG logo": timed(lambda i: build_letter(ours_logo[i], d / f"c{i}.pdf"), args.letters, args.repeats),
            "build_letter, no logo": timed(lambda i: build_letter(ours_plain[i], d / f"d{i}.pdf"), args.letters, args.repeats),
        }  # fmt: skip
        sizes = {name: (d / f"{p}0.pdf").stat().st_size for name, p in zip(results, "abcd", strict=True)}

    print(f"ReportLab one-page F4 letters, {args.letters} letters x {args.repeats} runs (median), {accel}")
    print(f"{'variant':28} {'ms/letter':>10} {'letters/s':>10} {'CPU ms':>8} {'CPU l/s':>8} {'PDF bytes':>10}")
    for name, (wall, cpu) in results.items():
        print(f"{name:28} {wall * 1000:10.2f} {1 / wall:10.1f} {cpu * 1000:8.2f} {1 / cpu:8.1f} {sizes[name]:10d}")
    for i, label in enumerate(("wall", "CPU")):
        ours = 1 / results["build_letter + PNG logo"][i]
        floor = 1 / results["bare canvas, no logo"][i]
        naive = 1 / results["bare canvas + PNG logo"][i]
        print(f"ratio ({label}) ours with logo / bare canvas no logo  = {ours / floor:.2f}")
        print(f"ratio ({label}) ours with logo / bare canvas + logo   = {ours / naive:.2f}")
    print(f"logo images prepared by our cache this run: {len(common._image_cache)}")


if __name__ == "__main__":
    main()
