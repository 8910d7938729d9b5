"""The collector's tables in the archive (component `collect`), as ordered migrations.

Kept in the archive so a restarted collector resumes where it stopped:
- `collect_urls`: every URL seen (sources and articles) with its validators, content hash,
  last crawl time, status, and whether it still has to be fetched (`done = 0`: the frontier);
- `collect_sources`: per source the last and next poll;
- `collect_pending`: fetched pages written down before they are ingested (an outbox), so a
  collector killed between fetch and ingest ingests them on restart instead of losing them;
- `collect_counters`: running totals shown by `wiredesk stats` and the web UI;
- `collect_lease`: which process is collecting into this archive now, so two collectors (an
  overlapping cron run) never double the load on a host.
"""

from __future__ import annotations

import sqlite3

COMPONENT = "collect"

# (version, name, SQL script), applied by wiredesk.store.migrations; the scripts are idempotent
# so `ensure_schema` may also run them on a bare connection (tests, an older archive).
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "collector state",
        """
        CREATE TABLE IF NOT EXISTS collect_urls (
            url TEXT PRIMARY KEY,
            source TEXT,
            role TEXT NOT NULL DEFAULT 'article',
            status INTEGER,
            outcome TEXT,
            error TEXT,
            etag TEXT,
            last_modified TEXT,
            content_sha256 TEXT,
            first_seen TEXT NOT NULL,
            last_fetched TEXT,
            last_changed TEXT,
            fetches INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            done INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS collect_urls_frontier
            ON collect_urls (done, role, first_seen);
        CREATE TABLE IF NOT EXISTS collect_sources (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            last_poll TEXT,
            next_poll TEXT,
            last_outcome TEXT,
            links INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS collect_pending (
            url TEXT PRIMARY KEY,
            data BLOB NOT NULL,
            fetched_at TEXT NOT NULL,
            format TEXT,
            encoding TEXT
        );
        CREATE TABLE IF NOT EXISTS collect_counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL DEFAULT 0
        );
        """,
    ),
    (
        2,
        "collector lease",
        """
        CREATE TABLE IF NOT EXISTS collect_lease (
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            expires TEXT NOT NULL
        );
        """,
    ),
)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the collector tables if the store's migrations have not (safe to repeat)."""
    for _version, _name, script in MIGRATIONS:
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.commit()
