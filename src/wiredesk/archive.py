"""The Python API facade: `Archive` is what the CLI, the HTTP API and the web UI call.

Each method is a thin delegation to the stage that does the work, so the faces stay thin
and every stage can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wiredesk.model import Page
    from wiredesk.store.base import ArchiveStore, RunReport


class Archive:
    """A news archive in one store (an SQLite file by default, or a PostgreSQL URL)."""

    def __init__(self, store: ArchiveStore, location: str) -> None:
        self.store = store
        self.location = location

    @classmethod
    def open(cls, location: str | Path = "wiredesk.db", *, read_only: bool = False) -> Archive:
        """Open (and create or migrate) the archive at `location`."""
        from wiredesk.store.open import open_store

        return cls(open_store(str(location), read_only=read_only), str(location))

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest and operations (store/, dedup/) -------------------------------------------

    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        fetched_at: datetime | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> RunReport:
        """Read files, folders, WARC, JSONL (or `-` for stdin) and merge their items."""
        from wiredesk.sources.read import iter_pages

        return self.ingest_pages(iter_pages(paths, fetched_at=fetched_at), progress=progress)

    def ingest_pages(
        self,
        pages: Iterable[Page | Any],
        *,
        progress: Callable[[int], None] | None = None,
    ) -> RunReport:
        """Parse, deduplicate and store pages (and record the Problems a source yields)."""
        from wiredesk.store.ingest import ingest_pages

        return ingest_pages(self.store, pages, progress=progress)
