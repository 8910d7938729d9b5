"""The web UI: server-rendered pages over the same presenters as the JSON routes.

Every page reads without JavaScript; the chart is inline SVG drawn on the server. Jinja2
autoescaping is on for every template, so text from items is always shown as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from wiredesk.archive import Archive
from wiredesk.errors import QuerySyntaxError, UsageError
from wiredesk.model import Interval
from wiredesk.serve import enrich_views, presenters, schemas
from wiredesk.serve.access import ArchiveAccess
from wiredesk.serve.ages import age_as_of
from wiredesk.serve.chart import Series, build_chart
from wiredesk.serve.highlight import excerpt, inline_code, paragraphs, snippet_html
from wiredesk.serve.openapi_page import operations
from wiredesk.serve.problems import ApiProblem
from wiredesk.serve.query_compose import filtered_query
from wiredesk.serve.requests import Filters, clean, query_lines
from wiredesk.serve.settings import ServeSettings
from wiredesk.serve.timefmt import interval_words, iso, published_label, short_moment

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["snippet"] = lambda parts: snippet_html((p.text, p.match) for p in parts)
env.filters["moment"] = short_moment
env.filters["iso"] = iso
env.filters["paragraphs"] = paragraphs
env.filters["excerpt"] = excerpt
env.filters["code"] = inline_code
env.filters["thousands"] = lambda n: f"{int(n):,}".replace(",", " ")

router = APIRouter(include_in_schema=False)

SORTS: tuple[tuple[str, str], ...] = (
    ("relevance", "Best match"),
    ("newest", "Newest"),
    ("oldest", "Oldest"),
)
INTERVALS: tuple[tuple[str, str], ...] = (
    ("auto", "Auto"),
    ("day", "Day"),
    ("week", "Week"),
    ("month", "Month"),
)
FACETS: tuple[tuple[str, str], ...] = (
    ("section", "Sections"),
    ("place", "Places"),
    ("agency", "Agencies"),
)


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("title", "wiredesk")
    context["path"] = request.url.path
    context["snippets_only"] = bool(getattr(request.state, "snippets_only", False))
    html = env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)


def _access(request: Request) -> ArchiveAccess:
    access: ArchiveAccess = request.app.state.access
    return access


def _settings(request: Request) -> ServeSettings:
    settings: ServeSettings = request.app.state.settings
    return settings


async def error_page(request: Request, problem: ApiProblem) -> Response:
    """A problem shown as a page (for browsers)."""
    return _render(
        request,
        "error.html",
        status=problem.status,
        title=f"{problem.title} · wiredesk",
        problem=problem,
    )


# -- the search form ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormError:
    """A mistake in the form, shown under the field it is about."""

    field: str
    message: str
    column: int | None = None
    line: str | None = None


def _parse_day(value: str | None, field: str, errors: list[FormError]) -> date | None:
    value = clean(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(FormError(field, f"{value!r} is not a date: use YYYY-MM-DD"))
        return None


def _query_error(field: str, exc: QuerySyntaxError) -> FormError:
    return FormError(field, exc.why.removeprefix(f"column {exc.column}: "), exc.column, exc.query)


def _series_for(
    lines: Sequence[str], results: Sequence[schemas.CountSeries], by: str
) -> list[Series]:
    out = []
    for r in results:
        buckets = regroup(((b.key, b.count) for b in r.buckets), by)
        out.append(Series(r.label, tuple(buckets)))
    return out


def regroup(day_buckets: Any, by: str) -> list[tuple[str, int]]:
    """Day buckets (`2024-03-05`) summed into ISO weeks (`2024-W10`) or months (`2024-03`)."""
    totals: dict[str, int] = {}
    for key, n in day_buckets:
        d = date.fromisoformat(key)
        if by == "week":
            year, week, _ = d.isocalendar()
            k = f"{year}-W{week:02d}"
        elif by == "month":
            k = f"{d.year}-{d.month:02d}"
        else:
            k = key
        totals[k] = totals.get(k, 0) + n
    return sorted(totals.items())


def auto_interval(day_keys: Sequence[str]) -> str:
    """Days for up to two months of data, weeks up to a year, months beyond."""
    if not day_keys:
        return "day"
    first, last = date.fromisoformat(min(day_keys)), date.fromisoformat(max(day_keys))
    span = (last - first).days
    return "day" if span <= 62 else "week" if span <= 366 else "month"


def _pages(current: int, last: int) -> list[int | None]:
    """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    wanted = {1, last, *range(current - 2, current + 3)}
    out: list[int | None] = []
    prev = 0
    for n in sorted(p for p in wanted if 1 <= p <= last):
        if n - prev > 1:
            out.append(None)
        out.append(n)
        prev = n
    return out


