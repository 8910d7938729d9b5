"""Layout B: compact article page (the seeds' format: one headline, ages glued to datelines)."""

from __future__ import annotations

from wiredesk.model import ParsedPage
from wiredesk.parse.layouts.article import read_article
from wiredesk.parse.layouts.base import PageContext
from wiredesk.parse.listing import Listing

NAME = "compact_article"


def detect(listing: Listing, context: PageContext) -> float:
    """The default article layout: any page with a dateline."""
    return 0.5 if listing.items else 0.1


def parse(listing: Listing, context: PageContext) -> ParsedPage:
    """Read a layout-B page: main article, then the briefs after `Meer uit`."""
    return read_article(listing, context, NAME)
