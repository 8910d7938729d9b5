"""Export items as JSONL, CSV or Parquet: every item (or every hit of a query), all fields."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from wiredesk.errors import UsageError
from wiredesk.store.base import ArchiveStore
from wiredesk.store.sqlite_reads import EXPORT_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
_PARQUET_ROWS = 10_000


def _jsonl_record(rec: dict[str, Any]) -> dict[str, Any]:
    """The search-contract shape (`published`, `sightings`) plus every other field."""
    out = {
        "id": rec["id"],
        "headline": rec["headline"],
        "places": rec["places"],
        "agencies": rec["agencies"],
        "body": rec["body"],
        "published": {"earliest": rec["earliest"], "latest": rec["latest"]},
        "sightings": rec["n_sightings"],
    }
    out.update(rec)
    return out


def _csv_row(rec: dict[str, Any]) -> list[Any]:
    # Lists are joined with "/" as on the page (`PARIJS/BRUSSEL`, `ANP/AFP`).
    row = []
    for name in EXPORT_FIELDS:
        value = rec[name]
        if isinstance(value, list):
            value = "/".join(value)
        elif isinstance(value, bool):
            value = int(value)
        row.append("" if value is None else value)
    return row


def _write_jsonl(records: Iterator[dict[str, Any]], out: IO[bytes]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(_jsonl_record(rec), ensure_ascii=False).encode("utf-8") + b"\n")
        n += 1
    return n


def _write_csv(records: Iterator[dict[str, Any]], out: IO[bytes]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(EXPORT_FIELDS)
    n = 0
    for rec in records:
        writer.writerow(_csv_row(rec))
        n += 1
    text.flush()
    text.detach()
    return n


def _write_parquet(records: Iterator[dict[str, Any]], out: Path | IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("headline", pa.string()),
            ("places", pa.list_(pa.string())),
            ("agencies", pa.list_(pa.string())),
            ("section", pa.string()),
            ("body", pa.string()),
            ("earliest", pa.string()),
            ("latest", pa.string()),
            ("first_seen", pa.string()),
            ("last_seen", pa.string()),
            ("n_versions", pa.int64()),
            ("n_sightings", pa.int64()),
            ("lead_of", pa.string()),
            ("conflict", pa.bool_()),
        ]
    )
    n = 0
    sink = str(out) if isinstance(out, Path) else out
    with pq.ParquetWriter(sink, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for rec in records:
            chunk.append(rec)
            if len(chunk) >= _PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def export_items(
    store: ArchiveStore, out: Path | IO[bytes], fmt: str, *, query: str | None = None
) -> int:
    """Write the items (all, or the hits of `query`) to `out`; returns how many were written.

    Raises:
        UsageError: an unknown format.
        StoreError: `query` given but search is not available.
    """
    if fmt not in FORMATS:
        raise UsageError("export", f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    rowids = store.matching_rowids(query) if query is not None else None
    records = store.iter_items(rowids)
    if fmt == "parquet":
        return _write_parquet(records, out)
    if isinstance(out, Path):
        with out.open("wb") as fh:
            return _write_jsonl(records, fh) if fmt == "jsonl" else _write_csv(records, fh)
    return _write_jsonl(records, out) if fmt == "jsonl" else _write_csv(records, out)
