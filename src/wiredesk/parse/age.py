"""Relative ages (`2 uur geleden`) -> Age, and Age + crawl time -> publication Interval.

Rounding rule (shared with the generator): `N <unit> geleden` means the time elapsed since
publication lies in [N*unit, (N+1)*unit) -- floor rounding. So the item was published in
`[fetched_at - (N+1)*unit, fetched_at - N*unit]`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from wiredesk.model import Age, Interval

# unit word -> length of one unit
UNITS: dict[str, timedelta] = {
    "seconde": timedelta(seconds=1),
    "seconden": timedelta(seconds=1),
    "minuut": timedelta(minutes=1),
    "minuten": timedelta(minutes=1),
    "uur": timedelta(hours=1),
    "uren": timedelta(hours=1),
    "dag": timedelta(days=1),
    "dagen": timedelta(days=1),
    "week": timedelta(days=7),
    "weken": timedelta(days=7),
    "maand": timedelta(days=30),
    "maanden": timedelta(days=30),
    "jaar": timedelta(days=365),
    "jaren": timedelta(days=365),
}

_UNIT_ALTERNATION = "|".join(sorted(UNITS, key=len, reverse=True))
# An age at the start of a line; what follows it (a glued dateline, or nothing) is the caller's.
AGE_AT_START = re.compile(rf"(\d{{1,4}}) ?({_UNIT_ALTERNATION}) ?geleden", re.IGNORECASE)
# the few hundred distinct ages repeat on every page; Age is frozen, so share them
_SEEN: dict[str, Age] = {}
_SEEN_MAX = 2048
_PARTIAL_AGE = re.compile(r"\d{1,4}(?: ?([a-zA-Z]*)(?: ([a-zA-Z]*))?)?")


def parse_age(text: str) -> Age | None:
    """Read a whole age string such as `38 minuten geleden`.

    Args:
        text: the age as written (surrounding white space is ignored).

    Returns:
        The Age, or None when the text is not exactly one age.
    """
    stripped = text.strip()
    match = AGE_AT_START.fullmatch(stripped)
    if match is None:
        return None
    return age_from_match(match)


def age_from_match(match: re.Match[str]) -> Age:
    """Build the Age for a match of `AGE_AT_START` (raw text kept as written)."""
    raw = match.group(0)
    age = _SEEN.get(raw)
    if age is None:
        count = int(match.group(1))
        unit = UNITS[match.group(2).lower()]
        age = Age(raw=raw, min_delta=unit * count, max_delta=unit * (count + 1))
        if len(_SEEN) < _SEEN_MAX:
            _SEEN[raw] = age
    return age


def is_partial_age(text: str) -> bool:
    """True for an age cut off by the end of the page (`3`, `3 uur gel`, `38 minu`)."""
    match = _PARTIAL_AGE.fullmatch(text.strip())
    if match is None:
        return False
    unit, tail = match.group(1), match.group(2)
    if unit is None or unit == "":
        return tail is None
    unit = unit.lower()
    if tail is None:
        return any(name.startswith(unit) for name in UNITS)
    return unit in UNITS and "geleden".startswith(tail.lower())


def published_interval(age: Age | None, fetched_at: datetime | None) -> Interval:
    """The publication interval an age stands for, given the crawl time.

    Args:
        age: the item's age; None for an item without one (the main article, a cut item).
        fetched_at: when the page was crawled; None when unknown.

    Returns:
        `[fetched_at - max_delta, fetched_at - min_delta]`; without an age only the upper end
        (the crawl time) is known; without a crawl time nothing is.
    """
    if fetched_at is None:
        return Interval()
    if age is None:
        return Interval(None, fetched_at)
    return Interval(fetched_at - age.max_delta, fetched_at - age.min_delta)
