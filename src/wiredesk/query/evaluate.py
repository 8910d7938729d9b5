"""The slow, obviously-correct reference evaluator: does one plain item match a query tree?

It reads the same analyzer as the index but none of the index, SQL or FTS5: the property tests
compare the SQLite engine with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from wiredesk.query.analyze import exact_key, fold_pattern, folded_words, stems
from wiredesk.query.enrich_fields import ref_matches
from wiredesk.query.plan import wildcard_regex
from wiredesk.query.syntax import (
    ENRICH_FIELDS,
    And,
    Field,
    MatchAll,
    Near,
    Node,
    Not,
    Or,
    Range,
    Wildcard,
)


@dataclass(frozen=True, slots=True)
class RefItem:
    """An item as the reference evaluator sees it."""

    headline: str
    body: str
    places: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    section: str | None = None
    day: date | None = None
    entities: tuple[tuple[str, str], ...] = ()  # (entity id, name) from enrichment
    countries: tuple[str, ...] = ()  # ISO codes of the dateline places
    story: str | None = None
    storyline: str | None = None


def _fields(item: RefItem, fld: str | None) -> list[str]:
    if fld == "headline":
        return [item.headline]
    if fld == "body":
        return [item.body]
    return [item.headline, item.body]


def _has_sequence(words: list[str], seq: list[str]) -> bool:
    n = len(seq)
    return any(words[i : i + n] == seq for i in range(len(words) - n + 1))


def _near(words: list[str], seq: list[str], distance: int) -> bool:
    # FTS5 NEAR rule: some position M where every word occurs in [M - 1 - distance, M].
    where = {w: [i for i, x in enumerate(words) if x == w] for w in set(seq)}
    if any(not where[w] for w in seq):
        return False
    for m in sorted({i for w in seq for i in where[w]}):
        if all(any(m - 1 - distance <= i <= m for i in where[w]) for w in seq):
            return True
    return False


def _exact_values(item: RefItem, fld: str) -> list[str]:
    if fld == "place":
        values = list(item.places)
    elif fld == "agency":
        values = list(item.agencies)
    else:
        values = [item.section] if item.section else []
    return [k for k in (exact_key(v) for v in values) if k]


def _in_range(node: Range, day: date | None) -> bool:
    if day is None:
        return False
    if node.start is not None:
        start = node.start if node.include_start else node.start + timedelta(days=1)
        if day < start:
            return False
    if node.end is not None:
        end = node.end if node.include_end else node.end - timedelta(days=1)
        if day > end:
            return False
    return True


def matches(node: Node, item: RefItem, fld: str | None = None) -> bool:
    """True when `item` matches `node` (text searched in `fld`; None: headline and body)."""
    if isinstance(node, MatchAll):
        return True
    if isinstance(node, Range):
        return _in_range(node, item.day)
    if isinstance(node, Field):
        return matches(node.node, item, node.name)
    if isinstance(node, And):
        return all(matches(c, item, fld) for c in node.children)
    if isinstance(node, Or):
        return any(matches(c, item, fld) for c in node.children)
    if isinstance(node, Not):
        return not matches(node.child, item, fld)
    if fld in ENRICH_FIELDS:
        return ref_matches(
            fld,
            None if isinstance(node, Wildcard) else getattr(node, "text", None),
            node.pattern if isinstance(node, Wildcard) else None,
            entities=item.entities,
            countries=item.countries,
            story=item.story,
            storyline=item.storyline,
        )
    if fld in ("place", "agency", "section"):
        values = _exact_values(item, fld)
        if isinstance(node, Wildcard):
            rx = wildcard_regex(fold_pattern(node.pattern))
            return any(rx.match(v) for v in values)
        return exact_key(node.text) in values
    if isinstance(node, Wildcard):
        rx = wildcard_regex(fold_pattern(node.pattern))
        return any(rx.match(w) for text in _fields(item, fld) for w in folded_words(text))
    seq = stems(node.text)
    if not seq:
        return False
    for text in _fields(item, fld):
        words = stems(text)
        if isinstance(node, Near) and len(seq) > 1:
            if _near(words, seq, node.distance):
                return True
        elif _has_sequence(words, seq):
            return True
    return False


def matching(node: Node, items: Sequence[RefItem]) -> set[int]:
    """The indexes of the items that match."""
    return {i for i, item in enumerate(items) if matches(node, item)}
