"""Evidence that arrives by the scan folder (through ``RecordKind.attach_scan``).

* Behind a cover sheet (role ``bukti``): each document — one receipt — is paired with the item's
  next evidence requirement that is still *belum ada* (required ones first, in checklist order, as
  the cover sheet lists them) and that requirement becomes *lengkap*; when none is missing the
  document still lands on the item (``DocumentLink`` role ``bukti``) for the clerk to pair by hand.
  Pairing is by position: a stack scanned in the wrong order lands on the wrong rows; the clerk moves
  a file to its row (or off every row) with ``service.move_file`` ("Pindahkan berkas…" in the window).
* A signed kwitansi (its own QR, role ``kwitansi``) fills the kwitansi requirement when the
  checklist has one.
* An item already closed keeps its checklist: the document is linked to it and the checklist is
  left as the close recorded it.
"""

from __future__ import annotations

from sqlalchemy import select

from tatausaha.changes import Changes
from tatausaha.models.spj import SpjBukti, SpjItem
from tatausaha.services import documents
from tatausaha.services.uow import UnitOfWork
from tatausaha.spj import service

SPJ_ITEM = service.SPJ_ITEM_KIND
KWITANSI_WORDS = ("kuitansi", "kwitansi")


def _next_missing(uow: UnitOfWork, item_id: int, role: str) -> SpjBukti | None:
    rows = list(uow.session.execute(
        select(SpjBukti).where(SpjBukti.item_id == item_id).order_by(SpjBukti.urutan, SpjBukti.id)).scalars())
    if role == "kwitansi":
        for b in rows:
            if any(w in (b.dokumen + " " + b.nama).lower() for w in KWITANSI_WORDS) and b.status != "lengkap":
                return b
        return None
    for wajib in (True, False):
        for b in rows:
            if b.wajib == wajib and b.status == "belum_ada":
                return b
    return None


def attach_scan(uow: UnitOfWork, item_id: int, document_id: int, role: str, note: str | None) -> Changes:
    """File one scanned document onto the item's evidence (see the module's docstring)."""
    item = uow.session.get(SpjItem, item_id)
    target = _next_missing(uow, item_id, role) if item is not None and item.status != "ditutup" else None
    if target is None:
        changes = documents.link_document(uow, document_id, SPJ_ITEM, item_id, role=role or "bukti", note=note)
        return changes.merge(Changes.of(SPJ_ITEM, item_id))
    service.attach_file(uow, target.id, document_id, lengkap=True)
    return Changes.of(SPJ_ITEM, item_id).merge(Changes.of("document", document_id))
