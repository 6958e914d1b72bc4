"""Ingest settings (office-wide, in ``ingest_setting``) and the configured scan folders."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tatausaha.changes import Changes
from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.models.ingest import IngestFolder, IngestSetting
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork

CONFIG_KEY = "config"
PROCESSED_DIRNAME = "_diproses"
DUPLICATE_POLICIES = ("skip", "reference")


@dataclass(frozen=True)
class FilenameRule:
    """A file-name pattern that names its record.

    ``pattern`` is a regular expression searched in the file name (case-insensitive). The named
    group ``value`` (or the first group) is looked up in ``field`` of the records of ``kind``:
    ``id``, ``nomor_agenda`` (with an optional ``tahun`` group), ``nomor_surat`` or ``nomor``.
    """

    pattern: str
    kind: str
    field: str = "nomor_agenda"
    role: str = "scan"
    label: str = ""

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)


def default_rules() -> tuple[FilenameRule, ...]:
    """The installed areas' filename rules (``Area.filename_rules``), in installation order."""
    from tatausaha import registry

    return tuple(r for a in registry.areas() if a.built for r in a.filename_rules)


@dataclass(frozen=True)
class IngestConfig:
    quiet_seconds: float = 2.0  # size+mtime unchanged this long = the scanner has finished
    max_bytes: int = 200 * 1024 * 1024
    duplicate_policy: str = "skip"  # skip | reference (link the archived copy to what the scan names)
    rescan_seconds: float = 60.0  # full listing of every folder, so nothing is missed
    workers: int = 2  # pipeline threads (writers still serialise in the database)
    ocr_enabled: bool = True
    ocr_max_pages: int = 2
    ocr_preprocess: bool = True  # flatten background, normalise contrast, deskew before Tesseract
    ocr_workers: int = 1
    ocr_dpi: int = 200
    qr_dpi: int = 150
    separator_max_pages: int = 300
    auto_file_text_match: bool = True  # file when the letter number in the text names exactly one record
    #: None: the installed areas' rules (``default_rules()``); a tuple: the office's own list
    filename_rules: tuple[FilenameRule, ...] | None = None

    def rules(self) -> tuple[FilenameRule, ...]:
        return self.filename_rules if self.filename_rules is not None else default_rules()

    def validate(self) -> None:
        if not 0 <= self.quiet_seconds <= 600:
            raise ValidationFailed("Jeda tenang harus antara 0 dan 600 detik.", field="quiet_seconds")
        if self.max_bytes <= 0:
            raise ValidationFailed("Batas ukuran berkas harus lebih dari 0.", field="max_bytes")
        if self.duplicate_policy not in DUPLICATE_POLICIES:
            raise ValidationFailed("Kebijakan duplikat harus 'skip' atau 'reference'.", field="duplicate_policy")
        for rule in self.filename_rules or ():
            try:
                rule.compiled()
            except re.error as exc:
                raise ValidationFailed(f"Pola nama berkas {rule.pattern!r} tidak sah: {exc}.", field="filename_rules") from exc

    def to_json(self) -> str:
        data = asdict(self)
        data["filename_rules"] = None if self.filename_rules is None else [asdict(r) for r in self.filename_rules]
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> IngestConfig:
        data: dict[str, Any] = json.loads(text or "{}")
        known = {f for f in cls.__dataclass_fields__}
        kw = {k: v for k, v in data.items() if k in known}
        if kw.get("filename_rules") is not None:
            kw["filename_rules"] = tuple(FilenameRule(**r) for r in kw["filename_rules"])
        return cls(**kw)

    def with_(self, **changes: Any) -> IngestConfig:
        return replace(self, **changes)


@dataclass(frozen=True)
class FolderSpec:
    """A scan folder as the watcher uses it (plain data, safe across threads)."""

    path: Path
    id: int | None = None
    label: str = ""
    polling: bool = False
    poll_interval: float = 1.0
    after: str = "move"  # move | delete
    processed_path: Path | None = None
    enabled: bool = True
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def processed(self) -> Path:
        return self.processed_path or (self.path / PROCESSED_DIRNAME)


def load_config(uow: UnitOfWork) -> IngestConfig:
    row = uow.session.get(IngestSetting, CONFIG_KEY)
    return IngestConfig.from_json(row.value) if row is not None else IngestConfig()


def save_config(uow: UnitOfWork, config: IngestConfig) -> Changes:
    uow.require(Permission.ADMIN)
    config.validate()
    row = uow.session.get(IngestSetting, CONFIG_KEY)
    if row is None:
        uow.session.add(IngestSetting(key=CONFIG_KEY, value=config.to_json()))
    else:
        row.value = config.to_json()
    uow.session.flush()
    return Changes.of("ingest_setting")


def _spec(row: IngestFolder) -> FolderSpec:
    return FolderSpec(
        path=Path(row.path), id=row.id, label=row.label, polling=row.polling, poll_interval=row.poll_interval,
        after=row.after, processed_path=Path(row.processed_path) if row.processed_path else None, enabled=row.enabled,
    )


def list_folders(uow: UnitOfWork, *, enabled_only: bool = False) -> list[FolderSpec]:
    uow.require(Permission.READ)
    stmt = select(IngestFolder).order_by(IngestFolder.id)
    if enabled_only:
        stmt = stmt.where(IngestFolder.enabled.is_(True))
    return [_spec(r) for r in uow.session.execute(stmt).scalars()]


def save_folder(
    uow: UnitOfWork, path: Path, *, label: str = "", polling: bool = False, poll_interval: float = 1.0,
    after: str = "move", processed_path: Path | None = None, enabled: bool = True,
) -> FolderSpec:
    """Add a scan folder, or update the one with the same path."""
    uow.require(Permission.ADMIN)
    if after not in ("move", "delete"):
        raise ValidationFailed("Tindakan setelah diarsipkan harus 'move' (pindahkan) atau 'delete' (hapus).", field="after")
    if poll_interval <= 0:
        raise ValidationFailed("Selang pemeriksaan harus lebih dari 0 detik.", field="poll_interval")
    path = Path(path).expanduser().absolute()
    row = uow.session.execute(select(IngestFolder).where(IngestFolder.path == str(path))).scalar_one_or_none()
    if row is None:
        row = IngestFolder(path=str(path))
        uow.session.add(row)
    row.label, row.polling, row.poll_interval, row.after, row.enabled = label, polling, poll_interval, after, enabled
    row.processed_path = str(Path(processed_path).expanduser().absolute()) if processed_path else ""
    uow.session.flush()
    return _spec(row)


def remove_folder(uow: UnitOfWork, folder_id: int) -> Changes:
    """Stop watching a folder (the row stays: the journal refers to it)."""
    uow.require(Permission.ADMIN)
    row = uow.session.get(IngestFolder, folder_id)
    if row is None:
        raise NotFound(f"Folder pindai {folder_id} tidak ditemukan.")
    row.enabled = False
    uow.session.flush()
    return Changes.of("ingest_folder", folder_id)
