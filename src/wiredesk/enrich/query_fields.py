"""What `entity:`, `country:` and `story:` query values mean, and the items that match them.

For the query stage: a value as a user types it (`entity:Poetin`, `entity:putin`,
`country:Frankrijk`, `country:FR`, `story:story-12`) is normalised to the ids stored in the
enrichment tables, and `matching_rowids` returns the items (rowids) that carry them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from wiredesk.enrich.aliases import AliasTable, default_table
from wiredesk.enrich.folding import fold
from wiredesk.enrich.places import PlaceResolver

ENRICH_FIELDS = ("entity", "country", "story", "storyline")
_ID = re.compile(r"^(person|org):[a-z0-9-]+$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def entity_ids_for(value: str, table: AliasTable | None = None) -> list[str]:
    """Entity ids a value stands for: an id as is, a known alias, else the rule ids of a name.

    `Poetin`, `putin`, `Vladimir Poetin` -> [person:vladimir-poetin]; `NATO` -> [org:navo];
    `Richard Grenell` (no alias) -> [person:richard-grenell, org:richard-grenell].
    """
    value = value.strip()
    if _ID.match(value):
        return [value]
    table = table or default_table()
    known = table.canonical(value)
    if known is None:
        # Lower-case input (`entity:navo`): try the aliases case-insensitively.
        from wiredesk.enrich.aliases import alias_key

        found = {a.entity.id for a in table.aliases.get(alias_key(value), ()) if not a.weak}
        if len(found) == 1:
            return sorted(found)
    else:
        return [known.id]
    slug = _slug(value)
    return [f"person:{slug}", f"org:{slug}"] if slug else []


def country_code_for(value: str, resolver: PlaceResolver | None = None) -> str | None:
    """ISO alpha-2 code of a country value (`FR`, `fr`, `Frankrijk`, `France`), else None."""
    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    place = (resolver or PlaceResolver()).resolve(value).place
    return place.country if place is not None and place.kind == "country" else None


def matching_rowids(conn: Any, field: str, value: str) -> list[int]:
    """Rowids of the items whose annotations match `field:value` (ascending).

    Args:
        conn: the archive's SQLite connection (enrichment tables present).
        field: one of ENRICH_FIELDS.
        value: the value as typed.
    """
    if field == "entity":
        ids = entity_ids_for(value)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = (
            f"SELECT DISTINCT item_rowid FROM enrich_entities WHERE entity_id IN ({marks})"
            " ORDER BY item_rowid"
        )
        return [r[0] for r in conn.execute(sql, ids)]
    if field == "country":
        code = country_code_for(value)
        if code is None:
            return []
        return [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT item_rowid FROM enrich_places WHERE role = 'dateline'"
                " AND country = ? ORDER BY item_rowid",
                (code,),
            )
        ]
    if field in ("story", "storyline"):
        column = "story_id" if field == "story" else "storyline_id"
        return [
            r[0]
            for r in conn.execute(
                f"SELECT item_rowid FROM enrich_items WHERE {column} = ? ORDER BY item_rowid",
                (value.strip(),),
            )
        ]
    raise ValueError(f"not an enrichment field: {field}")


def count_by(conn: Any, field: str, rowids: list[int] | None = None) -> list[dict[str, Any]]:
    """Item counts per entity, country or story (over `rowids`, or every item), most first.

    Returns:
        `[{"key": id, "label": name, "count": n}]` (label: the entity's canonical name, the
        country code, or the story's first headline).
    """
    where = ""
    params: tuple[str, ...] = ()
    if rowids is not None:
        if not rowids:
            return []
        # One JSON parameter instead of a temporary table: works on read-only archives.
        where = " AND item_rowid IN (SELECT value FROM json_each(?))"
        params = (json.dumps(sorted(set(rowids))),)
    if field == "entity":
        sql = (
            "SELECT entity_id, name, COUNT(*) AS n FROM enrich_entities WHERE 1=1"
            + where
            + " GROUP BY entity_id, name ORDER BY n DESC, entity_id"
        )
    elif field == "country":
        sql = (
            "SELECT country, country, COUNT(DISTINCT item_rowid) AS n FROM enrich_places"
            " WHERE role = 'dateline' AND country IS NOT NULL"
            + where
            + " GROUP BY country ORDER BY n DESC, country"
        )
    elif field in ("story", "storyline"):
        column = "story_id" if field == "story" else "storyline_id"
        sql = (
            f"SELECT {column}, (SELECT COALESCE(headline, SUBSTR(body, 1, 80)) FROM items"
            f" WHERE rowid = MIN(e.item_rowid)), COUNT(*) AS n FROM enrich_items e"
            f" WHERE {column} IS NOT NULL" + where + f" GROUP BY {column} ORDER BY n DESC, {column}"
        )
    else:
        raise ValueError(f"not an enrichment field: {field}")
    rows = conn.execute(sql, params)
    return [{"key": k, "label": label, "count": n} for k, label, n in rows]
