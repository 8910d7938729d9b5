"""The generator's knobs in one frozen options object (defaults give a realistic crawl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class GeneratorConfig:
    """Options of the synthetic crawl; every field has a realistic default.

    Attributes:
        end: the end of the crawl span (tz-aware); the wire world ends here too.
        days: length of the crawl span in days.
        cut_fraction: share of pages truncated at `cut_bytes` bytes (real crawls: all of them).
        cut_bytes: where cut pages are truncated (in bytes of the page's encoding).
        broken_fraction: share of deliberately unreadable pages (layout "broken").
        layout_weights: relative weights of the page layouts A, B, C, D and regional articles.
        update_share: share of wire items that get a later version.
        pair_share: share of full articles whose lead paragraph also runs as a brief.
    """

    end: datetime = datetime(2026, 2, 1, 0, 0, tzinfo=UTC)
    days: float = 90.0
    cut_fraction: float = 0.6
    cut_bytes: int = 2000
    broken_fraction: float = 0.015
    layout_weights: dict[str, float] = field(
        default_factory=lambda: {"A": 0.5, "B": 0.37, "C": 0.04, "D": 0.04, "regional": 0.05}
    )
    update_share: float = 0.15
    pair_share: float = 0.3
    # encodings of the text form: the rest is plain UTF-8
    bom_share: float = 0.04
    cp1252_share: float = 0.05
    crlf_share: float = 0.05
    nbsp_share: float = 0.05
    leading_blank_share: float = 0.02
    no_url_share: float = 0.005
