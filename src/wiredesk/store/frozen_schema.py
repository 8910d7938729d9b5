"""Tables of frozen result sets (component `frozen`): a query's exact item versions, kept.

`frozen_sets` holds one row per named set with its manifest; `frozen_items` the records of the
items as they were when the set was frozen (the matched version's text and the item's fields),
so later ingests, new versions and re-ingests never change what a frozen set returns.
"""

from __future__ import annotations

from wiredesk.store.migrations import Migration

COMPONENT = "frozen"

_V1 = """
CREATE TABLE frozen_sets (
    rowid INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    set_id TEXT NOT NULL,                 -- citable id: hash of query, scope and (item, version)s
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,             -- UTC ISO-8601
    n_items INTEGER NOT NULL,
    checksum TEXT NOT NULL,               -- sha256 of the records as canonical JSON lines
    manifest TEXT NOT NULL                -- JSON: query, filters, scope, archive state, counts
);

CREATE TABLE frozen_items (
    set_rowid INTEGER NOT NULL REFERENCES frozen_sets(rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,            -- 0, 1, ... in (item id, version) order
    item_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    text_hash TEXT,
    record TEXT NOT NULL,                 -- JSON of the item's fields with this version's text
    PRIMARY KEY (set_rowid, position)
) WITHOUT ROWID;
"""

MIGRATIONS: tuple[Migration, ...] = (Migration(1, "frozen result sets", _V1),)
