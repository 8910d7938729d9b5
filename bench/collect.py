"""Collector speed and politeness against a local portal server on 127.0.0.1.

For each per-host delay: pages/s, the ideal rate 1/delay, and the gaps between request starts
as the server's kernel saw them (min / p50 / max), which must never be below the delay.
Reference, measured in the same run: a bare httpx loop fetching the same pages with no
politeness at all. The article pages come from `wiredesk.generate` when it is there.

    .venv/bin/python bench/collect.py [--pages 200] [--archive]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "collect"))

from collect_portal import build_portal  # noqa: E402
from collect_server import PortalServer, gaps  # noqa: E402

from wiredesk.sources.collect.collector import Collector  # noqa: E402
from wiredesk.sources.collect.config import CollectConfig, SourceConfig  # noqa: E402
from wiredesk.sources.collect.state import CollectState  # noqa: E402


class CountingSink:
    def __init__(self) -> None:
        self.pages = 0

    def ingest_pages(self, pages: Any, /) -> None:
        self.pages += sum(1 for _ in pages)


def _config(base: str, delay: float, concurrency: int) -> CollectConfig:
    return CollectConfig(
        sources=(SourceConfig("sectie", base + "/binnenland", link_css="a.artikel"),),
        delay=delay,
        concurrency=concurrency,
        read_timeout=5.0,
        retries=0,
    )


def run_collector(pages: int, delay: float, concurrency: int, archive: bool) -> dict[str, float]:
    server = PortalServer().start()
    try:
        portal = build_portal(server, section=pages, rss=0, atom=0, private=0)
        with tempfile.TemporaryDirectory() as tmp:
            if archive:
                from wiredesk.archive import Archive

                sink: Any = Archive.open(Path(tmp) / "a.db")
                state = CollectState(sink.store.conn)
            else:
                sink = CountingSink()
                conn = sqlite3.connect(Path(tmp) / "s.db", isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                state = CollectState(conn)
            collector = Collector(_config(server.base, delay, concurrency), sink, state)
            started = time.perf_counter()
            report = collector.run_once()
            seconds = time.perf_counter() - started
            if archive:
                sink.close()
        assert report.counters["new"] == len(portal.articles) + 1, report.line()
        return _figures(server, seconds)
    finally:
        server.stop()


def _figures(server: PortalServer, seconds: float) -> dict[str, float]:
    """Requests, run time, request-start gaps and peak concurrency the server saw."""
    measured = gaps(server.hits)
    return {
        "requests": len(server.hits),
        "seconds": seconds,
        "gap_min": min(measured),
        "gap_p50": statistics.median(measured),
        "gap_max": max(measured),
        "in_flight": server.max_in_flight,
    }


def run_reference(pages: int) -> dict[str, float]:
    """A bare httpx loop over the same pages: no robots, no delay, no state, no ingest."""
    server = PortalServer().start()
    try:
        portal = build_portal(server, section=pages, rss=0, atom=0, private=0)
        urls = [portal.url(p) for p in ["/robots.txt", "/binnenland", *portal.articles]]

        async def go() -> None:
            async with httpx.AsyncClient() as client:
                for url in urls:
                    (await client.get(url)).raise_for_status()

        started = time.perf_counter()
        asyncio.run(go())
        seconds = time.perf_counter() - started
        return _figures(server, seconds)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="articles at delay 0")
    parser.add_argument("--archive", action="store_true", help="also ingest into a real archive")
    args = parser.parse_args()

    n = args.pages
    runs: list[tuple[str, float, int, int, bool]] = [
        ("collector, no ingest", 0.0, 1, n, False),
        ("collector, no ingest", 0.0, 4, n, False),
        ("collector, no ingest", 0.05, 1, max(20, n // 5), False),
        ("collector, no ingest", 0.05, 4, max(20, n // 5), False),
        ("collector, no ingest", 0.2, 1, 20, False),
    ]
    if args.archive:
        runs.insert(2, ("collector -> archive", 0.0, 1, n, True))

    ref = run_reference(n)
    ref_rate = ref["requests"] / ref["seconds"]
    header = (
        f"{'run':<22} {'delay':>6} {'conc':>4} {'reqs':>5} {'secs':>6} {'pages/s':>8} "
        f"{'ideal':>7} {'vs ideal':>8} {'vs ref':>7} {'gap min':>8} {'p50':>7} {'max':>7} "
        f"{'held':>5}"
    )
    print(header)
    print("-" * len(header))
    print(
        f"{'reference httpx loop':<22} {'-':>6} {1:>4} {ref['requests']:>5} "
        f"{ref['seconds']:>6.2f} {ref_rate:>8.1f} {'-':>7} {'-':>8} {1.0:>7.2f} "
        f"{ref['gap_min'] * 1000:>7.1f}m {ref['gap_p50'] * 1000:>6.1f}m "
        f"{ref['gap_max'] * 1000:>6.1f}m {'-':>5}"
    )
    for label, delay, conc, pages, archive in runs:
        r = run_collector(pages, delay, conc, archive)
        rate = r["requests"] / r["seconds"]
        ideal = 1 / delay if delay else float("inf")
        held = r["gap_min"] >= delay - 0.0005
        print(
            f"{label:<22} {delay * 1000:>5.0f}m {conc:>4} {r['requests']:>5} "
            f"{r['seconds']:>6.2f} {rate:>8.1f} "
            f"{(f'{ideal:.1f}' if delay else '-'):>7} "
            f"{(f'{rate / ideal:.2f}' if delay else '-'):>8} {rate / ref_rate:>7.2f} "
            f"{r['gap_min'] * 1000:>7.1f}m {r['gap_p50'] * 1000:>6.1f}m "
            f"{r['gap_max'] * 1000:>6.1f}m {('yes' if held else 'NO'):>5}"
        )
    print(
        "\npages/s counts every request (robots.txt, the section page, the articles); gaps are "
        "between request starts as the server's kernel received them; 'held' = min gap >= delay."
    )


if __name__ == "__main__":
    main()
