"""`wiredesk places|enrich|entities|stories`: where, who and which event, from the archive."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click


def _table(
    rows: list[dict[str, Any]],
    headers: tuple[str, ...] = ("as_written", "name", "country", "lat", "lon", "id", "items"),
    numeric: frozenset[str] = frozenset({"lat", "lon", "items"}),
) -> None:
    if not rows:
        click.echo("(none)")
        return

    def cell(row: dict[str, Any], key: str) -> str:
        value = row[key]
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.4f}"
        return str(value)

    cells = [[cell(r, h) for h in headers] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    for line in [headers, *cells]:
        click.echo(
            "  ".join(
                v.rjust(w) if h in numeric else v.ljust(w)
                for v, w, h in zip(line, widths, headers, strict=True)
            ).rstrip()
        )


@click.command("places")
@click.option("--unresolved", is_flag=True, help="Only the places the gazetteer cannot resolve.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def places_command(ctx: click.Context, unresolved: bool, fmt: str) -> None:
    """Every dateline place in the archive, resolved in the gazetteer, with item counts.

    Shows each place as written with its gazetteer name, ISO country, coordinates, GeoNames
    id and the number of items; unresolved places show nulls (`-` in the table).
    """
    from wiredesk.archive import Archive

    with Archive.open(ctx.obj["archive"], read_only=True) as archive:
        rows = archive.places(unresolved=unresolved)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _table(rows)


def _format_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
    )


@click.command("enrich")
@click.pass_context
def enrich_command(ctx: click.Context) -> None:
    """Annotate new and changed items: people, organisations, places and stories."""
    from wiredesk.archive import Archive

    with Archive.open(ctx.obj["archive"]) as archive:
        counts = archive.enrich()
    click.echo(
        f"{counts['annotated']:,} item(s) annotated, "
        f"{counts['assigned_to_stories']:,} assigned to stories",
        err=True,
    )


@click.command("entities")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--kind", type=click.Choice(["person", "org"]), default=None)
@_format_option()
@click.pass_context
def entities_command(ctx: click.Context, limit: int, kind: str | None, fmt: str) -> None:
    """People and organisations by the number of items naming them (run `enrich` first)."""
    from wiredesk.archive import Archive

    with Archive.open(ctx.obj["archive"], read_only=True) as archive:
        rows = archive.entities(limit=limit, kind=kind)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _table(rows, ("id", "kind", "name", "items", "mentions"), frozenset({"items", "mentions"}))
        if not rows:
            click.echo("(run `wiredesk enrich` after ingesting)", err=True)


@click.command("stories")
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
@click.option("--min-items", type=click.IntRange(1), default=2, show_default=True)
@_format_option()
@click.pass_context
def stories_command(ctx: click.Context, limit: int, min_items: int, fmt: str) -> None:
    """The biggest stories with storyline, time span and first headline (run `enrich` first)."""
    from wiredesk.archive import Archive

    with Archive.open(ctx.obj["archive"], read_only=True) as archive:
        rows = archive.stories(limit=limit, min_items=min_items)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _table(
            rows, ("id", "storyline", "items", "first", "last", "headline"), frozenset({"items"})
        )
        if not rows:
            click.echo("(run `wiredesk enrich` after ingesting)", err=True)


def register(group: click.Group) -> None:
    """Add `places`, `enrich`, `entities` and `stories` to the command group."""
    for command in (places_command, enrich_command, entities_command, stories_command):
        group.add_command(command)
