"""Web pages of the enrichment: entities, stories (timeline and storyline) and the dateline map.

Server-rendered like the rest of the UI (inline SVG charts and map, no JavaScript needed);
each page reads its thread's archive handle in its own body.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from wiredesk.archive import Archive
from wiredesk.errors import QuerySyntaxError, UsageError
from wiredesk.serve import enrich_views
from wiredesk.serve.chart import Series, build_chart
from wiredesk.serve.map_svg import REGIONS, MapPoint, display_name, map_svg
from wiredesk.serve.problems import ApiProblem
from wiredesk.serve.routes_enrich import entity_detail, story_detail
from wiredesk.serve.timefmt import interval_words, published_label
from wiredesk.serve.web import INTERVALS, _access, _interval, _render, auto_interval, regroup

router = APIRouter(include_in_schema=False)

TIMELINE_SHOWN = 40  # longer timelines fold the rest away
KINDS = (("", "All"), ("person", "People"), ("org", "Organisations"))


def entity_href(entity_id: str) -> str:
    """The path of an entity's page."""
    return "/entities/" + quote(entity_id, safe=":")


def search_href(query: str) -> str:
    """The search page for a query."""
    return "/?" + urlencode({"q": query})


def _globals() -> dict[str, Any]:
    return {"entity_href": entity_href, "search_href": search_href}


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: str = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> HTMLResponse:
    """People and organisations by number of items, with a name filter."""
    archive = _access(request).reader()
    kind = kind if kind in dict(KINDS) else ""
    size = 60
    total, rows = enrich_views.entities(
        archive,
        q=(q or "").strip() or None,
        kind=kind or None,
        limit=size,
        offset=(page - 1) * size,
    )
    last = max(1, -(-total // size))

    def link(**changes: Any) -> str:
        params = {"q": (q or "").strip(), "kind": kind, "page": page, **changes}
        kept = {k: v for k, v in params.items() if v not in ("", None, 1)}
        return "/entities" + (f"?{urlencode(kept)}" if kept else "")

    most = max((r["items"] for r in rows), default=1)
    return _render(
        request,
        "entities.html",
        title="People and organisations · wiredesk",
        rows=rows,
        total=total,
        q=(q or "").strip(),
        kind=kind,
        kinds=KINDS,
        most=most,
        enrich_status=enrich_views.enrichment_status(archive),
        page=page,
        last=last,
        link=link,
        **_globals(),
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, by: str = "auto") -> HTMLResponse:
    """An entity: names, a chart of items over time, latest items, co-mentioned entities."""
    archive = _access(request).reader()
    found = entity_detail(archive, entity_id, by="day", latest=12)
    if found is None:
        raise ApiProblem(
            404,
            "not-found",
            f"No person or organisation {entity_id!r} is known "
            "in this archive (after `wiredesk enrich`).",
        )
    by = by if by in dict(INTERVALS) else "auto"
    days = [(b.key, b.count) for b in found.counts]
    chart_by = auto_interval([k for k, _ in days]) if by == "auto" else by
    chart = build_chart([Series(found.name, tuple(regroup(days, chart_by)))]) if days else None
    most = max((c.items for c in found.co_mentioned), default=1)
    return _render(
        request,
        "entity.html",
        title=f"{found.name} · wiredesk",
        entity=found,
        chart=chart,
        chart_by=chart_by,
        chart_series=[],
        intervals=INTERVALS,
        form={"by": by},
        interval_link=lambda b: f"{entity_href(entity_id)}?by={b}",
        latest=[(h, published_label(_interval(h.published))) for h in found.latest],
        most=most,
        **_globals(),
    )


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request, min_items: Annotated[int, Query(ge=1, le=10_000)] = 2
) -> HTMLResponse:
    """The biggest stories, newest first among equals."""
    archive = _access(request).reader()
    rows = enrich_views.stories(archive, limit=100, min_items=min_items)
    return _render(
        request,
        "stories.html",
        title="Stories · wiredesk",
        rows=rows,
        min_items=min_items,
        enrich_status=enrich_views.enrichment_status(archive),
        **_globals(),
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    """A story: its items on a timeline, the storyline it belongs to, its entities and places."""
    archive = _access(request).reader()
    found = story_detail(archive, story_id)
    if found is None:
        raise ApiProblem(404, "not-found", f"There is no story {story_id!r} in this archive.")
    timeline = [
        (i, published_label(_interval(i.published)), interval_words(_interval(i.published)))
        for i in found.items
    ]
    title = found.headline or story_id
    per_day: dict[str, int] = {}
    for i in found.items:
        if i.published.latest is not None:
            key = i.published.latest.date().isoformat()
            per_day[key] = per_day.get(key, 0) + 1
    chart = (
        build_chart([Series("Items", tuple(sorted(per_day.items())))]) if len(per_day) > 1 else None
    )
    return _render(
        request,
        "story.html",
        title=f"{title} · wiredesk",
        story=found,
        story_title=title,
        timeline=timeline,
        shown=TIMELINE_SHOWN,
        chart=chart,
        chart_by="day",
        chart_series=[],
        intervals=(),
        form={"by": "day"},
        interval_link=lambda b: "",
        **_globals(),
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, region: str = "world") -> HTMLResponse:
    """Dateline places on a world map, circles sized by their number of items."""
    archive = _access(request).reader()
    region = region if region in REGIONS else "world"
    places = enrich_views.map_places(archive)
    points = [
        MapPoint(
            name=display_name(p["as_written"][0]),
            country=p["country"],
            lat=p["lat"],
            lon=p["lon"],
            items=p["items"],
            href="/?" + urlencode({"place": p["as_written"][0]}),
        )
        for p in places
    ]
    svg = map_svg(points, title=f"Dateline places: {REGIONS[region][0]}", region=region)
    return _render(
        request,
        "map.html",
        title="Map of datelines · wiredesk",
        svg=svg,
        places=places[:40],
        total_places=len(places),
        regions=[(k, v[0]) for k, v in REGIONS.items()],
        region=region,
        enrich_status=enrich_views.enrichment_status(archive),
        place_href=lambda written: "/?" + urlencode({"place": written}),
        **_globals(),
    )


def item_annotations_context(request: Request, item_id: str) -> dict[str, Any] | None:
    """The enrichment box of an item page (None when the item is not enriched)."""
    return enrich_views.item_annotations(_access(request).reader(), item_id)


def search_facets(
    archive: Archive, query: str | None, filtered: str | None
) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """People, organisations and countries of a search's hits, as (title, [(label, n, href)]).

    Args:
        archive: the reader.
        query: the query as typed (links narrow it), None for filters only.
        filtered: the query with the filters folded in (what is counted).
    """
    if filtered is None or enrich_views.enrich_conn(archive) is None:
        return []
    base = f"({query}) AND " if query else ""
    out: list[tuple[str, list[tuple[str, int, str]]]] = []
    try:
        people = archive.count(filtered, by="entity")[0].buckets
        countries = archive.count(filtered, by="country")[0].buckets
    except (QuerySyntaxError, UsageError):
        return []
    names = enrich_views.entity_names(archive, [b.key for b in people[:16]])
    for title, prefix in (("People", "person:"), ("Organisations", "org:")):
        rows = [
            (names.get(b.key, b.key), b.count, search_href(f'{base}entity:"{b.key}"'))
            for b in people
            if b.key.startswith(prefix)
        ][:6]
        if rows:
            out.append((title, rows))
    if countries:
        out.append(
            (
                "Dateline countries",
                [(b.key, b.count, search_href(f"{base}country:{b.key}")) for b in countries[:8]],
            )
        )
    return out
