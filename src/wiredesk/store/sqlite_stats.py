"""Counts and integrity checks of an SQLite archive (`wiredesk stats`, `wiredesk check`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

_CONTRACT = ("pages", "items", "sightings", "versions", "problems")


def _count(conn: sqlite3.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0] or 0)


def stats(conn: sqlite3.Connection) -> dict[str, int]:
    """`{"pages", "items", "sightings", "versions", "problems"}` as in the CLI contract."""
    return {name: _count(conn, f"SELECT count(*) FROM {name}") for name in _CONTRACT}


def stats_detail(conn: sqlite3.Connection, path: Path | None = None) -> dict[str, Any]:
    """The contract counts plus figures people ask for (sizes, links, conflicts, crawl span)."""
    out: dict[str, Any] = dict(stats(conn))
    out["pages_with_problems"] = _count(
        conn, "SELECT count(*) FROM pages WHERE problems IS NOT NULL"
    )
    out["inputs_done"] = _count(conn, "SELECT count(*) FROM inputs_done")
    out["raw_inputs"] = _count(conn, "SELECT count(*) FROM raw_inputs")
    raw, stored = conn.execute("SELECT sum(size), sum(length(data)) FROM raw_inputs").fetchone()
    out["raw_bytes"] = int(raw or 0)
    out["raw_bytes_stored"] = int(stored or 0)
    out["items_with_versions"] = _count(conn, "SELECT count(*) FROM items WHERE n_versions > 1")
    out["items_with_conflicts"] = _count(conn, "SELECT count(*) FROM items WHERE conflict = 1")
    out["briefs_linked"] = _count(conn, "SELECT count(*) FROM items WHERE lead_of IS NOT NULL")
    out["items_seen_once"] = _count(conn, "SELECT count(*) FROM items WHERE n_sightings = 1")
    first, last = conn.execute("SELECT min(fetched_at), max(fetched_at) FROM pages").fetchone()
    out["first_crawl"] = first
    out["last_crawl"] = last
    out["schema"] = ", ".join(
        f"{c}:{v}"
        for c, v in conn.execute(
            "SELECT component, max(version) FROM schema_migrations GROUP BY component"
        )
    )
    if path is not None and path.exists():
        out["file_bytes"] = path.stat().st_size
    return out


_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "sightings without their page",
        "SELECT count(*) FROM sightings s LEFT JOIN pages p ON p.rowid = s.page"
        " WHERE p.rowid IS NULL",
    ),
    (
        "sightings without their item",
        "SELECT count(*) FROM sightings s LEFT JOIN items i ON i.rowid = s.item"
        " WHERE i.rowid IS NULL",
    ),
    (
        "sightings whose version is missing or belongs to another item",
        "SELECT count(*) FROM sightings s LEFT JOIN versions v ON v.rowid = s.version"
        " WHERE v.rowid IS NULL OR v.item != s.item",
    ),
    (
        "versions without their item",
        "SELECT count(*) FROM versions v LEFT JOIN items i ON i.rowid = v.item"
        " WHERE i.rowid IS NULL",
    ),
    (
        "items whose n_sightings disagrees with their sightings",
        "SELECT count(*) FROM items i WHERE i.n_sightings !="
        " (SELECT count(*) FROM sightings s WHERE s.item = i.rowid)",
    ),
    (
        "items whose n_versions disagrees with their versions",
        "SELECT count(*) FROM items i WHERE i.n_versions !="
        " (SELECT count(*) FROM versions v WHERE v.item = i.rowid)",
    ),
    (
        "items whose body is not that of one of their versions",
        "SELECT count(*) FROM items i WHERE NOT EXISTS"
        " (SELECT 1 FROM versions v WHERE v.item = i.rowid AND v.body = i.body)",
    ),
    (
        "pages without their raw input",
        "SELECT count(*) FROM pages p LEFT JOIN raw_inputs r ON r.sha256 = p.raw_sha256"
        " WHERE r.rowid IS NULL",
    ),
    (
        "problems pointing at a missing page",
        "SELECT count(*) FROM problems pr LEFT JOIN pages p ON p.rowid = pr.page"
        " WHERE pr.page IS NOT NULL AND p.rowid IS NULL",
    ),
    (
        "briefs linked to an item that does not exist",
        "SELECT count(*) FROM items i LEFT JOIN items a ON a.id = i.lead_of"
        " WHERE i.lead_of IS NOT NULL AND a.rowid IS NULL",
    ),
    (
        "exact keys pointing at a missing version",
        "SELECT count(*) FROM item_keys k LEFT JOIN versions v ON v.rowid = k.version"
        " WHERE v.rowid IS NULL OR v.item != k.item",
    ),
    (
        "items with an empty interval (earliest after latest)",
        "SELECT count(*) FROM items WHERE earliest IS NOT NULL AND latest IS NOT NULL"
        " AND earliest > latest",
    ),
)


def check(conn: sqlite3.Connection) -> list[str]:
    """Everything inconsistent in the archive, one line each (empty when it is sound)."""
    wrong: list[str] = []
    for row in conn.execute("PRAGMA quick_check"):
        if row[0] != "ok":
            wrong.append(f"sqlite: {row[0]}")
    for what, sql in _CHECKS:
        n = _count(conn, sql)
        if n:
            wrong.append(f"{n:,} {what}")
    from wiredesk.query.sqlite_index import check_index

    wrong.extend(f"search index: {line}" for line in check_index(conn))
    return wrong
