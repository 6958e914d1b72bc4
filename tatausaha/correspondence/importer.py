"""Import the registers the office keeps in Excel today (buku agenda surat masuk / keluar).

* XLSX or CSV (any of , ; tab |; any encoding: BOM UTF-8/UTF-16, UTF-8, Windows-1252) — read by
  the shared spreadsheet room ``tatausaha.sheets``.
* Column mapping: guessed from the header names, or given; remembered per header layout in
  ``corr_setting`` (so the next month's file of the same shape maps itself).
* Indonesian dates in their common forms: "12 Agustus 2024", "12-08-2024", "12/08/24",
  "12.08.2024", "2024-08-12", "12 Agt 2024", "Senin, 12 Agustus 2024", Pebruari / Nopember /
  Agustus spellings, and real Excel dates.
* A dry run lists every row's problems. The real import is all-or-nothing: a file with any bad
  row imports nothing; a good file goes in one transaction with bulk inserts.
* Audit: one explicit ``import`` event per import (file name, SHA-256, count, agenda range) plus
  the audited instansi rows it creates — the letter rows themselves are bulk-inserted.

Rooms: ``import_fields`` (fields, header aliases), ``import_check`` (the dry run),
``import_write`` (agenda numbers, bulk inserts); ``tatausaha.sheets`` (reading, mapping, report);
``tatausaha.idparse`` (Indonesian dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tatausaha.changes import Changes, Result
from tatausaha.correspondence.import_check import check_against_db, validate_rows
from tatausaha.correspondence.import_fields import (
    FIELDS_KELUAR,
    FIELDS_MASUK,
    HEADER_ALIASES,
    REQUIRED_KELUAR,
    REQUIRED_MASUK,
    find_header,
    guess_arah,
    guess_mapping,
)
from tatausaha.correspondence.import_write import insert_keluar, insert_masuk
from tatausaha.errors import ValidationFailed
from tatausaha.idparse import BULAN_ALIASES, parse_tanggal
from tatausaha.jobs import CancelToken, NullProgress, Progress
from tatausaha.models.correspondence import CorrespondenceSetting
from tatausaha.services.auth import Actor, Permission
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.sheets import reading
from tatausaha.sheets.mapping import header_signature
from tatausaha.sheets.reading import RawTable as Table
from tatausaha.sheets.report import CheckedImport, RowProblem, clean
from tatausaha.storage.database import Database


@dataclass
class ImportReport(CheckedImport):
    arah: str = "masuk"
    agenda_range: str = ""

    def summary(self) -> str:
        if self.rows == 0:
            return f"{self.file}: tidak ada baris data."
        if self.problems:
            return (f"{self.file}: {len(self.bad_rows)} dari {self.rows} baris bermasalah; tidak ada yang diimpor. "
                    "Perbaiki baris berikut lalu ulangi.")
        if self.dry_run:
            return f"{self.file}: {self.rows} baris siap diimpor (uji coba, belum disimpan)."
        return f"{self.file}: {self.imported} surat {self.arah} diimpor ({self.agenda_range})."


def read_table(path: Path) -> Table:
    """A buku agenda sheet (.xlsx or .csv in any encoding) cut at its header row."""
    return reading.read_table(Path(path), find_header, what="mis. 'Tanggal Terima', 'Pengirim'")


def remembered_mapping(uow: UnitOfWork, headers: Sequence[str], arah: str) -> dict[str, str] | None:
    row = uow.session.get(CorrespondenceSetting, f"import_mapping:{arah}:{header_signature(headers)}")
    if row is None or not isinstance(row.value, dict):
        return None
    return {h: f for h, f in row.value.items() if h in headers}


def remember_mapping(uow: UnitOfWork, headers: Sequence[str], arah: str, mapping: dict[str, str]) -> None:
    key = f"import_mapping:{arah}:{header_signature(headers)}"
    row = uow.session.get(CorrespondenceSetting, key)
    if row is None:
        uow.session.add(CorrespondenceSetting(key=key, value=dict(mapping)))
    else:
        row.value = dict(mapping)
    uow.session.flush()


def import_file(
    uow: UnitOfWork,
    path: Path,
    *,
    arah: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Check (and unless ``dry_run`` or a row is bad, insert) every row. The caller commits when ``report.ok``.

    ``mapping`` is header → field (fields: ``FIELDS_MASUK`` / ``FIELDS_KELUAR``); when None the
    mapping remembered for this header layout is used, else one is guessed from the names.
    """
    uow.require(Permission.WRITE)
    progress = progress or NullProgress()
    table = read_table(Path(path))
    arah = arah or guess_arah(table.headers)
    if arah not in ("masuk", "keluar"):
        raise ValidationFailed("Arah impor harus 'masuk' atau 'keluar'.")
    fields = FIELDS_MASUK if arah == "masuk" else FIELDS_KELUAR
    if mapping is None:
        mapping = remembered_mapping(uow, table.headers, arah) or guess_mapping(table.headers, arah)
    else:
        unknown = sorted({f for f in mapping.values() if f not in fields})
        if unknown:
            raise ValidationFailed(f"Bidang tujuan tidak dikenal: {', '.join(unknown)}. Yang ada: {', '.join(fields)}.")
        absent = sorted(h for h in mapping if h not in table.headers)
        if absent:
            raise ValidationFailed(f"Kolom {', '.join(absent)} tidak ada di berkas {table.name}.")
    report = ImportReport(arah=arah, file=table.name, dry_run=dry_run, mapping=dict(mapping),
                          unmapped=[h for h in table.headers if h and h not in mapping])
    recs = validate_rows(uow, table, mapping, arah, report, cancel, progress)
    if report.problems or dry_run or not recs:
        return report
    if cancel is not None:
        cancel.raise_if_cancelled()
    if arah == "masuk":
        report.imported, report.agenda_range = insert_masuk(uow, recs, progress, cancel)
    else:
        report.imported, report.agenda_range = insert_keluar(uow, recs, progress, cancel)
    remember_mapping(uow, table.headers, arah, mapping)
    uow.record("import", "surat_masuk" if arah == "masuk" else "surat_keluar", None, {
        "file": table.name, "sha256": table.sha256, "rows": report.imported, "agenda": report.agenda_range,
    })
    return report



def run_import(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    arah: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Result[ImportReport]:
    """The import command of the window and the CLI: all or nothing — the rows are kept only when
    this is not a dry run and no row is bad (``sheets.report.clean``); otherwise nothing is written."""
    def command(uow: UnitOfWork) -> ImportReport:
        report = import_file(uow, path, arah=arah, mapping=mapping, dry_run=dry_run, progress=progress, cancel=cancel)
        # the rows go in as batched Core inserts, which the unit of work's flush does not see
        uow.note(Changes.of("surat_masuk" if report.arah == "masuk" else "surat_keluar"))
        return report

    return perform(db, actor, command, commit_if=clean)

__all__ = [
    "BULAN_ALIASES", "FIELDS_KELUAR", "FIELDS_MASUK", "HEADER_ALIASES", "REQUIRED_KELUAR", "REQUIRED_MASUK",
    "ImportReport", "RowProblem", "Table", "check_against_db", "guess_arah", "guess_mapping", "import_file",
    "parse_tanggal", "read_table", "remember_mapping", "remembered_mapping", "run_import",
]
