"""Berita acara serah terima dokumen (the handover record of an auditor's bundle), ready to sign.

Pure layout like every builder here: a :class:`HandoverDoc` in, PDF bytes out. The two parties'
names, NIP and positions are printed when known and left as dotted lines to fill in by hand when
not; the bundle's identity (its id, counts, the SHA-256 of its file list and the audit trail's
head) is printed so the paper and the bundle name each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from tatausaha import idformat
from tatausaha.printing.common import Output, esc, make_styles, page_size
from tatausaha.printing.data import KopSurat, PageSetup
from tatausaha.printing.layout import build_pdf, grid_table

DOTS = "…" * 12


@dataclass(frozen=True)
class Party:
    role: str  # "PIHAK PERTAMA"
    nama: str = ""
    nip: str = ""
    jabatan: str = ""
    instansi: str = ""


@dataclass(frozen=True)
class HandoverDoc:
    title: str  # "BERITA ACARA SERAH TERIMA DOKUMEN"
    tanggal: dt.date
    tempat: str
    first: Party  # who hands over (the office)
    second: Party  # who receives (the auditor)
    request: str  # the request letter in words, or ""
    scope: str
    details: tuple[tuple[str, str], ...]  # label : value lines (bundle id, counts, hashes …)
    notes: tuple[str, ...] = ()
    kop: KopSurat | None = None
    audit_anchor: str | None = None
    page: PageSetup = PageSetup(paper="A4", margin_top_mm=15, margin_bottom_mm=18, margin_left_mm=25, margin_right_mm=20,
                                 font_size=11)


def build_handover(doc: HandoverDoc, out: Output) -> None:
    st = make_styles(doc.page)
    fonts = st.fonts
    width = page_size(doc.page)[0] - (doc.page.margin_left_mm + doc.page.margin_right_mm) * mm
    story: list[Flowable] = [
        Paragraph(f"<b>{esc(doc.title)}</b>", st.center_bold),
        Spacer(1, 3 * mm),
        Paragraph(
            f"Pada hari ini {esc(idformat.hari_tanggal(doc.tanggal))}, bertempat di {esc(doc.tempat or DOTS)}, "
            "kami yang bertanda tangan di bawah ini:", st.plain),
        Spacer(1, 2 * mm),
    ]
    for party, role_text in ((doc.first, "yang menyerahkan"), (doc.second, "yang menerima")):
        rows = [[f"{i}.", label, ":", esc(value) or DOTS] for i, (label, value) in enumerate(
            (("Nama", party.nama), ("NIP", idformat.format_nip(party.nip) if party.nip else ""),
             ("Jabatan", party.jabatan), ("Instansi", party.instansi)), start=1)]
        story.append(grid_table([[Paragraph(c, st.plain) if j == 3 else c for j, c in enumerate(r)] for r in rows],
                                [8 * mm, 30 * mm, 4 * mm, width - 42 * mm]))
        story.append(Paragraph(f"selanjutnya disebut <b>{esc(party.role)}</b> ({role_text}).", st.plain))
        story.append(Spacer(1, 2 * mm))
    intro = "PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA, dan PIHAK KEDUA menerima dari PIHAK PERTAMA, "
    intro += "bundel dokumen elektronik"
    if doc.request:
        intro += f" sebagai jawaban atas surat permintaan nomor {esc(doc.request)}"
    intro += f", dengan cakupan: {esc(doc.scope)}."
    story += [Paragraph(intro, st.plain), Spacer(1, 2 * mm)]
    table = Table([[Paragraph(esc(k), st.plain), ":", Paragraph(esc(v), st.plain)] for k, v in doc.details],
                  colWidths=[55 * mm, 4 * mm, width - 59 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [table, Spacer(1, 2 * mm)]
    for note in doc.notes:
        story.append(Paragraph(esc(note), st.plain))
    story += [
        Spacer(1, 2 * mm),
        Paragraph("Keutuhan bundel dapat diperiksa tanpa aplikasi ini: setiap berkas tercantum dengan sidik SHA-256 "
                  "dan SHA-512 di manifest BagIt (lihat CARA-MEMERIKSA.txt di dalam bundel). Berita acara ini dibuat "
                  "rangkap dua untuk dipergunakan sebagaimana mestinya.", st.plain),
        Spacer(1, 8 * mm),
    ]
    sig = []
    for party, head in ((doc.second, "PIHAK KEDUA"), (doc.first, "PIHAK PERTAMA")):
        sig.append([Paragraph(f"<b>{head}</b><br/>{esc(party.jabatan) or ''}", st.plain), Spacer(1, 22 * mm),
                    Paragraph(f"<u>{esc(party.nama) or DOTS}</u><br/>NIP {esc(idformat.format_nip(party.nip)) if party.nip else DOTS}",
                              st.plain)])
    grid = Table([[sig[0], sig[1]]], colWidths=[width / 2, width / 2])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    story.append(grid)
    build_pdf(out, story, page=doc.page, styles=st, title=doc.title, subject=doc.scope, kop=doc.kop,
              page_numbers="bottom", footer_note=doc.audit_anchor)
