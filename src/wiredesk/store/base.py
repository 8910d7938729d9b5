"""The storage interface (`ArchiveStore`) and the plain records it returns.

SQLite implements it today (`sqlite.py`); a PostgreSQL backend can follow by providing the
same methods. Writes go through `batch()`: one atomic transaction per batch of pages,
including the marker of every input finished in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Protocol

from wiredesk.model import Interval, Page, ParsedItem, ParsedPage, Problem
from wiredesk.query.results import Hit


@dataclass(slots=True)
class RunReport:
    """What one ingest run did: counters, the problems met, and how long it took."""

    pages: int = 0
    pages_read: int = 0
    pages_with_problems: int = 0
    pages_skipped: int = 0
    source_problems: int = 0
    sightings: int = 0
    items_new: int = 0
    items_updated: int = 0
    versions_new: int = 0
    leads_linked: int = 0
    conflicts: int = 0
    items_total: int = 0
    inputs_done: int = 0
    duration: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    # Only the first problems are kept here (all are in the archive), so memory stays flat.
    max_problems_kept: int = 1000

    def add_problem(self, problem: Problem) -> None:
        """Remember a problem (up to `max_problems_kept`)."""
        if len(self.problems) < self.max_problems_kept:
            self.problems.append(problem)

    @property
    def pages_per_second(self) -> float:
        """Pages handled per second of wall time."""
        return self.pages / self.duration if self.duration > 0 else 0.0

    def counters(self) -> dict[str, int | float]:
        """All counters as one flat dict (for JSON output and logs)."""
        return {
            "pages": self.pages,
            "pages_read": self.pages_read,
            "pages_with_problems": self.pages_with_problems,
            "pages_skipped": self.pages_skipped,
            "source_problems": self.source_problems,
            "sightings": self.sightings,
            "items_new": self.items_new,
            "items_updated": self.items_updated,
            "versions_new": self.versions_new,
            "leads_linked": self.leads_linked,
            "conflicts": self.conflicts,
            "items_total": self.items_total,
            "inputs_done": self.inputs_done,
            "duration": round(self.duration, 3),
        }

    def summary(self) -> str:
        """One paragraph for people: `120,000 pages: 119,870 read, 130 with problems, ...`."""
        parts = [
            f"{self.pages:,} pages: {self.pages_read:,} read",
            f"{self.pages_with_problems:,} with problems",
        ]
        if self.pages_skipped:
            parts.append(f"{self.pages_skipped:,} already in the archive")
        if self.source_problems:
            parts.append(f"{self.source_problems:,} inputs or records unreadable")
        parts.append(f"{self.items_total:,} items")
        parts.append(f"{self.items_new:,} new")
        text = ", ".join(parts)
        extra = [f"{self.sightings:,} sightings"]
        if self.versions_new:
            extra.append(f"{self.versions_new:,} new versions of known items")
        if self.leads_linked:
            extra.append(f"{self.leads_linked:,} briefs linked to their article")
        if self.conflicts:
            extra.append(f"{self.conflicts:,} sightings with a contradicting age (flagged)")
        rate = f"{self.pages_per_second:,.0f} pages/s" if self.duration > 0 else ""
        return f"{text}; {', '.join(extra)}; {self.duration:.1f} s" + (
            f" ({rate})." if rate else "."
        )


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One version of an item's text."""

    number: int
    headline: str | None
    body: str
    text_hash: str
    first_seen: str | None
    similarity: float | None
    rule: str
    truncated: bool = False
    sightings: int = 0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "number": self.number,
            "headline": self.headline,
            "body": self.body,
            "text_hash": self.text_hash,
            "first_seen": self.first_seen,
            "similarity": self.similarity,
            "rule": self.rule,
            "truncated": self.truncated,
            "sightings": self.sightings,
        }


