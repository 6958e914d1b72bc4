"""Surat Masuk: the agenda list (lazy, 100,000 letters stay smooth), the letter's history, actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QToolBar, QWidget

from tatausaha.changes import Changes
from tatausaha.correspondence import letters, registers
from tatausaha.correspondence.common import STATUS_MASUK_LABELS
from tatausaha.correspondence.letters import LetterFilter
from tatausaha.errors import TatausahaError
from tatausaha.services.auth import Permission
from tatausaha.ui.correspondence.common import open_dialog
from tatausaha.ui.correspondence.forms import DisposisiDialog, SuratMasukDialog
from tatausaha.ui.correspondence.history import LetterHistoryView
from tatausaha.ui.correspondence.letter_page import LetterListPage
from tatausaha.ui.errors import show_error
from tatausaha.ui.itemmodels.letters import MASUK_COLUMNS


class SuratMasukPage(LetterListPage):
    def __init__(self, ui: Any) -> None:
        super().__init__(ui, letters.count_masuk, letters.list_masuk, MASUK_COLUMNS)
        self.history = LetterHistoryView()
        self.history.attachment_activated.connect(self.open_document)

        tb = QToolBar()
        self.act_new = self._action(tb, self.tr("Surat baru"), self.new_letter, QKeySequence.StandardKey.New)
        self.act_edit = self._action(tb, self.tr("Ubah"), self.edit_letter, QKeySequence("Ctrl+E"))
        self.act_dispose = self._action(tb, self.tr("Disposisi…"), self.dispose, QKeySequence("Ctrl+D"))
        self.act_reply = self._action(tb, self.tr("Buat balasan…"), self.reply, QKeySequence("Ctrl+B"))
        self.act_attach = self._action(tb, self.tr("Lampirkan pindaian…"), self.attach)
        self.act_print = self._action(tb, self.tr("Cetak lembar disposisi"), self.print_sheet, QKeySequence.StandardKey.Print)
        self.act_cancel = self._action(tb, self.tr("Batalkan surat…"), self.cancel_letter)
        tb.addSeparator()
        self.act_import = self._action(tb, self.tr("Impor dari Excel…"), self.import_file)
        self.act_export = self._action(tb, self.tr("Ekspor buku agenda…"), self.export_register)
        writable = ui.actor.can(Permission.WRITE)
        for a in (self.act_new, self.act_edit, self.act_reply, self.act_attach, self.act_cancel, self.act_import):
            a.setEnabled(writable)
        self.act_dispose.setEnabled(ui.actor.can(Permission.DISPOSE))
        self.act_export.setEnabled(ui.actor.can(Permission.EXPORT))
        self.build(tb, self.history, STATUS_MASUK_LABELS, sort_column=1, widths=(84, 84, 150, 84, 170, 300, 82, 96))

    def show_letter(self, letter_id: int) -> None:
        self.current_id = letter_id
        try:
            with self.ui.reader() as uow:
                d = letters.get_masuk(uow, letter_id)
        except TatausahaError as exc:
            self.history.show_message(str(exc))
            return
        self.history.set_detail(d)

    def _on_changes(self, changes: Changes) -> None:
        if changes.affects("surat_masuk") or changes.affects("disposisi") or changes.affects("surat_keluar"):
            self.reload()

    # actions ------------------------------------------------------------------------
    def new_letter(self) -> SuratMasukDialog:
        dlg = SuratMasukDialog(self.ui, self)
        dlg.accepted.connect(lambda: self.select_letter(dlg.saved_id) if dlg.saved_id else None)
        dlg.open()
        return dlg

    def edit_letter(self) -> SuratMasukDialog | None:
        lid = self.current_id
        if lid is None or not self.ui.actor.can(Permission.WRITE):
            return None
        return open_dialog(self, lambda: SuratMasukDialog(self.ui, self, letter_id=lid))

    def dispose(self) -> DisposisiDialog | None:
        lid = self.current_id
        if lid is None:
            return None
        return open_dialog(self, lambda: DisposisiDialog(self.ui, lid, self))

    def reply(self) -> Any:
        """Start the answering surat keluar from this letter (tujuan, hal, kode filled in; linked as its reply)."""
        from tatausaha.ui.correspondence.keluar_form import SuratKeluarDialog

        lid = self.current_id
        if lid is None or not self.ui.actor.can(Permission.WRITE):
            return None
        dlg = open_dialog(self, lambda: SuratKeluarDialog(self.ui, self, reply_to_id=lid))
        if dlg is not None:
            dlg.accepted.connect(
                lambda: self.ui.hub.open_requested.emit("surat_keluar", dlg.saved_id) if dlg.saved_id else None)
        return dlg

    def attach(self) -> None:
        if self.current_id is None:
            return
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Lampirkan pindaian"), "",
                                                self.tr("Pindaian (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"))
        if names:
            self.attach_files([Path(n) for n in names])

    def attach_files(self, files: list[Path]) -> None:
        lid, store = self.current_id, self.ui.store
        self.ui.write(lambda uow, _p, _c: letters.attach_files(uow, store, "surat_masuk", lid, files),  # type: ignore[arg-type]
                      parent=self, progress=self.tr("Menyimpan pindaian…"))

    def cancel_letter(self) -> None:
        if self.current_id is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Batalkan surat"),
                                          self.tr("Alasan pembatalan (nomor agenda tetap tercatat):"))
        if not ok:
            return
        lid = self.current_id
        self.ui.write(lambda uow: letters.cancel_masuk(uow, lid, reason), parent=self)  # type: ignore[arg-type]

    def print_sheet(self) -> None:
        if self.current_id is None:
            return
        from tatausaha.correspondence import printdata
        from tatausaha.printing import build_disposition, to_bytes
        from tatausaha.ui.print_preview import PrintPreviewDialog

        shown = self.history.detail is not None and self.history.detail.id == self.current_id
        disposisi_id = self.history.sheet_disposisi_id() if shown else None
        try:
            with self.ui.reader() as uow:
                if disposisi_id is not None:
                    doc = printdata.disposition_sheet(uow, disposisi_id, self.ui.store)
                else:
                    doc = printdata.blank_disposition_sheet(uow, self.current_id, self.ui.store)
            pdf = to_bytes(build_disposition, doc)
            PrintPreviewDialog(pdf, title=self.tr("Lembar disposisi"), file_name="lembar-disposisi.pdf", parent=self).open()
        except TatausahaError as exc:
            show_error(self, exc)

    def open_document(self, document_id: int) -> Any:
        """A double-clicked attachment: the built-in viewer for PDFs and images, else the system's
        program on a copy with the file's real name and extension."""
        from tatausaha.ui.attachment import open_attachment

        return open_attachment(self.ui, self, document_id)

    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Impor buku agenda"), "",
                                              self.tr("Excel atau CSV (*.xlsx *.csv)"))
        if name:
            run_import(self.ui, self, Path(name))

    def export_register(self) -> None:
        export_register_dialog(self.ui, self, "agenda_masuk", self.current_filter())


