"""PostgreSQL fixtures: one throwaway server per test session, a fresh database per test.

The server comes from Debian's packages (see `tests/pgserver.py`). When it cannot be started
the tests FAIL with the reason; `WIREDESK_SKIP_POSTGRES=1` is the only, explicit opt-out.
S's store tests and Q's query tests are re-run here against PostgreSQL: their folders are put
on `sys.path` so their modules and helpers import as they do in their own folders.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parents[1]
for _sub in ("", "store", "query", "dedup", "property"):
    _p = str(TESTS / _sub) if _sub else str(TESTS)
    if _p not in sys.path:
        sys.path.append(_p)

import pgserver  # noqa: E402


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pgserver.PgServer]:
    """A running throwaway PostgreSQL server on 127.0.0.1 (fails the tests when it cannot start)."""
    if pgserver.skip_requested():
        pytest.skip(f"{pgserver.SKIP_ENV} is set: PostgreSQL tests skipped on request")
    try:
        server = pgserver.start_server()
    except (pgserver.ServerError, OSError) as exc:
        pytest.fail(f"cannot start a throwaway PostgreSQL server: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: pgserver.PgServer) -> Iterator[str]:
    """The URL of a fresh, empty database on the session's server."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def store(pg_url: str) -> Iterator[Any]:
    """A PostgreSQL archive (the same fixture name S's store tests use for SQLite)."""
    from wiredesk.store.postgres import PostgresStore

    s = PostgresStore(pg_url)
    yield s
    s.close()


@pytest.fixture
def ingest(store: Any) -> Any:
    """S's `ingest` fixture, bound to the PostgreSQL archive."""
    from store_fakes import fake_reader

    from wiredesk.store.ingest import ingest_pages

    def run(pages: list[Any], **kw: Any) -> Any:
        return ingest_pages(store, pages, reader=fake_reader, **kw)

    return run


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker; without it (-p no:xdist) it must still be known.
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")
