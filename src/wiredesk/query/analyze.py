"""The one Dutch text analyzer, shared by indexing, querying, the reference evaluator and KWIC.

Text -> tokens (runs of Unicode letters and digits; hyphens, dots and other punctuation split words,
so `Kim Jong-un` gives `kim`, `jong`, `un` and `55.000` gives `55`, `000`) -> folded (case folded,
accents removed: `Genève` = `geneve`) -> stemmed with the Snowball `dutch` stemmer of PyStemmer.
Places, agencies and sections are compared as whole values with `exact_key` (folded words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+")
# Letters that Unicode does not decompose into a base letter + accent, or that crawls mangle
# (`ƫ` shows up for `ë` in some pages).
_EXTRA_FOLD = str.maketrans(
    {
        "ƫ": "e",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ĳ": "ij",
        "Ĳ": "ij",
    }
)

_stemmer = Stemmer.Stemmer("dutch")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its span in the original text, its folded form and its stem."""

    start: int
    end: int
    folded: str
    stem: str


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case fold and strip accents; keep only letters and digits (`Genève` -> `geneve`)."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_EXTRA_FOLD).casefold())
    return "".join(c for c in decomposed if c.isalnum()).translate(_EXTRA_FOLD)


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """The Snowball Dutch stem of a folded word."""
    return str(_stemmer.stemWord(folded))


def tokens(text: str) -> list[Token]:
    """Every word of `text` with its span, folded form and stem, in order."""
    out: list[Token] = []
    for m in _WORD.finditer(text):
        folded = fold(m.group())
        if folded:
            out.append(Token(m.start(), m.end(), folded, stem(folded)))
    return out


def folded_words(text: str) -> list[str]:
    """The folded (unstemmed) words of `text`, in order."""
    out = []
    for w in _WORD.findall(text):
        f = fold(w)
        if f:
            out.append(f)
    return out


# raw word -> (folded, stem); a plain dict is the cheapest cache on the indexing hot path.
_WORDS: dict[str, tuple[str, str]] = {}
_WORDS_MAX = 1_000_000


def _word(raw: str) -> tuple[str, str]:
    folded = fold(raw)
    pair = (folded, stem(folded) if folded else "")
    if len(_WORDS) < _WORDS_MAX:
        _WORDS[raw] = pair
    return pair


def folded_and_stems(text: str) -> tuple[list[str], list[str]]:
    """The folded words and their stems (the fast path of indexing; same result as `tokens`)."""
    get = _WORDS.get
    pairs = [get(w) or _word(w) for w in _WORD.findall(text)]
    return [f for f, _ in pairs if f], [s for f, s in pairs if f]


def stems(text: str) -> list[str]:
    """The stems of the words of `text`, in order."""
    return [stem(f) for f in folded_words(text)]


def fold_pattern(pattern: str) -> str:
    """Fold the literal parts of a wildcard pattern, keeping `*` and `?`."""
    parts = re.split(r"([*?])", pattern)
    return "".join(p if p in ("*", "?") else fold(p) for p in parts)


def exact_key(value: str) -> str:
    """The comparison key of a whole place, agency or section: folded words joined by one space."""
    return " ".join(folded_words(value))
