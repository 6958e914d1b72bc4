"""Benchmark: the Surat Masuk list over 100,000 letters vs a bare QTableView on the same SQLite table.

    QT_QPA_PLATFORM=offscreen python bench/bench_letter_list.py [--rows 100000] [--runs 5] [--home DIR]

Measures, in one process and one run, for both
  * bare:  a minimal QAbstractTableModel reading the ``surat_masuk`` table with raw sqlite3
           (COUNT(*) for rowCount, 200-row pages ORDER BY tanggal_terima DESC, id DESC LIMIT/OFFSET),
  * ours:  ``LetterListModel`` over the list service (permission-aware query, masking of secret rows,
           DTOs, through a read-only unit of work per page) in the page's configured QTableView,
  * page:  the whole Surat Masuk page (toolbar, filters, list, history panel) as the user sees it,
the time to the first painted rows (model creation + setModel + first paint, ``grab()``), the repaint
after a jump to the end and after random jumps, and the memory (RSS) the view added. Prints each
figure and its ratio to the bare limit. Not run by CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def build(home: Path, rows: int) -> None:
    from sqlalchemy import func, insert, select

    from tatausaha.app.demo import quick_office
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.models.correspondence import SuratMasuk

    ctx = AppContext.open(AppPaths(home))
    with ctx.reader() as uow:
        have = uow.session.execute(select(func.count(SuratMasuk.id))).scalar_one()
    if have >= rows:
        ctx.close()
        return
    if have == 0:
        try:
            quick_office(ctx)
        except Exception:  # noqa: BLE001 - already there
            pass
    rng = random.Random(1)
    senders = ["Kelurahan Jatisampurna", "Kelurahan Jatikarya", "Kelurahan Jatiranggon", "Polsek Jatisampurna",
               "Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi", "BPKAD Kota Bekasi", "Puskesmas Jatisampurna"]
    words = "undangan rapat koordinasi permohonan data laporan kegiatan sosialisasi penyampaian usulan".split()
    today = dt.date.today()
    now = dt.datetime.now()
    batch = []
    t0 = time.perf_counter()
    with ctx.uow() as uow:
        for i in range(have + 1, rows + 1):
            d = today - dt.timedelta(days=(rows - i) * 3650 // rows)
            batch.append(dict(
                tahun=d.year, nomor_agenda=i, tanggal_terima=d, nomor_surat=f"005/{i}/X/{d.year}", tanggal_surat=d,
                pengirim=rng.choice(senders), ditujukan="Camat Jatisampurna",
                perihal=" ".join(rng.choice(words) for _ in range(rng.randint(4, 10))), ringkasan="",
                derajat=rng.choice(["biasa", "biasa", "segera"]), keamanan="rahasia" if i % 97 == 0 else "biasa",
                kode_klasifikasi="000.1.5", klasifikasi_scheme="pmdn83_2022", lampiran="", kanal="manual",
                srikandi_ref="", status="terdaftar", keterangan="", lokasi_arsip="", batal_alasan="",
                created_at=now, updated_at=now,
            ))
            if len(batch) == 5000:
                uow.session.execute(insert(SuratMasuk), batch)
                batch = []
        if batch:
            uow.session.execute(insert(SuratMasuk), batch)
        uow.commit()
    print(f"built {rows - have:,} letters in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    ctx.close()


class BareModel(QAbstractTableModel):
    """The limit: raw sqlite3, windowed pages, no permissions, no DTOs."""

    COLS = ("nomor_agenda", "tanggal_terima", "nomor_surat", "tanggal_surat", "pengirim", "perihal", "derajat", "status")

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.conn = sqlite3.connect(str(path))
        self.n = self.conn.execute("SELECT COUNT(*) FROM surat_masuk").fetchone()[0]
        self.pages: dict[int, list[tuple]] = {}

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.n

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        p = index.row() // 200
        page = self.pages.get(p)
        if page is None:
            page = self.conn.execute(
                f"SELECT {', '.join(self.COLS)} FROM surat_masuk ORDER BY tanggal_terima DESC, id DESC LIMIT 200 OFFSET ?",
                (p * 200,),
            ).fetchall()
            self.pages[p] = page
        r = page[index.row() % 200]
        v = r[index.column()]
        return "" if v is None else str(v)


def _view(model) -> QTableView:  # type: ignore[no-untyped-def]
    v = QTableView()
    v.setModel(model)
    v.verticalHeader().setDefaultSectionSize(24)
    v.resize(1200, 800)
    v.show()
    return v


def measure(kind: str, app: QApplication, home: Path, ui) -> dict[str, float]:  # type: ignore[no-untyped-def]
    gc.collect()
    m0 = rss_mib()
    t0 = time.perf_counter()
    if kind == "bare":
        model = BareModel(home / "tatausaha.sqlite")
        widget = _view(model)
        view = widget
    elif kind == "ours":
        from tatausaha.correspondence import letters
        from tatausaha.correspondence.letters import LetterFilter
        from tatausaha.ui.correspondence.letter_page import letter_table
        from tatausaha.ui.itemmodels.letters import MASUK_COLUMNS, LetterListModel

        def count(flt: LetterFilter) -> int:
            with ui.reader() as uow:
                return letters.count_masuk(uow, flt)

        def fetch(flt, sort, desc, off, lim):  # type: ignore[no-untyped-def]
            with ui.reader() as uow:
                return letters.list_masuk(uow, flt, sort=sort, descending=desc, offset=off, limit=lim)

        model = LetterListModel(count, fetch, MASUK_COLUMNS)
        model.reload(LetterFilter())
        widget = view = letter_table(model)
        view.resize(1200, 800)
        view.show()
    else:
        from tatausaha.ui.correspondence.masuk_page import SuratMasukPage

        widget = SuratMasukPage(ui)
        widget.year.setCurrentIndex(0)  # all years: the whole 100,000
        widget.resize(1400, 800)
        widget.show()
        view = widget.view
    app.processEvents()
    widget.grab()
    first = (time.perf_counter() - t0) * 1000
    rows = view.model().rowCount()
    t1 = time.perf_counter()
    view.scrollToBottom()
    app.processEvents()
    widget.grab()
    end = (time.perf_counter() - t1) * 1000
    rng = random.Random(7)
    jumps = []
    for _ in range(15):
        t2 = time.perf_counter()
        view.scrollTo(view.model().index(rng.randrange(rows), 0))
        app.processEvents()
        widget.grab()
        jumps.append((time.perf_counter() - t2) * 1000)
    mem = rss_mib() - m0
    widget.close()
    widget.deleteLater()
    app.processEvents()
    return {"first": first, "end": end, "jump": statistics.median(jumps), "mem": mem, "rows": rows}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--home", type=Path, default=Path("/tmp/tatausaha-bench-letters"))
    ap.add_argument("--smoke", action="store_true", help="a few hundred letters, one run, in a temporary folder (CI)")
    args = ap.parse_args()
    if args.smoke:
        import tempfile

        args.rows, args.runs = 400, 1
        args.home = Path(tempfile.mkdtemp(prefix="bench-letters-smoke-"))
    build(args.home, args.rows)
    app = QApplication.instance() or QApplication([])
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.correspondence.demo import actor_for
    from tatausaha.ui.context import UiContext

    ctx = AppContext.open(AppPaths(args.home))
    ui = UiContext(ctx, actor_for(ctx, "operator"))  # no SEE_SECRET: the rahasia masking is in the query
    results: dict[str, list[dict[str, float]]] = {"bare": [], "ours": [], "page": []}
    for k in ("bare", "ours", "page"):  # warm-up (imports, SQLite page cache)
        measure(k, app, args.home, ui)
    for _ in range(args.runs):
        for k in ("bare", "ours", "page"):
            results[k].append(measure(k, app, args.home, ui))
    med = {k: {f: statistics.median(r[f] for r in v) for f in ("first", "end", "jump", "mem", "rows")}
           for k, v in results.items()}
    b = med["bare"]
    print(f"Surat Masuk list, {int(b['rows']):,} letters, median of {args.runs} runs (offscreen, 1200x800 view)")
    print(f"{'':34}{'first paint ms':>16}{'end ms':>10}{'jump ms':>10}{'RSS +MiB':>10}")
    for k, label in (("bare", "bare QTableView + raw sqlite3 (limit)"), ("ours", "LetterListModel via services"),
                     ("page", "whole Surat Masuk page")):
        r = med[k]
        print(f"{label:34}{r['first']:>16.1f}{r['end']:>10.1f}{r['jump']:>10.1f}{r['mem']:>10.1f}")
    for k in ("ours", "page"):
        r = med[k]
        print(f"ratio {k}/bare: first paint ×{r['first'] / b['first']:.2f}, jump to end ×{r['end'] / b['end']:.2f}, "
              f"random jump ×{r['jump'] / b['jump']:.2f}, memory +{r['mem'] - b['mem']:.1f} MiB")
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
