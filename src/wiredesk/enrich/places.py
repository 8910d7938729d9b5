"""Resolve places as written (datelines, body text) to gazetteer entries; never guess.

A dateline place is looked up by its folded key and then by common spelling variants; among
several matches the choice is fixed and explainable: a wiredesk alias wins, a country name wins
unless that country's capital carries the same name (`LUXEMBURG`, `KOEWEIT`), otherwise the
most populous match (Dutch and Belgian towns count triple: this is a Dutch wire).
A place nothing matches stays unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from wiredesk.enrich.folding import fold, spelling_variants
from wiredesk.enrich.gazetteer import (
    WEIGHT_ALIAS,
    WEIGHT_NAME,
    Candidate,
    Gazetteer,
    Place,
    shared_gazetteer,
)

HOME_COUNTRIES = frozenset({"NL", "BE"})
HOME_BONUS = 3
PRIMARY_FACTOR = 10

# Body text: a bare capitalised word is a place only when the place is big enough that the
# word most likely means it (tuned on bench/data/eval_entities.jsonl, see docs/enrichment.md).
BODY_MIN_POPULATION = 100_000
BODY_MIN_POPULATION_HOME = 15_000
BODY_MIN_POPULATION_MULTIWORD = 1_000

_STOPWORDS_FILE = "body_place_stoplist.txt"


@dataclass(frozen=True, slots=True)
class Resolution:
    """One place as written and what it resolved to (`place` is None when unresolved)."""

    as_written: str
    place: Place | None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place found in running text: the span as written and its gazetteer entry."""

    start: int
    end: int
    text: str
    place: Place


def _rank(candidates: Sequence[Candidate]) -> Place | None:
    if not candidates:
        return None
    aliases = [c for c in candidates if c.weight >= WEIGHT_ALIAS]
    if aliases:
        return min(aliases, key=lambda c: (-c.place.population, c.place.id)).place
    countries = [c.place for c in candidates if c.place.kind == "country"]
    if countries:
        country = min(countries, key=lambda p: (-p.population, p.id))
        capitals = [
            c.place
            for c in candidates
            if c.place.kind == "city" and c.place.capital and c.place.country == country.country
        ]
        return capitals[0] if capitals else country

    by_name = [c for c in candidates if c.weight == WEIGHT_NAME]
    home = [c for c in by_name if c.place.country in HOME_COUNTRIES]
    if home:
        # A Dutch or Belgian town's own name on a Dutch wire means that town (NOORDWIJK, OSS).
        return min(home, key=_score).place
    best = min(candidates, key=_score)
    if by_name:
        # An own name beats another town's alternate name unless that town is 10x bigger
        # (Islamabad is not Chattogram; but AKEN is Aachen, not the village Aken).
        own = min(by_name, key=_score)
        if (own.place.population + 1) * PRIMARY_FACTOR >= best.place.population + 1:
            return own.place
    return best.place


def _score(c: Candidate) -> tuple[float, int, str]:
    bonus = HOME_BONUS if c.place.country in HOME_COUNTRIES else 1
    return (-(c.place.population + 1) * bonus, -c.weight, c.place.id)


class PlaceResolver:
    """Resolves places as written; results are memoised per distinct spelling."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self._resolve = lru_cache(maxsize=65536)(self._resolve_uncached)
        self._body_place = lru_cache(maxsize=65536)(self._body_place_uncached)

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (the shared one unless given)."""
        if self._gazetteer is None:
            self._gazetteer = shared_gazetteer()
        return self._gazetteer

    def resolve(self, as_written: str) -> Resolution:
        """Resolve one place as written (`PARIJS`, `St. Anton am Arlberg`, `GAZA-STAD`)."""
        return Resolution(as_written, self._resolve(fold(as_written)))

    def resolve_all(self, places: Iterable[str]) -> list[Resolution]:
        """Resolve each place of a dateline, in order."""
        return [self.resolve(p) for p in places]

    def _resolve_uncached(self, key: str) -> Place | None:
        if not key:
            return None
        for attempt in [key, *spelling_variants(key)]:
            found = _rank(self.gazetteer.lookup(attempt))
            if found is not None:
                return found
        return None

    def _body_place_uncached(self, key: str) -> Place | None:
        if key in _stoplist():
            return None
        candidates = self.gazetteer.lookup(key)
        place = _rank(candidates)
        if place is None:
            return None
        if place.kind != "city" or any(c.weight >= WEIGHT_ALIAS for c in candidates):
            return place
        if " " in key or "-" in key:
            floor = BODY_MIN_POPULATION_MULTIWORD  # `Ter Apel`: several words rarely collide
        elif place.country in HOME_COUNTRIES:
            floor = BODY_MIN_POPULATION_HOME
        else:
            floor = BODY_MIN_POPULATION
        return place if place.population >= floor else None

    def body_places(self, text: str, *, skip: Sequence[tuple[int, int]] = ()) -> list[PlaceMention]:
        """Places named in running text: capitalised word runs that match the gazetteer.

        Args:
            text: headline or body text.
            skip: character spans already taken (e.g. by people and organisations); a place
                overlapping one of them is not reported (`Washington Post`, `Kim Jong-un`).

        Returns:
            Place mentions in text order, longest match first at each position.
        """
        out: list[PlaceMention] = []
        toks = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        words = [text[s:e] for s, e in toks]
        caps = [w[:1].isupper() for w in words]
        # How far a name starting at token i may reach: single space or hyphen between words.
        joined = [text[toks[k][1] : toks[k + 1][0]] in (" ", "-") for k in range(len(toks) - 1)]
        i = 0
        while i < len(toks):
            if not caps[i]:
                i += 1
                continue
            start = toks[i][0]
            longest = 1
            while (
                longest < _MAX_WORDS
                and i + longest < len(toks)
                and joined[i + longest - 1]
                and (caps[i + longest] or words[i + longest] in _PARTICLES)
            ):
                longest += 1
            matched = False
            for n in range(longest, 0, -1):
                if not caps[i + n - 1]:
                    continue  # a name ends on a capitalised word, not on `aan`/`de`
                end = toks[i + n - 1][1]
                surface = text[start:end]
                place = self._body_place(fold(surface))
                if place is None:
                    continue
                if not any(s < end and start < e for s, e in skip):
                    out.append(PlaceMention(start, end, surface, place))
                i += n
                matched = True
                break
            if not matched:
                i += 1
        return out


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_MAX_WORDS = 4
# Lower-case words allowed inside a multi-word place (`Komsomolsk aan de Amoer`, `Den Haag`).
_PARTICLES = frozenset(
    {
        "aan",
        "de",
        "den",
        "der",
        "op",
        "am",
        "im",
        "an",
        "la",
        "le",
        "el",
        "sur",
        "del",
        "di",
        "van",
        "bij",
        "upon",
        "on",
    }
)


@lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    from importlib import resources

    text = resources.files("wiredesk.enrich.resources").joinpath(_STOPWORDS_FILE)
    words = text.read_text(encoding="utf-8").split()
    return frozenset(fold(w) for w in words if not w.startswith("#"))
