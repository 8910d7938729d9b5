"""Fold a sighting or a new version into an item: counts, crawl times, interval, conflicts.

The publication interval of an item is the intersection of what its sightings say. A
sighting whose interval does not meet the item's is kept and flagged (the item too), and it
does not narrow the interval, so one bad age never erases what the others agree on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from wiredesk.model import Interval


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What the archive knows about one item (the mutable columns of the items table)."""

    id: str
    headline: str | None
    places: tuple[str, ...]
    agencies: tuple[str, ...]
    section: str | None
    body: str
    published: Interval
    first_seen: datetime | None
    last_seen: datetime | None
    n_versions: int
    n_sightings: int
    lead_of: str | None = None
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class SightingFacts:
    """What one appearance of an item on a page says about it."""

    fetched_at: datetime | None
    published: Interval
    headline: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class VersionFacts:
    """One version of an item's text, as needed to choose the current one."""

    number: int
    first_seen: datetime | None


def _earlier(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def narrow_interval(current: Interval, seen: Interval) -> tuple[Interval, bool]:
    """Intersect an item's interval with a sighting's; `(unchanged, True)` on contradiction."""
    if seen.is_empty:
        return current, True
    both = current.intersect(seen)
    if both.is_empty:
        return current, True
    return both, False


def new_item(
    item_id: str,
    places: Sequence[str],
    agencies: Sequence[str],
    body: str,
    sighting: SightingFacts,
) -> tuple[ItemFacts, bool]:
    """The facts of an item seen for the first time; the flag says its interval is empty."""
    conflict = sighting.published.is_empty
    return (
        ItemFacts(
            id=item_id,
            headline=sighting.headline,
            places=tuple(places),
            agencies=tuple(agencies),
            section=sighting.section,
            body=body,
            published=Interval() if conflict else sighting.published,
            first_seen=sighting.fetched_at,
            last_seen=sighting.fetched_at,
            n_versions=1,
            n_sightings=1,
            conflict=conflict,
        ),
        conflict,
    )


def add_sighting(item: ItemFacts, sighting: SightingFacts) -> tuple[ItemFacts, bool]:
    """Fold one more sighting into an item; the flag says the sighting contradicts the item."""
    published, conflict = narrow_interval(item.published, sighting.published)
    return (
        replace(
            item,
            headline=item.headline or sighting.headline,
            section=item.section or sighting.section,
            published=published,
            first_seen=_earlier(item.first_seen, sighting.fetched_at),
            last_seen=_later(item.last_seen, sighting.fetched_at),
            n_sightings=item.n_sightings + 1,
            conflict=item.conflict or conflict,
        ),
        conflict,
    )


def current_version(versions: Sequence[VersionFacts]) -> VersionFacts:
    """The current version: the one first seen last (unknown crawl times count as oldest).

    Ties go to the higher version number, so the choice is the same whatever the ingest order.
    """
    if not versions:
        raise ValueError("an item has at least one version")
    return max(
        versions,
        key=lambda v: (v.first_seen is not None, v.first_seen or datetime.min, v.number),
    )


def earlier_crawl(a: datetime | None, b: datetime | None) -> datetime | None:
    """The earlier of two crawl times (None is unknown, not earliest)."""
    return _earlier(a, b)
