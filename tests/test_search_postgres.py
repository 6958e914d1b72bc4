"""The search index on a real PostgreSQL server (same queries, same answers as on SQLite)."""

from __future__ import annotations

import pytest
from test_foundation_postgres import pg, pg_paths  # noqa: F401 - fixtures: a server started by the test
from test_search_index import CHAIN_UNIT, LETTERS, OPERATOR, PIMPINAN

from tatausaha.context import AppContext
from tatausaha.search import service
from tatausaha.search.index import SearchRecord, SearchSource, index_record, reindex_all, remove_record
from tatausaha.services.auth import SYSTEM

pytestmark = pytest.mark.postgres

CASES = [
    ("undangan", {1, 5}), ("diberitahukan", {2}), ("pebruari 2024", {1}), ("005/123", {1, 5}),
    ("nomor:45", {2}), ("nomor:1234", set()), ("dari:bekasi", {1}), ("kepada:jatiranggon", {2}), ("perihal:cuti", {3}),
    ("isi:ktp", {2}), ('"rapat koordinasi"', {1, 5}), ('"koordinasi rapat"', set()), ("koordin*", {1, 5}),
    ("cuti OR pemberitahuan", {2, 3}), ("rapat -disposisi", {1}), ("-rapat -cuti", {2, 4}), ("kode:800", {3, 4}),
    ("kode:800.1", {3}), ("tahun:2023", {2, 3}), ("tanggal:2023-10-01..2023-10-31", {3}), ("jenis:keluar", {2}),
    ("sifat:segera", {1}), ("", {1, 2, 3, 4, 5}),
]


def test_search_on_postgres(pg_paths) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ctx = AppContext.open(pg_paths)
    try:
        with ctx.uow(actor=SYSTEM) as uow:
            for r in LETTERS:
                index_record(uow.session, r)
            uow.commit()

        def refs(q: str, actor=PIMPINAN) -> set[int]:  # type: ignore[no-untyped-def]
            with ctx.reader(actor=actor) as uow:
                return {h.ref_id for h in service.search(uow, q, limit=50).hits}

        for q, expected in CASES:
            assert refs(q) == expected, q
        assert 4 not in refs("", OPERATOR) and 4 in refs("", CHAIN_UNIT)
        with ctx.reader(actor=OPERATOR) as uow:
            res = service.search(uow, "kgb", facets=True)
            assert res.total == 0 and res.facets is not None and res.facets.kinds == ()
            assert service.count(uow, "kode:800") == 1
        with ctx.reader(actor=PIMPINAN) as uow:
            res = service.search(uow, "undangan", order="date")
            assert [h.ref_id for h in res.hits] == [5, 1] and "[mengundang]" in res.hits[1].snippet_text()
        # updates and deletes follow the transaction
        with ctx.uow(actor=SYSTEM) as uow:
            index_record(uow.session, SearchRecord(**{**LETTERS[1].__dict__, "title": "Pengumuman libur"}))
            remove_record(uow.session, "surat_masuk", 3)
            uow.commit()
        assert refs("libur") == {2} and refs("jadwal") == set() and refs("cuti") == set()
        n = reindex_all(ctx.db, [SearchSource("tes", lambda s: iter(LETTERS[:2]))])
        assert n == 2 and refs("") == {1, 2}
    finally:
        ctx.close()
