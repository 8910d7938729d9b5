"""What the entity, story, place and map routes show, read from the enrichment tables.

Plain functions over an `Archive` (its SQLite connection) returning plain dicts; the JSON
routes wrap them in response models and the web pages render the same dicts. Archives that
are not enriched (or PostgreSQL archives) give empty results, never an error page.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from functools import lru_cache
from typing import Any

from wiredesk.archive import Archive
from wiredesk.enrich.folding import fold

ENTITY_ID_CHARS = 200


def enrich_conn(archive: Archive) -> sqlite3.Connection | None:
    """The archive's SQLite connection when it has enrichment tables, else None."""
    conn = getattr(archive.store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        return None
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'enrich_items'"
    ).fetchone()
    return conn if row else None


def enrichment_status(archive: Archive) -> dict[str, Any]:
    """Whether the archive is enriched, and how many items wait for `wiredesk enrich`."""
    conn = enrich_conn(archive)
    if conn is None:
        return {"available": False, "annotated": 0, "waiting": 0}
    annotated = int(conn.execute("SELECT COUNT(*) FROM enrich_items").fetchone()[0])
    total = int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    return {"available": True, "annotated": annotated, "waiting": max(total - annotated, 0)}


@lru_cache(maxsize=1)
def _aliases_by_entity() -> dict[str, list[str]]:
    from wiredesk.enrich.aliases import default_table

    out: dict[str, list[str]] = defaultdict(list)
    for group in default_table().aliases.values():
        for alias in group:
            if alias.text not in out[alias.entity.id]:
                out[alias.entity.id].append(alias.text)
    return {k: sorted(v, key=lambda a: (a.startswith("~"), a.lower())) for k, v in out.items()}


def aliases_of(entity_id: str) -> list[str]:
    """The spellings the alias table knows for an entity (weak ones without their `~`)."""
    return [a.lstrip("~") for a in _aliases_by_entity().get(entity_id, [])]


def entities(
    archive: Archive,
    *,
    q: str | None = None,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """People and organisations by number of items, optionally filtered by a name part."""
    conn = enrich_conn(archive)
    if conn is None:
        return 0, []
    where, params = ["1=1"], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    rows = conn.execute(
        "SELECT entity_id, kind, name, COUNT(*) AS n, SUM(mentions) FROM enrich_entities"
        f" WHERE {' AND '.join(where)} GROUP BY entity_id ORDER BY n DESC, entity_id",
        params,
    ).fetchall()
    if q:
        key = fold(q)
        rows = [
            r
            for r in rows
            if key in fold(r[2]) or key in r[0] or any(key in fold(a) for a in aliases_of(r[0]))
        ]
    page = rows[offset : offset + limit]
    return len(rows), [
        {"id": r[0], "kind": r[1], "name": r[2], "items": int(r[3]), "mentions": int(r[4] or 0)}
        for r in page
    ]


def entity_names(archive: Archive, ids: list[str]) -> dict[str, str]:
    """Canonical names of entity ids, as stored by `wiredesk enrich`."""
    conn = enrich_conn(archive)
    if conn is None or not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT entity_id, MIN(name) FROM enrich_entities WHERE entity_id IN ({marks})"
        " GROUP BY entity_id",
        ids,
    )
    return {str(i): str(n) for i, n in rows}


def entity_query(entity_id: str) -> str:
    """The query that finds an entity's items."""
    return f'entity:"{entity_id}"'


