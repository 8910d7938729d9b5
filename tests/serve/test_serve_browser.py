"""The web UI in a real headless browser: Debian's chromium driven by Playwright.

Screenshots go to test-artifacts/ (look at them). Without chromium these tests fail with the
reason; they never skip silently.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_kit import chromium, loopback_page, shot
from serve_testkit import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless chromium; fails (not skips) when it cannot start."""
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: object, live: LiveServer) -> Iterator[object]:
    """A fresh page, downloads allowed, no network beyond the test server."""
    with loopback_page(browser, live.url, accept_downloads=True) as p:
        yield p


def test_search_chart_item_and_meer_uit(page: object) -> None:
    p = page
    p.goto("/")  # type: ignore[attr-defined]
    shot(p, "browser-home")
    p.fill("#q", "raadsel OR zeeuwse")  # type: ignore[attr-defined]
    p.press("#q", "Enter")  # type: ignore[attr-defined]
    p.wait_for_selector(".hits .hit")  # type: ignore[attr-defined]
    assert p.locator(".hits .hit").count() > 0  # type: ignore[attr-defined]
    assert p.locator("figure.chart svg path").count() >= 1  # type: ignore[attr-defined]
    assert p.locator(".hit mark").count() > 0  # type: ignore[attr-defined]
    shot(p, "browser-search")

    p.fill("#compare", "Zeeland# goes OR middelburg OR vlissingen\nAlles# *")  # type: ignore[attr-defined]
    p.click(".filters button[type=submit]")  # type: ignore[attr-defined]
    p.wait_for_selector(".legend li")  # type: ignore[attr-defined]
    assert p.locator("figure.chart g.series").count() == 2  # type: ignore[attr-defined]
    p.hover("figure.chart svg")  # type: ignore[attr-defined]
    shot(p, "browser-compare")

    p.goto("/?q=raadsel")  # type: ignore[attr-defined]
    p.click(".hits .hit h3 a")  # type: ignore[attr-defined]
    p.wait_for_selector("h1.headline")  # type: ignore[attr-defined]
    assert "Meer uit Binnenland" in p.inner_text(".meer-uit h2")  # type: ignore[attr-defined]
    assert p.locator(".meer-uit li").count() > 0  # type: ignore[attr-defined]
    assert "geleden" in p.inner_text(".meer-uit")  # type: ignore[attr-defined]
    body = p.inner_text(".article-body")  # type: ignore[attr-defined]
    assert "<script>window.__pwned = 1</script>" in body  # shown as text
    assert p.evaluate("window.__pwned === undefined")  # type: ignore[attr-defined]
    assert p.locator("table.data tbody tr").count() >= 2  # type: ignore[attr-defined]
    shot(p, "browser-item")


def test_syntax_error_shows_the_column(page: object) -> None:
    p = page
    p.goto("/")  # type: ignore[attr-defined]
    p.fill("#q", "poetin AND (kim")  # type: ignore[attr-defined]
    p.press("#q", "Enter")  # type: ignore[attr-defined]
    p.wait_for_selector("#q-error")  # type: ignore[attr-defined]
    text = p.inner_text("#q-error")  # type: ignore[attr-defined]
    assert "Column" in text
    assert "^" in text
    shot(p, "browser-syntax-error", full=False)


def test_export_csv_download(page: object) -> None:
    p = page
    p.goto("/?q=zeeuwse")  # type: ignore[attr-defined]
    with p.expect_download() as info:  # type: ignore[attr-defined]
        p.click("text=CSV")  # type: ignore[attr-defined]
    download = info.value
    path = download.path()
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert rows
    assert all("id" in r for r in rows)


def test_pages_read_without_javascript(browser: object, live: LiveServer) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live.url)  # type: ignore[attr-defined]
    p = context.new_page()
    p.goto("/?q=*&by=week")
    assert p.locator(".hits .hit").count() > 0
    assert p.locator("figure.chart circle").count() > 0
    p.goto("/overview")
    assert p.locator(".stat").count() == 5
    p.goto("/docs")
    assert "/api/search" in p.inner_text("main")
    p.set_viewport_size({"width": 390, "height": 844})
    p.goto("/?q=*")
    shot(p, "browser-mobile-nojs", full=False)
    context.close()
