"""JSON Lines crawls: one `{"url", "fetched_at", "text"|"html"}` object per line -> Pages."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from wiredesk.model import Page, Problem, SourceRef


def _bad(name: str, line_no: int, why: str) -> Problem:
    return Problem("jsonl_bad_line", f"{name}:{line_no}", why, stage="source")


def parse_jsonl_line(
    raw: bytes, name: str, line_no: int, fetched_at: datetime | None = None
) -> Page | Problem | None:
    """One line -> a Page, a Problem naming `name:line`, or None for a blank line."""
    if not raw.strip():
        return None
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return _bad(name, line_no, f"not JSON ({str(exc).splitlines()[0][:80]})")
    if not isinstance(record, dict):
        return _bad(name, line_no, "not a JSON object")
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str):
        body, fmt = text, "text"
    elif isinstance(html, str):
        body, fmt = html, "html"
    else:
        return _bad(name, line_no, 'no "text" or "html" string')
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        return _bad(name, line_no, '"url" is not a string')
    when = fetched_at
    raw_time = record.get("fetched_at")
    if raw_time is not None:
        if not isinstance(raw_time, str):
            return _bad(name, line_no, '"fetched_at" is not a string')
        try:
            when = datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
        except ValueError:
            return _bad(name, line_no, f'"fetched_at" is not ISO-8601: {raw_time[:40]!r}')
        if when.tzinfo is None:
            return _bad(name, line_no, '"fetched_at" has no UTC offset')
    return Page(
        data=body.encode("utf-8", errors="surrogatepass"),
        ref=SourceRef("jsonl", name, record_id=str(line_no)),
        url=url or None,
        fetched_at=when,
        format=fmt,
        encoding="utf-8",
    )


def iter_jsonl_lines(
    lines: Iterable[bytes], name: str, fetched_at: datetime | None = None
) -> Iterator[Page | Problem]:
    """Pages from JSON lines, streamed; `fetched_at` fills in for lines that carry none."""
    for line_no, raw in enumerate(lines, start=1):
        result = parse_jsonl_line(raw, name, line_no, fetched_at)
        if result is not None:
            yield result


def iter_jsonl_file(path: str, fetched_at: datetime | None = None) -> Iterator[Page | Problem]:
    """Pages from one JSONL file on disk."""
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 -- closed below, after the generator ends
    except OSError as exc:
        yield Problem("unreadable", path, str(exc.strerror or exc).lower(), stage="source")
        return
    with stream:
        yield from iter_jsonl_lines(stream, path, fetched_at)
