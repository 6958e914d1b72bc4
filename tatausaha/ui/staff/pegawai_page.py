"""Pegawai: the employee list (search by name or NIP, filter by status), the employee's file beside it
(rank, position, masa kerja, what falls due, riwayat tabs each with its SK, SK proposals to apply),
and the area's reports, import and export.

Personal data (NIP, NIK, birth date, address, contacts, NPWP, bank) is not shown to roles that may
not see it — not even masked in the detail — and "Buka data pribadi" (for those who may) goes
through the write path, so every opening is on the audit trail.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tatausaha.changes import Changes
from tatausaha.errors import TatausahaError
from tatausaha.services.auth import Permission
from tatausaha.staff import access, ident, service, skfiles
from tatausaha.staff.kinds import PEGAWAI
from tatausaha.ui.correspondence.common import fmt_date, open_dialog, page_layout, toolbar_action
from tatausaha.ui.staff.form import EmployeeDialog
from tatausaha.ui.staff.riwayat import TAB_LABELS, HistoryDialog, RiwayatTable, rupiah
from tatausaha.ui.widgets.confirm import ask

COLUMNS = ("NIP", "Nama", "Status", "Gol.", "Jabatan", "Unit")
PERSONAL_LABELS = (
    ("nip_baru", "NIP"), ("nip_lama", "NIP lama"), ("nik", "NIK"), ("tempat_lahir", "Tempat lahir"),
    ("tgl_lahir", "Tanggal lahir"), ("agama", "Agama"), ("alamat", "Alamat"), ("no_hp", "Nomor HP"),
    ("email", "Email"), ("no_npwp", "NPWP"), ("bank_nama", "Bank"), ("bank_rekening", "Nomor rekening"),
    ("bank_atas_nama", "Atas nama"),
)


def esc(v: object) -> str:
    return html.escape(str(v or ""))


def ym(t: tuple[int, int]) -> str:
    return f"{t[0]} tahun {t[1]} bulan"


class PegawaiPage(QWidget):
    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        self.current_id: int | None = None
        self.detail: service.EmployeeDetail | None = None
        self.rows: list[service.EmployeeRow] = []
        with ui.reader() as uow:
            self.personal_allowed = access.may_see_personal(uow)
        writable = ui.actor.can(Permission.WRITE)

        tb = QToolBar()
        self.act_new = toolbar_action(self, tb, self.tr("Pegawai baru"), self.new_employee, QKeySequence.StandardKey.New)
        self.act_edit = toolbar_action(self, tb, self.tr("Ubah"), self.edit_employee, QKeySequence("Ctrl+E"))
        self.act_history = toolbar_action(self, tb, self.tr("Tambah riwayat…"), self.add_history, QKeySequence("Ctrl+R"))
        self.act_history_edit = toolbar_action(self, tb, self.tr("Ubah riwayat…"), self.edit_history)
        self.act_history_delete = toolbar_action(self, tb, self.tr("Hapus riwayat…"), self.delete_history)
        self.act_attach = toolbar_action(self, tb, self.tr("Lampirkan SK…"), self.attach_sk)
        self.act_personal = toolbar_action(self, tb, self.tr("Buka data pribadi"), self.open_personal)
        self.act_kedudukan = toolbar_action(self, tb, self.tr("Kedudukan…"), self.change_kedudukan)
        tb.addSeparator()
        self.act_duk = toolbar_action(self, tb, self.tr("DUK"), lambda: self.print_report("duk"))
        self.act_nominatif = toolbar_action(self, tb, self.tr("Nominatif"), lambda: self.print_report("nominatif"))
        self.act_due = toolbar_action(self, tb, self.tr("Jatuh tempo"), lambda: self.print_report("jatuh_tempo"))
        self.act_xlsx = toolbar_action(self, tb, self.tr("Laporan ke Excel…"), self.export_report)
        self.act_kgb = toolbar_action(self, tb, self.tr("Surat pengantar KGB…"), self.kgb_letter)
        tb.addSeparator()
        self.act_import = toolbar_action(self, tb, self.tr("Impor…"), self.import_file)
        self.act_corrections = toolbar_action(self, tb, self.tr("Koreksi impor…"), self.import_corrections)
        self.act_export = toolbar_action(self, tb, self.tr("Ekspor…"), self.export_file)
        for a in (self.act_new, self.act_history, self.act_attach, self.act_import):
            a.setEnabled(writable)
        self.act_kgb.setEnabled(writable and self.personal_allowed)  # the letter names NIP and salary
        self.act_edit.setEnabled(writable and self.personal_allowed)
        self.act_personal.setVisible(self.personal_allowed)
        # changing or removing a riwayat row rewrites the employee's record: the same people as "Ubah"
        self.history_editable = writable and self.personal_allowed
        self.act_history_edit.setVisible(self.history_editable)
        self.act_history_delete.setVisible(self.history_editable)
        # the stored import corrections: for those who may import (and see the personal columns)
        self.act_corrections.setVisible(writable and self.personal_allowed)
        self.act_export.setEnabled(ui.actor.can(Permission.EXPORT) and self.personal_allowed)
        self.act_export.setVisible(self.personal_allowed)
        self.act_xlsx.setEnabled(ui.actor.can(Permission.EXPORT))

        # filter row
        self.search = QLineEdit()
        self.search.setObjectName("pegawai_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Cari nama atau NIP…") if self.personal_allowed else self.tr("Cari nama…"))
        self.status = QComboBox()
        self.status.addItem(self.tr("Semua status"), None)
        for key, label in service.STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.inactive = QCheckBox(self.tr("Termasuk yang sudah keluar"))
        self.count_label = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.status, 1)
        top.addWidget(self.inactive)
        top.addWidget(self.count_label)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.inactive.toggled.connect(lambda _b: self.reload())

        # the list
        self.view = QTableWidget(0, len(COLUMNS))
        self.view.setObjectName("pegawai_list")
        self.view.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        for i, width in enumerate((172, 215, 70, 46, 200)):
            self.view.setColumnWidth(i, width)
        if not self.personal_allowed:
            self.view.hideColumn(0)  # NIP is personal data
        self.view.itemSelectionChanged.connect(self._on_selection)
        self.view.itemActivated.connect(lambda _i: self.edit_employee() if self.act_edit.isEnabled() else None)

        # the file
        self.header = QLabel("")
        self.header.setObjectName("pegawai_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due = QLabel("")
        self.due.setObjectName("pegawai_due")
        self.due.setWordWrap(True)
        self.due.setTextFormat(Qt.TextFormat.RichText)
        self.proposals = QGroupBox(self.tr("Usulan dari SK menunggu persetujuan"))
        self.proposals.setObjectName("pegawai_usulan")
        self.proposal_lines = QVBoxLayout(self.proposals)
        self.proposals.hide()
        self.personal = QLabel("")
        self.personal.setObjectName("pegawai_personal")
        self.personal.setWordWrap(True)
        self.personal.setTextFormat(Qt.TextFormat.RichText)
        self.personal.hide()
        self.tabs = QTabWidget()
        self.tables: dict[str, RiwayatTable] = {}
        for kind in service.RIWAYAT:
            t = RiwayatTable(kind)
            t.setObjectName(f"riwayat_{kind}")
            t.sk_dropped.connect(self._attach_dropped)
            t.itemActivated.connect(lambda _i, tt=t: self._open_sk(tt))
            t.itemSelectionChanged.connect(self._update_actions)
            # right-click on a row: the same actions as the toolbar (hidden ones stay hidden)
            t.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            t.addActions([self.act_history_edit, self.act_history_delete, self.act_attach])
            self.tables[kind] = t
            self.tabs.addTab(t, self.tr(TAB_LABELS[kind]))
        hint = QLabel(self.tr("Seret pindaian SK dari folder ke baris riwayatnya untuk melampirkannya; "
                              "dobel-klik baris untuk membuka SK."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        if not writable:  # a reader (the auditor) cannot attach: only opening is offered
            hint.setText(self.tr("Dobel-klik baris riwayat untuk membuka SK-nya."))
        self.placeholder = QLabel(self.tr("Pilih pegawai di daftar untuk melihat berkasnya."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        rl.addWidget(self.placeholder)
        rl.addWidget(self.header)
        rl.addWidget(self.due)
        rl.addWidget(self.proposals)
        rl.addWidget(self.personal)
        rl.addWidget(self.tabs, 1)
        rl.addWidget(hint)
        self.detail_widgets = (self.header, self.due, self.tabs, hint)
        for w in self.detail_widgets:
            w.hide()
        page_layout(self, tb, top, self.view, right, [640, 720])
        ui.hub.changes_applied.connect(self._on_changes)
        self.reload()
        self._update_actions()

    # list ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        query, status, inactive = self.search.text(), self.status.currentData(), self.inactive.isChecked()
        try:
            with self.ui.reader() as uow:
                rows = service.list_employees(uow, query=query, status=status, include_inactive=inactive)
        except TatausahaError as exc:
            self.count_label.setText(str(exc))
            return
        keep = self.current_id
        self.rows = rows
        self.view.blockSignals(True)
        self.view.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.nip, row.nama_lengkap, row.status_label, row.golongan, row.jabatan_nama, row.unor_nama)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.kedudukan != "aktif":
                    item.setForeground(Qt.GlobalColor.gray)
                self.view.setItem(r, c, item)
        self.view.blockSignals(False)
        self.count_label.setText(self.tr("%1 pegawai").replace("%1", str(len(rows))))
        if keep is not None:
            self.select_employee(keep)

    def select_employee(self, employee_id: int) -> None:
        for r, row in enumerate(self.rows):
            if row.id == employee_id:
                self.view.blockSignals(True)  # one detail build, not one per signal
                self.view.selectRow(r)
                self.view.blockSignals(False)
                item = self.view.item(r, 1)
                if item is not None:
                    self.view.scrollToItem(item)
                self.show_employee(employee_id)
                return

    def open_record(self, record_id: object) -> None:
        """Opened from elsewhere (Beranda, search): show that employee, also one who has left."""
        if not isinstance(record_id, int):
            return
        if all(r.id != record_id for r in self.rows):
            self.search.clear()
            self.status.setCurrentIndex(0)
            self.inactive.setChecked(True)
            self.reload()
        self.select_employee(record_id)

    def _on_selection(self) -> None:
        r = self.view.currentRow()
        if 0 <= r < len(self.rows):
            self.show_employee(self.rows[r].id)

    def _on_changes(self, changes: Changes) -> None:
        if changes.affects(PEGAWAI):
            self.reload()
            if self.current_id is not None:
                self.show_employee(self.current_id, personal=self.personal.isVisible())

    # detail -------------------------------------------------------------------------------------
    def show_employee(self, employee_id: int, *, personal: bool = False) -> None:
        self.current_id = employee_id
        try:
            with self.ui.reader() as uow:
                d = service.get_employee(uow, employee_id)
                due = self._due_lines(uow, employee_id)
                proposals = self._proposals(uow, employee_id)
        except TatausahaError as exc:
            self.placeholder.setText(str(exc))
            self.placeholder.show()
            for w in self.detail_widgets:
                w.hide()
            return
        self.detail = d
        f = d.fields
        self.placeholder.hide()
        for w in self.detail_widgets:
            w.show()
        nip = f"<br>NIP {esc(ident.format_nip(f.get('nip_baru')))}" if personal and f.get("nip_baru") else ""
        jab = esc(f.get("jabatan_nama") or "—")
        if f.get("unor_nama"):
            jab += f" · {esc(f['unor_nama'])}"
        mk = ym(d.masa_kerja_golongan)
        lines = [
            f"<span style='font-size:16px'><b>{esc(d.nama_lengkap)}</b></span>{nip}",
            f"{esc(service.STATUS_LABELS.get(f['status_pegawai'], f['status_pegawai']))}"
            + (f" · {esc(d.golongan_pangkat)}" if d.golongan_pangkat else "")
            + (f" · TMT {fmt_date(f.get('tmt_gol_akhir'))}" if f.get("tmt_gol_akhir") else ""),
            f"{jab}",
            self.tr("Masa kerja golongan: %1 · masa kerja seluruhnya: %2").replace("%1", mk).replace(
                "%2", ym(d.masa_kerja_total)),
        ]
        if f.get("gaji_pokok"):
            lines.append(self.tr("Gaji pokok: %1").replace("%1", rupiah(f["gaji_pokok"])))
        if f.get("kedudukan") and f["kedudukan"] != "aktif":
            lines.append(f"<span style='color:#b3261e'>{esc(self.tr('Kedudukan: %1').replace('%1', f['kedudukan']))}</span>")
        self.header.setText("<br>".join(lines))
        self.due.setText(due)
        self.due.setVisible(bool(due))
        self._show_proposals(proposals)
        for kind, table in self.tables.items():
            table.set_rows(d.riwayat.get(kind, []))
            i = self.tabs.indexOf(table)
            n = len(d.riwayat.get(kind, []))
            self.tabs.setTabText(i, self.tr(TAB_LABELS[kind]) + (f" ({n})" if n else ""))
        if not personal:
            self.personal.hide()
        self._update_actions()

    def _due_lines(self, uow: Any, employee_id: int) -> str:
        from tatausaha.staff import reports

        items = reports.due_for_employee(uow, employee_id)
        if not items:
            return ""
        parts = []
        for it in items:
            colour = reports.colour_for(it.days_left)
            parts.append(f"<span style='background:{colour}'>&nbsp;{esc(it.label)}: <b>{fmt_date(it.due)}</b> "
                         f"({esc(reports.nearness(it.days_left))})&nbsp;</span>")
        return self.tr("Jatuh tempo:") + " " + " ".join(parts)

    def _proposals(self, uow: Any, employee_id: int) -> list[Any]:
        from tatausaha.staff import reports

        return reports.open_proposals(uow, employee_id)

    def _show_proposals(self, proposals: list[Any]) -> None:
        while self.proposal_lines.count():
            item = self.proposal_lines.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.proposals.setVisible(bool(proposals))
        writable = self.ui.actor.can(Permission.WRITE)
        for p in proposals:
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            label = QLabel(esc(p.text))
            label.setWordWrap(True)
            apply = QPushButton(self.tr("Terapkan…"))
            apply.setObjectName(f"usulan_terapkan_{p.id}")
            apply.clicked.connect(lambda _c=False, pid=p.id, s=p.text, v=p.row_version: self.apply_proposal(pid, s, v))
            reject = QPushButton(self.tr("Tolak…"))
            reject.setObjectName(f"usulan_tolak_{p.id}")
            reject.clicked.connect(lambda _c=False, pid=p.id, v=p.row_version: self.reject_proposal(pid, v))
            apply.setEnabled(writable)
            reject.setEnabled(writable)
            h.addWidget(label, 1)
            h.addWidget(apply)
            h.addWidget(reject)
            self.proposal_lines.addWidget(row)

    def _update_actions(self) -> None:
        has = self.current_id is not None
        writable = self.ui.actor.can(Permission.WRITE)
        self.act_edit.setEnabled(has and writable and self.personal_allowed)
        self.act_history.setEnabled(has and writable)
        self.act_attach.setEnabled(has and writable)
        picked = has and self._picked_row() is not None
        self.act_history_edit.setEnabled(picked and self.history_editable)
        self.act_history_delete.setEnabled(picked and self.history_editable)
        self.act_kedudukan.setEnabled(has and writable)
        self.act_personal.setEnabled(has and self.personal_allowed)

    # actions ------------------------------------------------------------------------------------
    def new_employee(self) -> EmployeeDialog | None:
        dlg = open_dialog(self, lambda: EmployeeDialog(self.ui, self))
        if dlg is not None:
            dlg.accepted.connect(lambda: self._after_save(dlg))
        return dlg

    def edit_employee(self) -> EmployeeDialog | None:
        eid = self.current_id
        if eid is None or not self.act_edit.isEnabled():
            return None
        dlg = open_dialog(self, lambda: EmployeeDialog(self.ui, self, employee_id=eid))
        if dlg is not None:
            dlg.accepted.connect(lambda: self._after_save(dlg))
        return dlg

    def _after_save(self, dlg: EmployeeDialog) -> None:
        if dlg.saved_id is None:
            return
        if all(r.id != dlg.saved_id for r in self.rows):
            self.search.clear()
            self.status.setCurrentIndex(0)
            self.reload()
        self.select_employee(dlg.saved_id)
        if dlg.saved_warnings:
            QMessageBox.information(self, self.tr("Tersimpan dengan catatan"), "\n".join(dlg.saved_warnings))

    def add_history(self) -> HistoryDialog | None:
        eid = self.current_id
        if eid is None:
            return None
        kind = list(self.tables)[max(0, self.tabs.currentIndex())]
        return open_dialog(self, lambda: HistoryDialog(self.ui, eid, kind, self))

    def _open_kind(self) -> str:
        return list(self.tables)[max(0, self.tabs.currentIndex())]

    def _picked_row(self) -> dict[str, Any] | None:
        """The riwayat row selected in the open tab."""
        if not hasattr(self, "tables"):
            return None
        table = self.tables[self._open_kind()]
        rid = table.current_row_id() if table.selectionModel().hasSelection() else None
        return next((r for r in table.rows if r["id"] == rid), None)

    def edit_history(self) -> HistoryDialog | None:
        eid, kind, row = self.current_id, self._open_kind(), self._picked_row()
        if eid is None or row is None or not self.history_editable:
            return None
        dlg = open_dialog(self, lambda: HistoryDialog(self.ui, eid, kind, self, row=row))
        if dlg is not None:
            dlg.setObjectName("ubah_riwayat")
        return dlg

    def delete_history(self) -> None:
        """Remove the selected riwayat row after a confirmation naming it; when it was the newest, the
        employee's current pangkat/jabatan/KGB/kontrak go back to the newest row left."""
        kind, row = self._open_kind(), self._picked_row()
        if row is None or not self.history_editable:
            return
        table = self.tables[kind]
        named = " · ".join(t for t in (table.describe(row), row.get("sk_nomor") and self.tr("SK %1").replace(
            "%1", row["sk_nomor"])) if t)
        text = self.tr("Hapus riwayat %1 ini?").replace("%1", TAB_LABELS[kind].lower()) + "\n\n" + named
        newest = table.rows and table.rows[0]["id"] == row["id"]
        if newest and kind in ("pangkat", "jabatan", "kgb", "kontrak"):
            left = table.rows[1] if len(table.rows) > 1 else None
            text += "\n\n" + (self.tr("Ini riwayat terbaru: data terakhir pegawai kembali ke %1.").replace(
                "%1", table.describe(left)) if left else self.tr("Ini satu-satunya riwayat; data terakhir pegawai "
                                                                 "tidak berubah."))
        if row.get("sk_document_id"):
            text += "\n" + self.tr("Pindaian SK-nya tetap di arsip.")
        rid, version = row["id"], row.get("row_version")
        ask(self, self.tr("Hapus riwayat"), text, self.tr("Hapus"), lambda: self.ui.write(
            lambda uow: service.delete_history(uow, kind, rid, expected_version=version), parent=self,
            on_done=lambda _c: self.ui.status_message(self.tr("Riwayat dihapus."))),
            name="konfirmasi_hapus_riwayat", safe_default=True)

    def import_corrections(self) -> None:
        from tatausaha.ui.staff.import_dialog import CorrectionsDialog

        open_dialog(self, lambda: CorrectionsDialog(self.ui, self))

    def attach_sk(self) -> None:
        """Put a scan on the selected riwayat row (the row chosen in the open tab)."""
        kind = list(self.tables)[max(0, self.tabs.currentIndex())]
        table = self.tables[kind]
        rid = table.current_row_id()
        if rid is None:
            if not table.rows:
                QMessageBox.information(self, self.tr("Lampirkan SK"),
                                        self.tr("Belum ada riwayat %1. Tambahkan riwayatnya dengan SK-nya lewat "
                                                "\"Tambah riwayat…\".").replace("%1", TAB_LABELS[kind].lower()))
                return
            table.selectRow(0)
            rid = table.current_row_id()
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Pilih pindaian SK"), "",
                                                self.tr("Pindaian (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"))
        if names and rid is not None:
            self._attach(kind, rid, [Path(n) for n in names])

    def _attach_dropped(self, kind: str, riwayat_id: int, paths: list[Path]) -> None:
        if not self.ui.actor.can(Permission.WRITE):
            return
        row = next((r for r in self.tables[kind].rows if r["id"] == riwayat_id), None)
        what = TAB_LABELS[kind].lower()
        text = self.tr("Lampirkan %1 sebagai SK riwayat %2 ini?").replace(
            "%1", ", ".join(p.name for p in paths)).replace("%2", what)
        if row is not None and row.get("sk_document_id"):
            text += "\n" + self.tr("SK yang sudah ada diganti (berkas lamanya tetap di arsip).")
        ask(self, self.tr("Lampirkan SK"), text, self.tr("Lampirkan"), lambda: self._attach(kind, riwayat_id, paths),
            name="konfirmasi_lampiran_sk")

    def _attach(self, kind: str, riwayat_id: int, paths: list[Path]) -> None:
        store = self.ui.store
        self.ui.write(lambda uow, _p, _c: skfiles.attach_sk_file(uow, store, kind, riwayat_id, paths),
                      parent=self, progress=self.tr("Menyimpan pindaian SK…"),
                      on_done=lambda _s: self.ui.status_message(self.tr("SK terlampir.")))

    def _open_sk(self, table: RiwayatTable) -> Any:
        doc = table.current_document()
        if doc is None:
            return None
        from tatausaha.ui.attachment import open_attachment

        return open_attachment(self.ui, self, doc)

    def change_kedudukan(self) -> None:
        """Mark the employee as retired, moved, deceased, stopped, on CLTN — or active again (with the date)."""
        from tatausaha import clock
        from tatausaha.idparse import parse_tanggal

        eid, d = self.current_id, self.detail
        if eid is None or d is None:
            return
        labels = {"aktif": self.tr("Aktif"), "pensiun": self.tr("Pensiun"), "pindah": self.tr("Pindah tugas"),
                  "meninggal": self.tr("Meninggal dunia"), "berhenti": self.tr("Berhenti"),
                  "cltn": self.tr("Cuti di luar tanggungan negara")}
        keys = list(labels)
        current = keys.index(d.fields.get("kedudukan") or "aktif") if (d.fields.get("kedudukan") or "aktif") in keys else 0
        choice, ok = QInputDialog.getItem(self, self.tr("Kedudukan pegawai"),
                                          self.tr("Kedudukan %1:").replace("%1", d.nama_lengkap),
                                          [labels[k] for k in keys], current, False)
        if not ok:
            return
        kedudukan = keys[[labels[k] for k in keys].index(choice)]
        tanggal = None
        if kedudukan != "aktif":
            text, ok = QInputDialog.getText(self, self.tr("Kedudukan pegawai"), self.tr("Sejak tanggal (hh-bb-tttt):"),
                                            text=f"{clock.today():%d-%m-%Y}")
            if not ok:
                return
            try:
                tanggal = parse_tanggal(text)
            except ValueError as exc:
                QMessageBox.information(self, self.tr("Kedudukan pegawai"), str(exc))
                return
        self.ui.write(lambda uow: service.set_kedudukan(uow, eid, kedudukan, tanggal), parent=self)

    def open_personal(self) -> None:
        """Show the personal data — through the write path, so the opening is on the audit trail."""
        eid = self.current_id
        if eid is None or not self.personal_allowed:
            return
        self.ui.write(lambda uow: service.get_employee(uow, eid, personal=True), parent=self,
                      on_done=self._show_personal)

    def _show_personal(self, d: service.EmployeeDetail) -> None:
        if d.id != self.current_id:
            return
        f = d.fields
        cells = []
        for name, label in PERSONAL_LABELS:
            v = f.get(name)
            if name == "nip_baru" and v:
                v = ident.format_nip(v)
            elif hasattr(v, "year"):
                v = fmt_date(v)
            cells.append(f"<td style='color:#555;padding-right:8px'>{esc(self.tr(label))}</td>"
                         f"<td style='padding-right:18px'>{esc(v) or '—'}</td>")
        half = (len(cells) + 1) // 2  # two columns: the block stays short on a 768-pixel screen
        rows = [f"<tr>{cells[i]}{cells[i + half] if i + half < len(cells) else ''}</tr>" for i in range(half)]
        self.personal.setText(f"<b>{esc(self.tr('Data pribadi'))}</b>"
                              f" <span style='color:#777'>({esc(self.tr('pembukaan ini tercatat di jejak audit'))})</span>"
                              f"<table>{''.join(rows)}</table>")
        self.personal.show()

    def apply_proposal(self, proposal_id: int, summary: str, version: int | None = None) -> None:
        from tatausaha.staff import reports

        ask(self, self.tr("Terapkan usulan dari SK"),
            self.tr("Terapkan usulan ini ke data pegawai?") + "\n\n" + summary + "\n\n"
            + self.tr("Riwayat baru dibuat dan data terakhir pegawai mengikutinya."), self.tr("Terapkan"),
            lambda: self.ui.write(lambda uow: reports.apply_proposal(uow, proposal_id, version), parent=self),
            name="konfirmasi_usulan")

    def reject_proposal(self, proposal_id: int, version: int | None = None) -> None:
        from tatausaha.staff import reports

        reason, ok = QInputDialog.getText(self, self.tr("Tolak usulan dari SK"), self.tr("Alasan penolakan:"))
        if ok:
            self.ui.write(lambda uow: reports.reject_proposal(uow, proposal_id, reason, version), parent=self)

    # reports ------------------------------------------------------------------------------------
    def print_report(self, which: str) -> None:
        """The report on the kop, built off the UI thread, in the print preview (print or save as PDF)."""
        from tatausaha.staff import reports
        from tatausaha.ui.print_preview import open_print_preview

        store, ui = self.ui.store, self.ui

        def build() -> bytes:
            with ui.reader() as uow:
                return reports.pdf(uow, store, which)

        open_print_preview(ui, build, title=reports.TITLES[which], file_name=f"{which}.pdf", parent=self)

    def export_report(self) -> None:
        from tatausaha.staff import reports

        names = [reports.TITLES[k] for k in reports.TITLES]
        choice, ok = QInputDialog.getItem(self, self.tr("Laporan ke Excel"), self.tr("Laporan:"), names, 0, False)
        if not ok:
            return
        which = list(reports.TITLES)[names.index(choice)]
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan laporan"), f"{which}.xlsx",
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if not name:
            return
        self.ui.write(lambda uow, _p, _c: reports.export(uow, which, Path(name)), parent=self,
                      progress=self.tr("Menyimpan laporan…"),
                      on_done=lambda p: self.ui.status_message(self.tr("Tersimpan: %1").replace("%1", str(p))))

    def kgb_letter(self) -> None:
        from tatausaha.ui.staff.kgb_dialog import KgbLetterDialog

        open_dialog(self, lambda: KgbLetterDialog(self.ui, self, preselect=self.current_id))

    # import / export ----------------------------------------------------------------------------
    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Impor data pegawai"), "",
                                              self.tr("Excel atau CSV (*.xlsx *.csv)"))
        if name:
            from tatausaha.ui.staff.import_dialog import run_import

            run_import(self.ui, self, Path(name))

    def export_file(self) -> None:
        from tatausaha.staff import importer

        name, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor data pegawai"), "pegawai.xlsx",
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if not name:
            return
        self.ui.write(lambda uow, _p, _c: importer.export_file(uow, Path(name)), parent=self,
                      progress=self.tr("Mengekspor…"),
                      on_done=lambda n: self.ui.status_message(self.tr("%1 pegawai diekspor ke %2").replace(
                          "%1", str(n)).replace("%2", name)))


def create_page(ctx: Any) -> QWidget:
    return PegawaiPage(ctx)
