"""Normalise text for comparison keys only (stored text is never altered)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Characters that vary between copies of one wire text without changing it.
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u01ab": "\u00eb",  # the portal's odd `ƫ` stands for `ë` ("Sardiniƫ")
    }
)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


# Keys, shingles and lead checks of one text all normalise it; a small cache does it once.
@lru_cache(maxsize=4096)
def normalize_text(text: str) -> str:
    """Fold case, quotes, dashes and white space so that copies of one text compare equal.

    Args:
        text: text as written on a page.

    Returns:
        The text in NFKC form, case-folded, with typographic quotes and dashes made plain and
        runs of white space collapsed to one space.
    """
    folded = unicodedata.normalize("NFKC", text.translate(_CHAR_MAP)).casefold()
    return _SPACE.sub(" ", folded).strip()


def normalize_name(name: str) -> str:
    """A dateline place or agency code in comparable form (`Borsele` == `BORSELE`)."""
    return normalize_text(name)


def normalize_names(names: Iterable[str]) -> tuple[str, ...]:
    """Sorted, de-duplicated, normalised names; empty pieces are dropped.

    The order of places and agencies varies between copies (`ANP/AFP/RTR`, `ANP/RTR/AFP`),
    so keys use the sorted set.
    """
    return tuple(sorted({n for n in (normalize_name(x) for x in names) if n}))


def words(text: str) -> list[str]:
    """The word tokens of the normalised text (punctuation dropped)."""
    return _WORD.findall(normalize_text(text))


def paragraphs(body: str) -> list[str]:
    """The non-empty paragraphs of a body (paragraphs are joined with a newline)."""
    return [p.strip() for p in body.split("\n") if p.strip()]
