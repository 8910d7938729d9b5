"""Fixtures of the workbench tests: archives of generated pages, the CLI in-process, a server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Reuse the serve tests' kit (generated pages, a live uvicorn server).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

from serve_testkit import generated_pages
from workbench_testkit import Cli, WorkbenchServer

from wiredesk.archive import Archive

N_PAGES = 160
SEED = 11


@pytest.fixture(scope="session")
def wb_pages() -> list[object]:
    """Generated pages (with crawl times), in crawl order."""
    pages = generated_pages(N_PAGES, SEED)
    return sorted(pages, key=lambda p: (p.fetched_at is None, p.fetched_at))


@pytest.fixture(scope="session")
def wb_archive(tmp_path_factory: pytest.TempPathFactory, wb_pages: list[object]) -> Path:
    """A read-only-in-tests archive of every generated page."""
    path = tmp_path_factory.mktemp("workbench") / "archive.db"
    with Archive.open(path) as archive:
        archive.ingest_pages(wb_pages)
    return path


@pytest.fixture
def cli(wb_archive: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The CLI on the shared archive."""
    return Cli(wb_archive, capsys)


@pytest.fixture(scope="session")
def wb_live(wb_archive: Path) -> Iterator[WorkbenchServer]:
    """The shared archive served with open reading."""
    with WorkbenchServer(wb_archive) as server:
        yield server
