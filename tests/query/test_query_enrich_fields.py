"""The enrichment fields entity:/country:/story:/storyline: and counts by them, on SQLite."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wiredesk.enrich.annotations_schema import MIGRATIONS
from wiredesk.enrich.annotations_sync import sync
from wiredesk.errors import QuerySyntaxError, UsageError
from wiredesk.query import api, scratch
from wiredesk.query.evaluate import RefItem, matches
from wiredesk.query.syntax import And, Field, Node, Not, Or, Phrase, Term, Wildcard, parse_query
from wiredesk.query.syntax import print_query as print_q

ITEMS = [
    (
        "Poetin ontvangt Kim Jong-un",
        "Vladimir Poetin sprak met Kim Jong-un over wapens.",
        ["MOSKOU"],
        "2024-03-01T10:00:00+00:00",
    ),
    (
        "Kim Jong-un in Rusland",
        "De Noord-Koreaanse leider Kim Jong-un kwam aan in Rusland.",
        ["KOMSOMOLSK AAN DE AMOER"],
        "2024-03-02T10:00:00+00:00",
    ),
    (
        "Macron bezoekt NAVO-top",
        "Emmanuel Macron sprak in Brussel met de NAVO.",
        ["PARIJS"],
        "2024-03-03T10:00:00+00:00",
    ),
    ("Weerbericht", "Morgen wordt het zonnig en warm.", [], "2024-03-04T10:00:00+00:00"),
]


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:", isolation_level=None)
    scratch.create(db)
    scratch.insert(
        db,
        [
            scratch.ScratchItem(id=f"i{n}", headline=h, body=b, places=p, latest=t)
            for n, (h, b, p, t) in enumerate(ITEMS)
        ],
    )
    for _version, _name, sql in MIGRATIONS:
        db.executescript(sql)
    sync(db)
    yield db
    db.close()


def _ids(conn: sqlite3.Connection, query: str) -> set[str]:
    return {h.id for h in api.search(conn, query, limit=100).hits}


def test_entity_any_alias_case_and_accents(conn: sqlite3.Connection) -> None:
    want = {"i0"}
    for q in (
        "entity:poetin",
        "entity:Putin",
        "entity:POETÍN",
        'entity:"Vladimir Poetin"',
        'entity:"person:vladimir-poetin"',
        "entity:poe*",
    ):
        assert _ids(conn, q) == want, q
    assert _ids(conn, "entity:kim-jong-un") == {"i0", "i1"}
    assert _ids(conn, "entity:nato") == _ids(conn, "entity:NAVO") == {"i2"}
    assert _ids(conn, "entity:niemand") == set()


def test_country_by_code_and_name(conn: sqlite3.Connection) -> None:
    assert _ids(conn, "country:RU") == _ids(conn, "country:rusland") == {"i0", "i1"}
    assert _ids(conn, "country:Russia") == {"i0", "i1"}
    assert _ids(conn, "country:Frankrijk") == {"i2"}
    assert _ids(conn, "country:r*") == {"i0", "i1"}
    assert _ids(conn, "country:XX") == set()


def test_story_and_combinations(conn: sqlite3.Connection) -> None:
    story = conn.execute("SELECT story_id FROM enrich_items WHERE item_rowid = 1").fetchone()[0]
    number = story.split("-")[1]
    got = _ids(conn, f"story:{story}")
    assert "i0" in got
    assert _ids(conn, f"story:{number}") == got
    assert _ids(conn, "entity:kim-jong-un AND NOT country:RU") == set()
    assert _ids(conn, "wapens AND entity:poetin") == {"i0"}
    assert _ids(conn, "entity:macron OR country:RU") == {"i0", "i1", "i2"}


def test_counts_by_entity_country_story(conn: sqlite3.Connection) -> None:
    [res] = api.count(conn, "*", by="entity")
    buckets = {b.key: b.count for b in res.buckets}
    assert buckets["person:kim-jong-un"] == 2
    assert buckets["person:vladimir-poetin"] == 1
    [res] = api.count(conn, "kim", by="country")
    assert [(b.key, b.count) for b in res.buckets] == [("RU", 2)]
    [res] = api.count(conn, "*", by="story")
    assert sum(b.count for b in res.buckets) == len(ITEMS)


def test_explain_names_the_ids(conn: sqlite3.Connection) -> None:
    text = api.explain(conn, "entity:putin")
    assert "person:vladimir-poetin" in text


def test_syntax_rules() -> None:
    node = parse_query('entity:poetin AND country:"Verenigde Staten"')
    assert parse_query(print_q(node)) == node
    with pytest.raises(QuerySyntaxError, match="proximity"):
        parse_query('entity:"kim poetin"~3')
    with pytest.raises(QuerySyntaxError, match="range"):
        parse_query("story:[2024-01-01 TO 2024-02-01]")


def test_archive_without_tables_gives_a_clear_error() -> None:
    db = sqlite3.connect(":memory:")
    scratch.create(db)
    with pytest.raises(QuerySyntaxError, match="wiredesk enrich"):
        api.search(db, "entity:poetin")
    with pytest.raises(UsageError, match="wiredesk enrich"):
        api.count(db, "*", by="entity")


# -- engine == reference evaluator on random annotations -------------------------------------

ENTITIES = [
    ("person:vladimir-poetin", "Vladimir Poetin"),
    ("person:kim-jong-un", "Kim Jong-un"),
    ("org:navo", "NAVO"),
    ("person:richard-grenell", "Richard Grenell"),
]
COUNTRIES = ["RU", "KP", "FR", "NL"]
STORIES = ["story-1", "story-2", "story-3"]
VALUES = {
    "entity": ["poetin", "Putin", "kim jong-un", "nato", "person:richard-grenell", "onbekend"],
    "country": ["RU", "nl", "Frankrijk", "Noord-Korea", "ZZ"],
    "story": ["story-1", "2", "story-9"],
    "storyline": ["storyline-1", "storyline-2"],
}
PATTERNS = {
    "entity": ["poe*", "k?m", "nav?"],
    "country": ["r*", "n?"],
    "story": ["stor*"],
    "storyline": ["storyl*"],
}

notes_of_items = st.tuples(
    st.lists(st.sampled_from(ENTITIES), max_size=3, unique=True),
    st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True),
    st.sampled_from(STORIES),
    st.sampled_from(["storyline-1", "storyline-2"]),
)


def _leaf() -> st.SearchStrategy[Node]:
    def one(fld: str) -> st.SearchStrategy[Node]:
        values = st.sampled_from(VALUES[fld]).map(
            lambda v: Phrase(v) if " " in v or ":" in v else Term(v)
        )
        pats = st.sampled_from(PATTERNS[fld]).map(Wildcard)
        return st.one_of(values, pats).map(lambda n: Field(fld, n))

    return st.one_of(*(one(f) for f in VALUES))


def _combine(kids: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    # A named function: hypothesis inspects a lambda's source to see that it recurses, and
    # that inspection fails for multi-line lambdas in some runs.
    return st.one_of(
        st.lists(kids, min_size=2, max_size=3).map(lambda c: Or(tuple(c))),
        st.tuples(kids, kids).map(lambda c: And((c[0], Not(c[1])))),
        st.lists(kids, min_size=2, max_size=3).map(lambda c: And(tuple(c))),
    )


queries = st.recursive(_leaf(), _combine, max_leaves=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(notes_of_items, min_size=1, max_size=8), st.lists(queries, min_size=1, max_size=4))
def test_engine_equals_reference(
    notes: list[tuple[list[tuple[str, str]], list[str], str, str]], qs: list[Node]
) -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    scratch.create(db)
    for _version, _name, sql in MIGRATIONS:
        db.executescript(sql)
    rowids = scratch.insert(
        db, [scratch.ScratchItem(id=f"i{n}", headline="x", body="y") for n in range(len(notes))]
    )
    refs = []
    for rowid, (ents, countries, story, line) in zip(rowids, notes, strict=True):
        db.execute("INSERT INTO enrich_items VALUES (?, 'k', ?, ?)", (rowid, story, line))
        for eid, name in ents:
            db.execute(
                "INSERT INTO enrich_entities VALUES (?, ?, ?, ?, 1)",
                (rowid, eid, eid.split(":")[0], name),
            )
        for code in countries:
            db.execute(
                "INSERT INTO enrich_places VALUES (?, 'dateline', ?, 'p', ?)", (rowid, code, code)
            )
        refs.append(
            RefItem(
                "x",
                "y",
                entities=tuple(ents),
                countries=tuple(countries),
                story=story,
                storyline=line,
            )
        )
    for node in qs:
        text = print_q(node)
        assert parse_query(text) == node
        want = {f"i{n}" for n, ref in enumerate(refs) if matches(node, ref)}
        assert _ids(db, text) == want, text
    db.close()


def test_cli_count_by_entity_and_country(tmp_path: Path) -> None:
    from wiredesk.archive import Archive
    from wiredesk.cli.main import cli
    from wiredesk.generate import generate_pages
    from wiredesk.model import Page, SourceRef

    db = tmp_path / "a.db"
    pages = [
        Page(
            data=g.data,
            ref=SourceRef("generated", "g", record_id=str(i)),
            url=g.url,
            fetched_at=g.fetched_at,
        )
        for i, g in enumerate(generate_pages(60, seed=3))
    ]
    with Archive.open(db) as archive:
        archive.ingest_pages(pages)
        archive.enrich()
    runner = CliRunner()
    out = runner.invoke(
        cli, ["--archive", str(db), "count", "*", "--by", "country", "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    buckets = json.loads(out.output)["buckets"]
    assert buckets[0]["key"] == "NL"
    nl = runner.invoke(cli, ["--archive", str(db), "count", "country:Nederland"])
    assert f"total\t{buckets[0]['count']}" in nl.output
    by_entity = runner.invoke(cli, ["--archive", str(db), "count", "*", "--by", "entity"])
    assert by_entity.exit_code == 0
    assert any(line.startswith(("person:", "org:")) for line in by_entity.output.splitlines())
