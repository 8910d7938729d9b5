"""Plain typed results of search, count and kwic, each with `to_records()` for scripts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Any

from wiredesk.model import Interval

# A snippet is a sequence of (text, is_match) segments, so every face escapes text its own way.
Snippet = tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """One item that matched a query."""

    id: str
    headline: str | None
    places: tuple[str, ...]
    agencies: tuple[str, ...]
    section: str | None
    body: str
    published: Interval
    sightings: int
    versions: int = 1
    score: float = 0.0
    snippet: Snippet = ()

    def to_record(self) -> dict[str, Any]:
        """The `wiredesk search --format jsonl` shape (cli contract) plus extra fields."""
        return {
            "id": self.id,
            "headline": self.headline,
            "places": list(self.places),
            "agencies": list(self.agencies),
            "body": self.body,
            "published": self.published.to_json(),
            "sightings": self.sightings,
            "section": self.section,
            "versions": self.versions,
            "score": self.score,
            "snippet": "".join(f"[{t}]" if m else t for t, m in self.snippet),
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits, best first, and the total number of matching items."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    offset: int = 0
    limit: int = 20
    plan: str | None = None

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per hit."""
        return [h.to_record() for h in self.hits]


@dataclass(frozen=True, slots=True)
class Bucket:
    """One row of a count: a key (day, week, place, ...) and how many items fall in it."""

    key: str
    count: int
    share: float | None = None


@dataclass(frozen=True, slots=True)
class CountResult:
    """Counts for one (labelled) query: the total and the buckets (empty without `by`)."""

    label: str
    query: str
    total: int
    by: str | None = None
    buckets: tuple[Bucket, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The `wiredesk count --format json` shape of the cli contract."""
        return {
            "total": self.total,
            "buckets": [{"key": b.key, "count": b.count} for b in self.buckets],
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per bucket, with the label and query."""
        return [{"label": self.label, "query": self.query, **asdict(b)} for b in self.buckets]


@dataclass(frozen=True, slots=True)
class KwicLine:
    """A keyword in context: the words left of the match, the match, the words right of it."""

    id: str
    left: str
    match: str
    right: str
    field: str = "body"
    extra: dict[str, Any] = dataclass_field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """A flat dict."""
        return {
            "id": self.id,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "field": self.field,
        }


@dataclass(frozen=True, slots=True)
class CoocResult:
    """A co-occurrence table of labelled queries: how many items match both of each pair.

    `matrix[i][j]` counts items matching query i and query j; the diagonal is each query's total.
    """

    labels: tuple[str, ...]
    queries: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]
    total_items: int = 0

    def to_json(self) -> dict[str, Any]:
        """`{"labels": [...], "matrix": [[...]], "total_items": int}`."""
        return {
            "labels": list(self.labels),
            "queries": list(self.queries),
            "matrix": [list(r) for r in self.matrix],
            "total_items": self.total_items,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per pair (a, b, count), a <= b in label order."""
        return [
            {"a": a, "b": self.labels[j], "count": self.matrix[i][j]}
            for i, a in enumerate(self.labels)
            for j in range(i, len(self.labels))
        ]
