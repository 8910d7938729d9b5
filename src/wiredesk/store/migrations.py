"""Versioned, recorded schema migrations, one ordered list per component.

Each component keeps its own list in its own module (a module-level `COMPONENT` name and a
`MIGRATIONS` tuple of `Migration`) and names that module in `COMPONENT_MODULES` below with
one line. Applied migrations are recorded per (component, version) in `schema_migrations`,
each in the same transaction as its own SQL, so a killed migration leaves nothing half done.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from wiredesk.errors import StoreError

# One line per component, in the order they are applied (the store's core tables first).
COMPONENT_MODULES: tuple[str, ...] = (
    "wiredesk.store.schema",
    "wiredesk.serve.tokens_schema",
    "wiredesk.sources.collect.state_schema",
    "wiredesk.enrich.annotations_schema",
    "wiredesk.store.frozen_schema",
)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: SQL statements (or a function of the connection) and its number."""

    version: int
    name: str
    sql: str | Callable[[sqlite3.Connection], None]


_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version)
)
"""


def split_statements(sql: str) -> Iterator[str]:
    """Split a script into complete SQL statements (triggers stay whole)."""
    buf: list[str] = []
    for line in sql.splitlines(keepends=True):
        buf.append(line)
        text = "".join(buf)
        if sqlite3.complete_statement(text):
            if text.strip().strip(";").strip():
                yield text
            buf = []
    rest = "".join(buf).strip()
    if rest and not all(ln.strip().startswith("--") or not ln.strip() for ln in rest.splitlines()):
        yield rest


def as_migration(component: str, entry: object) -> Migration:
    """A `Migration`, also from the short forms `(version, sql)` and `(version, name, sql)`."""
    if isinstance(entry, Migration):
        return entry
    if isinstance(entry, tuple) and len(entry) == 2:
        return Migration(int(entry[0]), f"{component} v{entry[0]}", entry[1])
    if isinstance(entry, tuple) and len(entry) == 3:
        return Migration(int(entry[0]), str(entry[1]), entry[2])
    raise StoreError(component, f"not a migration: {entry!r}"[:200])


def load_components(
    modules: Sequence[str] = COMPONENT_MODULES,
) -> list[tuple[str, tuple[Migration, ...]]]:
    """Import each component module and return its (name, migrations); missing ones are skipped.

    A component whose module does not exist yet (a part still being built) is skipped, like
    the CLI skips command groups that are not there.
    """
    out = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        component = str(module.COMPONENT)
        migrations = tuple(as_migration(component, m) for m in module.MIGRATIONS)
        versions = [m.version for m in migrations]
        if versions != sorted(set(versions)):
            raise StoreError(name, "migration versions must be unique and ascending")
        out.append((component, migrations))
    return out


def applied(conn: sqlite3.Connection) -> dict[str, int]:
    """The highest applied version per component (empty for a fresh archive)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
    ).fetchone()
    if not exists:
        return {}
    rows = conn.execute(
        "SELECT component, max(version) FROM schema_migrations GROUP BY component"
    ).fetchall()
    return {str(c): int(v) for c, v in rows}


def pending(
    conn: sqlite3.Connection, components: Sequence[tuple[str, tuple[Migration, ...]]]
) -> list[tuple[str, Migration]]:
    """Migrations not applied yet, in order."""
    done = applied(conn)
    return [
        (component, m)
        for component, migrations in components
        for m in migrations
        if m.version > done.get(component, 0)
    ]


def migrate(
    conn: sqlite3.Connection,
    components: Sequence[tuple[str, tuple[Migration, ...]]] | None = None,
) -> list[str]:
    """Apply every pending migration, each in its own transaction with its record.

    The connection must be in autocommit mode (`isolation_level=None`).

    Returns:
        `component:version name` of each migration applied.
    """
    if components is None:
        components = load_components()
    conn.execute(_LEDGER)
    done: list[str] = []
    for component, migration in pending(conn, components):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it while we waited for the lock.
            again = conn.execute(
                "SELECT 1 FROM schema_migrations WHERE component=? AND version=?",
                (component, migration.version),
            ).fetchone()
            if not again:
                if callable(migration.sql):
                    migration.sql(conn)
                else:
                    for statement in split_statements(migration.sql):
                        conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations(component, version, name, applied_at)"
                    " VALUES (?, ?, ?, ?)",
                    (
                        component,
                        migration.version,
                        migration.name,
                        datetime.now(UTC).replace(microsecond=0).isoformat(),
                    ),
                )
                done.append(f"{component}:{migration.version} {migration.name}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return done
