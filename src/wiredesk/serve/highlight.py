"""Snippets and text as safe HTML: every character from an item is escaped, matches get <mark>."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape


def snippet_html(segments: Iterable[tuple[str, bool]]) -> Markup:
    """Escape each (text, is_match) segment and wrap the matches in `<mark>`."""
    parts: list[str] = []
    for text, is_match in segments:
        safe = str(escape(text))
        parts.append(f"<mark>{safe}</mark>" if is_match else safe)
    return Markup("".join(parts))  # noqa: S704 - every part was escaped above


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs (blank lines or single newlines both separate them), as plain text."""
    return [line.strip() for line in body.splitlines() if line.strip()]


def excerpt(text: str, limit: int = 160) -> str:
    """The first `limit` characters, cut at a word, with `…` only when something was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


_BACKTICKS = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """Escape `text` and show its `backticked` parts as <code>."""
    safe = str(escape(text))
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", safe))  # noqa: S704 - escaped above
