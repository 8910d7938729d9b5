"""The overview page shows the live collector's counters once the collector has run."""

from __future__ import annotations

from pathlib import Path

import httpx
from serve_testkit import LiveServer

from wiredesk.archive import Archive


def test_overview_shows_collector_counters(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Archive.open(db) as archive:
        conn = archive.store.conn  # type: ignore[attr-defined]
        with conn:
            conn.executemany(
                "INSERT INTO collect_counters(name, value) VALUES (?, ?)",
                [("requests", 12), ("fetched", 10), ("new", 7), ("skipped_robots", 2)],
            )
    with LiveServer(db) as server:
        page = httpx.get(f"{server.url}/overview", timeout=30)
    assert page.status_code == 200
    assert "Live collector" in page.text
    assert "skipped by robots.txt" in page.text


def test_overview_without_collector_has_no_collector_block(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    Archive.open(db).close()
    with LiveServer(db) as server:
        page = httpx.get(f"{server.url}/overview", timeout=30)
    assert page.status_code == 200
    assert "Live collector" not in page.text
