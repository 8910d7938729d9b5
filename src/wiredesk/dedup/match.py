"""Decide which known item an incoming text belongs to: cut-off copies and wire updates.

Pure decisions over candidates the store has looked up (by head key or LSH band); every
decision carries the similarity that was measured and the rule that fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wiredesk.dedup.near import containment, jaccard, shingles
from wiredesk.dedup.normalize import normalize_names, normalize_text, paragraphs, words
from wiredesk.model import Interval

# Rule names recorded with every version and sighting (shown by `wiredesk show`).
RULE_NEW = "new"
RULE_EXACT = "exact"
RULE_NEAR = "near-duplicate"
RULE_PREFIX = "cut-off-prefix"
RULE_COMPLETES = "completes-cut-off"

DecisionKind = Literal["sighting", "version", "completes"]
# No knowledge of the publication time: fits every interval.
ANY_TIME = Interval()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A known version of an item that an incoming text may belong to."""

    item: int
    version: int
    body: str
    places: tuple[str, ...]
    truncated: bool = False
    role: str = "list"
    published: Interval = ANY_TIME


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with an incoming text: a sighting of a version, a new version, or an upgrade.

    `completes`: the candidate version was cut off and the incoming text is its longer form,
    so the version's body is replaced by the incoming text.
    """

    kind: DecisionKind
    item: int
    version: int
    similarity: float
    rule: str


def places_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when two datelines may name the same item: they share a place, or one has none."""
    na, nb = set(normalize_names(a)), set(normalize_names(b))
    return not na or not nb or bool(na & nb)


def is_prefix(part: str, whole: str) -> bool:
    """True when the words of `part` start `whole` (the last word may be cut mid-word)."""
    pw, ww = words(part), words(whole)
    if not pw or len(pw) > len(ww):
        return False
    if pw[:-1] != ww[: len(pw) - 1]:
        return False
    return ww[len(pw) - 1].startswith(pw[-1])


def times_compatible(a: Interval, b: Interval) -> bool:
    """True when two publication intervals can hold the same moment (unknown ends fit all).

    Every sighting's interval holds the item's real publication time, so copies of one item
    always overlap; a text that recurs days later (a daily report) does not.
    """
    return not a.intersect(b).is_empty


def _fits(cand: Candidate, role: str, places: Sequence[str], published: Interval) -> bool:
    return (
        cand.role == role
        and places_compatible(places, cand.places)
        and times_compatible(published, cand.published)
    )


def leads(brief_body: str, article_body: str) -> bool:
    """True when the brief is the first paragraph of a longer, multi-paragraph article."""
    paras = paragraphs(article_body)
    if len(paras) < 2 or len(paragraphs(brief_body)) != 1:
        return False
    return normalize_text(paras[0]) == normalize_text(brief_body)


def decide_cut_off(
    body: str,
    places: Sequence[str],
    truncated: bool,
    candidates: Sequence[Candidate],
    role: str = "list",
    published: Interval = ANY_TIME,
) -> Decision | None:
    """Match a text against candidates sharing its first words (its head key).

    A cut-off text that starts a known version is a sighting of it; a text that a cut-off
    version starts completes that version. The lowest item (then version) wins ties, so the
    outcome does not depend on the order the store returns candidates in. Only texts of the
    same role match: a cut-off brief in a list also starts the article it leads, but it is a
    copy of the brief. Nor do texts whose publication intervals exclude each other.
    """
    own = shingles(body)
    for cand in sorted(candidates, key=lambda c: (c.item, c.version)):
        if not _fits(cand, role, places, published):
            continue
        if truncated and is_prefix(body, cand.body):
            sim = containment(own, shingles(cand.body)) if own else 1.0
            return Decision("sighting", cand.item, cand.version, round(sim, 4), RULE_PREFIX)
        if cand.truncated and is_prefix(cand.body, body):
            sim = containment(shingles(cand.body), own) if own else 1.0
            return Decision("completes", cand.item, cand.version, round(sim, 4), RULE_COMPLETES)
    return None


def decide_near(
    body_shingles: frozenset[str],
    places: Sequence[str],
    candidates: Sequence[Candidate],
    threshold: float,
    shingle_size: int = 3,
    body: str | None = None,
    role: str = "list",
    published: Interval = ANY_TIME,
) -> Decision | None:
    """Pick the most similar candidate whose exact Jaccard similarity reaches `threshold`.

    LSH only proposes candidates; this check on the real shingle sets decides. Ties go to
    the lowest item and version. A brief in a list and a page's main article are never
    versions of each other (they may be linked as brief and article instead), nor, with
    `body` given, a brief and the article whose first paragraph it is. A candidate whose
    publication interval excludes the incoming one is a different item (a recurring text).
    """
    best: tuple[float, int, int] | None = None
    for cand in candidates:
        if not _fits(cand, role, places, published):
            continue
        if body is not None and (leads(body, cand.body) or leads(cand.body, body)):
            # A brief and the article it leads are two linked items, not two versions.
            continue
        sim = jaccard(body_shingles, shingles(cand.body, shingle_size))
        if sim < threshold:
            continue
        key = (-sim, cand.item, cand.version)
        if best is None or key < (-best[0], best[1], best[2]):
            best = (sim, cand.item, cand.version)
    if best is None:
        return None
    return Decision("version", best[1], best[2], round(best[0], 4), RULE_NEAR)
