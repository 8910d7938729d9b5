"""Normalised counts: the index path (default scope) agrees with counting units one by one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wiredesk.errors import UsageError
from wiredesk.query.scope import Scope, scoped_units
from wiredesk.query.shares import bucket_units, share_counts, wide_rows


@pytest.mark.parametrize("by", ["week", "month", "agency", None])
def test_index_and_unit_counts_agree(wb_archive: Path, by: str | None) -> None:
    with sqlite3.connect(wb_archive) as conn:
        (fast,) = share_counts(conn, "politie OR rechter*", by=by)
        units = scoped_units(conn, "politie OR rechter*", None, Scope())
        every = scoped_units(conn, "*", None, Scope())
    assert fast.total == len(units)
    assert fast.all_total == len(every)
    counts, alls = bucket_units(units, by), bucket_units(every, by)
    for b in fast.buckets:
        assert (b.count, b.all) == (counts[b.key], alls[b.key]), b.key


def test_scopes_and_wide_table(wb_archive: Path) -> None:
    with sqlite3.connect(wb_archive) as conn:
        merged = share_counts(conn, ["A# *", "B# politie"], by="month")
        unmerged = share_counts(conn, ["A# *"], by="month", scope=Scope(merge=False))
        with pytest.raises(UsageError):
            share_counts(conn, "x", by="year")
    assert merged[0].share == 1.0
    assert unmerged[0].total > merged[0].total
    header, rows = wide_rows(merged)
    assert header == ["key", "all", "A", "A share", "B", "B share"]
    assert rows[0][:3] == ["total", merged[0].all_total, merged[0].total]
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    with pytest.raises(UsageError):
        Scope(wire="some")
