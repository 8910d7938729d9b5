"""score_dedup: splits, merges and B-cubed figures."""

from __future__ import annotations

import pytest

from wiredesk.generate.evaluate import score_dedup


def test_perfect() -> None:
    score = score_dedup([("w1", "a"), ("w1", "a"), ("w2", "b")])
    assert (score.split, score.merged, score.precision, score.recall) == (0, 0, 1.0, 1.0)


def test_split_and_merge() -> None:
    score = score_dedup([("w1", "a"), ("w1", "b"), ("w2", "c"), ("w3", "c")])
    assert score.split == 1
    assert score.merged == 1
    assert score.recall == pytest.approx(0.75)
    assert score.precision == pytest.approx(0.75)
    assert score_dedup([]).precision == 1.0
