"""Times for people: Amsterdam local time, short English dates, and interval descriptions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from wiredesk.model import Interval
from wiredesk.serve.ages import best_published

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local(moment: datetime) -> datetime:
    """The moment in Amsterdam time (naive moments are taken as UTC)."""
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(AMSTERDAM)


def short_moment(moment: datetime | None) -> str:
    """`4 Mar 2025, 14:05` (Amsterdam time), or an en dash when unknown."""
    if moment is None:
        return "–"
    m = local(moment)
    return f"{m.day} {_MONTHS[m.month - 1]} {m.year}, {m:%H:%M}"


def iso(moment: datetime | None) -> str:
    """ISO-8601 in UTC for `<time datetime=...>`, or ""."""
    return moment.isoformat() if moment is not None else ""


def interval_words(published: Interval) -> str:
    """How precisely the publication time is known: `between … and …`, `at or before …`."""
    e, l_ = published.earliest, published.latest
    if e is not None and l_ is not None:
        return f"between {short_moment(e)} and {short_moment(l_)}"
    if l_ is not None:
        return f"at or before {short_moment(l_)}"
    if e is not None:
        return f"at or after {short_moment(e)}"
    return "unknown"


def published_label(published: Interval) -> str:
    """A short label for lists: the best single moment, `≈` when it is an estimate."""
    moment = best_published(published)
    if moment is None:
        return "date unknown"
    exact = (
        published.earliest is None
        or published.latest is None
        or published.earliest == published.latest
    )
    return short_moment(moment) if exact else f"≈ {short_moment(moment)}"
