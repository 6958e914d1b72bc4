"""Signature blocks (jabatan with a.n./u.b./Plt./Plh./Pj., space to sign, NAMA, pangkat, NIP)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from tatausaha.idformat import format_nip
from tatausaha.printing.common import Styles, TextLine
from tatausaha.printing.data import Signer

DELEGATING_PREFIXES = ("a.n.", "u.b.")
ACTING_PREFIXES = ("Plt.", "Plh.", "Pj.")


def jabatan_lines(signer: Signer) -> list[str]:
    """The jabatan lines above the signature, each as printed (the last ends with a comma)."""
    prefix = (signer.jabatan_prefix or "").strip()
    lines: list[str] = []
    if prefix.lower() in DELEGATING_PREFIXES:
        if signer.atas_nama_jabatan:
            lines.append(f"{prefix} {signer.atas_nama_jabatan}")
        lines.append(f"{signer.jabatan},")
    elif prefix:
        lines.append(f"{prefix} {signer.jabatan},")
    else:
        lines.append(f"{signer.jabatan},")
    return lines


def signature_flowables(
    signer: Signer,
    styles: Styles,
    *,
    heading: Sequence[str] = (),
    sign_space_mm: float = 22.0,
    style: ParagraphStyle | None = None,
    name_underline: bool = True,
) -> list[Flowable]:
    """Paragraphs of one signature block, top to bottom (heading lines come first)."""
    st = style or styles.center
    out: list[Flowable] = []
    for line in heading:
        out.append(TextLine(line, st))
    if signer.keterangan:
        out.append(TextLine(signer.keterangan, st))
    for line in jabatan_lines(signer):
        out.append(TextLine(line, st))
    out.append(Spacer(1, sign_space_mm * mm))
    out.append(TextLine(signer.nama, st, bold=True, underline=name_underline))
    if signer.pangkat:
        out.append(TextLine(signer.pangkat, st))
    if signer.nip:
        out.append(TextLine("NIP. " + format_nip(signer.nip), st))
    return out


def signature_table(
    signer: Signer,
    styles: Styles,
    width: float,
    *,
    heading: Sequence[str] = (),
    h_align: str = "RIGHT",
    sign_space_mm: float = 22.0,
) -> Table:
    """One unsplittable cell holding the whole block, placed right (the Pemda practice)."""
    cell = signature_flowables(signer, styles, heading=heading, sign_space_mm=sign_space_mm)
    t = Table([[cell]], colWidths=[width], hAlign=h_align)
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t
