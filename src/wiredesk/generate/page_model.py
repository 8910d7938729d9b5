"""What one generated page shows, independent of how it is rendered (text or HTML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ItemTruth:
    """What the generator knows about an item on a page (for dedup tests)."""

    wire_id: str
    version: int
    lead_of: str | None
    published: datetime


@dataclass(frozen=True, slots=True)
class ItemView:
    """One item as shown on a page: the page's article (`main`) or a brief in its list."""

    role: str
    headline: str | None
    dateline: str
    places: tuple[str, ...]
    agencies: tuple[str, ...]
    paragraphs: tuple[str, ...]
    age: str | None
    earliest: datetime | None
    latest: datetime | None
    truth: ItemTruth


@dataclass(frozen=True, slots=True)
class IndexView:
    """One `Net binnen` line."""

    section: str
    time: str
    title: str


@dataclass(slots=True)
class PageModel:
    """One page: its layout, address, fetch time, items and furniture."""

    layout: str  # "A" | "B" | "C" | "D"
    url: str | None
    fetched_at: datetime
    section: str
    page_kind: str  # "article" | "section"
    main: ItemView | None
    entries: list[ItemView]
    index: list[IndexView] = field(default_factory=list)
    date_line: str = ""
    regional: bool = False
    features: set[str] = field(default_factory=set)
