"""The collector: poll due sources, find new article links, fetch them politely, ingest them.

`Collector.run_once()` polls every due source and empties the frontier (for cron);
`run_forever()` repeats that as sources come due until `stop()` is called. Pages go to a
`PageSink` (the `Archive`) with their real crawl time; what was fetched, with which validators
and content hash, lives in the archive (`CollectState`), so a restart resumes and nothing is
fetched or ingested twice unless it changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import socket
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from wiredesk.model import Page, SourceRef
from wiredesk.sources.collect.config import CollectConfig, SourceConfig, host_key
from wiredesk.sources.collect.fetch import Fetcher, FetchResult, Validators
from wiredesk.sources.collect.links import links_from_feed, links_from_html, links_from_text
from wiredesk.sources.collect.state import CollectState, FetchRecord, UrlState

if TYPE_CHECKING:
    from wiredesk.archive import Archive

log = logging.getLogger("wiredesk.collect")

# errors worth another try on a later run; the others are final for that URL
TRANSIENT_ERRORS = frozenset(
    {"http_5xx", "http_429", "timeout", "network", "robots_unavailable", "host_backoff"}
)
# the host's state rather than the URL's: retried later without using up an attempt
HOST_ERRORS = frozenset({"robots_unavailable", "host_backoff"})
# a collector holds the archive's lease this long past its last sign of life
LEASE_SECONDS = 600.0
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
        "application/feed+json",
    }
)


class PageSink(Protocol):
    """Where collected pages go: `Archive.ingest_pages` or a fake in tests."""

    def ingest_pages(self, pages: Iterable[Page], /) -> Any:
        """Store the pages; the return value is logged, not interpreted."""


@dataclass(slots=True)
class CollectReport:
    """What one run (or one cycle of `run_forever`) did: counters and how long it took."""

    counters: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    stopped: bool = False

    def line(self) -> str:
        """One summary line for the log."""
        c = self.counters
        errors = _errors_by_kind(c)
        err = ", ".join(f"{k} {v}" for k, v in errors.items())
        return (
            f"collect done: {c['fetched']} fetched, {c['new']} new, {c['changed']} changed, "
            f"{c['unchanged']} unchanged, {c['skipped_robots']} skipped by robots.txt, "
            f"{sum(errors.values())} errors{f' ({err})' if err else ''}, "
            f"{c['bytes'] / 1000:.1f} kB in {self.seconds:.1f} s"
            + (" (stopped)" if self.stopped else "")
        )


class Collector:
    """Polls sources and fetches new article pages into a `PageSink`."""

    def __init__(
        self,
        config: CollectConfig,
        sink: PageSink,
        state: CollectState,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_pages: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Create a collector.

        Args:
            config: sources and politeness settings.
            sink: takes the fetched pages (`Archive` has `ingest_pages`).
            state: the collector tables in the archive.
            transport: the HTTP transport seam (tests put a loopback guard here).
            max_pages: stop after starting this many page fetches (robots.txt not counted).
            clock: monotonic seconds (throttle, timings).
            now: wall clock for crawl times and poll schedules.
        """
        self.config = config
        self.sink = sink
        self.state = state
        self.max_pages = max_pages
        self._transport = transport
        self._clock = clock
        self._now = now
        self._counters: Counter[str] = Counter()
        self._run: Counter[str] = Counter()
        self._started = 0
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._fetcher: Fetcher | None = None
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._lease_renewed = 0.0

    @classmethod
    def for_archive(cls, config: CollectConfig, archive: Archive, **options: Any) -> Collector:
        """A collector writing into `archive` and keeping its state there."""
        return cls(config, archive, CollectState(archive_connection(archive)), **options)

    # -- running ------------------------------------------------------------------------------

    def run_once(self) -> CollectReport:
        """Poll every due source and fetch every new link once; returns this run's counters."""
        return asyncio.run(self._main(forever=False))

    def run_forever(self) -> CollectReport:
        """Poll sources as they come due until `stop()` (or `max_pages`); returns the totals."""
        return asyncio.run(self._main(forever=True))

    def stop(self) -> None:
        """Stop after the pages being fetched now (safe to call from a signal handler)."""
        self._stopping = True
        fetcher, loop, wake = self._fetcher, self._loop, self._wake
        if fetcher is not None:
            fetcher.stopped = True
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)
            if fetcher is not None:
                # wakes the requests waiting for their turn on a host, so none waits out its delay
                loop.call_soon_threadsafe(fetcher.stop)

    @property
    def _budget_left(self) -> bool:
        return self.max_pages is None or self._started < self.max_pages

    def _take_lease(self) -> None:
        held = self.state.acquire_lease(
            self._owner,
            pid=os.getpid(),
            host=socket.gethostname(),
            now=self._now(),
            ttl=LEASE_SECONDS,
            alive=_process_alive,
        )
        if held is not None:
            from wiredesk.errors import StoreError

            raise StoreError("collector", held)
        self._lease_renewed = self._clock()

    def _renew_lease(self) -> None:
        if self._clock() - self._lease_renewed > LEASE_SECONDS / 4:
            self.state.renew_lease(self._owner, now=self._now(), ttl=LEASE_SECONDS)
            self._lease_renewed = self._clock()

    async def _main(self, *, forever: bool) -> CollectReport:
        self._take_lease()
        try:
            return await self._main_leased(forever=forever)
        finally:
            self.state.release_lease(self._owner)

    async def _main_leased(self, *, forever: bool) -> CollectReport:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        if self._stopping:
            self._wake.set()
        started = self._clock()
        self._run = Counter()
        self._fetcher = Fetcher(
            self.config,
            transport=self._transport,
            counters=self._counters,
            clock=self._clock,
            now=self._now,
        )
        if self._stopping:
            self._fetcher.stop()
        try:
            self._flush_outbox()
            while True:
                await self._cycle()
                if not forever or self._stopping or not self._budget_left:
                    break
                await self._sleep_until_due(self._wake)
                if self._stopping:
                    break
        finally:
            await self._fetcher.aclose()
            self._save_counters()
            self._fetcher = None
            self._loop = None
        report = CollectReport(Counter(self._run), self._clock() - started, self._stopping)
        log.info("%s", report.line())
        return report

    async def _sleep_until_due(self, wake: asyncio.Event) -> None:
        wait = self._seconds_until_due()
        log.info("sleep %.0f s until the next source is due", wait)
        while wait > 0 and not self._stopping:
            # wake up now and then to keep the lease while idle
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=min(wait, LEASE_SECONDS / 4))
            self._renew_lease()
            wait = self._seconds_until_due() if wait > LEASE_SECONDS / 4 else 0.0

    def _seconds_until_due(self) -> float:
        now = self._now()
        waits = []
        for source in self.config.sources:
            due = self.state.next_poll(source.name)
            waits.append(0.0 if due is None else (due - now).total_seconds())
        return max(0.05, min(waits, default=60.0))

    async def _cycle(self) -> None:
        self._renew_lease()
        now = self._now()
        due = [
            s
            for s in self.config.sources
            if (when := self.state.next_poll(s.name)) is None or when <= now
        ]
        await asyncio.gather(*(self._poll(source) for source in due))
        if self.config.revisit_after is not None:
            again = self.state.revisit(now - timedelta(seconds=self.config.revisit_after))
            if again:
                log.info(
                    "revisit %d articles fetched more than %.0f s ago",
                    again,
                    self.config.revisit_after,
                )
        frontier = self.state.frontier(max_attempts=self.config.max_attempts)
        if frontier:
            log.info("fetch %d article links", len(frontier))
        await asyncio.gather(*(self._article(row) for row in frontier))

    # -- sources ------------------------------------------------------------------------------

    async def _poll(self, source: SourceConfig) -> None:
        if self._stopping or not self._budget_left:
            return
        self._started += 1
        previous = self.state.url(source.url)
        assert self._fetcher is not None
        result = await self._fetcher.fetch(source.url, _validators(previous))
        if result.error == "stopped":
            return
        self._count("sources_polled")
        polled_at = result.fetched_at or self._now()
        found = 0
        if result.outcome == "ok":
            found = self._source_ok(source, previous, result)
        elif result.outcome == "not_modified":
            self._count("unchanged")
            self._record(
                source.url, result, "not_modified", done=True, role="source", source=source.name
            )
        else:
            self._count_failure(result)
            self._record(
                source.url, result, result.outcome, done=True, role="source", source=source.name
            )
        self.state.source_polled(
            source.name,
            source.url,
            when=polled_at,
            next_poll=polled_at + timedelta(seconds=source.poll_every),
            outcome=result.error or result.outcome,
            links=found,
        )

    def _source_ok(
        self, source: SourceConfig, previous: UrlState | None, result: FetchResult
    ) -> int:
        self._count("fetched")
        sha = hashlib.sha256(result.body).hexdigest()
        changed = previous is None or previous.content_sha256 != sha
        if not changed:
            self._count("unchanged")
            log.info("unchanged %s (same content)", source.url)
            self._record(
                source.url, result, "unchanged", sha=sha, role="source", source=source.name
            )
            return 0
        base = result.final_url
        if source.kind == "feed":
            entries = links_from_feed(result.body, base, pattern=source.link_pattern)
            if not entries:
                self._count("errors.not_a_feed")
                log.warning("error not_a_feed %s: no feed entries found", source.url)
            links = [e.url for e in entries]
        elif result.content_type in TEXT_TYPES:
            links = links_from_text(_decode(result), base, pattern=source.link_pattern)
        else:
            links = links_from_html(
                result.body, base, css=source.link_css, pattern=source.link_pattern
            )
        allowed = self.config.allowed_hosts
        offsite = [u for u in links if host_key(u) not in allowed]
        if offsite:
            self._count("skipped_offsite", len(offsite))
            log.info(
                "skip %d links to other hosts on %s (e.g. %s)", len(offsite), source.url, offsite[0]
            )
        sources = {s.url for s in self.config.sources}
        links = [u for u in links if host_key(u) in allowed and u not in sources]
        new = self.state.add_links(links, source=source.name, role="article", now=self._now())
        if source.kind == "feed":
            self._feed_updates(entries, set(new))
        self._count("links_new", len(new))
        log.info("source %s: %d links, %d new", source.name, len(links), len(new))
        page = self._page(result) if source.ingest and source.kind == "page" else None
        if page is not None and self._garbage(result) is None:
            self._record(
                source.url,
                result,
                "ok",
                sha=sha,
                changed=True,
                role="source",
                source=source.name,
                pending=page,
            )
            self._ingest(page, "changed" if previous is not None else "new")
        else:
            self._record(
                source.url, result, "ok", sha=sha, changed=True, role="source", source=source.name
            )
        return len(new)

    def _feed_updates(self, entries: list[Any], new: set[str]) -> None:
        """Entries the feed says were updated after we fetched them go back in the frontier."""
        again = []
        for entry in entries:
            if entry.url in new or entry.updated is None:
                continue
            known = self.state.url(entry.url)
            if known and known.done and known.last_fetched and entry.updated > known.last_fetched:
                again.append(entry.url)
        if again:
            self.state.mark_changed(again)
            self._count("feed_updates", len(again))
            log.info("feed says %d fetched articles changed; checking them again", len(again))

    # -- articles -----------------------------------------------------------------------------

    async def _article(self, row: UrlState) -> None:
        if self._stopping or not self._budget_left:
            return
        self._started += 1
        assert self._fetcher is not None
        result = await self._fetcher.fetch(row.url, _validators(row))
        if result.error == "stopped":
            return
        if result.outcome == "ok":
            self._article_ok(row, result)
        elif result.outcome == "not_modified":
            self._count("unchanged")
            log.info("unchanged %s (304)", row.url)
            self._record(row.url, result, "not_modified", done=True)
        elif result.outcome in ("skipped_robots", "skipped_offsite"):
            self._count(result.outcome)
            self._record(row.url, result, result.outcome, done=True)
        else:
            self._count_failure(result)
            transient = result.error in TRANSIENT_ERRORS
            # robots.txt failing is the host's state, not this article's: no attempt is used up
            failed = transient and result.error not in HOST_ERRORS
            self._record(row.url, result, "error", done=not transient, failed=failed)

    def _article_ok(self, row: UrlState, result: FetchResult) -> None:
        self._count("fetched")
        garbage = self._garbage(result)
        if garbage is not None:
            self._count(f"errors.{garbage}")
            log.warning("error %s %s (%s)", garbage, row.url, result.content_type or "no type")
            self._record(row.url, result, "error", error=garbage, done=True)
            return
        sha = hashlib.sha256(result.body).hexdigest()
        if row.content_sha256 == sha:
            self._count("unchanged")
            log.info("unchanged %s (same content)", row.url)
            self._record(row.url, result, "unchanged", sha=sha)
            return
        page = self._page(result)
        self._record(row.url, result, "ok", sha=sha, changed=True, pending=page)
        if result.final_url != row.url:
            # the page behind a redirect is known too: a link straight to it is not fetched again
            self.state.add_links(
                [result.final_url], source=row.source or "", role="article", now=self._now()
            )
            self._record(result.final_url, result, "ok", sha=sha)
        self._ingest(page, "changed" if row.content_sha256 else "new")

    # -- helpers ------------------------------------------------------------------------------

    def _garbage(self, result: FetchResult) -> str | None:
        kind = result.content_type
        if kind is not None and not (
            kind in HTML_TYPES or kind in TEXT_TYPES or kind in FEED_TYPES
        ):
            return "content_type"
        if b"\x00" in result.body[:4096] and result.charset not in {"utf-16", "utf-32"}:
            return "binary"
        if not result.body.strip():
            return "empty"
        return None

    def _page(self, result: FetchResult) -> Page:
        kind = result.content_type
        fmt = "html" if kind in HTML_TYPES else "text" if kind in TEXT_TYPES else None
        return Page(
            data=result.body,
            ref=SourceRef("http", result.url),
            url=result.url,
            fetched_at=result.fetched_at,
            format=fmt,
            encoding=result.charset,
        )

    def _ingest(self, page: Page, what: str) -> None:
        report = self.sink.ingest_pages([page])
        url = page.url or page.ref.location
        self.state.clear_pending(url, self._take_counters({what: 1}))
        log.info("%s %s ingested%s", what, url, _describe(report))
        for problem in getattr(report, "problems", None) or ():
            line = problem.line() if hasattr(problem, "line") else str(problem)
            log.warning("problem %s", line)

    def _flush_outbox(self) -> None:
        """Ingest pages a killed run fetched but did not confirm (same bytes, same crawl time)."""
        pending = self.state.pending_pages()
        if pending:
            log.info("ingest %d pages fetched by an interrupted run", len(pending))
        for page in pending:
            self.sink.ingest_pages([page])  # a no-op for pages the archive already has
            self.state.clear_pending(page.url or page.ref.location, self._take_counters({"new": 1}))

    def _record(
        self,
        url: str,
        result: FetchResult,
        outcome: str,
        *,
        done: bool = True,
        failed: bool = False,
        error: str | None = None,
        sha: str | None = None,
        changed: bool = False,
        pending: Page | None = None,
        role: str = "article",
        source: str | None = None,
    ) -> None:
        record = FetchRecord(
            url=url,
            status=result.status,
            outcome=outcome,
            error=error or result.error,
            etag=result.etag,
            last_modified=result.last_modified,
            content_sha256=sha,
            fetched_at=result.fetched_at,
            changed=changed,
            done=done,
            failed=failed,
        )
        self.state.record(
            record,
            counters=self._take_counters({}),
            pending=pending,
            source=source,
            role=role,
            now=self._now(),
        )
        self._renew_lease()

    def _count(self, name: str, n: int = 1) -> None:
        self._counters[name] += n

    def _count_failure(self, result: FetchResult) -> None:
        self._count(f"errors.{result.error or 'unknown'}")
        if result.error not in {"redirect_offsite", "robots_unavailable", "host_backoff"}:
            log.warning("error %s %s (%s)", result.error, result.url, result.detail)

    def _take_counters(self, extra: dict[str, int]) -> dict[str, int]:
        """Move the counts gathered since the last write into the same transaction."""
        self._counters.update(extra)
        taken = {k: v for k, v in self._counters.items() if v}
        self._run.update(taken)
        self._counters.clear()
        return taken

    def _save_counters(self) -> None:
        taken = self._take_counters({})
        if taken:
            self.state.add_counters(taken)


