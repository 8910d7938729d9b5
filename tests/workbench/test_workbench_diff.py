"""Word diffs between versions and merge explanations (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from wiredesk.dedup.diff import Segment, render_text, version_diffs, word_diff
from wiredesk.dedup.why import explain_merges, rule_meaning


def test_word_diff_marks_inserted_and_deleted_words() -> None:
    segs = word_diff(
        "De minister zei dinsdag dat het kabinet valt.",
        "De minister zei woensdag dat het kabinet niet valt.",
    )
    assert render_text(segs) == (
        "De minister zei [-dinsdag-] {+woensdag+} dat het kabinet {+niet+} valt."
    )


def test_word_diff_ignores_rewrapping_and_handles_empty_sides() -> None:
    assert all(s.kind == "equal" for s in word_diff("a  b\nc", "a b c"))
    assert word_diff("", "nieuw woord") == (Segment("insert", "nieuw woord"),)
    assert word_diff("weg", None) == (Segment("delete", "weg"),)
    assert word_diff(None, None) == ()


@dataclass
class V:
    number: int
    headline: str | None
    body: str
    first_seen: str | None
    similarity: float | None
    rule: str


def test_version_diffs_pair_each_version_with_the_next_in_order() -> None:
    vs = [
        V(2, "Kop", "een twee drie vier", "2025-01-02T00:00:00+00:00", 0.8, "near-duplicate"),
        V(1, "Kop", "een twee drie", "2025-01-01T00:00:00+00:00", None, "new"),
    ]
    (d,) = version_diffs(vs)
    assert (d.older, d.newer) == (1, 2)
    assert d.older_first_seen.startswith("2025-01-01")
    assert d.words_inserted == 1
    assert d.words_deleted == 0
    assert d.to_json()["rule"] == "near-duplicate"
    assert version_diffs(vs[:1]) == []


def test_merge_explanation_names_rules_and_similarities() -> None:
    @dataclass
    class S:
        version: int
        rule: str
        similarity: float | None
        fetched_at: str | None
        url: str | None
        source: str

    @dataclass
    class D:
        id: str
        versions: list[V]
        sightings: list[S]
        lead_of: str | None = None
        led_by: tuple[str, ...] = ()

    detail = D(
        "abc",
        [V(1, None, "x", None, None, "new"), V(2, None, "y", None, 0.71, "near-duplicate")],
        [
            S(1, "new", None, None, "u1", "f"),
            S(1, "exact", 1.0, None, "u2", "f"),
            S(2, "near-duplicate", 0.71, None, "u3", "f"),
        ],
    )
    why = explain_merges(detail)
    assert why.rules() == {"new": 1, "exact": 1, "near-duplicate": 1}
    text = "\n".join(why.lines())
    assert "similarity 0.71" in text
    assert "Jaccard >= 0.60" in text
    assert why.to_json()["versions"][1]["meaning"] == rule_meaning("near-duplicate")
    assert rule_meaning("unknown-rule") == "unknown-rule"
