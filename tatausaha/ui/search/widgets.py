"""Widgets of the search page: the result model (grouped by kind) and its rich-text delegate."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from tatausaha.idformat import angka
from tatausaha.search.index import kind_label
from tatausaha.search.service import Hit, SearchResult

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3

MARK_STYLE = "background-color:#fff1a8; font-weight:600;"


def hit_html(hit: Hit) -> str:
    title = hit.title_html(tag="b")
    tgl = hit.tanggal.strftime("%d-%m-%Y") if hit.tanggal else ""
    meta = " · ".join(html.escape(x) for x in (hit.nomor, tgl, hit.dari and f"dari {hit.dari}") if x)
    lock = " 🔒" if hit.keamanan != "biasa" else ""
    snippet = hit.snippet_html(tag="span").replace("<span>", f'<span style="{MARK_STYLE}">')
    out = f'<div><span style="font-size:11pt">{title}</span>{lock}<br/><span style="color:#555">{meta}</span>'
    if snippet:
        out += f'<br/><span style="color:#222">{snippet}</span>'
    return out + "</div>"


class ResultModel(QStandardItemModel):
    """Hits grouped under one header row per kind, in the order of each kind's best hit."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self._groups: dict[str, QStandardItem] = {}

    def reset(self) -> None:
        self.clear()
        self.hits = []
        self._groups = {}

    def append(self, result: SearchResult) -> None:
        for hit in result.hits:
            group = self._groups.get(hit.kind)
            if group is None:
                group = QStandardItem()
                group.setEditable(False)
                group.setSelectable(False)
                group.setData(hit.kind, KIND_ROLE)
                self._groups[hit.kind] = group
                self.appendRow(group)
            item = QStandardItem(hit.title)
            item.setEditable(False)
            item.setData(hit, HIT_ROLE)
            item.setData(hit_html(hit), HTML_ROLE)
            item.setToolTip(hit.snippet_text("«", "»"))
            group.appendRow(item)
            self.hits.append(hit)
        for kind, group in self._groups.items():
            n = group.rowCount()
            group.setData(f"<b>{html.escape(kind_label(kind))}</b> <span style='color:#666'>({angka(n)})</span>",
                          HTML_ROLE)
            group.setText(kind_label(kind))


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's HTML_ROLE (highlighted snippets) with a QTextDocument."""

    def _doc(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or html.escape(str(index.data() or ""))))
        doc.setTextWidth(max(100, option.rect.width() - 8))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._doc(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.translate(text_rect.topLeft())
        painter.setClipRect(QRectF(0, 0, text_rect.width(), text_rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        viewport = getattr(opt.widget, "viewport", None)
        width = viewport().width() - 40 if viewport is not None else 600
        opt.rect.setWidth(max(200, width))
        doc = self._doc(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)
