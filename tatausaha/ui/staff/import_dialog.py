"""Import employees from XLSX/CSV: the dry run first (exactly what the import would do, then rolled
back), every problem by row and column in a table, the column mapping shown, columns the file has
under another name mapped by hand (remembered for next month) — and only a clean file is imported,
all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha.sheets.columns import Corrections
from tatausaha.staff import importer
from tatausaha.ui.screenfit import fit_to_screen
from tatausaha.ui.widgets.tables import problem_table


class ImportCheckDialog(QDialog):
    """What the dry run found: the problems (row, column, what is wrong) or the rows ready to go in."""

    def __init__(self, ui: Any, path: Path, report: importer.StaffImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.path, self.report = ui, path, report
        self.setWindowTitle(self.tr("Impor data pegawai — pemeriksaan"))
        self.setModal(True)
        self.summary = QLabel(report.summary())
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;" + (" color: #b3261e;" if report.problems else ""))
        self.problems = problem_table([self.tr("Baris"), self.tr("Kolom"), self.tr("Masalah")], report.problems,
                                      column_width=200)
        mapping = "\n".join(f"{h} → {f}" for h, f in report.mapping.items())
        self.mapping = QLabel(mapping or self.tr("(tidak ada kolom yang dikenali)"))
        self.mapping.setWordWrap(True)
        box = QGroupBox(self.tr("Pemetaan kolom (judul kolom dan urutan kemunculannya)"))
        bl = QVBoxLayout(box)
        bl.addWidget(self.mapping)
        # the columns no field took: map one by hand (remembered for next month's file)
        self.manual: dict[str, QComboBox] = {}
        if report.unmapped:
            form = QFormLayout()
            for head in report.unmapped[:12]:
                combo = QComboBox()
                combo.addItem(self.tr("— tidak dipakai —"), "")
                for f in importer.FIELDS:
                    if f not in report.mapping.values():
                        combo.addItem(f, f)
                self.manual[head] = combo
                form.addRow(head, combo)
            bl.addWidget(QLabel(self.tr("Kolom yang tidak dikenali (pilih bidangnya bila perlu; diingat untuk "
                                        "berkas berikutnya):")))
            bl.addLayout(form)
        self.warnings = QLabel("\n".join(report.warnings[:20]))
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(bool(report.warnings))
        self.buttons = QDialogButtonBox()
        self.recheck = self.buttons.addButton(self.tr("Periksa ulang"), QDialogButtonBox.ButtonRole.ActionRole)
        self.recheck.setObjectName("import_recheck")
        self.recheck.setVisible(bool(self.manual))
        self.go = self.buttons.addButton(self.tr("Impor sekarang"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("import_go")
        self.go.setEnabled(report.ok)
        self.go.setVisible(report.ok)
        close = self.buttons.addButton(self.tr("Tutup") if not report.ok else self.tr("Batal"),
                                       QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.go.clicked.connect(self.accept)
        self.recheck.clicked.connect(self._recheck)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        if report.problems:
            lay.addWidget(self.problems, 1)
        else:
            self.problems.hide()
        lay.addWidget(box)
        lay.addWidget(self.warnings)
        lay.addWidget(self.buttons)
        self.resize(860, 560)
        fit_to_screen(self)

    def corrections(self) -> Corrections:
        from tatausaha.sheets.columns import parse_key

        fix = Corrections()
        for head, combo in self.manual.items():
            f = combo.currentData()
            if f:
                # the listing shows "TMT (ke-2)"; the dictionary keeps header + occurrence
                name, n = head, 1
                if head.endswith(")") and " (ke-" in head:
                    name, _, rest = head.rpartition(" (ke-")
                    n = int(rest[:-1]) if rest[:-1].isdigit() else 1
                fix.map_header(parse_key(f"{name}#{n}"), f)
        return fix

    def _recheck(self) -> None:
        fix = self.corrections()
        self.done(2)
        run_import(self.ui, self.parent(), self.path, fix)  # type: ignore[arg-type]


def run_import(ui: Any, parent: QWidget, path: Path, corrections: Corrections | None = None) -> None:
    """Dry run (rolled back) → the check dialog → on "Impor sekarang" the same command, kept only when clean."""

    def dry(uow: Any, progress: Any, cancel: Any) -> importer.StaffImportReport:
        return importer.import_file(uow, path, dry_run=True, corrections=corrections, progress=progress, cancel=cancel)

    def real(uow: Any, progress: Any, cancel: Any) -> importer.StaffImportReport:
        from tatausaha.changes import Changes
        from tatausaha.staff.kinds import PEGAWAI

        rep = importer.import_file(uow, path, corrections=corrections, progress=progress, cancel=cancel)
        uow.note(Changes.of(PEGAWAI))
        return rep

    def after_real(rep: importer.StaffImportReport) -> None:
        if rep.problems:  # the file changed between the check and the import: nothing was kept
            ImportCheckDialog(ui, path, rep, parent).open()
            return
        QMessageBox.information(parent, parent.tr("Impor selesai"), rep.summary())

    def after_dry(rep: importer.StaffImportReport) -> None:
        dlg = ImportCheckDialog(ui, path, rep, parent)
        dlg.accepted.connect(lambda: ui.write(real, parent=parent, progress=parent.tr("Mengimpor…"), on_done=after_real,
                                              commit_if=lambda r: r.ok and r.imported > 0))
        dlg.open()

    ui.write(dry, parent=parent, progress=parent.tr("Memeriksa berkas…"), on_done=after_dry, commit_if=lambda _r: False)


class CorrectionsDialog(QDialog):
    """The correction dictionary kept for the next employee import (headers read as a field, values
    read as another text), each with "Hapus": a correction removed here is not applied to the next file."""

    def __init__(self, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("koreksi_impor")
        self.setWindowTitle(self.tr("Koreksi impor data pegawai"))
        self.setModal(True)
        self.entries: list[tuple[str, str, str]] = []  # ("judul", header id, "") | ("nilai", field, raw)
        intro = QLabel(self.tr("Koreksi yang diingat dari impor sebelumnya dan dipakai lagi pada berkas berikutnya. "
                               "Hapus koreksi yang keliru; impor berikutnya tidak memakainya lagi."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("koreksi_daftar")
        self.table.setHorizontalHeaderLabels([self.tr("Jenis"), self.tr("Di berkas"), self.tr("Dibaca sebagai")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(1, 240)
        self.empty = QLabel(self.tr("Belum ada koreksi yang tersimpan."))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        self.buttons = QDialogButtonBox()
        self.remove = self.buttons.addButton(self.tr("Hapus"), QDialogButtonBox.ButtonRole.ActionRole)
        self.remove.setObjectName("koreksi_hapus")
        close = self.buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("koreksi_tutup")
        close.clicked.connect(self.reject)
        self.remove.clicked.connect(self._remove)
        self.table.itemSelectionChanged.connect(self._update)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(640, 380)
        fit_to_screen(self)
        self.reload()

    def reload(self) -> None:
        from tatausaha.sheets.columns import parse_key

        with self.ui.reader() as uow:
            stored = importer.stored_corrections(uow)
        labels = {s.field: s.title for s in importer.SPECS}
        self.entries = []
        rows: list[tuple[str, str, str]] = []
        for hid, f in sorted(stored.headers.items()):
            name, n = parse_key(hid)
            self.entries.append(("judul", hid, ""))
            rows.append((self.tr("Judul kolom"), name + (self.tr(" (ke-%1)").replace("%1", str(n)) if n > 1 else ""),
                         labels.get(f, f)))
        for f, table in sorted(stored.values.items()):
            for raw, value in sorted(table.items()):
                self.entries.append(("nilai", f, raw))
                rows.append((self.tr("Nilai"), f"{labels.get(f, f)}: {raw}", value))
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.empty.setVisible(not rows)
        self._update()

    def _update(self) -> None:
        self.remove.setEnabled(self.table.selectionModel().hasSelection() and 0 <= self.table.currentRow() < len(self.entries))

    def _remove(self) -> None:
        from tatausaha.errors import TatausahaError

        r = self.table.currentRow()
        if not 0 <= r < len(self.entries):
            return
        kind, a, b = self.entries[r]
        self.message.hide()
        try:
            if kind == "judul":
                self.ui.write_now(lambda uow: importer.forget(uow, headers=[a]))
            else:
                self.ui.write_now(lambda uow: importer.forget(uow, values=[(a, b)]))
        except TatausahaError as exc:
            self.message.setText(str(exc))
            self.message.show()
        self.reload()
