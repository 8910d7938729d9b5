"""Search, count, cooccurrence, kwic, explain, export and index upkeep on a scratch archive."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest

from wiredesk.errors import QuerySyntaxError, UsageError
from wiredesk.query import api, scratch
from wiredesk.query.plan import Filters
from wiredesk.query.sqlite_index import check_index, rebuild_index, update_index

ITEMS = [
    scratch.ScratchItem(
        "a",
        "Poetin ontmoet Kim in Noord-Korea",
        "Vladimir Poetin bezocht Kim Jong-un.\nDe Russische president sprak over Rusland.",
        ["PYONGYANG"],
        ["ANP", "AFP"],
        "Buitenland",
        "2024-06-18T08:00:00+00:00",
        "2024-06-18T10:00:00+00:00",
        3,
    ),
    scratch.ScratchItem(
        "b",
        "Kabinet in Genève",
        "Het kabinet in Den Haag besprak Geneve en de Verenigde Staten.",
        ["DEN HAAG"],
        ["ANP"],
        "Binnenland",
        None,
        "2024-01-03T23:30:00+00:00",
    ),
    scratch.ScratchItem(
        "c",
        None,
        "Sport: Ajax wint van PSV. Kimberly scoorde twee keer.",
        ["AMSTERDAM"],
        ["ANP"],
        "Sport",
        None,
        None,
    ),
    scratch.ScratchItem(
        "d",
        "Rusland valt aan",
        "Russisch leger valt Kyiv aan; Poetin zwijgt.",
        ["KYIV", "MOSKOU"],
        ["RTR"],
        "Buitenland",
        "2024-01-01T22:30:00+00:00",
        "2024-01-01T23:30:00+00:00",  # 2 January in Amsterdam
    ),
]


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(":memory:")
    scratch.create(c)
    scratch.insert(c, ITEMS)
    yield c
    c.close()


def ids(result: api.SearchResult) -> set[str]:
    return {h.id for h in result.hits}


@pytest.mark.parametrize(
    ("query", "want"),
    [
        ("poetin", {"a", "d"}),
        ("POETIN", {"a", "d"}),
        ("russische", {"a", "d"}),  # stemmed: Russisch
        ("genève", {"b"}),
        ("geneve", {"b"}),
        ("kim*", {"a", "c"}),
        ("k?m", {"a"}),
        ("kim* NOT sport", {"a"}),
        ('"verenigde staten"', {"b"}),
        ('"staten verenigde"', set()),
        ('"poetin kim"~1', {"a"}),
        ('"kim poetin"~1', {"a"}),
        ("noord-korea", {"a"}),
        ("headline:rusland", {"d"}),
        ("body:rusland", {"a"}),
        ('place:"den haag"', {"b"}),
        ("place:moskou", {"d"}),
        ("place:mos*", {"d"}),
        ("agency:afp", {"a"}),
        ("section:buitenland", {"a", "d"}),
        ("published:[2024-01-02 TO 2024-01-03]", {"d"}),
        ("published:{2024-01-02 TO 2024-01-04]", {"b"}),
        ("published:[* TO *]", {"a", "b", "d"}),
        ("*", {"a", "b", "c", "d"}),
        ("* NOT section:sport", {"a", "b", "d"}),
        ("headline:kabinet OR place:amsterdam", {"b", "c"}),
        ("(poetin OR kim) AND NOT place:kyiv", {"a"}),
        ("NEAR(poetin kim)", {"a", "d"}),  # NEAR is an ordinary word here
        ("xyzzy", set()),
        ("xyz?y", set()),
    ],
)
def test_search_sets(conn: sqlite3.Connection, query: str, want: set[str]) -> None:
    result = api.search(conn, query, limit=100)
    assert ids(result) == want
    assert result.total == len(want)
    assert set(api.matching_rowids(conn, query)) == {
        i + 1 for i, it in enumerate(ITEMS) if it.id in want
    }


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE items; --x",
        'a" OR 1=1 --',
        "x') OR ('1'='1",
        "kim\\:\\(",
        '"NEAR(a b, 3)"',
        '"a" * "b"',
        "hs:x",
        "{hs bs}",
        "a^",
        "a NOT",
        'headline:"x',
        "\u0000",
        "﷽",
        "🙂 kim",
    ],
)
def test_hostile_input_is_error_or_result(conn: sqlite3.Connection, query: str) -> None:
    column = 1
    try:
        api.search(conn, query)
    except QuerySyntaxError as exc:
        column = exc.column
    assert column >= 1
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == len(ITEMS)


def test_ranking_prefers_headline(conn: sqlite3.Connection) -> None:
    hits = api.search(conn, "rusland").hits
    assert [h.id for h in hits] == ["d", "a"]
    assert hits[0].score > hits[1].score > 0


def test_sort_pagination_and_filters(conn: sqlite3.Connection) -> None:
    newest = api.search(conn, "*", sort="newest")
    assert [h.id for h in newest.hits] == ["a", "b", "d", "c"]  # no date last
    oldest = api.search(conn, "*", sort="oldest")
    assert [h.id for h in oldest.hits] == ["d", "b", "a", "c"]
    page = api.search(conn, "*", sort="newest", limit=2, offset=1)
    assert [h.id for h in page.hits] == ["b", "d"]
    assert page.total == 4
    f = Filters(date_from=date(2024, 1, 2), date_to=date(2024, 6, 30), section="buitenland")
    assert ids(api.search(conn, "poetin", filters=f)) == {"a", "d"}
    assert ids(api.search(conn, "poetin", filters=Filters(place="Kyiv"))) == {"d"}
    assert ids(api.search(conn, "poetin", filters=Filters(agency="AFP"))) == {"a"}
    with pytest.raises(UsageError):
        api.search(conn, "x", sort="random")
    with pytest.raises(UsageError):
        api.make_filters(date_from="yesterday")


def test_hit_record_matches_cli_contract(conn: sqlite3.Connection) -> None:
    rec = api.search(conn, "kabinet").hits[0].to_record()
    for key in ("id", "headline", "places", "agencies", "body", "published", "sightings"):
        assert key in rec
    assert rec["published"] == {"earliest": None, "latest": "2024-01-03T23:30:00+00:00"}
    assert "[kabinet]" in rec["snippet"]


def test_snippet_marks_phrase_as_one_match(conn: sqlite3.Connection) -> None:
    snip = api.search(conn, '"verenigde staten"').hits[0].snippet
    assert ("Verenigde Staten", True) in snip


def test_counts(conn: sqlite3.Connection) -> None:
    (one,) = api.count(conn, "poetin", by="day")
    assert one.to_json() == {
        "total": 2,
        "buckets": [{"key": "2024-01-02", "count": 1}, {"key": "2024-06-18", "count": 1}],
    }
    (weeks,) = api.count(conn, "*", by="week")
    assert weeks.total == 4  # item c has no date: in the total, in no bucket
    assert sum(b.count for b in weeks.buckets) == 3
    (months,) = api.count(conn, "*", by="month")
    assert [(b.key, b.count) for b in months.buckets] == [("2024-01", 2), ("2024-06", 1)]
    (places,) = api.count(conn, "poetin", by="place")
    assert {(b.key, b.count) for b in places.buckets} == {
        ("PYONGYANG", 1),
        ("KYIV", 1),
        ("MOSKOU", 1),
    }
    (agencies,) = api.count(conn, "*", by="agency")
    assert agencies.buckets[0].key == "ANP"
    assert agencies.buckets[0].count == 3
    several = api.count(conn, "Rusland# poetin OR rusland\nKabinet# kabinet", by="section")
    assert [(r.label, r.total) for r in several] == [("Rusland", 2), ("Kabinet", 1)]
    assert api.count(conn, ["xyzzy"])[0].to_json() == {"total": 0, "buckets": []}
    with pytest.raises(UsageError):
        api.count(conn, "x", by="year")


def test_cooccurrence(conn: sqlite3.Connection) -> None:
    result = api.cooccurrence(conn, ["Poetin# poetin", "Kim# kim*", "Alles# *"])
    assert result.labels == ("Poetin", "Kim", "Alles")
    assert result.matrix == ((2, 1, 2), (1, 2, 2), (2, 2, 4))
    assert result.to_records()[1] == {"a": "Poetin", "b": "Kim", "count": 1}


def test_kwic(conn: sqlite3.Connection) -> None:
    lines = api.kwic(conn, '"verenigde staten" OR kabinet', width=2)
    assert [(x.left, x.match, x.right, x.field) for x in lines] == [
        ("", "Kabinet", "in Genève", "headline"),
        ("Het", "kabinet", "in Den", "body"),
        ("en de", "Verenigde Staten", "", "body"),
    ]
    assert all(x.id == "b" for x in lines)
    assert api.kwic(conn, "poetin", limit=1)[0].match == "Poetin"


def test_explain(conn: sqlite3.Connection) -> None:
    text = api.explain(conn, "(poetin OR k?m) AND published:[2024-01-01 TO *] NOT place:amsterdam")
    assert "stems poetin (2 items)" in text
    assert "k?m (headline/body) -> 1 words: kim" in text
    assert "fts5:" in text
    assert "sqlite plan:" in text
    result = api.search(conn, "poetin", explain=True)
    assert result.plan is not None
    assert "BM25" in result.plan


def test_update_index_follows_changes_and_deletes(conn: sqlite3.Connection) -> None:
    assert check_index(conn) == []
    conn.execute("UPDATE items SET body = 'Een nieuwe tekst over tulpen' WHERE id = 'a'")
    conn.execute("DELETE FROM items WHERE id = 'b'")
    assert check_index(conn) != []
    update_index(conn, [1, 2])
    assert check_index(conn) == []
    assert ids(api.search(conn, "tulp")) == {"a"}
    assert ids(api.search(conn, "body:poetin")) == {"d"}
    assert ids(api.search(conn, "kabinet")) == set()
    assert rebuild_index(conn) == 3
    assert check_index(conn) == []


def test_wildcard_cap(conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    from wiredesk.query import plan

    monkeypatch.setattr(plan, "MAX_EXPANSION", 1)
    with pytest.raises(QuerySyntaxError, match="matches more than 1 words"):
        api.search(conn, "k?m* OR p?e*")


def test_rank_window_keeps_total_exact(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "RANK_WINDOW", 1)
    result = api.search(conn, "poetin", limit=1)
    assert result.total == 2
    assert [h.id for h in result.hits] == ["d"]  # only the most recently stored match is ranked
    # a page reaching past the window ranks every match: `a` (headline and body) is best
    assert [h.id for h in api.search(conn, "poetin", limit=2).hits] == ["a", "d"]


def test_archive_without_index_is_indexed_on_open(tmp_path: object) -> None:
    from pathlib import Path

    from wiredesk.query.sqlite_index import ensure_index_schema

    path = Path(str(tmp_path)) / "old.db"
    c = sqlite3.connect(path, isolation_level=None)
    c.execute(scratch.ITEMS_DDL)
    c.execute("BEGIN")
    scratch.insert(c, ITEMS, index=False)  # an archive from before the index existed
    c.execute("COMMIT")
    ensure_index_schema(c)
    assert check_index(c) == []
    assert ids(api.search(c, "poetin")) == {"a", "d"}
    c.execute("UPDATE search_state SET value = 'old'")
    c.execute("DELETE FROM search_meta")
    ensure_index_schema(c)  # an outdated index is rebuilt
    assert check_index(c) == []
    c.close()
