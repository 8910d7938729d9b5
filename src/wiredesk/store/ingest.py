"""Ingest: a stream of pages (and source problems) -> parsed, deduplicated, stored in batches.

Each batch of pages is one transaction holding the pages, their raw inputs, every item,
version and sighting they produce, the search-index update and the completion marker of
every input finished in it. A killed run therefore leaves whole batches only, and a re-run
skips the pages already stored (same raw bytes, url and crawl time) without parsing them.
"""

from __future__ import annotations

import hashlib
import inspect
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from typing import Any

from wiredesk.errors import StoreError
from wiredesk.model import Page, ParsedItem, ParsedPage, Problem
from wiredesk.store.base import ArchiveStore, PageWriter, RunReport, utc_iso
from wiredesk.store.raw import raw_sha256

DEFAULT_BATCH = 250
_END = object()


def page_key(sha256: str, url: str | None, fetched_at_iso: str | None) -> str:
    """The identity of one crawled page: its raw bytes, url and crawl time."""
    text = f"{sha256}\x00{url or ''}\x00{fetched_at_iso or ''}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _parser() -> tuple[Callable[..., ParsedPage], bool]:
    from wiredesk.parse.page import parse_page

    takes_encoding = "encoding" in inspect.signature(parse_page).parameters
    return parse_page, takes_encoding


def read_page(page: Page) -> ParsedPage:
    """Parse one page with the page reader (`wiredesk.parse.page.parse_page`)."""
    parse_page, takes_encoding = _parser()
    kwargs: dict[str, Any] = {"url": page.url, "fetched_at": page.fetched_at}
    if takes_encoding and page.encoding:
        kwargs["encoding"] = page.encoding
    return parse_page(page.data, **kwargs)


def parse(page: Page, reader: Callable[[Page], ParsedPage] = read_page) -> ParsedPage:
    """Parse one page; a reader failure becomes a problem, not a crash."""
    try:
        return reader(page)
    except Exception as exc:  # the reader promises not to raise; keep the batch going if it does
        return ParsedPage(
            page_kind="unknown",
            section=None,
            fetched_at=page.fetched_at,
            items=(),
            url=page.url,
            problems=(
                Problem("parse_error", page.ref.describe(), f"reader failed: {exc!r}"[:300]),
            ),
        )


def _own_problems(page: Page, parsed: ParsedPage) -> tuple[Problem, ...]:
    # The reader names the url; the lines people read must name the input it came from.
    name = page.ref.describe()
    return tuple(replace(p, input=name) if p.input != name else p for p in parsed.problems)


def _items_with_unique_positions(items: tuple[ParsedItem, ...]) -> tuple[ParsedItem, ...]:
    if len({it.position for it in items}) == len(items):
        return items
    return tuple(replace(it, position=i) for i, it in enumerate(items))


@dataclass(slots=True)
class _InputTally:
    location: str
    kind: str
    pages: int = 0
    problems: int = 0


class _Ingest:
    def __init__(
        self,
        report: RunReport,
        progress: Callable[[int], None] | None,
        on_problem: Callable[[Problem], None] | None,
        reader: Callable[[Page], ParsedPage],
    ) -> None:
        self.reader = reader
        self.report = report
        self.progress = progress
        self.on_problem = on_problem
        self.current: _InputTally | None = None

    def problem(self, problem: Problem) -> None:
        self.report.add_problem(problem)
        if self.on_problem is not None:
            self.on_problem(problem)

    def source_problem(self, w: PageWriter, problem: Problem) -> None:
        w.add_problem(problem)
        self.report.source_problems += 1
        self.problem(problem)

    def page(self, w: PageWriter, prepared: _Prepared) -> None:
        page = prepared.record
        report = self.report
        report.pages += 1
        if self.current is None or self.current.location != page.ref.location:
            self.finish_input(w)
            self.current = _InputTally(page.ref.location, page.ref.kind)
        self.current.pages += 1
        sha, key = prepared.sha256, prepared.key
        if w.has_page(key):
            report.pages_skipped += 1
            return
        parsed = prepared.parsed or parse(page, self.reader)
        problems = _own_problems(page, parsed)
        page_id = w.add_page(page, raw_sha256=sha, page_key=key, parsed=parsed, problems=problems)
        if problems:
            report.pages_with_problems += 1
            self.current.problems += 1
            for problem in problems:
                self.problem(problem)
        else:
            report.pages_read += 1
        for item in _items_with_unique_positions(parsed.items):
            outcome = w.add_item(page_id, parsed, item)
            if outcome is None:
                continue
            report.sightings += 1
            report.items_new += outcome.new_item
            report.versions_new += outcome.new_version
            report.conflicts += outcome.conflict
            report.leads_linked += outcome.linked

    def finish_input(self, w: PageWriter) -> None:
        if self.current is not None:
            c = self.current
            w.input_done(c.location, c.kind, c.pages, c.problems)
            self.report.inputs_done += 1
            self.current = None


