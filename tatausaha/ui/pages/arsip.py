"""Arsip: every archived file, filterable by name and classification, with a preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tatausaha.changes import Changes
from tatausaha.idformat import angka, ukuran, waktu
from tatausaha.services import archive, documents
from tatausaha.services.archive import DocumentRow
from tatausaha.services.auth import Permission
from tatausaha.ui.context import UiContext
from tatausaha.ui.widgets.kka_picker import KlasifikasiPicker
from tatausaha.ui.widgets.tables import ColumnFitter

PAGE = 200


def human_size(n: int) -> str:
    return ukuran(n)


class DocumentTableModel(QAbstractTableModel):
    """Rows fetched page by page (canFetchMore/fetchMore); never the whole archive at once."""

    HEADERS = ["Nama berkas", "Jenis", "Ukuran", "Hal.", "Klasifikasi", "Diarsipkan", "Tertaut ke"]

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[DocumentRow] = []
        self.total = 0
        self.text = ""
        self.kode = ""

    def reload(self, text: str = "", kode: str = "") -> None:
        self.beginResetModel()
        self.text, self.kode = text, kode
        with self.ctx.reader() as uow:
            self.total = archive.count_documents(uow, text=text, kode=kode)
            self.rows = archive.list_documents(uow, text=text, kode=kode, limit=PAGE)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        with self.ctx.reader() as uow:
            more = archive.list_documents(uow, text=self.text, kode=self.kode, limit=PAGE, offset=len(self.rows))
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        values = [r.original_name, r.mime.split("/")[-1].upper(), human_size(r.size), "" if r.page_count is None else str(r.page_count),
                  r.kode_klasifikasi, waktu(r.created_at), r.links or "—"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.original_name}\nSHA-256: {r.sha256}"
        return values[index.column()]


def render_preview(path: Path, mime: str, width: int = 520) -> QPixmap | None:
    """First page of a PDF (pypdfium2) or the image itself."""
    try:
        if mime == "application/pdf":
            import pypdfium2 as pdfium

            from tatausaha.pdflock import PDFIUM_LOCK

            with PDFIUM_LOCK:
                pdf = pdfium.PdfDocument(str(path))
                try:
                    page = pdf[0]
                    scale = width / page.get_width()
                    pil = page.render(scale=scale).to_pil().convert("RGB")
                finally:
                    pdf.close()
            data = pil.tobytes("raw", "RGB")
            img = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
            return QPixmap.fromImage(img)
        if mime.startswith("image/"):
            pm = QPixmap(str(path))
            return None if pm.isNull() else pm.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    except Exception:  # noqa: BLE001 - a preview that fails just shows no picture
        return None
    return None


class ArchivePage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = DocumentTableModel(ctx)
        self.filter = QLineEdit()
        self.filter.setObjectName("archive_filter")
        self.filter.setPlaceholderText(self.tr("Saring nama berkas…"))
        self.kka = KlasifikasiPicker(ctx)
        add = QPushButton(self.tr("Tambah berkas ke arsip…"))
        add.setObjectName("archive_add")
        add.setEnabled(ctx.actor.can(Permission.WRITE))
        add.clicked.connect(self._on_add_clicked)
        self.count = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.filter, 2)
        top.addWidget(QLabel(self.tr("Klasifikasi:")))
        top.addWidget(self.kka, 2)
        top.addWidget(add)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # the file name takes the room left (elided); "Tertaut ke" gives way first on a narrow screen
        self.columns = ColumnFitter(self.table, (230, 55, 75, 40, 90, 115, 150), 0, (6,), stretch_min=180)
        self.preview = QLabel(self.tr("Pilih berkas untuk melihat pratinjau."))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Arsip')}</h2>"))
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.kka.changed.connect(lambda _k: self.reload())
        self.kka.edit.textChanged.connect(lambda t: self._timer.start() if not t else None)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        ctx.hub.changes_applied.connect(self._on_changes_applied)
        self.reload()

    def reload(self) -> None:
        self.model.reload(self.filter.text().strip(), self.kka.kode())
        self.count.setText(self.tr("{n} berkas").format(n=angka(self.model.total)))

    def open_record(self, document_id: object) -> None:
        """Show one document (e.g. a search result): filter to it and select it."""
        try:
            with self.ctx.reader() as uow:
                info = documents.get_document(uow, int(document_id))  # type: ignore[call-overload]
        except Exception:  # noqa: BLE001 - a stale link just leaves the list as it is
            return
        self.kka.edit.clear()
        self.filter.setText(info.sha256[:16])
        self.reload()
        if self.model.rows:
            self.table.selectRow(0)

    def _on_changes_applied(self, changes: Changes) -> None:
        if changes.affects("document"):
            self.reload()

    def _on_current_row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.model.rows[current.row()]
        pm = render_preview(self.ctx.store.local_path(row.sha256), row.mime)
        if pm is None:
            self.preview.setText(self.tr("Pratinjau tidak tersedia untuk berkas ini."))
        else:
            self.preview.setPixmap(pm)

    def _on_add_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Pilih berkas"), "", self.tr("Dokumen (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Semua (*)"))
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, files: list[Path]) -> None:
        kode = self.kka.kode() or None

        label = self.tr("Mengarsipkan {name}")

        def job(uow: Any, progress: Any, cancel: Any) -> int:
            for i, f in enumerate(files):
                cancel.raise_if_cancelled()
                progress.report(i, len(files), label.format(name=f.name))
                documents.add_document(uow, self.ctx.store, f, kode_klasifikasi=kode)
            return len(files)

        self.ctx.write(job, parent=self, progress=self.tr("Mengarsipkan berkas…"),
                       on_done=lambda n: self.ctx.status_message(self.tr("{n} berkas diarsipkan.").format(n=angka(n))))


def create_page(ctx: UiContext) -> QWidget:
    return ArchivePage(ctx)
