"""Scratch archives for tests and benchmarks: the store's `items` table plus the search index.

Uses the `items` DDL agreed with the store (owners.md), so query tests and `bench/search.py` run
without the ingest pipeline; real archives are created by `wiredesk.store`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wiredesk.query.sqlite_index import ensure_index_schema, update_index

ITEMS_DDL = """CREATE TABLE IF NOT EXISTS items(
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, headline TEXT, places TEXT, agencies TEXT,
    section TEXT, body TEXT NOT NULL, earliest TEXT, latest TEXT, first_seen TEXT, last_seen TEXT,
    n_versions INTEGER, n_sightings INTEGER, lead_of TEXT NULL, conflict INTEGER)"""


@dataclass(frozen=True, slots=True)
class ScratchItem:
    """The fields of an item that search reads (timestamps ISO-8601 UTC or None)."""

    id: str
    headline: str | None
    body: str
    places: Sequence[str] = ()
    agencies: Sequence[str] = ()
    section: str | None = None
    earliest: str | None = None
    latest: str | None = None
    sightings: int = 1


def create(conn: sqlite3.Connection) -> None:
    """Create `items` and the index tables."""
    conn.execute(ITEMS_DDL)
    ensure_index_schema(conn)


def insert(
    conn: sqlite3.Connection, items: Iterable[ScratchItem], *, index: bool = True
) -> list[int]:
    """Insert items (and index them); returns their rowids."""
    rowids = []
    for it in items:
        cur = conn.execute(
            "INSERT INTO items(id, headline, places, agencies, section, body, earliest, latest, "
            "first_seen, last_seen, n_versions, n_sightings, conflict) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,1,?,0)",
            (
                it.id,
                it.headline,
                json.dumps(list(it.places), ensure_ascii=False),
                json.dumps(list(it.agencies), ensure_ascii=False),
                it.section,
                it.body,
                it.earliest,
                it.latest,
                it.latest,
                it.latest,
                it.sightings,
            ),
        )
        rowids.append(int(cur.lastrowid or 0))
    if index:
        update_index(conn, rowids)
    return rowids
