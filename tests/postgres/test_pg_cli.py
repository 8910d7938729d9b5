"""The command line on `--archive postgresql://...` behaves as on an SQLite file (cli.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]


def wd(archive: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", "--archive", archive, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run(archive: str, *args: str) -> Any:
    """The CLI in this process (fast); stderr is kept apart from stdout."""
    from click.testing import CliRunner

    from wiredesk.cli.main import cli

    result = CliRunner().invoke(cli, ["--archive", archive, *args], catch_exceptions=False)
    return result


def test_cli_on_postgres_equals_cli_on_sqlite(pg_url: str, tmp_path: Path) -> None:
    from wiredesk.generate import generate_pages, write_crawl

    crawl = tmp_path / "crawl"
    write_crawl(crawl, generate_pages(120, seed=9), seed=9, fmt="mixed")
    lite = str(tmp_path / "a.db")
    outputs = {}
    for name, archive in (("sqlite", lite), ("postgresql", pg_url)):
        ingest = wd(archive, "ingest", str(crawl))  # the real process, once
        assert ingest.returncode == 0, ingest.stderr
        assert "pages:" in ingest.stderr
        assert "Traceback" not in ingest.stderr
        stats = json.loads(run(archive, "stats", "--format", "json").stdout)
        search = run(archive, "search", "de OR het", "--limit", "5", "--format", "jsonl").stdout
        count = json.loads(run(archive, "count", "de", "--by", "month", "--format", "json").stdout)
        out = tmp_path / f"{name}.jsonl"
        assert run(archive, "export", "--format", "jsonl", str(out)).exit_code == 0
        check = run(archive, "check")
        assert check.exit_code == 0, check.output
        first = json.loads(out.read_text().splitlines()[0])["id"]
        show = run(archive, "show", first)
        assert show.exit_code == 0
        assert first in show.stdout
        problems = run(archive, "problems")
        assert problems.exit_code == 0
        for extra in (
            ["stats"],
            ["kwic", "de"],
            ["cooc", "de\nhet"],
            ["explain", "de*"],
            ["search", "de", "--explain"],
            ["places", "--format", "json"],
        ):
            done = run(archive, *extra)
            assert done.exit_code == 0, (extra, done.output)
        outputs[name] = (stats, count, out.read_text(), len(search.splitlines()), problems.stdout)
    assert outputs["sqlite"][0] == outputs["postgresql"][0]
    assert outputs["sqlite"][1] == outputs["postgresql"][1]
    assert outputs["sqlite"][2] == outputs["postgresql"][2]  # identical export
    assert outputs["sqlite"][3] == outputs["postgresql"][3]


def test_bad_postgres_url_is_one_line(tmp_path: Path) -> None:
    from pgserver import free_port

    result = wd(f"postgresql://nobody@127.0.0.1:{free_port()}/none", "stats")
    assert result.returncode == 2
    assert result.stderr.startswith("wiredesk: postgresql://")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
