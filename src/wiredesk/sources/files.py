"""Plain text and HTML files, and folders walked recursively in sorted order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from wiredesk.model import Page, Problem, SourceRef

# Files a folder walk reads; others (manifest.json, pages.tsv, README.md ...) are skipped.
PAGE_SUFFIXES = (
    ".txt",
    ".text",
    ".htm",
    ".html",
    ".xhtml",
    ".warc",
    ".warc.gz",
    ".jsonl",
    ".rss",
    ".atom",
    ".xml",
)


def is_page_file(path: Path) -> bool:
    """True for files a folder walk should read: known page suffixes or no suffix at all."""
    name = path.name.lower()
    return name.endswith(PAGE_SUFFIXES) or "." not in name


def walk_folder(root: Path) -> Iterator[Path]:
    """Every page file under root, recursively, in sorted order, skipping hidden files/folders."""
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from walk_folder(entry)
        elif entry.is_file() and is_page_file(entry):
            yield entry


def read_file_page(path: Path, fmt: str | None, fetched_at: datetime | None) -> Page | Problem:
    """One text or HTML file as one Page; plain files know no crawl time beyond `fetched_at`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem("unreadable", str(path), str(exc.strerror or exc).lower(), stage="source")
    return Page(
        data=data,
        ref=SourceRef("file", str(path)),
        url=None,
        fetched_at=fetched_at,
        format=fmt if fmt in ("text", "html") else None,
    )
