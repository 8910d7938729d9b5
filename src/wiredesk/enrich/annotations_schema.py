"""The enrichment tables (component `enrich`; applied by store/migrations.py).

Derived from the `items` table like the search index: `wiredesk enrich` (Archive.enrich)
brings them up to date; dropping them loses nothing that cannot be recomputed.
"""

from __future__ import annotations

COMPONENT = "enrich"

_V1 = """
CREATE TABLE enrich_items (
    item_rowid INTEGER PRIMARY KEY,     -- items.rowid
    content_key TEXT NOT NULL,          -- sha1 of headline, body and places when annotated
    story_id TEXT,                      -- story-N (StoryTracker, in rowid order)
    storyline_id TEXT                   -- storyline-N
);
CREATE INDEX enrich_items_story ON enrich_items(story_id);
CREATE INDEX enrich_items_storyline ON enrich_items(storyline_id);
CREATE TABLE enrich_entities (
    item_rowid INTEGER NOT NULL,
    entity_id TEXT NOT NULL,            -- person:vladimir-poetin, org:navo, ...
    kind TEXT NOT NULL,                 -- person | org
    name TEXT NOT NULL,                 -- canonical name
    mentions INTEGER NOT NULL,
    PRIMARY KEY (item_rowid, entity_id)
);
CREATE INDEX enrich_entities_entity ON enrich_entities(entity_id);
CREATE TABLE enrich_places (
    item_rowid INTEGER NOT NULL,
    role TEXT NOT NULL,                 -- dateline | body
    as_written TEXT NOT NULL,
    place_id TEXT,                      -- GeoNames id or wd:<slug>; NULL when unresolved
    country TEXT,                       -- ISO 3166-1 alpha-2
    PRIMARY KEY (item_rowid, role, as_written)
);
CREATE INDEX enrich_places_place ON enrich_places(place_id);
CREATE INDEX enrich_places_country ON enrich_places(country);
CREATE TABLE enrich_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL                 -- JSON (the story tracker's snapshot)
);
"""

# The short `(version, name, sql)` form: enrich must not import the store (layering).
MIGRATIONS: tuple[tuple[int, str, str], ...] = ((1, "enrichment annotations", _V1),)
