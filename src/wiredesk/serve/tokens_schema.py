"""The API tokens table (component `serve.tokens`; applied by store/migrations.py).

Only the sha256 of each secret is stored; the secret itself is shown once, at creation.
"""

from __future__ import annotations

from wiredesk.store.migrations import Migration

COMPONENT = "serve.tokens"

_V1 = """
CREATE TABLE api_tokens (
    rowid INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,   -- hex sha256 of the secret; the secret is never stored
    created_at TEXT NOT NULL,             -- UTC ISO-8601
    revoked_at TEXT                       -- NULL while the token is valid
);
"""

MIGRATIONS: tuple[Migration, ...] = (Migration(1, "api tokens", _V1),)
