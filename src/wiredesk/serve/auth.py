"""API tokens: create, list, revoke, and check a bearer secret against the stored hashes.

A secret is `wd_` + 32 random bytes (URL-safe base64). Only its sha256 is stored; a presented
secret is hashed and compared with every active hash in constant time. Roles map to the
permissions they grant, so new roles (a snippet-only reader, say) are one entry in `ROLES`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from wiredesk.errors import UsageError

SECRET_PREFIX = "wd_"  # noqa: S105 - a prefix, not a secret

# role -> the permissions it grants ("read": the read routes, "write": ingest).
ROLES: dict[str, frozenset[str]] = {
    "writer": frozenset({"read", "write"}),
    "reader": frozenset({"read"}),  # full text, no writes (serve/read_access.py)
    "snippet": frozenset({"search"}),  # search and count, snippets only (serve/read_access.py)
}


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A stored token as listed (never with its secret)."""

    name: str
    role: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        """True until revoked."""
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class Caller:
    """Who made a request: the token's name and role."""

    name: str
    role: str

    def may(self, permission: str) -> bool:
        """True when the caller's role grants `permission`."""
        return permission in ROLES.get(self.role, frozenset())


def hash_secret(secret: str) -> str:
    """The hex sha256 of a secret, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """A fresh random secret."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def create_token(conn: sqlite3.Connection, name: str, role: str = "writer") -> str:
    """Store a new token and return its secret (the only time it is known).

    Raises:
        UsageError: for an unknown role, an empty name or a name already in use.
    """
    name = name.strip()
    if not name:
        raise UsageError("token", "the name must not be empty")
    if role not in ROLES:
        raise UsageError("token", f"unknown role {role!r} (known: {', '.join(sorted(ROLES))})")
    if conn.execute("SELECT 1 FROM api_tokens WHERE name = ?", (name,)).fetchone():
        raise UsageError("token", f"a token named {name!r} exists already")
    secret = new_secret()
    with conn:
        conn.execute(
            "INSERT INTO api_tokens(name, role, secret_sha256, created_at) VALUES (?, ?, ?, ?)",
            (name, role, hash_secret(secret), _now()),
        )
    return secret


def list_tokens(conn: sqlite3.Connection) -> list[TokenInfo]:
    """Every token, oldest first."""
    rows = conn.execute(
        "SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY rowid"
    ).fetchall()
    return [TokenInfo(str(n), str(r), str(c), None if v is None else str(v)) for n, r, c, v in rows]


def revoke_token(conn: sqlite3.Connection, name: str) -> bool:
    """Revoke the token named `name`; False when there is no such active token."""
    with conn:
        cur = conn.execute(
            "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
            (_now(), name),
        )
    return cur.rowcount > 0


def has_active_tokens(conn: sqlite3.Connection) -> bool:
    """True when at least one token may be used."""
    return (
        conn.execute("SELECT 1 FROM api_tokens WHERE revoked_at IS NULL LIMIT 1").fetchone()
        is not None
    )


def verify_secret(conn: sqlite3.Connection, secret: str) -> Caller | None:
    """The caller a secret belongs to, or None; every active hash is compared in constant time."""
    presented = hash_secret(secret)
    found: Caller | None = None
    rows = conn.execute(
        "SELECT name, role, secret_sha256 FROM api_tokens WHERE revoked_at IS NULL"
    ).fetchall()
    for name, role, stored in rows:
        # No early exit: the time taken does not depend on which token matched.
        if hmac.compare_digest(presented, str(stored)) and found is None:
            found = Caller(str(name), str(role))
    return found
