"""The `wiredesk` command group, global options and the error -> one line + exit code rule."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from wiredesk.errors import WiredeskError

# Each module registers its commands with `register(group)`; one module per command group.
COMMAND_MODULES = (
    "parse",
    "ingest",
    "ops",
    "generate",
    "search",
    "serve",
    "places",
    "collect",
    "batch",
    "workbench",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--archive",
    envvar="WIREDESK_ARCHIVE",
    default="wiredesk.db",
    show_default=True,
    help="SQLite file or postgresql:// URL of the archive.",
)
@click.version_option(package_name="wiredesk")
@click.pass_context
def cli(ctx: click.Context, archive: str) -> None:
    """wiredesk: turn crawls of news portals into a clean, searchable news archive."""
    ctx.ensure_object(dict)
    ctx.obj["archive"] = archive


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"wiredesk.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command group not built yet
        if exc.name != f"wiredesk.cli.{_name}":
            raise
        continue
    _module.register(cli)


def fail(what: str, why: str) -> None:
    """Print `wiredesk: <what>: <why>` on stderr and exit 2."""
    click.echo(f"wiredesk: {what}: {why}", err=True)
    sys.exit(2)


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; errors become one line on stderr, never a traceback."""
    try:
        return cli.main(args=argv, prog_name="wiredesk", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("wiredesk: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"wiredesk: usage: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except WiredeskError as exc:
        click.echo(f"wiredesk: {exc.what}: {exc.why}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("wiredesk: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # `wiredesk search ... | head` closes the pipe early; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
