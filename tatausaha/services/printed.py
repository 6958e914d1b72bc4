"""Printed documents in the archive: the office's kop for printing (from the office profile and
its logo) and the printed PDF of a record kept as a new version of its "cetak" document.

Printing itself is pure layout (``tatausaha.printing``: data in, PDF bytes out); this room reads
the office and keeps what was printed, so printing needs neither.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from tatausaha.changes import Changes
from tatausaha.errors import ValidationFailed
from tatausaha.models.document import DocumentLink
from tatausaha.printing.common import check_image
from tatausaha.printing.data import KopSurat
from tatausaha.printing.kop import KopWarning
from tatausaha.services import documents
from tatausaha.services.auth import Permission
from tatausaha.services.office import get_office
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.archive import ArchiveStore

log = logging.getLogger(__name__)

ROLE_CETAK = "cetak"


@dataclass(frozen=True)
class PrintedVersion:
    document_id: int
    sha256: str
    version: int
    new: bool  # False when these exact bytes were already kept for this record
    changes: Changes


def keep_printed_version(
    uow: UnitOfWork,
    store: ArchiveStore,
    record_kind: str,
    record_id: int,
    pdf_bytes: bytes,
    *,
    name: str | None = None,
    note: str | None = None,
) -> PrintedVersion:
    """Store ``pdf_bytes`` and link it to the record with role ``cetak`` and the next version.

    Printing the same bytes twice keeps one version (the link already exists). The caller commits.
    """
    uow.require(Permission.WRITE)
    if not pdf_bytes.startswith(b"%PDF-"):
        raise ValidationFailed("Hasil cetak bukan berkas PDF; tidak disimpan ke arsip.")
    filename = name or f"{record_kind}-{record_id}-cetak.pdf"
    info = documents.add_document_bytes(uow, store, pdf_bytes, filename)
    existing = uow.session.execute(
        select(DocumentLink.version).where(
            DocumentLink.document_id == info.id,
            DocumentLink.record_kind == record_kind,
            DocumentLink.record_id == record_id,
            DocumentLink.role == ROLE_CETAK,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return PrintedVersion(info.id, info.sha256, existing, False, Changes())
    changes = documents.link_document(uow, info.id, record_kind, record_id, role=ROLE_CETAK, note=note)
    version = uow.session.execute(
        select(func.max(DocumentLink.version)).where(
            DocumentLink.record_kind == record_kind,
            DocumentLink.record_id == record_id,
            DocumentLink.role == ROLE_CETAK,
        )
    ).scalar_one()
    uow.record("print", record_kind, record_id, {"document_id": info.id, "version": version})
    return PrintedVersion(info.id, info.sha256, int(version), True, changes)


def printed_versions(uow: UnitOfWork, record_kind: str, record_id: int) -> list[documents.LinkInfo]:
    """The kept printed versions of a record, oldest first."""
    return [link for link in documents.list_links(uow, record_kind, record_id) if link.role == ROLE_CETAK]


def kop_from_office(uow: Any, store: Any) -> KopSurat:
    """The kop of this office from ``OfficeProfile`` (the first row) and its logo in the file store.

    A missing profile gives an empty kop (the caller may still print). A missing or unreadable
    logo file prints without logo and emits a ``KopWarning`` (Indonesian text) — never an error.
    """
    profile = get_office(uow)
    if profile is None:
        warnings.warn("Profil kantor belum diisi; kop surat dicetak kosong.", KopWarning, stacklevel=2)
        return KopSurat(pemerintah="", nama_kantor="")
    kop = KopSurat(
        pemerintah=profile.pemerintah or "",
        nama_kantor=profile.nama_kantor or "",
        alamat=profile.alamat or "",
        kode_pos=profile.kode_pos or "",
        telepon=profile.telepon or "",
        email=profile.email or "",
        laman=profile.laman or "",
        kota=profile.kota or "",
    )
    sha = profile.logo_sha256
    if not sha:
        return kop
    try:
        data = store.read_bytes(sha)
    except Exception as exc:
        msg = f"Berkas logo kantor ({sha[:12]}…) tidak ada di arsip; kop surat dicetak tanpa logo."
        log.warning("%s (%s)", msg, exc)
        warnings.warn(msg, KopWarning, stacklevel=2)
        return kop
    problem = check_image(data)
    if problem is not None:
        msg = f"Berkas logo kantor ({sha[:12]}…) rusak atau bukan gambar; kop surat dicetak tanpa logo."
        log.warning("%s (%s)", msg, problem)
        warnings.warn(msg, KopWarning, stacklevel=2)
        return kop
    return replace(kop, logo=data)
