"""No toys: each office prints its QR codes with its own key, made at init and carried by backups;
codes made with the old public default key still read, flagged."""

from __future__ import annotations

import re

from tatausaha import recordref
from tatausaha.app import maintenance, setup
from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.services import settings


def test_init_makes_an_office_key_that_a_backup_carries(ctx, admin, tmp_path):
    with ctx.reader() as uow:
        key = settings.get(uow, settings.QR_KEY)
    assert key and re.fullmatch(r"[0-9a-f]{32}", key) and key != recordref.DEFAULT_KEY
    assert recordref.office_key() == key
    code = recordref.encode("surat_masuk", 42)
    assert code != recordref.encode("surat_masuk", 42, key=recordref.DEFAULT_KEY)
    assert recordref.decode(code) == recordref.RecordRef("surat_masuk", 42) and not recordref.decode(code).legacy

    # a second office has another key: the first office's codes are foreign to it
    other = AppContext.open(AppPaths(tmp_path / "kantor-lain"))
    try:
        setup.ensure_reference_data(other)
        assert recordref.office_key() not in (key, recordref.DEFAULT_KEY)
        assert recordref.decode(code) is None
    finally:
        other.close()

    # backup → restore elsewhere → the same key, so codes already on paper still read
    zip_path = maintenance.backup(ctx, actor=admin)
    fresh = tmp_path / "pulih"
    maintenance.restore(fresh, zip_path)
    restored = AppContext.open(AppPaths(fresh))
    try:
        assert recordref.office_key() == key
        assert recordref.decode(code) == recordref.RecordRef("surat_masuk", 42)
    finally:
        restored.close()


def test_the_key_is_made_once(ctx):
    with ctx.reader() as uow:
        first = settings.get(uow, settings.QR_KEY)
    setup.ensure_reference_data(ctx)
    with ctx.reader() as uow:
        assert settings.get(uow, settings.QR_KEY) == first


def test_old_default_key_codes_still_read_but_are_flagged(demo_ctx):
    from sqlalchemy import select

    from tatausaha.ingest.identify import target_for_ref
    from tatausaha.models.correspondence import SuratMasuk

    with demo_ctx.reader() as uow:
        mid = uow.session.execute(select(SuratMasuk.id).order_by(SuratMasuk.id)).scalars().first()
    old = recordref.encode("surat_masuk", mid, key=recordref.DEFAULT_KEY)
    ref = recordref.decode(old)
    assert ref == recordref.RecordRef("surat_masuk", mid) and ref.legacy
    assert recordref.find_all(f"lihat {old} di pojok")[0].legacy
    with demo_ctx.reader() as uow:
        target, problem = target_for_ref(uow, ref)
    assert target is not None and not problem
    assert "kunci QR bawaan lama" in target.why
    # a code with neither key is not a code of ours
    assert recordref.decode(recordref.encode("surat_masuk", mid, key="kantor-lain")) is None
