"""Layout D: regional index page (`Net binnen` entries, then agency-less regional briefs)."""

from __future__ import annotations

from wiredesk.model import ParsedPage
from wiredesk.parse.layouts.base import PageContext, parse_index_page
from wiredesk.parse.listing import Listing

NAME = "regional_index"


def detect(listing: Listing, context: PageContext) -> float:
    """A `Net binnen` block (or entries) marks layout D; so does a `/regio/` URL."""
    first = listing.items[0] if listing.items else None
    if listing.has_net_binnen or listing.entries:
        # an article with a `Net binnen` side block: its headlined main article comes first
        if first is not None and first.headline is not None and not first.after_list_heading:
            return 0.3
        return 1.0
    regional_url = context.url is not None and "/regio/" in context.url
    if regional_url and not listing.doubled_headline and (first is None or first.headline is None):
        return 0.75
    return 0.0


def parse(listing: Listing, context: PageContext) -> ParsedPage:
    """Every brief is a list item; the `Net binnen` lines become index entries."""
    return parse_index_page(listing, context, NAME)
