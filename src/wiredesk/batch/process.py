"""One batch task: read one input file with the sources, parse each page, emit flat records.

This is the function Spark runs on its executors (`batch/spark.py` only distributes it); it
uses the very reader and page identity the local ingest uses (`wiredesk.store.ingest`), so a
page read here is the page the local ingest would read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from wiredesk.batch.records import page_record, parsed_to_json, problem_record
from wiredesk.dedup.fingerprint import exact_key
from wiredesk.errors import InputError
from wiredesk.model import Page, ParsedPage, Problem
from wiredesk.store.base import utc_iso
from wiredesk.store.ingest import page_key, parse
from wiredesk.store.raw import raw_sha256

__all__ = ["expand_inputs", "item_keys", "parsed_to_json", "process_input"]


def expand_inputs(paths: Sequence[str]) -> list[str]:
    """The input files in the order the local ingest reads them (folders walked, sorted).

    A path that does not exist is kept, so the task reading it reports the problem.

    Raises:
        InputError: `-` (stdin cannot be split across executors).
    """
    from wiredesk.sources.files import walk_folder

    files: list[str] = []
    for raw in paths:
        if raw == "-":
            raise InputError("-", "stdin cannot be read by a batch job: save it to a file first")
        path = Path(raw)
        # The same walk as `iter_pages`, so every file's pages get the same source location.
        if path.is_dir():
            files.extend(str(p) for p in walk_folder(path))
        else:
            files.append(raw)
    return files


def item_keys(parsed: ParsedPage) -> list[str]:
    """The exact dedup key of every item of a page that has text (as the store computes it)."""
    return [
        exact_key(it.places, it.agencies, it.body.strip()) for it in parsed.items if it.body.strip()
    ]


def process_input(
    input_no: int, path: str, fetched_at: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """Every page (parsed) and source problem of one input file, as records in input order."""
    from wiredesk.sources.read import iter_pages

    for seq, rec in enumerate(iter_pages([path], fetched_at=fetched_at)):
        if isinstance(rec, Page):
            sha = raw_sha256(rec.data)
            parsed = parse(rec)
            out = page_record(
                input_no, seq, rec, parsed, sha, page_key(sha, rec.url, utc_iso(rec.fetched_at))
            )
            out["item_keys"] = json.dumps(item_keys(parsed))
            yield out
        elif isinstance(rec, Problem):
            out = problem_record(input_no, seq, rec)
            out["item_keys"] = "[]"
            yield out
