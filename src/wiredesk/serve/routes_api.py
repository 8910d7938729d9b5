"""The JSON routes under /api: thin wrappers that validate, call the Archive and present."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse

from wiredesk.archive import Archive
from wiredesk.model import Page, SourceRef
from wiredesk.serve import presenters, schemas
from wiredesk.serve.access import ArchiveAccess
from wiredesk.serve.auth import Caller
from wiredesk.serve.auth_deps import require_writer
from wiredesk.serve.export_stream import EXPORT_MEDIA_TYPES, stream_export
from wiredesk.serve.problems import PROBLEM_MEDIA_TYPE, ApiProblem
from wiredesk.serve.requests import Filters
from wiredesk.serve.settings import ServeSettings

_PROBLEM = {"model": schemas.Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}
# Every route may answer with these; FastAPI adds no other 422 shape when 422 is listed.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {**_PROBLEM, "description": "Bad query (a syntax error names its column)."},
    422: {**_PROBLEM, "description": "Invalid parameters."},
}

router = APIRouter(prefix="/api", responses=ERRORS)

QueryText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=2000,
        description="A query in the wiredesk query language (see docs/query-language.md).",
    ),
]
DateFrom = Annotated[date | None, Query(description="Items published on or after this day.")]
DateTo = Annotated[date | None, Query(description="Items published on or before this day.")]
Place = Annotated[str | None, Query(max_length=200, description="Dateline place, as written.")]
Agency = Annotated[str | None, Query(max_length=200, description="Agency, e.g. ANP or AFP.")]
Section = Annotated[str | None, Query(max_length=200, description="Portal section.")]


def get_access(request: Request) -> ArchiveAccess:
    """The app's archive handles."""
    access: ArchiveAccess = request.app.state.access
    return access


def get_settings(request: Request) -> ServeSettings:
    """The app's settings."""
    settings: ServeSettings = request.app.state.settings
    return settings


def reader(request: Request) -> Archive:
    """The read handle of the thread running the endpoint.

    Not a dependency: FastAPI may run a sync dependency on another pool thread than the
    endpoint, and one SQLite connection used from two threads at once can deadlock.
    """
    access: ArchiveAccess = request.app.state.access
    return access.reader()


Settings = Annotated[ServeSettings, Depends(get_settings)]


def _filters(
    date_from: DateFrom = None,
    date_to: DateTo = None,
    place: Place = None,
    agency: Agency = None,
    section: Section = None,
) -> Filters:
    if date_from and date_to and date_from > date_to:
        raise ApiProblem(400, "bad-filter", "date_from is after date_to")
    return Filters(date_from, date_to, place, agency, section)


FiltersDep = Annotated[Filters, Depends(_filters)]


@router.get("/search", response_model=schemas.SearchOut, summary="Search items")
def search(
    request: Request,
    settings: Settings,
    filters: FiltersDep,
    q: QueryText,
    limit: Annotated[int, Query(ge=1, le=100, description="Hits per page (at most 100).")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="Hits to skip.")] = 0,
    sort: Annotated[schemas.SortOrder, Query(description="Order of the hits.")] = "relevance",
) -> schemas.SearchOut:
    """Items matching `q`, best first (or newest/oldest first), with highlighted snippets."""
    limit = min(limit, settings.max_limit)
    archive = reader(request)
    result = archive.search(q, limit=limit, offset=offset, sort=sort, **filters.kwargs())
    return presenters.search_out(result, sort)


@router.get("/count", response_model=schemas.CountOut, summary="Count items per interval or facet")
def count(
    request: Request,
    settings: Settings,
    filters: FiltersDep,
    q: Annotated[
        list[str],
        Query(
            min_length=1,
            max_length=8,
            description="Queries, each optionally labelled: `Rusland# poetin OR rusland`.",
        ),
    ],
    by: Annotated[schemas.CountBy | None, Query(description="Group the counts.")] = None,
) -> schemas.CountOut:
    """How many items each (labelled) query matches, per day/week/month/place/agency/section."""
    queries = [line for line in q if line.strip()]
    if not queries:
        raise ApiProblem(400, "bad-query", "give at least one non-empty query")
    if len(queries) > settings.max_count_queries:
        raise ApiProblem(400, "too-many-queries", f"at most {settings.max_count_queries} queries")
    archive = reader(request)
    results = archive.count(queries, by=by, **filters.kwargs())
    return presenters.count_out(results, by)


@router.get("/kwic", response_model=schemas.KwicOut, summary="Keywords in context")
def kwic(
    request: Request,
    settings: Settings,
    q: QueryText,
    width: Annotated[int, Query(ge=1, le=40, description="Words either side.")] = 8,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most lines.")] = 100,
) -> schemas.KwicOut:
    """Each match of `q` with the words around it."""
    archive = reader(request)
    lines = archive.kwic(q, width=width, limit=min(limit, settings.max_kwic))
    return presenters.kwic_out(q, lines)


