"""End to end into a real archive: every item on every collected page is in the archive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from collect_fixtures import LoopbackTransport, fast_config
from collect_portal import Portal

from wiredesk.archive import Archive
from wiredesk.sources.collect.collector import Collector, collector_counters


def test_every_item_of_every_collected_page_is_archived(
    portal: Portal, tmp_path: Path, transport: LoopbackTransport
) -> None:
    if not portal.expected:
        pytest.skip("wiredesk.generate is not there: pages without an expected parse")
    started = datetime.now(UTC).replace(microsecond=0)
    with Archive.open(tmp_path / "a.db") as archive:
        collector = Collector.for_archive(fast_config(portal), archive, transport=transport)
        report = collector.run_once()
        assert report.counters["new"] == len(portal.articles) + 1
        headlines = {row[0] for row in archive.store.conn.execute("SELECT headline FROM items")}
        crawled = {
            row[0]: row[1]
            for row in archive.store.conn.execute("SELECT url, fetched_at FROM pages")
        }
        counters = collector_counters(archive)
        stats = archive.stats()
    wanted = {
        item["headline"]
        for path in portal.articles
        for item in portal.expected[path]["items"]
        if item["role"] == "main" and item["headline"]
    }
    assert wanted
    assert wanted <= headlines
    # each page is stored once, under its URL, with the time we fetched it (not the generator's)
    assert set(crawled) == {portal.url(p) for p in [*portal.articles, "/binnenland"]}
    assert all(datetime.fromisoformat(when) >= started for when in crawled.values())
    assert stats["pages"] == counters["new"]
    assert counters["errors"] == 0
