"""A letter's whole history on one screen: the letter, its disposition tree, scans, replies, timeline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tatausaha.correspondence.common import (
    DERAJAT_LABELS,
    KANAL_LABELS,
    KEAMANAN_LABELS,
    STATUS_DISPOSISI_LABELS,
    STATUS_MASUK_LABELS,
)
from tatausaha.correspondence.letters import SuratMasukDetail
from tatausaha.ui.correspondence.common import esc, fmt_date

LATE = QColor("#b3261e")


def _when(t: Any) -> str:
    from tatausaha.idformat import waktu

    return waktu(t)  # stored in UTC, shown in office time


class LetterHistoryView(QWidget):
    """Shows a ``SuratMasukDetail``; emits ``attachment_activated(document_id)`` on double-click."""

    attachment_activated = Signal(int)
    disposisi_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: SuratMasukDetail | None = None
        self.header = QLabel(self.tr("Pilih surat di daftar untuk melihat riwayatnya."))
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Kepada"), self.tr("Dari"), self.tr("Instruksi / catatan"),
                                   self.tr("Batas"), self.tr("Status")])
        self.tree.setRootIsDecorated(True)
        for col, w in enumerate((190, 150, 200, 80)):
            self.tree.setColumnWidth(col, w)
        self.tree.currentItemChanged.connect(self._tree_current)
        self.files = QListWidget()
        self.files.itemDoubleClicked.connect(
            lambda it: self.attachment_activated.emit(int(it.data(Qt.ItemDataRole.UserRole))))
        self.timeline = QListWidget()
        split = QSplitter(Qt.Orientation.Vertical)
        parts: list[tuple[str, QWidget]] = [(self.tr("Disposisi"), self.tree), (self.tr("Pindaian & lampiran"), self.files),
                                            (self.tr("Riwayat"), self.timeline)]
        for title, widget in parts:
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 4, 0, 0)
            v.addWidget(QLabel(f"<b>{title}</b>"))
            v.addWidget(widget)
            split.addWidget(box)
        split.setSizes([260, 80, 160])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.header)
        lay.addWidget(split, 1)

    def clear(self) -> None:
        self.detail = None
        self.header.setText(self.tr("Pilih surat di daftar untuk melihat riwayatnya."))
        self.tree.clear()
        self.files.clear()
        self.timeline.clear()

    def show_message(self, text: str) -> None:
        self.clear()
        self.header.setText(esc(text))

    def set_detail(self, d: SuratMasukDetail) -> None:
        self.detail = d
        sifat = DERAJAT_LABELS.get(d.derajat, d.derajat)
        keamanan = KEAMANAN_LABELS.get(d.keamanan, d.keamanan)
        secret = d.keamanan in ("rahasia", "sangat_rahasia")
        rows = [
            (self.tr("Agenda"), f"{d.agenda} · " + self.tr("diterima") + f" {fmt_date(d.tanggal_terima)} · "
             + esc(KANAL_LABELS.get(d.kanal, d.kanal)) + (f" ({esc(d.srikandi_ref)})" if d.srikandi_ref else "")),
            (self.tr("Nomor"), esc(d.nomor_surat) + (f" · {fmt_date(d.tanggal_surat)}" if d.tanggal_surat else "")),
            (self.tr("Pengirim"), esc(d.pengirim)),
            (self.tr("Sifat"), f"{esc(sifat)} · " + (f"<span style='color:#6a1b9a'><b>{esc(keamanan)}</b></span>"
                                                    if secret else esc(keamanan))),
            (self.tr("Klasifikasi"), esc(f"{d.kode_klasifikasi} {d.kode_nama}".strip()) or "—"),
            (self.tr("Status"), esc(STATUS_MASUK_LABELS.get(d.status, d.status))
             + (f" — {esc(d.batal_alasan)}" if d.batal_alasan else "")),
        ]
        if d.ringkasan:
            rows.append((self.tr("Ringkasan"), esc(d.ringkasan)))
        table = "".join(f"<tr><td style='color:#555;padding-right:8px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
        self.header.setText(f"<h3 style='margin:0'>{esc(d.perihal)}</h3><table>{table}</table>")
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for n in d.disposisi:
            text = ", ".join(n.instruksi) + (f" — {n.catatan}" if n.catatan else "")
            if n.tindak_lanjut:
                text += "\n" + n.tindak_lanjut
            it = QTreeWidgetItem([n.kepada, n.dari, text, fmt_date(n.batas_waktu),
                                  STATUS_DISPOSISI_LABELS.get(n.status, n.status) + (" · terlambat" if n.overdue else "")])
            it.setData(0, Qt.ItemDataRole.UserRole, n.id)
            it.setToolTip(2, text)
            if n.overdue:
                for c in (3, 4):
                    it.setForeground(c, QBrush(LATE))
            parent = items.get(n.parent_id or -1)
            if parent is not None:
                parent.addChild(it)
            else:
                self.tree.addTopLevelItem(it)
            items[n.id] = it
        self.tree.expandAll()
        self.files.clear()
        for a in d.attachments:
            li = QListWidgetItem(f"{a.original_name} ({a.role}, v{a.version}" + (f", {a.page_count} hlm" if a.page_count else "") + ")")
            li.setData(Qt.ItemDataRole.UserRole, a.document_id)
            self.files.addItem(li)
        for r in d.replies:
            self.files.addItem(QListWidgetItem(self.tr("Balasan: ") + f"{r.nomor or '(konsep)'} — {r.perihal}"))
        self.timeline.clear()
        for t in d.timeline:
            self.timeline.addItem(f"{_when(t.when)}  {t.who}: {t.what}")

    def sheet_disposisi_id(self) -> int | None:
        """The disposition whose lembar disposisi to print: the one picked in the tree, else the
        letter's first top-level hop (the pimpinan's own disposition); None when not disposed yet."""
        item = self.tree.currentItem() or (self.tree.topLevelItem(0) if self.tree.topLevelItemCount() else None)
        return None if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def _tree_current(self, cur: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if cur is not None:
            self.disposisi_selected.emit(int(cur.data(0, Qt.ItemDataRole.UserRole)))
