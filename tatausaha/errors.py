"""Errors the core raises. Every message is a full sentence in Bahasa Indonesia, ready to show."""

from __future__ import annotations


class TatausahaError(Exception):
    """Base of every expected error: the UI shows ``str(exc)``, the CLI prints it on one line."""

    code = "error"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class ValidationFailed(TatausahaError):
    code = "validation"

    def __init__(self, message: str, *, field: str | None = None, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.field = field


class NotFound(TatausahaError):
    code = "not_found"


class PermissionDenied(TatausahaError):
    code = "permission"


class AuthenticationFailed(TatausahaError):
    code = "auth"


class AccountLocked(AuthenticationFailed):
    code = "locked"


class Conflict(TatausahaError):
    """A unique thing (a number, a code, a username) already exists."""

    code = "conflict"


class StorageError(TatausahaError):
    """The database or the data directory cannot be used as it is."""

    code = "storage"


class DatabaseTooNew(StorageError):
    code = "db_too_new"


class JobCancelled(TatausahaError):
    code = "cancelled"

    def __init__(self, message: str = "Pekerjaan dibatalkan.") -> None:
        super().__init__(message)


class EditConflict(Conflict):
    """Someone else saved the record after this editor opened it (optimistic locking on ``row_version``).

    The save is refused, never merged: ``changed_by`` / ``changed_at`` name the other save,
    ``fields`` lists what it changed as ``(label, value then, value now)``."""

    code = "edit_conflict"

    def __init__(self, message: str, *, changed_by: str = "", changed_at: object = None,
                 fields: tuple[tuple[str, str, str], ...] = ()) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.fields = fields


class RecordInUse(TatausahaError):
    """A short edit lock is held by someone else ("sedang dibuka oleh …")."""

    code = "in_use"

    def __init__(self, message: str, *, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder
