"""The core tables of an archive: raw inputs, pages, items, versions, sightings, problems.

This is the store's own migration list (component `store`); see `migrations.py`.
The `items` table is a seam: the search index, enrichment and serving read it, so its
columns keep the names and meanings agreed in the team's owners list.
"""

from __future__ import annotations

from wiredesk.store.migrations import Migration

COMPONENT = "store"

_V1 = """
CREATE TABLE raw_inputs (
    rowid INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,          -- of the raw bytes as read
    size INTEGER NOT NULL,                -- raw length in bytes
    codec TEXT NOT NULL,                  -- 'zlib' (or 'none' for incompressible data)
    data BLOB NOT NULL
);

CREATE TABLE pages (
    rowid INTEGER PRIMARY KEY,
    page_key TEXT NOT NULL UNIQUE,        -- sha256 of (raw sha256, url, fetched_at): idempotence
    url TEXT,
    fetched_at TEXT,                      -- UTC ISO-8601; NULL when unknown
    raw_sha256 TEXT NOT NULL REFERENCES raw_inputs(sha256),
    source_kind TEXT NOT NULL,
    source_location TEXT NOT NULL,
    source_offset INTEGER,
    source_record TEXT,
    layout TEXT,
    page_kind TEXT,
    section TEXT,
    n_items INTEGER NOT NULL DEFAULT 0,
    problems TEXT                         -- JSON array of problem codes; NULL when none
);
CREATE INDEX pages_url ON pages(url);
CREATE INDEX pages_raw ON pages(raw_sha256);

CREATE TABLE items (
    rowid INTEGER PRIMARY KEY,
    id TEXT UNIQUE NOT NULL,
    headline TEXT,
    places TEXT,
    agencies TEXT,
    section TEXT,
    body TEXT NOT NULL,
    earliest TEXT,
    latest TEXT,
    first_seen TEXT,
    last_seen TEXT,
    n_versions INTEGER,
    n_sightings INTEGER,
    lead_of TEXT NULL,
    conflict INTEGER
);
CREATE INDEX items_lead_of ON items(lead_of) WHERE lead_of IS NOT NULL;
CREATE INDEX items_latest ON items(latest);

CREATE TABLE versions (
    rowid INTEGER PRIMARY KEY,
    item INTEGER NOT NULL REFERENCES items(rowid),
    number INTEGER NOT NULL,              -- 1, 2, ... in the order the archive met them
    headline TEXT,
    body TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    first_seen TEXT,
    truncated INTEGER NOT NULL DEFAULT 0, -- only ever seen cut off by the end of a page
    role TEXT NOT NULL DEFAULT 'list',    -- 'main' (a page's article) or 'list' (a brief)
    similarity REAL,                      -- to the version it was matched with
    rule TEXT NOT NULL,                   -- the rule that made it part of the item
    UNIQUE (item, number)
);

CREATE TABLE sightings (
    rowid INTEGER PRIMARY KEY,
    item INTEGER NOT NULL REFERENCES items(rowid),
    version INTEGER NOT NULL REFERENCES versions(rowid),
    page INTEGER NOT NULL REFERENCES pages(rowid),
    fetched_at TEXT,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    age TEXT,                             -- as written on the page
    earliest TEXT,                        -- the interval this sighting implies
    latest TEXT,
    conflict INTEGER NOT NULL DEFAULT 0,  -- its interval contradicts the item's
    truncated INTEGER NOT NULL DEFAULT 0,
    similarity REAL,
    rule TEXT NOT NULL,
    UNIQUE (page, position)
);
CREATE INDEX sightings_item ON sightings(item);
CREATE INDEX sightings_version ON sightings(version);

CREATE TABLE problems (
    rowid INTEGER PRIMARY KEY,
    page INTEGER REFERENCES pages(rowid),
    input TEXT NOT NULL,
    code TEXT NOT NULL,
    stage TEXT NOT NULL,
    message TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (input, code, message)
);

CREATE TABLE inputs_done (
    location TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    pages INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    completed_at TEXT NOT NULL
);

-- Dedup lookups: every one is an indexed query inside the write transaction.
CREATE TABLE item_keys (
    key TEXT PRIMARY KEY,                 -- exact key of a version text
    item INTEGER NOT NULL,
    version INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE head_keys (
    key TEXT NOT NULL,                    -- places + first words: finds cut-off copies
    item INTEGER NOT NULL,
    PRIMARY KEY (key, item)
) WITHOUT ROWID;

CREATE TABLE lsh_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    item INTEGER NOT NULL,
    PRIMARY KEY (band, hash, item)
) WITHOUT ROWID;

CREATE TABLE lead_keys (
    key TEXT NOT NULL,                    -- places + lead paragraph
    kind TEXT NOT NULL,                   -- 'brief' or 'article'
    item INTEGER NOT NULL,
    PRIMARY KEY (key, kind, item)
) WITHOUT ROWID;

CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

MIGRATIONS: tuple[Migration, ...] = (Migration(1, "core tables", _V1),)