def _process_alive(pid: int) -> bool:
    """True when a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, it is just not ours
        return True
    return True


def _errors_by_kind(counters: Mapping[str, int]) -> dict[str, int]:
    return {
        k.removeprefix("errors."): v for k, v in sorted(counters.items()) if k.startswith("errors.")
    }


def _validators(row: UrlState | None) -> Validators | None:
    if row is None or (row.etag is None and row.last_modified is None):
        return None
    return Validators(row.etag, row.last_modified)


def _decode(result: FetchResult) -> str:
    try:
        return result.body.decode(result.charset or "utf-8", errors="replace")
    except LookupError:
        return result.body.decode("utf-8", errors="replace")


def _describe(report: Any) -> str:
    """A few of the ingest report's counters (RunReport from the archive; anything else: none)."""
    names = ("items_new", "sightings", "versions_new", "pages_skipped", "pages_with_problems")
    shown = [
        f"{n.replace('_', ' ')} {getattr(report, n)}"
        for n in names
        if isinstance(getattr(report, n, None), int) and getattr(report, n)
    ]
    return f" ({', '.join(shown)})" if shown else ""


def archive_connection(archive: Archive) -> Any:
    """The archive's sqlite3 connection (the collector state needs the SQLite backend)."""
    from wiredesk.errors import StoreError

    conn = getattr(archive.store, "conn", None)
    if conn is None or not hasattr(conn, "execute"):
        raise StoreError(archive.location, "the collector keeps its state in an SQLite archive")
    return conn


