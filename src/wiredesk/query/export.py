"""Export the items a query matches (every field) as JSONL, CSV or Parquet (via pyarrow)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from wiredesk.errors import UsageError
from wiredesk.query.api import matching_rowids
from wiredesk.query.plan import Filters
from wiredesk.query.sqlite_index import json_list

FORMATS = ("jsonl", "csv", "parquet")
COLUMNS = (
    "id",
    "headline",
    "places",
    "agencies",
    "section",
    "body",
    "earliest",
    "latest",
    "first_seen",
    "last_seen",
    "n_versions",
    "n_sightings",
    "lead_of",
    "conflict",
)
_CHUNK = 500


def iter_records(
    conn: sqlite3.Connection, query: str | None = None, filters: Filters | None = None
) -> Iterator[dict[str, Any]]:
    """Every item (or every item the query matches), oldest rowid first, as plain dicts."""
    cols = ", ".join(COLUMNS)
    if query is None:
        cur = conn.execute(f"SELECT {cols} FROM items ORDER BY rowid")
        while batch := cur.fetchmany(_CHUNK):
            yield from (_record(r) for r in batch)
        return
    rowids = matching_rowids(conn, query, filters)
    for k in range(0, len(rowids), _CHUNK):
        chunk = rowids[k : k + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT {cols} FROM items WHERE rowid IN ({marks}) ORDER BY rowid", chunk
        )
        yield from (_record(r) for r in rows)


def _record(row: tuple[Any, ...]) -> dict[str, Any]:
    rec = dict(zip(COLUMNS, row, strict=True))
    rec["places"] = json_list(rec["places"])
    rec["agencies"] = json_list(rec["agencies"])
    return rec


def export_query(
    conn: sqlite3.Connection,
    out: Path | BinaryIO,
    fmt: str,
    query: str | None = None,
    filters: Filters | None = None,
) -> int:
    """Write the records to `out` (a path or a binary stream); returns how many were written.

    Raises:
        UsageError: unknown format.
        QuerySyntaxError: the query does not parse.
    """
    if fmt not in FORMATS:
        raise UsageError("format", f"{fmt!r}: use one of {', '.join(FORMATS)}")
    records = iter_records(conn, query, filters)
    if fmt == "parquet":
        return _parquet(records, out)
    stream: BinaryIO = out.open("wb") if isinstance(out, Path) else out
    n = 0
    try:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        if fmt == "jsonl":
            for rec in records:
                text.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        else:
            writer = csv.DictWriter(text, fieldnames=COLUMNS)
            writer.writeheader()
            for rec in records:
                writer.writerow(
                    {
                        **rec,
                        "places": "/".join(rec["places"]),
                        "agencies": "/".join(rec["agencies"]),
                    }
                )
                n += 1
        text.flush()
        text.detach()
    finally:
        if isinstance(out, Path):
            stream.close()
    return n


def _parquet(records: Iterator[dict[str, Any]], out: Path | BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (
                c,
                pa.list_(pa.string())
                if c in ("places", "agencies")
                else pa.int64()
                if c in ("n_versions", "n_sightings", "conflict")
                else pa.string(),
            )
            for c in COLUMNS
        ]
    )
    n = 0
    with pq.ParquetWriter(
        out if isinstance(out, Path) else pa.PythonFile(out, mode="w"), schema
    ) as writer:
        batch: list[dict[str, Any]] = []
        for rec in records:
            batch.append(rec)
            if len(batch) >= 10_000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
