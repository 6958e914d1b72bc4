"""Surat Keluar: drafts, paraf → tanda tangan (approval), numbering (atomic), SRIKANDI numbers, dispatch
(Buku Ekspedisi), cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.changes import Changes
from tatausaha.correspondence import approval, letters
from tatausaha.correspondence.common import DERAJAT_LABELS, KEAMANAN_LABELS, STATUS_KELUAR_LABELS
from tatausaha.errors import TatausahaError
from tatausaha.services import office
from tatausaha.services.auth import Permission
from tatausaha.ui.correspondence.common import dialog_buttons, esc, fmt_date, open_dialog
from tatausaha.ui.correspondence.forms import NoteDialog
from tatausaha.ui.correspondence.keluar_form import SuratKeluarDialog
from tatausaha.ui.correspondence.letter_page import LetterListPage
from tatausaha.ui.correspondence.masuk_page import export_register_dialog, run_import
from tatausaha.ui.errors import show_error
from tatausaha.ui.itemmodels.letters import KELUAR_COLUMNS


class SuratKeluarPage(LetterListPage):
    def __init__(self, ui: Any) -> None:
        super().__init__(ui, letters.count_keluar, letters.list_keluar, KELUAR_COLUMNS)
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        tb = QToolBar()
        self.act_new = self._action(tb, self.tr("Konsep baru"), self.new_letter, QKeySequence.StandardKey.New)
        self.act_edit = self._action(tb, self.tr("Ubah"), self.edit_letter, QKeySequence("Ctrl+E"))
        self.act_submit = self._action(tb, self.tr("Ajukan paraf…"), self.submit_for_approval)
        self.act_paraf = self._action(tb, self.tr("Paraf"), self.paraf)
        self.act_sign = self._action(tb, self.tr("Tanda tangani"), self.sign)
        self.act_return = self._action(tb, self.tr("Kembalikan untuk perbaikan…"), self.return_for_revision)
        for a in (self.act_submit, self.act_paraf, self.act_sign, self.act_return):
            a.setEnabled(False)  # per letter, from its approval state
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
        self.build(tb, self.detail, STATUS_KELUAR_LABELS, sort_column=2, widths=(70, 170, 84, 170, 300, 82, 96))

    def show_letter(self, letter_id: int) -> None:
        self.current_id = letter_id
        try:
            with self.ui.reader() as uow:
                d = letters.get_keluar(uow, letter_id)
                st = approval.state(uow, letter_id)
        except TatausahaError as exc:
            self.detail.setHtml(f"<p>{esc(exc)}</p>")
            return
        self.approval_state = st
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
        if st.enabled and d.status == "draft":
            waiting = f" — {esc(st.menunggu)}" if st.menunggu else ""
            rows.append((self.tr("Persetujuan"), f"<b>{esc(st.label)}</b>{waiting}"))
        if d.tanggal_kirim:
            rows.append((self.tr("Dikirim"), f"{fmt_date(d.tanggal_kirim)} · {esc(d.cara_kirim)} · {esc(d.penerima_nama)}"))
        nums = "".join(f"<li>{esc(n.nomor)} — {esc(n.status)} ({esc(n.sumber)})"
                       + (f": {esc(n.batal_alasan)}" if n.batal_alasan else "") + "</li>" for n in d.numbers)
        table = "".join(f"<tr><td style='color:#555;padding-right:8px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
        body = esc(d.isi).replace("\n", "<br>")
        self.detail.setHtml(f"<h3>{esc(d.hal)}</h3><table>{table}</table>"
                            + (f"<p><b>{self.tr('Register nomor')}</b></p><ul>{nums}</ul>" if nums else "")
                            + self._steps_html(st)
                            + f"<hr><p>{body}</p>")
        self.act_number.setEnabled(st.can_number)
        self.act_submit.setEnabled(st.can_submit)
        self.act_paraf.setEnabled(st.can_paraf)
        self.act_sign.setEnabled(st.can_sign)
        self.act_return.setEnabled(st.can_return)
        self.act_srikandi.setEnabled(self.ui.actor.can(Permission.WRITE) and d.status == "draft")
        self.act_send.setEnabled(self.ui.actor.can(Permission.WRITE) and d.status in ("bernomor", "terkirim"))

    def _steps_html(self, st: approval.ApprovalState) -> str:
        if not st.steps:
            return ""
        items = []
        for step in st.steps:
            what = self.tr("paraf") if step.peran == "paraf" else self.tr("tanda tangan")
            when = f" {fmt_datetime(step.selesai_at)}" if step.selesai_at else ""
            by = f" {self.tr('oleh')} {esc(step.oleh)}" if step.oleh else ""
            note = f": <i>{esc(step.catatan)}</i>" if step.catatan else ""
            color = {"dikembalikan": "#b3261e", "selesai": "#2e7d32"}.get(step.status, "#555")
            items.append(f"<li>{self.tr('Putaran')} {step.putaran} · {what} {esc(step.pejabat)} — "
                         f"<span style='color:{color}'>{esc(approval.STATUS_LABELS.get(step.status, step.status))}</span>"
                         f"{by}{when}{note}</li>")
        return f"<p><b>{self.tr('Riwayat paraf dan tanda tangan')}</b></p><ul>{''.join(items)}</ul>"

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

        def number() -> None:
            self._write(lambda uow: letters.give_number(uow, lid),
                        lambda info: self.tr("Nomor surat: %1").replace("%1", info.nomor))

        st = getattr(self, "approval_state", None)
        if st is not None and not st.enabled:
            # no paraf/tanda tangan in this office: a number is final, so ask first
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Beri nomor"), self.tr(
                "Kantor ini tidak memakai paraf dan tanda tangan di aplikasi. Beri nomor surat ini sekarang? "
                "Nomor yang sudah diberikan tidak dapat dipakai ulang (hanya dibatalkan)."), parent=self)
            yes = box.addButton(self.tr("Ya, beri nomor"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("Batal"), QMessageBox.ButtonRole.RejectRole)
            box.setObjectName("confirm_number")
            box.buttonClicked.connect(lambda b: number() if b is yes else None)
            box.open()
            return
        number()

    # approval ------------------------------------------------------------------------
    def submit_for_approval(self) -> SubmitDialog | None:
        lid = self.current_id
        if lid is None:
            return None
        dlg = open_dialog(self, lambda: SubmitDialog(self.ui, lid, self))
        if dlg is not None:
            dlg.accepted.connect(lambda: self._write(lambda uow: approval.submit(uow, lid, dlg.reviewers()),
                                                     self.tr("Konsep diajukan untuk paraf dan tanda tangan.")))
        return dlg

    def paraf(self) -> None:
        lid = self.current_id
        if lid is not None:
            self._write(lambda uow: approval.paraf(uow, lid), self.tr("Konsep diparaf."))

    def sign(self) -> None:
        lid = self.current_id
        if lid is not None:
            self._write(lambda uow: approval.sign(uow, lid), self.tr("Surat ditandatangani; siap diberi nomor."))

    def return_for_revision(self) -> NoteDialog | None:
        lid = self.current_id
        if lid is None:
            return None
        dlg = NoteDialog(self.tr("Kembalikan untuk perbaikan"), self.tr("Apa yang harus diperbaiki?"), self)
        dlg.setObjectName("return_note")

        def send() -> None:
            note = dlg.text.toPlainText()
            self._write(lambda uow: approval.return_for_revision(uow, lid, note),
                        self.tr("Konsep dikembalikan untuk perbaikan."))

        dlg.accepted.connect(send)
        dlg.open()
        return dlg

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


def fmt_datetime(ts: Any) -> str:
    local = clock.to_office(ts)
    return f"{local:%d-%m-%Y %H.%M}" if local else ""


class SubmitDialog(QDialog):
    """Ajukan: tick the reviewers (pemaraf) and put them in order; the signer is the letter's penandatangan."""

    def __init__(self, ui: Any, letter_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ajukan untuk paraf dan tanda tangan"))
        with ui.reader() as uow:
            d = letters.get_keluar(uow, letter_id)
            posts = [o for o in office.list_officials(uow) if o.id != d.penandatangan_id]
        self.list = QListWidget()
        self.list.setObjectName("reviewers")
        for o in reversed(posts):  # the usual path goes up: Kasubag/Kasi first, then the Sekcam
            it = QListWidgetItem(f"{o.jabatan} — {o.nama}")
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            it.setData(Qt.ItemDataRole.UserRole, o.id)
            self.list.addItem(it)
        up, down = QPushButton(self.tr("Naik")), QPushButton(self.tr("Turun"))
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        moves = QHBoxLayout()
        moves.addWidget(up)
        moves.addWidget(down)
        moves.addStretch(1)
        signer = QLabel(self.tr("Penandatangan: %1").replace("%1", d.penandatangan or self.tr("(belum ditentukan)")))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("<b>%1</b><br>Centang pemaraf, urut dari yang pertama memaraf.").replace("%1", esc(d.hal))))
        lay.addWidget(self.list, 1)
        lay.addLayout(moves)
        lay.addWidget(signer)
        lay.addWidget(dialog_buttons(self, self.accept, self.tr("Ajukan")))
        self.resize(520, 420)

    def check(self, text_part: str) -> bool:
        for i in range(self.list.count()):
            it = self.list.item(i)
            if text_part.lower() in it.text().lower():
                it.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    def _move(self, delta: int) -> None:
        row = self.list.currentRow()
        to = row + delta
        if row < 0 or not 0 <= to < self.list.count():
            return
        it = self.list.takeItem(row)
        self.list.insertItem(to, it)
        self.list.setCurrentRow(to)

    def reviewers(self) -> list[int]:
        return [int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


def create_page(ctx: Any) -> QWidget:
    return SuratKeluarPage(ctx)
