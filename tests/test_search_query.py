"""The search-box language: parser (property-based) and its compilation to FTS5 MATCH."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tatausaha.errors import ValidationFailed
from tatausaha.search.backend import Visibility
from tatausaha.search.fts5 import CREATE_SQL, compile_query
from tatausaha.search.query import (
    And,
    DateRange,
    Filter,
    Not,
    Or,
    Phrase,
    Term,
    field_values,
    parse,
    set_field,
    to_text,
)

ALPHABET = st.sampled_from(list('abcdeku 019/.-*:"()|ORNTéÀ_\t') + ["OR", "nomor:", "kode:", "tahun:", "tanggal:", "dari:"])
query_strings = st.lists(ALPHABET, max_size=25).map("".join)


def test_words_phrases_prefix_or_not_fields() -> None:
    assert parse("rapat koordinasi") == And((Term("rapat"), Term("koordinasi")))
    assert parse('"surat undangan"') == Phrase("surat undangan")
    assert parse("undang*") == Term("undang", prefix=True)
    assert parse("camat OR lurah -batal") == And((Or((Term("camat"), Term("lurah"))), Not(Term("batal"))))
    assert parse("a | b ATAU c") == Or((Term("a"), Term("b"), Term("c")))
    assert parse("(camat OR lurah) rapat") == And((Or((Term("camat"), Term("lurah"))), Term("rapat")))
    assert parse("nomor:005/123") == Term("005/123", field="nomor")
    assert parse('dari:"dinas pendidikan"') == Phrase("dinas pendidikan", "dari")
    assert parse("perihal:undangan") == Term("undangan", field="title")
    assert parse("kode:800") == Filter("kode", "800")
    assert parse("jenis:masuk|keluar") == Or((Filter("jenis", "masuk"), Filter("jenis", "keluar")))
    assert parse("sifat:Segera") == Filter("sifat", "segera")
    assert parse("") == And(())
    assert parse("   ---  ()  OR ") == And(())


def test_dates() -> None:
    assert parse("tahun:2024") == DateRange(dt.date(2024, 1, 1), dt.date(2024, 12, 31), True)
    assert parse("tahun:2020..2022") == DateRange(dt.date(2020, 1, 1), dt.date(2022, 12, 31), True)
    assert parse("tanggal:2024-01-01..2024-03-31") == DateRange(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert parse("tanggal:2024-02") == DateRange(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert parse("tanggal:15/03/2024") == DateRange(dt.date(2024, 3, 15), dt.date(2024, 3, 15))
    assert parse("tanggal:..2023-12-31") == DateRange(None, dt.date(2023, 12, 31))
    for bad in ("tanggal:2024-13-01", "tahun:20x4", "tanggal:2024-03-31..2024-01-01", "tanggal:kemarin"):
        with pytest.raises(ValidationFailed) as exc:
            parse(bad)
        assert "tanggal" in str(exc.value).lower() or "tahun" in str(exc.value).lower()


def test_unknown_field_is_text() -> None:
    assert parse("pukul 10:30") == And((Term("pukul"), Term("10:30")))
    assert parse("http://x") == Term("http://x")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(query_strings)
def test_any_input_parses_or_gives_an_indonesian_validation_error(q: str) -> None:
    try:
        node = parse(q)
    except ValidationFailed as exc:
        assert "tanggal" in str(exc).lower() or "tahun" in str(exc).lower()
        return
    # its text form (saved searches, chips) means the same query
    vis = Visibility(False, 5, 2)
    assert compile_query(parse(to_text(node)), vis) == compile_query(node, vis)


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute(CREATE_SQL)
    con.execute("INSERT INTO search_fts(rowid, title, meta) VALUES (1, 'undang rapat', 'zza zzr zzu5')")
    return con


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(query_strings, st.booleans())
def test_every_parsed_query_compiles_to_valid_fts5(fts: sqlite3.Connection, q: str, see_all: bool) -> None:
    try:
        node = parse(q)
        expr, lo, hi = compile_query(node, Visibility(see_all, 5, 2))
    except ValidationFailed:
        return
    fts.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (expr,)).fetchone()  # no syntax error


node_strategy = st.recursive(
    st.one_of(
        st.builds(Term, st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), st.booleans()),
        st.builds(Phrase, st.from_regex(r"[a-z]{1,6}( [a-z]{1,6}){1,2}", fullmatch=True)),
        st.builds(Filter, st.sampled_from(["kode", "sifat", "status"]), st.from_regex(r"[a-z0-9]{1,5}", fullmatch=True)),
    ),
    lambda inner: st.one_of(
        st.builds(lambda xs: Or(tuple(xs)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda xs: And(tuple(xs)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(Not, inner),
    ),
    max_leaves=8,
)


def _normal(node):  # type: ignore[no-untyped-def]
    """What the parser produces for a tree: nested same-kind groups flattened, double negation removed."""
    if isinstance(node, Not):
        inner = _normal(node.item)
        return inner.item if isinstance(inner, Not) else Not(inner)
    if isinstance(node, And | Or):
        items = []
        for i in node.items:
            i = _normal(i)
            items.extend(i.items if type(i) is type(node) else [i])
        return type(node)(tuple(items))
    return node


@settings(max_examples=120, deadline=None)
@given(node_strategy)
def test_text_form_round_trips(node) -> None:  # type: ignore[no-untyped-def]
    n = _normal(node)
    assert parse(to_text(n)) == n


def test_chips_edit_the_query_text() -> None:
    q = "undangan rapat kode:000 tahun:2023"
    q2 = set_field(q, "tahun", "2024")
    assert q2 == "undangan rapat kode:000 tahun:2024"
    assert field_values(q2, "tahun") == ["2024"]
    q3 = set_field(q2, "kode", None)
    assert q3 == "undangan rapat tahun:2024"
    assert set_field("", "dari", "dinas pendidikan") == 'dari:"dinas pendidikan"'
    assert parse(set_field("x", "jenis", "masuk|keluar")) == And((Term("x"), Or((Filter("jenis", "masuk"), Filter("jenis", "keluar")))))
    assert set_field("a klasifikasi:800 b", "kode", "900") == "a b kode:900"


def test_visibility_clause_is_part_of_the_match() -> None:
    expr, _, _ = compile_query(parse("rapat"), Visibility(False, 7, 3))
    assert expr == '("rapat") NOT ("zzr" NOT ("zzu7" OR "zzn3"))'
    expr, _, _ = compile_query(parse("rapat"), Visibility(True))
    assert expr == '"rapat"'
    expr, lo, hi = compile_query(parse("tahun:2024 rapat"), Visibility(True))
    assert lo is not None and hi is not None and lo < hi


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("undangan", "mengundang"), ("diundang", "undangan"), ("pemberitahuan", "diberitahukan"),
        ("memberitahukan", "pemberitahuan"), ("penyampaian", "disampaikan"), ("pelaksanaan", "dilaksanakan"),
        ("permohonan", "memohon"), ("pengiriman", "dikirimkan"), ("penerimaan", "diterima"), ("suratnya", "surat"),
        ("kepegawaian", "pegawai"), ("pemberhentian", "diberhentikan"), ("perbaikan", "diperbaiki"),
        ("penganggaran", "anggaran"), ("kehadiran", "menghadiri"), ("pembangunan", "dibangun"),
        ("Pebruari", "februari"), ("Nopember", "november"), ("ijin", "izin"), ("PÉRIHAL", "perihal"),
    ],
)
def test_same_index_token(a: str, b: str) -> None:
    from tatausaha.search.text import analyze

    assert analyze(a) == analyze(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("undangan", "undang-undang"), ("undangan", "perundang-undangan"), ("pengadaan", "ada"),
        ("bekasi", "kasi"), ("kelurahan", "lurah"), ("perdata", "data"), ("pemerintah", "perintah"),
    ],
)
def test_different_words_stay_apart(a: str, b: str) -> None:
    from tatausaha.search.text import analyze

    assert not set(analyze(a)) & set(analyze(b))
