"""The researcher's workbench over HTTP: explain, diffs, merges, shares, frozen sets; read access.

`install(app)` adds the JSON routes (under /api), the web pages (/explain, /items/{id}/diff,
/shares) and the read-access middleware (`wiredesk.serve.read_access`) to W's app.
"""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from wiredesk.errors import QuerySyntaxError, UsageError
from wiredesk.serve.auth import Caller
from wiredesk.serve.auth_deps import require_writer
from wiredesk.serve.chart import Series, build_chart
from wiredesk.serve.problems import PROBLEM_MEDIA_TYPE, ApiProblem
from wiredesk.serve.read_access import ReadAccessMiddleware, clip_snippet
from wiredesk.serve.routes_api import ERRORS
from wiredesk.serve.schemas import Problem

TEMPLATES = Path(__file__).parent / "templates"
env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["pct"] = lambda v: "-" if v is None else f"{v * 100:.2f}%"

_PROBLEM = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {**_PROBLEM, "description": "No valid token (writes, or reads when tokens are required)."},
    403: {**_PROBLEM, "description": "The token's role may not do this (e.g. snippets only)."},
    404: {**_PROBLEM, "description": "No such item or frozen set."},
}
router = APIRouter(prefix="/api", tags=["workbench"], responses=_ERRORS)
pages = APIRouter(include_in_schema=False)

Wire = Literal["all", "only", "exclude"]
By = Literal["day", "week", "month", "place", "agency", "section"]
TableFormat = Literal["json", "csv", "wide", "parquet"]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "wide": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


def _content(*formats: str) -> dict[str, dict[str, Any]]:
    return {"application/json": {}, **{MEDIA[f].split(";")[0]: {} for f in formats}}


def install(app: FastAPI) -> None:
    """Add the workbench routes, pages and the read-access middleware to `app`."""
    app.include_router(router)
    app.include_router(pages)
    app.add_middleware(ReadAccessMiddleware)
    from wiredesk.serve import web

    web.env.filters["clip_snippet"] = clip_snippet  # snippet-only pages (templates/search.html)


