"""Correspondence master data in Pengaturan: jenis naskah with their numbering templates, the standard
disposition instructions, and the instansi directory (aliases, merging duplicates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha import clock
from tatausaha.correspondence import approval, disposisi, instansi, numbering
from tatausaha.errors import TatausahaError
from tatausaha.models.correspondence import KELOMPOK_NASKAH, LAYOUT_NASKAH
from tatausaha.services.auth import Permission
from tatausaha.ui.context import UiContext
from tatausaha.ui.errors import show_error
from tatausaha.ui.widgets.tables import ID_ROLE, simple_table, write_then

_table = simple_table


class _Base(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx

    def write(self, fn: Callable[[Any], Any], done: str) -> bool:
        return write_then(self, self.ctx, fn, done, self.reload, show_error)

    def reload(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class JenisNaskahSettings(_Base):
    """The configurable list of jenis naskah, each with its layout and numbering template; a live preview."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        editable = ctx.actor.can(Permission.ADMIN)
        v = QVBoxLayout(self)
        self.table = _table([self.tr("Kode"), self.tr("Nama"), self.tr("Tata letak"), self.tr("Templat nomor"),
                             self.tr("Cakupan nomor urut"), self.tr("Contoh nomor berikutnya")])
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        v.addWidget(self.table)
        form = QFormLayout()
        self.kode, self.nama = QLineEdit(), QLineEdit()
        self.kode.setObjectName("jenis_kode")
        self.nama.setObjectName("jenis_nama")
        self.kelompok, self.layout_ = QComboBox(), QComboBox()
        for k in KELOMPOK_NASKAH:
            self.kelompok.addItem(k.replace("_", " "), k)
        for k in LAYOUT_NASKAH:
            self.layout_.addItem(k, k)
        self.template = QLineEdit("{kka}/{urut}/{unit}/{bulan_romawi}/{tahun}")
        self.template.setObjectName("jenis_template")
        self.template.setToolTip(self.tr("Kode: {kka} {urut} {urut:3} {unit} {subunit} {bulan_romawi} {bulan2} {tahun} "
                                         "{tahun2} {derajat} {jenis}"))
        self.example = QLabel("")
        self.example.setObjectName("jenis_example")
        self.template.textChanged.connect(self._update_example)
        self.scope_unit = QCheckBox(self.tr("per unit"))
        self.scope_jenis = QCheckBox(self.tr("per jenis naskah"))
        self.scope_kka = QCheckBox(self.tr("per kode klasifikasi"))
        scope = QHBoxLayout()
        for c in (self.scope_unit, self.scope_jenis, self.scope_kka):
            scope.addWidget(c)
        scope.addStretch(1)
        self.kka_default = QLineEdit()
        self.tembusan = QCheckBox(self.tr("biasanya memakai tembusan"))
        self.tembusan.setChecked(True)
        for label, w in [(self.tr("Kode"), self.kode), (self.tr("Nama"), self.nama), (self.tr("Kelompok"), self.kelompok),
                         (self.tr("Tata letak"), self.layout_), (self.tr("Templat nomor"), self.template),
                         (self.tr("Contoh"), self.example), (self.tr("Kode klasifikasi bawaan"), self.kka_default),
                         ("", self.tembusan)]:
            form.addRow(label, w)
            w.setEnabled(editable)
        form.addRow(self.tr("Nomor urut dihitung ulang tiap tahun, dan juga"), scope)
        buttons = QHBoxLayout()
        self.btn_new = QPushButton(self.tr("Kosongkan (jenis baru)"))
        self.btn_new.clicked.connect(self._clear_form)
        self.btn_save = QPushButton(self.tr("Simpan jenis naskah"))
        self.btn_save.setObjectName("jenis_save")
        self.btn_save.clicked.connect(self._on_save_clicked)
        for b in (self.btn_new, self.btn_save):
            b.setEnabled(editable)
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addLayout(form)
        v.addLayout(buttons)
        self._editing: int | None = None
        self._rows: list[numbering.JenisInfo] = []
        self.reload()
        self._update_example()

    def reload(self) -> None:
        with self.ctx.reader() as uow:
            self._rows = numbering.list_jenis(uow, include_inactive=True)
            previews = []
            for j in self._rows:
                try:
                    previews.append(numbering.preview(uow, j.id))
                except TatausahaError as exc:
                    previews.append(str(exc))
        self.table.setRowCount(len(self._rows))
        for r, (j, pv) in enumerate(zip(self._rows, previews, strict=True)):
            scope = [self.tr("tahun")] + [name for flag, name in ((j.scope_unit, self.tr("unit")),
                                                                  (j.scope_jenis, self.tr("jenis")),
                                                                  (j.scope_kka, self.tr("KKA"))) if flag]
            for c, text in enumerate([j.kode, j.nama + ("" if j.active else self.tr(" (nonaktif)")), j.layout,
                                      j.template_nomor, " × ".join(scope), pv]):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, j.id)
                self.table.setItem(r, c, item)

    def _update_example(self) -> None:
        try:
            text = numbering.render(numbering.validate_template(self.template.text()), urut=15, tanggal=clock.today(),
                                    kka="000.1.2", unit="Kec.JTS", subunit="UMPEG", jenis=self.kode.text() or "SD")
            self.example.setStyleSheet("")
        except TatausahaError as exc:
            text = str(exc)
            self.example.setStyleSheet("color: #b00020;")
        self.example.setText(text)

    def _clear_form(self) -> None:
        self._editing = None
        for w in (self.kode, self.nama, self.kka_default):
            w.clear()
        self.table.clearSelection()

    def _on_selection_changed(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        jid = items[0].data(ID_ROLE)
        j = next(x for x in self._rows if x.id == jid)
        self._editing = j.id
        self.kode.setText(j.kode)
        self.nama.setText(j.nama)
        self.kelompok.setCurrentIndex(max(0, self.kelompok.findData(j.kelompok)))
        self.layout_.setCurrentIndex(max(0, self.layout_.findData(j.layout)))
        self.template.setText(j.template_nomor)
        self.scope_unit.setChecked(j.scope_unit)
        self.scope_jenis.setChecked(j.scope_jenis)
        self.scope_kka.setChecked(j.scope_kka)
        self.kka_default.setText(j.kode_klasifikasi_default)
        self.tembusan.setChecked(j.butuh_tembusan)

    def _on_save_clicked(self) -> None:
        # the version shown in the form: someone else's newer save is not overwritten
        version = next((j.row_version for j in self._rows if j.id == self._editing), None)
        self.write(lambda uow: numbering.save_jenis(
            uow, kode=self.kode.text(), nama=self.nama.text(), kelompok=self.kelompok.currentData(),
            layout=self.layout_.currentData(), template_nomor=self.template.text(), scope_unit=self.scope_unit.isChecked(),
            scope_jenis=self.scope_jenis.isChecked(), scope_kka=self.scope_kka.isChecked(),
            kode_klasifikasi_default=self.kka_default.text(), butuh_tembusan=self.tembusan.isChecked(),
            jenis_id=self._editing, row_version=version), self.tr("Jenis naskah disimpan."))


class InstruksiSettings(_Base):
    """The standard instruction list offered on every disposisi (order matters: it is the print order)."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        editable = ctx.actor.can(Permission.ADMIN)
        v = QVBoxLayout(self)
        v.addWidget(QLabel(self.tr("Daftar instruksi baku pada lembar disposisi, berurutan seperti tercetak.")))
        self.list = QListWidget()
        self.list.setObjectName("instruksi_list")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove if editable else QAbstractItemView.DragDropMode.NoDragDrop)
        v.addWidget(self.list)
        row = QHBoxLayout()
        self.new_text = QLineEdit()
        self.new_text.setObjectName("instruksi_new")
        self.new_text.setPlaceholderText(self.tr("Instruksi baru, mis. Siapkan bahan rapat"))
        add = QPushButton(self.tr("Tambah"))
        add.clicked.connect(self._on_add_clicked)
        remove = QPushButton(self.tr("Hapus dari daftar"))
        remove.clicked.connect(self._on_remove_clicked)
        save = QPushButton(self.tr("Simpan daftar"))
        save.setObjectName("instruksi_save")
        save.clicked.connect(self._on_save_clicked)
        for w in (self.new_text, add, remove, save):
            w.setEnabled(editable)
            row.addWidget(w)
        v.addLayout(row)
        self.reload()

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def reload(self) -> None:
        with self.ctx.reader() as uow:
            texts = disposisi.list_instruksi(uow)
        self.loaded = list(texts)  # what this editor showed: a save from it is refused if the list changed since
        self.list.clear()
        self.list.addItems(texts)

    def _on_add_clicked(self) -> None:
        if self.new_text.text().strip():
            self.list.addItem(self.new_text.text().strip())
            self.new_text.clear()

    def _on_remove_clicked(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def _on_save_clicked(self) -> None:
        texts, loaded = self.texts(), list(self.loaded)
        self.write(lambda uow: disposisi.save_instruksi(uow, texts, expected=loaded), self.tr("Daftar instruksi disimpan."))


class InstansiSettings(_Base):
    """The sender/addressee directory: names, abbreviations, aliases; merge two entries that are one office."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        editable = ctx.actor.can(Permission.WRITE)
        v = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Saring instansi…"))
        self.filter.textChanged.connect(lambda _t: self.reload())
        v.addWidget(self.filter)
        self.table = _table([self.tr("Nama"), self.tr("Singkatan"), self.tr("Jenis"), self.tr("Alias")])
        self.table.setObjectName("instansi_table")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        v.addWidget(self.table)
        form = QHBoxLayout()
        self.nama, self.singkatan = QLineEdit(), QLineEdit()
        self.nama.setPlaceholderText(self.tr("Nama instansi"))
        self.singkatan.setPlaceholderText(self.tr("Singkatan"))
        add = QPushButton(self.tr("Tambah instansi"))
        add.clicked.connect(lambda: self.write(lambda uow: instansi.save(uow, nama=self.nama.text(), singkatan=self.singkatan.text()),
                                               self.tr("Instansi disimpan.")))
        alias = QPushButton(self.tr("Tambah alias…"))
        alias.clicked.connect(self._on_alias_clicked)
        merge = QPushButton(self.tr("Gabungkan (2 dipilih)"))
        merge.setObjectName("instansi_merge")
        merge.clicked.connect(self._on_merge_clicked)
        for w in (self.nama, self.singkatan, add, alias, merge):
            w.setEnabled(editable)
            form.addWidget(w)
        v.addLayout(form)
        self.reload()

    def reload(self) -> None:
        with self.ctx.reader() as uow:
            text = self.filter.text().strip()
            rows = instansi.find(uow, text, limit=500) if text else instansi.list_all(uow)
        self.table.setRowCount(len(rows))
        for r, i in enumerate(rows):
            for c, value in enumerate([i.nama, i.singkatan, i.jenis, ", ".join(i.aliases)]):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, i.id)
                self.table.setItem(r, c, item)

    def _selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        items = [self.table.item(r, 0) for r in rows]
        return [int(it.data(ID_ROLE)) for it in items if it is not None]

    def _on_alias_clicked(self) -> None:
        ids = self._selected_ids()
        if len(ids) != 1:
            return
        text, ok = QInputDialog.getText(self, self.tr("Alias"), self.tr("Nama lain instansi ini:"))
        if ok and text.strip():
            self.write(lambda uow: instansi.add_alias(uow, ids[0], text), self.tr("Alias ditambahkan."))

    def _on_merge_clicked(self) -> None:
        ids = self._selected_ids()
        if len(ids) == 2:
            keep, drop = ids
            self.write(lambda uow: instansi.merge(uow, keep, drop), self.tr("Instansi digabung."))


