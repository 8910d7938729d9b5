"""Frozen result sets: store the exact item versions a query returns now, to cite and rerun later.

`freeze` runs a query (with its filters and scope), copies every matched item's fields and the
matched version's text into `frozen_items`, and writes a manifest: the query, when, the archive
state it ran on, the counts, the wiredesk version and a checksum. `load_frozen` gives the same
records back however the archive changed since. The set's id is a content hash over the query,
filters, scope and the sorted (item id, version, text hash) list: the same result on the same
query gets the same id, whenever it is frozen, so a paper can cite it and a reader can check it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from wiredesk.errors import UsageError
from wiredesk.query.dates import bucket_key
from wiredesk.query.plan import Filters
from wiredesk.query.scope import Scope, Unit, scoped_units

RECORD_FIELDS = (
    "id",
    "version",
    "headline",
    "places",
    "agencies",
    "section",
    "body",
    "earliest",
    "latest",
    "day",
    "first_seen",
    "last_seen",
    "n_versions",
    "n_sightings",
    "lead_of",
    "conflict",
    "text_hash",
)


@dataclass(frozen=True, slots=True)
class FrozenSet:
    """A frozen set: its name, citable id, manifest and (when loaded) its records."""

    name: str
    set_id: str
    query: str
    created_at: str
    n_items: int
    checksum: str
    manifest: dict[str, Any]
    records: tuple[dict[str, Any], ...] = ()

    def summary(self) -> dict[str, Any]:
        """The listing fields."""
        return {
            "name": self.name,
            "id": self.set_id,
            "query": self.query,
            "created_at": self.created_at,
            "items": self.n_items,
            "checksum": self.checksum,
        }


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wiredesk")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        import wiredesk

        return str(getattr(wiredesk, "__version__", "0"))


def canonical_line(record: dict[str, Any]) -> str:
    """A record as one canonical JSON line (sorted keys, no spaces): what the checksum covers."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checksum(records: Sequence[dict[str, Any]]) -> str:
    """`sha256:<hex>` of the records as canonical JSON lines, in order."""
    h = hashlib.sha256()
    for rec in records:
        h.update(canonical_line(rec).encode("utf-8") + b"\n")
    return "sha256:" + h.hexdigest()


def set_id(
    query: str, filters: dict[str, Any], scope: Scope, keys: Sequence[tuple[str, int, str]]
) -> str:
    """The citable id: `wd-` + 16 hex digits of a hash over the query and the matched versions."""
    h = hashlib.sha256()
    h.update(
        canonical_line({"query": query, "filters": filters, "scope": scope.to_json()}).encode()
    )
    for item_id, version, text_hash in sorted(keys):
        h.update(f"\n{item_id}\t{version}\t{text_hash}".encode())
    return "wd-" + h.hexdigest()[:16]


def filters_json(filters: Filters | None) -> dict[str, Any]:
    """Filters as a JSON-ready dict (dates as ISO text; unset ones left out)."""
    if filters is None:
        return {}
    out: dict[str, Any] = {}
    for name in ("date_from", "date_to", "place", "agency", "section"):
        value = getattr(filters, name)
        if value is not None:
            out[name] = value.isoformat() if isinstance(value, date) else value
    return out


def _archive_state(conn: sqlite3.Connection) -> dict[str, Any]:
    def one(sql: str) -> Any:
        return conn.execute(sql).fetchone()[0]

    migrations = {
        str(c): int(v)
        for c, v in conn.execute(
            "SELECT component, max(version) FROM schema_migrations GROUP BY component"
        )
    }
    return {
        "pages": int(one("SELECT count(*) FROM pages")),
        "items": int(one("SELECT count(*) FROM items")),
        "versions": int(one("SELECT count(*) FROM versions")),
        "sightings": int(one("SELECT count(*) FROM sightings")),
        "last_page_rowid": int(one("SELECT coalesce(max(rowid), 0) FROM pages")),
        "last_crawl": one("SELECT max(fetched_at) FROM pages"),
        "schema": migrations,
    }


_ITEM_SQL = (
    "SELECT id, headline, places, agencies, section, body, earliest, latest, first_seen, "
    "last_seen, n_versions, n_sightings, lead_of, conflict, rowid FROM items WHERE rowid = ?"
)


