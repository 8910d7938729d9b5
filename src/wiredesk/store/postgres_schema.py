"""Recorded schema migrations of a PostgreSQL archive: every component's list, then the index.

The components and their ordered migrations are the same as for SQLite
(`wiredesk.store.migrations.COMPONENT_MODULES`); their SQLite DDL is translated to PostgreSQL
(`postgres_dialect.translate_ddl`), and the PostgreSQL search index is one more component
(`search.postgres`). Each migration runs in its own transaction together with its row in
`schema_migrations`, under a transaction-scoped advisory lock, so two processes opening a
fresh archive at once apply each migration exactly once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg

from wiredesk.errors import StoreError
from wiredesk.store import postgres_index
from wiredesk.store.migrations import COMPONENT_MODULES, split_statements
from wiredesk.store.postgres_dialect import PgConnection, ddl_rowid_tables, translate_ddl

# pg_advisory_xact_lock keys (two int4 halves: 'wd' and a purpose).
LOCK_NAMESPACE = 0x7764
LOCK_MIGRATE = 1
LOCK_MERGE = 2

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version BIGINT NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version)
)
"""


@dataclass(frozen=True, slots=True)
class PgMigration:
    """One migration of one component, ready for PostgreSQL."""

    component: str
    version: int
    name: str
    sql: str | None  # SQLite DDL to translate, or PostgreSQL DDL when `native`
    func: Callable[[Any], None] | None = None
    native: bool = False


def _as_tuple(m: Any) -> tuple[int, str, Any]:
    if isinstance(m, tuple):
        return int(m[0]), str(m[1]), m[2]
    return int(m.version), str(m.name), m.sql


def components(modules: Sequence[str] = COMPONENT_MODULES) -> list[PgMigration]:
    """Every component's migrations in order (components not built yet are skipped)."""
    out: list[PgMigration] = []
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        component = str(module.COMPONENT)
        for m in module.MIGRATIONS:
            version, name, body = _as_tuple(m)
            if callable(body):
                out.append(PgMigration(component, version, name, None, func=body))
            else:
                out.append(PgMigration(component, version, name, str(body)))
    out.append(
        PgMigration(
            postgres_index.COMPONENT, 1, "tsvector index", postgres_index.SCHEMA_V1, native=True
        )
    )
    return out


def rowid_tables(migrations: Sequence[PgMigration]) -> set[str]:
    """Tables with a `rowid` identity column (their INSERTs return the new id)."""
    found: set[str] = set()
    for m in migrations:
        if m.sql is not None and not m.native:
            found |= ddl_rowid_tables(m.sql)
    return found


def applied(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """The highest applied version per component."""
    rows = conn.execute(
        "SELECT component, max(version) FROM schema_migrations GROUP BY component"
    ).fetchall()
    return {str(c): int(v) for c, v in rows}


def migrate(conn: psycopg.Connection[Any], compat: PgConnection) -> list[str]:
    """Apply every pending migration (autocommit connection); returns what was applied."""
    migrations = components()
    conn.execute(_LEDGER)
    done: list[str] = []
    have = applied(conn)
    for m in migrations:
        if m.version <= have.get(m.component, 0):
            continue
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, LOCK_MIGRATE))
            again = conn.execute(
                "SELECT 1 FROM schema_migrations WHERE component = %s AND version = %s",
                (m.component, m.version),
            ).fetchone()
            if again:
                continue
            try:
                if m.func is not None:
                    m.func(compat)
                elif m.native:
                    conn.execute(m.sql or "")  # type: ignore[arg-type]
                else:
                    for statement in split_statements(m.sql or ""):
                        conn.execute(translate_ddl(statement))  # type: ignore[arg-type]
            except psycopg.Error as exc:
                raise StoreError(
                    f"migration {m.component}:{m.version}", f"{m.name}: {exc}".splitlines()[0]
                ) from exc
            conn.execute(
                "INSERT INTO schema_migrations(component, version, name, applied_at)"
                " VALUES (%s, %s, %s, %s)",
                (
                    m.component,
                    m.version,
                    m.name,
                    datetime.now(UTC).replace(microsecond=0).isoformat(),
                ),
            )
            done.append(f"{m.component}:{m.version} {m.name}")
    return done
