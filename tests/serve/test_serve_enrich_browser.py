"""Entity, story and map pages in headless chromium (Playwright); screenshots in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from browser_kit import chromium, loopback_page, shot
from serve_testkit import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def enrich_page(live: LiveServer) -> Iterator[object]:
    """A page in a fresh chromium that may reach only the test server."""
    with chromium() as browser, loopback_page(browser, live.url) as p:
        yield p


def test_entity_story_and_map_pages(enrich_page: object, live: LiveServer) -> None:
    p: object = enrich_page
    p.goto("/entities")  # type: ignore[attr-defined]
    shot(p, "browser-entities")
    cards = p.locator(".entity-card")  # type: ignore[attr-defined]
    assert cards.count() > 0
    name = cards.first.locator("strong").inner_text()
    cards.first.click()
    p.wait_for_selector("h1.page-title")  # type: ignore[attr-defined]
    assert p.locator("h1.page-title").inner_text() == name  # type: ignore[attr-defined]
    assert p.locator(".latest-list li").count() > 0  # type: ignore[attr-defined]
    assert p.locator("figure.chart svg path").count() >= 1  # type: ignore[attr-defined]
    shot(p, "browser-entity")

    with httpx.Client(base_url=live.url) as client:
        story = client.get("/api/stories", params={"min_items": 2, "limit": 1}).json()
    story_id = story["stories"][0]["id"]
    p.goto(f"/stories/{story_id}")  # type: ignore[attr-defined]
    assert p.locator(".timeline li").count() >= 2  # type: ignore[attr-defined]
    assert p.locator(".storyline li.current").count() == 1  # type: ignore[attr-defined]
    shot(p, "browser-story")
    # From the story's first item back to the story via the item page's box.
    p.locator(".timeline-body a").first.click()  # type: ignore[attr-defined]
    p.wait_for_selector(".enrich-box")  # type: ignore[attr-defined]
    shot(p, "browser-item-enrichment")
    p.locator(".enrich-box a[href^='/stories/']").click()  # type: ignore[attr-defined]
    p.wait_for_selector(".timeline")  # type: ignore[attr-defined]
    assert story_id in p.url  # type: ignore[attr-defined]

    p.goto("/map")  # type: ignore[attr-defined]
    assert p.locator("svg.world-map path.map-land").count() > 50  # type: ignore[attr-defined]
    dots = p.locator("svg.world-map circle.map-dot")  # type: ignore[attr-defined]
    assert dots.count() > 0
    shot(p, "browser-map")
    p.goto("/map?region=europe")  # type: ignore[attr-defined]
    shot(p, "browser-map-europe")
    p.locator("svg.world-map circle.map-dot").last.click()  # type: ignore[attr-defined]
    p.wait_for_selector(".hits .hit")  # type: ignore[attr-defined]
