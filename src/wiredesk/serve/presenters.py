"""Archive results -> response models: one conversion per result type, shared by API and web."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wiredesk.model import Interval, Problem
from wiredesk.query.results import CountResult, Hit, KwicLine, SearchResult
from wiredesk.serve import schemas
from wiredesk.serve.dateline import format_dateline
from wiredesk.store.base import ItemDetail, ProblemRecord, RunReport, parse_iso


def published_out(published: Interval) -> schemas.Published:
    """An interval as the API shows it."""
    return schemas.Published(earliest=published.earliest, latest=published.latest)


def hit_out(hit: Hit) -> schemas.HitOut:
    """One hit with its snippet segments and the path of its page."""
    return schemas.HitOut(
        id=hit.id,
        headline=hit.headline,
        places=list(hit.places),
        agencies=list(hit.agencies),
        section=hit.section,
        dateline=format_dateline(hit.places, hit.agencies),
        body=hit.body,
        published=published_out(hit.published),
        sightings=hit.sightings,
        versions=hit.versions,
        score=hit.score,
        snippet=[schemas.SnippetPart(text=t, match=m) for t, m in hit.snippet],
        url=f"/items/{hit.id}",
    )


def search_out(result: SearchResult, sort: schemas.SortOrder) -> schemas.SearchOut:
    """A page of hits with the offset of the next page."""
    end = result.offset + len(result.hits)
    return schemas.SearchOut(
        query=result.query,
        total=result.total,
        offset=result.offset,
        limit=result.limit,
        sort=sort,
        hits=[hit_out(h) for h in result.hits],
        next_offset=end if end < result.total and result.hits else None,
    )


def count_out(results: Sequence[CountResult], by: schemas.CountBy | None) -> schemas.CountOut:
    """Counts of labelled queries."""
    return schemas.CountOut(
        by=by,
        series=[
            schemas.CountSeries(
                label=r.label,
                query=r.query,
                total=r.total,
                buckets=[
                    schemas.BucketOut(key=b.key, count=b.count, share=b.share) for b in r.buckets
                ],
            )
            for r in results
        ],
    )


def kwic_out(query: str, lines: Sequence[KwicLine]) -> schemas.KwicOut:
    """KWIC lines of a query."""
    return schemas.KwicOut(
        query=query,
        lines=[
            schemas.KwicLineOut(id=k.id, left=k.left, match=k.match, right=k.right, field=k.field)
            for k in lines
        ],
    )


def stats_out(stats: dict[str, Any]) -> schemas.StatsOut:
    """Archive counts (missing contract keys count as 0)."""
    base = {
        k: int(stats.get(k) or 0) for k in ("pages", "items", "sightings", "versions", "problems")
    }
    extra = {k: v for k, v in stats.items() if k not in base and isinstance(v, int | float | str)}
    return schemas.StatsOut.model_validate({**extra, **base})


def problem_record_out(record: ProblemRecord | Problem) -> schemas.ProblemRecordOut:
    """A stored problem (or one an ingest run met)."""
    if isinstance(record, ProblemRecord):
        return schemas.ProblemRecordOut(
            code=record.code,
            input=record.input,
            message=record.message,
            stage=record.stage,
            at=parse_iso(record.recorded_at),
            url=record.url,
        )
    return schemas.ProblemRecordOut(
        code=record.code, input=record.input, message=record.message, stage=record.stage
    )


def ingest_out(report: RunReport) -> schemas.IngestOut:
    """What an ingest run did."""
    return schemas.IngestOut(
        summary=report.summary(),
        counters=report.counters(),
        problems=[problem_record_out(p) for p in report.problems],
    )


def _interval(earliest: str | None, latest: str | None) -> schemas.Published:
    return schemas.Published(earliest=parse_iso(earliest), latest=parse_iso(latest))


def item_out(detail: ItemDetail) -> schemas.ItemOut:
    """An item with versions and sightings."""
    return schemas.ItemOut(
        id=detail.id,
        headline=detail.headline,
        places=list(detail.places),
        agencies=list(detail.agencies),
        section=detail.section,
        dateline=format_dateline(detail.places, detail.agencies),
        body=detail.body,
        published=published_out(detail.published),
        first_seen=parse_iso(detail.first_seen),
        last_seen=parse_iso(detail.last_seen),
        lead_of=detail.lead_of,
        led_by=list(detail.led_by),
        conflict=detail.conflict,
        versions=[
            schemas.VersionOut(
                number=v.number,
                headline=v.headline,
                body=v.body,
                first_seen=parse_iso(v.first_seen),
                truncated=v.truncated,
                sightings=v.sightings,
            )
            for v in detail.versions
        ],
        sightings=[
            schemas.SightingOut(
                url=s.url,
                fetched_at=parse_iso(s.fetched_at),
                position=s.position,
                role=s.role,
                age=s.age,
                published=_interval(s.earliest, s.latest),
                version=s.version,
                conflict=s.conflict,
                truncated=s.truncated,
                layout=s.layout,
            )
            for s in detail.sightings
        ],
    )
