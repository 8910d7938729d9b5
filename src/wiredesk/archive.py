"""The Python API facade: `Archive` is what the CLI, the HTTP API and the web UI call.

Each method is a thin delegation to the stage that does the work, so the faces stay thin
and every stage can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from wiredesk.model import Page, Problem
    from wiredesk.query.results import CoocResult, CountResult, Hit, KwicLine, SearchResult
    from wiredesk.store.base import ArchiveStore, ItemDetail, ProblemRecord, RunReport


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
        on_problem: Callable[[Problem], None] | None = None,
    ) -> RunReport:
        """Read files, folders, WARC, JSONL (or `-` for stdin) and merge their items."""
        from wiredesk.sources.read import iter_pages

        return self.ingest_pages(
            iter_pages(paths, fetched_at=fetched_at), progress=progress, on_problem=on_problem
        )

    def ingest_pages(
        self,
        pages: Iterable[Page | Any],
        *,
        progress: Callable[[int], None] | None = None,
        on_problem: Callable[[Problem], None] | None = None,
    ) -> RunReport:
        """Parse, deduplicate and store pages (and record the Problems a source yields)."""
        from wiredesk.store.ingest import ingest_pages

        return ingest_pages(self.store, pages, progress=progress, on_problem=on_problem)

    def stats(self) -> dict[str, int]:
        """Counts of pages, items, sightings, versions and problems (the CLI contract)."""
        return self.store.stats()

    def stats_detail(self) -> dict[str, Any]:
        """The contract counts plus more figures for people."""
        return self.store.stats_detail()

    def check(self) -> list[str]:
        """What is inconsistent in the archive (empty when it is sound)."""
        return self.store.check()

    def item(self, item_id: str) -> ItemDetail | None:
        """An item by id (or unique id prefix) with its versions and sightings."""
        return self.store.item(item_id)

    def latest(self, section: str | None = None, limit: int = 10) -> list[Hit]:
        """The most recently published items, optionally of one section."""
        return self.store.latest(section=section, limit=limit)

    def problems(self, limit: int = 100) -> list[ProblemRecord]:
        """Pages and inputs that failed, newest first, with reasons."""
        return self.store.problems(limit=limit)

    def export(self, out: Path | BinaryIO, fmt: str, query: str | None = None) -> int:
        """Write every item (or every hit of `query`) as jsonl, csv or parquet; returns how many."""
        from wiredesk.store.export import export_items

        return export_items(self.store, out, fmt, query=query)

    # -- search and counts (query/) -----------------------------------------------------------

    def _search_backend(self) -> tuple[Any, Any]:
        """The search functions for this store (`wiredesk.query.api` or the store's own).

        A store with its own search engine (PostgreSQL) offers `search_api` and `search_conn`.
        """
        backend = getattr(self.store, "search_api", None)
        if backend is not None:
            return backend, getattr(self.store, "search_conn", None)
        from wiredesk.query import api

        return api, self._search_conn()

    def _search_conn(self) -> Any:
        from wiredesk.errors import StoreError

        conn = getattr(self.store, "conn", None)
        if conn is None or not hasattr(conn, "set_progress_handler"):
            raise StoreError("search", f"{self.location}: search needs an SQLite archive")
        return conn

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        date_from: Any = None,
        date_to: Any = None,
        place: str | None = None,
        agency: str | None = None,
        section: str | None = None,
        snippets: bool = True,
        explain: bool = False,
    ) -> SearchResult:
        """The hits of a query (docs/query-language.md), best first, with snippets."""
        api, conn = self._search_backend()

        filters = api.make_filters(date_from, date_to, place, agency, section)
        result: SearchResult = api.search(
            conn,
            query,
            limit=limit,
            offset=offset,
            sort=sort,
            filters=filters,
            snippets=snippets,
            explain=explain,
        )
        return result

    def count(
        self,
        queries: str | Sequence[str],
        *,
        by: str | None = None,
        date_from: Any = None,
        date_to: Any = None,
        place: str | None = None,
        agency: str | None = None,
        section: str | None = None,
    ) -> list[CountResult]:
        """Totals and buckets (day/week/month/place/agency/section) of labelled queries."""
        api, conn = self._search_backend()

        filters = api.make_filters(date_from, date_to, place, agency, section)
        counted: list[CountResult] = api.count(conn, queries, by=by, filters=filters)
        return counted

    def cooccurrence(self, queries: str | Sequence[str], **filters: Any) -> CoocResult:
        """How many items match each pair of labelled queries."""
        api, conn = self._search_backend()

        cooc: CoocResult = api.cooccurrence(conn, queries, filters=api.make_filters(**filters))
        return cooc

    def kwic(
        self, query: str, *, width: int = 8, limit: int = 100, **filters: Any
    ) -> list[KwicLine]:
        """Keyword-in-context lines of a query's hits, newest first."""
        api, conn = self._search_backend()

        lines: list[KwicLine] = api.kwic(
            conn, query, width=width, limit=limit, filters=api.make_filters(**filters)
        )
        return lines

    # -- enrichment (enrich/) ---------------------------------------------------------------

    def places(self, unresolved: bool = False) -> list[dict[str, Any]]:
        """Every dateline place as written, resolved in the gazetteer, with its item count."""
        from wiredesk.enrich.dateline_places import count_places, places_report

        conn: Any = getattr(self.store, "conn")  # noqa: B009 (both stores offer .conn)
        rows = conn.execute("SELECT places FROM items").fetchall()
        return places_report(count_places(r[0] for r in rows), unresolved=unresolved)

    def _enrich_conn(self, *, reading: bool = False) -> Any:
        import sqlite3

        from wiredesk.errors import StoreError

        conn = getattr(self.store, "conn", None)
        if not isinstance(conn, sqlite3.Connection):
            # Not the URL: it may carry a password.
            raise StoreError("PostgreSQL archive", "enrichment works on SQLite archives only")
        if (
            reading
            and not conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'enrich_items'"
            ).fetchone()
        ):
            raise StoreError(self.location, "not enriched yet (run `wiredesk enrich` first)")
        return conn

    def enrich(self, progress: Callable[[int], None] | None = None) -> dict[str, int]:
        """Annotate new and changed items (entities, places, stories); returns counts."""
        from wiredesk.enrich.annotations_sync import sync

        return sync(self._enrich_conn(), progress=progress).to_json()

    def entities(self, limit: int = 100, kind: str | None = None) -> list[dict[str, Any]]:
        """People and organisations by number of items (after `enrich`)."""
        from wiredesk.enrich.annotations_sync import entities_report

        return entities_report(self._enrich_conn(reading=True), limit=limit, kind=kind)

    def stories(self, limit: int = 50, min_items: int = 1) -> list[dict[str, Any]]:
        """Stories by size with storyline, time span and first headline (after `enrich`)."""
        from wiredesk.enrich.annotations_sync import stories_report

        return stories_report(self._enrich_conn(reading=True), limit=limit, min_items=min_items)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story: its items in time order (a timeline) and its storyline's other stories."""
        from wiredesk.enrich.annotations_sync import story_detail

        return story_detail(self._enrich_conn(reading=True), story_id)

    def explain(self, query: str) -> str:
        """How a query is parsed, what its words expand to (with counts) and how SQLite runs it."""
        api, conn = self._search_backend()

        text: str = api.explain(conn, query)
        return text
