"""Standard input: one page, or a WARC / JSONL stream, sniffed from its first bytes."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from wiredesk.model import Page, Problem, SourceRef
from wiredesk.sources.feed import iter_feed_bytes
from wiredesk.sources.jsonl import iter_jsonl_lines
from wiredesk.sources.sniff import sniff_format
from wiredesk.sources.warc import iter_warc_stream

NAME = "<stdin>"


def iter_stream_pages(
    stream: IO[bytes], fetched_at: datetime | None = None, name: str = NAME
) -> Iterator[Page | Problem]:
    """Pages from a byte stream: WARC and JSONL are streamed, anything else is one page."""
    raw: Any = stream
    buffered: io.BufferedReader = (
        raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    )
    head = buffered.peek(65536)[:65536]
    fmt = sniff_format(head)
    if fmt == "warc":
        yield from iter_warc_stream(buffered, name)
    elif fmt == "jsonl":
        yield from iter_jsonl_lines(buffered, name, fetched_at)
    elif fmt == "feed":
        yield from iter_feed_bytes(buffered.read(), name, fetched_at)
    else:
        yield Page(
            data=buffered.read(),
            ref=SourceRef("stdin", name),
            url=None,
            fetched_at=fetched_at,
            format=fmt,
        )


def iter_stdin_pages(fetched_at: datetime | None = None) -> Iterator[Page | Problem]:
    """Pages from this process's standard input."""
    yield from iter_stream_pages(sys.stdin.buffer, fetched_at)
