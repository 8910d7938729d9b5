"""`wiredesk places`: every dateline place in the archive, resolved to the gazetteer."""

from __future__ import annotations

import json
from typing import Any

import click


def _table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        click.echo("(no places)")
        return
    headers = ["as_written", "name", "country", "lat", "lon", "id", "items"]

    def cell(row: dict[str, Any], key: str) -> str:
        value = row[key]
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.4f}"
        return str(value)

    cells = [[cell(r, h) for h in headers] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    numeric = {"lat", "lon", "items"}
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


def register(group: click.Group) -> None:
    """Add `places` to the command group."""
    group.add_command(places_command)
