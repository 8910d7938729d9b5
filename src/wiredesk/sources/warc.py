"""WARC files (`.warc`, `.warc.gz`): HTTP response records -> Pages, streamed record by record."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from wiredesk.model import Page, Problem, SourceRef

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def _format(content_type: str) -> str | None:
    mime = content_type.split(";")[0].strip().lower()
    if mime in _HTML_TYPES:
        return "html"
    if mime == "text/plain":
        return "text"
    return None


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def iter_warc_stream(
    stream: IO[bytes], name: str, size: int | None = None
) -> Iterator[Page | Problem]:
    """Pages from the HTTP response records of a WARC stream (gzip or not).

    Other records (request, metadata, warcinfo, non-HTTP responses) are skipped. A truncated or
    corrupt record ends the stream with one Problem naming `name@offset`; with `size` (the file
    size) a record cut short at the end of the file is found too.
    """
    iterator = ArchiveIterator(stream)
    next_offset = 0
    try:
        for record in iterator:
            if record.format != "warc":  # warcio guesses ARC for garbage; we read WARC only
                yield Problem(
                    "warc_corrupt", f"{name}@{next_offset}", "not a WARC record", stage="source"
                )
                return
            wanted = (
                record.rec_type == "response"
                and record.http_headers is not None
                and record.http_headers.protocol.upper().startswith("HTTP")
            )
            body = record.content_stream().read() if wanted else b""
            # get_record_offset() reads the record to its end: ask only after the body is read.
            # Drain what the decoders left (chunk trailers); a record still owed bytes is cut.
            while record.raw_stream.read(65536):
                pass
            short = getattr(record.raw_stream, "limit", 0) > 0
            offset = iterator.get_record_offset()
            next_offset = offset + iterator.get_record_length()
            if short:
                yield Problem(
                    "warc_truncated",
                    f"{name}@{offset}",
                    "truncated WARC record (ends before its Content-Length)",
                    stage="source",
                )
                return
            if not wanted:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            yield Page(
                data=body,
                ref=SourceRef(
                    "warc",
                    name,
                    offset=offset,
                    record_id=record.rec_headers.get_header("WARC-Record-ID"),
                ),
                url=record.rec_headers.get_header("WARC-Target-URI"),
                fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
                format=_format(content_type),
                encoding=_charset(content_type),
            )
    except Exception as exc:  # warcio raises many kinds on corrupt input; a batch goes on
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield Problem(
            "warc_truncated",
            f"{name}@{next_offset}",
            f"truncated or corrupt WARC record ({message[:120]})",
            stage="source",
        )
        return
    if size is not None and next_offset < size:
        # warcio ends quietly on a gzip member cut short; the bytes left over tell.
        yield Problem(
            "warc_truncated",
            f"{name}@{next_offset}",
            f"truncated WARC record ({size - next_offset} bytes left unread)",
            stage="source",
        )


def iter_warc_file(path: str) -> Iterator[Page | Problem]:
    """Pages from one WARC file on disk."""
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 -- closed below, after the generator ends
    except OSError as exc:
        yield Problem("unreadable", path, str(exc.strerror or exc).lower(), stage="source")
        return
    with stream:
        size = os.fstat(stream.fileno()).st_size
        yield from iter_warc_stream(stream, path, size)
