"""`wiredesk load`: merge a batch job's output into an archive through the ingest's own merge.

The batch job (`batch/spark.py`) writes every page it read, with what the page reader made of
it, in input order (`DIR/pages/*.parquet`). Loading replays those records, in that order,
through `wiredesk.store.ingest.ingest_pages` with a reader that hands back the stored parse
instead of parsing again. The page identity, the dedup and merge rules, the problems and the
completion markers are therefore those of a local ingest of the same inputs: the two paths
cannot disagree. Loading twice changes nothing (pages already stored are skipped).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from wiredesk.batch.records import COLUMN_NAMES, page_of, parsed_from_json, problem_of
from wiredesk.errors import InputError
from wiredesk.model import Page, ParsedPage, Problem
from wiredesk.store.base import ArchiveStore, RunReport
from wiredesk.store.ingest import DEFAULT_BATCH, ingest_pages, read_page

MANIFEST = "_wiredesk_batch.json"
PAGES = "pages"
# Parses kept for pages handed to the ingest but not yet read by it (a few batches' worth).
_PARSE_CACHE = 8 * DEFAULT_BATCH


def page_files(out_dir: Path) -> list[Path]:
    """The Parquet files of a batch output's page records.

    Raises:
        InputError: `out_dir` is not the output of `wiredesk batch`.
    """
    folder = out_dir / PAGES
    if not (out_dir / MANIFEST).is_file() or not folder.is_dir():
        raise InputError(
            str(out_dir), "not the output of `wiredesk batch` (no manifest and pages/ folder)"
        )
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The batch run's manifest (inputs, counts, settings)."""
    page_files(out_dir)
    data: dict[str, Any] = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    return data


def iter_records(out_dir: Path) -> Iterator[dict[str, Any]]:
    """The page and problem records of a batch output, in input order, one file in memory."""
    import pyarrow.parquet as pq

    files = []
    for path in page_files(out_dir):
        table = pq.read_table(path, columns=["input_no", "seq"])
        if table.num_rows:
            first = min(zip(table["input_no"].to_pylist(), table["seq"].to_pylist(), strict=True))
            files.append((first, path))
    # Spark writes each partition (a contiguous run of inputs) to its own file.
    for _, path in sorted(files):
        rows = pq.read_table(path, columns=list(COLUMN_NAMES)).to_pylist()
        rows.sort(key=lambda r: (r["input_no"], r["seq"]))
        yield from rows


class _ReplayReader:
    """A page reader that returns the parse the batch job stored for that very Page object."""

    def __init__(self) -> None:
        # Keyed by id(): the ingest holds each Page until it has read it, so ids are unique
        # among the live entries; the bound keeps memory flat for pages it skips unread.
        self._parsed: OrderedDict[int, str] = OrderedDict()

    def remember(self, page: Page, parsed_json: str) -> None:
        self._parsed[id(page)] = parsed_json
        if len(self._parsed) > _PARSE_CACHE:
            self._parsed.popitem(last=False)

    def __call__(self, page: Page) -> ParsedPage:
        stored = self._parsed.pop(id(page), None)
        if stored is None:  # evicted (never in practice): parse again, same reader
            return read_page(page)
        return parsed_from_json(stored)


def replay(out_dir: Path) -> tuple[Iterator[Page | Problem], Callable[[Page], ParsedPage]]:
    """The batch output as the record stream and page reader `ingest_pages` takes."""
    reader = _ReplayReader()

    def records() -> Iterator[Page | Problem]:
        for rec in iter_records(out_dir):
            if rec["kind"] == "page":
                page = page_of(rec)
                reader.remember(page, rec["parsed"])
                yield page
            else:
                yield problem_of(rec)

    return records(), reader


def load_batch(
    store: ArchiveStore,
    out_dir: str | Path,
    *,
    progress: Callable[[int], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> RunReport:
    """Merge a batch output into `store`, exactly as ingesting the batch's inputs would.

    Raises:
        InputError: `out_dir` is not a batch output.
        StoreError: the archive cannot be written.
    """
    records, reader = replay(Path(out_dir))
    return ingest_pages(
        store,
        records,
        progress,
        on_problem=on_problem,
        batch_size=batch_size,
        reader=reader,
    )
