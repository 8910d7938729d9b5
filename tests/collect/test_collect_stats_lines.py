"""`wiredesk stats` lists the live collector's counters once the collector has run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from wiredesk.archive import Archive
from wiredesk.cli.main import cli


def test_stats_table_has_collector_lines_and_json_keeps_the_contract(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    runner = CliRunner()
    Archive.open(db).close()
    before = runner.invoke(cli, ["--archive", str(db), "stats"])
    assert "collector" not in before.output
    with Archive.open(db) as archive:
        conn = archive.store.conn  # type: ignore[attr-defined]
        with conn:
            conn.executemany(
                "INSERT INTO collect_counters(name, value) VALUES (?, ?)",
                [("requests", 5), ("fetched", 4), ("skipped_robots", 1)],
            )
    table = runner.invoke(cli, ["--archive", str(db), "stats"])
    assert table.exit_code == 0
    assert "collector fetched" in table.output
    assert "collector skipped robots  1" in table.output
    data = json.loads(
        runner.invoke(cli, ["--archive", str(db), "stats", "--format", "json"]).output
    )
    assert set(data) == {"pages", "items", "sightings", "versions", "problems"}
