"""`wiredesk places` on a real archive built from the seed pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wiredesk.cli.main import cli
from wiredesk.enrich.dateline_places import count_places, places_report

KEYS = ["as_written", "name", "country", "lat", "lon", "id", "items"]


def test_count_places_skips_bad_rows() -> None:
    counts = count_places(['["PARIJS", "PARIJS"]', None, "", "not json", '{"a": 1}', '["KYIV"]'])
    assert counts == {"PARIJS": 1, "KYIV": 1}


def test_report_shape_and_unresolved() -> None:
    rows = places_report(count_places(['["PARIJS"]', '["XQZWORP"]', '["PARIJS"]']))
    assert [list(r) for r in rows] == [KEYS, KEYS]
    assert rows[0] == {
        "as_written": "PARIJS",
        "name": "Paris",
        "country": "FR",
        "lat": rows[0]["lat"],
        "lon": rows[0]["lon"],
        "id": "2988507",
        "items": 2,
    }
    assert rows[1] == {
        "as_written": "XQZWORP",
        "name": None,
        "country": None,
        "lat": None,
        "lon": None,
        "id": None,
        "items": 1,
    }
    only = places_report(count_places(['["PARIJS"]', '["XQZWORP"]']), unresolved=True)
    assert [r["as_written"] for r in only] == ["XQZWORP"]


def test_cli_places_json(tmp_path: Path, seeds_dir: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    ingest = runner.invoke(cli, ["--archive", db, "ingest", str(seeds_dir)])
    if ingest.exit_code != 0:
        pytest.skip(f"ingest not available: {ingest.output}")
    out = runner.invoke(cli, ["--archive", db, "places", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert rows
    assert all(list(r) == KEYS for r in rows)
    by_place = {r["as_written"]: r for r in rows}
    assert by_place["PARIJS"]["country"] == "FR"
    assert by_place["KOMSOMOLSK AAN DE AMOER"]["country"] == "RU"
    assert all(isinstance(r["items"], int) and r["items"] >= 1 for r in rows)
    table = runner.invoke(cli, ["--archive", db, "places"])
    assert table.exit_code == 0
    assert "as_written" in table.output
    unresolved = runner.invoke(cli, ["--archive", db, "places", "--unresolved", "--format", "json"])
    assert unresolved.exit_code == 0
    assert all(r["id"] is None for r in json.loads(unresolved.output))
