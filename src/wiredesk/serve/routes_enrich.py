"""JSON routes of the enrichment: entities, stories, places, the dateline map, item annotations.

Like every route, each endpoint opens its own thread's archive handle in its body (never
in a dependency: see `ArchiveAccess.reader`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam

from wiredesk.archive import Archive
from wiredesk.serve import enrich_views, presenters
from wiredesk.serve import schemas_enrich as out
from wiredesk.serve.problems import ApiProblem
from wiredesk.serve.routes_api import _PROBLEM, ERRORS
from wiredesk.serve.schemas import Published
from wiredesk.store.base import parse_iso

router = APIRouter(prefix="/api", responses=ERRORS, tags=["enrichment"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {**_PROBLEM, "description": "Not found."}}

EXCERPT_CHARS = 200
Interval = Literal["day", "week", "month"]
EntityId = Annotated[
    str, PathParam(min_length=1, max_length=200, description="`person:<slug>` or `org:<slug>`.")
]
StoryId = Annotated[str, PathParam(min_length=1, max_length=200, description="`story-N`.")]


def _reader(request: Request) -> Archive:
    archive: Archive = request.app.state.access.reader()
    return archive


def _status(archive: Archive) -> out.EnrichmentStatus:
    """How far enrichment has run, for the lists that depend on it."""
    return out.EnrichmentStatus(**enrich_views.enrichment_status(archive))


def entity_detail(
    archive: Archive, entity_id: str, by: str = "month", latest: int = 10
) -> out.EntityOut | None:
    """An entity with its counts over time and latest items (shared with the web page)."""
    found = enrich_views.entity(archive, entity_id)
    if found is None:
        return None
    counted = archive.count(found["query"], by=by)[0]
    hits = archive.search(found["query"], sort="newest", limit=latest, snippets=False).hits
    return out.EntityOut(
        id=found["id"],
        kind=found["kind"],
        name=found["name"],
        aliases=found["aliases"],
        items=found["items"],
        mentions=found["mentions"],
        query=found["query"],
        by=by,
        counts=[out.KeyCount(key=b.key, count=b.count) for b in counted.buckets],
        co_mentioned=[out.EntityRef(**c) for c in found["co_mentioned"]],
        countries=[out.KeyCount(**c) for c in found["countries"]],
        # Lead excerpts, not full bodies (those are /api/items/{id}, under the read policy).
        latest=[presenters.hit_out(replace(h, body=h.body[:EXCERPT_CHARS])) for h in hits],
    )


def story_detail(archive: Archive, story_id: str) -> out.StoryOut | None:
    """A story's timeline, storyline, entities and places (shared with the web page)."""
    found = enrich_views.story(archive, story_id)
    if found is None:
        return None
    return out.StoryOut(
        id=found["id"],
        headline=found["headline"],
        storyline=found["storyline"],
        items=[
            out.StoryItem(
                id=i["id"],
                headline=i["headline"],
                excerpt=i["excerpt"],
                places=i["places"],
                published=Published(
                    earliest=parse_iso(i["published"]["earliest"]),
                    latest=parse_iso(i["published"]["latest"]),
                ),
                url=f"/items/{i['id']}",
            )
            for i in found["items"]
        ],
        storyline_stories=[out.StorylineStory(**s) for s in found["storyline_stories"]],
        entities=[out.EntityRef(**e) for e in found["entities"]],
        places=[out.PlaceCount(**p) for p in found["places"]],
    )


@router.get("/entities", response_model=out.EntitiesOut, summary="People and organisations")
def entities(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of a name or alias (any case).")
    ] = None,
    kind: Annotated[Literal["person", "org"] | None, Query(description="Only this kind.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> out.EntitiesOut:
    """Entities by the number of items naming them, most first (after `wiredesk enrich`)."""
    archive = _reader(request)
    total, rows = enrich_views.entities(
        archive, q=q.strip() if q and q.strip() else None, kind=kind, limit=limit, offset=offset
    )
    return out.EntitiesOut(
        total=total,
        offset=offset,
        entities=[out.EntitySummary(**r) for r in rows],
        status=_status(archive),
    )


@router.get(
    "/entities/{entity_id}",
    response_model=out.EntityOut,
    summary="One person or organisation",
    responses=NOT_FOUND,
)
def entity(
    request: Request,
    entity_id: EntityId,
    by: Annotated[Interval, Query(description="Interval of the counts.")] = "month",
    latest: Annotated[int, Query(ge=0, le=100, description="How many latest items.")] = 10,
) -> out.EntityOut:
    """Names, items per day/week/month, latest items, co-mentioned entities, countries."""
    found = entity_detail(_reader(request), entity_id, by, latest)
    if found is None:
        raise ApiProblem(404, "not-found", f"no entity {entity_id!r}")
    return found


@router.get("/stories", response_model=out.StoriesOut, summary="Stories")
def stories(
    request: Request,
    min_items: Annotated[int, Query(ge=1, le=10_000, description="Smallest story shown.")] = 2,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> out.StoriesOut:
    """Stories (items about one event) by size, then newest (after `wiredesk enrich`)."""
    archive = _reader(request)
    rows = enrich_views.stories(archive, limit=limit, min_items=min_items)
    return out.StoriesOut(
        stories=[out.StorySummary(**r) for r in rows],
        status=_status(archive),
    )


@router.get(
    "/stories/{story_id}",
    response_model=out.StoryOut,
    summary="One story: timeline and storyline",
    responses=NOT_FOUND,
)
def story(request: Request, story_id: StoryId) -> out.StoryOut:
    """The story's items in time order, the stories of its storyline, entities and places."""
    found = story_detail(_reader(request), story_id)
    if found is None:
        raise ApiProblem(404, "not-found", f"no story {story_id!r}")
    return found


@router.get("/places", response_model=out.PlacesOut, summary="Dateline places")
def places(
    request: Request,
    unresolved: Annotated[bool, Query(description="Only places the gazetteer lacks.")] = False,
) -> out.PlacesOut:
    """Every dateline place as written, resolved, with its item count (`wiredesk places`)."""
    rows = _reader(request).places(unresolved=unresolved)
    return out.PlacesOut(places=[out.PlaceOut(**r) for r in rows])


@router.get("/map", response_model=out.MapOut, summary="Dateline places on the map")
def map_places(request: Request) -> out.MapOut:
    """Resolved dateline places with coordinates and item counts (after `wiredesk enrich`)."""
    archive = _reader(request)
    return out.MapOut(
        places=[out.MapPlace(**p) for p in enrich_views.map_places(archive)],
        status=_status(archive),
    )


@router.get(
    "/items/{item_id}/annotations",
    response_model=out.ItemAnnotationsOut,
    summary="Entities, places and story of one item",
    responses=NOT_FOUND,
)
def item_annotations(
    request: Request,
    item_id: Annotated[str, PathParam(min_length=1, max_length=200, description="Item id.")],
) -> out.ItemAnnotationsOut:
    """What enrichment found in the item (404 when the item is unknown or not enriched yet)."""
    found = enrich_views.item_annotations(_reader(request), item_id)
    if found is None:
        raise ApiProblem(404, "not-found", f"no enriched item {item_id!r}")
    return out.ItemAnnotationsOut(
        id=item_id,
        story=found["story"],
        storyline=found["storyline"],
        story_items=found["story_items"],
        entities=[out.ItemEntity(**e) for e in found["entities"]],
        places=[out.ItemPlace(**p) for p in found["places"]],
    )
