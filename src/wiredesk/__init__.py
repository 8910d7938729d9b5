"""wiredesk: turn crawls of news portals into a clean, searchable news archive.

The public Python API: `parse_page` reads one crawled page; `Archive` ingests, deduplicates,
searches, counts and exports.
"""

from wiredesk.archive import Archive
from wiredesk.model import (
    Dateline,
    IndexEntry,
    Interval,
    Page,
    ParsedItem,
    ParsedPage,
    Problem,
    SourceRef,
)
from wiredesk.parse.page import parse_page

__all__ = [
    "Archive",
    "Dateline",
    "IndexEntry",
    "Interval",
    "Page",
    "ParsedItem",
    "ParsedPage",
    "Problem",
    "SourceRef",
    "parse_page",
]
__version__ = "0.1.0"
