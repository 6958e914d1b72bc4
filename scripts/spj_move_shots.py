"""Two pictures of moving an SPJ receipt to its row, as the operator sees them at 1366×768:
the item with a file on no row ("Berkas tanpa baris") and the "Pindahkan berkas…" dialog.

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/spj_move_shots.py /tmp/spj-demo docs/img/1366/operator

Makes a demo office in the (new) folder given, puts one receipt on a row and one on no row of the
first item not yet closed, and writes ``<prefix>_spj_berkas_tanpa_baris.png`` and
``<prefix>_dialog_spj_pindahkan_berkas.png``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tatausaha.app import demo, setup  # noqa: E402
from tatausaha.app.demo import DEMO_PASSWORD  # noqa: E402
from tatausaha.config import AppPaths  # noqa: E402
from tatausaha.context import AppContext  # noqa: E402
from tatausaha.ingest import testing as pdfs  # noqa: E402
from tatausaha.services import accounts, documents  # noqa: E402
from tatausaha.services.auth import SYSTEM  # noqa: E402
from tatausaha.spj import service as spj  # noqa: E402
from tatausaha.ui.app import create_application  # noqa: E402
from tatausaha.ui.context import UiContext  # noqa: E402
from tatausaha.ui.mainwindow import MainWindow  # noqa: E402
from tatausaha.ui.spj.dialogs import MoveFileDialog  # noqa: E402


def main() -> int:
    home, prefix = Path(sys.argv[1]), sys.argv[2]
    ctx = AppContext.open(AppPaths(home))
    setup.ensure_reference_data(ctx)
    demo.fill(ctx)
    with ctx.reader() as uow:
        item_id = next(i.id for i in spj.list_items(uow) if i.status in ("draf", "siap"))
    with ctx.uow(actor=SYSTEM) as uow:
        row = next(b for b in spj.item(uow, item_id).bukti if b.wajib and b.status == "belum_ada")
        on_row = documents.add_document_bytes(uow, ctx.store, pdfs.tiny_pdf("NOTA 1"), "nota-toko-1.pdf").id
        loose = documents.add_document_bytes(uow, ctx.store, pdfs.tiny_pdf("NOTA 2"), "nota-toko-2.pdf").id
        spj.attach_file(uow, row.id, on_row)
        documents.link_document(uow, loose, spj.SPJ_ITEM_KIND, item_id, role="bukti")
        uow.commit()

    app = create_application([])
    win = MainWindow(UiContext(ctx, accounts.login(ctx.db, "operator", DEMO_PASSWORD)))
    win.show()
    win.setGeometry(0, 0, 1366, 768)
    page = win.show_page("spj")
    page.open_record(item_id)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()

    pump(3)
    win.grab().save(f"{prefix}_spj_berkas_tanpa_baris.png")
    page.checklist.selectRow([b.id for b in page.detail.bukti].index(row.id))
    pump(0.5)

    def shoot() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MoveFileDialog) and w.isVisible():
                w.grab().save(f"{prefix}_dialog_spj_pindahkan_berkas.png")
                w.reject()

    QTimer.singleShot(1500, shoot)
    page.btn_move.click()
    pump(2)
    win.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
