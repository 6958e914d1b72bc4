"""Identification of a stored scan, in order: QR code → separator sheets → filename rules →
text (PDF text layer, else OCR) → the Kotak Pindai.

Runs outside any write transaction (reads records through a read-only unit of work).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tatausaha import recordref
from tatausaha.ingest import ocr, records
from tatausaha.ingest.config import IngestConfig
from tatausaha.ingest.extract import Extracted, extract
from tatausaha.ingest.pages import PageSource
from tatausaha.ingest.qr import decode_refs
from tatausaha.ingest.records import Suggestion
from tatausaha.recordref import RecordRef
from tatausaha.services.uow import UnitOfWork

log = logging.getLogger(__name__)

#: ref kind printed in the QR code -> (record kind the scan is attached to, link role)
REF_TARGETS: dict[str, tuple[str, str]] = {
    recordref.SURAT_KELUAR: ("surat_keluar", "ttd"),  # the signed letter
    recordref.SURAT_MASUK: ("surat_masuk", "disposisi"),  # lembar disposisi printed for a surat masuk
    recordref.DISPOSISI: ("disposisi", "scan"),
    recordref.KWITANSI: ("spj_item", "kwitansi"),
    recordref.SPJ_ITEM: ("spj_item", "kwitansi"),
    recordref.REGISTER: ("register", "scan"),
}
MIN_TEXT_CHARS = 40  # a text layer shorter than this is a scanner's stamp, not the letter


@dataclass(frozen=True)
class Target:
    kind: str
    id: int
    role: str
    method: str  # qr | separator | rule | text | ocr | manual
    why: str


@dataclass(frozen=True)
class Part:
    pages: tuple[int, ...]  # 0-based pages of the batch
    ref: RecordRef | None  # a record named on the separator sheet before this part


@dataclass
class Identification:
    target: Target | None = None
    parts: list[Part] | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    extracted: Extracted = field(default_factory=Extracted)
    text: str | None = None
    text_source: str | None = None  # pdf | ocr | None
    needs_ocr: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        return " ".join(self.notes)


def target_for_ref(uow: UnitOfWork, ref: RecordRef, method: str = "qr") -> tuple[Target | None, str]:
    kind, role = REF_TARGETS.get(ref.kind, (ref.kind, "scan"))
    if records.exists(uow, kind, ref.id):
        return Target(kind, ref.id, role, method, f"Kode QR {recordref.encode(ref.kind, ref.id)}"), ""
    name = records.KIND_LABELS.get(kind, kind)
    return None, f"Kode QR menunjuk ke {name} #{ref.id}, tetapi catatannya tidak ditemukan."


def _split_parts(page_refs: list[list[RecordRef]]) -> list[Part]:
    parts: list[Part] = []
    current: list[int] = []
    named: RecordRef | None = None
    for i, refs in enumerate(page_refs):
        if any(r.is_separator for r in refs):
            if current:
                parts.append(Part(tuple(current), named))
            current = []
            named = next((r for r in refs if not r.is_separator), None)
        else:
            current.append(i)
    if current:
        parts.append(Part(tuple(current), named))
    return parts


def identify(
    uow: UnitOfWork,
    stored: Path,
    mime: str,
    name: str,
    config: IngestConfig,
    *,
    allow_ocr: bool,
    allow_split: bool = True,
    cancel: Callable[[], bool] | None = None,
    source: PageSource | None = None,
) -> Identification:
    """Identify the stored file; ``source`` is an already open ``PageSource`` of it (not closed here)."""
    if source is not None:
        return _identify(source, uow, mime, name, config, allow_ocr=allow_ocr, allow_split=allow_split, cancel=cancel)
    with PageSource(stored, mime) as ps:
        return _identify(ps, uow, mime, name, config, allow_ocr=allow_ocr, allow_split=allow_split, cancel=cancel)


def _identify(
    ps: PageSource,
    uow: UnitOfWork,
    mime: str,
    name: str,
    config: IngestConfig,
    *,
    allow_ocr: bool,
    allow_split: bool,
    cancel: Callable[[], bool] | None,
) -> Identification:
    result = Identification()
    n = len(ps)
    page_texts = ps.page_texts() if mime == "application/pdf" else []
    text = "\n".join(page_texts).strip()
    if len(text) >= MIN_TEXT_CHARS:
        result.text, result.text_source = text, "pdf"
    # (a) QR codes: every page of a batch (to find separator sheets), else first and last
    if n > 1 and allow_split and n <= config.separator_max_pages:
        scan_pages = list(range(n))
    else:
        scan_pages = sorted({0, n - 1})
    page_refs: list[list[RecordRef]] = [[] for _ in range(n)]
    for i in scan_pages:
        if cancel is not None and cancel():
            break
        # A PDF tatausaha made prints its ref as tiny text beside the QR code: exactly one valid ref
        # in the page's own text layer is the same answer without rendering the page. (A page whose
        # text names several refs, e.g. a list, is rendered: its QR says which one is its own.)
        in_text = recordref.find_all(page_texts[i]) if i < len(page_texts) else []
        if len(in_text) == 1:
            page_refs[i] = in_text
            continue
        try:
            page_refs[i] = decode_refs(ps.render(i, config.qr_dpi, smooth=False))
        except Exception as exc:  # noqa: BLE001 - a page that will not render is not fatal here
            log.warning("QR decode of page %d of %s failed: %s", i + 1, name, exc)
    # (b) separator sheets
    if n > 1 and allow_split and any(r.is_separator for refs in page_refs for r in refs):
        parts = _split_parts(page_refs)
        if len(parts) > 1 or (parts and any(r.is_separator for r in page_refs[0])):
            result.parts = parts
            result.notes.append(f"Dipisah oleh lembar pemisah menjadi {len(parts)} dokumen.")
            return result
    candidates: list[RecordRef] = []
    for r in page_refs[0] + page_refs[n - 1]:
        if not r.is_separator and r not in candidates:
            candidates.append(r)
    if not candidates and result.text:
        candidates = [r for r in recordref.find_all(result.text) if not r.is_separator]
    for ref in candidates:
        target, problem = target_for_ref(uow, ref)
        if target is not None:
            result.target = target
            return result
        result.notes.append(problem)
    # (c) filename rules
    for rule in config.filename_rules:
        m = rule.compiled().search(name)
        if m is None:
            continue
        value = m.group("value") if "value" in m.re.groupindex else (m.group(1) if m.groups() else m.group(0))
        tahun = None
        if "tahun" in m.re.groupindex and m.group("tahun"):
            tahun = int(m.group("tahun"))
        ids = records.find(uow, rule.kind, rule.field, value, tahun=tahun)
        kind_label = records.KIND_LABELS.get(rule.kind, rule.kind)
        if len(ids) == 1:
            result.target = Target(rule.kind, ids[0], rule.role, "rule",
                                   f"Nama berkas cocok dengan aturan {rule.label or rule.pattern}")
            return result
        if len(ids) > 1:
            result.suggestions += [Suggestion(rule.kind, i, records.label(uow, rule.kind, i), 0.8,
                                              "Nama berkas cocok dengan aturan") for i in ids]
        else:
            result.notes.append(f"Nama berkas menyebut {kind_label} {value}{f'/{tahun}' if tahun else ''}, "
                                "tetapi catatannya tidak ditemukan.")
    # (d) text: the PDF's own text layer, else OCR
    if result.text is None and config.ocr_enabled:
        st = ocr.status()
        if not st.available:
            result.notes.append(st.message)
        elif not allow_ocr:
            result.needs_ocr = True
            return result
        else:
            pages = []
            for i in range(min(n, config.ocr_max_pages)):
                if cancel is not None and cancel():
                    break
                img = ps.render(i, config.ocr_dpi, grayscale=True)
                try:
                    pages.append(ocr.ocr_image(img))
                except (RuntimeError, OSError) as exc:
                    result.notes.append(f"OCR halaman {i + 1} gagal: {exc}")
                    break
            joined = "\n\f".join(pages).strip()
            if joined:
                result.text, result.text_source = joined, "ocr"
    elif result.text is None:
        result.notes.append("OCR dimatikan di pengaturan.")
    if result.text:
        refs = [r for r in recordref.find_all(result.text) if not r.is_separator]
        for ref in refs:
            target, _problem = target_for_ref(uow, ref, method=result.text_source or "text")
            if target is not None:
                result.target = target
                return result
        result.extracted = extract(result.text)
        suggestions = records.suggest(uow, result.extracted)
        result.suggestions = sorted(result.suggestions + suggestions, key=lambda s: -s.score)
        exact = [s for s in suggestions if s.score >= 0.95]
        if config.auto_file_text_match and len(exact) == 1:
            s = exact[0]
            method = "ocr" if result.text_source == "ocr" else "text"
            result.target = Target(s.kind, s.id, "scan", method, s.why)
            return result
    if not result.target:
        if result.extracted:
            result.notes.append("Data surat terbaca dari teks; periksa lalu lampirkan atau buat surat masuk baru.")
        elif not result.notes:
            result.notes.append("Tidak ada kode QR, aturan nama berkas atau teks yang mengenali dokumen ini.")
    return result
