"""RSS/Atom feeds: one Page per entry, its content (or summary) as a small HTML page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from html import escape

from wiredesk.model import Page, Problem, SourceRef


def iter_feed_bytes(
    data: bytes, name: str, fetched_at: datetime | None = None
) -> Iterator[Page | Problem]:
    """Pages from the entries of one RSS/Atom document (needs feedparser, extra `collect`)."""
    try:
        import feedparser
    except ImportError:
        yield Problem(
            "feed_unsupported",
            name,
            "reading feeds needs feedparser: pip install 'wiredesk[collect]'",
            stage="source",
        )
        return
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries and parsed.get("bozo"):
        yield Problem("feed_bad", name, "not a readable RSS/Atom feed", stage="source")
        return
    for i, entry in enumerate(entries):
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        title = entry.get("title") or ""
        html = (
            f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
            f"<article><h1>{escape(title)}</h1>{body}</article></body></html>"
        )
        yield Page(
            data=html.encode("utf-8"),
            ref=SourceRef("feed", name, record_id=entry.get("id") or str(i)),
            url=entry.get("link") or None,
            fetched_at=fetched_at,
            format="html",
            encoding="utf-8",
        )
