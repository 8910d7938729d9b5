"""`wiredesk ingest`: read crawls into the archive, one line per problem, a summary at the end."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click

from wiredesk.errors import InputError, UsageError
from wiredesk.model import Problem


def parse_fetched_at(value: str | None) -> datetime | None:
    """`--fetched-at` as an aware datetime; a time without a zone is refused, not guessed."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError("--fetched-at", f"not an ISO-8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        raise UsageError("--fetched-at", f"give a time zone (e.g. {value}+01:00 or {value}Z)")
    return moment


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--fetched-at",
    metavar="ISO",
    help="Crawl time of plain files that do not carry one (e.g. 2026-02-03T10:15:00+01:00).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: only when stderr is a terminal).",
)
@click.pass_context
def ingest_command(
    ctx: click.Context, paths: tuple[str, ...], fetched_at: str | None, progress: bool | None
) -> None:
    """Read files, folders, WARC, JSONL or `-` (stdin) into the archive.

    Exits 0 when the inputs were read, even if some pages had problems (each is reported on
    stderr and stored; see `wiredesk problems`), and 2 when nothing could be read.
    """
    from wiredesk.archive import Archive

    when = parse_fetched_at(fetched_at)
    show_bar = sys.stderr.isatty() if progress is None else progress
    bar: Any = None
    if show_bar:
        from tqdm import tqdm

        bar = tqdm(unit=" pages", file=sys.stderr, dynamic_ncols=True)

    def tell(problem: Problem) -> None:
        line = f"wiredesk: {problem.line()}"
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def advance(n: int) -> None:
        if bar is not None:
            bar.update(n)

    try:
        with Archive.open(ctx.obj["archive"]) as archive:
            report = archive.ingest(list(paths), fetched_at=when, progress=advance, on_problem=tell)
    finally:
        if bar is not None:
            bar.close()
    click.echo(report.summary(), err=True)
    if report.pages == 0:
        raise InputError(", ".join(paths), "nothing could be read (no pages found)")


def register(group: click.Group) -> None:
    """Add `ingest` to the CLI."""
    group.add_command(ingest_command)