def entity(archive: Archive, entity_id: str, *, related: int = 15) -> dict[str, Any] | None:
    """One entity: name, kind, aliases, counts, co-mentioned entities and dateline countries."""
    conn = enrich_conn(archive)
    if conn is None or len(entity_id) > ENTITY_ID_CHARS:
        return None
    row = conn.execute(
        "SELECT kind, name, COUNT(*), SUM(mentions) FROM enrich_entities WHERE entity_id = ?"
        " GROUP BY kind, name ORDER BY 3 DESC LIMIT 1",
        (entity_id,),
    ).fetchone()
    if row is None:
        return None
    co = conn.execute(
        "SELECT b.entity_id, b.kind, b.name, COUNT(*) AS n FROM enrich_entities a"
        " JOIN enrich_entities b ON b.item_rowid = a.item_rowid AND b.entity_id != a.entity_id"
        " WHERE a.entity_id = ? GROUP BY b.entity_id ORDER BY n DESC, b.entity_id LIMIT ?",
        (entity_id, related),
    ).fetchall()
    countries = conn.execute(
        "SELECT p.country, COUNT(DISTINCT p.item_rowid) AS n FROM enrich_entities a"
        " JOIN enrich_places p ON p.item_rowid = a.item_rowid AND p.role = 'dateline'"
        " WHERE a.entity_id = ? AND p.country IS NOT NULL GROUP BY p.country"
        " ORDER BY n DESC, p.country LIMIT 10",
        (entity_id,),
    ).fetchall()
    span = conn.execute(
        "SELECT MIN(i.latest), MAX(i.latest) FROM enrich_entities a"
        " JOIN items i ON i.rowid = a.item_rowid WHERE a.entity_id = ?",
        (entity_id,),
    ).fetchone()
    return {
        "id": entity_id,
        "kind": row[0],
        "name": row[1],
        "aliases": aliases_of(entity_id),
        "items": int(row[2]),
        "mentions": int(row[3] or 0),
        "first": span[0],
        "last": span[1],
        "query": entity_query(entity_id),
        "co_mentioned": [{"id": c[0], "kind": c[1], "name": c[2], "items": int(c[3])} for c in co],
        "countries": [{"key": c[0], "count": int(c[1])} for c in countries],
    }


def stories(archive: Archive, *, limit: int = 50, min_items: int = 1) -> list[dict[str, Any]]:
    """Stories by size (then newest), with storyline, time span and first headline."""
    if enrich_conn(archive) is None:
        return []
    return archive.stories(limit=limit, min_items=min_items)


def story(archive: Archive, story_id: str) -> dict[str, Any] | None:
    """A story's items in time order, its storyline's stories, its main entities and places."""
    conn = enrich_conn(archive)
    if conn is None or len(story_id) > ENTITY_ID_CHARS:
        return None
    detail = archive.story(story_id)
    if detail is None:
        return None
    line = []
    for other in detail["storyline_stories"]:
        head = conn.execute(
            "SELECT COALESCE(i.headline, SUBSTR(i.body, 1, 80)) FROM enrich_items e"
            " JOIN items i ON i.rowid = e.item_rowid WHERE e.story_id = ?"
            " ORDER BY i.latest IS NULL, i.latest, i.rowid LIMIT 1",
            (other["id"],),
        ).fetchone()
        last = conn.execute(
            "SELECT MAX(COALESCE(i.latest, i.first_seen)) FROM enrich_items e"
            " JOIN items i ON i.rowid = e.item_rowid WHERE e.story_id = ?",
            (other["id"],),
        ).fetchone()
        line.append(
            {
                "id": other["id"],
                "items": int(other["items"]),
                "first": other["first"],
                "last": last[0] if last else None,
                "headline": head[0] if head else None,
                "current": other["id"] == story_id,
            }
        )
    ents = conn.execute(
        "SELECT x.entity_id, x.kind, x.name, COUNT(*) AS n FROM enrich_items e"
        " JOIN enrich_entities x ON x.item_rowid = e.item_rowid WHERE e.story_id = ?"
        " GROUP BY x.entity_id ORDER BY n DESC, x.entity_id LIMIT 12",
        (story_id,),
    ).fetchall()
    places = conn.execute(
        "SELECT p.as_written, p.country, COUNT(*) AS n FROM enrich_items e"
        " JOIN enrich_places p ON p.item_rowid = e.item_rowid AND p.role = 'dateline'"
        " WHERE e.story_id = ? GROUP BY p.as_written ORDER BY n DESC, p.as_written LIMIT 12",
        (story_id,),
    ).fetchall()
    # The same title as the story list: the headline of the story's first stored item.
    first = conn.execute(
        "SELECT COALESCE(i.headline, SUBSTR(i.body, 1, 80)) FROM items i WHERE i.rowid ="
        " (SELECT MIN(item_rowid) FROM enrich_items WHERE story_id = ?)",
        (story_id,),
    ).fetchone()
    return {
        "id": story_id,
        "headline": first[0] if first else None,
        "storyline": detail["storyline"],
        "items": detail["items"],
        "storyline_stories": line,
        "entities": [{"id": r[0], "kind": r[1], "name": r[2], "items": int(r[3])} for r in ents],
        "places": [{"as_written": r[0], "country": r[1], "items": int(r[2])} for r in places],
    }


