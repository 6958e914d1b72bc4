"""Surat Keluar: drafts, numbering (atomic), SRIKANDI numbers, dispatch (Buku Ekspedisi), cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QTextBrowser, QToolBar, QWidget

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.correspondence import letters
from tatausaha.correspondence.common import DERAJAT_LABELS, KEAMANAN_LABELS, STATUS_KELUAR_LABELS
from tatausaha.errors import TatausahaError
from tatausaha.services.auth import Permission
from tatausaha.ui.correspondence.common import esc, fmt_date, open_dialog
from tatausaha.ui.correspondence.keluar_form import SuratKeluarDialog
from tatausaha.ui.correspondence.letter_page import LetterListPage
from tatausaha.ui.errors import show_error
from tatausaha.ui.itemmodels.letters import KELUAR_COLUMNS
from tatausaha.ui.pages.surat_masuk import export_register_dialog, run_import


class SuratKeluarPage(LetterListPage):
    def __init__(self, ui: Any) -> None:
        super().__init__(ui, letters.count_keluar, letters.list_keluar, KELUAR_COLUMNS)
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        tb = QToolBar()
        self.act_new = self._action(tb, self.tr("Konsep baru"), self.new_letter, QKeySequence.StandardKey.New)
        self.act_edit = self._action(tb, self.tr("Ubah"), self.edit_letter, QKeySequence("Ctrl+E"))
        self.act_number = self._action(tb, self.tr("Beri nomor"), self.give_number, QKeySequence("Ctrl+R"))
        self.act_srikandi = self._action(tb, self.tr("Catat nomor SRIKANDI…"), self.record_srikandi)
        self.act_send = self._action(tb, self.tr("Tandai terkirim…"), self.mark_sent)
        self.act_print = self._action(tb, self.tr("Cetak"), self.print_letter, QKeySequence.StandardKey.Print)
        self.act_cancel = self._action(tb, self.tr("Batalkan…"), self.cancel_letter)
        tb.addSeparator()
        self.act_import = self._action(tb, self.tr("Impor dari Excel…"), self.import_file)
        self.act_export = self._action(tb, self.tr("Ekspor buku agenda…"), lambda: self.export("agenda_keluar"))
        self.act_eksp = self._action(tb, self.tr("Ekspor buku ekspedisi…"), lambda: self.export("ekspedisi"))
        w = ui.actor.can(Permission.WRITE)
        for a in (self.act_new, self.act_edit, self.act_number, self.act_srikandi, self.act_send, self.act_cancel,
                  self.act_import):
            a.setEnabled(w)
        for a in (self.act_export, self.act_eksp):
            a.setEnabled(ui.actor.can(Permission.EXPORT))
        self.build(tb, self.detail, STATUS_KELUAR_LABELS, sort_column=2, widths=(76, 190, 84, 210, 300, 80, 90))

    def show_letter(self, letter_id: int) -> None:
        self.current_id = letter_id
        try:
            with self.ui.reader() as uow:
                d = letters.get_keluar(uow, letter_id)
        except TatausahaError as exc:
            self.detail.setHtml(f"<p>{esc(exc)}</p>")
            return
        rows = [
            (self.tr("Jenis"), esc(d.jenis_nama)),
            (self.tr("Nomor"), esc(d.nomor) or f"<i>{self.tr('belum bernomor (konsep)')}</i>"),
            (self.tr("Tanggal"), fmt_date(d.tanggal_surat)),
            (self.tr("Tujuan"), esc(d.tujuan).replace("\n", "<br>")),
            (self.tr("Sifat"), esc(f"{DERAJAT_LABELS.get(d.derajat, d.derajat)} / {KEAMANAN_LABELS.get(d.keamanan, d.keamanan)}")),
            (self.tr("Klasifikasi"), esc(d.kode_klasifikasi)),
            (self.tr("Penandatangan"), esc(f"{d.ttd_prefix} {d.atas_nama_jabatan} — {d.penandatangan}".strip(" —"))),
            (self.tr("Tembusan"), "<br>".join(esc(t) for t in d.tembusan)),
            (self.tr("Membalas"), esc(d.reply_to)),
            (self.tr("Status"), esc(STATUS_KELUAR_LABELS.get(d.status, d.status))
             + (f" — {esc(d.batal_alasan)}" if d.batal_alasan else "")),
        ]
        if d.tanggal_kirim:
            rows.append((self.tr("Dikirim"), f"{fmt_date(d.tanggal_kirim)} · {esc(d.cara_kirim)} · {esc(d.penerima_nama)}"))
        nums = "".join(f"<li>{esc(n.nomor)} — {esc(n.status)} ({esc(n.sumber)})"
                       + (f": {esc(n.batal_alasan)}" if n.batal_alasan else "") + "</li>" for n in d.numbers)
        table = "".join(f"<tr><td style='color:#555;padding-right:8px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
        body = esc(d.isi).replace("\n", "<br>")
        self.detail.setHtml(f"<h3>{esc(d.hal)}</h3><table>{table}</table>"
                            + (f"<p><b>{self.tr('Register nomor')}</b></p><ul>{nums}</ul>" if nums else "")
                            + f"<hr><p>{body}</p>")
        self.act_number.setEnabled(self.ui.actor.can(Permission.WRITE) and d.status == "draft")
        self.act_srikandi.setEnabled(self.ui.actor.can(Permission.WRITE) and d.status == "draft")
        self.act_send.setEnabled(self.ui.actor.can(Permission.WRITE) and d.status in ("bernomor", "terkirim"))

    def _on_changes(self, changes: Changes) -> None:
        if changes.affects("surat_keluar"):
            self.reload()

    # actions ------------------------------------------------------------------------
    def new_letter(self, reply_to_id: int | None = None) -> SuratKeluarDialog | None:
        dlg = open_dialog(self, lambda: SuratKeluarDialog(self.ui, self, reply_to_id=reply_to_id))
        if dlg is not None:
            dlg.accepted.connect(lambda: self.select_letter(dlg.saved_id) if dlg.saved_id else None)
        return dlg

    def edit_letter(self) -> SuratKeluarDialog | None:
        lid = self.current_id
        if lid is None or not self.ui.actor.can(Permission.WRITE):
            return None
        return open_dialog(self, lambda: SuratKeluarDialog(self.ui, self, letter_id=lid))

    def _write(self, fn: Callable[[Any], Any], done: str | Callable[[Any], str] = "") -> None:
        """Run ``fn(uow)`` through the write path (``ui.write``); ``done`` is a status text, or makes one from ``fn``'s result."""
        def report(result: Any) -> None:
            text = done(result) if callable(done) else done
            if text:
                self.ui.status_message(text)

        self.ui.write(fn, parent=self, on_done=report)

    def give_number(self) -> None:
        lid = self.current_id
        if lid is None:
            return
        self._write(lambda uow: letters.give_number(uow, lid),
                    lambda info: self.tr("Nomor surat: %1").replace("%1", info.nomor))

    def record_srikandi(self) -> None:
        lid = self.current_id
        if lid is None:
            return
        nomor, ok = QInputDialog.getText(self, self.tr("Nomor dari SRIKANDI"), self.tr("Nomor surat yang diberikan SRIKANDI:"))
        if not ok or not nomor.strip():
            return
        ref, _ok = QInputDialog.getText(self, self.tr("Nomor dari SRIKANDI"), self.tr("Referensi/ID naskah di SRIKANDI (boleh kosong):"))
        self._write(lambda uow: letters.record_external_number(uow, lid, nomor, tanggal=clock.today(), srikandi_ref=ref))

    def mark_sent(self) -> None:
        lid = self.current_id
        if lid is None:
            return
        cara, ok = QInputDialog.getItem(self, self.tr("Kirim surat"), self.tr("Cara kirim:"),
                                        ["kurir", "diantar langsung", "pos", "pos-el", "SRIKANDI"], 0, True)
        if not ok:
            return
        penerima, _ok = QInputDialog.getText(self, self.tr("Kirim surat"), self.tr("Nama penerima (tanda terima):"))
        self._write(lambda uow: letters.mark_sent(uow, lid, cara_kirim=cara, penerima_nama=penerima).changes,
                    self.tr("Dicatat di buku ekspedisi."))

    def cancel_letter(self) -> None:
        lid = self.current_id
        if lid is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Batalkan surat keluar"),
                                          self.tr("Alasan (nomornya tetap di register sebagai batal):"))
        if ok:
            self._write(lambda uow: letters.cancel_keluar(uow, lid, reason).changes)

    def print_letter(self) -> None:
        if self.current_id is None:
            return
        from tatausaha.correspondence import printdata
        from tatausaha.printing import build_letter, to_bytes
        from tatausaha.ui.print_preview import PrintPreviewDialog, keep_printed_on_print

        lid = self.current_id
        try:
            with self.ui.reader() as uow:
                doc = printdata.letter_doc(uow, lid, self.ui.store)
            dlg = PrintPreviewDialog(to_bytes(build_letter, doc), title=doc.hal, file_name="surat.pdf", parent=self)
            # what is printed or saved from here is kept in the archive as the letter's next printed version
            keep_printed_on_print(dlg, self.ui, "surat_keluar", lid)
            dlg.open()
        except TatausahaError as exc:
            show_error(self, exc)

    def import_file(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, self.tr("Impor buku agenda surat keluar"), "",
                                              self.tr("Excel atau CSV (*.xlsx *.csv)"))
        if name:
            run_import(self.ui, self, Path(name), arah="keluar")

    def export(self, kind: str) -> None:
        export_register_dialog(self.ui, self, kind, self.current_filter())


def create_page(ctx: Any) -> QWidget:
    return SuratKeluarPage(ctx)
