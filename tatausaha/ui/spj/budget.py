"""The budget of a year (issue 13 item 1): program → kegiatan → sub-kegiatan with pagu and the
rekening lines under each, typed row by row or imported from XLSX/CSV — the dry run first (every
problem by row and column, nothing kept), then the import, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.idformat import format_angka
from tatausaha.idparse import parse_rupiah
from tatausaha.sheets.report import CheckedImport, clean
from tatausaha.spj import importer, service
from tatausaha.ui.screenfit import fit_to_screen
from tatausaha.ui.spj.dialogs import buttons
from tatausaha.ui.spj.fielderrors import FieldErrors
from tatausaha.ui.widgets.tables import problem_table

KIND_PROGRAM, KIND_KEGIATAN, KIND_SUB, KIND_REKENING = "program", "kegiatan", "sub", "rekening"
#: the form's fields by level: program, kegiatan, sub-kegiatan, rekening line
LEVEL_FIELDS = (("program_kode", "program_nama"), ("kegiatan_kode", "kegiatan_nama"),
                ("sub_kode", "sub_nama", "sub_pagu", "pptk_nama", "pptk_nip"),
                ("rekening_kode", "rekening_nama", "jenis_belanja", "pagu"))
#: a refusal of a service call while saving a row → the field it concerns (stage, service's field)
_STAGE_FIELD = {"program": "program_kode", "kegiatan": "kegiatan_kode", "sub": "sub_kode",
                "rekening": "rekening_kode", "pagu": "pagu", "tahun": ""}
_SERVICE_FIELD = {("sub", "pagu"): "sub_pagu", ("pagu", "pagu"): "pagu"}


def _amount(text: str, name: str) -> int:
    if not text.strip():
        return 0
    try:
        value = parse_rupiah(text)
    except (ValueError, TatausahaError):
        raise ValidationFailed("Pagu harus berupa angka rupiah, mis. 50.000.000.", field=name) from None
    if value != int(value):
        raise ValidationFailed("Pagu ditulis dalam rupiah penuh (tanpa sen).", field=name)
    return int(value)


class BudgetRowDialog(QDialog):
    """One budget line typed: program, kegiatan, sub-kegiatan (pagu, PPTK) and, optionally, a rekening
    with its pagu. Codes as SIPD writes them; an existing code is changed, a new one added."""

    def __init__(self, ui: Any, tahun: int, prefill: dict[str, Any] | None = None, *, edit: bool = False,
                 level: str = "rekening", jenis: list[tuple[str, str]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_budget_row_dialog")
        self.ui, self.tahun = ui, tahun
        self.setWindowTitle(self.tr("Ubah baris anggaran %1") if edit else self.tr("Tambah baris anggaran %1"))
        self.setWindowTitle(self.windowTitle().replace("%1", str(tahun)))
        p = prefill or {}
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        general = QLabel("")
        self.errors = FieldErrors(form, general)

        def line(name: str, label: str, placeholder: str = "", locked: bool = False) -> QLineEdit:
            w = QLineEdit(str(p.get(name, "") or ""))
            w.setObjectName(f"spj_budget_{name}")
            if placeholder:
                w.setPlaceholderText(placeholder)
            if locked and w.text():
                w.setReadOnly(True)
                w.setToolTip(self.tr("Kode tidak diubah di sini; tambahkan baris baru untuk kode lain."))
            self.edits[name] = w
            self.errors.add(name, label, w)
            return w

        line("program_kode", self.tr("Kode program"), "7.01.01", locked=edit)
        line("program_nama", self.tr("Nama program"))
        line("kegiatan_kode", self.tr("Kode kegiatan"), "7.01.01.2.02", locked=edit)
        line("kegiatan_nama", self.tr("Nama kegiatan"))
        line("sub_kode", self.tr("Kode sub kegiatan"), "7.01.01.2.02.0001", locked=edit)
        line("sub_nama", self.tr("Nama sub kegiatan"))
        line("sub_pagu", self.tr("Pagu sub kegiatan (Rp)"), self.tr("mis. 50.000.000"))
        line("pptk_nama", self.tr("PPTK"), self.tr("nama PPTK (boleh kosong)"))
        line("pptk_nip", self.tr("NIP PPTK"))
        line("rekening_kode", self.tr("Kode rekening belanja"), self.tr("mis. 5.1.02.01.01.0024 (boleh kosong)"),
             locked=edit and bool(p.get("rekening_kode")))
        line("rekening_nama", self.tr("Nama rekening"))
        self.jenis = QComboBox()
        self.jenis.setObjectName("spj_budget_jenis")
        self.jenis.addItem(self.tr("— belum ditentukan —"), "")
        for kode, label in jenis or []:
            self.jenis.addItem(label, kode)
        i = self.jenis.findData(p.get("jenis_belanja", ""))
        self.jenis.setCurrentIndex(max(0, i))
        self.errors.add("jenis_belanja", self.tr("Jenis belanja"), self.jenis)
        line("pagu", self.tr("Pagu rekening (Rp)"))
        for name in ("sub_pagu", "pagu"):
            v = p.get(name)
            self.edits[name].setText(format_angka(v) if isinstance(v, int) else "")
        # changing a program or a kegiatan shows (and saves) only its own level
        self.level = level if edit else "rekening"
        hidden = {"program": LEVEL_FIELDS[1:], "kegiatan": LEVEL_FIELDS[2:]}.get(self.level, ())
        for names in hidden:
            for name in names:
                field_widget: QWidget = self.errors.widgets[name]
                field_widget.hide()
                field_label = form.labelForField(field_widget)
                if field_label is not None:
                    field_label.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(general)
        lay.addLayout(form)
        lay.addWidget(buttons(self, self.tr("Simpan")))
        self.saved = False
        fit_to_screen(self)

    def text(self, name: str) -> str:
        return self.edits[name].text().strip()

    def command(self) -> Any:
        """The write this form asks for, as ``fn(uow)``; ``ValidationFailed`` for what cannot be read."""
        level = self.level
        required = (("program_kode", "Kode program"), ("kegiatan_kode", "Kode kegiatan"),
                    ("sub_kode", "Kode sub kegiatan"), ("sub_nama", "Nama sub kegiatan"))
        for name, what in required[:{"program": 1, "kegiatan": 2}.get(level, 4)]:
            if not self.text(name):
                raise ValidationFailed(f"{what} wajib diisi.", field=name)
        sub_pagu = _amount(self.text("sub_pagu"), "sub_pagu")
        rek = self.text("rekening_kode")
        pagu = _amount(self.text("pagu"), "pagu")
        if not rek and (self.text("pagu") or self.text("rekening_nama")):
            raise ValidationFailed("Isi kode rekening belanja untuk pagu rekening ini.", field="rekening_kode")
        v = {n: self.text(n) for n in self.edits}
        jenis, tahun = str(self.jenis.currentData() or ""), self.tahun

        def save(uow: Any) -> int:
            stage = "tahun"
            try:
                t = service.ensure_tahun(uow, tahun)
                stage = "program"
                pid = service.ensure_program(uow, t, v["program_kode"], v["program_nama"])
                if level == "program":
                    return pid
                stage = "kegiatan"
                kid = service.ensure_kegiatan(uow, pid, v["kegiatan_kode"], v["kegiatan_nama"])
                if level == "kegiatan":
                    return kid
                stage = "sub"
                sk = service.ensure_sub_kegiatan(uow, kid, v["sub_kode"], v["sub_nama"], sub_pagu,
                                                 pptk_nama=v["pptk_nama"], pptk_nip=v["pptk_nip"])
                if rek:
                    stage = "rekening"
                    rid = service.ensure_rekening(uow, rek, v["rekening_nama"] or rek, jenis)
                    stage = "pagu"
                    service.set_pagu(uow, sk, rid, pagu)
                return sk
            except ValidationFailed as exc:
                field = _SERVICE_FIELD.get((stage, exc.field or ""), _STAGE_FIELD.get(stage, ""))
                raise ValidationFailed(str(exc), field=field or None) from exc

        return save

    def accept(self) -> None:
        self.errors.clear()
        try:
            self.ui.write_now(self.command())
        except TatausahaError as exc:  # the service's sentence, on the field it concerns
            self.errors.show(exc)
            return
        self.saved = True
        super().accept()


class BudgetImportCheckDialog(QDialog):
    """What the dry run of a budget file found: every problem by row and column (nothing imported),
    or the lines ready to go in with the button that imports them."""

    def __init__(self, report: CheckedImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_budget_import_check")
        self.setWindowTitle(self.tr("Impor anggaran — pemeriksaan"))
        self.report = report
        if report.problems:
            text = (self.tr("%1 baris dibaca, %2 baris bermasalah — tidak ada yang diimpor. Perbaiki berkasnya lalu "
                            "impor lagi.").replace("%1", str(report.rows)).replace("%2", str(len(report.bad_rows))))
        elif report.ok:
            text = self.tr("%1 baris anggaran dari %2 siap diimpor.").replace("%1", str(report.rows)).replace(
                "%2", report.file)
        else:
            text = self.tr("Tidak ada baris anggaran yang dapat dibaca dari %1.").replace("%1", report.file)
        self.summary = QLabel(text)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;" + (" color: #b3261e;" if report.problems else ""))
        self.problems = problem_table([self.tr("Baris"), self.tr("Kolom"), self.tr("Masalah")], report.problems,
                                      column_width=170)
        self.problems.setVisible(bool(report.problems))
        box = QDialogButtonBox()
        self.go = box.addButton(self.tr("Impor sekarang"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("import_go")
        self.go.setVisible(report.ok)
        self.go.setEnabled(report.ok)
        close = box.addButton(self.tr("Batal") if report.ok else self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        self.go.clicked.connect(self.accept)
        close.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.problems, 1)
        lay.addWidget(box)
        self.resize(760, 420 if report.problems else 160)
        fit_to_screen(self)


def run_budget_import(ui: Any, parent: QWidget, path: Path, tahun: int,
                      on_imported: Any = None) -> None:
    """Dry run (rolled back) → the check dialog → on "Impor sekarang" the same command, kept only when clean."""

    def dry(uow: Any, progress: Any, cancel: Any) -> CheckedImport:
        return importer.import_file(uow, path, jenis="anggaran", tahun=tahun, dry_run=True, progress=progress,
                                    cancel=cancel)

    def real(uow: Any, progress: Any, cancel: Any) -> CheckedImport:
        from tatausaha.changes import Changes

        rep = importer.import_file(uow, path, jenis="anggaran", tahun=tahun, progress=progress, cancel=cancel)
        uow.note(Changes.of(service.SPJ_ITEM_KIND))
        return rep

    def after_real(rep: CheckedImport) -> None:
        if rep.problems or not clean(rep):  # the file changed between the check and the import: nothing kept
            BudgetImportCheckDialog(rep, parent).open()
            return
        if on_imported is not None:
            on_imported()
        QMessageBox.information(parent, parent.tr("Impor selesai"), parent.tr("%1 baris anggaran diimpor.").replace(
            "%1", str(rep.imported)))

    def after_dry(rep: CheckedImport) -> None:
        dlg = BudgetImportCheckDialog(rep, parent)
        dlg.accepted.connect(lambda: ui.write(real, parent=parent, progress=parent.tr("Mengimpor anggaran…"),
                                              on_done=after_real, commit_if=clean))
        dlg.open()

    ui.write(dry, parent=parent, progress=parent.tr("Memeriksa berkas…"), on_done=after_dry,
             commit_if=lambda _r: False)




class BudgetDialog(QDialog):
    """The budget of a year as a tree (program → kegiatan → sub-kegiatan → rekening, pagu and what the
    items spend), rows typed or changed, and the import of a DPA file."""

    def __init__(self, ui: Any, tahun: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spj_budget_dialog")
        self.ui = ui
        self.setWindowTitle(self.tr("Anggaran"))
        self.year = QComboBox()
        self.year.setObjectName("spj_budget_year")
        with ui.reader() as uow:
            years = service.tahun_list(uow)
            self._jenis = service.jenis_belanja_list(uow)
        this = clock.today().year
        for y in sorted(set(years) | {this, this + 1}, reverse=True):
            self.year.addItem(self.tr("Tahun anggaran %1").replace("%1", str(y)), y)
        self.year.setCurrentIndex(max(0, self.year.findData(tahun or this)))
        self.tree = QTreeWidget()
        self.tree.setObjectName("spj_budget_tree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("Kode"), self.tr("Uraian"), self.tr("Pagu"), self.tr("Realisasi")])
        self.tree.setColumnWidth(0, 190)
        self.tree.setColumnWidth(1, 380)
        self.tree.setColumnWidth(2, 120)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda _i, _c: self.edit_row())
        self.summary = QLabel("")
        self.summary.setObjectName("spj_budget_summary")
        self.btn_add = QPushButton(self.tr("Tambah baris…"))
        self.btn_add.setObjectName("spj_budget_add")
        self.btn_add.setToolTip(self.tr("Tambah program, kegiatan, sub kegiatan atau rekening (di bawah yang dipilih)"))
        self.btn_edit = QPushButton(self.tr("Ubah…"))
        self.btn_edit.setObjectName("spj_budget_edit")
        self.btn_import = QPushButton(self.tr("Impor…"))
        self.btn_import.setObjectName("spj_budget_import")
        self.btn_import.setToolTip(self.tr("Impor anggaran (DPA) dari berkas Excel/CSV: diperiksa dulu, semua atau "
                                           "tidak sama sekali"))
        self.btn_add.clicked.connect(self.add_row)
        self.btn_edit.clicked.connect(self.edit_row)
        self.btn_import.clicked.connect(self.choose_import)
        row = QHBoxLayout()
        for b in (self.btn_add, self.btn_edit, self.btn_import):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox()
        close.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addLayout(row)
        lay.addWidget(close)
        self.resize(900, 560)
        fit_to_screen(self)
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        ui.hub.changes_applied.connect(self._on_changes)
        self.reload()

    def tahun(self) -> int:
        return int(self.year.currentData())

    def _on_changes(self, changes: Any) -> None:
        if not self.isVisible():  # closed: the page opens a fresh one next time
            return
        if any(k.startswith("spj_") for k in changes.touched) or changes.affects(service.SPJ_ITEM_KIND):
            self.reload()

    def reload(self) -> None:
        tahun = self.tahun()
        try:
            with self.ui.reader() as uow:
                subs = service.budget_lines(uow, tahun)
                lines = service.pagu_lines(uow, tahun)
        except TatausahaError:  # a year not yet in the budget
            subs, lines = [], []
        self.tree.clear()
        programs: dict[str, QTreeWidgetItem] = {}
        kegiatan: dict[str, QTreeWidgetItem] = {}
        totals: dict[int, list[int]] = {}

        def node(parent: Any, values: list[str], data: dict[str, Any]) -> QTreeWidgetItem:
            it = QTreeWidgetItem(parent, values)
            it.setData(0, Qt.ItemDataRole.UserRole, data)
            for c in (2, 3):
                it.setTextAlignment(c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return it

        by_sub: dict[int, list[tuple[int, int, str, str, str, int]]] = {}
        for ln in lines:
            by_sub.setdefault(ln[0], []).append(ln)
        for s in subs:
            base = {"program_kode": s.program_kode, "program_nama": s.program_nama, "kegiatan_kode": s.kegiatan_kode,
                    "kegiatan_nama": s.kegiatan_nama}
            if s.program_kode not in programs:
                programs[s.program_kode] = node(self.tree, [s.program_kode, s.program_nama, "", ""],
                                                {"kind": KIND_PROGRAM, **{k: base[k] for k in ("program_kode",
                                                                                               "program_nama")}})
            kkey = s.program_kode + "|" + s.kegiatan_kode
            if kkey not in kegiatan:
                kegiatan[kkey] = node(programs[s.program_kode], [s.kegiatan_kode, s.kegiatan_nama, "", ""],
                                      {"kind": KIND_KEGIATAN, **base})
            sub = {**base, "sub_kode": s.kode, "sub_nama": s.nama, "sub_pagu": s.pagu}
            sk = node(kegiatan[kkey], [s.kode, s.nama, format_angka(s.pagu), format_angka(s.realisasi)],
                      {"kind": KIND_SUB, **sub})
            for p in (programs[s.program_kode], kegiatan[kkey]):
                t = totals.setdefault(id(p), [0, 0])
                t[0] += s.pagu
                t[1] += s.realisasi
            for _sid, _rid, kode, nama, jenis, pagu in by_sub.get(s.id, []):
                node(sk, [kode, nama, format_angka(pagu), ""],
                     {"kind": KIND_REKENING, **sub, "rekening_kode": kode, "rekening_nama": nama,
                      "jenis_belanja": jenis, "pagu": pagu})
        for p in [*programs.values(), *kegiatan.values()]:
            pagu, real = totals.get(id(p), [0, 0])
            p.setText(2, format_angka(pagu))
            p.setText(3, format_angka(real))
        self.tree.expandAll()
        total = sum(s.pagu for s in subs)
        self.summary.setText(
            self.tr("%1 sub kegiatan · %2 rekening · pagu Rp%3").replace("%1", str(len(subs)))
            .replace("%2", str(len(lines))).replace("%3", format_angka(total)) if subs else
            self.tr("Anggaran tahun ini belum ada: tambahkan barisnya atau impor berkas DPA."))
        self._update_buttons()

    def selected(self) -> dict[str, Any]:
        items = self.tree.selectedItems()
        return dict(items[0].data(0, Qt.ItemDataRole.UserRole) or {}) if items else {}

    def _update_buttons(self) -> None:
        self.btn_edit.setEnabled(bool(self.selected()))

    def add_row(self) -> BudgetRowDialog:
        sel = self.selected()
        keep = {KIND_PROGRAM: ("program_kode", "program_nama"),
                KIND_KEGIATAN: ("program_kode", "program_nama", "kegiatan_kode", "kegiatan_nama")}
        names = keep.get(sel.get("kind", ""), ("program_kode", "program_nama", "kegiatan_kode", "kegiatan_nama",
                                               "sub_kode", "sub_nama", "sub_pagu")) if sel else ()
        return self._open({k: sel[k] for k in names if k in sel}, edit=False)

    def edit_row(self) -> BudgetRowDialog | None:
        sel = self.selected()
        if not sel:
            return None
        return self._open(sel, edit=True)

    def _open(self, prefill: dict[str, Any], *, edit: bool) -> BudgetRowDialog:
        dlg = BudgetRowDialog(self.ui, self.tahun(), prefill, edit=edit, level=str(prefill.get("kind", "rekening")),
                              jenis=self._jenis, parent=self)
        dlg.accepted.connect(self.reload)
        dlg.open()
        return dlg

    def choose_import(self) -> QFileDialog:
        dlg = QFileDialog(self, self.tr("Impor anggaran dari berkas"))
        dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
        dlg.setNameFilter(self.tr("Lembar kerja (*.xlsx *.csv);;Semua berkas (*)"))
        tahun = self.tahun()
        dlg.fileSelected.connect(lambda f: run_budget_import(self.ui, self, Path(f), tahun, on_imported=self.reload))
        dlg.open()
        return dlg