@dataclass(frozen=True, slots=True)
class SightingRecord:
    """One appearance of an item on a crawled page."""

    version: int
    url: str | None
    fetched_at: str | None
    position: int
    role: str
    age: str | None
    earliest: str | None
    latest: str | None
    conflict: bool
    truncated: bool
    similarity: float | None
    rule: str
    source: str
    layout: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "version": self.version,
            "url": self.url,
            "fetched_at": self.fetched_at,
            "position": self.position,
            "role": self.role,
            "age": self.age,
            "published": {"earliest": self.earliest, "latest": self.latest},
            "conflict": self.conflict,
            "truncated": self.truncated,
            "similarity": self.similarity,
            "rule": self.rule,
            "source": self.source,
            "layout": self.layout,
        }


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """An item with its versions, sightings and lead links (`wiredesk show`)."""

    id: str
    headline: str | None
    places: tuple[str, ...]
    agencies: tuple[str, ...]
    section: str | None
    body: str
    published: Interval
    first_seen: str | None
    last_seen: str | None
    n_versions: int
    n_sightings: int
    lead_of: str | None
    conflict: bool
    versions: tuple[VersionRecord, ...] = ()
    sightings: tuple[SightingRecord, ...] = ()
    led_by: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the export fields plus versions, sightings and links)."""
        return {
            "id": self.id,
            "headline": self.headline,
            "places": list(self.places),
            "agencies": list(self.agencies),
            "section": self.section,
            "body": self.body,
            "published": self.published.to_json(),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "versions": [v.to_json() for v in self.versions],
            "n_versions": self.n_versions,
            "sightings": [s.to_json() for s in self.sightings],
            "n_sightings": self.n_sightings,
            "lead_of": self.lead_of,
            "led_by": list(self.led_by),
            "conflict": self.conflict,
        }


@dataclass(frozen=True, slots=True)
class ProblemRecord:
    """A stored problem: which input, what went wrong, and the page row when there is one."""

    input: str
    code: str
    stage: str
    message: str
    recorded_at: str
    url: str | None = None
    fetched_at: str | None = None
    raw_sha256: str | None = None

    def line(self) -> str:
        """`<input>: <message>`."""
        return f"{self.input}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "input": self.input,
            "code": self.code,
            "stage": self.stage,
            "message": self.message,
            "recorded_at": self.recorded_at,
            "url": self.url,
            "fetched_at": self.fetched_at,
            "raw_sha256": self.raw_sha256,
        }


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """What merging one parsed item did (for counters)."""

    item: int
    new_item: bool = False
    new_version: bool = False
    conflict: bool = False
    linked: int = 0


class PageWriter(Protocol):
    """Writes inside one open batch transaction."""

    def has_page(self, page_key: str) -> bool:
        """True when this exact page (raw bytes, url, crawl time) is already stored."""
        ...

    def add_page(
        self,
        page: Page,
        *,
        raw_sha256: str,
        page_key: str,
        parsed: ParsedPage | None,
        problems: Sequence[Problem],
    ) -> int:
        """Store a page row, its raw input and its problems; returns the page rowid."""
        ...

    def add_item(self, page_id: int, page: ParsedPage, item: ParsedItem) -> ItemOutcome | None:
        """Merge one item read from a page into the archive (sighting, version or new item)."""
        ...

    def add_problem(self, problem: Problem) -> None:
        """Record a problem that has no page (an unreadable input or record)."""
        ...

    def input_done(self, location: str, kind: str, pages: int, problems: int) -> None:
        """Mark an input as completely read (in the same transaction as its last pages)."""
        ...


class ArchiveStore(Protocol):
    """An archive backend: atomic batch writes plus the reads the faces need."""

    location: str
    read_only: bool

    def close(self) -> None:
        """Release the connection."""
        ...

    def batch(self) -> AbstractContextManager[PageWriter]:
        """One atomic write transaction; everything in it is committed or nothing is."""
        ...

    def checkpoint(self) -> None:
        """Tidy up after a run of batches (SQLite: fold the WAL into the file)."""
        ...

    def count_items(self) -> int:
        """How many items the archive holds."""
        ...

    def has_page(self, page_key: str) -> bool:
        """True when this exact page is already stored (outside any batch)."""
        ...

    def watermark(self) -> int:
        """A mark of how far the archive's pages go (for `items_seen_since`)."""
        ...

    def items_seen_since(self, mark: int) -> int:
        """How many distinct items were sighted on pages stored after `mark`."""
        ...

    def stats(self) -> dict[str, int]:
        """At least pages, items, sightings, versions, problems."""
        ...

    def stats_detail(self) -> dict[str, Any]:
        """More figures for people (`stats --format table`)."""
        ...

    def check(self) -> list[str]:
        """What is inconsistent (empty when the archive is sound)."""
        ...

    def item(self, item_id: str) -> ItemDetail | None:
        """An item by id (or unique id prefix) with versions and sightings."""
        ...

    def latest(self, section: str | None = None, limit: int = 10) -> list[Hit]:
        """The most recently published items."""
        ...

    def problems(self, limit: int = 100) -> list[ProblemRecord]:
        """Stored problems, newest first."""
        ...

    def iter_items(self, rowids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
        """Every item (or the given rowids) as flat export records, in archive order."""
        ...

    def raw_input(self, sha256: str) -> bytes | None:
        """The raw bytes of a stored input."""
        ...

    def matching_rowids(self, query: str) -> list[int]:
        """Rowids of the items a search query matches."""
        ...


ExportTarget = Path | IO[bytes]


@lru_cache(maxsize=4096)
def utc_iso(moment: datetime | None) -> str | None:
    """`YYYY-MM-DDTHH:MM:SS+00:00` in UTC (naive times are taken as UTC); None stays None."""
    if moment is None:
        return None
    if moment.tzinfo is UTC and not moment.microsecond:
        return moment.isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_iso(text: str | None) -> datetime | None:
    """The inverse of `utc_iso`."""
    return datetime.fromisoformat(text) if text else None
