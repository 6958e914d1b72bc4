"""The crash-safe ingest pipeline, journalled in ``scan_item``.

Per file::

    1. commit  ScanItem(state=detected, source path, size, mtime)
    2. FileStore.put_file (fsynced, atomic) — then commit Document + state=stored
       (or state=duplicate when the bytes were archived before; or quarantined, see below)
    3. identify outside any transaction (QR, separator sheets, rules, text / OCR)
    4. commit DocumentLink + state=filed (or review) + the planned destination of the original
    5. move the original to the processed folder (or delete it), fsync — then commit source_done

A crash between any two steps leaves an *open* row; the next start resumes it from its state:
the store is content-addressed (storing again is a no-op), the link is unique, the move is
checked against the planned destination. So nothing is lost and nothing is filed twice.

Bad files are moved to the quarantine folder (``AppPaths.quarantine``) with a reason file beside
them; they are never deleted.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from tatausaha import clock, registry
from tatausaha.errors import StorageError
from tatausaha.ingest import validate
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.identify import Identification, Part, identify, target_for_ref
from tatausaha.ingest.pages import PageSource, image_to_pdf
from tatausaha.ingest.validate import PDF, BadFile, check_file, safe_name
from tatausaha.models.base import utcnow
from tatausaha.models.document import Document
from tatausaha.models.ingest import (
    DETECTED,
    DISCARDED,
    DUPLICATE,
    FILED,
    FINAL_STATES,
    QUARANTINED,
    REVIEW,
    SETTLED,
    SPLIT,
    STORED,
    ScanItem,
)
from tatausaha.services import documents
from tatausaha.services.auth import SYSTEM, Actor
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage import dialect
from tatausaha.storage.archive import ArchiveStore
from tatausaha.storage.filestore import _fsync_dir

if TYPE_CHECKING:  # the application's context: only its type is named here
    from tatausaha.context import AppContext

log = logging.getLogger(__name__)

OCR_PENDING = "ocr_pending"
GONE = "gone"
REASON_SUFFIX = ".alasan.txt"
#: on a settled row whose original could not be deleted yet (a reader blocks the durability checkpoint,
#: the file is held open): the row keeps its state, the delete is retried with back-off
PENDING_DELETE_NOTE = "Berkas asli menunggu dihapus dari folder pindai; dicoba lagi otomatis."
DURABLE_BUSY_MS = 1000  # how long one delete attempt waits for readers before it is retried later
POISON_ATTEMPTS = 3  # starts that died while taking the same file before it is quarantined unopened
DUP_MARK = "duplicate"  # ScanItem.method while a duplicate kept as reference waits for identification


class RetryLater(Exception):
    """The file is busy (locked by its writer, or the move failed); try again with back-off."""


@dataclass(frozen=True)
class Outcome:
    item_id: int | None
    state: str  # a final state, OCR_PENDING or GONE
    source: Path | None = None
    message: str = ""
    children: tuple[int, ...] = ()


def path_key(path: Path) -> str:
    """How a source path is written in the journal (undecodable bytes replaced)."""
    return safe_name(str(path))


def unique_path(folder: Path, name: str, taken: Callable[[Path], bool] | None = None) -> Path:
    stem, suffix = os.path.splitext(name)
    candidate = folder / name
    n = 2
    while candidate.exists() or (taken is not None and taken(candidate)):
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    return candidate


def _move(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dest)
    except OSError as exc:
        if getattr(exc, "errno", None) == 18:  # EXDEV: another file system (a network share)
            tmp = dest.with_name(dest.name + ".part")
            shutil.copy2(src, tmp)
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
            _fsync_dir(dest.parent)
            os.unlink(src)
        else:
            raise
    _fsync_dir(dest.parent)


_COLUMNS = [c.key for c in ScanItem.__table__.columns]


def _freeze(row: ScanItem) -> ScanItem:
    """A detached copy of a journal row (plain attribute values; never touches the database)."""
    return ScanItem(**{k: getattr(row, k) for k in _COLUMNS})


def _json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


#: The pipeline's writing units of work take turns here before SQLite's write lock. Two workers
#: meeting at ``BEGIN IMMEDIATE`` otherwise wait in SQLite's busy handler, which sleeps in steps of
#: 1-100 ms and wakes late; a burst of scans then ran no faster with two workers than with one.
_WRITE_TURN = threading.RLock()


class Pipeline:
    def __init__(
        self,
        ctx: AppContext,
        config: IngestConfig,
        *,
        actor: Actor = SYSTEM,
        folders: list[FolderSpec] | None = None,
    ) -> None:
        self.ctx = ctx
        self.config = config
        self.actor = actor
        self.store: ArchiveStore = ctx.store
        self.folders: dict[int | None, FolderSpec] = {f.id: f for f in (folders or [])}
        self.quarantine_root = ctx.paths.quarantine

    @contextlib.contextmanager
    def _write(self) -> Iterator[UnitOfWork]:
        """A writing unit of work, entered after the other pipeline writers of this process."""
        with _WRITE_TURN, self.ctx.uow(actor=self.actor) as uow:
            yield uow

    # -- entry points -----------------------------------------------------------------------
    def process_path(self, path: Path, folder: FolderSpec) -> Outcome:
        """Take one complete file from a scan folder (or resume its open journal row)."""
        key = path_key(path)
        try:
            st = path.stat()
        except FileNotFoundError:
            return Outcome(None, GONE, path)
        except PermissionError as exc:
            raise RetryLater(str(exc)) from exc
        if folder.id is not None:
            self.folders.setdefault(folder.id, folder)
        with self._write() as uow:
            row = uow.session.execute(
                select(ScanItem).where(ScanItem.source_path == key, ScanItem.source_done.is_(False))
                .order_by(ScanItem.id.desc()).limit(1)
            ).scalar_one_or_none()
            if row is not None and row.state != DETECTED and (row.source_size, row.source_mtime_ns) != (
                st.st_size, st.st_mtime_ns
            ):
                # Another file now has the old one's name: the old one was archived (its bytes are
                # in the store), so close its row and journal the new file afresh.
                row.source_done = True
                row.note = (row.note + " Berkas sumber sudah berganti isi sebelum dipindahkan.").strip()
                row = None
            if row is None:
                row = ScanItem(
                    folder_id=folder.id, source_path=key, source_name=safe_name(path.name), source_size=st.st_size,
                    source_mtime_ns=st.st_mtime_ns, state=DETECTED, attempts=0,
                )
                uow.session.add(row)
            elif row.state == DETECTED:
                row.source_size, row.source_mtime_ns = st.st_size, st.st_mtime_ns
            row.attempts += 1
            uow.session.flush()
            item_id = row.id
            frozen = _freeze(row)
            uow.commit()
        row = frozen
        if row.state == DETECTED and row.attempts > POISON_ATTEMPTS:
            # the app died (or was killed) this many times while taking this file: do not try again
            self._quarantine(item_id, path, f"Aplikasi berhenti {row.attempts - 1} kali saat memproses berkas ini; "
                                            "berkas dikarantina agar pengarsipan lain tetap berjalan.", "poison")
            return Outcome(item_id, QUARANTINED, path)
        return self.resume(item_id, source=path, folder=folder, snap=row)

    def resume(
        self, item_id: int, *, source: Path | None = None, folder: FolderSpec | None = None, allow_ocr: bool = False,
        cancel: Callable[[], bool] | None = None, snap: ScanItem | None = None,
    ) -> Outcome:
        """Carry an item forward from whatever state its journal row is in."""
        children: tuple[int, ...] = ()
        for _ in range(8):  # each step moves the state forward; 8 is more than enough
            snap = snap or self._snapshot(item_id)
            if snap is None:
                return Outcome(item_id, GONE)
            folder = folder or self.folders.get(snap.folder_id) or (
                FolderSpec(Path(snap.source_path).parent, id=snap.folder_id) if snap.source_path else None
            )
            src = source or (Path(snap.source_path) if snap.source_path else None)
            if snap.state == DETECTED:
                snap = self._store(snap, src, folder)
            elif snap.state == STORED:
                result = self._identify(snap, folder, allow_ocr=allow_ocr, cancel=cancel)
                if result == OCR_PENDING:
                    return Outcome(item_id, OCR_PENDING, src)
                if isinstance(result, tuple):
                    children = result
                snap = result if isinstance(result, ScanItem) else None
            elif not snap.source_done:
                snap = self._finish_source(snap, src, folder)
            else:
                # a quarantined row's note is the machine code of its reason ("truncated"): say the reason
                message = snap.reason if snap.state == QUARANTINED else (snap.note or snap.reason)
                return Outcome(item_id, snap.state, src, message, children)
        raise RuntimeError(f"scan item {item_id} did not settle")

    def quarantine_path(self, path: Path, reason: str, code: str = "failed") -> int | None:
        """Quarantine a file the pipeline keeps failing on (so the watcher can go on).

        Returns None, changing nothing, when the file's item is settled already (filed, waiting,
        duplicate, split): then only its move or delete failed, and that is retried instead."""
        key = path_key(path)
        with self._write() as uow:
            row = uow.session.execute(
                select(ScanItem).where(ScanItem.source_path == key, ScanItem.source_done.is_(False))
                .order_by(ScanItem.id.desc()).limit(1)
            ).scalar_one_or_none()
            if row is None:
                row = ScanItem(source_path=key, source_name=safe_name(path.name), state=DETECTED, attempts=0)
                uow.session.add(row)
                uow.session.flush()
            if row.state in SETTLED:
                # archived and filed (or waiting) already: only moving/deleting the original is left,
                # and that is retried; a settled item never becomes "quarantined"
                log.warning("not quarantining %s: item %s is %s; its original is retried", path, row.id, row.state)
                return None
            item_id = row.id
            uow.commit()
        self._quarantine(item_id, path, reason, code)
        return item_id

    def open_items(self) -> list[tuple[int, str | None]]:
        """Rows a crash (or an OCR queue) left unfinished: (id, source path or None)."""
        with self.ctx.reader(self.actor) as uow:
            rows = uow.session.execute(
                select(ScanItem.id, ScanItem.source_path, ScanItem.source_done, ScanItem.state)
                .where((ScanItem.state.in_([DETECTED, STORED])) | (ScanItem.source_done.is_(False)))
                .order_by(ScanItem.id)
            ).all()
        return [(rid, None if done else sp) for rid, sp, done, _state in rows]

    # -- steps ------------------------------------------------------------------------------
    def _snapshot(self, item_id: int) -> ScanItem | None:
        with self.ctx.reader(self.actor) as uow:
            row = uow.session.get(ScanItem, item_id)
            return _freeze(row) if row is not None else None

    def _store(self, snap: ScanItem, src: Path | None, folder: FolderSpec | None) -> ScanItem | None:
        if src is None or not src.exists():
            with self._write() as uow:
                row = uow.session.get(ScanItem, snap.id)
                assert row is not None
                row.state, row.source_done = DISCARDED, True
                row.note = "Berkas hilang dari folder pindai sebelum sempat diarsipkan (dipindah orang lain?)."
                uow.commit()
            return None
        try:
            info = check_file(src, max_bytes=self.config.max_bytes)
        except BadFile as bad:
            self._quarantine(snap.id, src, bad.reason, bad.code)
            return None
        except PermissionError as exc:
            raise RetryLater(str(exc)) from exc
        try:
            stored = self.store.put_file(src)
        except PermissionError as exc:
            raise RetryLater(str(exc)) from exc
        text = None
        view_bytes = None
        pages: PageSource | None = None  # the stored file opened once, for its text and identification
        if info.mime == PDF:
            try:
                pages = PageSource(stored.path, PDF)
                text = pages.all_text() or None
            except Exception:  # noqa: BLE001 - checked above; the text layer is optional
                text = None
        else:
            try:
                view_bytes = image_to_pdf(stored.path)
            except Exception as exc:  # noqa: BLE001 - an image Pillow can read but not convert
                log.warning("could not derive a PDF from %s: %s", src, exc)
        try:
            view = self.store.put_bytes(view_bytes) if view_bytes else None
            # Fast path: identify now (no OCR, no split) so that stored + identified is one commit.
            ident: Identification | None = None
            with self.ctx.reader(self.actor) as r:
                known = r.session.execute(select(Document.id).where(Document.sha256 == stored.sha256)).first() is not None
                if not known:
                    ident = identify(r, stored.path, info.mime, snap.source_name, self.config, allow_ocr=False,
                                     allow_split=snap.parent_id is None, source=pages)
                    if ident.needs_ocr or ident.parts:
                        ident = None  # the slow road: commit "stored" first, then OCR / split
        finally:
            if pages is not None:
                pages.close()
        with self._write() as uow:
            row = uow.session.get(ScanItem, snap.id)
            assert row is not None
            row.sha256, row.mime, row.page_count = stored.sha256, info.mime, info.page_count
            existing = uow.session.execute(select(Document).where(Document.sha256 == stored.sha256)).scalar_one_or_none()
            if existing is not None:
                first = uow.session.execute(
                    select(ScanItem.id).where(ScanItem.document_id == existing.id, ScanItem.id != row.id)
                    .order_by(ScanItem.id).limit(1)
                ).scalar_one_or_none()
                row.document_id, row.duplicate_of_id = existing.id, first
                row.note = (f"Duplikat: isi berkas sama persis dengan dokumen arsip #{existing.id} "
                            f"({existing.original_name}).")
                if self.config.duplicate_policy == "reference":
                    row.state = STORED  # identified, then linked as a reference (final state: duplicate)
                    row.method = DUP_MARK
                else:
                    row.state = DUPLICATE
                    self._plan_dest(uow, row, folder)
            else:
                doc = Document(
                    sha256=stored.sha256, sha512=stored.sha512 or None, size=stored.size, mime=info.mime,
                    original_name=row.source_name,
                    page_count=info.page_count, text=text, text_source="pdf" if text else None,
                )
                uow.session.add(doc)
                uow.session.flush()
                documents.reindex(uow.session, doc.id)
                row.document_id = doc.id
                row.text_source = doc.text_source
                row.state = STORED
                if ident is not None:
                    self._apply(uow, row, doc, ident, folder)
            if view is not None and row.view_document_id is None:
                vdoc = uow.session.execute(select(Document).where(Document.sha256 == view.sha256)).scalar_one_or_none()
                if vdoc is None:
                    vdoc = Document(sha256=view.sha256, sha512=view.sha512 or None, size=view.size, mime=PDF,
                                    original_name=os.path.splitext(row.source_name)[0] + ".pdf",
                                    page_count=info.page_count, text_source="none")
                    uow.session.add(vdoc)
                    uow.session.flush()
                row.view_document_id = vdoc.id
            uow.session.flush()
            frozen = _freeze(row)
            uow.commit()
            return frozen

    def _identify(
        self, snap: ScanItem, folder: FolderSpec | None, *, allow_ocr: bool, cancel: Callable[[], bool] | None
    ) -> str | tuple[int, ...] | ScanItem | None:
        assert snap.sha256 and snap.mime
        stored = self.store.local_path(snap.sha256)
        if snap.parent_id is not None and snap.method in ("qr", "cover") and snap.record_kind and snap.record_id:
            # a part cut where the record QR changed, or evidence behind a cover sheet: that QR names its record
            from tatausaha.recordref import RecordRef

            with self.ctx.reader(self.actor) as r:
                target, _ = target_for_ref(r, RecordRef(snap.record_kind, snap.record_id), method=snap.method)
            if target is not None:
                return self._finalize(snap, Identification(target=target), folder)
        with self.ctx.reader(self.actor) as r:
            ident = identify(r, stored, snap.mime, snap.source_name, self.config, allow_ocr=allow_ocr,
                             allow_split=snap.parent_id is None and snap.method != DUP_MARK, cancel=cancel)
            if ident.target is None and snap.method == "separator" and snap.record_kind and snap.record_id:
                from tatausaha.recordref import RecordRef

                target, _ = target_for_ref(r, RecordRef(snap.record_kind, snap.record_id), method="separator")
                ident.target = target
        if ident.needs_ocr:
            return OCR_PENDING
        if ident.parts:
            return self._split(snap, ident.parts, folder, ident.note)
        return self._finalize(snap, ident, folder)

    def _finalize(self, snap: ScanItem, ident: Identification, folder: FolderSpec | None) -> ScanItem:
        with self._write() as uow:
            row = uow.session.get(ScanItem, snap.id)
            assert row is not None and row.state == STORED
            doc = uow.session.get(Document, row.document_id)
            assert doc is not None
            self._apply(uow, row, doc, ident, folder)
            uow.session.flush()
            frozen = _freeze(row)
            uow.commit()
            return frozen

    def _apply(self, uow: UnitOfWork, row: ScanItem, doc: Document, ident: Identification,
               folder: FolderSpec | None) -> None:
        """Record the identification on a stored row (inside the caller's transaction)."""
        if ident.text_source == "ocr" and ident.text and not doc.text:
            doc.text, doc.text_source = ident.text, "ocr"
            documents.reindex(uow.session, doc.id)
        row.text_source = ident.text_source or row.text_source
        row.extracted = _json(ident.extracted.as_dict()) if ident.extracted else None
        row.suggestions = _json([s.as_dict() for s in ident.suggestions]) if ident.suggestions else None
        t = ident.target
        if row.method == DUP_MARK or row.duplicate_of_id is not None:
            if t is not None:
                documents.link_document(uow, doc.id, t.kind, t.id, role="referensi",
                                        note=f"Pindaian duplikat {row.source_name}")
                row.record_kind, row.record_id, row.role, row.method = t.kind, t.id, "referensi", t.method
                row.note = (row.note + " Ditautkan sebagai referensi.").strip()
            elif row.method == DUP_MARK:
                row.method = None
            row.state = DUPLICATE
        elif t is not None:
            rk = registry.kind(t.kind)
            note = f"Pindaian {row.source_name}"
            if rk is not None and rk.attach_scan is not None:  # the area files it (e.g. onto its checklist)
                rk.attach_scan(uow, t.id, doc.id, t.role, note)
            else:
                documents.link_document(uow, doc.id, t.kind, t.id, role=t.role, note=note)
            row.record_kind, row.record_id, row.role, row.method = t.kind, t.id, t.role, t.method
            row.state, row.filed_at = FILED, utcnow()
            row.note = t.why
        else:
            row.state = REVIEW
            row.note = ident.note
        self._plan_dest(uow, row, folder)

    def _split(self, snap: ScanItem, parts: list[Part], folder: FolderSpec | None, note: str = "") -> tuple[int, ...]:
        from pypdf import PdfReader, PdfWriter

        source_sha = snap.sha256
        if snap.mime != PDF:
            with self.ctx.reader(self.actor) as r:
                vdoc = r.session.get(Document, snap.view_document_id) if snap.view_document_id else None
                source_sha = vdoc.sha256 if vdoc is not None else None
        if source_sha is None:  # cannot cut an image we could not turn into a PDF: review as a whole
            self._finalize(snap, Identification(notes=["Berisi lembar pemisah, tetapi tidak dapat dipisah."]), folder)
            return ()
        reader = PdfReader(str(self.store.local_path(source_sha)))
        stem = os.path.splitext(snap.source_name)[0]
        made = []
        for k, part in enumerate(parts, 1):
            writer = PdfWriter()
            for i in part.pages:
                writer.add_page(reader.pages[i])
            buf = io.BytesIO()
            writer.write(buf)
            data = buf.getvalue()
            stored = self.store.put_bytes(data)
            with PageSource(data, PDF) as ps:
                text = ps.all_text() or None
            made.append((k, part, stored, text))
        with self._write() as uow:
            row = uow.session.get(ScanItem, snap.id)
            assert row is not None and row.state == STORED
            ids = []
            for k, part, stored, text in made:
                name = f"{stem} (bagian {k}).pdf"
                doc = uow.session.execute(select(Document).where(Document.sha256 == stored.sha256)).scalar_one_or_none()
                child = ScanItem(
                    folder_id=row.folder_id, parent_id=row.id, part_no=k, source_path=None, source_name=name,
                    source_done=True, sha256=stored.sha256, mime=PDF, page_count=len(part.pages),
                    text_source="pdf" if text else None,
                    note=f"Bagian {k} dari {row.source_name} (halaman {part.pages[0] + 1}–{part.pages[-1] + 1}).",
                )
                if part.ref is not None:
                    child.method, child.record_kind, child.record_id = part.method, part.ref.kind, part.ref.id
                if doc is None:
                    doc = Document(sha256=stored.sha256, sha512=stored.sha512 or None, size=stored.size, mime=PDF,
                                   original_name=name,
                                   page_count=len(part.pages), text=text, text_source="pdf" if text else None)
                    uow.session.add(doc)
                    uow.session.flush()
                    documents.reindex(uow.session, doc.id)
                    child.state = STORED
                else:
                    child.state = DUPLICATE
                    child.note += f" Duplikat dokumen arsip #{doc.id}."
                child.document_id = doc.id
                uow.session.add(child)
                uow.session.flush()
                ids.append(child.id)
            row.state = SPLIT
            row.method = ("qr" if any(p.method == "qr" for p in parts) and "kode QR" in note
                          else "cover" if any(p.method == "cover" for p in parts) else "separator")
            row.note = note or f"Dipisah oleh lembar pemisah menjadi {len(made)} dokumen."
            self._plan_dest(uow, row, folder)
            uow.commit()
        for cid in ids:
            self.resume(cid)
        return tuple(ids)

    def _plan_dest(self, uow: UnitOfWork, row: ScanItem, folder: FolderSpec | None) -> None:
        if row.source_done or row.source_path is None or row.dest_path:
            return
        if folder is not None and folder.after == "delete" and row.state != QUARANTINED:
            row.dest_path = ""  # deleted after the commit
            return
        base = folder.processed if folder is not None else Path(row.source_path).parent / "_diproses"
        month = clock.today().strftime("%Y-%m")
        session = uow.session

        def taken(p: Path) -> bool:
            return session.execute(
                select(ScanItem.id).where(ScanItem.dest_path == str(p), ScanItem.source_done.is_(False)).limit(1)
            ).first() is not None

        row.dest_path = str(unique_path(base / month, row.source_name, taken))

    def _quarantine(self, item_id: int, src: Path, reason: str, code: str) -> None:
        day = clock.today().isoformat()
        with self._write() as uow:
            row = uow.session.get(ScanItem, item_id)
            assert row is not None
            folder = self.quarantine_root / day

            def taken(p: Path) -> bool:
                return uow.session.execute(
                    select(ScanItem.id).where(ScanItem.dest_path == str(p), ScanItem.source_done.is_(False)).limit(1)
                ).first() is not None

            dest = unique_path(folder, safe_name(src.name).replace("\ufffd", "_") or "berkas", taken)
            row.state, row.reason, row.note, row.dest_path = QUARANTINED, reason, code, str(dest)
            uow.commit()
        snap = self._snapshot(item_id)
        assert snap is not None
        self._finish_source(snap, src, None)

    def _finish_source(self, snap: ScanItem, src: Path | None, folder: FolderSpec | None) -> ScanItem:
        """Move (or delete) the original now that the database knows where its bytes are."""
        if src is None and snap.source_path:
            src = Path(snap.source_path)
        dest = Path(snap.dest_path) if snap.dest_path else None
        try:
            if src is not None and os.path.lexists(src):
                if dest is None:
                    # delete mode: only after the stored copy and the commit are durable
                    if snap.sha256 is None or not self.store.exists(snap.sha256):
                        raise StorageError("Salinan arsip tidak ditemukan; berkas sumber tidak dihapus.")
                    try:
                        dialect.make_durable(self.ctx.db.engine, busy_ms=DURABLE_BUSY_MS)
                        os.unlink(src)
                    except (DBAPIError, OSError) as exc:
                        # a reader holds the database (the checkpoint cannot finish) or the file is
                        # held open: keep the item as it is, mark the delete pending, try again later
                        self._mark_pending_delete(snap)
                        raise RetryLater(f"delete of {src} postponed: {exc}") from exc
                    _fsync_dir(src.parent)
                else:
                    _move(src, dest)
        except PermissionError as exc:
            raise RetryLater(str(exc)) from exc
        if snap.state == QUARANTINED and dest is not None and dest.exists():
            reason_file = dest.with_name(dest.name + REASON_SUFFIX)
            if not reason_file.exists():
                self._write_reason(reason_file, snap, src)
        with self._write() as uow:
            row = uow.session.get(ScanItem, snap.id)
            assert row is not None
            row.source_done = True
            if PENDING_DELETE_NOTE in (row.note or ""):
                row.note = row.note.replace(PENDING_DELETE_NOTE, "").strip()
            uow.session.flush()
            frozen = _freeze(row)
            uow.commit()
            return frozen

    def _mark_pending_delete(self, snap: ScanItem) -> None:
        """Say on the row (once) that its original waits to be deleted; the state is not touched."""
        if PENDING_DELETE_NOTE in (snap.note or ""):
            return
        try:
            with self._write() as uow:
                row = uow.session.get(ScanItem, snap.id)
                if row is not None and not row.source_done and PENDING_DELETE_NOTE not in (row.note or ""):
                    row.note = f"{row.note or ''} {PENDING_DELETE_NOTE}".strip()
                    uow.commit()
        except DBAPIError as exc:  # the marker is a courtesy; the retry does not depend on it
            log.info("could not mark item %s as waiting for its delete: %s", snap.id, exc)

    def _write_reason(self, target: Path, snap: ScanItem, src: Path | None) -> None:
        lines = [
            "KARANTINA tatausaha",
            "",
            f"Berkas asli : {snap.source_name}",
            f"Dari folder : {safe_name(str(src.parent)) if src else '-'}",
            f"Ukuran      : {snap.source_size if snap.source_size is not None else '-'} bita",
            f"Waktu       : {clock.now_local_naive():%d-%m-%Y %H:%M:%S}",
            f"No. catatan : {snap.id}",
            "",
            "Alasan:",
            snap.reason,
            "",
            "Berkas ini tidak dihapus. Setelah diperbaiki, taruh lagi di folder pindai.",
        ]
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, target)


def quarantine_reason_file(dest: Path) -> Path:
    return dest.with_name(dest.name + REASON_SUFFIX)


__all__ = ["Pipeline", "Outcome", "RetryLater", "OCR_PENDING", "GONE", "FINAL_STATES", "validate"]
