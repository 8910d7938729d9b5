"""The search index inside a PostgreSQL archive: pre-analysed tsvectors with GIN indexes.

Each item's headline and body go through the same Dutch analyzer as the SQLite index
(`wiredesk.query.analyze`, via `sqlite_index.index_row`): the stems and the folded words are
written as tsvectors in PostgreSQL's `simple` form (one lexeme per token, positions kept), so
a word, phrase, proximity or wildcard matches exactly the items it matches in SQLite.
PostgreSQL's own `dutch` configuration stems differently (it drops stop words and stems
`kinderen` to `kinder`, not `kind`), which would change counts between backends; see
docs/scaling.md for the measurement.

Tables (rowid = items.rowid): `search_doc(hs, bs, hu, bu)` tsvectors (stemmed/unstemmed
headline/body) each with a GIN index; `search_meta`, `search_place`, `search_agency` as in
SQLite; `search_terms(col, term)` the folded vocabulary for wildcard expansion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from wiredesk.query.sqlite_index import IndexRow, index_row

COMPONENT = "search.postgres"
ITEM_COLUMNS = "rowid, headline, body, places, agencies, section, earliest, latest, n_sightings"
MAX_POSITION = 16_383  # PostgreSQL keeps word positions up to this
_CHUNK = 500

SCHEMA_V1 = """
CREATE TABLE search_doc (
    rowid BIGINT PRIMARY KEY,
    hs TSVECTOR NOT NULL,
    bs TSVECTOR NOT NULL,
    hu TSVECTOR NOT NULL,
    bu TSVECTOR NOT NULL
);
CREATE INDEX search_doc_hs ON search_doc USING GIN (hs);
CREATE INDEX search_doc_bs ON search_doc USING GIN (bs);
CREATE INDEX search_doc_hu ON search_doc USING GIN (hu);
CREATE INDEX search_doc_bu ON search_doc USING GIN (bu);
CREATE TABLE search_meta (
    rowid BIGINT PRIMARY KEY,
    day BIGINT,
    ts BIGINT,
    section TEXT COLLATE "C",
    section_key TEXT COLLATE "C",
    sightings BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX search_meta_day ON search_meta(day);
CREATE INDEX search_meta_ts ON search_meta(ts);
CREATE INDEX search_meta_section ON search_meta(section_key);
CREATE TABLE search_place (
    key TEXT COLLATE "C" NOT NULL, item BIGINT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (key, item)
);
CREATE INDEX search_place_item ON search_place(item);
CREATE TABLE search_agency (
    key TEXT COLLATE "C" NOT NULL, item BIGINT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (key, item)
);
CREATE INDEX search_agency_item ON search_agency(item);
CREATE TABLE search_terms (
    col TEXT COLLATE "C" NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (col, term)
);
-- FTS5's NEAR rule over a tsvector: some position M where every word occurs in
-- [M - 1 - distance, M] (the same rule as the reference evaluator).
CREATE FUNCTION wd_near(doc TSVECTOR, words TEXT[], distance INT) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH pos AS (
    SELECT u.lexeme AS w, p FROM unnest(doc) AS u(lexeme, positions, weights),
    unnest(u.positions) AS p WHERE u.lexeme = ANY(words))
  SELECT EXISTS (
    SELECT 1 FROM pos m WHERE NOT EXISTS (
      SELECT 1 FROM unnest(words) AS x(w) WHERE NOT EXISTS (
        SELECT 1 FROM pos q WHERE q.w = x.w AND q.p BETWEEN m.p - 1 - distance AND m.p)))
$$;
"""


def tsvector_literal(text: str) -> str:
    """A tsvector literal of space-separated analysed tokens, with 1-based word positions."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i, tok in enumerate(text.split()):
        positions[tok].append(min(i + 1, MAX_POSITION))
    return " ".join(
        f"{lexeme_literal(tok)}:{','.join(map(str, sorted(set(p))))}"
        for tok, p in positions.items()
    )


def lexeme_literal(token: str) -> str:
    """One lexeme quoted for a tsvector or tsquery literal."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _chunks(rowids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted({int(r) for r in rowids})
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _delete(cur: Any, ids: list[int]) -> None:
    cur.execute("DELETE FROM search_doc WHERE rowid = ANY(%s)", (ids,))
    cur.execute("DELETE FROM search_meta WHERE rowid = ANY(%s)", (ids,))
    cur.execute("DELETE FROM search_place WHERE item = ANY(%s)", (ids,))
    cur.execute("DELETE FROM search_agency WHERE item = ANY(%s)", (ids,))


def _insert_many(cur: Any, head: str, row_sql: str, rows: Sequence[Sequence[object]]) -> None:
    """One multi-row INSERT per 500 rows (a round trip each, not one per row)."""
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        cur.execute(
            f"{head} VALUES {','.join([row_sql] * len(chunk))}", [v for r in chunk for v in r]
        )


def write_rows(cur: Any, rows: Sequence[IndexRow]) -> None:
    """Insert analysed rows (their rowids must not be in the index yet)."""
    if not rows:
        return
    _insert_many(
        cur,
        "INSERT INTO search_doc(rowid, hs, bs, hu, bu)",
        "(%s, %s::tsvector, %s::tsvector, %s::tsvector, %s::tsvector)",
        [
            (
                r.rowid,
                tsvector_literal(r.hs),
                tsvector_literal(r.bs),
                tsvector_literal(r.hu),
                tsvector_literal(r.bu),
            )
            for r in rows
        ],
    )
    _insert_many(
        cur,
        "INSERT INTO search_meta(rowid, day, ts, section, section_key, sightings)",
        "(%s, %s, %s, %s, %s, %s)",
        [(r.rowid, r.day, r.ts, r.section, r.section_key, r.sightings) for r in rows],
    )
    places = [(k, r.rowid, name) for r in rows for k, name in r.places]
    if places:
        _insert_many(cur, "INSERT INTO search_place(key, item, name)", "(%s, %s, %s)", places)
    agencies = [(k, r.rowid, name) for r in rows for k, name in r.agencies]
    if agencies:
        _insert_many(cur, "INSERT INTO search_agency(key, item, name)", "(%s, %s, %s)", agencies)
    terms = sorted(
        {("hu", t) for r in rows for t in r.hu.split()}
        | {("bu", t) for r in rows for t in r.bu.split()}
    )
    if terms:
        # Sorted, so concurrent writers take the key locks in one order (no deadlock).
        cur.execute(
            "INSERT INTO search_terms(col, term) SELECT * FROM unnest(%s::text[], %s::text[])"
            " ON CONFLICT DO NOTHING",
            ([c for c, _ in terms], [t for _, t in terms]),
        )


def update_index(conn: Any, rowids: Iterable[int]) -> None:
    """(Re)index the given items from `items` inside the caller's transaction."""
    with conn.cursor() as cur:
        for ids in _chunks(rowids):
            _delete(cur, ids)
            cur.execute(f"SELECT {ITEM_COLUMNS} FROM items WHERE rowid = ANY(%s)", (ids,))
            write_rows(cur, [index_row(r) for r in cur.fetchall()])


def rebuild_index(conn: Any) -> int:
    """Rebuild the whole index from `items`; returns the number of items indexed."""
    n = 0
    with conn.cursor() as cur:
        for table in ("search_doc", "search_meta", "search_place", "search_agency"):
            cur.execute(f"DELETE FROM {table}")
        cur.execute("SELECT rowid FROM items ORDER BY rowid")
        ids = [int(r[0]) for r in cur.fetchall()]
    update_index(conn, ids)
    n = len(ids)
    return n


def check_index(conn: Any, *, sample: int = 300) -> list[str]:
    """What is wrong with the index compared with `items` (empty when consistent)."""
    problems: list[str] = []
    with conn.cursor() as cur:
        for table in ("search_meta", "search_doc"):
            cur.execute(
                f"SELECT count(*) FROM items i WHERE NOT EXISTS"
                f" (SELECT 1 FROM {table} t WHERE t.rowid = i.rowid)"
            )
            missing = int(cur.fetchone()[0])
            cur.execute(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS"
                f" (SELECT 1 FROM items i WHERE i.rowid = t.rowid)"
            )
            extra = int(cur.fetchone()[0])
            if missing:
                problems.append(f"{missing} items are not in {table}")
            if extra:
                problems.append(f"{table} holds {extra} rows of items that no longer exist")
        cur.execute("SELECT count(*) FROM items")
        total = int(cur.fetchone()[0])
        step = max(1, total // max(sample, 1))
        cur.execute(
            f"SELECT {ITEM_COLUMNS} FROM items WHERE rowid %% %s = 0 LIMIT %s", (step, sample)
        )
        rows = cur.fetchall()
        stale = 0
        for r in rows:
            want = index_row(r)
            cur.execute(
                "SELECT d.hs::text, d.bs::text, d.hu::text, d.bu::text, m.day, m.section_key,"
                " m.sightings FROM search_doc d JOIN search_meta m ON m.rowid = d.rowid"
                " WHERE d.rowid = %s",
                (want.rowid,),
            )
            got = cur.fetchone()
            cur.execute(
                "SELECT %s::tsvector::text, %s::tsvector::text, %s::tsvector::text,"
                " %s::tsvector::text",
                tuple(tsvector_literal(t) for t in (want.hs, want.bs, want.hu, want.bu)),
            )
            expect = cur.fetchone()
            cur.execute("SELECT key FROM search_place WHERE item = %s ORDER BY key", (want.rowid,))
            places = [p[0] for p in cur.fetchall()]
            if (
                got is None
                or tuple(got[:4]) != tuple(expect)
                or tuple(got[4:]) != (want.day, want.section_key, want.sightings)
                or places != sorted(k for k, _ in want.places)
            ):
                stale += 1
        if stale:
            problems.append(f"{stale} of {len(rows)} sampled items differ from the items table")
    return problems
