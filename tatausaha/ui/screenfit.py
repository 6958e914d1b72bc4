"""Windows and dialogs fit the screen they open on (a 1366×768 office laptop included).

``install()`` puts one application-wide event filter in place: whenever a top-level window is
shown, it is shrunk to the available geometry of its screen (task bar excluded) and moved inside
it. Dialogs need not know about it; a dialog whose minimum size would not fit gets a smaller minimum.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

#: room for the window frame (title bar and borders), which ``geometry()`` does not include
FRAME_W, FRAME_H = 16, 40


def screen_of(widget: QWidget) -> QScreen | None:
    screen = widget.screen() if widget is not None else None
    return screen or QGuiApplication.primaryScreen()


def available(widget: QWidget | None = None) -> QRect:
    screen = screen_of(widget) if widget is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def max_client_size(widget: QWidget | None = None) -> QSize:
    """The largest client area a top-level window may have on ``widget``'s screen."""
    geo = available(widget)
    return QSize(max(200, geo.width() - FRAME_W), max(200, geo.height() - FRAME_H))


def is_small_screen(widget: QWidget | None = None) -> bool:
    """A screen where the default main window (1280×800) would not fit with room to spare."""
    geo = available(widget)
    return geo.width() < 1440 or geo.height() < 860


def fit_to_screen(widget: QWidget, preferred: QSize | None = None) -> None:
    """Resize ``widget`` to ``preferred`` (or its current size) but never beyond the screen; keep it on screen."""
    limit = max_client_size(widget)
    want = preferred or widget.size()
    if widget.minimumWidth() > limit.width() or widget.minimumHeight() > limit.height():
        widget.setMinimumSize(min(widget.minimumWidth(), limit.width()), min(widget.minimumHeight(), limit.height()))
    size = QSize(min(want.width(), limit.width()), min(want.height(), limit.height()))
    if size != widget.size():
        widget.resize(size)
    geo = available(widget)
    x = min(max(widget.x(), geo.left()), geo.right() - size.width() - FRAME_W // 2)
    y = min(max(widget.y(), geo.top()), geo.bottom() - size.height() - FRAME_H + 8)
    if (x, y) != (widget.x(), widget.y()) and not widget.isMaximized():
        widget.move(max(geo.left(), x), max(geo.top(), y))


class _ScreenFitter(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow()
                and obj.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
                and not (obj.isMaximized() or obj.isFullScreen())):
            fit_to_screen(obj)
        return False


_fitter: _ScreenFitter | None = None


def install() -> None:
    """Once per application: every top-level window that is shown fits its screen."""
    global _fitter
    app = QApplication.instance()
    if app is None or _fitter is not None and _fitter.parent() is app:
        return
    _fitter = _ScreenFitter(app)
    app.installEventFilter(_fitter)