def run_import(ui: Any, parent: QWidget, path: Path, arah: str | None = None) -> None:
    """Dry run first (with progress), show every problem; import only on confirmation."""
    from tatausaha.correspondence import importer

    def dry(uow: Any, progress: Any, cancel: Any) -> importer.ImportReport:
        return importer.import_file(uow, path, arah=arah, dry_run=True, progress=progress, cancel=cancel)

    def real(uow: Any, progress: Any, cancel: Any) -> importer.ImportReport:
        rep = importer.import_file(uow, path, arah=arah, progress=progress, cancel=cancel)
        uow.note(Changes.of("surat_masuk" if rep.arah == "masuk" else "surat_keluar"))  # batched Core inserts
        return rep

    def after_real(rep: importer.ImportReport) -> None:
        QMessageBox.information(parent, parent.tr("Impor selesai"), rep.summary())

    def after_dry(rep: importer.ImportReport) -> None:
        if not rep.ok:
            box = QMessageBox(parent)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(parent.tr("Berkas belum dapat diimpor"))
            box.setText(rep.summary())
            box.setDetailedText("\n".join(str(p) for p in rep.problems))
            box.open()
            return
        mapping = "\n".join(f"{h} → {f}" for h, f in rep.mapping.items())
        ans = QMessageBox.question(
            parent, parent.tr("Impor buku agenda"),
            rep.summary() + "\n\n" + parent.tr("Pemetaan kolom:") + "\n" + mapping + "\n\n" + parent.tr("Impor sekarang?"))
        if ans == QMessageBox.StandardButton.Yes:
            ui.write(real, parent=parent, progress=parent.tr("Mengimpor…"), on_done=after_real,
                     commit_if=lambda rep: rep.ok)

    ui.write(dry, parent=parent, progress=parent.tr("Memeriksa berkas…"), on_done=after_dry, commit_if=lambda _r: False)


def export_register_dialog(ui: Any, parent: QWidget, kind: str, flt: LetterFilter) -> None:
    title = registers.TITLES[kind].title()
    name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Ekspor ") + title, f"{kind}.xlsx",
                                          parent.tr("Excel (*.xlsx);;CSV (*.csv)"))
    if not name:
        return

    def work(uow: Any) -> Path:
        from tatausaha.services import office

        reg = registers.build(uow, kind, flt)
        prof = office.get_office(uow)
        return registers.export(uow, reg, Path(name), kantor=prof.nama_kantor if prof else "")

    ui.write(lambda uow, _p, _c: work(uow), parent=parent, progress=parent.tr("Mengekspor…"),
             on_done=lambda p: ui.status_message(parent.tr("Tersimpan: %1").replace("%1", str(p))))


def create_page(ctx: Any) -> QWidget:
    return SuratMasukPage(ctx)