def _current_version(conn: sqlite3.Connection, rowid: int, body: str) -> tuple[int, str, str]:
    rows = conn.execute(
        "SELECT number, text_hash, body, headline FROM versions WHERE item = ? "
        "ORDER BY number DESC",
        (rowid,),
    ).fetchall()
    for number, text_hash, vbody, _ in rows:
        if vbody == body:
            return int(number), str(text_hash), str(vbody)
    if rows:
        return int(rows[0][0]), str(rows[0][1]), body
    return 1, "", body


def _record(conn: sqlite3.Connection, unit: Unit) -> dict[str, Any]:
    row = conn.execute(_ITEM_SQL, (unit.rowid,)).fetchone()
    (
        item_id,
        headline,
        _places,
        _agencies,
        section,
        body,
        earliest,
        latest,
        first_seen,
        last_seen,
        n_versions,
        n_sightings,
        lead_of,
        conflict,
        rowid,
    ) = row
    if unit.version is None:
        number, text_hash, text = _current_version(conn, int(rowid), str(body))
    else:
        vrow = conn.execute(
            "SELECT number, text_hash, body, headline FROM versions WHERE item = ? AND number = ?",
            (rowid, unit.version),
        ).fetchone()
        number, text_hash, text = int(vrow[0]), str(vrow[1]), str(vrow[2])
        headline = vrow[3] if vrow[3] is not None else headline
    return {
        "id": str(item_id),
        "version": number,
        "headline": headline,
        "places": list(unit.places),
        "agencies": list(unit.agencies),
        "section": section,
        "body": text,
        "earliest": earliest,
        "latest": latest,
        "day": unit.day,
        "first_seen": first_seen,
        "last_seen": last_seen,
        "n_versions": int(n_versions or 1),
        "n_sightings": int(n_sightings or 0),
        "lead_of": lead_of,
        "conflict": bool(conflict),
        "text_hash": text_hash,
    }


def day_counts(records: Sequence[dict[str, Any]] | Sequence[Unit]) -> dict[str, int]:
    """How many records (or units) fall on each publication day."""
    days: Counter[str] = Counter()
    for r in records:
        day = r.day if isinstance(r, Unit) else r.get("day")
        if day:
            days[str(day)] += 1
    return dict(sorted(days.items()))


def regroup_days(days: dict[str, int], by: str) -> dict[str, int]:
    """Day counts summed into `day`, `week` or `month` buckets."""
    out: Counter[str] = Counter()
    for day, n in days.items():
        out[bucket_key(date.fromisoformat(day), by)] += n
    return dict(sorted(out.items()))


def freeze(
    conn: sqlite3.Connection,
    query: str,
    name: str,
    *,
    filters: Filters | None = None,
    scope: Scope | None = None,
    note: str | None = None,
) -> FrozenSet:
    """Run `query` and store its exact result under `name` (an empty result is a result too).

    Raises:
        UsageError: the name is empty or taken.
        QuerySyntaxError: the query does not parse.
    """
    name = name.strip()
    if not name:
        raise UsageError("freeze", "the name must not be empty")
    if conn.execute("SELECT 1 FROM frozen_sets WHERE name = ?", (name,)).fetchone():
        raise UsageError("freeze", f"a frozen set named {name!r} exists already: pick another")
    scope = scope or Scope()
    # One read transaction: the result and the archive state are of the same moment.
    conn.execute("BEGIN IMMEDIATE")
    try:
        units = scoped_units(conn, query, filters, scope)
        records = sorted((_record(conn, u) for u in units), key=lambda r: (r["id"], r["version"]))
        everything = scoped_units(conn, "*", filters, scope)
        fjson = filters_json(filters)
        sid = set_id(
            query, fjson, scope, [(r["id"], r["version"], r["text_hash"]) for r in records]
        )
        total = checksum(records)
        created = _now()
        manifest = {
            "name": name,
            "id": sid,
            "query": query,
            "filters": fjson,
            "scope": scope.to_json(),
            "created_at": created,
            "wiredesk_version": _version(),
            "archive": _archive_state(conn),
            "counts": {
                "items": len(records),
                "by_day": day_counts(records),
                "all_items": len(everything),
                "all_by_day": day_counts(everything),
            },
            "versions": [[r["id"], r["version"], r["text_hash"]] for r in records],
            "checksum": total,
            "note": note,
        }
        cur = conn.execute(
            "INSERT INTO frozen_sets(name, set_id, query, created_at, n_items, checksum, manifest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                sid,
                query,
                created,
                len(records),
                total,
                json.dumps(manifest, ensure_ascii=False),
            ),
        )
        set_rowid = cur.lastrowid
        conn.executemany(
            "INSERT INTO frozen_items(set_rowid, position, item_id, version, text_hash, record)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (set_rowid, i, r["id"], r["version"], r["text_hash"], canonical_line(r))
                for i, r in enumerate(records)
            ],
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return FrozenSet(name, sid, query, created, len(records), total, manifest, tuple(records))


