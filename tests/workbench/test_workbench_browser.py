"""The explanation, diff and shares views in a real headless chromium (Playwright).

Screenshots go to test-artifacts/. Without chromium these tests fail with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_kit import chromium, loopback_page, shot
from workbench_testkit import WorkbenchServer, versioned_item

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless chromium; fails (not skips) when it cannot start."""
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, wb_live: WorkbenchServer) -> Iterator[Any]:
    """A fresh page that may reach the test server only."""
    with loopback_page(browser, wb_live.url) as p:
        yield p


def test_explain_view_shows_tree_words_and_error_caret(page: Any) -> None:
    page.goto("/explain")
    page.fill("#explain-q", "polit* AND NOT kabinet")
    page.press("#explain-q", "Enter")
    page.wait_for_selector("#explanation")
    assert page.inner_text("#explain-tree").startswith("AND")
    assert "polit*" in page.inner_text("#explain-words")
    assert "items" in page.inner_text("#explain-words")
    assert "politie" in page.inner_text("table.expansion")
    shot(page, "workbench-explain")
    page.fill("#explain-q", "politie AND (kabinet")
    page.press("#explain-q", "Enter")
    page.wait_for_selector("#explain-error")
    assert page.get_attribute("#explain-error", "data-column") == "13"
    text = page.inner_text("#explain-error")
    assert "Column 13" in text
    assert "^" in text
    shot(page, "workbench-explain-error")


def test_diff_view_marks_changed_words_and_merge_rules(page: Any, wb_archive: Path) -> None:
    item = versioned_item(wb_archive)
    page.goto(f"/items/{item}/diff")
    page.wait_for_selector("#diffs")
    assert page.locator(".wb-version").count() >= 1
    assert page.locator(".wb-version ins, .wb-version del").count() >= 1
    assert "first seen" in page.inner_text(".wb-version")
    assert "near-duplicate" in page.inner_text("#merges") or "cut-off" in page.inner_text("#merges")
    shot(page, "workbench-diff")


def test_shares_view_draws_a_normalised_chart(page: Any) -> None:
    page.goto("/shares")
    page.fill("#shares-q", "Politie# politie\nKabinet# kabinet")
    page.click("button[type=submit]")
    page.wait_for_selector("#share-table")
    assert page.locator("#share-chart g.series").count() == 2
    assert "per 10,000 items" in page.inner_text("#share-chart figcaption")
    shot(page, "workbench-shares")


def test_frozen_page_lists_sets(page: Any) -> None:
    page.goto("/frozen")
    page.wait_for_selector("h1")
    assert page.locator("nav a[href='/frozen']").count() == 1
    shot(page, "workbench-frozen")
