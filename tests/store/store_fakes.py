"""Hand-built pages for store tests: a page's bytes are JSON that `fake_reader` turns into a
ParsedPage, so the store and dedup can be tested without the real page reader."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from wiredesk.model import Interval, Page, ParsedItem, ParsedPage, Problem, SourceRef

T0 = datetime(2026, 2, 3, 10, 0, tzinfo=UTC)


def brief(
    body: str,
    places: tuple[str, ...] = ("PARIJS",),
    agencies: tuple[str, ...] = ("ANP",),
    *,
    hours: int | None = 1,
    headline: str | None = None,
    truncated: bool = False,
    role: str = "list",
) -> dict[str, Any]:
    return {
        "role": role,
        "headline": headline,
        "places": list(places),
        "agencies": list(agencies),
        "body": body,
        "hours": hours,
        "truncated": truncated,
    }


def article(
    body: str, headline: str, places: tuple[str, ...] = ("PARIJS",), **kw: Any
) -> dict[str, Any]:
    return brief(body, places, headline=headline, hours=None, role="main", **kw)


def make_page(
    items: list[dict[str, Any]],
    *,
    url: str | None = "https://example.test/a",
    fetched_at: datetime | None = T0,
    section: str | None = "Buitenland",
    location: str = "crawl.jsonl",
    offset: int | None = None,
    problem: str | None = None,
) -> Page:
    payload = {"section": section, "items": items, "problem": problem}
    return Page(
        data=json.dumps(payload, sort_keys=True).encode(),
        ref=SourceRef("jsonl", location, offset),
        url=url,
        fetched_at=fetched_at,
    )


def fake_reader(page: Page) -> ParsedPage:
    spec = json.loads(page.data)
    items = []
    for pos, it in enumerate(spec["items"]):
        fetched = page.fetched_at
        if it["role"] == "main":
            published = Interval(None, fetched)
            age = None
        elif it["hours"] is None or fetched is None:
            published = Interval()
            age = None
        else:
            h = it["hours"]
            published = Interval(fetched - timedelta(hours=h + 1), fetched - timedelta(hours=h))
            age = f"{h} uur geleden"
        items.append(
            ParsedItem(
                role=it["role"],
                position=pos,
                headline=it["headline"],
                places=tuple(it["places"]),
                agencies=tuple(it["agencies"]),
                body=it["body"],
                age=age,
                published=published,
                truncated=it["truncated"],
            )
        )
    problems: tuple[Problem, ...] = ()
    if spec.get("problem"):
        problems = (Problem(spec["problem"], page.url or "-", f"page is {spec['problem']}"),)
        items = []
    return ParsedPage(
        page_kind="article",
        section=spec["section"],
        fetched_at=page.fetched_at,
        items=tuple(items),
        layout="fake",
        url=page.url,
        problems=problems,
    )
