"""The Spark batch job + `wiredesk load` give the same archive as a local ingest of the inputs."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from wiredesk.archive import Archive
from wiredesk.batch.load import load_batch, read_manifest
from wiredesk.errors import InputError, UsageError

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wiredesk.generate import generate_pages, write_crawl

    out = tmp_path_factory.mktemp("crawl")
    write_crawl(out, generate_pages(300, seed=11), seed=11, fmt="mixed")
    return out


def _export(archive: Archive) -> bytes:
    buf = io.BytesIO()
    archive.export(buf, "jsonl")
    return buf.getvalue()


def test_batch_then_load_equals_local_ingest(spark: Any, crawl: Path, tmp_path: Path) -> None:
    from wiredesk.batch.spark import run_batch

    with Archive.open(tmp_path / "local.db") as local:
        local.ingest([str(crawl)])
        want = _export(local)
        want_stats = local.stats()
    out = tmp_path / "batch"
    report = run_batch(spark, [str(crawl)], out, partitions=3)
    assert report.pages + report.source_problems > 0
    with Archive.open(tmp_path / "loaded.db") as loaded:
        first = load_batch(loaded.store, out)
        assert _export(loaded) == want
        assert loaded.stats() == want_stats
        assert loaded.check() == []
        again = load_batch(loaded.store, out)
        assert again.items_new == 0
        assert again.sightings == 0
        assert again.pages_skipped == first.pages - first.pages_skipped
        assert _export(loaded) == want
    # The Parquet tables are those of the archive.
    items = pq.read_table(out / "items").to_pylist()
    lines = [json.loads(line) for line in want.decode().splitlines()]
    assert sorted(r["id"] for r in items) == sorted(r["id"] for r in lines)
    assert pq.read_table(out / "sightings").num_rows == want_stats["sightings"]
    assert pq.read_table(out / "versions").num_rows == want_stats["versions"]
    assert pq.read_table(out / "problems").num_rows == want_stats["problems"]
    assert read_manifest(out)["report"]["pages"] == report.pages


def test_batch_refuses_a_non_empty_out_and_load_a_non_batch_folder(
    spark: Any, crawl: Path, tmp_path: Path
) -> None:
    from wiredesk.batch.spark import run_batch

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(UsageError):
        run_batch(spark, [str(crawl)], tmp_path / "out")
    with pytest.raises(UsageError, match="not a batch output"):
        run_batch(spark, [str(crawl)], tmp_path / "out", overwrite=True)
    assert (tmp_path / "out" / "keep.txt").exists()
    with Archive.open(tmp_path / "a.db") as archive, pytest.raises(InputError):
        load_batch(archive.store, tmp_path / "out")
