"""The search index inside an SQLite archive, derived from the `items` table.

The store calls `ensure_index_schema` when it migrates and `update_index` in the same
transaction as every write, with the rowids of the items it inserted or changed.

Layout (rowid = items.rowid everywhere):
- `search_fts`: FTS5 table of pre-analysed text, tokenizer `ascii` (the words arrive already
  tokenised by `wiredesk.query.analyze`, joined by spaces): `hs`/`bs` stemmed headline/body,
  `hu`/`bu` folded but unstemmed headline/body (for wildcards). Contentless (`content=''`):
  the text is already in `items`, and storing it again would double the archive. A 3-letter
  prefix index makes `rus*`-style wildcards read one list instead of merging thousands
  (measured 7-17x faster; the FTS5 data grows by about two thirds).
- `search_words`: the four analysed columns of each item, zlib-packed, because deleting a row
  from a contentless FTS5 table (SQLite 3.40) needs the exact values it was indexed with.
- `search_vocab`: fts5vocab over it (wildcard expansion, explain).
- `search_meta`: the compact per-item metadata that filters and counts read: publication day
  (days since 1970-01-01, see `wiredesk.query.dates`), a sort timestamp, section, sightings.
- `search_place` / `search_agency`: (key, item, name) with the exact-match key of each value.
- `search_state`: the index version (`INDEX_VERSION`); a different version reindexes on open.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from wiredesk.query.analyze import exact_key, folded_and_stems
from wiredesk.query.dates import day_number, parse_utc, publication_day, publication_moment

BM25_WEIGHTS = (4.0, 1.0, 4.0, 1.0)  # headline counts four times a body word
INDEX_VERSION = "3"  # bump when the analyzer or the layout changes: archives then reindex
_CHUNK = 500

SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts "
    "USING fts5(hs, bs, hu, bu, tokenize='ascii', content='', prefix='3')",
    "CREATE TABLE IF NOT EXISTS search_words(rowid INTEGER PRIMARY KEY, words BLOB NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_fts, col)",
    """CREATE TABLE IF NOT EXISTS search_meta(
        rowid INTEGER PRIMARY KEY, day INTEGER, ts INTEGER, section TEXT, section_key TEXT,
        sightings INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS search_meta_day ON search_meta(day)",
    "CREATE INDEX IF NOT EXISTS search_meta_ts ON search_meta(ts)",
    "CREATE INDEX IF NOT EXISTS search_meta_section ON search_meta(section_key)",
    """CREATE TABLE IF NOT EXISTS search_place(
        key TEXT NOT NULL, item INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(key, item))
        WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS search_place_item ON search_place(item)",
    """CREATE TABLE IF NOT EXISTS search_agency(
        key TEXT NOT NULL, item INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(key, item))
        WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS search_agency_item ON search_agency(item)",
    "CREATE TABLE IF NOT EXISTS search_state(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

_ITEM_COLUMNS = "rowid, headline, body, places, agencies, section, earliest, latest, n_sightings"


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the index holds for one item."""

    rowid: int
    hs: str
    bs: str
    hu: str
    bu: str
    day: int | None
    ts: int | None
    section: str | None
    section_key: str | None
    sightings: int
    places: tuple[tuple[str, str], ...]  # (key, as written)
    agencies: tuple[tuple[str, str], ...]


def json_list(value: object) -> list[str]:
    """A JSON array column as a list of strings (a bare string becomes one value)."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    try:
        parsed = json.loads(str(value))
    except ValueError:
        return [str(value)]
    if isinstance(parsed, list):
        return [str(v) for v in parsed if v is not None]
    return [str(parsed)]


def _keyed(values: Iterable[str]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for v in values:
        key = exact_key(v)
        if key and key not in seen:
            seen[key] = v.strip()
    return tuple(seen.items())


def index_row(row: Sequence[object]) -> IndexRow:
    """The index row of one `items` row (columns in `_ITEM_COLUMNS` order)."""
    rowid, headline, body, places, agencies, section, earliest, latest, sightings = row
    hu, hs = folded_and_stems(str(headline or ""))
    bu, bs = folded_and_stems(str(body or ""))
    e = parse_utc(str(earliest) if earliest else None)
    lt = parse_utc(str(latest) if latest else None)
    day = publication_day(e, lt)
    moment = publication_moment(e, lt)
    sec = str(section) if section else None
    sec_key = exact_key(sec) if sec else None
    return IndexRow(
        rowid=int(str(rowid)),
        hs=" ".join(hs),
        bs=" ".join(bs),
        hu=" ".join(hu),
        bu=" ".join(bu),
        day=day_number(day) if day is not None else None,
        ts=int(moment.timestamp()) if moment is not None and moment.tzinfo is not None else None,
        section=sec,
        section_key=sec_key or None,
        sightings=int(str(sightings)) if sightings is not None else 0,
        places=_keyed(json_list(places)),
        agencies=_keyed(json_list(agencies)),
    )


def _create(conn: sqlite3.Connection) -> None:
    for stmt in SCHEMA:
        conn.execute(stmt)
    # BM25 with the headline weighted higher is also the table's `rank` (for ad-hoc SQL).
    want = "bm25(" + ", ".join(str(w) for w in BM25_WEIGHTS) + ")"
    row = conn.execute("SELECT v FROM search_fts_config WHERE k = 'rank'").fetchone()
    if row is None or row[0] != want:
        conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES('rank', ?)", (want,))


def ensure_index_schema(conn: sqlite3.Connection) -> None:
    """Create the index tables if needed, and (re)build the index when it is new or outdated.

    An archive made before the index existed, or by an older analyzer (`INDEX_VERSION`), is
    indexed here from its `items` table, in one transaction.
    """
    started = not conn.in_transaction
    if started:
        conn.execute("BEGIN")
    try:
        _create(conn)
        row = conn.execute("SELECT value FROM search_state WHERE key = 'version'").fetchone()
        if row is None or row[0] != INDEX_VERSION:
            # An older layout may differ in the FTS5 table itself: recreate it.
            for table in ("search_vocab", "search_fts", "search_words"):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            _create(conn)
            has_items = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'items'"
            ).fetchone()[0]
            if has_items:
                _fill(conn)
            conn.execute(
                "INSERT OR REPLACE INTO search_state(key, value) VALUES ('version', ?)",
                (INDEX_VERSION,),
            )
    except BaseException:
        if started:
            conn.execute("ROLLBACK")
        raise
    if started:
        conn.execute("COMMIT")


def _chunks(rowids: Iterable[int]) -> Iterator[list[int]]:
    chunk: list[int] = []
    for r in rowids:
        chunk.append(int(r))
        if len(chunk) >= _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def pack_words(row: IndexRow) -> bytes:
    """The analysed columns of a row, packed for `search_words`."""
    return zlib.compress("\x1f".join((row.hs, row.bs, row.hu, row.bu)).encode(), 3)


def unpack_words(blob: bytes) -> tuple[str, str, str, str]:
    """The (hs, bs, hu, bu) columns packed by `pack_words`."""
    hs, bs, hu, bu = zlib.decompress(blob).decode().split("\x1f")
    return hs, bs, hu, bu


def _delete(conn: sqlite3.Connection, ids: list[int]) -> None:
    marks = ",".join("?" * len(ids))
    old = conn.execute(f"SELECT rowid, words FROM search_words WHERE rowid IN ({marks})", ids)
    conn.executemany(
        "INSERT INTO search_fts(search_fts, rowid, hs, bs, hu, bu) "
        "VALUES ('delete', ?, ?, ?, ?, ?)",
        [(rowid, *unpack_words(blob)) for rowid, blob in old.fetchall()],
    )
    conn.execute(f"DELETE FROM search_words WHERE rowid IN ({marks})", ids)
    conn.execute(f"DELETE FROM search_meta WHERE rowid IN ({marks})", ids)
    conn.execute(f"DELETE FROM search_place WHERE item IN ({marks})", ids)
    conn.execute(f"DELETE FROM search_agency WHERE item IN ({marks})", ids)


def write_rows(conn: sqlite3.Connection, rows: Iterable[IndexRow]) -> None:
    """Insert analysed rows (their rowids must not be in the index yet)."""
    rows = list(rows)
    conn.executemany(
        "INSERT INTO search_fts(rowid, hs, bs, hu, bu) VALUES (?, ?, ?, ?, ?)",
        [(r.rowid, r.hs, r.bs, r.hu, r.bu) for r in rows],
    )
    conn.executemany(
        "INSERT INTO search_words(rowid, words) VALUES (?, ?)",
        [(r.rowid, pack_words(r)) for r in rows],
    )
    conn.executemany(
        "INSERT INTO search_meta(rowid, day, ts, section, section_key, sightings) "
        "VALUES (?,?,?,?,?,?)",
        [(r.rowid, r.day, r.ts, r.section, r.section_key, r.sightings) for r in rows],
    )
    conn.executemany(
        "INSERT INTO search_place(key, item, name) VALUES (?, ?, ?)",
        [(k, r.rowid, name) for r in rows for k, name in r.places],
    )
    conn.executemany(
        "INSERT INTO search_agency(key, item, name) VALUES (?, ?, ?)",
        [(k, r.rowid, name) for r in rows for k, name in r.agencies],
    )


def update_index(conn: sqlite3.Connection, rowids: Iterable[int]) -> None:
    """(Re)index the given items from the `items` table; rowids no longer in `items` are dropped.

    Runs inside the caller's transaction (no commit here).
    """
    for ids in _chunks(rowids):
        ids = sorted(set(ids))
        _delete(conn, ids)
        marks = ",".join("?" * len(ids))
        found = conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE rowid IN ({marks})", ids)
        write_rows(conn, (index_row(r) for r in found.fetchall()))


def rebuild_index(conn: sqlite3.Connection) -> int:
    """Drop and rebuild the whole index from `items`; returns the number of items indexed.

    Runs inside the caller's transaction (no commit here).
    """
    _create(conn)
    return _fill(conn)


def _fill(conn: sqlite3.Connection) -> int:
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    for table in ("search_words", "search_meta", "search_place", "search_agency"):
        conn.execute(f"DELETE FROM {table}")
    n = 0
    cur = conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items ORDER BY rowid")
    while batch := cur.fetchmany(_CHUNK):
        write_rows(conn, [index_row(r) for r in batch])
        n += len(batch)
    return n


def optimize_index(conn: sqlite3.Connection) -> None:
    """Merge the FTS5 segments (after a bulk load; makes queries faster)."""
    conn.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")


def check_index(conn: sqlite3.Connection, *, sample: int = 2_000) -> list[str]:
    """What is wrong with the index compared with the tables (empty when consistent).

    Compares the sets of rowids of `items`, `search_meta` and `search_words` (and the number of
    documents in `search_fts`), then re-analyses up
    to `sample` items spread over the archive and compares them with what the index holds.
    """
    problems: list[str] = []
    exists = conn.execute(
        "SELECT count(*) FROM sqlite_master "
        "WHERE name IN ('search_fts', 'search_meta', 'search_words', 'items')"
    ).fetchone()[0]
    if exists < 4:
        return ["the index tables or the items table are missing"]
    docs = conn.execute("SELECT count(*) FROM search_fts_docsize").fetchone()[0]
    words = conn.execute("SELECT count(*) FROM search_words").fetchone()[0]
    if docs != words:
        problems.append(f"search_fts holds {docs} documents but search_words {words}")
    for table, column in (("search_meta", "rowid"), ("search_words", "rowid")):
        missing = conn.execute(
            f"SELECT count(*) FROM items WHERE rowid NOT IN (SELECT {column} FROM {table})"
        ).fetchone()[0]
        extra = conn.execute(
            f"SELECT count(*) FROM {table} WHERE {column} NOT IN (SELECT rowid FROM items)"
        ).fetchone()[0]
        if missing:
            problems.append(f"{missing} items are not in {table}")
        if extra:
            problems.append(f"{table} holds {extra} rows of items that no longer exist")
    total = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    step = max(1, total // max(sample, 1))
    rows = conn.execute(
        f"SELECT {_ITEM_COLUMNS} FROM items WHERE rowid % ? = 0 LIMIT ?", (step, sample)
    ).fetchall()
    stale = 0
    for r in rows:
        want = index_row(r)
        packed = conn.execute(
            "SELECT words FROM search_words WHERE rowid = ?", (want.rowid,)
        ).fetchone()
        got_fts = unpack_words(packed[0]) if packed else None
        got_meta = conn.execute(
            "SELECT day, section_key FROM search_meta WHERE rowid = ?", (want.rowid,)
        ).fetchone()
        places = conn.execute(
            "SELECT key FROM search_place WHERE item = ? ORDER BY key", (want.rowid,)
        ).fetchall()
        if (
            got_fts != (want.hs, want.bs, want.hu, want.bu)
            or got_meta != (want.day, want.section_key)
            or [p[0] for p in places] != sorted(k for k, _ in want.places)
        ):
            stale += 1
    if stale:
        problems.append(f"{stale} of {len(rows)} sampled items differ from the items table")
    return problems
