"""OCR of phone photos and poor scans, before and after preprocessing (ingest/preprocess.py).

    python bench/bench_ocr_preprocess.py [--letters 6] [--seed 1] [--smoke]

Material is generated: letters printed by tatausaha's own printing package (each with its own
nomor and perihal), rendered at 200 dpi and degraded as ``testing.DEGRADATIONS``: ``scan`` (a
flatbed scan: ±1.2°, blur, noise, speckles), ``lighting`` (a lighting gradient down to 35 %),
``shadow`` (a soft hand/phone shadow at 30 %), ``noise_jpeg`` (heavy noise, JPEG quality 30),
``rotation`` (1–5°), ``low_contrast`` (ink and paper squeezed into grey 120..190) and ``phone``
(all of that together: grey paper, gradient, shadow, 2–4.5°, blur, noise, JPEG 55, and a thumb over
the QR corner, as in the photos that reach the Kotak Pindai without a readable code).

Each page is read by Tesseract (``ind``, OMP_THREAD_LIMIT=1, as the pipeline runs it) three ways:
``raw`` (the image as it is — the pipeline before preprocessing), ``flat`` (background flattening
+ contrast normalisation) and ``prep`` (flat + deskew: what the pipeline does now). Reported per
degradation: word accuracy (reference words of the letter's own text layer found in the OCR text,
with multiplicity), whether ``extract()`` recovers the nomor surat (normalised) and the perihal
(exactly), and time (preprocessing ms; pages per minute including it). The ratio printed last is
pages/min with preprocessing against pages/min without it (the cost), next to the accuracy gain.

Without Tesseract (CI) the OCR columns are skipped and only the preprocessing time is measured.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from tatausaha.ingest import ocr, preprocess  # noqa: E402
from tatausaha.ingest import testing as T  # noqa: E402
from tatausaha.ingest.extract import extract, normalize_nomor  # noqa: E402
from tatausaha.ingest.pages import PageSource  # noqa: E402

SENDERS = [
    ("PEMERINTAH KOTA BEKASI", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", "Disdukcapil",
     "Permohonan Data Kependudukan Warga Pindahan"),
    ("PEMERINTAH KOTA BEKASI", "DINAS KESEHATAN", "Dinkes", "Pelaksanaan Bulan Imunisasi Anak Sekolah"),
    ("PEMERINTAH KOTA BEKASI", "BADAN PENANGGULANGAN BENCANA DAERAH", "BPBD", "Kesiapsiagaan Menghadapi Musim Hujan"),
    ("PEMERINTAH KOTA BEKASI", "DINAS SOSIAL", "Dinsos", "Verifikasi Penerima Bantuan Sosial Tunai"),
    ("PEMERINTAH KOTA BEKASI", "SEKRETARIAT DAERAH", "Setda", "Undangan Rapat Koordinasi Pemerintahan"),
    ("PEMERINTAH KOTA BEKASI", "DINAS PENDIDIKAN", "Disdik", "Pendataan Sekolah Rusak Tahun Anggaran 2025"),
]
VARIANTS = ("raw", "flat", "prep")


def tokens(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]


def word_accuracy(reference: str, text: str) -> float:
    ref, got = collections.Counter(tokens(reference)), collections.Counter(tokens(text))
    total = sum(ref.values())
    return sum(min(n, got[w]) for w, n in ref.items()) / total if total else 0.0


def letters(n: int, seed: int) -> list[tuple[bytes, str, str, str]]:
    """(pdf, nomor, perihal, reference text) for ``n`` letters."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parent, sender, short, hal = SENDERS[(i + seed) % len(SENDERS)]
        nomor = f"{rng.choice(['005', '400', '440', '460', '800'])}/{rng.randint(10, 999)}/{short}/2025"
        pdf = T.letter_pdf(None, nomor=nomor, hal=hal, pengirim=(parent, sender))
        with PageSource(pdf, "application/pdf") as ps:
            reference = ps.page_texts()[0]
        out.append((pdf, nomor, hal, reference))
    return out


