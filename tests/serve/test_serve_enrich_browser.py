"""Entity, story and map pages in headless chromium (Playwright); screenshots in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_testkit import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def enrich_page(live: LiveServer) -> Iterator[object]:
    """A page in a fresh chromium that may reach only the test server."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live.url)
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(live.url) else route.abort()
            ),
        )
        yield context.new_page()
        context.close()
        browser.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_entity_story_and_map_pages(enrich_page: object, live: LiveServer) -> None:
    p: object = enrich_page
    p.goto("/entities")  # type: ignore[attr-defined]
    _shot(p, "browser-entities")
    cards = p.locator(".entity-card")  # type: ignore[attr-defined]
    assert cards.count() > 0
    name = cards.first.locator("strong").inner_text()
    cards.first.click()
    p.wait_for_selector("h1.page-title")  # type: ignore[attr-defined]
    assert p.locator("h1.page-title").inner_text() == name  # type: ignore[attr-defined]
    assert p.locator(".latest-list li").count() > 0  # type: ignore[attr-defined]
    assert p.locator("figure.chart svg path").count() >= 1  # type: ignore[attr-defined]
    _shot(p, "browser-entity")

    with httpx.Client(base_url=live.url) as client:
        story = client.get("/api/stories", params={"min_items": 2, "limit": 1}).json()
    story_id = story["stories"][0]["id"]
    p.goto(f"/stories/{story_id}")  # type: ignore[attr-defined]
    assert p.locator(".timeline li").count() >= 2  # type: ignore[attr-defined]
    assert p.locator(".storyline li.current").count() == 1  # type: ignore[attr-defined]
    _shot(p, "browser-story")
    # From the story's first item back to the story via the item page's box.
    p.locator(".timeline-body a").first.click()  # type: ignore[attr-defined]
    p.wait_for_selector(".enrich-box")  # type: ignore[attr-defined]
    _shot(p, "browser-item-enrichment")
    p.locator(".enrich-box a[href^='/stories/']").click()  # type: ignore[attr-defined]
    p.wait_for_selector(".timeline")  # type: ignore[attr-defined]
    assert story_id in p.url  # type: ignore[attr-defined]

    p.goto("/map")  # type: ignore[attr-defined]
    assert p.locator("svg.world-map path.map-land").count() > 50  # type: ignore[attr-defined]
    dots = p.locator("svg.world-map circle.map-dot")  # type: ignore[attr-defined]
    assert dots.count() > 0
    _shot(p, "browser-map")
    p.goto("/map?region=europe")  # type: ignore[attr-defined]
    _shot(p, "browser-map-europe")
    p.locator("svg.world-map circle.map-dot").last.click()  # type: ignore[attr-defined]
    p.wait_for_selector(".hits .hit")  # type: ignore[attr-defined]
