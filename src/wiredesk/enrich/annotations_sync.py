"""Keep the enrichment tables in step with the archive's `items`, and read them.

`sync(conn)` annotates every item that is new or whose headline/body/places changed since it
was annotated (people, organisations, dateline and body places), and assigns new items to
stories in rowid (= arrival) order, continuing the story tracker from its saved snapshot, so
repeated syncs give the same stories as one big one. Works on the SQLite connection of the
store (`SQLiteStore.conn`); it commits every `batch` items, so an interrupted sync resumes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wiredesk.enrich.annotate import Annotator
from wiredesk.enrich.stories import StoryItem, tracker_from_state, tracker_state

STATE_NAME = "story_tracker"


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync did."""

    annotated: int
    new_stories_items: int
    pending_before: int

    def to_json(self) -> dict[str, int]:
        """Counts as a dict."""
        return {
            "annotated": self.annotated,
            "assigned_to_stories": self.new_stories_items,
            "pending_before": self.pending_before,
        }


def content_key(headline: str | None, body: str | None, places: str | None) -> str:
    """Identifies the annotated content of an item (annotations are redone when it changes)."""
    h = hashlib.sha1(usedforsecurity=False)
    for part in (headline or "", body or "", places or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _places(raw: str | None) -> list[str]:
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [p for p in value if isinstance(p, str) and p.strip()] if isinstance(value, list) else []


def _when(*texts: str | None) -> datetime | None:
    for text in texts:
        if text:
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                continue
    return None


def pending_count(conn: Any) -> int:
    """Items not (or no longer) annotated: new, or changed since."""
    return int(
        conn.execute(
            "SELECT COUNT(*) FROM items i LEFT JOIN enrich_items e ON e.item_rowid = i.rowid"
            " WHERE e.item_rowid IS NULL OR e.story_id IS NULL"
        ).fetchone()[0]
    ) + _changed_count(conn)


def _changed_count(conn: Any) -> int:
    n = 0
    for headline, body, places, key in conn.execute(
        "SELECT i.headline, i.body, i.places, e.content_key FROM items i"
        " JOIN enrich_items e ON e.item_rowid = i.rowid"
    ):
        n += content_key(headline, body, places) != key
    return n


def sync(
    conn: Any,
    *,
    annotator: Annotator | None = None,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Bring the enrichment tables up to date with `items` (see the module doc)."""
    annotator = annotator or Annotator()
    known = {
        rowid: (key, story)
        for rowid, key, story in conn.execute(
            "SELECT item_rowid, content_key, story_id FROM enrich_items"
        )
    }
    state_row = conn.execute(
        "SELECT value FROM enrich_state WHERE name = ?", (STATE_NAME,)
    ).fetchone()
    tracker = tracker_from_state(json.loads(state_row[0]) if state_row else None)
    rows = conn.execute(
        "SELECT rowid, headline, body, places, earliest, latest, first_seen FROM items"
        " ORDER BY rowid"
    ).fetchall()
    todo = []
    for row in rows:
        key = content_key(row[1], row[2], row[3])
        old = known.get(row[0])
        if old is None or old[0] != key or old[1] is None:
            todo.append((row, key, old))
    annotated = assigned = 0
    for start in range(0, len(todo), batch):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for (rowid, headline, body, places_raw, earliest, latest, seen), key, old in todo[
                start : start + batch
            ]:
                places = _places(places_raw)
                when = _when(latest, earliest, seen)
                notes = annotator.annotate(
                    headline, body, places, day=when.date() if when else None
                )
                conn.execute("DELETE FROM enrich_entities WHERE item_rowid = ?", (rowid,))
                conn.execute("DELETE FROM enrich_places WHERE item_rowid = ?", (rowid,))
                counts: dict[str, int] = {}
                for m in notes.mentions:
                    counts[m.entity.id] = counts.get(m.entity.id, 0) + 1
                seen_ids: set[str] = set()
                for m in notes.mentions:
                    if m.entity.id in seen_ids:
                        continue
                    seen_ids.add(m.entity.id)
                    conn.execute(
                        "INSERT INTO enrich_entities VALUES (?, ?, ?, ?, ?)",
                        (rowid, m.entity.id, m.entity.kind, m.entity.name, counts[m.entity.id]),
                    )
                place_rows = {("dateline", r.as_written): r.place for r in notes.datelines}
                for _fld, pm in notes.body_places:
                    place_rows.setdefault(("body", pm.text), pm.place)
                for (role, written), place in place_rows.items():
                    conn.execute(
                        "INSERT INTO enrich_places VALUES (?, ?, ?, ?, ?)",
                        (
                            rowid,
                            role,
                            written,
                            place.id if place else None,
                            place.country if place else None,
                        ),
                    )
                if old is not None and old[1] is not None:
                    story_id = old[1]
                    conn.execute(
                        "UPDATE enrich_items SET content_key = ? WHERE item_rowid = ?",
                        (key, rowid),
                    )
                else:
                    story_id = tracker.add(
                        StoryItem(
                            id=str(rowid),
                            headline=headline,
                            body=body or "",
                            published=when,
                            places=tuple(
                                r.place.id if r.place else r.as_written for r in notes.datelines
                            ),
                            entities=tuple(notes.entity_ids),
                        )
                    )
                    conn.execute(
                        "INSERT OR REPLACE INTO enrich_items VALUES (?, ?, ?, ?)",
                        (rowid, key, story_id, tracker.storyline_of(str(rowid))),
                    )
                    assigned += 1
                annotated += 1
            conn.execute(
                "INSERT OR REPLACE INTO enrich_state VALUES (?, ?)",
                (STATE_NAME, json.dumps(tracker_state(tracker), separators=(",", ":"))),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if progress is not None:
            progress(min(start + batch, len(todo)))
    return SyncReport(annotated, assigned, len(todo))


def entities_report(
    conn: Any, *, limit: int = 100, kind: str | None = None
) -> list[dict[str, Any]]:
    """People/organisations by the number of items naming them, most first."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = conn.execute(
        f"SELECT entity_id, kind, name, COUNT(*) AS n, SUM(mentions) FROM enrich_entities {where}"
        " GROUP BY entity_id, kind, name ORDER BY n DESC, entity_id LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [{"id": r[0], "kind": r[1], "name": r[2], "items": r[3], "mentions": r[4]} for r in rows]


def stories_report(conn: Any, *, limit: int = 50, min_items: int = 1) -> list[dict[str, Any]]:
    """Stories by size (then newest), with their storyline, time span and first headline."""
    rows = conn.execute(
        "SELECT e.story_id, e.storyline_id, COUNT(*) AS n,"
        " MIN(COALESCE(i.latest, i.first_seen)), MAX(COALESCE(i.latest, i.first_seen)),"
        " MIN(i.rowid)"
        " FROM enrich_items e JOIN items i ON i.rowid = e.item_rowid"
        " WHERE e.story_id IS NOT NULL GROUP BY e.story_id, e.storyline_id"
        " HAVING COUNT(*) >= ? ORDER BY n DESC, 5 DESC, e.story_id LIMIT ?",
        (min_items, limit),
    ).fetchall()
    out = []
    for story, line, n, first, last, first_rowid in rows:
        head = conn.execute(
            "SELECT COALESCE(headline, SUBSTR(body, 1, 80)) FROM items WHERE rowid = ?",
            (first_rowid,),
        ).fetchone()
        out.append(
            {
                "id": story,
                "storyline": line,
                "items": n,
                "first": first,
                "last": last,
                "headline": head[0] if head else None,
            }
        )
    return out


def story_detail(conn: Any, story_id: str) -> dict[str, Any] | None:
    """A story's items in time order (unknown times last) and the storyline's stories."""
    rows = conn.execute(
        "SELECT i.id, i.headline, SUBSTR(i.body, 1, 200), i.places, i.earliest, i.latest,"
        " e.storyline_id FROM enrich_items e JOIN items i ON i.rowid = e.item_rowid"
        " WHERE e.story_id = ?"
        " ORDER BY i.latest IS NULL, i.latest, i.first_seen, i.rowid",
        (story_id,),
    ).fetchall()
    if not rows:
        return None
    line = rows[0][6]
    others = [
        {"id": r[0], "items": r[1], "first": r[2]}
        for r in conn.execute(
            "SELECT e.story_id, COUNT(*), MIN(COALESCE(i.latest, i.first_seen))"
            " FROM enrich_items e JOIN items i ON i.rowid = e.item_rowid"
            " WHERE e.storyline_id = ? GROUP BY e.story_id ORDER BY 3, e.story_id",
            (line,),
        )
    ]
    return {
        "id": story_id,
        "storyline": line,
        "items": [
            {
                "id": r[0],
                "headline": r[1],
                "excerpt": r[2],
                "places": _places(r[3]),
                "published": {"earliest": r[4], "latest": r[5]},
            }
            for r in rows
        ],
        "storyline_stories": others,
    }
