"""Exporting a query writes exactly its hits, in every format (the one export path)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from wiredesk.archive import Archive
from wiredesk.generate import generate_pages


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "a.db"
    with Archive.open(path) as archive:
        archive.ingest_pages([p.to_page() for p in generate_pages(120, seed=4)])
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_of_a_query_holds_exactly_its_hits(archive_path: Path, fmt: str) -> None:
    with Archive.open(archive_path) as archive:
        total = archive.search("poetin", limit=0).total
        everything = archive.stats()["items"]
        buf = io.BytesIO()
        assert archive.export(buf, fmt, query="poetin") == total
        assert archive.export(io.BytesIO(), fmt) == everything
    assert 0 < total < everything
    data = buf.getvalue()
    if fmt == "jsonl":
        records = [json.loads(line) for line in data.decode().splitlines()]
        assert len(records) == total
        assert all(isinstance(r["places"], list) for r in records)
    elif fmt == "csv":
        assert data.decode().splitlines()[0].startswith("id,headline,places")
    else:
        assert pq.read_table(io.BytesIO(data)).num_rows == total
