"""`wiredesk ingest|stats|check|show|problems|export` end to end on a generated crawl."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

WIREDESK = [sys.executable, "-m", "wiredesk"]


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*WIREDESK, "--archive", str(cwd / "a.db"), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("crawl") / "crawl"
    done = subprocess.run(
        [*WIREDESK, "generate", "--pages", "300", "--seed", "7", "--format", "mixed", str(out)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return out


@pytest.fixture(scope="module")
def archive(crawl: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("archive")
    done = run("ingest", str(crawl), cwd=home)
    assert done.returncode == 0, done.stderr.decode()
    home.joinpath("ingest.err").write_bytes(done.stderr)
    return home


def test_ingest_reports_problems_one_line_each_and_a_summary(archive: Path) -> None:
    err = archive.joinpath("ingest.err").read_text()
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert lines[-1].startswith(tuple("0123456789"))
    assert " pages: " in lines[-1]
    assert " read, " in lines[-1]
    assert " with problems, " in lines[-1]
    problems = [ln for ln in lines[:-1] if ln.startswith("wiredesk: ")]
    assert problems, "the generated crawl holds broken pages"
    assert all(": " in ln[len("wiredesk: ") :] for ln in problems)


def test_stats_json_contract_and_check(archive: Path) -> None:
    stats = json.loads(run("stats", "--format", "json", cwd=archive).stdout)
    assert set(stats) == {"pages", "items", "sightings", "versions", "problems"}
    assert stats["items"] < stats["sightings"]
    assert stats["problems"] > 0
    table = run("stats", cwd=archive).stdout.decode()
    assert "briefs linked" in table
    done = run("check", cwd=archive)
    assert done.returncode == 0, done.stdout.decode()


def test_ingesting_again_changes_nothing(archive: Path, crawl: Path) -> None:
    before = run("stats", "--format", "json", cwd=archive).stdout
    export_before = run("export", "--format", "jsonl", "-", cwd=archive).stdout
    again = run("ingest", str(crawl), cwd=archive)
    assert again.returncode == 0
    assert b"already in the archive" in again.stderr
    assert run("stats", "--format", "json", cwd=archive).stdout == before
    assert run("export", "--format", "jsonl", "-", cwd=archive).stdout == export_before


def test_show_item_with_versions_and_sightings(archive: Path) -> None:
    line = run("export", "--format", "jsonl", "-", cwd=archive).stdout.splitlines()[0]
    item_id = json.loads(line)["id"]
    detail = json.loads(run("show", item_id, "--format", "json", cwd=archive).stdout)
    assert detail["id"] == item_id
    assert len(detail["sightings"]) == detail["n_sightings"] >= 1
    assert len(detail["versions"]) == detail["n_versions"] >= 1
    text = run("show", item_id[:10], cwd=archive)
    assert text.returncode == 0
    assert b"sighting(s):" in text.stdout
    missing = run("show", "doesnotexist", cwd=archive)
    assert missing.returncode == 2
    assert missing.stderr.startswith(b"wiredesk: doesnotexist: ")


def test_problems_lists_failed_inputs(archive: Path) -> None:
    rows = json.loads(run("problems", "--format", "json", cwd=archive).stdout)
    assert rows
    assert all(r["input"] and r["message"] and r["code"] for r in rows)


def test_export_formats_hold_every_item(archive: Path, tmp_path: Path) -> None:
    n = json.loads(run("stats", "--format", "json", cwd=archive).stdout)["items"]
    lines = run("export", "--format", "jsonl", "-", cwd=archive).stdout.splitlines()
    assert len(lines) == n
    rec = json.loads(lines[0])
    for key in ("id", "headline", "places", "agencies", "body", "published", "sightings"):
        assert key in rec
    rows = list(
        csv.DictReader(
            io.StringIO(run("export", "--format", "csv", "-", cwd=archive).stdout.decode())
        )
    )
    assert len(rows) == n
    assert rows[0]["id"] == rec["id"]
    out = tmp_path / "items.parquet"
    assert run("export", "--format", "parquet", str(out), cwd=archive).returncode == 0
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.num_rows == n
    assert table.column("places").type.value_type == "string"
    assert run("export", "--format", "parquet", "-", cwd=archive).returncode == 2


def test_export_with_a_query_gives_only_hits(archive: Path) -> None:
    done = run("export", "--format", "jsonl", "--query", "ANP", "-", cwd=archive)
    if done.returncode != 0:
        assert b"search" in done.stderr  # search not available: a clear line, no traceback
        assert b"Traceback" not in done.stderr
        return
    everything = run("export", "--format", "jsonl", "-", cwd=archive).stdout.splitlines()
    assert len(done.stdout.splitlines()) <= len(everything)


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run("ingest", str(empty), cwd=tmp_path)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    missing = run("ingest", str(tmp_path / "nope.txt"), cwd=tmp_path)
    assert missing.returncode == 2
    assert b"Traceback" not in missing.stderr


def test_bad_inputs_in_one_batch(tmp_path: Path, crawl: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    good = sorted((crawl / "text").rglob("*.txt"))[:3]
    for i, page in enumerate(good):
        (bad / f"good{i}.txt").write_bytes(page.read_bytes())
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "huge.txt").write_bytes(b"AMSTERDAM (ANP) - " + b"woord " * (50 * 1024 * 1024 // 6))
    warc = next(crawl.glob("*.warc.gz")).read_bytes()
    (bad / "cut.warc.gz").write_bytes(warc[: len(warc) // 2])
    done = run("ingest", "--fetched-at", "2026-01-10T12:00:00+01:00", str(bad), cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in err
    for name in ("binary.txt", "empty.txt", "huge.txt", "cut.warc.gz"):
        assert sum(name in ln for ln in err.splitlines()[:-1]) >= 1, (name, err)
    listed = json.loads(run("problems", "--format", "json", cwd=tmp_path).stdout)
    named = " ".join(r["input"] for r in listed)
    for name in ("binary.txt", "empty.txt", "huge.txt", "cut.warc.gz"):
        assert name in named
    assert run("check", cwd=tmp_path).returncode == 0


def test_fetched_at_without_zone_is_refused(tmp_path: Path, crawl: Path) -> None:
    page = next((crawl / "text").rglob("*.txt"))
    done = run("ingest", "--fetched-at", "2026-01-10T12:00:00", str(page), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(b"wiredesk: --fetched-at: ")


def test_stdin(tmp_path: Path, crawl: Path) -> None:
    page = next((crawl / "text").rglob("*.txt")).read_bytes()
    done = run("ingest", "--fetched-at", "2026-01-10T12:00:00Z", "-", cwd=tmp_path, stdin=page)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(run("stats", "--format", "json", cwd=tmp_path).stdout)["pages"] == 1


def test_postgres_location_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [*WIREDESK, "--archive", "postgresql://localhost/x", "stats"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


def test_real_pages_crawled_twice_give_each_brief_once(tmp_path: Path, seeds_dir: Path) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    for when in ("2026-02-03T10:00:00+01:00", "2026-02-03T10:40:00+01:00"):
        done = run("ingest", "--fetched-at", when, *map(str, seeds), cwd=tmp_path)
        assert done.returncode == 0, done.stderr.decode()
    stats = json.loads(run("stats", "--format", "json", cwd=tmp_path).stdout)
    assert stats["pages"] == 2 * len(seeds)
    assert stats["sightings"] == 2 * stats["items"]
    items = [
        json.loads(x)
        for x in run("export", "--format", "jsonl", "-", cwd=tmp_path).stdout.splitlines()
    ]
    assert all(it["n_sightings"] == 2 for it in items)
    assert not any(it["conflict"] for it in items)
    assert run("check", cwd=tmp_path).returncode == 0
