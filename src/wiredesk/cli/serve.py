"""`wiredesk serve` (HTTP API and web UI with uvicorn) and `wiredesk token create/list/revoke`."""

from __future__ import annotations

import ipaddress
import json
import socket

import click

from wiredesk.archive import Archive
from wiredesk.errors import UsageError


def is_loopback(host: str) -> bool:
    """True when `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            return all(
                ipaddress.ip_address(info[4][0]).is_loopback
                for info in socket.getaddrinfo(host, None)
            )
        except (OSError, ValueError):
            return False


def _has_tokens(location: str) -> bool:
    from wiredesk.serve.access import sqlite_conn
    from wiredesk.serve.auth import has_active_tokens

    with Archive.open(location) as archive:
        return has_active_tokens(sqlite_conn(archive))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port."
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
@click.option(
    "--read-access",
    type=click.Choice(["open", "token", "snippets"]),
    default="open",
    show_default=True,
    help="Reads: open to all; token (a token is needed); snippets (anonymous: snippets only).",
)
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, log_level: str, read_access: str) -> None:
    """Serve the archive: web UI at /, HTTP API under /api, API docs at /docs.

    Reading is open; writes need a token. Listening on an address other than loopback is
    refused until a token exists (`wiredesk token create --name NAME`).
    """
    import uvicorn

    from wiredesk.serve.app import create_app

    location = ctx.obj["archive"]
    if not is_loopback(host) and not _has_tokens(location):
        raise UsageError(
            "serve",
            f"refusing to listen on {host} with no API tokens: create one with "
            "`wiredesk token create --name NAME`, or use --host 127.0.0.1",
        )
    app = create_app(location)
    app.state.read_access = read_access  # enforced by serve/read_access.py
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"wiredesk: serving {location} on http://{shown}:{port}/ (Ctrl+C to stop)", err=True)
    # uvicorn's access log holds method, path and query string only; tokens travel in a
    # header and are never logged.
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)


@click.group("token")
def token_group() -> None:
    """API tokens for writes (POST /api/ingest); stored hashed in the archive."""


@token_group.command("create")
@click.option("--name", required=True, help="A name for the token (who or what uses it).")
@click.option(
    "--role", default="writer", show_default=True, help="Role: writer, reader or snippet."
)
@click.pass_context
def token_create(ctx: click.Context, name: str, role: str) -> None:
    """Create a token and print its secret once (it cannot be shown again)."""
    from wiredesk.serve.access import sqlite_conn
    from wiredesk.serve.auth import create_token

    with Archive.open(ctx.obj["archive"]) as archive:
        secret = create_token(sqlite_conn(archive), name, role)
    click.echo(secret)
    click.echo(
        f"wiredesk: token {name!r} ({role}) created; the secret above is shown only now. "
        "Send it as `Authorization: Bearer <secret>`.",
        err=True,
    )


@token_group.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def token_list(ctx: click.Context, fmt: str) -> None:
    """List tokens (names, roles, dates; never secrets)."""
    from wiredesk.serve.access import sqlite_conn
    from wiredesk.serve.auth import list_tokens

    with Archive.open(ctx.obj["archive"]) as archive:
        tokens = list_tokens(sqlite_conn(archive))
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "name": t.name,
                        "role": t.role,
                        "created_at": t.created_at,
                        "revoked_at": t.revoked_at,
                    }
                    for t in tokens
                ],
                indent=2,
            )
        )
        return
    if not tokens:
        click.echo("no tokens", err=True)
        return
    width = max(len(t.name) for t in tokens)
    for t in tokens:
        state = f"revoked {t.revoked_at}" if t.revoked_at else "active"
        click.echo(f"{t.name:<{width}}  {t.role:<8}  created {t.created_at}  {state}")


@token_group.command("revoke")
@click.argument("name")
@click.pass_context
def token_revoke(ctx: click.Context, name: str) -> None:
    """Revoke the token named NAME (it stops working at once)."""
    from wiredesk.serve.access import sqlite_conn
    from wiredesk.serve.auth import revoke_token

    with Archive.open(ctx.obj["archive"]) as archive:
        if not revoke_token(sqlite_conn(archive), name):
            raise UsageError("token", f"no active token named {name!r}")
    click.echo(f"wiredesk: token {name!r} revoked", err=True)


def register(group: click.Group) -> None:
    """Add `serve` and `token` to the CLI."""
    group.add_command(serve_cmd)
    group.add_command(token_group)
