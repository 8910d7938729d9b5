"""What every layout shares: the page context, and turning found items into ParsedItems."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from wiredesk.model import IndexEntry, ParsedItem, ParsedPage, Role
from wiredesk.parse.age import published_interval
from wiredesk.parse.index import parse_index_entry
from wiredesk.parse.listing import Listing, RawItem

# `ANP ` (a photo credit) glued before section-page titles.
_ANP_TITLE_PREFIX = re.compile(r"ANP(?:/[A-Z]{2,12})*\s+(?=\S)")
_MAX_HEADING_WORDS = 4
_BULLETS = "-–—•·*"
_MAX_FALLBACK_HEADLINE = 150


@dataclass(frozen=True, slots=True)
class PageContext:
    """What is known about a page besides its text."""

    url: str | None
    fetched_at: datetime | None


class Layout(Protocol):
    """A page layout: how sure it is that a page has it, and how to read such a page."""

    NAME: str

    def detect(self, listing: Listing, context: PageContext) -> float:
        """How well the page fits this layout, 0..1."""
        ...

    def parse(self, listing: Listing, context: PageContext) -> ParsedPage:
        """Read the page's items in this layout."""
        ...


def strip_anp_prefix(title: str | None) -> str | None:
    """Drop the `ANP ` credit glued before a section-page title (`ANP Kamer stemt in`)."""
    if title is None:
        return None
    return _ANP_TITLE_PREFIX.sub("", title, count=1)


def to_parsed_item(
    raw: RawItem, role: Role, fetched_at: datetime | None, *, last: bool
) -> ParsedItem:
    """A found item with its role and publication interval (the main article has no age)."""
    age = raw.age if role == "list" else None
    return ParsedItem(
        role=role,
        position=raw.position,
        headline=raw.headline,
        places=raw.dateline.places,
        agencies=raw.dateline.agencies,
        body=raw.body,
        age=age.raw if age is not None else None,
        published=published_interval(age, fetched_at),
        truncated=last and age is None and raw.closed_by == "end",
        dateline=raw.dateline.raw,
    )


def section_heading(listing: Listing) -> str | None:
    """An index page's heading: the last short line before its first item or entry."""
    lines = listing.preamble[:-1] if listing.preamble_ends_page else listing.preamble
    for line in reversed(lines):
        if (
            len(line.split()) <= _MAX_HEADING_WORDS
            and not line.rstrip().endswith((".", ":", "?", "!"))
            and not line.startswith("ANP ")
            and line[:1] not in _BULLETS  # a `Net binnen` entry cut by the end of the page
            and not any(char.isdigit() for char in line)
        ):
            return line
    return None


def fallback_headline(listing: Listing) -> str | None:
    """The last preamble line, for an article whose headline does not read like one."""
    if listing.preamble and len(listing.preamble[-1]) <= _MAX_FALLBACK_HEADLINE:
        return listing.preamble[-1]
    return None


def index_entries(listing: Listing, fetched_at: datetime | None) -> tuple[IndexEntry, ...]:
    """The page's `Net binnen` entries with their publication intervals."""
    entries = []
    for line in listing.entries:
        entry = parse_index_entry(line, fetched_at, listing.page_day)
        if entry is not None and entry.title:
            entries.append(entry)
    return tuple(entries)


def parse_index_page(listing: Listing, context: PageContext, layout: str) -> ParsedPage:
    """An index page (section or regional): every item a list item, `ANP ` stripped from titles.

    The heading (or the listing's own section) is the section; `Net binnen` lines become
    index entries; the page is `unknown` when it yields neither items nor entries.
    """
    count = len(listing.items)
    items = []
    for index, raw in enumerate(listing.items):
        raw.headline = strip_anp_prefix(raw.headline)
        items.append(to_parsed_item(raw, "list", context.fetched_at, last=index == count - 1))
    entries = index_entries(listing, context.fetched_at)
    return ParsedPage(
        page_kind="section" if items or entries else "unknown",
        section=section_heading(listing) or listing.section,
        fetched_at=context.fetched_at,
        items=tuple(items),
        index_entries=entries,
        layout=layout,
        url=context.url,
    )