def map_places(archive: Archive) -> list[dict[str, Any]]:
    """Resolved dateline places with coordinates and item counts, most items first."""
    from wiredesk.enrich.gazetteer import shared_gazetteer

    conn = enrich_conn(archive)
    if conn is None:
        return []
    rows = conn.execute(
        "SELECT place_id, as_written, COUNT(DISTINCT item_rowid) FROM enrich_places"
        " WHERE role = 'dateline' AND place_id IS NOT NULL GROUP BY place_id, as_written"
    ).fetchall()
    spellings: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pid, written, n in rows:
        spellings[pid].append((int(n), written))
    totals = {
        pid: int(n)
        for pid, n in conn.execute(
            "SELECT place_id, COUNT(DISTINCT item_rowid) FROM enrich_places"
            " WHERE role = 'dateline' AND place_id IS NOT NULL GROUP BY place_id"
        )
    }
    gazetteer = shared_gazetteer()
    out = []
    for pid, total in totals.items():
        place = gazetteer.place(pid)
        if place is None or place.lat is None or place.lon is None:
            continue
        written = [w for _, w in sorted(spellings[pid], key=lambda t: (-t[0], t[1]))]
        out.append(
            {
                "id": pid,
                "name": place.name,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
                "items": total,
                "as_written": written,
            }
        )
    out.sort(key=lambda p: (-p["items"], p["name"]))
    return out


def item_annotations(archive: Archive, item_id: str) -> dict[str, Any] | None:
    """The entities, places and story of one item (None when not annotated)."""
    conn = enrich_conn(archive)
    if conn is None:
        return None
    row = conn.execute(
        "SELECT e.item_rowid, e.story_id, e.storyline_id FROM items i"
        " JOIN enrich_items e ON e.item_rowid = i.rowid WHERE i.id = ?",
        (item_id,),
    ).fetchone()
    if row is None:
        return None
    rowid, story_id, line = row
    size = (
        conn.execute(
            "SELECT COUNT(*) FROM enrich_items WHERE story_id = ?", (story_id,)
        ).fetchone()[0]
        if story_id
        else 0
    )
    ents = conn.execute(
        "SELECT entity_id, kind, name, mentions FROM enrich_entities WHERE item_rowid = ?"
        " ORDER BY mentions DESC, name",
        (rowid,),
    ).fetchall()
    from wiredesk.enrich.gazetteer import shared_gazetteer

    gazetteer = shared_gazetteer()
    places = []
    for role, written, pid, country in conn.execute(
        "SELECT role, as_written, place_id, country FROM enrich_places WHERE item_rowid = ?"
        " ORDER BY role DESC, as_written",
        (rowid,),
    ):
        place = gazetteer.place(pid) if pid else None
        places.append(
            {
                "role": role,
                "as_written": written,
                "id": pid,
                "country": country,
                "name": place.name if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
            }
        )
    shown: dict[str, dict[str, Any]] = {}
    for row in places:  # datelines first: a body place repeating one is shown once
        shown.setdefault(row["id"] or row["as_written"].lower(), row)
    return {
        "story": story_id,
        "storyline": line,
        "story_items": int(size),
        "places_shown": list(shown.values()),
        "entities": [{"id": e[0], "kind": e[1], "name": e[2], "mentions": int(e[3])} for e in ents],
        "places": places,
    }
