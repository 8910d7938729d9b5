"""Normalised counts: each bucket's count as a share of all items of the same bucket.

A query's count in week 2025-W10 is divided by how many items (of any subject) the archive
holds for week 2025-W10 under the same filters and scope, so a rise in coverage is not
mistaken for a rise in the archive's intake. With `by` section/place/agency the denominator is
every item of that section/place/agency; the filters (`--section`, `--place`, dates) narrow
numerator and denominator alike, which gives "share of the same section" for a time series.

Also the tables built from the counts: long records (one row per label and bucket) and the
wide table (one row per bucket, a count and a share column per label, totals first).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from wiredesk.errors import UsageError
from wiredesk.query.dates import bucket_key
from wiredesk.query.plan import Filters
from wiredesk.query.scope import Scope, Unit, scoped_units
from wiredesk.query.syntax import parse_labelled

BY = ("day", "week", "month", "place", "agency", "section")
TABLE_FORMATS = ("csv", "wide", "parquet", "json")


@dataclass(frozen=True, slots=True)
class ShareBucket:
    """A bucket's count, the number of all items in it, and the share (None when it is empty)."""

    key: str
    count: int
    all: int

    @property
    def share(self) -> float | None:
        """Count / all, or None for an empty bucket."""
        return self.count / self.all if self.all else None

    def to_json(self) -> dict[str, Any]:
        """`{"key", "count", "all", "share"}`."""
        return {"key": self.key, "count": self.count, "all": self.all, "share": self.share}


@dataclass(frozen=True, slots=True)
class ShareCount:
    """A labelled query's counts with the denominators of the same buckets."""

    label: str
    query: str
    total: int
    all_total: int
    by: str | None
    buckets: tuple[ShareBucket, ...]
    scope: Scope = field(default_factory=Scope)

    @property
    def share(self) -> float | None:
        """The query's share of all items (under the same filters and scope)."""
        return self.total / self.all_total if self.all_total else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "label": self.label,
            "query": self.query,
            "total": self.total,
            "all": self.all_total,
            "share": self.share,
            "by": self.by,
            "scope": self.scope.to_json(),
            "buckets": [b.to_json() for b in self.buckets],
        }


def unit_keys(unit: Unit, by: str | None) -> list[str]:
    """The bucket keys one unit falls in (none without a day for time buckets)."""
    if by is None:
        return []
    if by in ("day", "week", "month"):
        return [bucket_key(date.fromisoformat(unit.day), by)] if unit.day else []
    if by == "section":
        return [unit.section] if unit.section else []
    values = unit.places if by == "place" else unit.agencies
    return list(dict.fromkeys(values))


def bucket_units(units: Sequence[Unit], by: str | None) -> Counter[str]:
    """How many units fall in each bucket."""
    counts: Counter[str] = Counter()
    for u in units:
        counts.update(unit_keys(u, by))
    return counts


def _sorted_keys(keys: set[str], by: str | None, weights: Counter[str]) -> list[str]:
    if by in ("day", "week", "month"):
        return sorted(keys)
    return sorted(keys, key=lambda k: (-weights[k], k))


def share_counts(
    conn: sqlite3.Connection,
    queries: str | Sequence[str],
    *,
    by: str | None = None,
    filters: Filters | None = None,
    scope: Scope | None = None,
) -> list[ShareCount]:
    """Counts of labelled queries with, per bucket, all items of that bucket and the share.

    Raises:
        UsageError: an unknown `by`.
        QuerySyntaxError: a query does not parse.
    """
    if by is not None and by not in BY:
        raise UsageError("by", f"{by!r}: use one of {', '.join(BY)}")
    scope = scope or Scope()
    if scope.is_default:
        return _indexed_share_counts(conn, queries, by, filters)
    everything = scoped_units(conn, "*", filters, scope)
    all_buckets = bucket_units(everything, by)
    out = []
    for lq in parse_labelled(queries if isinstance(queries, str) else list(queries)):
        units = scoped_units(conn, lq.text, filters, scope)
        counts = bucket_units(units, by)
        # Time series keep the empty buckets in range: a zero is a finding, not a gap.
        keys = set(counts) | (set(all_buckets) if by in ("day", "week", "month") else set())
        buckets = tuple(
            ShareBucket(k, counts[k], all_buckets[k]) for k in _sorted_keys(keys, by, counts)
        )
        out.append(ShareCount(lq.label, lq.text, len(units), len(everything), by, buckets, scope))
    return out


