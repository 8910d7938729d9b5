"""The dateline of an item as the portal prints it: `PLACE/PLACE (AGENCY/AGENCY) - `."""

from __future__ import annotations

from collections.abc import Sequence


def format_dateline(places: Sequence[str], agencies: Sequence[str]) -> str:
    """`DEN HAAG (ANP) - `, `GOES - ` without agencies, or "" when neither is known."""
    place = "/".join(places)
    if agencies:
        head = f"{place} ({'/'.join(agencies)})" if place else f"({'/'.join(agencies)})"
    else:
        head = place
    return f"{head} - " if head else ""
