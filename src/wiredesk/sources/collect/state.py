"""The collector's memory, kept in the archive's SQLite database (see `state_schema`).

Every change is one short transaction, so a collector killed at any point finds a consistent
state: links found but not fetched stay in the frontier, a fetched page waits in the outbox
until it is ingested, and counters move together with the URL rows they describe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from wiredesk.model import Page, SourceRef
from wiredesk.sources.collect.state_schema import ensure_schema


@dataclass(frozen=True, slots=True)
class UrlState:
    """What the collector remembers about one URL."""

    url: str
    source: str | None
    role: str
    status: int | None
    outcome: str | None
    etag: str | None
    last_modified: str | None
    content_sha256: str | None
    first_seen: datetime
    last_fetched: datetime | None
    fetches: int
    attempts: int
    done: bool


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """The state change after one fetch of one URL."""

    url: str
    status: int | None
    outcome: str
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None
    fetched_at: datetime | None = None
    changed: bool = False
    # True: the URL needs no more fetching (until it is marked changed again)
    done: bool = True
    # True: a failed attempt that may be retried on a later run
    failed: bool = False


def iso(when: datetime) -> str:
    """A datetime as sortable UTC ISO text (microseconds always written)."""
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


_URL_COLUMNS = (
    "url, source, role, status, outcome, etag, last_modified, content_sha256, first_seen, "
    "last_fetched, fetches, attempts, done"
)


class CollectState:
    """Read and write the collector tables on one sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        """Wrap `conn` (the archive's connection) and make sure the tables exist."""
        self.conn = conn
        ensure_schema(conn)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    # -- URLs -------------------------------------------------------------------------------

    def url(self, url: str) -> UrlState | None:
        """The remembered state of `url`, or None if never seen."""
        row = self.conn.execute(
            f"SELECT {_URL_COLUMNS} FROM collect_urls WHERE url = ?", (url,)
        ).fetchone()
        return _url_state(row) if row else None

    def add_links(self, urls: list[str], *, source: str, role: str, now: datetime) -> list[str]:
        """Remember newly found links (unfetched); returns those not seen before."""
        new: list[str] = []
        with self._tx() as conn:
            for url in urls:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO collect_urls (url, source, role, first_seen, done) "
                    "VALUES (?, ?, ?, ?, 0)",
                    (url, source, role, iso(now)),
                )
                if cursor.rowcount:
                    new.append(url)
        return new

    def mark_changed(self, urls: list[str]) -> int:
        """Put fetched URLs back in the frontier (a feed says they were updated)."""
        with self._tx() as conn:
            return sum(
                conn.execute(
                    "UPDATE collect_urls SET done = 0, attempts = 0 WHERE url = ? AND done = 1",
                    (url,),
                ).rowcount
                for url in urls
            )

    def frontier(self, *, role: str = "article", max_attempts: int = 3) -> list[UrlState]:
        """URLs still to fetch, oldest found first (failed ones until `max_attempts`)."""
        rows = self.conn.execute(
            f"SELECT {_URL_COLUMNS} FROM collect_urls WHERE done = 0 AND role = ? "
            "AND attempts < ? ORDER BY first_seen, rowid",
            (role, max_attempts),
        ).fetchall()
        return [_url_state(r) for r in rows]

    def revisit(self, before: datetime, *, role: str = "article") -> int:
        """Put articles last fetched before `before` back in the frontier; returns how many."""
        with self._tx() as conn:
            return conn.execute(
                "UPDATE collect_urls SET done = 0 WHERE done = 1 AND role = ? "
                "AND outcome IN ('ok', 'not_modified', 'unchanged') AND last_fetched < ?",
                (role, iso(before)),
            ).rowcount

    def record(
        self,
        record: FetchRecord,
        *,
        counters: Mapping[str, int] | None = None,
        pending: Page | None = None,
        source: str | None = None,
        role: str = "article",
        now: datetime | None = None,
    ) -> None:
        """Write one fetch's outcome (and its counters, and the page to ingest) atomically."""
        seen = iso(now or record.fetched_at or datetime.now(UTC))
        with self._tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO collect_urls (url, source, role, first_seen) "
                "VALUES (?, ?, ?, ?)",
                (record.url, source, role, seen),
            )
            fetched = iso(record.fetched_at) if record.fetched_at else None
            conn.execute(
                "UPDATE collect_urls SET status = ?, outcome = ?, error = ?, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                "content_sha256 = COALESCE(?, content_sha256), "
                "last_fetched = COALESCE(?, last_fetched), "
                "last_changed = CASE WHEN ? THEN ? ELSE last_changed END, "
                "fetches = fetches + ?, attempts = CASE WHEN ? THEN attempts + 1 ELSE 0 END, "
                "done = ? WHERE url = ?",
                (
                    record.status,
                    record.outcome,
                    record.error,
                    record.etag,
                    record.last_modified,
                    record.content_sha256,
                    fetched,
                    record.changed,
                    fetched,
                    1 if record.status is not None else 0,
                    record.failed,
                    int(record.done),
                    record.url,
                ),
            )
            if pending is not None:
                conn.execute(
                    "INSERT OR REPLACE INTO collect_pending (url, data, fetched_at, format, "
                    "encoding) VALUES (?, ?, ?, ?, ?)",
                    (
                        pending.url or record.url,
                        pending.data,
                        iso(pending.fetched_at or datetime.now(UTC)),
                        pending.format,
                        pending.encoding,
                    ),
                )
            if counters:
                self._add_counters(conn, counters)

    # -- the outbox -------------------------------------------------------------------------

    def pending_pages(self) -> list[Page]:
        """Pages fetched but not yet confirmed ingested, in fetch order."""
        rows = self.conn.execute(
            "SELECT url, data, fetched_at, format, encoding FROM collect_pending "
            "ORDER BY fetched_at, url"
        ).fetchall()
        return [
            Page(
                data=bytes(data),
                ref=SourceRef("http", url),
                url=url,
                fetched_at=datetime.fromisoformat(fetched_at),
                format=fmt,
                encoding=encoding,
            )
            for url, data, fetched_at, fmt, encoding in rows
        ]

    def clear_pending(self, url: str, counters: Mapping[str, int] | None = None) -> None:
        """The page of `url` is in the archive now; drop it from the outbox."""
        with self._tx() as conn:
            conn.execute("DELETE FROM collect_pending WHERE url = ?", (url,))
            if counters:
                self._add_counters(conn, counters)

    # -- sources ----------------------------------------------------------------------------

    def next_poll(self, name: str) -> datetime | None:
        """When source `name` is due next (None: never polled, so due now)."""
        row = self.conn.execute(
            "SELECT next_poll FROM collect_sources WHERE name = ?", (name,)
        ).fetchone()
        return _dt(row[0]) if row else None

    def source_polled(
        self, name: str, url: str, *, when: datetime, next_poll: datetime, outcome: str, links: int
    ) -> None:
        """Record a poll of a source and when it is due again."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO collect_sources (name, url, last_poll, next_poll, last_outcome, links)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET url = excluded.url, "
                "last_poll = excluded.last_poll, next_poll = excluded.next_poll, "
                "last_outcome = excluded.last_outcome, links = excluded.links",
                (name, url, iso(when), iso(next_poll), outcome, links),
            )

    # -- the lease: one collector per archive ------------------------------------------------

    def acquire_lease(
        self,
        owner: str,
        *,
        pid: int,
        host: str,
        now: datetime,
        ttl: float,
        alive: Callable[[int], bool],
    ) -> str | None:
        """Take the collector lease; None when taken, else who holds it (one line).

        A lease whose time is up, or whose process on this host is gone (a killed collector),
        is taken over.
        """
        with self._tx() as conn:
            row = conn.execute(
                "SELECT owner, pid, host, expires FROM collect_lease WHERE name = 'collector'"
            ).fetchone()
            if row is not None and row[0] != owner:
                held_until = datetime.fromisoformat(row[3])
                gone = row[2] == host and not alive(int(row[1]))
                if held_until > now and not gone:
                    return f"another collector is running on it (pid {row[1]} on {row[2]})"
            conn.execute(
                "INSERT OR REPLACE INTO collect_lease (name, owner, pid, host, expires) "
                "VALUES ('collector', ?, ?, ?, ?)",
                (owner, pid, host, iso(now + timedelta(seconds=ttl))),
            )
        return None

    def renew_lease(self, owner: str, *, now: datetime, ttl: float) -> None:
        """Extend our lease."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE collect_lease SET expires = ? WHERE name = 'collector' AND owner = ?",
                (iso(now + timedelta(seconds=ttl)), owner),
            )

    def release_lease(self, owner: str) -> None:
        """Give the lease up (at the end of a run)."""
        with self._tx() as conn:
            conn.execute(
                "DELETE FROM collect_lease WHERE name = 'collector' AND owner = ?", (owner,)
            )

    # -- counters ---------------------------------------------------------------------------

    def add_counters(self, counters: Mapping[str, int]) -> None:
        """Add to the running totals."""
        with self._tx() as conn:
            self._add_counters(conn, counters)

    @staticmethod
    def _add_counters(conn: sqlite3.Connection, counters: Mapping[str, int]) -> None:
        for name, value in counters.items():
            if value:
                conn.execute(
                    "INSERT INTO collect_counters (name, value) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
                    (name, value),
                )

    def counters(self) -> dict[str, int]:
        """The running totals by name."""
        return dict(self.conn.execute("SELECT name, value FROM collect_counters ORDER BY name"))

    def summary(self) -> dict[str, int]:
        """Frontier sizes: URLs known, still to fetch, waiting in the outbox, sources."""
        one = self.conn.execute
        return {
            "urls": one("SELECT COUNT(*) FROM collect_urls").fetchone()[0],
            "frontier": one(
                "SELECT COUNT(*) FROM collect_urls WHERE done = 0 AND role = 'article'"
            ).fetchone()[0],
            "pending": one("SELECT COUNT(*) FROM collect_pending").fetchone()[0],
            "sources": one("SELECT COUNT(*) FROM collect_sources").fetchone()[0],
        }


def _url_state(row: tuple[object, ...]) -> UrlState:
    (
        url,
        source,
        role,
        status,
        outcome,
        etag,
        last_mod,
        sha,
        first,
        last,
        fetches,
        attempts,
        done,
    ) = row
    return UrlState(
        url=str(url),
        source=source if isinstance(source, str) else None,
        role=str(role),
        status=status if isinstance(status, int) else None,
        outcome=outcome if isinstance(outcome, str) else None,
        etag=etag if isinstance(etag, str) else None,
        last_modified=last_mod if isinstance(last_mod, str) else None,
        content_sha256=sha if isinstance(sha, str) else None,
        first_seen=datetime.fromisoformat(str(first)),
        last_fetched=_dt(last if isinstance(last, str) else None),
        fetches=int(fetches) if isinstance(fetches, int) else 0,
        attempts=int(attempts) if isinstance(attempts, int) else 0,
        done=bool(done),
    )