@dataclass(slots=True)
class _Prepared:
    """A record with its content address and page key, parsed ahead when a pool is used."""

    record: Any
    sha256: str = ""
    key: str = ""
    parsed: ParsedPage | None = None


def _address(rec: Any) -> _Prepared:
    if not isinstance(rec, Page):
        return _Prepared(rec)
    sha = raw_sha256(rec.data)
    return _Prepared(rec, sha, page_key(sha, rec.url, utc_iso(rec.fetched_at)))


def _parse_job(job: tuple[Page, Callable[[Page], ParsedPage]]) -> ParsedPage:
    return parse(job[0], job[1])


def _prepare(
    records: Iterable[Any],
    store: ArchiveStore,
    reader: Callable[[Page], ParsedPage],
    workers: int,
    window: int,
) -> Iterator[_Prepared]:
    """Address every record; with `workers`, parse pages ahead in a process pool.

    Windows of pages are parsed while the previous window is written, and results come back
    in input order, so the writes (and thus the archive) are the same as without a pool.
    Pages already stored are not sent to the pool.
    """
    if workers <= 0:
        yield from (_address(rec) for rec in records)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    it = iter(records)
    with ctx.Pool(workers) as pool:

        def submit() -> tuple[list[_Prepared], list[int], Any] | None:
            batch = [_address(rec) for rec in islice(it, window)]
            if not batch:
                return None
            todo = [
                i
                for i, p in enumerate(batch)
                if isinstance(p.record, Page) and not store.has_page(p.key)
            ]
            jobs = [(batch[i].record, reader) for i in todo]
            size = max(1, len(jobs) // (4 * workers))
            return batch, todo, pool.map_async(_parse_job, jobs, chunksize=size)

        pending = submit()
        while pending is not None:
            batch, todo, result = pending
            for i, parsed in zip(todo, result.get(), strict=True):
                batch[i].parsed = parsed
            pending = submit()
            yield from batch


def _chunks(records: Iterable[Any], size: int) -> Iterator[tuple[list[Any], bool]]:
    """Chunks of `size` records, each with a flag saying it is the last one."""
    it = iter(records)
    head = next(it, _END)
    while head is not _END:
        chunk = [head]
        for rec in it:
            chunk.append(rec)
            if len(chunk) >= size:
                break
        head = next(it, _END)
        yield chunk, head is _END


def ingest_pages(
    store: ArchiveStore,
    pages: Iterable[Page | Problem | Any],
    progress: Callable[[int], None] | None = None,
    *,
    on_problem: Callable[[Problem], None] | None = None,
    batch_size: int = DEFAULT_BATCH,
    reader: Callable[[Page], ParsedPage] = read_page,
    workers: int = 0,
) -> RunReport:
    """Parse, deduplicate and store a stream of pages; the source's Problems are recorded too.

    Args:
        store: the archive to write to.
        pages: `Page` and `Problem` records, e.g. from `wiredesk.sources.read.iter_pages`.
        progress: called with the number of records handled after each batch.
        on_problem: called once per problem met, as it is met (for one line on stderr each).
        batch_size: pages per transaction.
        reader: the page reader (the default calls `parse_page`; tests pass their own).
        workers: parse in this many worker processes (0: in this process). The result is
            the same either way.

    Returns:
        The run's counters, problems and duration.

    Raises:
        StoreError: the archive cannot be written (what was committed before stays).
    """
    report = RunReport()
    started = time.perf_counter()
    run = _Ingest(report, progress, on_problem, reader)
    mark = store.watermark()
    try:
        stream = _prepare(pages, store, reader, workers, window=max(batch_size, 1000))
        for chunk, last in _chunks(stream, batch_size):
            with store.batch() as w:
                for prepared in chunk:
                    rec = prepared.record
                    if isinstance(rec, Page):
                        run.page(w, prepared)
                    elif isinstance(rec, Problem):
                        run.source_problem(w, rec)
                    else:
                        run.source_problem(
                            w, Problem("unknown_record", repr(rec)[:80], "not a page", "source")
                        )
                if last:
                    run.finish_input(w)
            if progress is not None:
                progress(len(chunk))
        store.checkpoint()
    except sqlite3.Error as exc:
        raise StoreError(store.location, f"cannot write the archive: {exc}") from exc
    finally:
        report.duration = time.perf_counter() - started
    report.items_total = store.count_items()
    report.items_updated = max(0, store.items_seen_since(mark) - report.items_new)
    return report