def _link(base: str, params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    defaults = (None, "", "auto", "relevance", "hits", 1)
    kept = {k: v for k, v in merged.items() if v not in defaults}
    return f"{base}?{urlencode(kept)}" if kept else base


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=2000)] = None,
    sort: str = "relevance",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    date_from: str | None = None,
    date_to: str | None = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    section: Annotated[str | None, Query(max_length=200)] = None,
    by: str = "auto",
    compare: Annotated[str | None, Query(max_length=4000)] = None,
    view: str = "hits",
) -> HTMLResponse:
    """The search page (the overview when there is no query)."""
    settings = _settings(request)
    archive = _access(request).reader()
    errors: list[FormError] = []
    filters = Filters(
        _parse_day(date_from, "date_from", errors),
        _parse_day(date_to, "date_to", errors),
        clean(place),
        clean(agency),
        clean(section),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors.append(FormError("date_to", "the end date is before the start date"))
    sort = sort if sort in dict(SORTS) else "relevance"
    by = by if by in dict(INTERVALS) else "auto"
    view = view if view in ("hits", "kwic") else "hits"
    query = clean(q)
    compare_lines = query_lines(compare)
    form = {
        "q": query or "",
        "sort": sort,
        "date_from": clean(date_from) or "",
        "date_to": clean(date_to) or "",
        "place": filters.place or "",
        "agency": filters.agency or "",
        "section": filters.section or "",
        "by": by,
        "compare": "\n".join(compare_lines),
        "view": view,
    }
    if query is None and not compare_lines and not filters.active and not errors:
        return _overview(request, archive, settings, form=form, home=True)

    result: schemas.SearchOut | None = None
    kwic: list[schemas.KwicLineOut] = []
    facets: dict[str, list[tuple[str, int]]] = {}
    search_query = query or ("*" if filters.active else None)
    if search_query is not None and not any(e.field.startswith("date") for e in errors):
        size = settings.page_size
        offset = min((page - 1) * size, settings.max_offset)
        try:
            found = archive.search(
                search_query, limit=size, offset=offset, sort=sort, **filters.kwargs()
            )
            result = presenters.search_out(found, sort)  # type: ignore[arg-type]
            if view == "kwic" and result.total:
                lines = archive.kwic(search_query, width=10, limit=200, **filters.kwargs())
                kwic = presenters.kwic_out(search_query, lines).lines
            if result.total:
                for name, _ in FACETS:
                    counted = archive.count(search_query, by=name, **filters.kwargs())[0]
                    facets[name] = [(b.key, b.count) for b in counted.buckets[:8]]
        except QuerySyntaxError as exc:
            errors.append(_query_error("q", exc))
        except UsageError as exc:
            errors.append(FormError("q", f"{exc.what}: {exc.why}"))

    chart, chart_by, chart_series = _chart(archive, query, compare_lines, filters, by, errors)
    params = {k: v for k, v in form.items()}
    pagination = None
    if result is not None and result.total > settings.page_size:
        last = min(
            -(-result.total // settings.page_size), settings.max_offset // settings.page_size + 1
        )
        pagination = {
            "current": page,
            "last": last,
            "pages": [
                (n, _link("/", params, page=n)) if n else (None, None) for n in _pages(page, last)
            ],
            "prev": _link("/", params, page=page - 1) if page > 1 else None,
            "next": _link("/", params, page=page + 1) if page < last else None,
        }
    export_q = filtered_query(query, filters)
    exports = [
        (
            fmt.upper(),
            "/api/export?" + urlencode({"format": fmt, **({"q": export_q} if export_q else {})}),
        )
        for fmt in ("csv", "jsonl", "parquet")
    ]
    from wiredesk.serve.web_enrich import search_facets

    title = f"{query} · wiredesk" if query else "Search · wiredesk"
    return _render(
        request,
        "search.html",
        title=title,
        form=form,
        errors=errors,
        error_for={e.field: e for e in errors},
        result=result,
        hits=[
            (h, published_label(_interval(h.published)), interval_words(_interval(h.published)))
            for h in (result.hits if result else [])
        ],
        facets=[(name, label, facets.get(name, [])) for name, label in FACETS],
        enrich_facets=(  # people, organisations, countries of the hits (web_enrich.py)
            search_facets(archive, query, filtered_query(query, filters) or "*")
            if result is not None and result.total
            else []
        ),
        facet_link=lambda name, key: _link("/", params, **{name: key}, page=1),
        clear_link=lambda name: _link("/", params, **{name: None}, page=1),
        sorts=SORTS,
        sort_link=lambda s: _link("/", params, sort=s, page=1),
        view_link=lambda v: _link("/", params, view=None if v == "hits" else v, page=1),
        kwic=kwic,
        intervals=INTERVALS,
        interval_link=lambda b: _link("/", params, by=b),
        chart=chart,
        chart_by=chart_by,
        chart_series=chart_series,
        pagination=pagination,
        exports=exports,
        filters=filters,
    )


def _interval(p: schemas.Published) -> Interval:
    return Interval(p.earliest, p.latest)


def _chart(
    archive: Archive,
    query: str | None,
    compare_lines: list[str],
    filters: Filters,
    by: str,
    errors: list[FormError],
) -> tuple[Any, str, list[schemas.CountSeries]]:
    lines = compare_lines or ([query] if query else [])
    if not lines or (
        any(e.field in ("q", "date_from", "date_to") for e in errors) and not compare_lines
    ):
        return None, by, []
    try:
        counted = archive.count(lines[:8], by="day", **filters.kwargs())
    except QuerySyntaxError as exc:
        errors.append(_query_error("compare" if compare_lines else "q", exc))
        return None, by, []
    series_out = presenters.count_out(counted, "day").series
    if by == "auto":
        by = auto_interval([b.key for s in series_out for b in s.buckets])
    chart = build_chart(_series_for(lines, series_out, by))
    return chart, by, series_out


# -- overview -------------------------------------------------------------------------------


def _overview(
    request: Request,
    archive: Archive,
    settings: ServeSettings,
    *,
    form: dict[str, Any] | None = None,
    home: bool = False,
) -> HTMLResponse:
    now = settings.clock()
    stats = presenters.stats_out(archive.stats())
    latest = [presenters.hit_out(h) for h in archive.latest(limit=settings.latest_limit)]
    problems = [presenters.problem_record_out(p) for p in archive.problems(limit=15)]
    sections: list[tuple[str, int]] = []
    if stats.items:
        try:
            counted = archive.count("*", by="section")[0]
            sections = [(b.key, b.count) for b in counted.buckets[:12]]
        except QuerySyntaxError:  # pragma: no cover - "*" always parses
            sections = []
    return _render(
        request,
        "overview.html",
        title="wiredesk",
        home=home,
        form=form or {"q": "", "sort": "relevance", "by": "auto", "compare": ""},
        errors=[],
        error_for={},
        stats=stats,
        latest=[(h, age_as_of(_interval(h.published), now)) for h in latest],
        problems=problems,
        sections=sections,
        section_link=lambda s: _link("/", {}, section=s),
        top_entities=enrich_views.entities(archive, limit=10)[1] if stats.items else [],
        collector=_collector_counters(archive),
    )


def _collector_counters(archive: Archive) -> dict[str, Any]:
    """The live collector's counters, or {} when the `collect` extra is not installed."""
    try:
        from wiredesk.sources.collect.collector import collector_counters
    except ImportError:
        return {}
    return collector_counters(archive)


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    """Counts, the latest items and recent problems."""
    return _overview(request, _access(request).reader(), _settings(request))


# -- item -----------------------------------------------------------------------------------


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, item_id: str) -> HTMLResponse:
    """An item as the portal shows it, then `Meer uit <Section>`, versions and sightings."""
    settings = _settings(request)
    archive = _access(request).reader()
    detail = archive.item(item_id)
    if detail is None:
        raise ApiProblem(404, "not-found", f"There is no item with id {item_id!r} in this archive.")
    item = presenters.item_out(detail)
    now = settings.clock()
    more: list[tuple[schemas.HitOut, str | None]] = []
    if item.section:
        for hit in archive.latest(section=item.section, limit=settings.latest_limit + 1):
            if hit.id != item.id and len(more) < settings.latest_limit:
                more.append((presenters.hit_out(hit), age_as_of(hit.published, now)))
    published = _interval(item.published)
    return _render(
        request,
        "item.html",
        title=f"{item.headline or item.dateline or item.id} · wiredesk",
        item=item,
        published_words=interval_words(published),
        published_label=published_label(published),
        age=age_as_of(published, now),
        more=more,
        now=now,
        section_link=_link("/", {}, section=item.section) if item.section else None,
        shown_sightings=25,
        max_sightings=500,
        shown_versions=5,
        annotations=enrich_views.item_annotations(archive, item.id),  # entities, places, story
    )


# -- help and API docs ----------------------------------------------------------------------


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> HTMLResponse:
    """The query language in brief, with examples that link to their results."""
    return _render(request, "help.html", title="Query language · wiredesk")


@router.get("/docs", response_class=HTMLResponse)
def api_docs_page(request: Request) -> HTMLResponse:
    """The HTTP API's operations, rendered from /openapi.json (no CDN, no JavaScript)."""
    spec = request.app.openapi()
    return _render(
        request,
        "api.html",
        title="HTTP API · wiredesk",
        info=spec.get("info", {}),
        operations=operations(spec),
    )
