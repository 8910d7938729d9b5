"""The `wiredesk` command group, global options and the error -> one line + exit code rule."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from wiredesk.errors import WiredeskError

# command -> the module whose `register(group)` defines it. Modules are imported only when
# their command runs, so `wiredesk parse` does not pay for FastAPI, and a broken optional part
# breaks only its own commands.
COMMANDS = {
    "parse": "parse",
    "ingest": "ingest",
    "stats": "ops",
    "check": "ops",
    "show": "ops",
    "problems": "ops",
    "export": "ops",
    "generate": "generate",
    "search": "search",
    "count": "search",
    "kwic": "search",
    "cooc": "search",
    "explain": "search",
    "serve": "serve",
    "token": "serve",
    "places": "places",
    "entities": "places",
    "stories": "places",
    "enrich": "places",
    "collect": "collect",
    "collect-stats": "collect",
    "batch": "batch",
    "load": "batch",
    "freeze": "workbench",
    "frozen": "workbench",
    "why": "workbench",
    "diff": "workbench",
    "shares": "workbench",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


class LazyGroup(click.Group):
    """A click group that imports a command's module only when the command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, without importing any command module."""
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module on first use and return the command."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"wiredesk.cli.{module_name}")
        scratch = click.Group()
        module.register(scratch)
        for name, command in scratch.commands.items():
            self.add_command(command, name)
        return self.commands.get(cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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
