"""The explanation, diff and shares views in a real headless chromium (Playwright).

Screenshots go to test-artifacts/. Without chromium these tests fail with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from workbench_testkit import WorkbenchServer, versioned_item

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless chromium; fails (not skips) when it cannot start."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, wb_live: WorkbenchServer) -> Iterator[Any]:
    """A fresh page that may reach the test server only."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=wb_live.url)

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(wb_live.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_loopback)
    p = context.new_page()
    yield p
    context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_explain_view_shows_tree_words_and_error_caret(page: Any) -> None:
    page.goto("/explain")
    page.fill("#explain-q", "polit* AND NOT kabinet")
    page.press("#explain-q", "Enter")
    page.wait_for_selector("#explanation")
    assert page.inner_text("#explain-tree").startswith("AND")
    assert "polit*" in page.inner_text("#explain-words")
    assert "items" in page.inner_text("#explain-words")
    assert "politie" in page.inner_text("table.expansion")
    _shot(page, "workbench-explain")
    page.fill("#explain-q", "politie AND (kabinet")
    page.press("#explain-q", "Enter")
    page.wait_for_selector("#explain-error")
    assert page.get_attribute("#explain-error", "data-column") == "13"
    text = page.inner_text("#explain-error")
    assert "Column 13" in text
    assert "^" in text
    _shot(page, "workbench-explain-error")


def test_diff_view_marks_changed_words_and_merge_rules(page: Any, wb_archive: Path) -> None:
    item = versioned_item(wb_archive)
    page.goto(f"/items/{item}/diff")
    page.wait_for_selector("#diffs")
    assert page.locator(".wb-version").count() >= 1
    assert page.locator(".wb-version ins, .wb-version del").count() >= 1
    assert "first seen" in page.inner_text(".wb-version")
    assert "near-duplicate" in page.inner_text("#merges") or "cut-off" in page.inner_text("#merges")
    _shot(page, "workbench-diff")


def test_shares_view_draws_a_normalised_chart(page: Any) -> None:
    page.goto("/shares")
    page.fill("#shares-q", "Politie# politie\nKabinet# kabinet")
    page.click("button[type=submit]")
    page.wait_for_selector("#share-table")
    assert page.locator("#share-chart g.series").count() == 2
    assert "per 10,000 items" in page.inner_text("#share-chart figcaption")
    _shot(page, "workbench-shares")


def test_frozen_page_lists_sets(page: Any) -> None:
    page.goto("/frozen")
    page.wait_for_selector("h1")
    assert page.locator("nav a[href='/frozen']").count() == 1
    _shot(page, "workbench-frozen")