def _from_row(row: Sequence[Any]) -> FrozenSet:
    name, sid, query, created, n, check, manifest = row[:7]
    return FrozenSet(
        str(name), str(sid), str(query), str(created), int(n), str(check), json.loads(str(manifest))
    )


_SET_SQL = (
    "SELECT name, set_id, query, created_at, n_items, checksum, manifest, rowid FROM frozen_sets"
)


def has_frozen_tables(conn: sqlite3.Connection) -> bool:
    """True when the archive has the frozen-set tables (migrated)."""
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'frozen_sets'").fetchone()
        is not None
    )


def list_frozen(conn: sqlite3.Connection) -> list[FrozenSet]:
    """Every frozen set (without records), oldest first."""
    if not has_frozen_tables(conn):
        return []
    return [_from_row(r) for r in conn.execute(_SET_SQL + " ORDER BY rowid")]


def load_frozen(conn: sqlite3.Connection, name_or_id: str) -> FrozenSet:
    """A frozen set by name (or citable id) with its records, in (item id, version) order.

    Raises:
        UsageError: no such set.
    """
    row = None
    if has_frozen_tables(conn):
        row = conn.execute(
            _SET_SQL + " WHERE name = ? OR set_id = ? ORDER BY rowid LIMIT 1",
            (name_or_id, name_or_id),
        ).fetchone()
    if row is None:
        raise UsageError(
            name_or_id, "no frozen set of that name or id (see `wiredesk frozen --list`)"
        )
    base = _from_row(row)
    records = tuple(
        json.loads(str(r[0]))
        for r in conn.execute(
            "SELECT record FROM frozen_items WHERE set_rowid = ? ORDER BY position", (row[7],)
        )
    )
    return FrozenSet(
        base.name,
        base.set_id,
        base.query,
        base.created_at,
        base.n_items,
        base.checksum,
        base.manifest,
        records,
    )


def verify(frozen: FrozenSet) -> bool:
    """True when the stored records still have the checksum of the manifest."""
    return checksum(list(frozen.records)) == frozen.checksum


def frozen_counts(frozen: FrozenSet, by: str | None) -> list[dict[str, Any]]:
    """Counts of a frozen set per day/week/month with the frozen denominators and shares."""
    counts = frozen.manifest.get("counts", {})
    if by is None:
        all_items = int(counts.get("all_items", 0))
        return [
            {
                "key": "total",
                "count": frozen.n_items,
                "all": all_items,
                "share": frozen.n_items / all_items if all_items else None,
            }
        ]
    if by not in ("day", "week", "month"):
        raise UsageError("by", f"{by!r}: a frozen set counts by day, week or month")
    mine = regroup_days(day_counts(list(frozen.records)), by)
    every = regroup_days({str(k): int(v) for k, v in counts.get("all_by_day", {}).items()}, by)
    rows: list[dict[str, Any]] = [
        {"key": "total", "count": frozen.n_items, "all": int(counts.get("all_items", 0))}
    ]
    rows += [
        {"key": k, "count": mine.get(k, 0), "all": every.get(k, 0)}
        for k in sorted(set(mine) | set(every))
    ]
    for r in rows:
        r["share"] = r["count"] / r["all"] if r["all"] else None
    return rows
