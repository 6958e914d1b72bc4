"""Numbering on a real PostgreSQL server: concurrent writers on a brand-new counter (created under a
race, then locked FOR UPDATE) get distinct consecutive numbers. Uses the foundation's server fixture."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from test_foundation_postgres import pg, pg_paths  # noqa: F401  (fixtures: a server per module, a db per test)

from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.correspondence import letters, numbering
from tatausaha.services.auth import SYSTEM

pytestmark = pytest.mark.postgres


def test_concurrent_allocation_on_postgres(pg_paths: AppPaths) -> None:  # noqa: F811
    ctx = AppContext.open(pg_paths)
    try:
        errors: list[BaseException] = []
        got: list[int] = []
        lock = threading.Lock()
        barrier = threading.Barrier(4)

        def worker() -> None:
            try:
                barrier.wait()
                for _ in range(25):
                    with ctx.uow(actor=SYSTEM) as uow:
                        n = numbering.allocate(uow, "KEP", tanggal=dt.date(2026, 5, 1))
                        uow.commit()
                    with lock:
                        got.append(n.urut or 0)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert errors == []
        assert sorted(got) == list(range(1, 101))
        from tatausaha.app import setup

        setup.ensure_reference_data(ctx)
        # and the letters themselves work on the server (JSON columns, check constraints, the search hook)
        with ctx.uow(actor=SYSTEM) as uow:
            from tatausaha.correspondence import approval

            approval.set_enabled(uow, False)  # numbering on the server; approval has its own tests
            k = letters.create_keluar(uow, letters.SuratKeluarInput(jenis="ND", hal="Uji", tujuan="Sekcam",
                                                                    tembusan=("Arsip",), kode_klasifikasi="000.1.5"))
            info = letters.give_number(uow, k.id, tanggal=dt.date(2026, 5, 2))
            uow.commit()
        assert info.nomor == "000.1.5/1/V/2026"  # no office profile: the empty {unit} collapses
        with ctx.reader(SYSTEM) as uow:
            assert letters.get_keluar(uow, k.id).tembusan == ("Arsip",)
    finally:
        ctx.close()
