"""Ages as the portal writes them (`3 uur geleden`), computed from an interval and a clock.

The rule is the reader's: `N <unit> geleden` means the elapsed time is in [N*unit, (N+1)*unit)
(floor rounding), shown in the largest unit whose N >= 1, never below one minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from wiredesk.model import Interval

# (seconds per unit, singular, plural), largest first.
_UNITS: tuple[tuple[int, str, str], ...] = (
    (365 * 86400, "jaar", "jaar"),
    (30 * 86400, "maand", "maanden"),
    (7 * 86400, "week", "weken"),
    (86400, "dag", "dagen"),
    (3600, "uur", "uur"),
    (60, "minuut", "minuten"),
)


def dutch_age(elapsed: timedelta) -> str:
    """The portal's words for an elapsed time: `1 minuut geleden` ... `2 jaar geleden`.

    Args:
        elapsed: time since publication; negative or sub-minute values show as one minute.

    Returns:
        The age as the portal would print it.
    """
    seconds = max(int(elapsed.total_seconds()), 60)
    for unit, singular, plural in _UNITS:
        n = seconds // unit
        if n >= 1:
            return f"{n} {singular if n == 1 else plural} geleden"
    raise AssertionError("unreachable: seconds >= 60")  # pragma: no cover


def best_published(published: Interval) -> datetime | None:
    """One moment to stand for a publication interval: its middle, or the known end."""
    if published.earliest is not None and published.latest is not None:
        return published.earliest + (published.latest - published.earliest) / 2
    return published.latest or published.earliest


def age_as_of(published: Interval, now: datetime) -> str | None:
    """The age of an item as of `now`, or None when its publication time is unknown."""
    moment = best_published(published)
    if moment is None:
        return None
    return dutch_age(now - moment)
