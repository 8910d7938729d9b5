"""W's HTTP API tests (tests/serve/test_serve_api.py), re-run with the server on a PostgreSQL
archive built from the same generated pages."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

import httpx
import test_serve_api as serve_suite
from serve_testkit import LiveServer, build_archive

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]


@pytest.fixture(scope="module")
def pg_archive_url(pg_server: Any) -> Iterator[str]:
    url = pg_server.create_database("wdserve")
    build_archive(url)  # type: ignore[arg-type]  # Archive.open takes a URL as well as a path
    yield url
    pg_server.drop_database(url)


@pytest.fixture(scope="module")
def live(pg_archive_url: str) -> Iterator[LiveServer]:
    with LiveServer(pg_archive_url) as server:  # type: ignore[arg-type]
        yield server


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


for _name in dir(serve_suite):
    if _name.startswith("test_"):
        globals()[_name] = getattr(serve_suite, _name)
