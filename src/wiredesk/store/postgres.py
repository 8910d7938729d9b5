"""`PostgresStore`: an archive in a PostgreSQL database, shared by many readers and writers.

Same schema, same merge rules and same reads as the SQLite archive: the store's shared code
(`SQLiteBatch`, `sqlite_reads`, the integrity checks) runs through a translating connection
(`postgres_dialect.PgConnection`), and the search index is PostgreSQL tsvectors with GIN
indexes (`postgres_index`), searched by the same query language (`postgres_search`).

Several ingest processes may write at once. Every identity is a unique constraint (page
key, item id, exact key, sighting page+position, problem, input marker) and every write of
one is an `INSERT ... ON CONFLICT` upsert, so no row can be stored twice. The merge itself
(is this text a new item, a version or a sighting; which article does a brief lead?) reads
what earlier pages wrote, so each batch transaction takes a transaction-scoped advisory lock
before its first merge: batches are merged one at a time, as with SQLite, while readers never
wait (MVCC) and see whole batches only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import psycopg

from wiredesk.dedup.near import MinHasher, NearSettings
from wiredesk.errors import StoreError
from wiredesk.query.results import Hit
from wiredesk.store import postgres_index, sqlite_reads
from wiredesk.store.base import ItemDetail, ProblemRecord
from wiredesk.store.postgres_dialect import PgConnection
from wiredesk.store.postgres_schema import (
    LOCK_MERGE,
    LOCK_NAMESPACE,
    components,
    migrate,
    rowid_tables,
)
from wiredesk.store.raw import decompress
from wiredesk.store.sqlite_batch import KeyCache, SQLiteBatch

SCHEMES = ("postgresql://", "postgres://")
_CONTRACT = ("pages", "items", "sightings", "versions", "problems")


def _redact(url: str) -> str:
    """The URL without its password (for error lines)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresStore:
    """An archive in a PostgreSQL database (`postgresql://user@host:port/db`)."""

    def __init__(
        self, url: str, *, read_only: bool = False, near: NearSettings | None = None
    ) -> None:
        self.location = _redact(url)
        self.url = url
        self.read_only = read_only
        try:
            self.raw = psycopg.connect(url, autocommit=True, application_name="wiredesk")
        except psycopg.Error as exc:
            raise StoreError(self.location, f"cannot connect: {exc}".splitlines()[0]) from exc
        self.conn = PgConnection(self.raw, rowid_tables(components()))
        try:
            if read_only:
                self.raw.execute("SET default_transaction_read_only = on")
                if not self._has_schema():
                    raise StoreError(self.location, "no archive here (run `wiredesk ingest` first)")
            else:
                migrate(self.raw, self.conn)
        except psycopg.Error as exc:
            self.raw.close()
            raise StoreError(self.location, f"cannot open the archive: {exc}") from exc
        except BaseException:
            self.raw.close()
            raise
        self.near = near or NearSettings()
        self._hasher: MinHasher | None = None
        self._keys = KeyCache()

    def _has_schema(self) -> bool:
        row = self.raw.execute("SELECT to_regclass('items') IS NOT NULL").fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()

    def checkpoint(self) -> None:
        """Nothing to do: the server manages its own write-ahead log."""

    # -- writes ---------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[SQLiteBatch]:
        """One write transaction; committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise StoreError(self.location, "the archive is open read-only")
        if self._hasher is None:
            self._hasher = MinHasher(self.near)
        # SQLiteBatch only uses the sqlite3 methods PgConnection provides.
        writer = SQLiteBatch(cast(Any, self.conn), self._hasher, self._keys)
        try:
            with self.raw.transaction():
                # Merges read what earlier batches wrote: one batch merges at a time.
                self.raw.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, LOCK_MERGE)
                )
                yield writer
                changed = writer.flush()
                if changed:
                    postgres_index.update_index(self.raw, changed)
        except psycopg.Error as exc:
            self._keys.clear()
            raise StoreError(self.location, f"cannot write the archive: {exc}") from exc
        except BaseException:
            self._keys.clear()
            raise

    # -- reads ----------------------------------------------------------------------------

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self.conn.execute(sql, params).fetchone()
        return int(row[0] or 0) if row else 0

    def count_items(self) -> int:
        """How many items the archive holds."""
        return self._count("SELECT count(*) FROM items")

    def has_page(self, page_key: str) -> bool:
        """True when this exact page is already stored (outside any batch)."""
        return (
            self.conn.execute("SELECT 1 FROM pages WHERE page_key = ?", (page_key,)).fetchone()
            is not None
        )

    def watermark(self) -> int:
        """The highest page rowid (for `items_seen_since`)."""
        return self._count("SELECT coalesce(max(rowid), 0) FROM pages")

    def items_seen_since(self, mark: int) -> int:
        """Distinct items sighted on pages stored after `mark`."""
        return self._count("SELECT count(DISTINCT item) FROM sightings WHERE page > ?", (mark,))

    def stats(self) -> dict[str, int]:
        """The `wiredesk stats --format json` counts."""
        return {name: self._count(f"SELECT count(*) FROM {name}") for name in _CONTRACT}

    def stats_detail(self) -> dict[str, Any]:
        """More figures for `stats --format table`."""
        from wiredesk.store import sqlite_stats

        out = sqlite_stats.stats_detail(cast(Any, self.conn), None)
        out["database_bytes"] = self._count("SELECT pg_database_size(current_database())")
        out["backend"] = "postgresql"
        return out

    def check(self) -> list[str]:
        """What is inconsistent in the archive (empty when it is sound)."""
        from wiredesk.store.sqlite_stats import _CHECKS

        wrong: list[str] = []
        for what, sql in _CHECKS:
            n = self._count(sql)
            if n:
                wrong.append(f"{n:,} {what}")
        wrong.extend(f"search index: {line}" for line in postgres_index.check_index(self.raw))
        return wrong

    def item(self, item_id: str) -> ItemDetail | None:
        """An item by id (or unique id prefix) with versions and sightings."""
        return sqlite_reads.item_detail(cast(Any, self.conn), item_id)

    def latest(self, section: str | None = None, limit: int = 10) -> list[Hit]:
        """The most recently published items."""
        return sqlite_reads.latest(cast(Any, self.conn), section, limit)

    def problems(self, limit: int = 100) -> list[ProblemRecord]:
        """Stored problems, newest first."""
        return sqlite_reads.problems(cast(Any, self.conn), limit)

    def iter_items(self, rowids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
        """Items as flat export records, in archive order."""
        return sqlite_reads.iter_items(cast(Any, self.conn), rowids)

    def raw_input(self, sha256: str) -> bytes | None:
        """The raw bytes of a stored input."""
        row = self.conn.execute(
            "SELECT codec, data FROM raw_inputs WHERE sha256 = ?", (sha256,)
        ).fetchone()
        if row is None:
            return None
        return decompress(str(row[0]), bytes(row[1]))

    def matching_rowids(self, query: str) -> list[int]:
        """Rowids of the items a search query matches."""
        from wiredesk.store import postgres_search

        return postgres_search.matching_rowids(self.raw, query)

    @property
    def search_api(self) -> Any:
        """The search functions for this backend (same signatures as `wiredesk.query.api`)."""
        from wiredesk.store import postgres_search

        return postgres_search

    @property
    def search_conn(self) -> psycopg.Connection[Any]:
        """The connection `search_api` functions take."""
        return self.raw