def collector_counters(archive: Archive) -> dict[str, Any]:
    """The collector's running totals for `wiredesk stats` and the web UI.

    All zero (and `last_poll` None) on an archive the collector never ran on; {} when the
    archive has no collector tables at all (an archive opened read-only before they existed).

    Keys: fetched, new, changed, unchanged, skipped_robots, skipped_offsite, errors (total),
    errors_by_kind ({kind: n}), bytes, requests, retries, robots_fetched, links_new,
    sources_polled, frontier (links still to fetch), pending, last_poll (ISO or None).
    """
    conn = getattr(archive.store, "conn", None)
    if conn is None:
        return {}
    try:
        rows = dict(conn.execute("SELECT name, value FROM collect_counters").fetchall())
        frontier = conn.execute(
            "SELECT COUNT(*) FROM collect_urls WHERE done = 0 AND role = 'article'"
        ).fetchone()[0]
        pending = conn.execute("SELECT COUNT(*) FROM collect_pending").fetchone()[0]
        last_poll = conn.execute("SELECT MAX(last_poll) FROM collect_sources").fetchone()[0]
    except Exception as exc:  # the tables do not exist: the collector never ran here
        if "no such table" in str(exc):
            return {}
        raise
    errors = _errors_by_kind(rows)
    out: dict[str, Any] = {
        name: int(rows.get(name, 0))
        for name in (
            "fetched",
            "new",
            "changed",
            "unchanged",
            "skipped_robots",
            "skipped_offsite",
            "bytes",
            "requests",
            "retries",
            "robots_fetched",
            "links_new",
            "sources_polled",
        )
    }
    out["errors"] = sum(errors.values())
    out["errors_by_kind"] = errors
    out["frontier"] = int(frontier)
    out["pending"] = int(pending)
    out["last_poll"] = last_poll
    return out
