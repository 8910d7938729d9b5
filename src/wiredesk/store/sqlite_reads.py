"""Reading items, problems and export records back out of an SQLite archive."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from wiredesk.model import Interval
from wiredesk.query.results import Hit
from wiredesk.store.base import (
    ItemDetail,
    ProblemRecord,
    SightingRecord,
    VersionRecord,
    parse_iso,
)

_ITEM_COLUMNS = (
    "rowid, id, headline, places, agencies, section, body, earliest, latest, first_seen,"
    " last_seen, n_versions, n_sightings, lead_of, conflict"
)
# Export records: every item field, in this order (CSV columns follow it).
EXPORT_FIELDS = (
    "id",
    "headline",
    "places",
    "agencies",
    "section",
    "body",
    "earliest",
    "latest",
    "first_seen",
    "last_seen",
    "n_versions",
    "n_sightings",
    "lead_of",
    "conflict",
)


def _record(row: sqlite3.Row | tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": row[1],
        "headline": row[2],
        "places": json.loads(row[3] or "[]"),
        "agencies": json.loads(row[4] or "[]"),
        "section": row[5],
        "body": row[6],
        "earliest": row[7],
        "latest": row[8],
        "first_seen": row[9],
        "last_seen": row[10],
        "n_versions": row[11],
        "n_sightings": row[12],
        "lead_of": row[13],
        "conflict": bool(row[14]),
    }


def find_item_rowid(conn: sqlite3.Connection, item_id: str) -> int | None:
    """The rowid of an item by full id, or by a unique id prefix (at least 6 characters)."""
    row = conn.execute("SELECT rowid FROM items WHERE id=?", (item_id,)).fetchone()
    if row is not None:
        return int(row[0])
    if len(item_id) < 6:
        return None
    rows = conn.execute(
        "SELECT rowid FROM items WHERE id >= ? AND id < ? LIMIT 2",
        (item_id, item_id + "\uffff"),
    ).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def item_detail(conn: sqlite3.Connection, item_id: str) -> ItemDetail | None:
    """An item with its versions (in order), sightings (by crawl time) and lead links."""
    rowid = find_item_rowid(conn, item_id)
    if rowid is None:
        return None
    row = conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE rowid=?", (rowid,)).fetchone()
    rec = _record(row)
    counts = dict(
        conn.execute(
            "SELECT version, count(*) FROM sightings WHERE item=? GROUP BY version", (rowid,)
        ).fetchall()
    )
    versions = tuple(
        VersionRecord(
            number=int(r[1]),
            headline=r[2],
            body=r[3],
            text_hash=r[4],
            first_seen=r[5],
            similarity=r[6],
            rule=r[7],
            truncated=bool(r[8]),
            sightings=int(counts.get(r[0], 0)),
        )
        for r in conn.execute(
            "SELECT rowid, number, headline, body, text_hash, first_seen, similarity, rule,"
            " truncated FROM versions WHERE item=? ORDER BY number",
            (rowid,),
        )
    )
    sightings = tuple(
        SightingRecord(
            version=int(r[0]),
            url=r[1],
            fetched_at=r[2],
            position=int(r[3]),
            role=r[4],
            age=r[5],
            earliest=r[6],
            latest=r[7],
            conflict=bool(r[8]),
            truncated=bool(r[9]),
            similarity=r[10],
            rule=r[11],
            source=r[12] if r[13] is None else f"{r[12]}@{r[13]}",
            layout=r[14],
        )
        for r in conn.execute(
            "SELECT v.number, p.url, s.fetched_at, s.position, s.role, s.age, s.earliest,"
            " s.latest, s.conflict, s.truncated, s.similarity, s.rule, p.source_location,"
            " p.source_offset, p.layout FROM sightings s JOIN versions v ON v.rowid = s.version"
            " JOIN pages p ON p.rowid = s.page WHERE s.item=?"
            " ORDER BY s.fetched_at IS NULL, s.fetched_at, s.rowid",
            (rowid,),
        )
    )
    led_by = tuple(
        str(r[0])
        for r in conn.execute("SELECT id FROM items WHERE lead_of=? ORDER BY rowid", (rec["id"],))
    )
    return ItemDetail(
        id=rec["id"],
        headline=rec["headline"],
        places=tuple(rec["places"]),
        agencies=tuple(rec["agencies"]),
        section=rec["section"],
        body=rec["body"],
        published=Interval(parse_iso(rec["earliest"]), parse_iso(rec["latest"])),
        first_seen=rec["first_seen"],
        last_seen=rec["last_seen"],
        n_versions=int(rec["n_versions"]),
        n_sightings=int(rec["n_sightings"]),
        lead_of=rec["lead_of"],
        conflict=bool(rec["conflict"]),
        versions=versions,
        sightings=sightings,
        led_by=led_by,
    )


def latest(conn: sqlite3.Connection, section: str | None, limit: int) -> list[Hit]:
    """The most recently published items (by the end of their interval, then first crawl)."""
    sql = f"SELECT {_ITEM_COLUMNS} FROM items"
    params: list[Any] = []
    if section:
        sql += " WHERE section = ? COLLATE NOCASE"
        params.append(section)
    sql += " ORDER BY coalesce(latest, first_seen) DESC, rowid DESC LIMIT ?"
    params.append(limit)
    hits = []
    for row in conn.execute(sql, params):
        rec = _record(row)
        hits.append(
            Hit(
                id=rec["id"],
                headline=rec["headline"],
                places=tuple(rec["places"]),
                agencies=tuple(rec["agencies"]),
                section=rec["section"],
                body=rec["body"],
                published=Interval(parse_iso(rec["earliest"]), parse_iso(rec["latest"])),
                sightings=int(rec["n_sightings"]),
                versions=int(rec["n_versions"]),
            )
        )
    return hits


def problems(conn: sqlite3.Connection, limit: int) -> list[ProblemRecord]:
    """Stored problems, newest first, with the page's url, crawl time and raw hash."""
    return [
        ProblemRecord(
            input=r[0],
            code=r[1],
            stage=r[2],
            message=r[3],
            recorded_at=r[4],
            url=r[5],
            fetched_at=r[6],
            raw_sha256=r[7],
        )
        for r in conn.execute(
            "SELECT pr.input, pr.code, pr.stage, pr.message, pr.recorded_at, p.url,"
            " p.fetched_at, p.raw_sha256 FROM problems pr LEFT JOIN pages p ON p.rowid = pr.page"
            " ORDER BY pr.rowid DESC LIMIT ?",
            (limit,),
        )
    ]


def iter_items(
    conn: sqlite3.Connection, rowids: Sequence[int] | None = None, chunk: int = 500
) -> Iterator[dict[str, Any]]:
    """Every item (or the given rowids, in their order) as a flat export record."""
    if rowids is None:
        last = 0
        while True:
            rows = conn.execute(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, chunk),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _record(row)
            last = int(rows[-1][0])
    else:
        for start in range(0, len(rowids), chunk):
            part = list(rowids[start : start + chunk])
            marks = ",".join("?" * len(part))
            found = {
                int(r[0]): r
                for r in conn.execute(
                    f"SELECT {_ITEM_COLUMNS} FROM items WHERE rowid IN ({marks})", part
                )
            }
            for rid in part:
                if rid in found:
                    yield _record(found[rid])
