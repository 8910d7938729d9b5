"""The enrichment fields of the query language: `entity:`, `country:`, `story:`, `storyline:`.

A value is turned into the ids stored by `wiredesk enrich` (`entity:poetin` = `entity:Putin` =
`entity:"person:vladimir-poetin"`; `country:RU` = `country:Rusland` = `country:russia`;
`story:story-12` = `story:12`) and compiled into an SQL condition on `m.rowid` over the
enrichment tables (`enrich_entities`, `enrich_places`, `enrich_items`). Wildcards expand
against the stored values (entity names and ids, country codes, story ids). `ref_matches` is
the same meaning for the reference evaluator, on plain values.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from wiredesk.errors import QuerySyntaxError
from wiredesk.query.analyze import fold_pattern, folded_words
from wiredesk.query.syntax import ENRICH_FIELDS

__all__ = [
    "ENRICH_FIELDS",
    "compile_values",
    "enrich_buckets",
    "expand_wildcard",
    "ref_matches",
    "values_for",
]
MAX_EXPANSION = 1_000


def _folded_name(text: str) -> str:
    return " ".join(folded_words(text))


def values_for(fld: str, text: str) -> list[str]:
    """The stored values a typed value stands for (entity ids, a country code, a story id)."""
    from wiredesk.enrich.query_fields import country_code_for, entity_ids_for

    text = text.strip()
    if fld == "entity":
        return entity_ids_for(text)
    if fld == "country":
        code = country_code_for(text) if text else None
        return [code] if code else []
    if re.fullmatch(r"\d+", text):  # `story:12` is story-12
        return [f"{fld}-{int(text)}"]
    return [text.lower()] if text else []


def pattern_keys(fld: str, value: str, name: str | None) -> list[str]:
    """What a wildcard pattern is matched against for one stored value (whole, words, slug)."""
    if fld == "entity":
        slug = value.split(":", 1)[-1]
        keys = [slug, value]
        if name:
            folded = _folded_name(name)
            keys += [folded, *folded.split()]
        return keys
    return [value.lower()]


def _wildcard_rx(pattern: str) -> re.Pattern[str]:
    body = "".join(
        "[^\x00]*" if c == "*" else "." if c == "?" else re.escape(c) for c in fold_pattern(pattern)
    )
    return re.compile(body + r"\Z", re.S)


_VALUES_SQL = {
    "entity": "SELECT DISTINCT entity_id, name FROM enrich_entities",
    "country": "SELECT DISTINCT country, NULL FROM enrich_places"
    " WHERE role = 'dateline' AND country IS NOT NULL",
    "story": "SELECT DISTINCT story_id, NULL FROM enrich_items WHERE story_id IS NOT NULL",
    "storyline": "SELECT DISTINCT storyline_id, NULL FROM enrich_items"
    " WHERE storyline_id IS NOT NULL",
}

_IN_SQL = {
    "entity": "m.rowid IN (SELECT item_rowid FROM enrich_entities WHERE entity_id IN ({}))",
    "country": "m.rowid IN (SELECT item_rowid FROM enrich_places"
    " WHERE role = 'dateline' AND country IN ({}))",
    "story": "m.rowid IN (SELECT item_rowid FROM enrich_items WHERE story_id IN ({}))",
    "storyline": "m.rowid IN (SELECT item_rowid FROM enrich_items WHERE storyline_id IN ({}))",
}


def has_tables(conn: sqlite3.Connection) -> bool:
    """True when the archive has the enrichment tables (every migrated SQLite archive has)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'enrich_items'"
    ).fetchone()
    return row is not None


