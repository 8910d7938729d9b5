"""Generated pages parse to their expected contract JSON (generator and reader agree)."""

from __future__ import annotations

from typing import Any

import pytest

from wiredesk.generate import GeneratedPage, generate_pages

_ITEM_KEYS = ("role", "headline", "places", "agencies", "body", "age", "published")
_ENTRY_KEYS = ("section", "time", "title")


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def _project(got: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """The reader's output cut down to the contract's fields (adding fields is allowed)."""
    out = {k: got.get(k) for k in expected}
    out["items"] = [{k: item.get(k) for k in _ITEM_KEYS} for item in got.get("items", [])]
    out["index_entries"] = [
        {k: e.get(k) for k in _ENTRY_KEYS} for e in got.get("index_entries", [])
    ]
    return _norm(out)


def agrees(page: GeneratedPage, got: dict[str, Any]) -> bool:
    """Exact match after whitespace normalisation, or a difference the cut fragment allows."""
    assert page.expected is not None
    expected = _norm(page.expected)
    result = _project(got, page.expected)
    if result == expected:
        return True
    if not page.cut_fragment:
        return False
    # A bare fragment at the cut may be returned or left out (parse-output.md).
    fragment = _norm(page.cut_fragment)
    if expected["section"] is None:
        result["section"] = None
    if len(result["items"]) == len(expected["items"]) + 1:
        result["items"] = result["items"][:-1]
    if result["items"] and expected["items"]:
        last, want = result["items"][-1], expected["items"][-1]
        if last["body"] != want["body"] and last["body"].startswith(want["body"]):
            tail = last["body"][len(want["body"]) :].strip()
            if tail and tail in fragment:
                last["body"] = want["body"]
    return bool(result == expected)


def test_generated_pages_parse_to_expected() -> None:
    page_module = pytest.importorskip("wiredesk.parse.page")
    contract = pytest.importorskip("wiredesk.parse.contract")
    pages = [p for p in generate_pages(1200, seed=5) if p.expected is not None]
    try:
        page_module.parse_page(pages[0].data, url=pages[0].url, fetched_at=pages[0].fetched_at)
    except NotImplementedError:
        pytest.skip("parse_page is not built yet")
    failures = []
    for page in pages:
        parsed = page_module.parse_page(page.data, url=page.url, fetched_at=page.fetched_at)
        if not agrees(page, contract.to_contract_json(parsed)):
            failures.append(f"{page.layout} cut={page.cut} {page.url}")
    # Mismatches are a generator or a reader bug; report them, but a few must not block the suite.
    assert len(failures) <= len(pages) // 100, "\n".join(failures[:20])


def test_generated_html_parses_to_expected() -> None:
    page_module = pytest.importorskip("wiredesk.parse.page")
    contract = pytest.importorskip("wiredesk.parse.contract")
    pages = [p for p in generate_pages(300, seed=6) if p.expected is not None]
    try:
        page_module.parse_page(pages[0].html, url=pages[0].url, fetched_at=pages[0].fetched_at)
    except NotImplementedError:
        pytest.skip("parse_page is not built yet")
    failures = []
    for page in pages:
        parsed = page_module.parse_page(
            page.html.encode(), url=page.url, fetched_at=page.fetched_at
        )
        got = _project(contract.to_contract_json(parsed), page.expected_html or {})
        if got != _norm(page.expected_html):
            failures.append(f"{page.layout} {page.url}")
    assert len(failures) <= len(pages) // 50, "\n".join(failures[:20])
