"""`wiredesk search|count|kwic|cooc|explain`: the query commands (mirroring the Archive API)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from wiredesk.cli.workbench import scope_options, scoped_count, scoped_search
from wiredesk.query.results import CountResult, Hit


def _open(ctx: click.Context) -> Any:
    from wiredesk.archive import Archive

    return Archive.open(ctx.obj["archive"], read_only=True)


def _filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--section", help="Only items of this section (exact, accents and case ignored)."
    )(f)
    f = click.option("--agency", help="Only items from this agency (e.g. ANP, AFP).")(f)
    f = click.option("--place", help="Only items with this dateline place (e.g. 'DEN HAAG').")(f)
    f = click.option(
        "--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before this day."
    )(f)
    f = click.option(
        "--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after this day."
    )(f)
    return f


def _format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--format` (as `fmt`) taking one of `choices`, the first by default."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True
    )


def _filters(kw: dict[str, Any]) -> dict[str, Any]:
    return {k: kw[k] for k in ("date_from", "date_to", "place", "agency", "section")}


def _day(hit: Hit) -> str:
    from wiredesk.query.dates import publication_day

    day = publication_day(hit.published.earliest, hit.published.latest)
    return day.isoformat() if day else "?"


def _table_hits(total: int, hits: tuple[Hit, ...], offset: int) -> None:
    click.echo(
        f"{total} items match" + (f"; showing {offset + 1}-{offset + len(hits)}" if hits else "")
    )
    for n, h in enumerate(hits, start=offset + 1):
        where = "/".join(h.places) or "-"
        agencies = "/".join(h.agencies)
        click.echo(
            f"{n:>4}. {_day(h)}  {where} ({agencies})  {h.headline or '(no headline)'}  [{h.id}]"
        )
        snip = "".join(click.style(t, bold=True) if m else t for t, m in h.snippet)
        if snip:
            click.echo(f"      {snip}")


@click.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="Hits per page.")
@click.option("--offset", default=0, show_default=True, help="Skip this many hits (pagination).")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
)
@_filter_options
@_format_option("table", "jsonl", "json")
@click.option("--explain", is_flag=True, help="Also show how the query is parsed and run.")
@scope_options
@click.pass_context
def search_cmd(
    ctx: click.Context,
    /,
    query: str,
    limit: int,
    offset: int,
    sort: str,
    fmt: str,
    explain: bool,
    **kw: Any,
) -> None:
    """Search the archive: QUERY in the Lucene/AmCAT language (docs/query-language.md)."""
    no_merge, wire = kw.pop("no_merge"), kw.pop("wire")
    if no_merge or wire != "all":  # versions as items, or wire copy only/excluded
        return scoped_search(ctx, query, limit, fmt, kw, no_merge=no_merge, wire=wire)
    with _open(ctx) as archive:
        result = archive.search(
            query, limit=limit, offset=offset, sort=sort, explain=explain, **_filters(kw)
        )
    if explain and result.plan:
        click.echo(result.plan, err=fmt != "table")
        if fmt == "table":
            click.echo()
    if fmt == "jsonl":
        for rec in result.to_records():
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "json":
        click.echo(
            json.dumps(
                {
                    "query": query,
                    "total": result.total,
                    "offset": offset,
                    "hits": result.to_records(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _table_hits(result.total, result.hits, offset)


def _count_table(results: list[CountResult]) -> None:
    if len(results) == 1 or not any(r.buckets for r in results):
        for r in results:
            if len(results) > 1:
                click.echo(f"{r.label}\t{r.total}")
                continue
            click.echo(f"total\t{r.total}")
            for b in r.buckets:
                click.echo(f"{b.key}\t{b.count}")
        return
    keys = sorted({b.key for r in results for b in r.buckets})
    if results[0].by not in ("day", "week", "month"):
        totals = {k: sum(b.count for r in results for b in r.buckets if b.key == k) for k in keys}
        keys.sort(key=lambda k: (-totals[k], k))
    click.echo("\t".join(["key", *(r.label for r in results)]))
    click.echo("\t".join(["total", *(str(r.total) for r in results)]))
    table = [{b.key: b.count for b in r.buckets} for r in results]
    for k in keys:
        click.echo("\t".join([k, *(str(t.get(k, 0)) for t in table)]))


@click.command("count")
@click.argument("queries", nargs=-1, required=True)
@click.option(
    "--by",
    type=click.Choice(
        ["day", "week", "month", "place", "agency", "section", "entity", "country", "story"]
    ),
    default=None,
)
@_filter_options
@_format_option("table", "json", "csv")
@click.option("--normalize", is_flag=True, help="Also give shares of all items per bucket.")
@scope_options
@click.pass_context
def count_cmd(
    ctx: click.Context, /, queries: tuple[str, ...], by: str | None, fmt: str, **kw: Any
) -> None:
    """Count the items matching each QUERY (`Label# query` labels one), in total and per bucket."""
    normalize, no_merge, wire = kw.pop("normalize"), kw.pop("no_merge"), kw.pop("wire")
    if normalize or no_merge or wire != "all":  # the workbench's counts (cli/workbench.py)
        return scoped_count(ctx, list(queries), by, fmt, kw, no_merge=no_merge, wire=wire)
    with _open(ctx) as archive:
        results = archive.count(list(queries), by=by, **_filters(kw))
    if fmt == "json":
        if len(results) == 1:
            click.echo(json.dumps(results[0].to_json(), ensure_ascii=False))
        else:
            click.echo(
                json.dumps(
                    [{"label": r.label, "query": r.query, **r.to_json()} for r in results],
                    ensure_ascii=False,
                )
            )
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["label", "query", "key", "count"])
        for r in results:
            w.writerow([r.label, r.query, "total", r.total])
            for b in r.buckets:
                w.writerow([r.label, r.query, b.key, b.count])
    else:
        _count_table(results)


@click.command("kwic")
@click.argument("query")
@click.option("--width", default=8, show_default=True, help="Words left and right of each match.")
@click.option("--limit", default=100, show_default=True, help="At most this many lines.")
@_filter_options
@_format_option("table", "jsonl", "csv")
@click.pass_context
def kwic_cmd(
    ctx: click.Context, /, query: str, width: int, limit: int, fmt: str, **kw: Any
) -> None:
    """Keyword in context: each match of QUERY with the words around it (newest items first)."""
    with _open(ctx) as archive:
        lines = archive.kwic(query, width=width, limit=limit, **_filters(kw))
    if fmt == "jsonl":
        for line in lines:
            sys.stdout.write(json.dumps(line.to_record(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["id", "field", "left", "match", "right"])
        for line in lines:
            w.writerow([line.id, line.field, line.left, line.match, line.right])
    else:
        pad = max((len(line.left) for line in lines), default=0)
        for line in lines:
            click.echo(f"{line.left:>{pad}} [{line.match}] {line.right}   ({line.id})")


@click.command("cooc")
@click.argument("queries", nargs=-1, required=True)
@_filter_options
@_format_option("table", "json", "csv")
@click.pass_context
def cooc_cmd(ctx: click.Context, /, queries: tuple[str, ...], fmt: str, **kw: Any) -> None:
    """Co-occurrence of labelled QUERIES: items matching both of each pair (diagonal: totals)."""
    with _open(ctx) as archive:
        result = archive.cooccurrence(list(queries), **_filters(kw))
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["label", *result.labels])
        for label, row in zip(result.labels, result.matrix, strict=True):
            w.writerow([label, *row])
    else:
        click.echo("\t".join(["", *result.labels]))
        for label, row in zip(result.labels, result.matrix, strict=True):
            click.echo("\t".join([label, *(str(n) for n in row)]))


@click.command("explain")
@click.argument("query")
@click.pass_context
def explain_cmd(ctx: click.Context, query: str) -> None:
    """Show how QUERY is parsed, what its words expand to (with counts) and the SQLite plan."""
    with _open(ctx) as archive:
        click.echo(archive.explain(query))


def register(group: click.Group) -> None:
    """Add the query commands to the `wiredesk` group."""
    for cmd in (search_cmd, count_cmd, kwic_cmd, cooc_cmd, explain_cmd):
        group.add_command(cmd)
