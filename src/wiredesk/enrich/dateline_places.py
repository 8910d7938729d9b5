"""The `places` report: every dateline place of an archive as written, resolved, with counts.

Pure: it takes the `items.places` column values (JSON arrays of places as written) and a
resolver; the archive runs the SQL.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from wiredesk.enrich.places import PlaceResolver


def count_places(rows: Iterable[str | None]) -> Counter[str]:
    """How many items name each dateline place (an item naming a place twice counts once).

    Args:
        rows: values of `items.places` (JSON arrays of str); NULL, empty or bad values skipped.
    """
    counts: Counter[str] = Counter()
    for raw in rows:
        if not raw:
            continue
        try:
            places = json.loads(raw)
        except ValueError:
            continue
        if isinstance(places, list):
            counts.update({p.strip() for p in places if isinstance(p, str) and p.strip()})
    return counts


def places_report(
    counts: Counter[str], resolver: PlaceResolver | None = None, *, unresolved: bool = False
) -> list[dict[str, Any]]:
    """The `wiredesk places` rows (shared/spec/cli.md), most items first.

    Args:
        counts: items per place as written.
        resolver: the place resolver (the shared gazetteer when None).
        unresolved: list only the places the gazetteer could not resolve.
    """
    resolver = resolver or PlaceResolver()
    out: list[dict[str, Any]] = []
    for as_written, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        place = resolver.resolve(as_written).place
        if unresolved and place is not None:
            continue
        out.append(
            {
                "as_written": as_written,
                "name": place.name if place else None,
                "country": place.country if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "id": place.id if place else None,
                "items": n,
            }
        )
    return out
