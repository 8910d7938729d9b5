"""sniff_format: tell an input's format from its first bytes (text, html, warc, jsonl, feed)."""

from __future__ import annotations

import re
import zlib
from typing import Literal

Format = Literal["text", "html", "warc", "jsonl", "feed"]

_HTML = re.compile(
    rb"^(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|article|main|section"
    rb"|header|nav|h[1-6]|table|ul|span|a|br|script|style|link)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def _strip(head: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.lstrip()


def sniff_format(head: bytes) -> Format:
    """Guess the format of an input from its first bytes (a few KB are plenty).

    Gzip data counts as WARC when it inflates to a WARC record; everything that is neither
    WARC, JSON lines, a feed nor HTML is "text" (the parser decides whether it is readable).
    """
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return "text"
        return "warc" if inner.startswith(b"WARC/") else "text"
    body = _strip(head)
    if body.startswith(b"WARC/"):
        return "warc"
    if body.startswith(b"{"):
        first = body.split(b"\n", 1)[0]
        if b'"text"' in first or b'"html"' in first or b'"url"' in first:
            return "jsonl"
    if body.startswith(b"<?xml"):
        return "feed" if _FEED.search(body[:4096]) else "html"
    if _FEED.match(body):
        return "feed"
    if _HTML.match(body):
        return "html"
    return "text"
