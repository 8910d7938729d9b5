"""Score a deduplication against the generator's truth: split wire items, merged items, B-cubed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DedupScore:
    """How an archive's items line up with the wire's items.

    Attributes:
        wire_items: distinct wire ids seen.
        archive_items: distinct archive item ids seen.
        split: wire ids spread over more than one archive item (missed duplicates).
        merged: archive items holding more than one wire id (false merges).
        precision: B-cubed precision (1.0: no sighting shares an item with another wire item).
        recall: B-cubed recall (1.0: every wire item's sightings sit in one archive item).
    """

    wire_items: int
    archive_items: int
    split: int
    merged: int
    precision: float
    recall: float


def score_dedup(assignments: Iterable[tuple[str, str]]) -> DedupScore:
    """Score (wire_id, archive_item_id) pairs, one per sighting.

    Lead briefs and their articles are different wire ids and must stay different items.
    """
    pairs = list(assignments)
    by_wire: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_item: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for wire, item in pairs:
        by_wire[wire][item] += 1
        by_item[item][wire] += 1
    if not pairs:
        return DedupScore(0, 0, 0, 0, 1.0, 1.0)
    wire_sizes = {w: sum(c.values()) for w, c in by_wire.items()}
    item_sizes = {i: sum(c.values()) for i, c in by_item.items()}
    # B-cubed: per sighting, the share of its item's sightings that are its wire item (precision)
    # and the share of its wire item's sightings that are in its item (recall).
    precision = sum(by_item[i][w] ** 2 / item_sizes[i] for i in by_item for w in by_item[i])
    recall = sum(by_wire[w][i] ** 2 / wire_sizes[w] for w in by_wire for i in by_wire[w])
    return DedupScore(
        wire_items=len(by_wire),
        archive_items=len(by_item),
        split=sum(len(items) > 1 for items in by_wire.values()),
        merged=sum(len(wires) > 1 for wires in by_item.values()),
        precision=precision / len(pairs),
        recall=recall / len(pairs),
    )
