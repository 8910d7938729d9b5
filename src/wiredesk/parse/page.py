"""parse_page: one crawled page (bytes or text) -> ParsedPage. (Placeholder; being built.)"""

from __future__ import annotations

from datetime import datetime

from wiredesk.model import ParsedPage


def parse_page(
    data: bytes | str, *, url: str | None = None, fetched_at: datetime | None = None
) -> ParsedPage:
    """Read one crawled page into its items."""
    raise NotImplementedError
