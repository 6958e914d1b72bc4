"""SK scans onto riwayat rows: the file archived once (by its SHA-256) and put on the row and in the
employee's file, in the same unit of work as the row itself when a new riwayat comes with its SK."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tatausaha.changes import Changes
from tatausaha.errors import ValidationFailed
from tatausaha.services import documents
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import service
from tatausaha.staff.kinds import PEGAWAI
from tatausaha.storage.filestore import FileStore


def _one(files: Sequence[Path]) -> Path:
    if len(files) != 1:
        raise ValidationFailed(f"Satu baris riwayat menyimpan satu berkas SK; yang diberikan {len(files)} berkas. "
                               "Gabungkan halaman-halamannya menjadi satu PDF lebih dulu.")
    return Path(files[0])


def attach_sk_file(uow: UnitOfWork, store: FileStore, kind: str, riwayat_id: int, files: Sequence[Path]) -> service.Saved:
    """Archive the SK scan and put it on riwayat row ``riwayat_id`` of ``kind`` (and in the employee's file)."""
    uow.require(Permission.WRITE)
    info = documents.add_document(uow, store, _one(files))
    return service.attach_sk(uow, kind, riwayat_id, info.id)


def add_history_with_sk(uow: UnitOfWork, store: FileStore, employee_id: int, kind: str, fields: dict[str, Any],
                        files: Sequence[Path] = ()) -> service.Saved:
    """A new riwayat row and (when given) its SK scan, in one transaction: either both or neither."""
    uow.require(Permission.WRITE)
    values = dict(fields)
    if files:
        values["sk_document_id"] = documents.add_document(uow, store, _one(files)).id
    saved = service.add_history(uow, employee_id, kind, values)
    return service.Saved(saved.id, saved.row_version, saved.warnings, saved.changes.merge(Changes.of(PEGAWAI, employee_id)))


def update_history_with_sk(uow: UnitOfWork, store: FileStore, kind: str, riwayat_id: int, fields: dict[str, Any],
                           files: Sequence[Path] = (), *, expected_version: int | None = None) -> service.Saved:
    """An edited riwayat row and (when given) its new SK scan, in one transaction: either both or neither."""
    uow.require(Permission.WRITE)
    values = dict(fields)
    if files:
        values["sk_document_id"] = documents.add_document(uow, store, _one(files)).id
    return service.update_history(uow, kind, riwayat_id, values, expected_version=expected_version)


__all__ = ["add_history_with_sk", "attach_sk_file", "update_history_with_sk"]