def _conn(request: Request) -> sqlite3.Connection:
    archive = request.app.state.access.reader()
    conn = getattr(archive.store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        raise ApiProblem(501, "not-supported", "the workbench needs an SQLite archive")
    return conn


def _filters(
    date_from: Annotated[date | None, Query(description="Published on or after.")] = None,
    date_to: Annotated[date | None, Query(description="Published on or before.")] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    section: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    from wiredesk.query.api import make_filters

    return make_filters(date_from, date_to, place or None, agency or None, section or None)


def _scope(
    no_merge: Annotated[
        bool, Query(description="Count every stored version as an item (no dedup).")
    ] = False,
    wire: Annotated[Wire, Query(description="Wire copy: all, only or exclude.")] = "all",
) -> Any:
    from wiredesk.query.scope import Scope

    return Scope(merge=not no_merge, wire=wire)


FiltersDep = Annotated[Any, Depends(_filters)]
ScopeDep = Annotated[Any, Depends(_scope)]
QueryText = Annotated[str, Query(min_length=1, max_length=2000, description="A query.")]


# -- explain ----------------------------------------------------------------------------------


def explanation(conn: sqlite3.Connection, query: str) -> dict[str, Any]:
    """The parsed tree, what each word expands to (with counts) and the plan, as a dict.

    Raises:
        QuerySyntaxError: with the column of the mistake.
    """
    from wiredesk.query.api import explain_plan, plan_for
    from wiredesk.query.explain import tree_lines, word_lines
    from wiredesk.query.syntax import print_query

    node, plan = plan_for(conn, query)
    return {
        "query": query,
        "parsed": print_query(node),
        "tree": [line[2:] for line in tree_lines(node, 1)],
        "words": [line.strip() for line in word_lines(conn, node, plan)],
        "expansions": [
            {
                "pattern": e.pattern,
                "field": e.field,
                "words": [{"word": w, "items": n} for w, n in _expansion_words(conn, e)],
            }
            for e in plan.expansions
        ],
        "text": explain_plan(conn, node, plan),
    }


def _expansion_words(conn: sqlite3.Connection, e: Any, limit: int = 50) -> list[tuple[str, int]]:
    """The indexed words a wildcard stands for with how many items hold each (most first)."""
    cols = {"headline": ("hu",), "body": ("bu",)}.get(e.field or "", ("hu", "bu"))
    marks = ",".join("?" * len(cols))
    if e.prefix is not None:
        rows = conn.execute(
            f"SELECT term, max(doc) FROM search_vocab WHERE term >= ? AND term < ? "
            f"AND col IN ({marks}) GROUP BY term ORDER BY max(doc) DESC, term LIMIT ?",
            [e.prefix, e.prefix + "\U0010ffff", *cols, limit],
        )
        return [(str(t), int(n)) for t, n in rows]
    found = []
    for word in list(e.words)[:limit]:
        row = conn.execute(
            f"SELECT max(doc) FROM search_vocab WHERE term = ? AND col IN ({marks})",
            [word, *cols],
        ).fetchone()
        found.append((str(word), int(row[0] or 0)))
    return sorted(found, key=lambda wn: (-wn[1], wn[0]))


@router.get("/explain", summary="How a query is parsed and what its words expand to")
def explain_route(request: Request, q: QueryText) -> dict[str, Any]:
    """The tree, the stems/wildcard words with item counts, the SQL plan.

    A syntax error is a 400 problem with the `column` of the mistake.
    """
    return explanation(_conn(request), q)


# -- items: diff and merges -------------------------------------------------------------------


def _detail(request: Request, item_id: str) -> Any:
    detail = request.app.state.access.reader().item(item_id)
    if detail is None:
        raise ApiProblem(404, "not-found", f"no item {item_id!r}")
    return detail


@router.get("/items/{item_id}/diff", summary="What changed between an item's versions")
def diff_route(request: Request, item_id: str) -> dict[str, Any]:
    """Word-by-word differences between each version and the next, with first-seen times."""
    from wiredesk.dedup.diff import version_diffs

    detail = _detail(request, item_id)
    return {
        "id": detail.id,
        "versions": [
            {
                "number": v.number,
                "first_seen": v.first_seen,
                "rule": v.rule,
                "similarity": v.similarity,
            }
            for v in detail.versions
        ],
        "diffs": [d.to_json() for d in version_diffs(detail.versions)],
    }


@router.get("/items/{item_id}/merges", summary="Why an item's versions and sightings were merged")
def merges_route(request: Request, item_id: str) -> dict[str, Any]:
    """Every version and sighting with the dedup rule that fired and the similarity measured."""
    from wiredesk.dedup.why import explain_merges

    return explain_merges(_detail(request, item_id)).to_json()


# -- normalised counts ------------------------------------------------------------------------


def _table_response(results: list[Any], fmt: str, name: str) -> Response:
    from wiredesk.query.shares import write_table

    buf = io.BytesIO()
    write_table(results, fmt, buf)
    ext = "parquet" if fmt == "parquet" else "csv"
    return Response(
        buf.getvalue(),
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'},
    )


@router.get(
    "/shares",
    summary="Counts as shares of all items per bucket (normalised)",
    responses={
        200: {"description": "JSON, CSV or Parquet.", "content": _content("csv", "parquet")}
    },
)
def shares_route(
    request: Request,
    filters: FiltersDep,
    scope: ScopeDep,
    q: Annotated[list[str], Query(min_length=1, max_length=8, description="Labelled queries.")],
    by: Annotated[By | None, Query(description="Bucket by.")] = None,
    format: Annotated[
        TableFormat, Query(description="json, csv (long), wide or parquet.")
    ] = "json",
) -> Any:
    """Each query's count per bucket with all items of that bucket and the share.

    `wide` is one row per bucket with every query, totals first.
    """
    from wiredesk.query.shares import share_counts

    queries = [line for line in q if line.strip()]
    if not queries:
        raise ApiProblem(400, "bad-query", "give at least one non-empty query")
    results = share_counts(_conn(request), queries, by=by, filters=filters, scope=scope)
    if format == "json":
        return {"by": by, "scope": scope.to_json(), "series": [r.to_json() for r in results]}
    return _table_response(results, format, "wiredesk-shares")


@router.get("/units", summary="Search with merging off or wire copy only/excluded")
def units_route(
    request: Request,
    filters: FiltersDep,
    scope: ScopeDep,
    q: QueryText,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most units listed.")] = 100,
) -> dict[str, Any]:
    """The items (or, with `no_merge`, the versions) matching `q`, newest first, without bodies."""
    from wiredesk.query.scope import scoped_units

    units = scoped_units(_conn(request), q, filters, scope)
    units.sort(key=lambda u: (u.day or "", u.item_id, u.version or 0), reverse=True)
    return {
        "query": q,
        "scope": scope.to_json(),
        "total": len(units),
        "units": [
            {
                "id": u.item_id,
                "version": u.version,
                "day": u.day,
                "section": u.section,
                "places": list(u.places),
                "agencies": list(u.agencies),
                "url": f"/items/{u.item_id}",
            }
            for u in units[:limit]
        ],
    }


# -- frozen sets ------------------------------------------------------------------------------


@router.get("/frozen", summary="The frozen result sets")
def frozen_list(request: Request) -> dict[str, Any]:
    """Name, citable id, query, time and size of every frozen set."""
    from wiredesk.query.frozen import list_frozen

    return {"sets": [s.summary() for s in list_frozen(_conn(request))]}


@router.post(
    "/frozen", status_code=201, summary="Freeze a query's result set (needs a writer token)"
)
def frozen_create(
    request: Request,
    caller: Annotated[Caller, Depends(require_writer)],
    filters: FiltersDep,
    scope: ScopeDep,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    name: Annotated[str, Query(min_length=1, max_length=200)],
    note: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    """Store the exact item versions `q` returns now under `name`; answers with the manifest."""
    from wiredesk.query.frozen import freeze
    from wiredesk.store.sqlite import SQLiteStore

    with request.app.state.access.writer() as archive:
        store = archive.store
        if not isinstance(store, SQLiteStore):
            raise ApiProblem(501, "not-supported", "frozen sets need an SQLite archive")
        frozen = freeze(store.conn, q, name, filters=filters, scope=scope, note=note)
    return {**frozen.summary(), "manifest": frozen.manifest}


def _load(request: Request, name: str) -> Any:
    from wiredesk.query.frozen import load_frozen

    try:
        return load_frozen(_conn(request), name)
    except UsageError as exc:
        raise ApiProblem(404, "not-found", exc.why) from None


@router.get("/frozen/{name}/manifest", summary="A frozen set's manifest")
def frozen_manifest(request: Request, name: str) -> dict[str, Any]:
    """Query, filters, scope, time, archive state, counts, versions, wiredesk version, checksum."""
    manifest: dict[str, Any] = _load(request, name).manifest
    return manifest


@router.get("/frozen/{name}/counts", summary="A frozen set's counts with shares")
def frozen_counts_route(
    request: Request, name: str, by: Literal["day", "week", "month"] | None = None
) -> dict[str, Any]:
    """Counts per day/week/month with the denominators frozen along with the set."""
    from wiredesk.query.frozen import frozen_counts

    frozen = _load(request, name)
    return {"name": frozen.name, "id": frozen.set_id, "by": by, "counts": frozen_counts(frozen, by)}


@router.get(
    "/frozen/{name}",
    summary="A frozen set's items (full text)",
    responses={200: {"description": "JSON, JSONL or CSV.", "content": _content("csv", "jsonl")}},
)
def frozen_items(
    request: Request, name: str, format: Literal["json", "jsonl", "csv"] = "json"
) -> Any:
    """The items exactly as frozen (the matched version's text), in (id, version) order."""
    import csv

    from wiredesk.query.frozen import RECORD_FIELDS, canonical_line

    frozen = _load(request, name)
    recs = list(frozen.records)
    if format == "json":
        return {**frozen.summary(), "items": recs}
    if format == "jsonl":
        body = "".join(canonical_line(r) + "\n" for r in recs)
    else:
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(RECORD_FIELDS)
        for r in recs:
            w.writerow(
                [
                    "/".join(v) if isinstance(v, list) else ("" if v is None else v)
                    for v in (r.get(k) for k in RECORD_FIELDS)
                ]
            )
        body = out.getvalue()
    return Response(body.encode("utf-8"), media_type=MEDIA[format])


# -- web pages --------------------------------------------------------------------------------


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("title", "wiredesk")
    context["path"] = request.url.path
    return HTMLResponse(env.get_template(template).render(**context), status_code=status)


@pages.get("/explain", response_class=HTMLResponse)
def explain_page(
    request: Request, q: Annotated[str | None, Query(max_length=2000)] = None
) -> HTMLResponse:
    """The explanation of a query, or the error with a caret under its position."""
    query = (q or "").strip()
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    status = 200
    if query:
        try:
            result = explanation(_conn(request), query)
        except QuerySyntaxError as exc:
            status = 400
            error = {
                "column": exc.column,
                "message": exc.why.removeprefix(f"column {exc.column}: "),
                "before": query[: max(exc.column - 1, 0)],
                "at": query[max(exc.column - 1, 0) : exc.column] or " ",
                "after": query[exc.column :],
            }
    return _render(
        request,
        "workbench_explain.html",
        status=status,
        title="Explain · wiredesk",
        q=query,
        result=result,
        error=error,
    )


@pages.get("/items/{item_id}/diff", response_class=HTMLResponse)
def diff_page(request: Request, item_id: str) -> HTMLResponse:
    """What changed between an item's versions, word by word, and why they were merged."""
    from wiredesk.dedup.diff import version_diffs
    from wiredesk.dedup.why import explain_merges

    detail = request.app.state.access.reader().item(item_id)
    if detail is None:
        raise ApiProblem(404, "not-found", f"There is no item with id {item_id!r} in this archive.")
    return _render(
        request,
        "workbench_diff.html",
        title=f"Versions of {detail.headline or detail.id}",
        item=detail,
        diffs=version_diffs(detail.versions),
        merges=explain_merges(detail),
    )


@pages.get("/shares", response_class=HTMLResponse)
def shares_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=4000)] = None,
    by: Literal["day", "week", "month"] = "week",
    no_merge: bool = False,
    wire: Wire = "all",
) -> HTMLResponse:
    """A normalised chart: each query's share of all items per interval (per 10,000 items)."""
    from wiredesk.query.scope import Scope
    from wiredesk.query.shares import share_counts, wide_rows

    lines = [line.strip() for line in (q or "").splitlines() if line.strip()][:8]
    error = None
    chart = None
    table: tuple[list[str], list[list[Any]]] | None = None
    results: list[Any] = []
    if lines:
        try:
            results = share_counts(
                _conn(request), lines, by=by, scope=Scope(merge=not no_merge, wire=wire)
            )
        except QuerySyntaxError as exc:
            error = f"{exc.query}: {exc.why}"
        if results:
            series = [
                Series(r.label, tuple((b.key, round((b.share or 0) * 10_000)) for b in r.buckets))
                for r in results
            ]
            if any(s.buckets for s in series):
                chart = build_chart(series)
            table = wide_rows(results)
    return _render(
        request,
        "workbench_shares.html",
        title="Shares · wiredesk",
        q="\n".join(lines),
        by=by,
        no_merge=no_merge,
        wire=wire,
        error=error,
        chart=chart,
        table=table,
        results=results,
    )


@pages.get("/frozen", response_class=HTMLResponse)
def frozen_page(
    request: Request,
    name: Annotated[str | None, Query(max_length=200)] = None,
    by: Literal["day", "week", "month"] = "week",
) -> HTMLResponse:
    """The frozen sets; with `name`, one set's manifest, counts and share chart."""
    from wiredesk.query.frozen import frozen_counts, list_frozen, load_frozen

    conn = _conn(request)
    chosen = None
    rows: list[dict[str, Any]] = []
    chart = None
    if name:
        try:
            chosen = load_frozen(conn, name)
        except UsageError as exc:
            raise ApiProblem(404, "not-found", exc.why) from None
        rows = frozen_counts(chosen, by)
        points = tuple((r["key"], round((r["share"] or 0) * 10_000)) for r in rows[1:])
        if points:
            chart = build_chart([Series(chosen.name, points)])
    return _render(
        request,
        "workbench_frozen.html",
        title="Frozen sets · wiredesk",
        sets=list_frozen(conn),
        chosen=chosen,
        rows=rows,
        by=by,
        chart=chart,
    )
