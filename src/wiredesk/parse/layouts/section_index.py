"""Layout C: section index page (date line, `Editie:` line, heading, `ANP `-prefixed titles)."""

from __future__ import annotations

from wiredesk.model import ParsedPage
from wiredesk.parse.layouts.base import PageContext, parse_index_page
from wiredesk.parse.listing import Listing

NAME = "section_index"


def detect(listing: Listing, context: PageContext) -> float:
    """Titles starting with `ANP `, or a date/edition line on a page with no article shape."""
    if listing.has_net_binnen or listing.entries:
        return 0.0
    first = listing.items[0] if listing.items else None
    if first is not None and first.headline is not None and first.headline.startswith("ANP "):
        return 0.9
    # an article page (headline twice, a `Meer uit` list) may share the header's date line
    dated = listing.page_day is not None or listing.has_edition
    if dated and not listing.doubled_headline and listing.section is None:
        return 0.85
    if context.url and "?page=" in context.url and not listing.doubled_headline:
        return 0.7
    return 0.0


def parse(listing: Listing, context: PageContext) -> ParsedPage:
    """Every item is a list item; titles lose their `ANP ` prefix; the heading is the section."""
    return parse_index_page(listing, context, NAME)
