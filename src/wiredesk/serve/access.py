"""Archive handles for the server: one read handle per worker thread, one writer at a time.

SQLite connections belong to the thread that opened them, and the server answers requests
on a pool of threads, so each thread opens its own reader on first use. Writes (ingest) open
a handle of their own under a lock: SQLite has one writer anyway, and in WAL mode readers
keep answering while it writes.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any, cast

from wiredesk.archive import Archive
from wiredesk.errors import StoreError
from wiredesk.store.sqlite import SQLiteStore, connect


class ArchiveAccess:
    """Opens, hands out and closes the server's archive handles."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._local = threading.local()
        self._opened: list[Archive] = []
        self._opened_lock = threading.Lock()
        # Bumped by close(): handles of an older generation are closed and must be reopened.
        self._generation = 0
        self.write_lock = threading.Lock()

    def prepare(self) -> None:
        """Create or migrate the archive once, before serving (readers never migrate)."""
        Archive.open(self.location).close()

    def reader(self) -> Archive:
        """This thread's read handle (opened on first use).

        Call it in the endpoint function itself, never in a FastAPI dependency: a sync
        dependency may run on another pool thread than the endpoint, and a connection used
        from two threads at once can deadlock (its progress handler needs the GIL).
        """
        archive: Archive | None = getattr(self._local, "archive", None)
        if archive is None or getattr(self._local, "generation", -1) != self._generation:
            archive = open_reader(self.location)
            self._local.archive = archive
            self._local.generation = self._generation
            with self._opened_lock:
                self._opened.append(archive)
        return archive

    @contextlib.contextmanager
    def writer(self) -> Iterator[Archive]:
        """A write handle, one at a time, closed afterwards."""
        with self.write_lock:
            archive = Archive.open(self.location)
            try:
                yield archive
            finally:
                archive.close()

    def close(self) -> None:
        """Close every read handle (at shutdown; errors from other threads' handles are moot)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
            self._generation += 1
        for archive in opened:
            with contextlib.suppress(sqlite3.ProgrammingError, StoreError):
                archive.close()


def open_reader(location: str) -> Archive:
    """An archive handle for reading that never waits for a writer.

    Opened like a read-only archive (no migrations, which would need the write lock that a
    running ingest holds), but on an ordinary connection: SQLite's `mode=ro` connections
    cannot rebuild the WAL index after another process writes and then wait out the busy
    timeout on every read.
    """
    archive = Archive.open(location, read_only=True)
    store = archive.store
    if isinstance(store, SQLiteStore):
        store.conn.close()
        store.conn = connect(store.path)
    return archive


def sqlite_conn(archive: Archive) -> sqlite3.Connection:
    """The archive's SQLite connection (tokens live in the archive's own database)."""
    conn: Any = getattr(archive.store, "conn", None)
    # PostgreSQL archives offer the same execute() API (store/postgres_dialect.PgConnection).
    if not isinstance(conn, sqlite3.Connection) and not hasattr(conn, "executemany"):
        raise StoreError(archive.location, "API tokens need an SQLite archive")
    return cast(sqlite3.Connection, conn)
