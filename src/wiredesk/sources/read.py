"""iter_pages: every input path (file, folder, WARC, JSONL, feed, `-`) -> a stream of Pages.

Bad inputs become `Problem`s (codes: missing, unreadable, warc_truncated, warc_corrupt,
jsonl_bad_line, feed_bad, feed_unsupported) and the stream goes on with the next input.
Pages carry raw bytes; decoding is the parser's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from wiredesk.model import Page, Problem
from wiredesk.sources.feed import iter_feed_bytes
from wiredesk.sources.files import read_file_page, walk_folder
from wiredesk.sources.jsonl import iter_jsonl_file
from wiredesk.sources.sniff import sniff_format
from wiredesk.sources.stdin import iter_stdin_pages
from wiredesk.sources.warc import iter_warc_file

_HEAD = 65536


def _kind(path: Path) -> str | Problem:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".jsonl"):
        return "jsonl"
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
    except OSError as exc:
        return Problem("unreadable", str(path), str(exc.strerror or exc).lower(), stage="source")
    return sniff_format(head)


def iter_file(path: Path, fetched_at: datetime | None = None) -> Iterator[Page | Problem]:
    """Pages from one file of any supported format (sniffed when the name does not say)."""
    kind = _kind(path)
    if isinstance(kind, Problem):
        yield kind
    elif kind == "warc":
        yield from iter_warc_file(str(path))
    elif kind == "jsonl":
        yield from iter_jsonl_file(str(path), fetched_at)
    elif kind == "feed":
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Problem("unreadable", str(path), str(exc.strerror or exc).lower(), stage="source")
            return
        yield from iter_feed_bytes(data, str(path), fetched_at)
    else:
        yield read_file_page(path, kind, fetched_at)


def iter_pages(
    paths: Iterable[str | Path], *, fetched_at: datetime | None = None
) -> Iterator[Page | Problem]:
    """Every page of every input, in order; problems are yielded, never raised.

    Args:
        paths: files, folders (recursive, sorted, hidden files skipped), `.warc`/`.warc.gz`,
            `.jsonl`, feeds, or "-" for standard input.
        fetched_at: the crawl time of plain files (and of JSONL lines/feeds without one);
            WARC records carry their own. None: unknown (never guessed from file times).
    """
    for raw in paths:
        if str(raw) == "-":
            yield from iter_stdin_pages(fetched_at)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in walk_folder(path):
                yield from iter_file(file, fetched_at)
        elif path.is_file():
            yield from iter_file(path, fetched_at)
        elif path.exists():
            yield Problem("unreadable", str(path), "not a regular file", stage="source")
        else:
            yield Problem("missing", str(path), "no such file or directory", stage="source")