def _indexed_share_counts(
    conn: sqlite3.Connection,
    queries: str | Sequence[str],
    by: str | None,
    filters: Filters | None,
) -> list[ShareCount]:
    """Merged items, all of them: the index's own counts (the same buckets as `count`)."""
    from wiredesk.query.api import count

    (every,) = count(conn, "*", by=by, filters=filters)
    all_buckets = Counter({b.key: b.count for b in every.buckets})
    out = []
    for r in count(conn, queries, by=by, filters=filters):
        counts = Counter({b.key: b.count for b in r.buckets})
        keys = set(counts) | (set(all_buckets) if by in ("day", "week", "month") else set())
        buckets = tuple(
            ShareBucket(k, counts[k], all_buckets[k]) for k in _sorted_keys(keys, by, counts)
        )
        out.append(ShareCount(r.label, r.query, r.total, every.total, by, buckets, Scope()))
    return out


# -- tables ------------------------------------------------------------------------------------


def long_records(results: Sequence[ShareCount]) -> list[dict[str, Any]]:
    """One record per label and bucket (the `total` row first per label)."""
    rows: list[dict[str, Any]] = []
    for r in results:
        rows.append(
            {
                "label": r.label,
                "query": r.query,
                "key": "total",
                "count": r.total,
                "all": r.all_total,
                "share": r.share,
            }
        )
        for b in r.buckets:
            rows.append(
                {
                    "label": r.label,
                    "query": r.query,
                    "key": b.key,
                    "count": b.count,
                    "all": b.all,
                    "share": b.share,
                }
            )
    return rows


def wide_rows(results: Sequence[ShareCount]) -> tuple[list[str], list[list[Any]]]:
    """The wide table: a row per bucket (`total` first), all items, then count and share per label.

    Returns:
        The header and the rows.
    """
    header = ["key", "all"]
    for r in results:
        header += [r.label, f"{r.label} share"]
    if not results:
        return header, []
    first = results[0]
    all_of: dict[str, int] = {}
    keys: list[str] = []
    for r in results:
        for b in r.buckets:
            if b.key not in all_of:
                keys.append(b.key)
            all_of[b.key] = b.all
    if first.by in ("day", "week", "month"):
        keys.sort()
    rows: list[list[Any]] = [["total", first.all_total]]
    for r in results:
        rows[0] += [r.total, _fmt_share(r.share)]
    tables = [{b.key: b for b in r.buckets} for r in results]
    for k in keys:
        row: list[Any] = [k, all_of[k]]
        for t in tables:
            found = t.get(k)
            count = found.count if found else 0
            row += [count, _fmt_share(count / all_of[k] if all_of[k] else None)]
        rows.append(row)
    return header, rows


def _fmt_share(share: float | None) -> str:
    return "" if share is None else f"{share:.6f}"


def write_table(results: Sequence[ShareCount], fmt: str, out: IO[bytes]) -> int:
    """Write the counts as `csv` (long), `wide` (wide CSV), `parquet` (long) or `json`.

    Returns:
        The number of rows written.

    Raises:
        UsageError: an unknown format.
    """
    if fmt not in TABLE_FORMATS:
        raise UsageError("format", f"{fmt!r}: use one of {', '.join(TABLE_FORMATS)}")
    if fmt == "json":
        import json

        out.write(json.dumps([r.to_json() for r in results], ensure_ascii=False).encode() + b"\n")
        return len(results)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        recs = long_records(results)
        schema = pa.schema(
            [
                ("label", pa.string()),
                ("query", pa.string()),
                ("key", pa.string()),
                ("count", pa.int64()),
                ("all", pa.int64()),
                ("share", pa.float64()),
            ]
        )
        pq.write_table(pa.Table.from_pylist(recs, schema=schema), out)
        return len(recs)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    if fmt == "wide":
        header, rows = wide_rows(results)
        writer.writerow(header)
        writer.writerows(rows)
    else:
        rows = [
            [r["label"], r["query"], r["key"], r["count"], r["all"], _fmt_share(r["share"])]
            for r in long_records(results)
        ]
        writer.writerow(["label", "query", "key", "count", "all", "share"])
        writer.writerows(rows)
    text.flush()
    text.detach()
    return len(rows)
