"""The demo correspondence, and the letters in the search index with the rahasia ACL."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from tatausaha import clock
from tatausaha.app.demo import quick_office
from tatausaha.context import AppContext
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import letters
from tatausaha.correspondence.demo import demo_fill
from tatausaha.correspondence.disposisi import Recipient
from tatausaha.models.correspondence import Disposisi, SuratKeluar, SuratMasuk
from tatausaha.services.auth import SYSTEM
from tests.conftest import DEMO_DAYS


@pytest.mark.parametrize("demo_day", DEMO_DAYS, indirect=True, ids=lambda d: d.isoformat())
def test_demo_fill_makes_a_living_year(ctx: AppContext, demo_day: dt.date) -> None:
    people = quick_office(ctx)
    with ctx.uow(actor=SYSTEM) as uow:
        out = demo_fill(ctx, uow, random.Random(5), n_masuk=60)
        uow.commit()
    assert out["surat_masuk"] == 60 and out["disposisi"] > 60
    with ctx.reader(SYSTEM) as uow:
        s = uow.session
        secret = s.execute(select(func.count(SuratMasuk.id)).where(SuratMasuk.keamanan.in_(["rahasia", "sangat_rahasia"]))).scalar()
        deep = s.execute(select(func.count(Disposisi.id)).where(Disposisi.parent_id.is_not(None))).scalar()
        sent = s.execute(select(func.count(SuratKeluar.id)).where(SuratKeluar.status == "terkirim")).scalar()
        replies = s.execute(select(func.count(SuratKeluar.id)).where(SuratKeluar.reply_to_id.is_not(None))).scalar()
        first = s.execute(select(func.min(SuratMasuk.tanggal_terima))).scalar()
    assert secret >= 3 and deep > 10 and sent > 20 and replies > 10
    assert clock.today() == demo_day
    assert (clock.today() - first).days > 200  # spread over the year
    with ctx.reader(SYSTEM) as uow:
        last = uow.session.execute(select(func.max(SuratMasuk.tanggal_terima))).scalar()
    assert last == demo_day  # nothing arrives from the future
    with ctx.reader(people["sekcam"]) as uow:
        assert dsp.inbox(uow, include_done=True)
    with ctx.reader(people["camat"]) as uow:
        c = dsp.counts(uow)
        assert c.surat_masuk_hari_ini >= 1


def test_letters_are_searchable_and_rahasia_only_for_their_chain(ctx: AppContext) -> None:
    from tatausaha.search import service

    people = quick_office(ctx)
    op, staf, kasubag, camat = people["operator"], people["staf"], people["kasubag"], people["camat"]
    with ctx.uow(actor=op) as uow:
        a = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=dt.date(2026, 3, 2), pengirim="Kelurahan Jatiraden", perihal="Permohonan rekomendasi keramaian",
            nomor_surat="005/77/Kel.JR"))
        b = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=dt.date(2026, 3, 3), pengirim="Inspektorat Kota Bekasi", keamanan="rahasia",
            perihal="Pemeriksaan khusus pengaduan keramaian"))
        uow.commit()
    with ctx.reader(staf) as uow:
        hits = service.search(uow, "keramaian").hits
    assert [(h.kind, h.ref_id) for h in hits] == [("surat_masuk", a.id)]
    with ctx.uow(actor=camat) as uow:
        dsp.dispose(uow, b.id, [Recipient(official_id=kasubag.official_id)], instruksi=["Untuk diketahui"])
        uow.commit()
    with ctx.reader(kasubag) as uow:
        kinds = {(h.kind, h.ref_id) for h in service.search(uow, "keramaian").hits}
    assert ("surat_masuk", b.id) in kinds and ("surat_masuk", a.id) in kinds
    with ctx.reader(staf) as uow:
        assert ("surat_masuk", b.id) not in {(h.kind, h.ref_id) for h in service.search(uow, "keramaian").hits}
