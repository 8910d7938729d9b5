"""Exact content keys: the identity of an item's text, its first words and its lead paragraph."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from wiredesk.dedup.normalize import normalize_names, normalize_text, paragraphs, words

# The item id is this many hex digits of the first version's key (64 bits).
ID_LENGTH = 16
# A cut-off text is matched by the key over its first words; shorter texts have no head key.
HEAD_WORDS = 8


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def exact_key(places: Sequence[str], agencies: Sequence[str], body: str) -> str:
    """The exact key of one item text: normalised places, agencies and body (sha256 hex).

    Ages, headlines and positions are not part of it: the same brief with different ages on
    different pages is the same item.
    """
    return _digest(
        "exact",
        "/".join(normalize_names(places)),
        "/".join(normalize_names(agencies)),
        normalize_text(body),
    )


def item_id(first_key: str) -> str:
    """The stable item id, derived from the exact key of the item's first version."""
    return first_key[:ID_LENGTH]


def text_hash(body: str) -> str:
    """The hash of a version's normalised body (white space and quote variants are equal)."""
    return _digest("text", normalize_text(body))


def head_key(places: Sequence[str], body: str, n_words: int = HEAD_WORDS) -> str | None:
    """The key over the places and first `n_words` words; None when the body is shorter.

    A page cut off inside a brief leaves a prefix of the text; this key finds the whole text.
    """
    tokens = words(body)
    if len(tokens) < n_words:
        return None
    return _digest("head", "/".join(normalize_names(places)), " ".join(tokens[:n_words]))


def lead_key(places: Sequence[str], paragraph: str) -> str:
    """The key linking a brief to the full article whose first paragraph it is.

    Agencies are left out: the article and its brief sometimes credit different agencies.
    """
    return _digest("lead", "/".join(normalize_names(places)), normalize_text(paragraph))


def article_lead_key(places: Sequence[str], body: str) -> str | None:
    """The lead key of a full article (None unless it has two or more paragraphs)."""
    paras = paragraphs(body)
    if len(paras) < 2:
        return None
    return lead_key(places, paras[0])


def brief_lead_key(places: Sequence[str], body: str) -> str | None:
    """The lead key of a brief (None unless the body is a single paragraph)."""
    paras = paragraphs(body)
    if len(paras) != 1:
        return None
    return lead_key(places, paras[0])
