"""Page images made fit for OCR: background flattening, contrast normalisation, deskew (Pillow only).

A phone photo of a letter is lit unevenly (bright near the window, dark at the far edge), has the
hand's shadow across it, is a little crooked and often low in contrast; a poor scan is grey and
tilted. Tesseract binarises with one global threshold per region and reads such pages badly (the
dark half becomes a black block, the light half loses thin strokes). So before OCR:

1. **flatten the background**: estimate the paper's brightness everywhere with a morphological
   closing (max filter, then min filter — the ink disappears, the lighting stays) on a small copy,
   blur it, scale it back and divide the page by it: paper becomes white everywhere, ink stays dark;
2. **normalise contrast**: stretch so the darkest ink is black (paper is already white);
3. **deskew**: the angle whose horizontal projection profile is sharpest (text lines give tall,
   narrow peaks when level), searched over ±``MAX_SKEW`` degrees on a small binarised copy, coarse
   then fine; the page is rotated back when the angle is worth it.

numpy is not a dependency of tatausaha, so all of this is Pillow (C loops); a 200-dpi F4 page
(1693 × 2598 px) takes a fraction of a second against about a second for Tesseract itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageOps

MAX_SKEW = 6.0  # degrees searched either way
#: below this Tesseract levels the lines itself (measured: pages scanned at ±1.2° read 100 %), and a
#: rotation of the whole page costs more time than it gains
MIN_ROTATE = 1.0
UNEVEN_LEVELS = 24  # background brighter/darker than this across the page: flatten it
WHITE_PAPER = 200  # darkest background level still called white paper
BACKGROUND_WIDTH = 110  # px: the small copy the background is estimated on (1/16 of a 200-dpi page)


@dataclass(frozen=True)
class Prepared:
    image: Image.Image
    skew: float  # degrees the page was rotated back (0.0 when left as it was)
    flattened: bool


def _small_background(gray: Image.Image) -> Image.Image:
    """The paper's brightness (ink removed) on a 1/16 copy: cheap, and enough to judge the lighting."""
    factor = max(1, gray.width // BACKGROUND_WIDTH)
    small = gray.reduce(factor) if factor > 1 else gray.copy()
    # closing of the bright paper over the dark ink: strokes, words and lines (up to ~1/10 of the
    # page width) vanish, lighting gradients and shadows stay
    k = 5
    closed = small.filter(ImageFilter.MaxFilter(k)).filter(ImageFilter.MaxFilter(k))
    closed = closed.filter(ImageFilter.MinFilter(k)).filter(ImageFilter.MinFilter(k))
    return closed.filter(ImageFilter.GaussianBlur(1.5))


def background(gray: Image.Image, small: Image.Image | None = None) -> Image.Image:
    """The paper's brightness at each pixel (ink removed), same size as ``gray``."""
    small = small if small is not None else _small_background(gray)
    return small.resize(gray.size, Image.Resampling.BILINEAR)


def evenly_lit(small_background: Image.Image) -> bool:
    """White paper, evenly lit (a flatbed scan): flattening would change nothing worth its time."""
    lo, hi = small_background.getextrema()  # an "L" image: (min, max)
    assert isinstance(lo, int | float) and isinstance(hi, int | float)
    return bool(hi - lo <= UNEVEN_LEVELS and lo >= WHITE_PAPER)


_LN255 = math.log(255.0)
#: v -> ln(v) scaled onto 0..255, and back: dividing by the background is subtracting logarithms,
#: which Pillow does in 8-bit C loops (ImageMath on float images is ~10x slower for a whole page)
_LOG = [round(255.0 * math.log(max(v, 1)) / _LN255) for v in range(256)]
_EXP = [round(255.0 * math.exp((d - 255) * _LN255 / 255.0)) for d in range(256)]


def flatten(gray: Image.Image, small: Image.Image | None = None) -> Image.Image:
    """Divide the page by its background: white paper everywhere, ink kept."""
    bg = background(gray, small)
    quotient = ImageChops.subtract(gray.point(_LOG), bg.point(_LOG), scale=1.0, offset=255)
    return quotient.point(_EXP)


def normalise_contrast(gray: Image.Image) -> Image.Image:
    """Stretch so that the darkest ink is black and the paper white (0.5 % of pixels clipped at the dark end)."""
    return ImageOps.autocontrast(gray, cutoff=(0.5, 0.5))


def _profile_score(ink: Image.Image, angle: float) -> float:
    rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0) if angle else ink
    rows = rotated.resize((1, rotated.height), Image.Resampling.BOX).tobytes()  # mean ink of each row
    return float(sum((b - a) * (b - a) for a, b in zip(rows, rows[1:], strict=False)))


def estimate_skew(gray: Image.Image, *, max_angle: float = MAX_SKEW) -> float:
    """Degrees to rotate ``gray`` (counter-clockwise, as ``Image.rotate``) so its text lines lie level."""
    factor = max(1, gray.width // 420)
    small = gray.reduce(factor) if factor > 1 else gray
    ink = small.point(lambda v: 255 if v < 140 else 0)  # ink white on black: rows with text sum high
    # ignore the margins' borders/shadows: the middle 80 % of the width
    w = ink.width
    ink = ink.crop((w // 10, 0, w - w // 10, ink.height))
    best, best_score = 0.0, _profile_score(ink, 0.0)
    step = 0.5
    a = -max_angle
    while a <= max_angle + 1e-9:
        if abs(a) > 1e-9:
            s = _profile_score(ink, a)
            if s > best_score:
                best, best_score = a, s
        a += step
    centre = best
    for i in range(-4, 5):
        a = centre + i * 0.1
        if i and abs(a) <= max_angle:
            s = _profile_score(ink, a)
            if s > best_score:
                best, best_score = a, s
    return round(best, 2)


def prepare(img: Image.Image, *, deskew: bool = True) -> Prepared:
    """The page image Tesseract should read (grayscale)."""
    gray = img.convert("L") if img.mode != "L" else img
    dpi = img.info.get("dpi")
    small = _small_background(gray)
    flat = not evenly_lit(small)
    # an evenly lit white page is left as it is: stretching its contrast only sharpens its grain
    # (measured: noisy JPEG scans read slower, not better)
    page = normalise_contrast(flatten(gray, small)) if flat else gray
    angle = estimate_skew(page) if deskew else 0.0
    if abs(angle) >= MIN_ROTATE:
        page = page.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    else:
        angle = 0.0
    if dpi:
        page.info["dpi"] = dpi
    return Prepared(page, angle, flat)
