"""Workbench benchmark: normalised counts, scoped counts and freezing vs the plain count.

    .venv/bin/python bench/workbench.py --pages 1500

Generates a crawl (`wiredesk.generate`), ingests it into a scratch archive, then times (median
of 3 runs) the plain `count` of a query by week (the reference), the same count with shares of
all items (`share_counts`), with merging off and with wire copy excluded, freezing the result and
reading the frozen set back. Prints a table with ratios to the plain count.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wiredesk.archive import Archive
from wiredesk.model import Page, SourceRef
from wiredesk.query import api
from wiredesk.query.frozen import freeze, load_frozen
from wiredesk.query.scope import Scope
from wiredesk.query.shares import share_counts

QUERY = "politie OR kabinet OR rechter*"


def _pages(n: int, seed: int) -> list[Page]:
    from wiredesk.generate import generate_pages

    return [
        Page(
            g.data,
            SourceRef("generated", f"bench-{seed}", record_id=str(i)),
            url=g.url,
            fetched_at=g.fetched_at,
        )
        for i, g in enumerate(generate_pages(n, seed=seed))
    ]


def _time(fn: Callable[[], object], runs: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        with Archive.open(path) as archive:
            t0 = time.perf_counter()
            archive.ingest_pages(_pages(args.pages, args.seed))
            ingest_s = time.perf_counter() - t0
            conn = archive.store.conn  # type: ignore[attr-defined]
            assert isinstance(conn, sqlite3.Connection)
            items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
            counter = iter(range(1_000_000))
            rows: list[tuple[str, float, str]] = []
            ref, res = _time(lambda: api.count(conn, QUERY, by="week"))
            rows.append(("count by week (reference)", ref, f"{res[0].total} items"))  # type: ignore[index]
            for name, scope in (
                ("shares by week", Scope()),
                ("shares by week, --no-merge", Scope(merge=False)),
                ("shares by week, --wire exclude", Scope(wire="exclude")),
            ):
                s, res = _time(
                    lambda scope=scope: share_counts(conn, QUERY, by="week", scope=scope)
                )
                rows.append((name, s, f"{res[0].total} of {res[0].all_total}"))  # type: ignore[index]
            s, res = _time(lambda: freeze(conn, QUERY, f"b{next(counter)}"))
            rows.append(("freeze", s, f"{res.n_items} items"))  # type: ignore[attr-defined]
            s, res = _time(lambda: load_frozen(conn, "b0"))
            rows.append(("load frozen set", s, f"{len(res.records)} records"))  # type: ignore[attr-defined]
    print(f"{args.pages} pages, {items} items, ingest {ingest_s:.1f} s; query {QUERY!r}")
    print(f"{'operation':<34} {'median s':>9} {'x count':>8}  result")
    for name, s, note in rows:
        print(f"{name:<34} {s:>9.4f} {s / ref:>8.1f}  {note}")


if __name__ == "__main__":
    main()
