"""Why an item's versions and sightings were merged: the rule that fired and what it measured.

Pure: reads the rule names and similarities the store records with every version and sighting
(`wiredesk.dedup.match`) and says in words what each means.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from wiredesk.dedup.match import RULE_COMPLETES, RULE_EXACT, RULE_NEAR, RULE_NEW, RULE_PREFIX
from wiredesk.dedup.near import NearSettings

RULE_MEANING: dict[str, str] = {
    RULE_NEW: "first time this text was met: it started the item",
    RULE_EXACT: "the same text after normalising case, spaces and punctuation (an exact copy)",
    RULE_NEAR: (
        "a near-duplicate: word-shingle Jaccard similarity at or above the threshold, "
        "same role, a shared dateline place and overlapping publication intervals"
    ),
    RULE_PREFIX: "a copy cut off by the end of a page: its words start a known version",
    RULE_COMPLETES: "the full text of a version that had only been seen cut off",
}


def rule_meaning(rule: str) -> str:
    """What a recorded rule name means (the name itself when unknown)."""
    return RULE_MEANING.get(rule, rule)


@dataclass(frozen=True, slots=True)
class MergeStep:
    """One version or sighting and why it belongs to the item."""

    kind: str  # "version" or "sighting"
    version: int
    rule: str
    similarity: float | None
    first_seen: str | None
    where: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (with the rule's meaning)."""
        return {
            "kind": self.kind,
            "version": self.version,
            "rule": self.rule,
            "meaning": rule_meaning(self.rule),
            "similarity": self.similarity,
            "first_seen": self.first_seen,
            "where": self.where,
        }


@dataclass(frozen=True, slots=True)
class MergeExplanation:
    """Every version and sighting of an item with the rule that put it there."""

    item: str
    threshold: float
    versions: tuple[MergeStep, ...]
    sightings: tuple[MergeStep, ...]
    lead_of: str | None = None
    led_by: tuple[str, ...] = ()

    def rules(self) -> dict[str, int]:
        """How many sightings each rule merged."""
        return dict(Counter(s.rule for s in self.sightings))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "item": self.item,
            "near_duplicate_threshold": self.threshold,
            "versions": [v.to_json() for v in self.versions],
            "sightings": [s.to_json() for s in self.sightings],
            "sightings_by_rule": self.rules(),
            "lead_of": self.lead_of,
            "led_by": list(self.led_by),
        }

    def lines(self) -> list[str]:
        """The explanation as text lines."""
        out = [
            f"item {self.item}: {len(self.versions)} version(s), {len(self.sightings)} sighting(s)"
        ]
        out.append(f"near-duplicate threshold: Jaccard >= {self.threshold:.2f}")
        for v in self.versions:
            sim = f" similarity {v.similarity:.2f}" if v.similarity is not None else ""
            out.append(
                f"  v{v.version} first seen {v.first_seen or '?'}: {v.rule}{sim}"
                f" -- {rule_meaning(v.rule)}"
            )
        for rule, n in sorted(self.rules().items(), key=lambda kv: -kv[1]):
            out.append(f"  {n} sighting(s) by rule {rule}: {rule_meaning(rule)}")
        if self.lead_of:
            out.append(f"  not merged but linked: this brief leads article {self.lead_of}")
        for other in self.led_by:
            out.append(f"  not merged but linked: brief {other} leads this article")
        return out


def explain_merges(detail: Any) -> MergeExplanation:
    """The merge explanation of an `ItemDetail` (versions and sightings as the store keeps them)."""
    versions = tuple(
        MergeStep("version", int(v.number), str(v.rule), v.similarity, v.first_seen)
        for v in sorted(detail.versions, key=lambda v: int(v.number))
    )
    sightings = tuple(
        MergeStep(
            "sighting", int(s.version), str(s.rule), s.similarity, s.fetched_at, s.url or s.source
        )
        for s in detail.sightings
    )
    return MergeExplanation(
        item=str(detail.id),
        threshold=NearSettings().threshold,
        versions=versions,
        sightings=sightings,
        lead_of=detail.lead_of,
        led_by=tuple(detail.led_by),
    )
