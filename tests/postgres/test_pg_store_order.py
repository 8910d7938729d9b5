"""S's order property (tests/store/test_store_order_property.py) on PostgreSQL: the order pages
are ingested in does not change the set of items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import test_store_order_property as order_suite

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]

_TABLES = (
    "raw_inputs, pages, items, versions, sightings, problems, inputs_done, item_keys, head_keys,"
    " lsh_bands, lead_keys, search_doc, search_meta, search_place, search_agency, search_terms"
)


class _FreshArchive:
    """Stands in for `SQLiteStore(":memory:")`: the same PostgreSQL archive, emptied each time."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def __call__(self, *_: Any, **__: Any) -> Any:
        self.store.raw.execute(f"TRUNCATE {_TABLES} RESTART IDENTITY")
        self.store._keys.clear()  # the exact-key cache must not outlive the rows
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def close(self) -> None:
        """Kept open for the next example."""


@pytest.fixture(scope="module", autouse=True)
def _on_postgres(pg_server: Any) -> Iterator[None]:
    from wiredesk.store.postgres import PostgresStore

    url = pg_server.create_database("wdorder")
    store = PostgresStore(url)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(order_suite, "SQLiteStore", _FreshArchive(store))
        yield
    store.close()
    pg_server.drop_database(url)


test_ingest_order_does_not_change_the_items = (
    order_suite.test_ingest_order_does_not_change_the_items
)
