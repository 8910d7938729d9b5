"""Lossless flat records of pages, parsed pages and problems, for the batch job's Parquet output.

The batch job writes one record per page or source problem, in input order; `wiredesk load`
turns them back into the exact `Page`, `ParsedPage` and `Problem` objects the local ingest
would have met, so both paths feed the same merge with the same data.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from wiredesk.model import IndexEntry, Interval, Page, ParsedItem, ParsedPage, Problem, SourceRef

# Parquet column names and types (pyarrow type names), in order; the Spark schema mirrors it.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("input_no", "int64"),  # position of the input file in the expanded input list
    ("seq", "int64"),  # position of the record within its input
    ("kind", "string"),  # "page" or "problem"
    ("source_kind", "string"),
    ("location", "string"),
    ("offset", "int64"),
    ("record_id", "string"),
    ("url", "string"),
    ("fetched_at", "string"),  # full-precision ISO-8601 as read
    ("format", "string"),
    ("encoding", "string"),
    ("data", "binary"),
    ("raw_sha256", "string"),
    ("page_key", "string"),
    ("layout", "string"),
    ("page_kind", "string"),
    ("section", "string"),
    ("n_items", "int64"),
    ("parsed", "string"),  # the ParsedPage as JSON (see `parsed_to_json`)
    ("problem_code", "string"),
    ("problem_input", "string"),
    ("problem_message", "string"),
    ("problem_stage", "string"),
    ("item_keys", "string"),  # JSON array: the exact dedup key of each item with text
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _interval(iv: Interval) -> list[str | None]:
    return [_iso(iv.earliest), _iso(iv.latest)]


def _from_interval(pair: list[str | None]) -> Interval:
    return Interval(_moment(pair[0]), _moment(pair[1]))


def _problem(p: Problem) -> list[str]:
    return [p.code, p.input, p.message, p.stage]


def parsed_to_json(parsed: ParsedPage) -> str:
    """Every field of a ParsedPage as compact JSON (the inverse of `parsed_from_json`)."""
    doc: dict[str, Any] = {
        "k": parsed.page_kind,
        "s": parsed.section,
        "f": _iso(parsed.fetched_at),
        "l": parsed.layout,
        "u": parsed.url,
        "i": [
            [
                it.role,
                it.position,
                it.headline,
                list(it.places),
                list(it.agencies),
                it.body,
                it.age,
                _interval(it.published),
                it.truncated,
                it.dateline,
            ]
            for it in parsed.items
        ],
        "x": [[e.section, e.time, e.title, _interval(e.published)] for e in parsed.index_entries],
        "p": [_problem(p) for p in parsed.problems],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def parsed_from_json(text: str) -> ParsedPage:
    """The ParsedPage written by `parsed_to_json`."""
    doc = json.loads(text)
    items = tuple(
        ParsedItem(
            role=row[0],
            position=int(row[1]),
            headline=row[2],
            places=tuple(row[3]),
            agencies=tuple(row[4]),
            body=row[5],
            age=row[6],
            published=_from_interval(row[7]),
            truncated=bool(row[8]),
            dateline=row[9],
        )
        for row in doc["i"]
    )
    entries = tuple(
        IndexEntry(section=r[0], time=r[1], title=r[2], published=_from_interval(r[3]))
        for r in doc["x"]
    )
    return ParsedPage(
        page_kind=doc["k"],
        section=doc["s"],
        fetched_at=_moment(doc["f"]),
        items=items,
        index_entries=entries,
        layout=doc["l"],
        url=doc["u"],
        problems=tuple(Problem(c, i, m, s) for c, i, m, s in doc["p"]),
    )


def empty_record(input_no: int, seq: int, kind: str) -> dict[str, Any]:
    """A record with every column present (None where it does not apply)."""
    rec: dict[str, Any] = dict.fromkeys(COLUMN_NAMES)
    rec["input_no"] = input_no
    rec["seq"] = seq
    rec["kind"] = kind
    return rec


def page_record(
    input_no: int, seq: int, page: Page, parsed: ParsedPage, raw_sha256: str, page_key: str
) -> dict[str, Any]:
    """The record of one page and what the reader made of it."""
    rec = empty_record(input_no, seq, "page")
    rec.update(
        source_kind=page.ref.kind,
        location=page.ref.location,
        offset=page.ref.offset,
        record_id=page.ref.record_id,
        url=page.url,
        fetched_at=_iso(page.fetched_at),
        format=page.format,
        encoding=page.encoding,
        data=page.data,
        raw_sha256=raw_sha256,
        page_key=page_key,
        layout=parsed.layout,
        page_kind=parsed.page_kind,
        section=parsed.section,
        n_items=len(parsed.items),
        parsed=parsed_to_json(parsed),
    )
    return rec


def problem_record(input_no: int, seq: int, problem: Problem) -> dict[str, Any]:
    """The record of a problem a source met (an unreadable file or WARC record)."""
    rec = empty_record(input_no, seq, "problem")
    rec.update(
        problem_code=problem.code,
        problem_input=problem.input,
        problem_message=problem.message,
        problem_stage=problem.stage,
    )
    return rec


def page_of(rec: dict[str, Any]) -> Page:
    """The Page of a page record, exactly as the source yielded it."""
    return Page(
        data=bytes(rec["data"]),
        ref=SourceRef(
            rec["source_kind"],
            rec["location"],
            None if rec["offset"] is None else int(rec["offset"]),
            rec["record_id"],
        ),
        url=rec["url"],
        fetched_at=_moment(rec["fetched_at"]),
        format=rec["format"],
        encoding=rec["encoding"],
    )


def problem_of(rec: dict[str, Any]) -> Problem:
    """The Problem of a problem record."""
    return Problem(
        rec["problem_code"], rec["problem_input"], rec["problem_message"], rec["problem_stage"]
    )
