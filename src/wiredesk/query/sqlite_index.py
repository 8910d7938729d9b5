"""The search index inside an SQLite archive, derived from the `items` table.

The store calls `ensure_index_schema` when it migrates and `update_index` in the same
transaction as every write, with the rowids of the items it inserted or changed.
(Placeholder; the query stage fills it in.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def ensure_index_schema(conn: sqlite3.Connection) -> None:
    """Create the index tables if they do not exist."""


def update_index(conn: sqlite3.Connection, rowids: Iterable[int]) -> None:
    """(Re)index the given items from the `items` table."""


def check_index(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with the index compared with the tables (empty when consistent)."""
    return []