def expand_wildcard(conn: sqlite3.Connection, fld: str, pattern: str, query: str) -> list[str]:
    """The stored values of `fld` that a wildcard pattern matches (sorted)."""
    rx = _wildcard_rx(pattern)
    found = sorted(
        {
            str(value)
            for value, name in conn.execute(_VALUES_SQL[fld])
            if any(rx.match(k) for k in pattern_keys(fld, str(value), name))
        }
    )
    if len(found) > MAX_EXPANSION:
        col = query.find(pattern) + 1 if pattern in query else 1
        raise QuerySyntaxError(
            query, f"{pattern!r} matches more than {MAX_EXPANSION} {fld} values: narrow it", col
        )
    return found


def compile_values(fld: str, values: Sequence[str]) -> tuple[str, list[object]] | None:
    """The SQL condition (on `m.rowid`) for items carrying one of `values`; None: no item."""
    if not values:
        return None
    return _IN_SQL[fld].format(",".join("?" * len(values))), list(values)


def require_tables(conn: sqlite3.Connection, fld: str, query: str) -> None:
    """Raise a clear error when the archive has no enrichment tables."""
    if not has_tables(conn):
        col = query.find(f"{fld}:") + 1 if f"{fld}:" in query else 1
        raise QuerySyntaxError(
            query, f"{fld}: needs an enriched archive: run `wiredesk enrich` first", col
        )


def ref_matches(
    fld: str,
    text: str | None,
    pattern: str | None,
    *,
    entities: Sequence[tuple[str, str]] = (),
    countries: Sequence[str] = (),
    story: str | None = None,
    storyline: str | None = None,
) -> bool:
    """The reference meaning of `fld:text` (or `fld:pattern*`) for one item's plain annotations.

    Args:
        fld: one of ENRICH_FIELDS.
        text: the typed value (a term or phrase), or None for a wildcard.
        pattern: the wildcard pattern, or None.
        entities: the item's (entity id, canonical name) pairs.
        countries: the ISO codes of the item's dateline places.
        story: the item's story id.
        storyline: the item's storyline id.
    """
    stored: list[tuple[str, str | None]]
    if fld == "entity":
        stored = [(i, n) for i, n in entities]
    elif fld == "country":
        stored = [(c, None) for c in countries]
    else:
        value = story if fld == "story" else storyline
        stored = [(value, None)] if value else []
    if pattern is not None:
        rx = _wildcard_rx(pattern)
        return any(rx.match(k) for v, n in stored for k in pattern_keys(fld, v, n))
    wanted = set(values_for(fld, text or ""))
    return any(v in wanted for v, _ in stored)


_BUCKET_JOIN = {
    "entity": ("x.entity_id", " JOIN enrich_entities x ON x.item_rowid = m.rowid WHERE "),
    "country": (
        "x.country",
        " JOIN enrich_places x ON x.item_rowid = m.rowid AND x.role = 'dateline'"
        " AND x.country IS NOT NULL WHERE ",
    ),
    "story": (
        "x.story_id",
        " JOIN enrich_items x ON x.item_rowid = m.rowid AND x.story_id IS NOT NULL WHERE ",
    ),
    "storyline": (
        "x.storyline_id",
        " JOIN enrich_items x ON x.item_rowid = m.rowid AND x.storyline_id IS NOT NULL WHERE ",
    ),
}


def enrich_buckets(
    conn: sqlite3.Connection, by: str, from_where: str, params: list[object]
) -> list[tuple[str, int]]:
    """Item counts per entity id, country code or story id of a plan's `FROM ... WHERE ...`.

    Raises:
        UsageError: the archive has no enrichment tables.
    """
    from wiredesk.errors import UsageError

    if not has_tables(conn):
        raise UsageError("by", f"{by}: needs an enriched archive: run `wiredesk enrich` first")
    key, join = _BUCKET_JOIN[by]
    # A dateline may name two places of one country: count items, not places.
    sql = (
        f"SELECT {key}, count(DISTINCT m.rowid) {from_where.replace(' WHERE ', join, 1)}"
        f" GROUP BY {key}"
    )
    return [(str(k), int(n)) for k, n in conn.execute(sql, params)]
