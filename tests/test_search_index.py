"""The search index on real SQLite files built through the migrations: matching, permissions,
transactions, reindex, saved searches and export."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from sqlalchemy import func, select, text

from tatausaha.errors import JobCancelled, NotFound, PermissionDenied
from tatausaha.jobs import CallbackProgress, CancelToken
from tatausaha.models.audit import AuditLog
from tatausaha.models.search import SearchEntry
from tatausaha.search import fts5, service
from tatausaha.search.index import SearchRecord, SearchSource, index_record, reindex_all, remove_record
from tatausaha.services.auth import SYSTEM, Actor, Role

D = dt.date

LETTERS = [
    SearchRecord("surat_masuk", 1, "Undangan rapat koordinasi Musrenbang", body="Kami mengundang Bapak Camat pada 8 Pebruari 2024.",
                 nomor="005/123/Kec.JTS/2024", dari="Bappelitbangda Kota Bekasi", kepada="Camat Jatisampurna",
                 kode="000.7.1.4", tanggal=D(2024, 2, 1), sifat="segera", jenis="undangan", status="didisposisi"),
    SearchRecord("surat_keluar", 2, "Pemberitahuan jadwal pelayanan", body="Diberitahukan bahwa pelayanan KTP tutup.",
                 nomor="400.12.2/45/Kec.JTS/2023", dari="Camat Jatisampurna", kepada="Lurah Jatiranggon",
                 kode="400.12.2", tanggal=D(2023, 11, 20), jenis="pemberitahuan", status="dikirim"),
    SearchRecord("surat_masuk", 3, "Permohonan cuti tahunan", body="Permohonan cuti pegawai bulan Nopember 2023.",
                 nomor="800.1.11.4/7/UMPEG/2023", dari="Budi Santoso", kode="800.1.11.4", tanggal=D(2023, 10, 2),
                 pegawai="Budi Santoso 198104102009011003", status="selesai"),
    SearchRecord("surat_masuk", 4, "Laporan kenaikan gaji berkala", body="Laporan KGB pegawai.", nomor="851/9/BKPSDM/2016",
                 kode="851", tanggal=D(2016, 5, 3), keamanan="rahasia", allowed_user_ids=frozenset({50}),
                 allowed_unit_ids=frozenset({3})),
    SearchRecord("disposisi", 5, "Disposisi: undangan rapat koordinasi", body="Hadiri dan laporkan hasilnya.",
                 nomor="005/123/Kec.JTS/2024", kode="000.7.1.4", tanggal=D(2024, 2, 2), status="selesai"),
]
OPERATOR = Actor(901, "operator", "Operator", Role.OPERATOR, unit_id=1)
CHAIN_USER = Actor(50, "kasubag", "Kasubag", Role.OPERATOR)
CHAIN_UNIT = Actor(77, "staf", "Staf", Role.OPERATOR, unit_id=3)
PIMPINAN = Actor(903, "camat", "Camat", Role.PIMPINAN)


@pytest.fixture
def sctx(ctx):  # type: ignore[no-untyped-def]
    with ctx.uow(actor=SYSTEM) as uow:
        for r in LETTERS:
            index_record(uow.session, r)
        uow.commit()
    return ctx


def refs(ctx, q: str, actor: Actor = PIMPINAN, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    with ctx.reader(actor=actor) as uow:
        return [h.ref_id for h in service.search(uow, q, **kw).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("undangan", {1, 5}),
        ("mengundang", {1, 5}),  # affixes, index and query side
        ("diundang", {1, 5}),
        ("pemberitahuan", {2}),
        ("diberitahukan", {2}),
        ("Februari", {1}),  # body says "Pebruari" (old spelling)
        ("pebruari 2024", {1}),
        ("november", {3}),  # body says "Nopember"
        ("123", {1, 5}),  # number fragments
        ("005/123", {1, 5}),
        ("123/Kec.JTS", {1, 5}),
        ("nomor:005/123/kec.jts/2024", {1, 5}),
        ("nomor:12", {2}),  # a whole segment of 400.12.2/45
        ("nomor:1234", set()),
        ("nomor:45", {2}),
        ("dari:bekasi", {1}),
        ("kepada:jatiranggon", {2}),
        ("perihal:cuti", {3}),
        ("pegawai:198104102009011003", {3}),
        ('"rapat koordinasi"', {1, 5}),
        ('"koordinasi rapat"', set()),
        ("koordin*", {1, 5}),
        ("undangan* rapat", {1, 5}),
        ("cuti OR pemberitahuan", {2, 3}),
        ("rapat -disposisi", {1}),
        ("-rapat -cuti", {2, 4}),
        ("kode:800", {3, 4}),  # subtree, both schemes (851 lies under 800)
        ("kode:800.1", {3}),
        ("kode:850", {4}),
        ("kode:000.7", {1, 5}),
        ("kode:900", set()),
        ("tahun:2023", {2, 3}),
        ("tahun:2016..2023", {2, 3, 4}),
        ("tanggal:2023-10-01..2023-10-31", {3}),
        ("tanggal:2024-02", {1, 5}),
        ("tanggal:..2020-01-01", {4}),
        ("jenis:keluar", {2}),
        ("jenis:masuk", {1, 3, 4}),
        ("jenis:undangan", {1}),
        ("sifat:segera", {1}),
        ("status:selesai", {3, 5}),
        ("keamanan:rahasia", {4}),
        ("", {1, 2, 3, 4, 5}),
        ("JATISAMPURNA rapat", {1}),
    ],
)
def test_matching(sctx, query: str, expected: set[int]) -> None:  # type: ignore[no-untyped-def]
    assert set(refs(sctx, query, limit=50)) == expected


def test_ranking_and_date_order(sctx) -> None:  # type: ignore[no-untyped-def]
    # title matches outrank body matches; date order is newest first
    assert refs(sctx, "permohonan")[0] == 3
    assert refs(sctx, "koordinasi OR ktp") == [5, 1, 2]  # in the perihal beats in the body; ties newest first
    assert refs(sctx, "ktp OR jatiranggon") == [2]  # both words (body + tujuan) in one record
    assert refs(sctx, "bekasi OR pebruari") == [1]
    assert refs(sctx, "pelayanan OR musrenbang OR cuti") == [1, 2, 3]  # all in their perihal: newest first
    assert refs(sctx, "", order="date") == [5, 1, 2, 3, 4]
    assert refs(sctx, "", order="date", limit=2, offset=2) == [2, 3]


def test_window_ranking_for_very_common_terms(sctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fts5, "RANK_ALL", 2)
    monkeypatch.setattr(fts5, "RANK_WINDOW", 2)
    with sctx.reader(actor=PIMPINAN) as uow:
        res = service.search(uow, "", limit=10)
        assert res.ranked == "relevance-window" and res.total == 5
        assert sorted(h.ref_id for h in res.hits) == [1, 2, 3, 4, 5]  # window (2 newest) then the rest by date
        assert {h.ref_id for h in res.hits[:2]} == {5, 1}
        page2 = service.search(uow, "", limit=2, offset=2)
        assert [h.ref_id for h in page2.hits] == [2, 3]


def test_total_is_exact_up_to_the_cap_then_a_lower_bound(sctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fts5, "COUNT_CAP", 3)
    monkeypatch.setattr(fts5, "FACET_EXACT", 3)
    with sctx.reader(actor=PIMPINAN) as uow:
        # fewer matches than the ranking window: the window itself tells the exact total
        assert (service.search(uow, "", limit=2).total, service.search(uow, "", limit=2).total_exact) == (5, True)
        assert service.search(uow, "", limit=10, order="date").total == 5
        monkeypatch.setattr(fts5, "RANK_WINDOW", 2)
        res = service.search(uow, "", limit=2, facets=True)
        assert (res.total, res.total_exact) == (3, False)
        dated = service.search(uow, "", limit=2, order="date")
        assert (dated.total, dated.total_exact) == (3, False)
        assert res.facets is not None and res.facets.exact is False
        exact = service.search(uow, "", limit=2, exact_total=True)
        assert (exact.total, exact.total_exact) == (5, True)
        small = service.search(uow, "undangan", limit=2)
        assert (small.total, small.total_exact) == (2, True)
        assert service.count(uow, "") == 5


def test_snippets_highlight_the_stemmed_words(sctx) -> None:  # type: ignore[no-untyped-def]
    with sctx.reader(actor=PIMPINAN) as uow:
        res = service.search(uow, "undangan camat")
    hit = next(h for h in res.hits if h.ref_id == 1)
    assert hit.snippet_text() == "Kami [mengundang] Bapak [Camat] pada 8 Pebruari 2024."
    assert "<b>Undangan</b>" in hit.title_html()
    assert res.grouped()[0][0] in ("surat_masuk", "disposisi")


def test_rahasia_is_invisible_outside_its_chain(sctx) -> None:  # type: ignore[no-untyped-def]
    for q in ("kenaikan gaji", "kode:800", "851", "", "keamanan:rahasia", "-rapat"):
        assert 4 not in refs(sctx, q, OPERATOR, limit=50)
        assert 4 in refs(sctx, q, CHAIN_USER, limit=50)
        assert 4 in refs(sctx, q, CHAIN_UNIT, limit=50)
        assert 4 in refs(sctx, q, PIMPINAN, limit=50)
    with sctx.reader(actor=OPERATOR) as uow:
        res = service.search(uow, "kgb", facets=True)
        assert res.total == 0 and res.hits == ()
        assert res.facets is not None and res.facets.kinds == () and res.facets.years == ()
        assert service.count(uow, "kode:800") == 1
        f = service.facets(uow, "")
        assert dict(f.years).get(2016) is None and dict(f.groups).get("800") == 1
        with pytest.raises(NotFound):
            service.preview(uow, "surat_masuk", 4)
    with sctx.reader(actor=PIMPINAN) as uow:
        assert service.count(uow, "kode:800") == 2
        p = service.preview(uow, "surat_masuk", 4, "gaji")
        assert p.title == "Laporan kenaikan gaji berkala" and ("Keamanan", "rahasia") in p.fields
        assert ("Tanggal", "3 Mei 2016") in p.fields
    # the same letter becomes visible once the operator joins its chain
    with sctx.uow(actor=SYSTEM) as uow:
        index_record(uow.session, SearchRecord(**{**LETTERS[3].__dict__, "allowed_user_ids": frozenset({50, 901})}))
        uow.commit()
    assert 4 in refs(sctx, "kenaikan gaji", OPERATOR)


def test_documents_inherit_keamanan_from_linked_records(sctx) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.models.document import Document, DocumentLink
    from tatausaha.search.sources import index_document

    with sctx.uow(actor=SYSTEM) as uow:
        doc = Document(sha256="a" * 64, size=10, mime="application/pdf", original_name="scan_kgb.pdf",
                       text="Daftar gaji berkala pegawai golongan III", text_source="ocr")
        uow.session.add(doc)
        uow.session.flush()
        uow.session.add(DocumentLink(document_id=doc.id, record_kind="surat_masuk", record_id=4, role="scan"))
        index_document(uow.session, doc.id)
        uow.commit()
        doc_id = doc.id
    assert refs(sctx, "golongan", OPERATOR) == []
    assert refs(sctx, "golongan", CHAIN_UNIT) == [doc_id]
    assert refs(sctx, "golongan kode:800", PIMPINAN) == [doc_id]
    # the letter is declassified: its scan follows in the same transaction
    with sctx.uow(actor=SYSTEM) as uow:
        index_record(uow.session, SearchRecord(**{**LETTERS[3].__dict__, "keamanan": "biasa"}))
        uow.commit()
    assert refs(sctx, "golongan", OPERATOR) == [doc_id]
    # ... and classified again
    with sctx.uow(actor=SYSTEM) as uow:
        index_record(uow.session, LETTERS[3])
        uow.commit()
    assert refs(sctx, "golongan", OPERATOR) == []


def test_index_follows_the_transaction(sctx) -> None:  # type: ignore[no-untyped-def]
    changed = SearchRecord(**{**LETTERS[1].__dict__, "title": "Pengumuman libur", "body": "Kantor tutup.",
                              "tanggal": D(2022, 1, 3)})
    with sctx.uow(actor=SYSTEM) as uow:  # not committed: rolled back with the data
        index_record(uow.session, changed)
        remove_record(uow.session, "surat_masuk", 3)
    assert refs(sctx, "pemberitahuan") == [2] and refs(sctx, "libur") == [] and refs(sctx, "cuti") == [3]
    with sctx.uow(actor=SYSTEM) as uow:
        index_record(uow.session, changed)
        assert remove_record(uow.session, "surat_masuk", 3) is True
        assert remove_record(uow.session, "surat_masuk", 3) is False
        uow.commit()
    assert refs(sctx, "pemberitahuan") == [] and refs(sctx, "libur") == [2] and refs(sctx, "cuti") == []
    assert refs(sctx, "tahun:2022") == [2] and refs(sctx, "tahun:2023") == []
    with sctx.reader(actor=PIMPINAN) as uow:
        assert service.count(uow, "") == 4
        # the FTS index agrees with the entries: every token of the old versions is gone
        n_fts = uow.session.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'zza'")).scalar()
        assert n_fts == uow.session.execute(select(func.count()).select_from(SearchEntry)).scalar() == 4
        uow.session.execute(text("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 0)"))


def test_long_and_odd_fields_are_deleted_cleanly(sctx) -> None:  # type: ignore[no-untyped-def]
    odd = SearchRecord("surat_masuk", 9, "Surat panjang", nomor="1/" * 150 + "X", dari="Dinas " * 80, sifat="SANGAT SEGERA",
                       jenis="j" * 100, status="Selesai Diproses Lengkap Sekali Dan Diarsipkan", tanggal=D(2020, 1, 1))
    with sctx.uow(actor=SYSTEM) as uow:
        index_record(uow.session, odd)
        uow.commit()
    assert refs(sctx, "sifat:sangat_segera") == [9] == refs(sctx, "panjang")
    with sctx.uow(actor=SYSTEM) as uow:
        remove_record(uow.session, "surat_masuk", 9)
        uow.commit()
    with sctx.reader(actor=PIMPINAN) as uow:  # every token of the record left the contentless index
        for tok in ("panjang", "dinas", "zzssangatsegera", "zzy2020", "zzj" + "j" * 64, "zzj" + "j" * 100):
            assert uow.session.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :m"),
                                       {"m": f'"{tok}"'}).scalar() == 0, tok


def test_reindex_rebuilds_from_sources_with_progress_and_cancel(sctx) -> None:  # type: ignore[no-untyped-def]
    src = SearchSource("tes", iter_records=lambda s: iter(LETTERS[:3]), count=lambda s: 3)
    seen: list[tuple[int, int, str]] = []
    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        reindex_all(sctx.db, [src], CallbackProgress(lambda d, t, lab: seen.append((d, t, lab))), token)
    assert set(refs(sctx, "")) == {1, 2, 3, 4, 5}  # a cancelled rebuild leaves the old index
    n = reindex_all(sctx.db, [src], CallbackProgress(lambda d, t, lab: seen.append((d, t, lab))))
    assert n == 3 and seen[-2][:2] == (3, 3)
    assert set(refs(sctx, "")) == {1, 2, 3}
    assert refs(sctx, "mengundang") == [1]


def test_stale_analyzer_is_reported(sctx) -> None:  # type: ignore[no-untyped-def]
    with sctx.uow(actor=SYSTEM) as uow:
        uow.session.execute(text("UPDATE search_meta SET value = '0' WHERE key = 'analyzer_version'"))
        uow.commit()
    with sctx.reader(actor=PIMPINAN) as uow:
        assert service.search(uow, "rapat").stale is True


def test_saved_searches_are_per_user(sctx) -> None:  # type: ignore[no-untyped-def]
    with sctx.uow(actor=SYSTEM) as uow:
        from tatausaha.services import accounts

        accounts.create_user(uow, "operator1", "Operator Satu", Role.OPERATOR, "rahasia123")
        uow.commit()
    with sctx.reader(actor=SYSTEM) as uow:
        from tatausaha.models.account import User

        uid = uow.session.execute(select(User.id).where(User.username == "operator1")).scalar_one()
    me = Actor(uid, "operator1", "Operator Satu", Role.OPERATOR)
    with sctx.uow(actor=me) as uow:
        s = service.save_search(uow, "Undangan 2024", "undangan tahun:2024")
        service.save_search(uow, "Undangan 2024", "undangan tahun:2024 -batal")  # same name: replaced
        uow.commit()
    with sctx.reader(actor=me) as uow:
        saved = service.list_saved_searches(uow)
        assert [(x.name, x.query) for x in saved] == [("Undangan 2024", "undangan tahun:2024 -batal")]
    with sctx.reader(actor=PIMPINAN) as uow:
        assert service.list_saved_searches(uow) == []
    with sctx.uow(actor=me) as uow:
        service.delete_saved_search(uow, s.id)
        with pytest.raises(NotFound):
            service.delete_saved_search(uow, s.id)
        uow.commit()


def test_export_csv_and_xlsx_respect_permissions(sctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from tatausaha.services.uow import perform

    n = perform(sctx.db, OPERATOR, lambda uow: service.export_results(uow, "", tmp_path / "hasil.csv")).value
    rows = list(csv.reader((tmp_path / "hasil.csv").open(encoding="utf-8-sig")))
    assert n == 4 and rows[0][:2] == ["Jenis", "Nomor"] and len(rows) == 5
    assert not any("851/9" in r[1] for r in rows)  # the rahasia letter is not exported to the operator
    n = perform(sctx.db, PIMPINAN, lambda uow: service.export_results(uow, "kode:800", tmp_path / "hasil.xlsx")).value
    ws = load_workbook(tmp_path / "hasil.xlsx").active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert n == 2 and values[0][0] == "Jenis" and {values[1][1], values[2][1]} == {"800.1.11.4/7/UMPEG/2023", "851/9/BKPSDM/2016"}
    with sctx.reader(actor=SYSTEM) as uow:
        assert uow.session.execute(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "search")).scalar() == 2


def test_auditor_reads_but_cannot_reindex(sctx) -> None:  # type: ignore[no-untyped-def]
    auditor = Actor(902, "auditor", "Auditor", Role.AUDITOR)
    assert refs(sctx, "undangan", auditor) in ([1, 5], [5, 1])
    with pytest.raises(PermissionDenied):
        from tatausaha.services.auth import Permission

        auditor.require(Permission.ADMIN)
