"""Find article links: on section pages (selectolax, CSS or URL regex) and in feeds (feedparser).

Pure functions from bytes to absolute, normalised URLs in page order, without duplicates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
from selectolax.lexbor import LexborHTMLParser

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]]+")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed entry's link and when the feed says the entry was last updated (if it says)."""

    url: str
    updated: datetime | None = None
    title: str | None = None


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment, scheme and host in lower case, default port dropped.

    Returns None for anything that is not an http(s) URL (mailto:, javascript:, bad ports).
    """
    url = url.strip()
    if not url:
        return None
    try:
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def _unique(urls: list[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for url in urls:
        if url is not None:
            seen.setdefault(url, None)
    return list(seen)


def links_from_html(
    html: bytes | str, base_url: str, *, css: str | None = None, pattern: str | None = None
) -> list[str]:
    """Article links on an HTML section page.

    Args:
        html: the page.
        base_url: the URL the page was fetched from (relative links resolve against it,
            or against the page's `<base href>`).
        css: selector for the link elements (default: every `a[href]`).
        pattern: regex the absolute URL must contain (`re.search`).
    """
    text = html if isinstance(html, str) else html.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(text)
    base = base_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        href = base_node.attributes.get("href")
        if href:
            base = urljoin(base_url, href)
    urls: list[str | None] = []
    for node in tree.css(css or "a[href]"):
        href = node.attributes.get("href")
        if href is None:
            # the selector may name a container; take the links inside it
            for inner in node.css("a[href]"):
                inner_href = inner.attributes.get("href")
                if inner_href:
                    urls.append(normalize_url(inner_href, base))
            continue
        urls.append(normalize_url(href, base))
    return [u for u in _unique(urls) if pattern is None or re.search(pattern, u)]


def links_from_text(text: str, base_url: str, *, pattern: str | None = None) -> list[str]:
    """Absolute URLs written in a plain-text page (the portal's text form has no markup)."""
    urls = [
        normalize_url(m.group(0).rstrip(".,;:!?"), base_url) for m in _URL_IN_TEXT.finditer(text)
    ]
    return [u for u in _unique(urls) if pattern is None or re.search(pattern, u)]


def links_from_feed(data: bytes, base_url: str, *, pattern: str | None = None) -> list[FeedLink]:
    """Entry links of an RSS or Atom feed, in feed order.

    Returns an empty list when the data is not a feed (the caller counts that as an error).
    """
    parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    found: dict[str, FeedLink] = {}
    for entry in parsed.entries:
        href = entry.get("link")
        if not href:
            alternates = [
                link.get("href")
                for link in entry.get("links", [])
                if link.get("rel", "alternate") == "alternate"
            ]
            href = next((h for h in alternates if h), None)
        url = normalize_url(href, base_url) if isinstance(href, str) else None
        if url is None or (pattern is not None and not re.search(pattern, url)):
            continue
        stamp = entry.get("updated_parsed") or entry.get("published_parsed")
        updated = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
        title = entry.get("title")
        found.setdefault(url, FeedLink(url, updated, title if isinstance(title, str) else None))
    return list(found.values())


def is_feed(data: bytes) -> bool:
    """True when feedparser recognises an RSS/Atom document in `data`."""
    parsed = feedparser.parse(data)
    return bool(parsed.get("version")) or bool(parsed.entries)