class ApprovalSettings(_Base):
    """Does this office use paraf → tanda tangan before a surat keluar gets its number?"""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        admin = ctx.actor.can(Permission.ADMIN)
        v = QVBoxLayout(self)
        text = QLabel(self.tr(
            "Dengan persetujuan, konsep surat keluar diajukan kepada pemaraf (berurutan) lalu penandatangan; "
            "nomor baru diberikan setelah surat ditandatangani, dan pemaraf atau penandatangan dapat "
            "mengembalikannya untuk perbaikan. Kantor yang memaraf di kertas atau di SRIKANDI dapat mematikannya: "
            "surat lalu diberi nomor langsung, setelah konfirmasi."))
        text.setWordWrap(True)
        self.enabled = QCheckBox(self.tr("Pakai paraf dan tanda tangan sebelum surat keluar diberi nomor"))
        self.enabled.setObjectName("approval_enabled")
        self.enabled.setEnabled(admin)
        save = QPushButton(self.tr("Simpan"))
        save.setObjectName("approval_save")
        save.setEnabled(admin)
        save.clicked.connect(self._on_save_clicked)
        v.addWidget(text)
        v.addWidget(self.enabled)
        v.addWidget(save)
        v.addStretch(1)
        self.reload()

    def reload(self) -> None:
        with self.ctx.reader() as uow:
            self.enabled.setChecked(approval.is_enabled(uow.session))

    def _on_save_clicked(self) -> None:
        on = self.enabled.isChecked()
        self.write(lambda uow: approval.set_enabled(uow, on),
                   self.tr("Persetujuan surat keluar dinyalakan.") if on else self.tr("Persetujuan surat keluar dimatikan."))


def settings_tabs(ctx: UiContext) -> list[tuple[str, QWidget]]:
    return [
        ("Jenis naskah", JenisNaskahSettings(ctx)),
        ("Persetujuan surat", ApprovalSettings(ctx)),
        ("Instruksi disposisi", InstruksiSettings(ctx)),
        ("Instansi", InstansiSettings(ctx)),
    ]
