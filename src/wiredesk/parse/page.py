"""parse_page: one crawled page (bytes or text, plain or HTML) -> ParsedPage. Never raises."""

from __future__ import annotations

from datetime import UTC, datetime

from wiredesk.model import ParsedPage, Problem
from wiredesk.parse.decode import MAX_BYTES, Decoded, Unreadable, decode_bytes, normalize_text
from wiredesk.parse.html_text import html_to_lines, looks_like_html
from wiredesk.parse.layouts import choose_layout
from wiredesk.parse.layouts.base import PageContext
from wiredesk.parse.lines import scan_lines, split_lines
from wiredesk.parse.listing import build_listing, resolve_candidates


def _unreadable(problem: Unreadable, url: str | None, fetched_at: datetime | None) -> ParsedPage:
    return ParsedPage(
        page_kind="unknown",
        section=None,
        fetched_at=fetched_at,
        items=(),
        url=url,
        problems=(Problem(problem.code, url or "page", problem.reason),),
    )


def _text_of(data: bytes | str, encoding: str | None) -> Decoded | Unreadable:
    if isinstance(data, bytes | bytearray | memoryview):
        return decode_bytes(bytes(data), encoding)
    if len(data) > MAX_BYTES:
        return Unreadable("too_large", "too large (the limit is 20 MB)")
    if "\x00" in data:
        return Unreadable("binary", "binary data (NUL characters), not a text or HTML page")
    text = normalize_text(data.removeprefix("\ufeff"))
    if not text.strip():
        return Unreadable("empty", "empty file (no text)")
    return Decoded(text, "str")


def parse_page(
    data: bytes | str,
    *,
    url: str | None = None,
    fetched_at: datetime | None = None,
    encoding: str | None = None,
) -> ParsedPage:
    """Read one crawled page into its items.

    Args:
        data: the page as raw bytes (encoding sniffed) or text; plain text or HTML (sniffed).
        url: where the page came from, if known (helps tell layouts apart).
        fetched_at: crawl time; turns ages into publication intervals. A naive datetime is
            taken as UTC.
        encoding: a charset named by the source, tried first for bytes.

    Returns:
        The ParsedPage. Unreadable input (codes "empty", "binary", "undecodable", "too_large")
        gives a page with `problems` and no items; this function never raises.
    """
    if fetched_at is not None and fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    try:
        decoded = _text_of(data, encoding)
        if isinstance(decoded, Unreadable):
            return _unreadable(decoded, url, fetched_at)
        text = decoded.text
        lines = html_to_lines(text) if looks_like_html(text) else split_lines(text)
        tokens = scan_lines(lines)
        resolve_candidates(tokens)
        listing = build_listing(tokens)
        context = PageContext(url=url, fetched_at=fetched_at)
        return choose_layout(listing, context).parse(listing, context)
    except Exception as exc:
        return _unreadable(
            Unreadable("parse_error", f"reader failed: {type(exc).__name__}: {exc}"),
            url,
            fetched_at,
        )
