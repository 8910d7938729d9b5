"""Reading an article page (layouts A and B): the main article first, then the list."""

from __future__ import annotations

from wiredesk.model import ParsedItem, ParsedPage, Role
from wiredesk.parse.layouts.base import (
    PageContext,
    fallback_headline,
    index_entries,
    to_parsed_item,
)
from wiredesk.parse.listing import Listing


def read_article(listing: Listing, context: PageContext, layout: str) -> ParsedPage:
    """The first item before any list heading is the page's main article; the rest are briefs.

    Args:
        listing: the page's items and furniture.
        context: url and crawl time.
        layout: the layout name recorded in the result.

    Returns:
        The ParsedPage ("article", or "unknown" when no item was found).
    """
    items: list[ParsedItem] = []
    count = len(listing.items)
    for index, raw in enumerate(listing.items):
        role: Role = "main" if index == 0 and not raw.after_list_heading else "list"
        if role == "main" and listing.doubled_text is not None:
            # the headline is the line printed twice, also when a line (a subtitle) stands
            # between it and the dateline
            raw.headline = listing.doubled_text
        elif role == "main" and raw.headline is None:
            raw.headline = fallback_headline(listing)
        items.append(to_parsed_item(raw, role, context.fetched_at, last=index == count - 1))
    return ParsedPage(
        page_kind="article" if items else "unknown",
        section=listing.section,
        fetched_at=context.fetched_at,
        items=tuple(items),
        index_entries=index_entries(listing, context.fetched_at),
        layout=layout,
        url=context.url,
    )
