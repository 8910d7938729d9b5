"""`SQLiteStore`: the default archive backend, one SQLite file in WAL mode.

Writers take the write lock per batch (`BEGIN IMMEDIATE ... COMMIT`), readers never block
and are never blocked (WAL), and a busy timeout makes a second writer wait instead of fail.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wiredesk.dedup.near import MinHasher, NearSettings
from wiredesk.errors import StoreError
from wiredesk.query.results import Hit
from wiredesk.store import sqlite_reads, sqlite_stats
from wiredesk.store.base import ItemDetail, ProblemRecord
from wiredesk.store.migrations import migrate
from wiredesk.store.raw import RawVault
from wiredesk.store.sqlite_batch import KeyCache, SQLiteBatch

BUSY_TIMEOUT_MS = 30_000
# Every this many batches the writer checkpoints the WAL and restarts it from its beginning, so
# the -wal file stays bounded even when readers never pause (SQLite's own auto-checkpoint is
# PASSIVE and cannot restart the WAL while any reader still uses it).
CHECKPOINT_EVERY = 8
# How long a checkpoint waits for readers of an older snapshot; it is skipped (and tried again
# later) rather than stall the ingest.
CHECKPOINT_WAIT_MS = 250


def connect(path: str | Path, *, read_only: bool = False) -> sqlite3.Connection:
    """An autocommit connection with the archive's pragmas (WAL, busy timeout)."""
    if read_only:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if not read_only:
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is safe in WAL mode against a killed process (only power loss may drop
        # the last commits), and much faster than FULL.
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-65536")
    return conn


class SQLiteStore:
    """An archive in one SQLite file; `conn` is the public connection."""

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        near: NearSettings | None = None,
    ) -> None:
        self.path = Path(path)
        self.location = str(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(self.location, "no archive here (run `wiredesk ingest` first)")
        try:
            self.conn = connect(self.path, read_only=read_only)
            if not read_only:
                migrate(self.conn)
                from wiredesk.query.sqlite_index import ensure_index_schema

                ensure_index_schema(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.location, f"cannot open the archive: {exc}") from exc
        self.near = near or NearSettings()
        self._hasher: MinHasher | None = None
        self._keys = KeyCache()
        self._batches = 0

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def batch(self) -> Iterator[SQLiteBatch]:
        """One write transaction; committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise StoreError(self.location, "the archive is open read-only")
        if self._hasher is None:
            self._hasher = MinHasher(self.near)
        from wiredesk.query.sqlite_index import update_index

        writer = SQLiteBatch(self.conn, self._hasher, self._keys)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield writer
            changed = writer.flush()
            if changed:
                update_index(self.conn, changed)
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._keys.clear()
            raise
        self.conn.execute("COMMIT")
        self._batches += 1
        if self._batches % CHECKPOINT_EVERY == 0:
            self._wal_checkpoint("RESTART")

    def checkpoint(self) -> None:
        """Copy the WAL into the database file and truncate it (called after an ingest)."""
        if not self.read_only:
            self._wal_checkpoint("TRUNCATE")

    def _wal_checkpoint(self, mode: str) -> None:
        # A short busy wait: a reader holding an old snapshot makes the checkpoint partial
        # (SQLITE_BUSY is reported in the row, not raised), which is harmless.
        self.conn.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
        try:
            self.conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
        finally:
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    # -- reads ----------------------------------------------------------------------------

    def count_items(self) -> int:
        """How many items the archive holds."""
        return int(self.conn.execute("SELECT count(*) FROM items").fetchone()[0])

    def has_page(self, page_key: str) -> bool:
        """True when this exact page is already stored."""
        row = self.conn.execute("SELECT 1 FROM pages WHERE page_key=?", (page_key,)).fetchone()
        return row is not None

    def watermark(self) -> int:
        """The highest page rowid (pages stored later have higher rowids)."""
        return int(self.conn.execute("SELECT coalesce(max(rowid), 0) FROM pages").fetchone()[0])

    def items_seen_since(self, mark: int) -> int:
        """How many distinct items were sighted on pages stored after `mark`."""
        row = self.conn.execute(
            "SELECT count(DISTINCT item) FROM sightings WHERE page > ?", (mark,)
        ).fetchone()
        return int(row[0])

    def stats(self) -> dict[str, int]:
        """The `wiredesk stats --format json` counts."""
        return sqlite_stats.stats(self.conn)

    def stats_detail(self) -> dict[str, Any]:
        """More figures for `stats --format table`."""
        return sqlite_stats.stats_detail(self.conn, self.path)

    def check(self) -> list[str]:
        """What is inconsistent in the archive (empty when it is sound)."""
        return sqlite_stats.check(self.conn)

    def item(self, item_id: str) -> ItemDetail | None:
        """An item by id (or unique id prefix) with versions and sightings."""
        return sqlite_reads.item_detail(self.conn, item_id)

    def latest(self, section: str | None = None, limit: int = 10) -> list[Hit]:
        """The most recently published items."""
        return sqlite_reads.latest(self.conn, section, limit)

    def problems(self, limit: int = 100) -> list[ProblemRecord]:
        """Stored problems, newest first."""
        return sqlite_reads.problems(self.conn, limit)

    def iter_items(self, rowids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
        """Items as flat export records, in archive order."""
        return sqlite_reads.iter_items(self.conn, rowids)

    def raw_input(self, sha256: str) -> bytes | None:
        """The raw bytes of a stored input."""
        return RawVault(self.conn).get(sha256)

    def matching_rowids(self, query: str) -> list[int]:
        """Rowids of the items a search query matches (the query stage does the work)."""
        try:
            from wiredesk.query.api import matching_rowids
        except ImportError as exc:
            raise StoreError("export --query", "search is not available in this build") from exc
        return list(matching_rowids(self.conn, query))
