"""Identification of a stored scan, in order: QR code → separator sheets → filename rules →
text (PDF text layer, else OCR) → the Kotak Pindai.

Runs outside any write transaction (reads records through a read-only unit of work).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tatausaha import recordref, registry
from tatausaha.ingest import ocr, preprocess, reasons, records
from tatausaha.ingest.config import IngestConfig
from tatausaha.ingest.extract import Extracted, extract
from tatausaha.ingest.pages import PageSource
from tatausaha.ingest.qr import decode_refs
from tatausaha.ingest.records import Suggestion
from tatausaha.recordref import RecordRef
from tatausaha.services.uow import UnitOfWork

log = logging.getLogger(__name__)

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
    ref: RecordRef | None  # the record named on the separator sheet before this part, or its own QR
    #: separator: cut at a LEMBAR PEMISAH | qr: cut where the record QR changes | cover: a page (or a
    #: separated stack) behind a record's cover sheet, filed on that record
    method: str = "separator"


class Unsplittable(Exception):
    """The pages carry QR codes of several records in an order that cannot be cut safely (Indonesian)."""


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


def ref_target(qr_kind: str) -> tuple[str, str]:
    """QR kind -> (record kind the scan is attached to, link role), as the owning area declares."""
    k = registry.kind(qr_kind)
    if k is None:
        return qr_kind, "scan"
    return (k.name, k.cover_role) if qr_kind in k.cover_aliases else (k.name, k.scan_role)


def target_for_ref(uow: UnitOfWork, ref: RecordRef, method: str = "qr") -> tuple[Target | None, str]:
    kind, role = ref_target(ref.kind)
    if records.exists(uow, kind, ref.id):
        note = f"Kode QR {recordref.encode(ref.kind, ref.id)}"
        if ref.legacy:  # made with the old public key: it may have been printed by another office
            note += " (dibuat dengan kunci QR bawaan lama, bukan kunci kantor ini; periksa dan cetak ulang bila perlu)"
        return Target(kind, ref.id, role, method, note), ""
    name = records.kind_label(kind)
    return None, f"Kode QR menunjuk ke {name} #{ref.id}, tetapi catatannya tidak ditemukan."


def _record_key(ref: RecordRef) -> tuple[str, int]:
    """The record a ref lands on (a kwitansi and its SPJ item are the same record)."""
    return ref_target(ref.kind)[0], ref.id


def _ref_label(ref: RecordRef) -> str:
    kind, rid = _record_key(ref)
    return f"{records.kind_label(kind)} #{rid}"


def _record_refs(refs: list[RecordRef]) -> list[RecordRef]:
    """The refs of distinct records on one page (separators left out)."""
    out: list[RecordRef] = []
    for r in refs:
        if not r.is_separator and all(_record_key(r) != _record_key(o) for o in out):
            out.append(r)
    return out


def _split_parts(page_refs: list[list[RecordRef]]) -> list[Part]:
    """Cut a batch at every separator sheet and, inside each piece, wherever the record QR changes.

    Pages without a record QR stay with the QR'd page before them; pages before the first QR of a
    piece stay together with the record the separator named (or none). Raises ``Unsplittable`` when
    a page carries QR codes of two records, or a record comes back after another one (A, B, A):
    such a scan is not cut on a guess.

    A *cover sheet* (a QR kind an area declares in ``RecordKind.cover_aliases``) starts a stack of
    evidence for its record: every page behind it becomes a document of its own, filed on that
    record — or, when plain separator sheets stand between the pieces of evidence (a receipt of
    several pages), every separated stack does. The cover page itself is not kept; the stack ends
    at the next cover sheet or at a separator that names another record.
    """
    # (pages, record named by the sheet before them, cover run id or None)
    groups: list[tuple[list[int], RecordRef | None, int | None]] = [([], None, None)]
    cover: RecordRef | None = None
    run = 0
    for i, refs in enumerate(page_refs):
        covers = [r for r in refs if not r.is_separator and registry.is_cover(r.kind)]
        if covers:
            if len({_record_key(r) for r in _record_refs(refs)}) > 1:
                raise Unsplittable(f"Halaman {i + 1} memuat kode QR dari beberapa catatan, sehingga "
                                   "batas antardokumen tidak dapat ditentukan.")
            cover, run = covers[0], run + 1
            groups.append(([], cover, run))
        elif any(r.is_separator for r in refs):
            named = next((r for r in refs if not r.is_separator), None)
            if named is None and cover is not None:  # a separator between two receipts of one stack
                groups.append(([], cover, run))
            else:
                cover = None
                groups.append(([], named, None))
        else:
            groups[-1][0].append(i)
    stacked = {g[2] for g in groups if g[2] is not None}
    separated = {r for r in stacked if sum(1 for g in groups if g[2] == r) > 1}
    parts: list[Part] = []
    for pages, named, cover_run in groups:
        if not pages:
            continue
        if cover_run is not None and named is not None:
            if cover_run in separated:
                parts.append(Part(tuple(pages), named, "cover"))
                continue
            for i in pages:
                # a page printed for the same record (its kwitansi) keeps its own QR and role; any other
                # page behind the cover — a shop's receipt, a copy of another record — is evidence
                own = [r for r in _record_refs(page_refs[i]) if _record_key(r) == _record_key(named)]
                parts.append(Part((i,), own[0], "qr") if own and own[0].kind != named.kind
                             else Part((i,), named, "cover"))
            continue
        cur: list[int] = []
        cur_ref: RecordRef | None = None  # the record QR of the current part
        closed: set[tuple[str, int]] = set()
        for i in pages:
            refs = _record_refs(page_refs[i])
            if len(refs) > 1:
                raise Unsplittable(f"Halaman {i + 1} memuat kode QR dari {len(refs)} catatan berbeda, sehingga "
                                   "batas antardokumen tidak dapat ditentukan.")
            if refs and (cur_ref is None or _record_key(refs[0]) != _record_key(cur_ref)):
                ref = refs[0]
                if _record_key(ref) in closed:
                    raise Unsplittable(f"Kode QR {_ref_label(ref)} muncul lagi di halaman "
                                       f"{i + 1} setelah kode QR catatan lain; halaman-halaman beberapa surat "
                                       "tampaknya tercampur.")
                if cur:
                    if cur_ref is not None:
                        closed.add(_record_key(cur_ref))
                        parts.append(Part(tuple(cur), cur_ref, "qr"))
                    else:  # the pages before the first record QR of this piece
                        parts.append(Part(tuple(cur), named, "separator"))
                cur, cur_ref = [], ref
            cur.append(i)
        if cur_ref is not None:
            parts.append(Part(tuple(cur), cur_ref, "qr"))
        else:
            parts.append(Part(tuple(cur), named, "separator"))
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
    # (b) separator sheets, and the QR codes of several records (letters scanned in one go)
    has_sep = any(r.is_separator for refs in page_refs for r in refs)
    has_cover = any(registry.is_cover(r.kind) for refs in page_refs for r in refs if not r.is_separator)
    records_seen = {_record_key(r) for refs in page_refs for r in _record_refs(refs)}
    every_page = len(scan_pages) == n  # cut at QR changes only when every page was read
    if n > 1 and allow_split and (has_sep or (every_page and (has_cover or len(records_seen) > 1))):
        try:
            parts = _split_parts(page_refs)
        except Unsplittable as exc:
            result.notes.append(f"Tidak dipisah otomatis: {exc} Pisahkan halamannya di Kotak Pindai "
                                "(Pisah di halaman ini), lalu lampirkan tiap bagian ke catatannya.")
            return result
        if len(parts) > 1 or (parts and (has_cover or any(r.is_separator for r in page_refs[0]))):
            result.parts = parts
            by_qr = any(p.method == "qr" for p in parts) and len(records_seen) > 1
            how = ("lembar sampul" + (" dan lembar pemisah" if has_sep else "") if has_cover and not by_qr
                   else "lembar pemisah dan kode QR" if has_sep and by_qr else "kode QR tiap catatan" if by_qr
                   else "lembar pemisah")
            result.notes.append(f"Dipisah menurut {how} menjadi {len(parts)} dokumen.")
            return result
    candidates = _record_refs(page_refs[0] + page_refs[n - 1])
    if len(candidates) > 1:  # never filed whole onto one of several records
        names = ", ".join(_ref_label(r) for r in candidates)
        result.notes.append(f"Pindaian memuat kode QR beberapa catatan ({names}) dan tidak dapat dipisah otomatis; "
                            "pisahkan halamannya di Kotak Pindai lalu lampirkan tiap bagian ke catatannya.")
        return result
    if not candidates and result.text:
        candidates = [r for r in recordref.find_all(result.text) if not r.is_separator]
    for ref in candidates:
        target, problem = target_for_ref(uow, ref)
        if target is not None:
            result.target = target
            return result
        result.notes.append(problem)
    # (c) filename rules
    for rule in config.rules():
        m = rule.compiled().search(name)
        if m is None:
            continue
        value = m.group("value") if "value" in m.re.groupindex else (m.group(1) if m.groups() else m.group(0))
        tahun = None
        if "tahun" in m.re.groupindex and m.group("tahun"):
            tahun = int(m.group("tahun"))
        ids = records.find(uow, rule.kind, rule.field, value, tahun=tahun)
        kind_label = records.kind_label(rule.kind)
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
            prepared_refs: list[RecordRef] = []
            for i in range(min(n, config.ocr_max_pages)):
                if cancel is not None and cancel():
                    break
                img = ps.render(i, config.ocr_dpi, grayscale=True)
                if config.ocr_preprocess:  # photos and poor scans: flat background, contrast, level lines
                    img = preprocess.prepare(img).image
                    if not candidates:  # a QR the raw page hid (shadow, glare) may read now
                        prepared_refs += [r for r in decode_refs(img) if not r.is_separator]
                try:
                    pages.append(ocr.ocr_image(img))
                except (RuntimeError, OSError) as exc:
                    log.warning("OCR of page %d of %s failed: %s", i + 1, name, exc)
                    why = reasons.OCR_FAILED if isinstance(exc, RuntimeError) else reasons.describe(exc)
                    result.notes.append(f"OCR halaman {i + 1} gagal. {why}")
                    break
            found = _record_refs(prepared_refs)
            if len(found) == 1:
                target, _problem = target_for_ref(uow, found[0])
                if target is not None:
                    result.target = target
                    return result
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
