"""Q's query property test on PostgreSQL: the tsvector engine returns exactly the items the
reference evaluator (and so the SQLite engine) says match, for generated archives and queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import test_property_query as q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wiredesk.query import api, scratch
from wiredesk.query.syntax import Node
from wiredesk.store import postgres_index, postgres_search

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]

_TABLES = "items, search_doc, search_meta, search_place, search_agency, search_terms"


@pytest.fixture(scope="module")
def pg_archive(pg_server: Any) -> Iterator[Any]:
    from wiredesk.store.postgres import PostgresStore

    url = pg_server.create_database("wdq")
    store = PostgresStore(url)
    yield store
    store.close()
    pg_server.drop_database(url)


def load(store: Any, items: list[scratch.ScratchItem]) -> list[int]:
    """Replace the archive's items by these (through the SQL the SQLite scratch uses)."""
    store.raw.execute(f"TRUNCATE {_TABLES} RESTART IDENTITY")
    rowids = scratch.insert(store.conn, items, index=False)
    postgres_index.update_index(store.raw, rowids)
    return rowids


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    st.lists(q.items(), min_size=1, max_size=12),
    st.lists(q.QUERIES.filter(q._valid), min_size=1, max_size=6),
)
def test_postgres_engine_equals_reference(
    pg_archive: Any, archive: list[scratch.ScratchItem], queries: list[Node]
) -> None:
    numbered = q.renumbered(archive)
    rowids = load(pg_archive, numbered)
    refs = [q._ref(it) for it in numbered]
    conn = pg_archive.raw
    for node in queries:
        q.assert_engine_agrees(postgres_search, conn, node, refs, rowids, numbered)


def test_postgres_and_sqlite_give_the_same_answers(pg_archive: Any) -> None:
    import sqlite3

    items = [
        scratch.ScratchItem(
            f"x{i}",
            f"Poetin bezoekt {'Kim' if i % 2 else 'Genève'} {i}",
            f"De Russische president bezocht Noord-Korea en {'katten' if i % 3 else 'huizen'}.",
            ("PARIJS",) if i % 2 else ("DEN HAAG",),
            ("ANP",),
            "Buitenland" if i % 4 else "Sport",
            f"2024-03-0{1 + i % 5}T08:00:00+00:00",
            f"2024-03-0{1 + i % 5}T09:00:00+00:00",
        )
        for i in range(40)
    ]
    load(pg_archive, items)
    lite = sqlite3.connect(":memory:", isolation_level=None)
    scratch.create(lite)
    scratch.insert(lite, items)
    queries = [
        "poetin",
        '"noord korea"',
        '"poetin kim"~3',
        "kat*",
        "k?m",
        "place:parijs",
        "section:sport AND bezoek",
        "published:[2024-03-02 TO 2024-03-03]",
        "* NOT genève",
        "headline:kim OR body:huis",
        "agency:anp -katten",
    ]
    for text in queries:
        assert postgres_search.matching_rowids(pg_archive.raw, text) == api.matching_rowids(
            lite, text
        ), text
        for by in ("day", "place", "section"):
            assert postgres_search.count(pg_archive.raw, text, by=by) == api.count(
                lite, text, by=by
            ), (text, by)
        pg_kwic = postgres_search.kwic(pg_archive.raw, text, limit=20)
        assert len(pg_kwic) == len(api.kwic(lite, text, limit=20)), text
    assert "GIN" in postgres_search.explain(pg_archive.raw, "poetin") or "Scan" in (
        postgres_search.explain(pg_archive.raw, "poetin")
    )
