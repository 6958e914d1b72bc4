"""One clock, in office time: the zone is chosen in Pengaturan, stored in the office profile;
timestamps stay UTC; what is shown, printed, indexed and searched is the office's day and hour."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from sqlalchemy import select

from tatausaha import clock
from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.context import AppContext
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import printdata
from tatausaha.models.correspondence import Disposisi, SuratMasuk
from tatausaha.services import accounts, office
from tatausaha.ui.context import UiContext

pytestmark = pytest.mark.gui

WIT = clock.ZONE_BY_KEY["Asia/Jayapura"].tzinfo
WITA = clock.ZONE_BY_KEY["Asia/Makassar"].tzinfo


def _choose_zone_in_pengaturan(qtbot, ctx, key: str) -> None:
    from tatausaha.ui.pages.pengaturan import SettingsPage

    admin = accounts.login(ctx.db, "admin", DEMO_PASSWORD)
    page = SettingsPage(UiContext(ctx, admin))
    qtbot.addWidget(page)
    combo = page.findChild(QComboBox, "office_zona_waktu")
    assert combo.currentData() == "Asia/Jakarta"  # the demo office is in Bekasi
    assert [combo.itemText(i).split(" ")[0] for i in range(combo.count())] == ["WIB", "WITA", "WIT"]
    combo.setCurrentIndex(combo.findData(key))
    qtbot.mouseClick(page.findChild(QPushButton, "save_office"), Qt.MouseButton.LeftButton)

    def stored() -> bool:
        with ctx.reader() as uow:
            info = office.get_office(uow)
        return info is not None and info.zona_waktu == key

    qtbot.waitUntil(stored, timeout=10000)


def test_a_disposition_at_0830_wit_prints_indexes_and_is_found_on_that_day(qtbot, demo_ctx, fixed_clock):
    _choose_zone_in_pengaturan(qtbot, demo_ctx, "Asia/Jayapura")
    assert clock.office_zone().abbr == "WIT"
    # the setting is the office's, read back when the app starts again
    clock.set_office_zone("Asia/Jakarta")
    AppContext.open(demo_ctx.paths).close()
    assert clock.office_zone().abbr == "WIT"

    fixed_clock.set(dt.datetime(2026, 12, 2, 8, 30, tzinfo=WIT))  # 23.30 UTC on 1 December
    camat = accounts.login(demo_ctx.db, "camat", DEMO_PASSWORD)
    sekcam = accounts.login(demo_ctx.db, "sekcam", DEMO_PASSWORD)
    with demo_ctx.reader(camat) as uow:
        mid = uow.session.execute(select(SuratMasuk.id).where(SuratMasuk.keamanan == "biasa")
                                  .order_by(SuratMasuk.id.desc())).scalars().first()
    with demo_ctx.uow(actor=camat) as uow:
        [did] = dsp.dispose(uow, mid, [dsp.Recipient(official_id=sekcam.official_id)], instruksi=["Hadiri"],
                            catatan="Pagi di Jayapura")
        uow.commit()
    with demo_ctx.reader(camat) as uow:
        stored = uow.session.get(Disposisi, did).tanggal
        assert dt.datetime(2026, 12, 1, 23, 30) <= stored < dt.datetime(2026, 12, 1, 23, 31)  # kept in UTC
        sheet = printdata.disposition_sheet(uow, did, store=demo_ctx.store)
    assert sheet.paraf_tanggal == dt.date(2026, 12, 2)

    from tatausaha.printing.disposition import build_disposition

    buf = io.BytesIO()
    build_disposition(sheet, buf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    signed = re.search(r"(\d+ \w+ \d{4})\s*\n\s*Camat Jatisampurna,", text)  # the date above the signature
    assert signed is not None and signed.group(1) == "2 Desember 2026", text

    from tatausaha.search import service as search

    with demo_ctx.reader(camat) as uow:
        that_day = search.search(uow, "jenis:disposisi tanggal:2026-12-02 Jayapura")
        day_before = search.search(uow, "jenis:disposisi tanggal:2026-12-01 Jayapura")
    [hit] = [h for h in that_day.hits if h.ref_id == did]
    assert hit.tanggal == dt.date(2026, 12, 2)
    assert did not in [h.ref_id for h in day_before.hits]

    # the letter's history shows the office's hour, not UTC (and not a WIB written by hand)
    from tatausaha.correspondence import letters
    from tatausaha.ui.correspondence.history import LetterHistoryView

    view = LetterHistoryView()
    qtbot.addWidget(view)
    with demo_ctx.reader(camat) as uow:
        view.set_detail(letters.get_masuk(uow, mid))
    lines = [view.timeline.item(i).text() for i in range(view.timeline.count())]
    assert any(line.startswith("02-12-2026 08.30") for line in lines), lines


def test_arsip_row_shows_office_time(qtbot, demo_ctx, fixed_clock, tmp_path):
    from reportlab.pdfgen import canvas

    from tatausaha.ui.pages.arsip import ArchivePage

    admin = accounts.login(demo_ctx.db, "admin", DEMO_PASSWORD)
    with demo_ctx.uow(actor=admin) as uow:
        info = office.get_office(uow)
        office.save_office(uow, dataclasses.replace(info, zona_waktu="Asia/Makassar"))
        uow.commit()
    fixed_clock.set(dt.datetime(2027, 1, 1, 7, 5, tzinfo=WITA))  # 23.05 UTC on new year's eve
    pdf = tmp_path / "nota-tahun-baru.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "Nota tahun baru")
    c.save()
    operator = accounts.login(demo_ctx.db, "operator", DEMO_PASSWORD)
    page = ArchivePage(UiContext(demo_ctx, operator))
    qtbot.addWidget(page)
    before = page.model.total
    page.add_files([pdf])
    qtbot.waitUntil(lambda: page.model.total == before + 1, timeout=10000)
    row = next(i for i, r in enumerate(page.model.rows) if r.original_name == pdf.name)
    col = page.model.HEADERS.index("Diarsipkan")
    assert page.model.data(page.model.index(row, col)) == "01-01-2027 07.05"
    assert page.model.rows[row].created_at.replace(second=0, microsecond=0) == dt.datetime(2026, 12, 31, 23, 5)  # UTC


def test_zone_defaults_to_the_machine_else_wib(ctx, monkeypatch):
    assert clock.machine_zone(dt.datetime(2026, 5, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))).abbr == "WITA"
    assert clock.machine_zone(dt.datetime(2026, 5, 1, tzinfo=dt.timezone(dt.timedelta(hours=9)))).abbr == "WIT"
    assert clock.machine_zone(dt.datetime(2026, 5, 1, tzinfo=dt.UTC)).abbr == "WIB"
    # an office saved without a choice gets the zone in effect, never an empty one
    with ctx.uow() as uow:
        office.save_office(uow, office.OfficeInfo(pemerintah="PEMERINTAH KABUPATEN X", nama_kantor="KECAMATAN Y"))
        uow.commit()
    with ctx.reader() as uow:
        assert office.get_office(uow).zona_waktu == clock.office_zone().key


def test_unknown_zone_is_refused_in_indonesian(ctx):
    from tatausaha.errors import ValidationFailed

    with ctx.uow() as uow, pytest.raises(ValidationFailed, match="Zona waktu 'Europe/Paris' tidak dikenal"):
        office.save_office(uow, office.OfficeInfo(pemerintah="P", nama_kantor="K", zona_waktu="Europe/Paris"))


def test_init_takes_the_zone_from_the_command_line(tmp_path):
    import os
    import subprocess
    import sys

    from tatausaha.config import AppPaths

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATAUSAHA_")}
    env.update(TATAUSAHA_HOME=str(home), CI="1")
    r = subprocess.run([sys.executable, "-m", "tatausaha", "init", "--pemerintah", "PEMERINTAH KOTA JAYAPURA",
                        "--kantor", "KECAMATAN ABEPURA", "--zona-waktu", "WIT"], env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    c = AppContext.open(AppPaths(home))
    try:
        with c.reader() as uow:
            assert office.get_office(uow).zona_waktu == "Asia/Jayapura"
        assert clock.office_zone().abbr == "WIT"
    finally:
        c.close()
    bad = subprocess.run([sys.executable, "-m", "tatausaha", "init", "--zona-waktu", "CET"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "WIB|WITA|WIT" in bad.stderr
