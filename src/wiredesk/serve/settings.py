"""The server's settings: limits on pages and requests, and the clock used for ages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """Limits and knobs of the HTTP API and the web UI (defaults suit a laptop)."""

    # Largest page of hits one request may ask for (`limit`).
    max_limit: int = 100
    # Deepest page one may ask for; deeper paging is what export is for.
    max_offset: int = 10_000
    # Most KWIC lines per request.
    max_kwic: int = 1_000
    # Most labelled queries in one count request (chart lines).
    max_count_queries: int = 8
    # Largest request body accepted by POST /api/ingest, in bytes.
    max_request_bytes: int = 32 * 1024 * 1024
    # Hits per page in the web UI.
    page_size: int = 20
    # Items under "Meer uit <Section>" on an item page, and on the overview.
    latest_limit: int = 10
    # The clock ages are computed against ("3 uur geleden" as of now); tests pin it.
    clock: Callable[[], datetime] = field(default=_utc_now)
