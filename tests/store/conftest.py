"""Fixtures for store tests: a fresh SQLite archive and an ingest with the fake reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_fakes import fake_reader

from wiredesk.store.base import RunReport
from wiredesk.store.ingest import ingest_pages
from wiredesk.store.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "a.db")
    yield s
    s.close()


@pytest.fixture
def ingest(store: SQLiteStore) -> Any:
    def run(pages: list[Any], **kw: Any) -> RunReport:
        return ingest_pages(store, pages, reader=fake_reader, **kw)

    return run
