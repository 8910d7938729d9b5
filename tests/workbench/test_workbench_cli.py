"""The workbench through the CLI: explain, why/diff, scopes, normalised counts, shares, freeze."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from workbench_testkit import Cli, versioned_item


def test_explain_invalid_query_gives_the_position(cli: Cli) -> None:
    code, _out, err = cli("explain", "politie AND (kabinet")
    assert code == 2
    assert err.strip() == "wiredesk: query: column 13: unbalanced parenthesis: close this ( with )"


def test_explain_lists_expansions_with_counts(cli: Cli) -> None:
    code, out, _ = cli("explain", "polit* OR kabinet")
    assert code == 0
    assert "tree:" in out
    assert "kabinet -> stems kabinet (" in out
    assert "polit" in out


def test_why_and_show_diff(cli: Cli, wb_archive: Path) -> None:
    item = versioned_item(wb_archive)
    code, out, _ = cli("why", item)
    assert code == 0
    assert "near-duplicate threshold" in out
    assert "v2 first seen" in out
    code, out, _ = cli("show", item, "--diff")
    assert code == 0
    assert out.startswith("v1 (first seen ")
    assert "-> v2" in out
    code, out, _ = cli("show", item, "--diff", "--format", "json")
    diffs = json.loads(out)["diffs"]
    assert diffs[0]["older"] == 1
    assert {s["kind"] for s in diffs[0]["body"]} & {"insert", "delete"}
    code, _, err = cli("why", "no-such-item")
    assert code == 2
    assert "no such item" in err


def _total(cli: Cli, *args: str) -> int:
    code, out, err = cli("count", "*", *args, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    return int(data[0]["total"] if isinstance(data, list) else data["total"])


def test_scopes_partition_and_unmerge(cli: Cli) -> None:
    merged = _total(cli)
    assert _total(cli, "--wire", "only") + _total(cli, "--wire", "exclude") == merged
    assert _total(cli, "--no-merge") > merged  # the archive has items with several versions
    code, out, _ = cli("search", "*", "--no-merge", "--limit", "2")
    assert code == 0
    assert "versions match (every version as an item)" in out


def test_count_normalize_gives_shares_of_the_same_bucket(cli: Cli) -> None:
    code, out, _ = cli(
        "count", "Politie# politie", "--normalize", "--by", "week", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["key"] == "total"
    for r in rows:
        if int(r["all"]):
            assert abs(float(r["share"]) - int(r["count"]) / int(r["all"])) < 1e-6
    week_all = sum(int(r["all"]) for r in rows[1:])
    assert week_all <= int(rows[0]["all"])  # items without a day count in the total only


def test_shares_wide_export(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("shares", "A# politie", "B# kabinet", "--by", "month", "--format", "wide")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["key", "all", "A", "A share", "B", "B share"]
    assert rows[1][0] == "total"
    code, _, err = cli(
        "shares",
        "politie",
        "--by",
        "week",
        "--format",
        "parquet",
        "--out",
        str(tmp_path / "s.parquet"),
    )
    assert code == 0, err
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "s.parquet")
    assert table.column_names == ["label", "query", "key", "count", "all", "share"]


def test_freeze_and_frozen(tmp_path: Path, wb_archive: Path, capsys: object) -> None:
    import shutil

    path = tmp_path / "a.db"
    shutil.copy(wb_archive, path)
    cli = Cli(path, capsys)  # type: ignore[arg-type]
    code, out, err = cli("freeze", "politie", "--name", "pol", "--note", "paper 1")
    assert code == 0, err
    sid = out.split("id", 1)[1].split()[0]
    assert sid.startswith("wd-")
    code, _, err = cli("freeze", "politie", "--name", "pol")
    assert code == 2
    assert "exists already" in err
    code, out, _ = cli("freeze", "zzyzxnotaword", "--name", "empty")
    assert code == 0
    assert "0 items" in out
    code, out, _ = cli("frozen", "--list")
    assert "pol\t" + sid in out
    assert "empty\t" in out
    code, out, _ = cli("frozen", "empty", "--format", "jsonl")
    assert code == 0
    assert out == ""
    code, out, _ = cli("frozen", "empty", "--count", "--format", "json")
    assert json.loads(out)["counts"][0]["count"] == 0
    code, out, _ = cli("frozen", sid, "--format", "json")  # by citable id
    data = json.loads(out)
    assert data["manifest"]["id"] == sid
    assert data["manifest"]["note"] == "paper 1"
    assert len(data["items"]) == data["manifest"]["counts"]["items"] > 0
    assert {"query", "created_at", "wiredesk_version", "archive", "checksum", "versions"} <= set(
        data["manifest"]
    )
    code, out, _ = cli("frozen", "pol", "--verify")
    assert code == 0
    assert "checksum ok" in out
    code, out, _ = cli("frozen", "pol", "--count", "--by", "week")
    assert code == 0
    assert out.splitlines()[1] == "key\tcount\tall\tshare"
    code, _, err = cli("frozen", "pol", "--format", "parquet", "--out", str(tmp_path / "p.parquet"))
    assert code == 0, err
    code, _, err = cli("frozen", "nope")
    assert code == 2
    assert "no frozen set" in err
