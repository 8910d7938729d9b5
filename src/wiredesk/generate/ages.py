"""The portal's relative ages: elapsed seconds -> `N <unit> geleden` with floor rounding.

The shared rule (owners.md): the largest unit whose N >= 1, never below one minute; the age stands
for the interval `[fetched - (N+1)*unit, fetched - N*unit]`.
"""

from __future__ import annotations

MINUTE = 60
HOUR = 3600
DAY = 86400
WEEK = 7 * DAY
MONTH = 30 * DAY
YEAR = 365 * DAY

# (limit, unit seconds, singular, plural): use this unit while elapsed < limit.
_UNITS: tuple[tuple[float, int, str, str], ...] = (
    (HOUR, MINUTE, "minuut", "minuten"),
    (DAY, HOUR, "uur", "uur"),
    (WEEK, DAY, "dag", "dagen"),
    (MONTH, WEEK, "week", "weken"),
    (YEAR, MONTH, "maand", "maanden"),
    (float("inf"), YEAR, "jaar", "jaar"),
)


def age_parts(elapsed: float) -> tuple[str, int, int]:
    """Return (`N <unit> geleden`, N, unit seconds) for an elapsed time of at least one minute."""
    elapsed = max(elapsed, MINUTE)
    for limit, unit, singular, plural in _UNITS:
        if elapsed < limit:
            n = int(elapsed // unit)
            return f"{n} {singular if n == 1 else plural} geleden", n, unit
    raise AssertionError("unreachable: the last unit has no limit")
