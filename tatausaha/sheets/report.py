"""The dry run that names every bad row, and the all-or-nothing rule of every import."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    row: int  # row number as the clerk sees it in Excel (1-based, header included)
    column: str
    message: str

    def __str__(self) -> str:
        return f"baris {self.row}" + (f", kolom {self.column}" if self.column else "") + f": {self.message}"


@dataclass
class CheckedImport:
    """What an import found: rows read, the problems of each bad row, what went in."""

    file: str
    rows: int = 0  # data rows read (empty rows skipped)
    valid: int = 0
    imported: int = 0
    dry_run: bool = True
    mapping: dict[str, str] = field(default_factory=dict)  # header → field
    unmapped: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows > 0

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})


def clean(report: CheckedImport) -> bool:
    """All or nothing: may this import be committed? Only when every row was good and it was not a dry run.

    The write path's ``commit_if`` (``services.uow.perform``): the window and the CLI run the
    same import command with this rule; otherwise the unit of work rolls back and nothing is kept.
    """
    return report.ok and not report.dry_run and report.imported > 0


__all__ = ["CheckedImport", "RowProblem", "clean"]
