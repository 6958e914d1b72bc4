"""Search input that once crashed: deep nesting is refused with an Indonesian sentence (issue 10 item 7)."""

from __future__ import annotations

import pytest

from tatausaha.errors import ValidationFailed
from tatausaha.search.query import MAX_DEPTH, And, Not, Or, Term, parse, to_text


def test_three_hundred_nested_parentheses_get_a_clear_message() -> None:
    with pytest.raises(ValidationFailed, match="terlalu bertingkat") as ei:  # was RecursionError
        parse("(" * 300 + "camat" + ")" * 300)
    assert "tanda kurung" in str(ei.value) and str(MAX_DEPTH) in str(ei.value)
    with pytest.raises(ValidationFailed, match="terlalu bertingkat"):
        parse("(" * 100_000)  # unbalanced, as typed by a stuck key
    with pytest.raises(ValidationFailed, match="terlalu bertingkat"):
        parse("-(" * 300 + "batal")


def test_nesting_up_to_the_limit_still_works_and_prints_back() -> None:
    node = parse("(" * MAX_DEPTH + "camat OR lurah" + ")" * MAX_DEPTH + " -batal")
    assert isinstance(node, And) and isinstance(node.items[0], Or) and isinstance(node.items[1], Not)
    assert parse(to_text(node)) == node


def test_long_chains_of_minus_signs_do_not_recurse() -> None:
    assert parse("-" * 5000 + "batal") is not None  # one odd word, not a crash
    assert parse(" -".join(["batal"] * 2)) == And((Term("batal"), Not(Term("batal"))))


def test_the_search_service_refuses_deep_nesting_in_indonesian(ctx, operator) -> None:
    from tatausaha.search import service

    with ctx.reader(operator) as uow, pytest.raises(ValidationFailed, match="terlalu bertingkat"):
        service.search(uow, "(" * 300 + "rapat" + ")" * 300)
