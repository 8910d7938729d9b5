"""End to end on real pages the project never saw at design time: ingest the seeds with the real
store, then every query returns exactly what the reference evaluator says over the `items` table;
and the CLI commands work on that archive."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("wiredesk.store.ingest")

from wiredesk.archive import Archive
from wiredesk.cli.main import main
from wiredesk.model import Page, SourceRef
from wiredesk.query import api
from wiredesk.query.dates import parse_utc, publication_day
from wiredesk.query.evaluate import RefItem, matches
from wiredesk.query.sqlite_index import json_list
from wiredesk.query.syntax import parse_query

QUERIES = [
    "poetin",
    "kim",
    "rusland OR oekraine",
    "(poetin OR putin) AND kim",
    "kim* NOT sport",
    '"noord-korea"',
    '"verenigde staten"',
    '"kim poetin"~10',
    "headline:trump",
    "body:iran",
    "place:washington",
    "agency:afp",
    "agency:a*",
    "section:buitenland",
    "minist*",
    "k?m",
    "published:[2000-01-01 TO *]",
    "* NOT ANP",
    "israel OR israël",
    "genève",
    "zeg*",
]


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    path = tmp_path_factory.mktemp("e2e") / "a.db"
    fetched = datetime.fromisoformat("2026-02-03T10:15:00+01:00")
    pages = [
        Page(p.read_bytes(), SourceRef("file", str(p)), fetched_at=fetched, format="text")
        for p in sorted(seeds.glob("*.txt"))
    ]
    with Archive.open(path) as archive:
        archive.ingest_pages(pages)
    return path


def _refs(conn: sqlite3.Connection) -> dict[int, RefItem]:
    rows = conn.execute(
        "SELECT rowid, headline, body, places, agencies, section, earliest, latest FROM items"
    ).fetchall()
    return {
        r[0]: RefItem(
            r[1] or "",
            r[2],
            tuple(json_list(r[3])),
            tuple(json_list(r[4])),
            r[5],
            publication_day(parse_utc(r[6]), parse_utc(r[7])),
        )
        for r in rows
    }


@pytest.mark.parametrize("query", QUERIES)
def test_real_pages_engine_equals_reference(archive_path: Path, query: str) -> None:
    conn = sqlite3.connect(archive_path)
    refs = _refs(conn)
    assert len(refs) > 10
    node = parse_query(query)
    want = {rowid for rowid, item in refs.items() if matches(node, item)}
    assert set(api.matching_rowids(conn, query)) == want
    conn.close()


def test_real_pages_have_hits(archive_path: Path) -> None:
    with Archive.open(archive_path, read_only=True) as archive:
        assert archive.search("poetin").total > 0
        assert archive.count("*", by="week")[0].total > 10
        assert archive.kwic("kim", width=4)
        assert "fts5" in archive.explain("kim*")


def test_cli(archive_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--archive", str(archive_path)]
    main([*base, "search", "poetin", "--limit", "3", "--format", "jsonl"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert 0 < len(lines) <= 3
    assert set(lines[0]) >= {
        "id",
        "headline",
        "places",
        "agencies",
        "body",
        "published",
        "sightings",
    }
    main([*base, "count", "poetin", "--by", "week", "--format", "json"])
    counted = json.loads(capsys.readouterr().out)
    assert set(counted) == {"total", "buckets"}
    assert counted["total"] == sum(b["count"] for b in counted["buckets"]) or counted["total"] > 0
    main([*base, "count", "A# poetin", "B# kim", "--by", "month"])
    assert capsys.readouterr().out.splitlines()[0] == "key\tA\tB"
    main([*base, "count", "A# poetin", "B# kim", "--format", "json"])
    assert [r["label"] for r in json.loads(capsys.readouterr().out)] == ["A", "B"]
    main([*base, "cooc", "A# poetin", "B# kim", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["labels"] == ["A", "B"]
    main([*base, "kwic", "kim", "--width", "3", "--limit", "2"])
    assert "[" in capsys.readouterr().out
    main([*base, "count", "A# poetin", "--by", "place", "--format", "csv"])
    assert capsys.readouterr().out.splitlines()[:2][0] == "label,query,key,count"
    main([*base, "kwic", "kim", "--format", "jsonl", "--limit", "1"])
    assert json.loads(capsys.readouterr().out)["match"].lower() == "kim"
    main(
        [
            *base,
            "search",
            "*",
            "--sort",
            "oldest",
            "--format",
            "json",
            "--limit",
            "2",
            "--offset",
            "1",
        ]
    )
    page = json.loads(capsys.readouterr().out)
    assert page["offset"] == 1
    assert len(page["hits"]) == 2
    main([*base, "explain", "kim* AND place:washington"])
    assert "sqlite plan" in capsys.readouterr().out
    main([*base, "search", "kim", "--explain"])
    assert "tree:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "query", ['poetin "kim', "NOT x", "*", "x" * 10_000, "'; DROP TABLE items; --"]
)
def test_cli_query_errors_are_one_line(
    archive_path: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    if query == "*":
        main(["--archive", str(archive_path), "search", query])
        return
    with pytest.raises(SystemExit) as info:
        main(["--archive", str(archive_path), "search", query])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("wiredesk: query: column ")
    assert len(err.strip().splitlines()) == 1
