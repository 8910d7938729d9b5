"""Page layouts of the portal, one module each; `choose_layout` picks the best fit."""

from __future__ import annotations

from wiredesk.parse.layouts import (
    boilerplate_article,
    compact_article,
    regional_index,
    section_index,
)
from wiredesk.parse.layouts.base import Layout, PageContext
from wiredesk.parse.listing import Listing

# Order breaks ties: the more specific layout first.
LAYOUTS: tuple[Layout, ...] = (
    regional_index,
    section_index,
    boilerplate_article,
    compact_article,
)


def choose_layout(listing: Listing, context: PageContext) -> Layout:
    """The layout module whose `detect` scores the page highest."""
    best: Layout = compact_article
    best_score = -1.0
    for layout in LAYOUTS:
        score = layout.detect(listing, context)
        if score > best_score:
            best, best_score = layout, score
    return best
