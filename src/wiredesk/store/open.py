"""Open an archive by location: a file path gives SQLite; a postgresql:// URL PostgreSQL."""

from __future__ import annotations

from wiredesk.errors import StoreError
from wiredesk.store.base import ArchiveStore
from wiredesk.store.sqlite import SQLiteStore

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str, read_only: bool = False) -> ArchiveStore:
    """Open (and create or migrate, unless read-only) the archive at `location`.

    Raises:
        StoreError: the location cannot be opened, or names a backend not built yet.
    """
    if location.startswith(_POSTGRES_SCHEMES):
        try:
            from wiredesk.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(
                location.split("@")[-1],
                f"PostgreSQL needs psycopg: pip install 'wiredesk[postgres]' ({exc})",
            ) from exc
        return PostgresStore(location, read_only=read_only)
    if "://" in location:
        raise StoreError(location, "unknown archive location (give a file path)")
    return SQLiteStore(location, read_only=read_only)
