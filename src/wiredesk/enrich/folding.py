"""Fold names for matching: case, accents, dashes, quotes and spacing (never alters stored text)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not split into base + accent.
_EXTRA = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "þ": "th",
        "ð": "d",
        "ʼ": "'",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
    }
)
_SPACE = re.compile(r"\s+")
_DASH_SPACE = re.compile(r"\s*-\s*")


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Lower-case `text`, drop accents, unify dashes/quotes and collapse whitespace.

    Args:
        text: a name as written (`GENÈVE`, `Oświęcim`, `Gaza – Stad`).

    Returns:
        The matching key (`geneve`, `oswiecim`, `gaza-stad`).
    """
    lowered = text.casefold().translate(_EXTRA)
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = _DASH_SPACE.sub("-", bare)
    return _SPACE.sub(" ", bare).strip(" .,;:")


def is_latin_key(key: str) -> bool:
    """True when a folded key is written in Latin letters (worth indexing for a Dutch wire)."""
    return bool(key) and all(c.isascii() for c in key) and any(c.isalpha() for c in key)


def spelling_variants(key: str) -> list[str]:
    """Other ways the same folded place name is commonly written, most likely first.

    `st. anton am arlberg` -> `st anton am arlberg`, `sankt anton ...`, `saint ...`, `sint ...`;
    hyphens and spaces are interchangeable (`gaza-stad` / `gaza stad`).
    """
    out: list[str] = []

    def add(candidate: str) -> None:
        candidate = _SPACE.sub(" ", candidate).strip()
        if candidate and candidate != key and candidate not in out:
            out.append(candidate)

    add(key.replace("-", " "))
    add(key.replace(" ", "-"))
    add(key.replace(".", ""))
    words = key.replace(".", ". ").split()
    if words and words[0] in {"st.", "st", "sint", "sankt", "saint", "san", "santa"}:
        rest = " ".join(words[1:])
        for saint in ("st", "sankt", "saint", "sint", "san", "santa", "st."):
            add(f"{saint} {rest}")
    if key.startswith("'s-") or key.startswith("'s "):
        add(key[3:])
    return out


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[tuple[int, int]]:
    """Word and punctuation token spans of `text` (`Jong-un` -> `Jong`, `-`, `un`)."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def token_key(text: str) -> tuple[str, ...]:
    """The folded token tuple a name is matched by (`Kim Jong-un` -> kim, jong, -, un)."""
    return tuple(fold(text[s:e]) or text[s:e] for s, e in tokens(text))