def variant(img: Image.Image, name: str) -> tuple[Image.Image, float]:
    t0 = time.perf_counter()
    if name == "raw":
        return img, 0.0
    out = preprocess.prepare(img, deskew=(name == "prep")).image
    return out, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--letters", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default=",".join(T.DEGRADATIONS))
    ap.add_argument("--smoke", action="store_true", help="one letter, every degradation (about a minute with OCR)")
    args = ap.parse_args()
    n = 1 if args.smoke else args.letters
    kinds = args.kinds.split(",")
    have_ocr = ocr.status().available
    print(f"{n} letter(s) x {len(kinds)} degradations, seed {args.seed}; OCR: {ocr.status().message}")
    rows: dict[tuple[str, str], list[tuple[float, bool, bool, float, float]]] = collections.defaultdict(list)
    skews: dict[str, list[float]] = collections.defaultdict(list)
    for li, (pdf, nomor, hal, reference) in enumerate(letters(n, args.seed)):
        page = T.render_pages(pdf, 200)[0]
        for kind in kinds:
            img = T.degrade(page, kind, random.Random(args.seed * 1000 + li * 10 + kinds.index(kind)),
                            cover_qr=(kind == "phone"))
            img.info["dpi"] = (200, 200)
            for name in VARIANTS:
                prepared, prep_s = variant(img, name)
                if name == "prep":
                    skews[kind].append(preprocess.estimate_skew(preprocess.normalise_contrast(preprocess.flatten(img))))
                if not have_ocr:
                    rows[(kind, name)].append((0.0, False, False, prep_s, 0.0))
                    continue
                t0 = time.perf_counter()
                text = ocr.ocr_image(prepared)
                ocr_s = time.perf_counter() - t0
                ex = extract(text)
                rows[(kind, name)].append((
                    word_accuracy(reference, text),
                    normalize_nomor(ex.nomor_surat) == normalize_nomor(nomor),
                    ex.perihal.strip().lower() == hal.lower(),
                    prep_s, ocr_s,
                ))
    print()
    print(f"{'degradation':<13} {'variant':<5} {'word acc':>8} {'nomor':>6} {'perihal':>8} {'prep ms':>8} "
          f"{'pages/min':>9}")
    totals: dict[str, list[tuple[float, bool, bool, float, float]]] = collections.defaultdict(list)
    for kind in kinds:
        for name in VARIANTS:
            rs = rows[(kind, name)]
            totals[name] += rs
            acc = statistics.mean(r[0] for r in rs)
            prep_ms = statistics.mean(r[3] for r in rs) * 1000
            per_page = statistics.mean(r[3] + r[4] for r in rs)
            ppm = 60 / per_page if per_page > 0 and have_ocr else float("nan")
            print(f"{kind:<13} {name:<5} {acc:>8.1%} {sum(r[1] for r in rs):>3}/{len(rs):<2} "
                  f"{sum(r[2] for r in rs):>5}/{len(rs):<2} {prep_ms:>8.0f} {ppm:>9.1f}")
        if skews[kind]:
            print(f"{'':<13} skew found: {', '.join(f'{s:+.1f}°' for s in skews[kind])}")
    print()
    for name in VARIANTS:
        rs = totals[name]
        per_page = statistics.mean(r[3] + r[4] for r in rs)
        print(f"all           {name:<5} word acc {statistics.mean(r[0] for r in rs):.1%}, nomor "
              f"{sum(r[1] for r in rs)}/{len(rs)}, perihal {sum(r[2] for r in rs)}/{len(rs)}, "
              f"prep {statistics.mean(r[3] for r in rs) * 1000:.0f} ms/page"
              + (f", {60 / per_page:.1f} pages/min" if have_ocr and per_page > 0 else ""))
    if have_ocr:
        raw = statistics.mean(r[3] + r[4] for r in totals["raw"])
        prep = statistics.mean(r[3] + r[4] for r in totals["prep"])
        print(f"ratio pages/min with preprocessing / without: {raw / prep:.2f} "
              f"(word accuracy {statistics.mean(r[0] for r in totals['raw']):.1%} -> "
              f"{statistics.mean(r[0] for r in totals['prep']):.1%})")
    else:
        prep = statistics.mean(r[3] for r in totals["prep"])
        print(f"ratio: preprocessing {prep * 1000:.0f} ms/page against ~1,200 ms/page of Tesseract "
              f"(PERF-LIMITS §6) = {prep / 1.2:.2f} (OCR not installed: accuracy not measured)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
