"""`Net binnen` lists: `- <Section> <H:MM> <title>` -> IndexEntry with a publication interval.

A clock time is read as Europe/Amsterdam wall-clock time on the crawl day; a time later than the
crawl time means the day before. The entry was published
within that minute: `[HH:MM:00, HH:MM:00 + 1 min)`, written as earliest and latest, and the upper
end never later than the crawl time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from wiredesk.model import IndexEntry, Interval

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ENTRY = re.compile(
    r"[-–—•·*]\s*(?P<section>\S.{0,40}?)\s+(?P<time>(?P<h>\d{1,2})[:.](?P<m>\d{2}))(?:\s+(?P<title>\S.*))?"
)


def parse_index_entry(
    line: str, fetched_at: datetime | None = None, page_day: date | None = None
) -> IndexEntry | None:
    """Read one `- Binnenland 9:05 Titel` line.

    Args:
        line: the stripped line.
        fetched_at: crawl time (dates the clock time); None when unknown.
        page_day: the date printed on the page, used when the crawl time is unknown.

    Returns:
        The entry (title "" when cut before the title), or None when the line is not an entry.
    """
    match = ENTRY.fullmatch(line)
    if match is None:
        return None
    hour, minute = int(match.group("h")), int(match.group("m"))
    if hour > 23 or minute > 59:
        return None
    interval = clock_interval(time(hour, minute), fetched_at, page_day)
    return IndexEntry(
        section=match.group("section"),
        time=match.group("time"),
        title=(match.group("title") or "").strip(),
        published=interval,
    )


def clock_interval(
    clock: time, fetched_at: datetime | None, page_day: date | None = None
) -> Interval:
    """The minute a `Net binnen` clock time stands for, in the crawl time's offset.

    Args:
        clock: the wall-clock time shown (Europe/Amsterdam).
        fetched_at: crawl time; the day is the crawl day, or the day before if the clock time
            would lie after the crawl.
        page_day: the page's own date line, used only when the crawl time is unknown.

    Returns:
        `[start, start + 1 min]` clipped to the crawl time; both None when no day is known.
    """
    if fetched_at is not None:
        local = fetched_at.astimezone(AMSTERDAM)
        start = datetime.combine(local.date(), clock, tzinfo=AMSTERDAM)
        if start > local:
            start = datetime.combine(local.date() - timedelta(days=1), clock, tzinfo=AMSTERDAM)
        tz = fetched_at.tzinfo
        earliest = start.astimezone(tz)
        latest = min((start + timedelta(minutes=1)).astimezone(tz), fetched_at)
        return Interval(earliest, latest)
    if page_day is not None:
        start = datetime.combine(page_day, clock, tzinfo=AMSTERDAM)
        return Interval(start, start + timedelta(minutes=1))
    return Interval()
