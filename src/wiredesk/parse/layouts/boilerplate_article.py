"""Layout A: boilerplate article page (webmail lines, headline twice, briefs with headlines)."""

from __future__ import annotations

from wiredesk.model import ParsedPage
from wiredesk.parse.layouts.article import read_article
from wiredesk.parse.layouts.base import PageContext
from wiredesk.parse.listing import Listing

NAME = "boilerplate_article"


def detect(listing: Listing, context: PageContext) -> float:
    """Webmail furniture or a doubled headline mark layout A."""
    if listing.has_webmail or listing.doubled_headline:
        return 0.8
    if any(item.headline for item in listing.items[1:]):
        return 0.6
    return 0.0


def parse(listing: Listing, context: PageContext) -> ParsedPage:
    """Read a layout-A page: main article, then the briefs after `Meer uit`."""
    return read_article(listing, context, NAME)
