"""The query language: what parses to what, the default operator, errors with columns and fixes."""

from __future__ import annotations

from datetime import date

import pytest

from wiredesk.errors import QuerySyntaxError
from wiredesk.query.syntax import (
    And,
    Field,
    MatchAll,
    Near,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    Wildcard,
    parse_labelled,
    parse_query,
    print_query,
    split_label,
)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("poetin", Term("poetin")),
        ("poetin putin", Or((Term("poetin"), Term("putin")))),  # default operator: OR
        ("a b AND c", Or((Term("a"), And((Term("b"), Term("c")))))),  # AND binds tighter
        (
            '(poetin OR putin) AND "noord-korea"',
            And((Or((Term("poetin"), Term("putin"))), Phrase("noord-korea"))),
        ),
        ("kim* NOT sport", And((Wildcard("kim*"), Not(Term("sport"))))),
        ("+a b -c", And((Term("a"), Not(Term("c"))))),
        ("a -b c", And((Or((Term("a"), Term("c"))), Not(Term("b"))))),
        ("a && b || !c", And((And((Term("a"), Term("b"))), Not(Term("c"))))),
        ("a AND -b", And((Term("a"), Not(Term("b"))))),
        ("-a AND b", And((Not(Term("a")), Term("b")))),
        ("a AND +b", And((Term("a"), Term("b")))),
        ('"kim poetin"~10', Near("kim poetin", 10)),
        ("k?m", Wildcard("k?m")),
        ("headline:rusland", Field("headline", Term("rusland"))),
        ("title:rusland", Field("headline", Term("rusland"))),
        ('place:"DEN HAAG"', Field("place", Phrase("DEN HAAG"))),
        ("body:(a OR b)", Field("body", Or((Term("a"), Term("b"))))),
        ("published:[2024-01-01 TO 2024-03-31]", Range(date(2024, 1, 1), date(2024, 3, 31))),
        ("published:{2024-01-01 TO *]", Range(date(2024, 1, 1), None, False, True)),
        ("published:2024-01-05", Range(date(2024, 1, 5), date(2024, 1, 5))),
        ("*", MatchAll()),
        ("* NOT sport", And((MatchAll(), Not(Term("sport"))))),
        ("ANDROID", Term("ANDROID")),
        ("noord-korea", Term("noord-korea")),
        ("NOT NOT a", Term("a")),
        ("\\AND", Term("AND")),
        ("NEAR(a b)", Or((Term("NEAR"), Or((Term("a"), Term("b")))))),
    ],
)
def test_parses(query: str, tree: object) -> None:
    assert parse_query(query) == tree
    assert parse_query(print_query(parse_query(query))) == tree


@pytest.mark.parametrize(
    ("query", "column", "fix"),
    [
        ('poetin "kim', 8, 'close it with "'),
        ("(a OR b", 1, "close this ( with )"),
        ("a OR b)", 7, "has no ( before it"),
        ("NOT x", 1, "* NOT x"),
        ("-a -b", 1, "* NOT x"),
        ("NOT a AND NOT b", 1, "positive part"),
        ("*kim", 1, "cannot start with a wildcard"),
        ("a ^2", 3, "boosts"),
        ("col:x", 1, "unknown field"),
        ("x~3", 2, "quoted phrase"),
        ("a AND", 3, "both sides"),
        ("AND a", 1, "both sides"),
        ("[a TO b]", 1, "needs a field"),
        ("published:[2024-13-01 TO *]", 12, "YYYY-MM-DD"),
        ("published:[2024-03-01 TO 2024-01-01]", 11, "starts after it ends"),
        ("person:x", 1, "not available yet"),
        ("", 1, "empty"),
        ("§", 1, "no letters or digits"),
        ("x" * 10_000, 2001, "limit is 2000"),
        ("(" * 25 + "a" + ")" * 25, 1, "limit is 20"),
        ('"a b"~1000', 6, "too wide"),
        ("'; DROP TABLE items; --", 23, "must be followed directly"),
    ],
)
def test_errors_name_column_and_fix(query: str, column: int, fix: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    assert info.value.column == column
    assert fix in info.value.why
    assert info.value.why.startswith(f"column {column}: ")


def test_too_many_clauses() -> None:
    with pytest.raises(QuerySyntaxError, match="parts; the limit"):
        parse_query(" ".join(f"w{i}" for i in range(300)))


def test_labels() -> None:
    assert split_label("Rusland# poetin OR rusland") == ("Rusland", "poetin OR rusland")
    assert split_label("Noord Korea# kim") == ("Noord Korea", "kim")
    assert split_label("#metoo") == (None, "#metoo")
    assert split_label("foo #metoo") == (None, "foo #metoo")
    qs = parse_labelled("Rusland# poetin OR rusland\nKorea# kim*\n\nsport")
    assert [(q.label, q.text) for q in qs] == [
        ("Rusland", "poetin OR rusland"),
        ("Korea", "kim*"),
        ("sport", "sport"),
    ]
    assert parse_labelled(["A# x", "B# y"])[1].node == Term("y")


def test_label_errors() -> None:
    with pytest.raises(QuerySyntaxError, match="used twice"):
        parse_labelled(["A# x", "A# y"])
    with pytest.raises(QuerySyntaxError) as info:
        parse_labelled('Lbl# a "b')
    assert info.value.column == 8
