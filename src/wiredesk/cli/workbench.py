"""`wiredesk freeze|frozen|why|diff|shares`: the researcher's workbench commands.

Also the options `--normalize`, `--no-merge` and `--wire` that `wiredesk count` and
`wiredesk search` take (`scope_options`, `scoped_count`, `scoped_search`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from wiredesk.errors import InputError, UsageError

_FILTER_NAMES = ("date_from", "date_to", "place", "agency", "section")


def _open(ctx: click.Context, *, write: bool = False) -> Any:
    from wiredesk.archive import Archive

    return Archive.open(ctx.obj["archive"], read_only=not write)


def _conn(archive: Any) -> Any:
    import sqlite3

    conn = getattr(archive.store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        raise UsageError(archive.location, "the workbench needs an SQLite archive")
    return conn


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The filter options of `search` and `count` (--from, --to, --place, --agency, --section)."""
    f = click.option("--section", help="Only items of this section.")(f)
    f = click.option("--agency", help="Only items from this agency (e.g. ANP, AFP).")(f)
    f = click.option("--place", help="Only items with this dateline place.")(f)
    f = click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before.")(f)
    f = click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after.")(f)
    return f


def scope_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--no-merge` and `--wire all|only|exclude`."""
    f = click.option(
        "--wire",
        type=click.Choice(["all", "only", "exclude"]),
        default="all",
        show_default=True,
        help="Wire copy (agency ANP, or a brief leading an article): all, only it, or none of it.",
    )(f)
    f = click.option(
        "--no-merge",
        is_flag=True,
        help="Count every stored version as an item of its own (deduplication switched off).",
    )(f)
    return f


def make_scope(no_merge: bool, wire: str) -> Any:
    """The `Scope` of the options."""
    from wiredesk.query.scope import Scope

    return Scope(merge=not no_merge, wire=wire)


def make_filters(kw: dict[str, Any]) -> Any:
    """`Filters` from the filter options."""
    from wiredesk.query.api import make_filters as build

    return build(*(kw.get(k) for k in _FILTER_NAMES))


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"


def print_shares(results: list[Any]) -> None:
    """Normalised counts as a table: key, all items, then count and share per query."""
    from wiredesk.query.shares import wide_rows

    header, rows = wide_rows(results)
    click.echo(f"# {results[0].scope.describe()}" if results else "# no queries")
    click.echo("\t".join(header))
    for row in rows:
        shown = [
            _share(float(v)) if i >= 3 and i % 2 == 1 and v != "" else str(v)
            for i, v in enumerate(row)
        ]
        click.echo("\t".join("-" if s == "" else s for s in shown))


def scoped_count(
    ctx: click.Context,
    queries: list[str],
    by: str | None,
    fmt: str,
    kw: dict[str, Any],
    *,
    no_merge: bool,
    wire: str,
) -> None:
    """`wiredesk count --normalize` (or with --no-merge/--wire): counts with shares of all items."""
    from wiredesk.query.shares import share_counts

    with _open(ctx) as archive:
        results = share_counts(
            _conn(archive),
            queries,
            by=by,
            filters=make_filters(kw),
            scope=make_scope(no_merge, wire),
        )
    _emit_shares(results, fmt, None)


def _emit_shares(results: list[Any], fmt: str, out: str | None) -> None:
    from wiredesk.query.shares import write_table

    if fmt == "table":
        print_shares(results)
        return
    if out is None or out == "-":
        if fmt == "parquet":
            raise UsageError("format", "parquet needs a file to write to: give --out FILE")
        n = write_table(results, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    with Path(out).open("wb") as fh:
        n = write_table(results, fmt, fh)
    click.echo(f"{n:,} rows written to {out}", err=True)


def scoped_search(
    ctx: click.Context,
    query: str,
    limit: int,
    fmt: str,
    kw: dict[str, Any],
    *,
    no_merge: bool,
    wire: str,
) -> None:
    """`wiredesk search --no-merge/--wire`: the matching items (or versions), newest first."""
    from wiredesk.query.scope import scoped_units

    scope = make_scope(no_merge, wire)
    with _open(ctx) as archive:
        units = scoped_units(_conn(archive), query, make_filters(kw), scope)
        conn = _conn(archive)
        units.sort(key=lambda u: (u.day or "", u.item_id, u.version or 0), reverse=True)
        shown = units[:limit]
        heads = (
            {
                str(r[0]): r[1]
                for r in conn.execute(
                    "SELECT id, headline FROM items WHERE id IN ("
                    + ",".join("?" * len(shown))
                    + ")",
                    [u.item_id for u in shown],
                )
            }
            if shown
            else {}
        )
    if fmt in ("jsonl", "json"):
        recs = [
            {
                "id": u.item_id,
                "version": u.version,
                "day": u.day,
                "headline": heads.get(u.item_id),
                "places": list(u.places),
                "agencies": list(u.agencies),
                "section": u.section,
            }
            for u in shown
        ]
        if fmt == "json":
            click.echo(
                json.dumps(
                    {"query": query, "total": len(units), "scope": scope.to_json(), "hits": recs},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for rec in recs:
                click.echo(json.dumps(rec, ensure_ascii=False))
        return
    click.echo(f"{len(units)} {'versions' if no_merge else 'items'} match ({scope.describe()})")
    for n, u in enumerate(shown, start=1):
        v = f" v{u.version}" if u.version is not None else ""
        click.echo(
            f"{n:>4}. {u.day or '?'}  {'/'.join(u.places) or '-'} ({'/'.join(u.agencies)})  "
            f"{heads.get(u.item_id) or '(no headline)'}  [{u.item_id}{v}]"
        )


# -- freeze / frozen ------------------------------------------------------------------------


@click.command("freeze")
@click.argument("query")
@click.option("--name", required=True, help="The name to keep the result set under.")
@click.option("--note", default=None, help="A note kept in the manifest (what it is for).")
@filter_options
@scope_options
@click.pass_context
def freeze_cmd(
    ctx: click.Context,
    /,
    query: str,
    name: str,
    note: str | None,
    no_merge: bool,
    wire: str,
    **kw: Any,
) -> None:
    """Freeze the exact item versions QUERY returns now under --name, with a manifest to cite."""
    from wiredesk.query.frozen import freeze

    with _open(ctx, write=True) as archive:
        frozen = freeze(
            _conn(archive),
            query,
            name,
            filters=make_filters(kw),
            scope=make_scope(no_merge, wire),
            note=note,
        )
    click.echo(f"frozen {frozen.name}: {frozen.n_items:,} items")
    click.echo(f"id        {frozen.set_id}")
    click.echo(f"checksum  {frozen.checksum}")
    click.echo(
        f"cite as   wiredesk frozen set {frozen.set_id} ({frozen.created_at}, query {query!r})"
    )


def _frozen_out(frozen: Any, fmt: str, out: str | None) -> None:
    from wiredesk.query.frozen import RECORD_FIELDS, canonical_line

    recs = list(frozen.records)
    if fmt == "json":
        data = json.dumps(
            {"manifest": frozen.manifest, "items": recs}, ensure_ascii=False, indent=2
        )
        _write_text(data + "\n", out)
    elif fmt == "jsonl":
        _write_text("".join(canonical_line(r) + "\n" for r in recs), out)
    elif fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(RECORD_FIELDS)
        for r in recs:
            w.writerow(
                [
                    "/".join(v) if isinstance(v, list) else ("" if v is None else v)
                    for v in (r.get(k) for k in RECORD_FIELDS)
                ]
            )
        _write_text(buf.getvalue(), out)
    elif fmt == "parquet":
        if out is None or out == "-":
            raise UsageError("format", "parquet needs a file to write to: give --out FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(recs) if recs else pa.table({k: [] for k in RECORD_FIELDS})
        pq.write_table(table, out)
        click.echo(f"{len(recs):,} items written to {out}", err=True)
    else:
        m = frozen.manifest
        filters = ", ".join(f"{k}={v}" for k, v in m["filters"].items()) or "no filters"
        scope, state = m["scope"], m["archive"]
        click.echo(f"{frozen.name}  {frozen.set_id}  frozen {frozen.created_at}")
        click.echo(
            f"query     {frozen.query}  ({filters}; merge={scope['merge']}, wire={scope['wire']})"
        )
        click.echo(
            f"archive   {state['items']:,} items, {state['pages']:,} pages "
            f"(last crawl {state['last_crawl'] or '?'})"
        )
        click.echo(f"items     {frozen.n_items:,}   checksum {frozen.checksum}")
        for r in recs:
            head = r.get("headline") or "(no headline)"
            click.echo(f"  {r.get('day') or '?'}  {r['id']} v{r['version']}  {head}")


def _write_text(text: str, out: str | None) -> None:
    if out is None or out == "-":
        click.echo(text, nl=False)
    else:
        Path(out).write_text(text, encoding="utf-8")


@click.command("frozen")
@click.argument("name", required=False)
@click.option("--list", "list_sets", is_flag=True, help="List the frozen sets.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl", "csv", "parquet"]),
    default="table",
    show_default=True,
)
@click.option("--out", default=None, help="Write to this file (needed for parquet).")
@click.option("--count", "counting", is_flag=True, help="Counts (with shares) instead of items.")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default=None)
@click.option("--manifest", is_flag=True, help="Print the manifest (JSON).")
@click.option("--verify", is_flag=True, help="Check the stored records against the checksum.")
@click.pass_context
def frozen_cmd(
    ctx: click.Context,
    name: str | None,
    list_sets: bool,
    fmt: str,
    out: str | None,
    counting: bool,
    by: str | None,
    manifest: bool,
    verify: bool,
) -> None:
    """Give back frozen set NAME (or id): its items, counts, export or manifest; or --list them."""
    from wiredesk.query.frozen import frozen_counts, list_frozen, load_frozen
    from wiredesk.query.frozen import verify as check

    with _open(ctx) as archive:
        if list_sets or name is None:
            sets = list_frozen(_conn(archive))
            if fmt == "json":
                click.echo(json.dumps([s.summary() for s in sets], ensure_ascii=False, indent=2))
                return
            if not sets:
                click.echo("no frozen sets (make one with `wiredesk freeze QUERY --name N`)")
            for s in sets:
                click.echo(f"{s.name}\t{s.set_id}\t{s.created_at}\t{s.n_items} items\t{s.query}")
            return
        frozen = load_frozen(_conn(archive), name)
    if verify:
        ok = check(frozen)
        click.echo(
            f"{frozen.name} {frozen.set_id}: " + ("checksum ok" if ok else "CHECKSUM MISMATCH")
        )
        if not ok:
            sys.exit(1)
        return
    if manifest:
        _write_text(json.dumps(frozen.manifest, ensure_ascii=False, indent=2) + "\n", out)
        return
    if counting:
        rows = frozen_counts(frozen, by)
        if fmt == "json":
            _write_text(
                json.dumps({"id": frozen.set_id, "by": by, "counts": rows}, indent=2) + "\n", out
            )
        elif fmt == "csv":
            lines = ["key,count,all,share"] + [
                f"{r['key']},{r['count']},{r['all']},"
                + ("" if r["share"] is None else f"{r['share']:.6f}")
                for r in rows
            ]
            _write_text("\n".join(lines) + "\n", out)
        else:
            click.echo(f"# frozen set {frozen.set_id} ({frozen.name})")
            click.echo("key\tcount\tall\tshare")
            for r in rows:
                click.echo(f"{r['key']}\t{r['count']}\t{r['all']}\t{_share(r['share'])}")
        return
    _frozen_out(frozen, fmt, out)


# -- why / diff / shares --------------------------------------------------------------------


def _detail(ctx: click.Context, item_id: str) -> Any:
    with _open(ctx) as archive:
        detail = archive.item(item_id)
    if detail is None:
        raise InputError(item_id, "no such item in the archive")
    return detail


@click.command("why")
@click.argument("item_id")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def why_cmd(ctx: click.Context, item_id: str, fmt: str) -> None:
    """Why an item's versions and sightings were merged: the rule that fired and the similarity."""
    from wiredesk.dedup.why import explain_merges

    explanation = explain_merges(_detail(ctx, item_id))
    if fmt == "json":
        click.echo(json.dumps(explanation.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(explanation.lines()))


def print_diff(detail: Any) -> None:
    """An item's version diffs as text (`[-deleted-]`, `{+inserted+}`)."""
    from wiredesk.dedup.diff import render_text, version_diffs

    diffs = version_diffs(detail.versions)
    if not diffs:
        click.echo(f"{detail.id}: one version only, nothing changed")
        return
    for d in diffs:
        sim = f", similarity {d.similarity:.2f}" if d.similarity is not None else ""
        click.echo(
            f"v{d.older} (first seen {d.older_first_seen or '?'}) -> v{d.newer} (first seen "
            f"{d.newer_first_seen or '?'}): -{d.words_deleted} +{d.words_inserted} words, "
            f"rule {d.rule}{sim}"
        )
        if any(s.kind != "equal" for s in d.headline):
            click.echo("  headline: " + render_text(d.headline))
        click.echo("  " + render_text(d.body))


def show_diff(detail: Any, fmt: str) -> None:
    """`wiredesk show ID --diff`: the version diffs as text or JSON."""
    from wiredesk.dedup.diff import version_diffs

    if fmt == "json":
        data = {"id": detail.id, "diffs": [d.to_json() for d in version_diffs(detail.versions)]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_diff(detail)


@click.command("diff")
@click.argument("item_id")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def diff_cmd(ctx: click.Context, item_id: str, fmt: str) -> None:
    """What changed between the versions of an item, word by word (same as `show ID --diff`)."""
    show_diff(_detail(ctx, item_id), fmt)


@click.command("shares")
@click.argument("queries", nargs=-1, required=True)
@click.option("--by", type=click.Choice(["day", "week", "month", "place", "agency", "section"]))
@filter_options
@scope_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "wide", "parquet", "json"]),
    default="table",
    show_default=True,
    help="csv/parquet: one row per query and bucket; wide: one row per bucket, all queries.",
)
@click.option("--out", default=None, help="Write to this file (needed for parquet).")
@click.pass_context
def shares_cmd(
    ctx: click.Context,
    /,
    queries: tuple[str, ...],
    by: str | None,
    no_merge: bool,
    wire: str,
    fmt: str,
    out: str | None,
    **kw: Any,
) -> None:
    """Counts of labelled QUERIES as shares of all items per bucket; the wide export with totals."""
    from wiredesk.query.shares import share_counts

    with _open(ctx) as archive:
        results = share_counts(
            _conn(archive),
            list(queries),
            by=by,
            filters=make_filters(kw),
            scope=make_scope(no_merge, wire),
        )
    _emit_shares(results, fmt, out)


def register(group: click.Group) -> None:
    """Add the workbench commands to the `wiredesk` group."""
    for cmd in (freeze_cmd, frozen_cmd, why_cmd, diff_cmd, shares_cmd):
        group.add_command(cmd)