@router.get(
    "/items/{item_id}",
    response_model=schemas.ItemOut,
    summary="One item with its versions and sightings",
    responses={404: {**_PROBLEM, "description": "No such item."}},
)
def item(
    request: Request,
    item_id: Annotated[str, PathParam(min_length=1, max_length=200, description="Item id.")],
) -> schemas.ItemOut:
    """The item, every text version of it and every page it was seen on."""
    archive = reader(request)
    detail = archive.item(item_id)
    if detail is None:
        raise ApiProblem(404, "not-found", f"no item {item_id!r}")
    return presenters.item_out(detail)


@router.get("/latest", response_model=schemas.LatestOut, summary="Latest items")
def latest(
    request: Request,
    section: Section = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> schemas.LatestOut:
    """The newest items, of one section or of all."""
    archive = reader(request)
    hits = archive.latest(section=section or None, limit=limit)
    return schemas.LatestOut(section=section, items=[presenters.hit_out(h) for h in hits])


@router.get("/stats", response_model=schemas.StatsOut, summary="Archive counts")
def stats(request: Request) -> schemas.StatsOut:
    """Pages, items, sightings, versions and problems in the archive."""
    return presenters.stats_out(reader(request).stats())


@router.get("/problems", response_model=schemas.ProblemsOut, summary="Recent problems")
def problems(
    request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> schemas.ProblemsOut:
    """Problems met while reading pages, newest first."""
    return schemas.ProblemsOut(
        problems=[presenters.problem_record_out(p) for p in reader(request).problems(limit=limit)]
    )


@router.get(
    "/export",
    summary="Export hits as CSV, JSONL or Parquet",
    response_class=StreamingResponse,
    responses={
        200: {"description": "The file.", "content": {m: {} for m in EXPORT_MEDIA_TYPES.values()}}
    },
)
def export(
    access: Annotated[ArchiveAccess, Depends(get_access)],
    request: Request,
    format: Annotated[schemas.ExportFormat, Query(description="File format.")] = "csv",
    q: Annotated[
        str | None,
        Query(max_length=2000, description="Only the hits of this query (all items without)."),
    ] = None,
) -> StreamingResponse:
    """Every item matching `q` (or every item), all fields, streamed."""
    query = q.strip() if q and q.strip() else None
    total: int | None = None
    if query is not None:
        # Check the query before the first byte goes out: a syntax error is still a 400.
        total = reader(request).count(query)[0].total
    return stream_export(access.location, format, query, total)


_BODY_DOC = {
    "requestBody": {
        "required": True,
        "description": "A crawled page (text or HTML), or a JSONL batch of page records.",
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

_INGEST_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**_PROBLEM, "description": "No valid token."},
    403: {**_PROBLEM, "description": "The token's role may not write."},
    413: {**_PROBLEM, "description": "The body is larger than the limit."},
}


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiProblem(413, "too-large", f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiProblem(413, "too-large", f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _is_jsonl(content_type: str, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "jsonl"
    return content_type.split(";")[0].strip().lower() in (
        "application/x-ndjson",
        "application/jsonl",
        "application/json-lines",
    )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"').lower()
    return None


def _page_format(content_type: str) -> str | None:
    media = content_type.split(";")[0].strip().lower()
    return {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}.get(media)


@router.post(
    "/ingest",
    response_model=schemas.IngestOut,
    summary="Ingest a page or a JSONL batch (needs a writer token)",
    openapi_extra=_BODY_DOC,
    responses=_INGEST_ERRORS,
)
async def ingest(
    request: Request,
    caller: Annotated[Caller, Depends(require_writer)],
    url: Annotated[
        str | None, Query(max_length=4000, description="URL the page was fetched from.")
    ] = None,
    fetched_at: Annotated[
        datetime | None, Query(description="When the page was fetched (ISO-8601; UTC if no zone).")
    ] = None,
    format: Annotated[
        str | None,
        Query(
            pattern="^(page|jsonl)$", description="`page` or `jsonl`; default from Content-Type."
        ),
    ] = None,
) -> schemas.IngestOut:
    """Parse, deduplicate and store the page(s) in the body; answers with the run's counters."""
    from starlette.concurrency import run_in_threadpool

    settings: ServeSettings = request.app.state.settings
    access: ArchiveAccess = request.app.state.access
    body = await _read_body(request, settings.max_request_bytes)
    if not body:
        raise ApiProblem(400, "empty-body", "the body is empty: send a page or a JSONL batch")
    content_type = request.headers.get("content-type", "")
    if fetched_at is not None and fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)

    if _is_jsonl(content_type, format):

        def run() -> Any:
            with tempfile.TemporaryDirectory(prefix="wiredesk-ingest-") as tmp:
                path = Path(tmp) / "batch.jsonl"
                path.write_bytes(body)
                with access.writer() as archive:
                    return archive.ingest([path], fetched_at=fetched_at)

    else:
        page = Page(
            data=body,
            ref=SourceRef("http", url or "POST /api/ingest"),
            url=url,
            fetched_at=fetched_at,
            format=_page_format(content_type),
            encoding=_charset(content_type),
        )

        def run() -> Any:
            with access.writer() as archive:
                return archive.ingest_pages([page])

    report = await run_in_threadpool(run)
    return presenters.ingest_out(report)
