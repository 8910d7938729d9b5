"""Core records that flow between the pipeline stages (frozen, slotted dataclasses).

Data flows sources -> parse -> dedup -> enrich -> store -> query -> serve; each stage takes
and returns these plain records, so every stage can be tested without the others.
All datetimes are timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

PageKind = Literal["article", "section", "unknown"]
Role = Literal["main", "list"]
SourceKind = Literal["file", "warc", "jsonl", "stdin", "http", "feed", "generated"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a page came from: a file, a WARC record, a JSONL line, a URL."""

    kind: SourceKind
    location: str
    offset: int | None = None
    record_id: str | None = None

    def describe(self) -> str:
        """One short human-readable name for error lines (`crawl.warc.gz@1234`)."""
        if self.offset is not None:
            return f"{self.location}@{self.offset}"
        if self.record_id:
            return f"{self.location}#{self.record_id}"
        return self.location


@dataclass(frozen=True, slots=True)
class Problem:
    """A failure as data: one coded, one-line reason naming the input (never an exception)."""

    code: str
    input: str
    message: str
    stage: str = "parse"

    def line(self) -> str:
        """The one-line form printed on stderr: `<input>: <message>`."""
        return f"{self.input}: {self.message}"


@dataclass(frozen=True, slots=True)
class Page:
    """One crawled page as read from a source: raw bytes plus what the source knows about it."""

    data: bytes
    ref: SourceRef
    url: str | None = None
    fetched_at: datetime | None = None
    # "text" | "html" | None (sniff from the bytes)
    format: str | None = None
    # charset named by the source (HTTP Content-Type, JSONL is always UTF-8); None: sniff
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Interval:
    """A publication-time interval; either end may be unknown (None)."""

    earliest: datetime | None = None
    latest: datetime | None = None

    def intersect(self, other: Interval) -> Interval:
        """The tightest interval both agree on (may be empty: earliest > latest)."""
        if self.earliest is None:
            earliest = other.earliest
        elif other.earliest is None:
            earliest = self.earliest
        else:
            earliest = max(self.earliest, other.earliest)
        if self.latest is None:
            latest = other.latest
        elif other.latest is None:
            latest = self.latest
        else:
            latest = min(self.latest, other.latest)
        return Interval(earliest, latest)

    @property
    def is_empty(self) -> bool:
        """True when the two ends contradict each other."""
        return self.earliest is not None and self.latest is not None and self.earliest > self.latest

    def to_json(self) -> dict[str, str | None]:
        """`{"earliest": iso|null, "latest": iso|null}` as in the parse contract."""
        return {
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
        }


@dataclass(frozen=True, slots=True)
class Dateline:
    """`PLACE/PLACE (AGENCY/AGENCY) - ` split into its parts, as written."""

    raw: str
    places: tuple[str, ...]
    agencies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Age:
    """A relative age as written (`2 uur geleden`) and the elapsed time range it stands for."""

    raw: str
    min_delta: timedelta
    max_delta: timedelta


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One news item as read from one page (the page's article or a brief in its list)."""

    role: Role
    position: int
    headline: str | None
    places: tuple[str, ...]
    agencies: tuple[str, ...]
    body: str
    age: str | None = None
    published: Interval = field(default_factory=Interval)
    truncated: bool = False
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One line of a `Net binnen` list: `- <Section> <H:MM> <title>`."""

    section: str
    time: str
    title: str
    published: Interval = field(default_factory=Interval)


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """What `parse_page` returns: the page's items in page order plus what the page says."""

    page_kind: PageKind
    section: str | None
    fetched_at: datetime | None
    items: tuple[ParsedItem, ...]
    index_entries: tuple[IndexEntry, ...] = ()
    layout: str | None = None
    url: str | None = None
    problems: tuple[Problem, ...] = ()
