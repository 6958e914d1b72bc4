"""Reading tatausaha's record references (``TU1:<kind>:<id>:<check>``) from page images."""

from __future__ import annotations

from PIL import Image

from tatausaha import recordref
from tatausaha.recordref import RecordRef


def decode_refs(img: Image.Image, key: str | None = None) -> list[RecordRef]:
    """Every valid ref of this office in the image (QR codes; tries rotations and inverted scans)."""
    import zxingcpp

    found: list[RecordRef] = []
    try:
        results = zxingcpp.read_barcodes(
            img, formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=True, try_downscale=True, try_invert=True,  # type: ignore[arg-type]
        )
    except TypeError:  # older zxing-cpp without some keyword
        results = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)  # type: ignore[arg-type]
    for r in results:
        ref = recordref.decode(r.text, key)
        if ref is not None and ref not in found:
            found.append(ref)
    return found
