"""Property: on generated archives and queries, the SQLite engine returns exactly the items the
slow reference evaluator says match; and every generated query survives print -> parse."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wiredesk.query import api, scratch
from wiredesk.query.analyze import exact_key
from wiredesk.query.dates import publication_day
from wiredesk.query.evaluate import RefItem, matches, matching
from wiredesk.query.sqlite_index import check_index, update_index
from wiredesk.query.syntax import (
    And,
    Field,
    MatchAll,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    Wildcard,
    parse_query,
    print_query,
)

WORDS = [
    "poetin",
    "Poetin",
    "POETIN",
    "kim",
    "Kim",
    "Russische",
    "Russisch",
    "rusland",
    "Rusland",
    "Genève",
    "Geneve",
    "bezoeken",
    "bezocht",
    "bezoek",
    "Oekraïne",
    "oekraine",
    "noord",
    "korea",
    "Noord-Korea",
    "staten",
    "verenigde",
    "de",
    "het",
    "een",
    "Kimberly",
    "kat",
    "katten",
    "huis",
    "huizen",
    "55",
    "2024",
    "ƫrg",
    "café",
    "cafe",
    "gebouwd",
    "bouwen",
]
QUERY_WORDS = [w for w in WORDS if w != "Noord-Korea"] + ["noord-korea", "Rusland's"]
PLACES = ["DEN HAAG", "Den Haag", "PARIJS", "GENÈVE", "KYIV"]
AGENCIES = ["ANP", "AFP", "RTR"]
SECTIONS = [None, "Buitenland", "Sport", "binnenland"]
BASE = datetime(2024, 3, 1, tzinfo=UTC)


@st.composite
def items(draw: st.DrawFn) -> scratch.ScratchItem:
    words = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12)
    headline = draw(st.one_of(st.none(), words.map(" ".join)))
    body = " ".join(draw(words))
    start = draw(
        st.one_of(
            st.none(), st.integers(0, 60 * 24).map(lambda m: BASE + timedelta(minutes=30 * m))
        )
    )
    width = draw(st.sampled_from([0, 1, 24, 24 * 7]))
    latest = start + timedelta(hours=width) if start is not None else None
    earliest = start if start is not None and draw(st.booleans()) else None
    return scratch.ScratchItem(
        id="",
        headline=headline,
        body=body,
        places=draw(st.lists(st.sampled_from(PLACES), max_size=2)),
        agencies=draw(st.lists(st.sampled_from(AGENCIES), max_size=2)),
        section=draw(st.sampled_from(SECTIONS)),
        earliest=earliest.isoformat() if earliest else None,
        latest=latest.isoformat() if latest else None,
    )


def _text_leaf() -> st.SearchStrategy[Node]:
    phrase_words = st.lists(st.sampled_from(QUERY_WORDS), min_size=1, max_size=3).map(" ".join)
    prefixes = (
        st.sampled_from(QUERY_WORDS)
        .flatmap(lambda w: st.integers(1, max(1, len(w))).map(lambda n: w[:n]))
        .filter(lambda p: p.isalnum())
    )
    wildcard = st.one_of(
        prefixes.map(lambda p: Wildcard(p + "*")),
        st.sampled_from(["k?m", "kat*n", "h?is", "b*k", "gen?ve", "po*in", "?"])
        .filter(lambda p: p != "?")
        .map(Wildcard),
    )
    return st.one_of(
        st.sampled_from(QUERY_WORDS).map(Term),
        phrase_words.map(Phrase),
        st.builds(Near, phrase_words, st.integers(0, 4)),
        wildcard,
    )


def _exact_leaf(name: str) -> st.SearchStrategy[Node]:
    values = {
        "place": [*PLACES, "den haag", "geneve"],
        "agency": [*AGENCIES, "anp"],
        "section": ["Buitenland", "sport"],
    }[name]
    pats = {"place": ["den*", "p?rijs"], "agency": ["a*"], "section": ["b*"]}[name]
    return st.one_of(
        st.sampled_from(values).map(lambda v: Phrase(v) if " " in v else Term(v)),
        st.sampled_from(pats).map(Wildcard),
    ).map(lambda n: Field(name, n))


def _range() -> st.SearchStrategy[Node]:
    day = st.one_of(
        st.none(), st.integers(-2, 40).map(lambda d: date(2024, 3, 1) + timedelta(days=d))
    )
    return st.builds(Range, day, day, st.booleans(), st.booleans()).filter(
        lambda r: r.start is None or r.end is None or r.start <= r.end
    )


def _combine(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    lists = st.lists(children, min_size=2, max_size=3)
    return st.one_of(
        lists.map(lambda cs: Or(tuple(cs))),
        st.builds(
            lambda cs, negs: And(tuple(cs) + tuple(Not(n) for n in negs)),
            st.lists(children, min_size=1, max_size=2),
            st.lists(children, max_size=2),
        ).filter(lambda a: len(a.children) >= 2),
        st.builds(Field, st.sampled_from(["headline", "body"]), children),
    )


def _simplify_field(node: Node) -> Node:
    # Field(headline, Field(place, x)) is fine; but Field over MatchAll/Range has no printed form
    # of its own, so keep generation to forms the parser produces.
    return node


QUERIES = st.recursive(
    st.one_of(
        _text_leaf(),
        _exact_leaf("place"),
        _exact_leaf("agency"),
        _exact_leaf("section"),
        _range(),
        st.just(MatchAll()),
    ),
    _combine,
    max_leaves=6,
).filter(lambda n: not isinstance(n, Not))


def _valid(node: Node) -> bool:
    """Generated trees the parser could produce (a field over a range or `*` is not one)."""
    if isinstance(node, Field):
        inner = node.node
        if isinstance(inner, Range | MatchAll):
            return False
        return _valid(inner)
    if isinstance(node, And | Or):
        return all(_valid(c) for c in node.children)
    if isinstance(node, Not):
        return _valid(node.child)
    return True


def _ref(it: scratch.ScratchItem) -> RefItem:
    e = datetime.fromisoformat(it.earliest) if it.earliest else None
    lt = datetime.fromisoformat(it.latest) if it.latest else None
    return RefItem(
        it.headline or "",
        it.body,
        tuple(it.places),
        tuple(it.agencies),
        it.section,
        publication_day(e, lt),
    )


def renumbered(archive: list[scratch.ScratchItem]) -> list[scratch.ScratchItem]:
    """The generated items with unique ids i0, i1, ... (generation may repeat ids)."""
    return [
        scratch.ScratchItem(
            f"i{i}",
            it.headline,
            it.body,
            it.places,
            it.agencies,
            it.section,
            it.earliest,
            it.latest,
        )
        for i, it in enumerate(archive)
    ]


def assert_engine_agrees(
    engine: Any,
    conn: Any,
    node: Node,
    refs: list[RefItem],
    rowids: list[int],
    numbered: list[scratch.ScratchItem],
) -> None:
    """Check one engine (a module with matching_rowids/search/count) against the reference."""
    text = print_query(node)
    assert parse_query(text) == node, text
    want = {rowids[i] for i in matching(node, refs)}
    got = set(engine.matching_rowids(conn, text))
    assert got == want, f"{text}\nengine {sorted(got)} reference {sorted(want)}"
    result = engine.search(conn, text, limit=100)
    assert result.total == len(want)
    assert {h.id for h in result.hits} == {numbered[rowids.index(r)].id for r in want}
    (counted,) = engine.count(conn, text, by="day")
    assert counted.total == len(want)
    assert sum(b.count for b in counted.buckets) == sum(
        1 for i in matching(node, refs) if refs[i].day
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    st.lists(items(), min_size=1, max_size=12),
    st.lists(QUERIES.filter(_valid), min_size=1, max_size=6),
)
def test_engine_equals_reference(archive: list[scratch.ScratchItem], queries: list[Node]) -> None:
    conn = sqlite3.connect(":memory:")
    scratch.create(conn)
    numbered = renumbered(archive)
    rowids = scratch.insert(conn, numbered)
    refs = [_ref(it) for it in numbered]
    for node in queries:
        assert_engine_agrees(api, conn, node, refs, rowids, numbered)
        (by_place,) = api.count(conn, print_query(node), by="place")
        want_places: Counter[str] = Counter()
        for i in matching(node, refs):
            want_places.update({exact_key(p) for p in refs[i].places if exact_key(p)})
        assert {exact_key(b.key): b.count for b in by_place.buckets} == dict(want_places)


@settings(max_examples=300, deadline=None)
@given(QUERIES.filter(_valid))
def test_print_parse_roundtrip(node: Node) -> None:
    assert parse_query(print_query(node)) == node


PIECES = [
    *"ab \"()*?:~^+-!&|[]{}\\TOANDRNOT#;'",
    "kim",
    " OR ",
    " AND ",
    " NOT ",
    "headline:",
    "published:",
    "place:",
    "2024-01-01",
    "NEAR(",
    "é",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    from wiredesk.errors import QuerySyntaxError

    conn = sqlite3.connect(":memory:")
    scratch.create(conn)
    scratch.insert(conn, [scratch.ScratchItem("x", "kim a", "b kim ab")])
    column = 1
    try:
        api.search(conn, text)
        api.count(conn, text, by="week")
    except QuerySyntaxError as exc:
        column = exc.column
    assert column >= 1


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    st.lists(items(), min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 7), st.one_of(st.none(), items())), max_size=6),
    st.lists(QUERIES.filter(_valid), min_size=1, max_size=4),
)
def test_index_follows_updates_and_deletes(
    archive: list[scratch.ScratchItem],
    changes: list[tuple[int, scratch.ScratchItem | None]],
    queries: list[Node],
) -> None:
    conn = sqlite3.connect(":memory:")
    scratch.create(conn)
    archive = renumbered(archive)
    rowids = scratch.insert(conn, archive)
    current = dict(zip(rowids, archive, strict=True))
    for k, new in changes:
        rowid = rowids[k % len(rowids)]
        if new is None:
            conn.execute("DELETE FROM items WHERE rowid = ?", (rowid,))
            current.pop(rowid, None)
        elif rowid in current:
            conn.execute(
                "UPDATE items SET headline = ?, body = ?, places = ?, latest = ? WHERE rowid = ?",
                (new.headline, new.body, json.dumps(list(new.places)), new.latest, rowid),
            )
            old = current[rowid]
            current[rowid] = scratch.ScratchItem(
                "",
                new.headline,
                new.body,
                new.places,
                old.agencies,
                old.section,
                old.earliest,
                new.latest,
            )
        update_index(conn, [rowid])
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
    assert check_index(conn) == []
    for node in queries:
        want = {r for r, it in current.items() if matches(node, _ref(it))}
        assert set(api.matching_rowids(conn, print_query(node))) == want, print_query(node)
