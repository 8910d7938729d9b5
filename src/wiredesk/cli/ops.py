"""`wiredesk stats|check|show|problems|export`: look after an archive and get data out of it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from wiredesk.errors import InputError, UsageError


def _open(ctx: click.Context) -> Any:
    from wiredesk.archive import Archive

    return Archive.open(ctx.obj["archive"], read_only=True)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("stats")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def stats_command(ctx: click.Context, fmt: str) -> None:
    """Counts of pages, items, sightings, versions and problems."""
    with _open(ctx) as archive:
        if fmt == "json":
            click.echo(json.dumps(archive.stats()))
            return
        detail = dict(archive.stats_detail())
        detail.update(_collector_lines(archive))
    width = max(len(k) for k in detail)
    for key, value in detail.items():
        shown = f"{value:,}" if isinstance(value, int) else ("-" if value is None else value)
        click.echo(f"{key.replace('_', ' '):<{width}}  {shown}")


def _collector_lines(archive: Any) -> dict[str, Any]:
    """The live collector's counters as extra `stats` lines (none when it never ran)."""
    try:
        from wiredesk.sources.collect.collector import collector_counters
    except ImportError:  # the `collect` extra is not installed
        return {}
    try:
        counters = collector_counters(archive)
    except Exception:  # a store without the collector's tables (e.g. PostgreSQL)
        return {}
    if not counters.get("requests"):
        return {}
    keys = ("fetched", "new", "unchanged", "skipped_robots", "errors", "frontier", "last_poll")
    return {f"collector_{k}": counters.get(k) for k in keys}


@click.command("check")
@click.pass_context
def check_command(ctx: click.Context) -> None:
    """Check the archive's integrity: exit 0 when consistent, 1 with a list of what is wrong."""
    with _open(ctx) as archive:
        wrong = archive.check()
    if not wrong:
        click.echo("ok: the archive is consistent")
        return
    for line in wrong:
        click.echo(line)
    sys.exit(1)


def _show_text(detail: Any, max_sightings: int) -> None:
    pub = detail.published
    click.echo(f"{detail.headline or '(no headline)'}")
    click.echo(f"id          {detail.id}")
    click.echo(f"dateline    {'/'.join(detail.places) or '-'} ({'/'.join(detail.agencies) or '-'})")
    click.echo(f"section     {detail.section or '-'}")
    click.echo(
        "published   between "
        f"{pub.earliest.isoformat() if pub.earliest else '?'} and "
        f"{pub.latest.isoformat() if pub.latest else '?'}"
        + ("  [sightings disagree: see flagged ones below]" if detail.conflict else "")
    )
    click.echo(f"crawled     {detail.first_seen or '?'} .. {detail.last_seen or '?'}")
    if detail.lead_of:
        click.echo(f"leads       {detail.lead_of} (this brief is that article's first paragraph)")
    for brief in detail.led_by:
        click.echo(f"led by      {brief} (a brief that is this article's first paragraph)")
    click.echo("")
    click.echo(detail.body)
    click.echo("")
    click.echo(f"{detail.n_versions} version(s):")
    for v in detail.versions:
        sim = f", similarity {v.similarity:.2f}" if v.similarity is not None else ""
        cut = ", cut off" if v.truncated else ""
        click.echo(
            f"  v{v.number}  first seen {v.first_seen or '?'}  {v.sightings} sighting(s)"
            f"  rule {v.rule}{sim}{cut}"
        )
        if detail.n_versions > 1:
            click.echo(f"      {v.body}")
    click.echo(f"{detail.n_sightings} sighting(s):")
    for s in detail.sightings[:max_sightings]:
        flag = "  CONFLICT" if s.conflict else ""
        click.echo(
            f"  {s.fetched_at or '?'}  v{s.version}  {s.role}#{s.position}"
            f"  {s.age or '-'}  {s.url or s.source}  ({s.rule}){flag}"
        )
    if len(detail.sightings) > max_sightings:
        click.echo(f"  ... and {len(detail.sightings) - max_sightings:,} more (--format json)")


@click.command("show")
@click.argument("item_id")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--max-sightings", default=50, show_default=True, help="Sightings listed as text.")
@click.option("--diff", is_flag=True, help="What changed between versions, word by word.")
@click.pass_context
def show_command(
    ctx: click.Context, item_id: str, fmt: str, max_sightings: int, diff: bool
) -> None:
    """Show an item (by id or a unique prefix of it) with its versions and sightings."""
    with _open(ctx) as archive:
        detail = archive.item(item_id)
    if detail is None:
        raise InputError(item_id, "no such item in the archive")
    if diff:  # the workbench's word diff (cli/workbench.py)
        from wiredesk.cli.workbench import show_diff

        return show_diff(detail, fmt)
    if fmt == "json":
        _echo_json(detail.to_json())
    else:
        _show_text(detail, max_sightings)


@click.command("problems")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "json"]),
    default="table",
    show_default=True,
)
@click.option("--limit", default=100, show_default=True, help="Newest problems to list.")
@click.pass_context
def problems_command(ctx: click.Context, fmt: str, limit: int) -> None:
    """Pages and inputs that could not be read, with the reason (newest first)."""
    with _open(ctx) as archive:
        found = archive.problems(limit=limit)
    if fmt == "json":
        _echo_json([p.to_json() for p in found])
    elif fmt == "jsonl":
        for p in found:
            click.echo(json.dumps(p.to_json(), ensure_ascii=False))
    else:
        if not found:
            click.echo("no problems recorded")
        for p in found:
            click.echo(f"{p.code:<18} {p.line()}")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option("--query", default=None, help="Only the items this search query matches.")
@click.argument("out")
@click.pass_context
def export_command(ctx: click.Context, fmt: str, query: str | None, out: str) -> None:
    """Write every item (or every hit of --query) with all fields to OUT (`-`: stdout)."""
    if out == "-" and fmt == "parquet":
        raise UsageError("export", "parquet needs a file to write to, not `-`")
    with _open(ctx) as archive:
        if out == "-":
            n = archive.export(sys.stdout.buffer, fmt, query=query)
            sys.stdout.buffer.flush()
        else:
            n = archive.export(Path(out), fmt, query=query)
    click.echo(f"{n:,} items written to {'stdout' if out == '-' else out}", err=True)


def register(group: click.Group) -> None:
    """Add the operations commands to the CLI."""
    for command in (stats_command, check_command, show_command, problems_command, export_command):
        group.add_command(command)
