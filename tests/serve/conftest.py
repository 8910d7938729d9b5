"""Fixtures for the serve tests: a real archive from generated pages and a live server on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_testkit import LiveServer, build_archive

from wiredesk.archive import Archive
from wiredesk.serve.access import sqlite_conn
from wiredesk.serve.auth import create_token


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real archive built from generated pages (shared, read-only in tests)."""
    return build_archive(tmp_path_factory.mktemp("serve") / "archive.db")


@pytest.fixture(scope="session")
def writer_secret(archive_path: Path) -> str:
    """The secret of a writer token in the shared archive."""
    with Archive.open(archive_path) as archive:
        return create_token(sqlite_conn(archive), "tests", "writer")


@pytest.fixture(scope="session")
def live(archive_path: Path, writer_secret: str) -> Iterator[LiveServer]:
    """The app served by uvicorn on a free loopback port."""
    with LiveServer(archive_path) as server:
        yield server


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client for the live server."""
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c
