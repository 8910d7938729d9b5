"""What a count or search counts: merged items or every version, with or without wire copy.

The search index holds one row per merged item (its current text). A `Scope` says how to
read a query's matches differently:

- `merge=False`: every stored version of an item is a unit of its own. Items with one version
  are answered by the index; an item with several versions is checked version by version
  with the reference evaluator (`wiredesk.query.evaluate`), so an older wording that matches
  counts even when the current text does not.
- `wire="only"` / `"exclude"`: wire copy is an item whose agencies include the wire agency
  (ANP), or a brief that leads a full article (`lead_of` set).

Units are plain records that counting and export bucket without touching SQL again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from wiredesk.errors import UsageError
from wiredesk.query.analyze import exact_key
from wiredesk.query.dates import parse_utc, publication_day
from wiredesk.query.evaluate import RefItem, matches
from wiredesk.query.plan import Filters
from wiredesk.query.syntax import Node, parse_query

WIRE_AGENCY = "ANP"
WIRE_CHOICES = ("all", "only", "exclude")


@dataclass(frozen=True, slots=True)
class Scope:
    """How matches are counted: merged or per version, and which part of the wire."""

    merge: bool = True
    wire: str = "all"

    def __post_init__(self) -> None:
        if self.wire not in WIRE_CHOICES:
            raise UsageError("wire", f"{self.wire!r}: use one of {', '.join(WIRE_CHOICES)}")

    @property
    def is_default(self) -> bool:
        """True when this is the plain scope of `search` and `count`."""
        return self.merge and self.wire == "all"

    def describe(self) -> str:
        """Words for manifests and table headers."""
        parts = ["merged items" if self.merge else "every version as an item"]
        if self.wire == "only":
            parts.append("wire copy only")
        elif self.wire == "exclude":
            parts.append("wire copy excluded")
        return ", ".join(parts)

    def to_json(self) -> dict[str, object]:
        """`{"merge": bool, "wire": str}`."""
        return {"merge": self.merge, "wire": self.wire}


@dataclass(frozen=True, slots=True)
class Unit:
    """One counted thing: an item (merged) or one version of it, with the fields buckets use."""

    rowid: int
    item_id: str
    version: int | None  # None: the merged item (its current text)
    day: str | None  # ISO date of the publication day (Europe/Amsterdam)
    section: str | None
    places: tuple[str, ...]
    agencies: tuple[str, ...]


def _list(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    try:
        parsed = json.loads(str(value))
    except ValueError:
        return (str(value),)
    return tuple(str(v) for v in parsed) if isinstance(parsed, list) else (str(parsed),)


def is_wire(agencies: Iterable[str], lead_of: object) -> bool:
    """True for wire copy: the wire agency among the agencies, or a brief leading an article."""
    wire = exact_key(WIRE_AGENCY)
    return lead_of is not None or any(exact_key(a) == wire for a in agencies)


_ITEM_SQL = (
    "SELECT rowid, id, places, agencies, section, earliest, latest, n_versions, lead_of "
    "FROM items WHERE rowid IN ({marks})"
)


def _rows(conn: sqlite3.Connection, rowids: Sequence[int]) -> Iterable[Sequence[object]]:
    # In chunks: SQLite limits the number of bound parameters.
    for start in range(0, len(rowids), 900):
        chunk = list(rowids[start : start + 900])
        yield from conn.execute(_ITEM_SQL.format(marks=",".join("?" * len(chunk))), chunk)


def _day(earliest: object, latest: object) -> str | None:
    day = publication_day(parse_utc(str(earliest or "")), parse_utc(str(latest or "")))
    return day.isoformat() if day else None


def _version_texts(conn: sqlite3.Connection, rowid: int) -> list[tuple[int, str, str]]:
    rows = conn.execute(
        "SELECT number, headline, body FROM versions WHERE item = ? ORDER BY number", (rowid,)
    )
    return [(int(n), str(h or ""), str(b or "")) for n, h, b in rows]


def scoped_units(
    conn: sqlite3.Connection,
    query: str | Node,
    filters: Filters | None = None,
    scope: Scope | None = None,
) -> list[Unit]:
    """The units (items, or versions) that match `query` under `filters` and `scope`.

    Raises:
        QuerySyntaxError: the query does not parse.
    """
    from wiredesk.query.api import matching_rowids
    from wiredesk.query.syntax import print_query

    scope = scope or Scope()
    text = query if isinstance(query, str) else print_query(query)
    node = parse_query(text)
    hits = set(matching_rowids(conn, text, filters))
    # Items with several versions may match through an older wording the index never saw.
    candidates = hits
    if not scope.merge:
        every = set(matching_rowids(conn, "*", filters))
        multi = {
            int(r[0]) for r in conn.execute("SELECT rowid FROM items WHERE n_versions > 1")
        } & every
        candidates = hits | multi
    units: list[Unit] = []
    for row in _rows(conn, sorted(candidates)):
        rowid, item_id, places, agencies, section, earliest, latest, n_versions, lead = row
        agency_list = _list(agencies)
        if scope.wire != "all" and is_wire(agency_list, lead) != (scope.wire == "only"):
            continue
        day = _day(earliest, latest)
        base = (str(item_id), day, None if section is None else str(section), _list(places))
        if scope.merge or int(str(n_versions or 1)) <= 1:
            if int(str(rowid)) in hits:
                version = None if scope.merge else 1
                units.append(
                    Unit(int(str(rowid)), base[0], version, day, base[2], base[3], agency_list)
                )
            continue
        ref_day = None if day is None else date.fromisoformat(day)
        for number, headline, body in _version_texts(conn, int(str(rowid))):
            ref = RefItem(headline, body, base[3], agency_list, base[2], ref_day)
            if matches(node, ref):
                units.append(
                    Unit(int(str(rowid)), base[0], number, day, base[2], base[3], agency_list)
                )
    return units
