"""The rule that maps an item's publication interval to one calendar day, week and month.

An item's day is the Europe/Amsterdam calendar day of the midpoint of its interval; with only one
end known, of that end; with neither, the item has no day (it counts in totals, in no time bucket,
and no date range matches it). Weeks are ISO weeks (`2024-W05`, Monday first), months `2024-03`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EPOCH = date(1970, 1, 1)


def parse_utc(text: str | None) -> datetime | None:
    """An ISO-8601 timestamp from the items table (None stays None; unreadable gives None)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def publication_moment(earliest: datetime | None, latest: datetime | None) -> datetime | None:
    """The midpoint of the interval, or the one known end, or None."""
    if earliest is not None and latest is not None:
        return earliest + (latest - earliest) / 2
    return latest if latest is not None else earliest


def publication_day(earliest: datetime | None, latest: datetime | None) -> date | None:
    """The Europe/Amsterdam calendar day of the publication moment."""
    moment = publication_moment(earliest, latest)
    if moment is None or moment.tzinfo is None:
        return None if moment is None else moment.date()
    return moment.astimezone(AMSTERDAM).date()


def day_number(day: date) -> int:
    """Days since 1970-01-01 (the compact form stored in the index)."""
    return (day - EPOCH).days


def day_of_number(number: int) -> date:
    """The date of a day number."""
    return EPOCH + timedelta(days=number)


def bucket_key(day: date, by: str) -> str:
    """The bucket key of a day: `2024-03-05` (day), `2024-W10` (ISO week) or `2024-03` (month)."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(by)
