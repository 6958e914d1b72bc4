"""The main window: navigation to every area, a status bar, remembered window state."""

from __future__ import annotations

import importlib
import logging
import traceback

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from tatausaha import __version__
from tatausaha.services.auth import ROLE_LABELS, Permission
from tatausaha.ui.context import UiContext
from tatausaha.ui.registry import PageSpec, nav_pages

log = logging.getLogger(__name__)


#: dynamic property on every page widget: "ready", "unbuilt" (area not installed) or "error" (failed to build)
PAGE_STATE = "pageState"


class PlaceholderPage(QWidget):
    """An area that is not part of this version (its module is not installed): said plainly, calmly."""

    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{self.tr(spec.title)}</h2>")
        body = QLabel(
            self.tr("Bagian ini belum tersedia pada versi ini. Data yang ada tetap aman dan akan tampil di sini "
                    "setelah modulnya dipasang.")
        )
        body.setObjectName("placeholder_text")
        body.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(1)


class PageErrorPage(QWidget):
    """A page that failed to build: an error state, never dressed as an unbuilt area.

    The user reads a plain Indonesian sentence; the technical details stay behind "Rincian" (and in
    the log), with a button to copy them for the admin and one to try building the page again.
    """

    retry_requested = Signal()

    def __init__(self, spec: PageSpec, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        head.addWidget(icon)
        head.addWidget(QLabel(f"<h2>{self.tr(spec.title)}</h2>"), 1)
        self.message = QLabel(
            self.tr("Halaman ini gagal dibuka karena terjadi kesalahan pada program. Data Anda tetap aman. "
                    "Coba buka lagi; bila tetap gagal, salin rinciannya dan sampaikan kepada admin.")
        )
        self.message.setObjectName("page_error_text")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.btn_retry = QPushButton(self.tr("Coba lagi"))
        self.btn_retry.setObjectName("page_error_retry")
        self.btn_retry.clicked.connect(self.retry_requested.emit)
        self.btn_details = QPushButton(self.tr("Rincian"))
        self.btn_details.setCheckable(True)
        self.btn_details.toggled.connect(self.details.setVisible)
        btn_copy = QPushButton(self.tr("Salin rincian"))
        btn_copy.clicked.connect(lambda: QApplication.clipboard().setText(self.details.toPlainText()))
        buttons = QHBoxLayout()
        for b in (self.btn_retry, self.btn_details, btn_copy):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(head)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(self.details, 1)


#: the start page setting's value for "the page I had open last"
LAST_PAGE = ""
DEFAULT_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    #: "Keluar / Ganti pengguna" was chosen: the shell closes this window and shows the log-in again
    logout_requested = Signal()
    #: the window has closed (state saved, pages shut down)
    closed = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        from tatausaha.ui import screenfit

        screenfit.install()
        self.ctx = ctx
        self.setWindowTitle(self.tr("tatausaha — {kantor}").format(kantor=self._office_name()))
        screenfit.fit_to_screen(self, DEFAULT_SIZE)
        self._pages: dict[str, QWidget] = {}
        # the shell's pages and every installed area's, less those the user may not open (Jejak Audit)
        self.specs: list[PageSpec] = [
            p for p in nav_pages() if p.permission is None or ctx.actor.can(Permission(p.permission))]

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(200)  # the lists beside it need the room on a 1366-pixel screen
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; } QListWidget#navigation::item { padding: 7px; }")
        for spec in self.specs:
            item = QListWidgetItem(self.style().standardIcon(getattr(QStyle.StandardPixmap, spec.icon)), self.tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 1160])  # the navigation no wider than its names: the pages need the room
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)

        self._build_menus()
        self._build_status_bar()
        ctx.hub.open_requested.connect(self._on_open_requested)
        self._restore_state()

    # Pages ----------------------------------------------------------------------------
    def _office_name(self) -> str:
        from tatausaha.services import office

        with self.ctx.reader() as uow:
            info = office.get_office(uow)
        return info.nama_kantor.title() if info else "Kantor Kecamatan"

    def page(self, key: str) -> QWidget:
        if key not in self._pages:
            widget = self._build_page(next(s for s in self.specs if s.key == key))
            widget.setObjectName(f"page_{key}")
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def _build_page(self, spec: PageSpec) -> QWidget:
        """The page of ``spec``; an area not installed gives the placeholder, a failure an error state."""
        if spec.factory is None and spec.module is None:  # declared by an area that is not built yet
            return self._placeholder(spec)
        before = set(QApplication.topLevelWidgets())
        try:
            if spec.factory is not None:
                widget = spec.factory(self.ctx)
            else:
                widget = importlib.import_module(str(spec.module)).create_page(self.ctx)
        except ModuleNotFoundError as exc:
            module = spec.module or ""
            if exc.name and (module == exc.name or module.startswith(f"{exc.name}.")):
                return self._placeholder(spec)
            return self._error_page(spec, before)
        except Exception:  # noqa: BLE001 - one broken page must not take the window down
            return self._error_page(spec, before)
        widget.setProperty(PAGE_STATE, "ready")
        return widget

    @staticmethod
    def _placeholder(spec: PageSpec) -> QWidget:
        widget = PlaceholderPage(spec)
        widget.setProperty(PAGE_STATE, "unbuilt")
        return widget

    def _error_page(self, spec: PageSpec, before: set[QWidget]) -> QWidget:
        log.exception("page %s failed to build", spec.key)
        details = traceback.format_exc()
        # The half-built page may already listen to the change hub (it reloads on every save): destroy
        # what it left behind, so a broken page cannot make every later save fail as well.
        for orphan in set(QApplication.topLevelWidgets()) - before:
            if orphan is not self and orphan.parent() is None and not orphan.isVisible():
                orphan.deleteLater()
        page = PageErrorPage(spec, details)
        page.setProperty(PAGE_STATE, "error")
        page.retry_requested.connect(lambda k=spec.key: self.rebuild_page(k))
        return page

    def rebuild_page(self, key: str) -> QWidget:
        """Throw the page away and build it again (the error page's "Coba lagi")."""
        old = self._pages.pop(key, None)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        widget = self.page(key)
        row = self.nav.currentRow()
        if 0 <= row < len(self.specs) and self.specs[row].key == key:
            self.stack.setCurrentWidget(widget)
        return widget

    def show_page(self, key: str) -> QWidget:
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return self._pages[key]

    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        widget = self.page(self.specs[row].key)
        self.stack.setCurrentWidget(widget)

    def _on_open_requested(self, key: str, record_id: object) -> None:
        widget = self.show_page(key)
        opener = getattr(widget, "open_record", None)
        if opener is not None and record_id is not None:
            opener(record_id)

    # Menus, shortcuts -----------------------------------------------------------------
    def _build_menus(self) -> None:
        menu_file = self.menuBar().addMenu(self.tr("&Berkas"))
        act_backup = QAction(self.tr("Cadangkan data…"), self)
        act_backup.triggered.connect(self._on_backup_triggered)
        menu_file.addAction(act_backup)
        act_settings = QAction(self.tr("Pengaturan…"), self)
        act_settings.triggered.connect(lambda: self.show_page("pengaturan"))
        menu_file.addAction(act_settings)
        menu_file.addSeparator()
        act_logout = QAction(self.tr("Keluar / Ganti pengguna"), self)
        act_logout.setObjectName("act_logout")
        act_logout.setShortcut(QKeySequence("Ctrl+Shift+L"))
        act_logout.setToolTip(self.tr("Tutup sesi ini dan kembali ke layar masuk tanpa menutup aplikasi"))
        act_logout.triggered.connect(self._on_logout_triggered)
        menu_file.addAction(act_logout)
        self.act_logout = act_logout
        act_quit = QAction(self.tr("Keluar dari aplikasi"), self)
        act_quit.setObjectName("act_quit")
        act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        act_quit.triggered.connect(self.close)
        menu_file.addAction(act_quit)
        self.act_quit = act_quit

        menu_account = self.menuBar().addMenu(self.tr("A&kun"))
        menu_account.setObjectName("menu_account")
        act_password = QAction(self.tr("Ubah kata sandi…"), self)
        act_password.setObjectName("act_change_password")
        act_password.triggered.connect(self._on_change_password_triggered)
        act_password.setEnabled(self.ctx.actor.user_id is not None)
        menu_account.addAction(act_password)
        self.act_password = act_password
        menu_start = menu_account.addMenu(self.tr("Halaman awal saat masuk"))
        menu_start.setObjectName("menu_start_page")
        self.start_page_group = QActionGroup(self)
        self.start_page_actions: dict[str, QAction] = {}
        for key, title in [(LAST_PAGE, self.tr("Halaman terakhir dibuka"))] + [(p.key, self.tr(p.title)) for p in self.specs]:
            act = QAction(title, self)
            act.setCheckable(True)
            act.setObjectName(f"act_start_{key or 'last'}")
            act.triggered.connect(lambda _=False, k=key: self.set_start_page(k))
            self.start_page_group.addAction(act)
            menu_start.addAction(act)
            self.start_page_actions[key] = act
        menu_account.addSeparator()
        menu_account.addAction(act_logout)

        menu_go = self.menuBar().addMenu(self.tr("&Buka"))
        act_search = QAction(self.tr("Cari di seluruh arsip"), self)
        act_search.setShortcut(QKeySequence("Ctrl+K"))
        act_search.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        act_search.triggered.connect(self.focus_search)
        menu_go.addAction(act_search)
        self.act_search = act_search
        for i, spec in enumerate(self.specs[:9]):
            act = QAction(self.tr(spec.title), self)
            act.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            act.triggered.connect(lambda _=False, k=spec.key: self.show_page(k))
            menu_go.addAction(act)

        menu_help = self.menuBar().addMenu(self.tr("B&antuan"))
        act_about = QAction(self.tr("Tentang tatausaha"), self)
        act_about.triggered.connect(self._on_about_triggered)
        menu_help.addAction(act_about)

    def focus_search(self) -> None:
        page = self.show_page("cari")
        focus = getattr(page, "focus_search", None)
        if focus is not None:
            focus()

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        actor = self.ctx.actor
        self.lbl_user = QLabel(self.tr("Pengguna: {name} ({role})").format(name=actor.full_name, role=ROLE_LABELS[actor.role]))
        db = self.ctx.app.db
        where = str(self.ctx.paths.database) if db.is_sqlite else db.engine.url.render_as_string(hide_password=True)
        self.lbl_db = QLabel(self.tr("Basis data: {where}").format(where=where))
        self.lbl_db.setObjectName("db_status")
        self.lbl_db.setToolTip(where)

        def live_state(up: bool) -> None:
            # on a server: whether other PCs' changes reach this window right now
            state = self.tr("langsung") if up else self.tr("terputus, menyambung ulang…")
            self.lbl_db.setText(self.tr("Basis data: {where}").format(where=where) + " · " + state)
            self.lbl_db.setToolTip(where + "\n" + (
                self.tr("Perubahan dari komputer lain tampil langsung.") if up else self.tr(
                    "Sambungan siaran ke server terputus; setelah tersambung lagi semua halaman dimuat ulang.")))

        self.ctx.hub.live_state.connect(live_state)
        live = getattr(self.ctx, "live", None)
        if live is not None and live.connected:
            live_state(True)
        self.lbl_jobs = QLabel("")
        self.lbl_scan = QLabel("")
        self.lbl_scan.setObjectName("scan_status")
        self.lbl_scan.setToolTip(self.tr("Folder pindai yang diawasi; klik Kotak Pindai untuk meninjau."))
        ingest = getattr(self.ctx, "ingest", None)
        if ingest is not None:
            self.lbl_scan.setText(ingest.status_text())
            ingest.counts_changed.connect(lambda _c: self.lbl_scan.setText(ingest.status_text()))
        for w in (self.lbl_jobs, self.lbl_scan, self.lbl_user, self.lbl_db):
            w.setContentsMargins(8, 0, 8, 0)
            sb.addPermanentWidget(w)
        self.ctx.runner.running_changed.connect(self._on_runner_running_changed)
        self.ctx.set_status_sink(lambda text: sb.showMessage(text, 5000))

    def _on_runner_running_changed(self, n: int) -> None:
        self.lbl_jobs.setText(self.tr("{n} pekerjaan berjalan").format(n=n) if n else "")

    def _on_backup_triggered(self) -> None:
        from tatausaha.app import maintenance

        actor = self.ctx.actor
        (
            self.ctx.op(lambda p, c: maintenance.make_backup(self.ctx.app, progress=p, actor=actor), parent=self)
            .with_progress(self.tr("Mencadangkan basis data dan arsip…"), cancellable=False)
            .on_success(lambda path: self._info(self.tr("Cadangan"), self.tr("Cadangan dibuat:\n{p}").format(p=path)))
            .run()
        )

    def _on_logout_triggered(self) -> None:
        self.logout_requested.emit()

    def _on_change_password_triggered(self) -> None:
        from tatausaha.ui.account import ChangePasswordDialog

        dlg = ChangePasswordDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.password_dialog = dlg

    def _info(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Tentang tatausaha"),
            self.tr("<b>tatausaha {v}</b><br>Aplikasi tata usaha kantor kecamatan: surat masuk dan keluar, disposisi, "
                    "kepegawaian, SPJ dan arsip.").format(v=__version__),
        )

    # Window state (kept per user: a shared PC) ------------------------------------------
    def set_start_page(self, key: str) -> None:
        s = self.ctx.user_settings()
        s.setValue("start_page", key)
        s.sync()
        act = self.start_page_actions.get(key)
        if act is not None:
            act.setChecked(True)

    def start_page(self) -> str:
        key = str(self.ctx.user_settings().value("start_page", LAST_PAGE) or LAST_PAGE)
        return key if key in self.start_page_actions else LAST_PAGE

    def _restore_state(self) -> None:
        from tatausaha.ui import screenfit

        s = self.ctx.user_settings()
        geometry = s.value("mainwindow/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            if not self.isMaximized():
                screenfit.fit_to_screen(self)
        elif screenfit.is_small_screen(self):
            # first start on a laptop (1366×768 and the like): use the whole screen (also where no
            # window manager maximizes: the geometry is the screen's already)
            geo = screenfit.available(self)
            self.setGeometry(geo.adjusted(0, 0, -screenfit.FRAME_W, -screenfit.FRAME_H))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        splitter = s.value("mainwindow/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        start = self.start_page()
        self.start_page_actions[start].setChecked(True)
        key = start or s.value("mainwindow/page", "beranda")
        if key not in {p.key for p in self.specs}:
            key = "beranda"
        self.show_page(str(key))

    def save_state(self) -> None:
        s = self.ctx.user_settings()
        s.setValue("mainwindow/geometry", self.saveGeometry())
        s.setValue("mainwindow/splitter", self.splitter.saveState())
        row = self.nav.currentRow()
        if row >= 0:
            s.setValue("mainwindow/page", self.specs[row].key)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        for widget in self._pages.values():
            closer = getattr(widget, "shutdown", None)
            if closer is not None:
                closer()
        self.ctx.runner.shutdown()
        super().closeEvent(event)
        self.closed.emit()
