"""Pydantic response models of the HTTP API (the only place pydantic is needed).

The web UI renders the same models, so a page shows exactly what the JSON route returns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SortOrder = Literal["relevance", "newest", "oldest"]
CountBy = Literal[
    "day", "week", "month", "place", "agency", "section", "entity", "country", "story"
]
ExportFormat = Literal["csv", "jsonl", "parquet"]


class Problem(BaseModel):
    """An RFC 9457 problem document; extra members (`column`, `errors`) depend on the type."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI naming the kind of problem.")
    title: str
    status: int
    detail: str
    column: int | None = Field(default=None, description="1-based column of a query syntax error.")


class Published(BaseModel):
    """When an item was published, as an interval; either end may be unknown."""

    earliest: datetime | None
    latest: datetime | None


class SnippetPart(BaseModel):
    """A piece of a snippet; `match` is true for the words the query matched."""

    text: str
    match: bool


class HitOut(BaseModel):
    """One item that matched a query."""

    id: str
    headline: str | None
    places: list[str]
    agencies: list[str]
    section: str | None
    dateline: str = Field(description="`PLACE (AGENCIES) - ` as the portal prints it.")
    body: str
    published: Published
    sightings: int
    versions: int
    score: float
    snippet: list[SnippetPart]
    url: str = Field(description="Path of the item's page in the web UI.")


class SearchOut(BaseModel):
    """A page of hits, best first (or by time), and the total number of matching items."""

    query: str
    total: int
    offset: int
    limit: int
    sort: SortOrder
    hits: list[HitOut]
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")


class BucketOut(BaseModel):
    """One row of a count."""

    key: str
    count: int
    share: float | None = None


class CountSeries(BaseModel):
    """The counts of one labelled query."""

    label: str
    query: str
    total: int
    buckets: list[BucketOut]


class CountOut(BaseModel):
    """Counts for one or more labelled queries, grouped by `by` (no buckets without it)."""

    by: CountBy | None
    series: list[CountSeries]


class KwicLineOut(BaseModel):
    """A keyword in context."""

    id: str
    left: str
    match: str
    right: str
    field: str


class KwicOut(BaseModel):
    """Keyword-in-context lines of a query."""

    query: str
    lines: list[KwicLineOut]


class VersionOut(BaseModel):
    """One text version of an item."""

    number: int
    headline: str | None
    body: str
    first_seen: datetime | None
    truncated: bool = Field(description="The text was cut short on every page it was seen on.")
    sightings: int


class SightingOut(BaseModel):
    """One appearance of an item on a crawled page."""

    url: str | None
    fetched_at: datetime | None
    position: int = Field(description="Place of the item on the page (0: the page's article).")
    role: str = Field(description="`main` (the page's article) or `list` (a brief in a list).")
    age: str | None = Field(description="The age as written on the page (`2 uur geleden`).")
    published: Published = Field(description="The interval this sighting gives.")
    version: int = Field(description="The text version seen.")
    conflict: bool = Field(description="This sighting's interval contradicts the others.")
    truncated: bool
    layout: str | None


class ItemOut(BaseModel):
    """An item with its text versions and sightings."""

    id: str
    headline: str | None
    places: list[str]
    agencies: list[str]
    section: str | None
    dateline: str
    body: str
    published: Published
    first_seen: datetime | None
    last_seen: datetime | None
    lead_of: str | None = Field(description="Id of the full article this brief leads.")
    led_by: list[str] = Field(description="Ids of briefs that lead to this article.")
    conflict: bool = Field(description="Sightings disagree on the publication interval.")
    versions: list[VersionOut]
    sightings: list[SightingOut]


class LatestOut(BaseModel):
    """The newest items (of a section)."""

    section: str | None
    items: list[HitOut]


class StatsOut(BaseModel):
    """Archive counts; more keys may follow the five the CLI contract names."""

    model_config = ConfigDict(extra="allow")

    pages: int
    items: int
    sightings: int
    versions: int
    problems: int


class ProblemRecordOut(BaseModel):
    """A problem recorded while reading pages (one line naming the input and the reason)."""

    code: str
    input: str
    message: str
    stage: str | None = None
    at: datetime | None = Field(default=None, description="When it was recorded.")
    url: str | None = None


class ProblemsOut(BaseModel):
    """Problems from the most recent ingests, newest first."""

    problems: list[ProblemRecordOut]


class IngestOut(BaseModel):
    """What an ingest did: counters and the problems it met."""

    summary: str
    counters: dict[str, int | float]
    problems: list[ProblemRecordOut]
