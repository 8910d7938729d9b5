"""The reader against the generator's pages (text and HTML forms): every item comes back."""

from __future__ import annotations

from typing import Any

import pytest

from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.page import parse_page

generate = pytest.importorskip("wiredesk.generate")

KEYS = ("role", "headline", "places", "agencies", "body", "age")


def _norm(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: " ".join(i[k].split()) if isinstance(i[k], str) else i[k] for k in KEYS} for i in items
    ]


@pytest.mark.parametrize("form", ["text", "html"])
def test_generated_pages_parse_to_their_expected_items(form: str) -> None:
    wrong = []
    for page in generate.generate_pages(80, seed=3):
        if page.expected is None:
            parse_page(page.data, url=page.url, fetched_at=page.fetched_at)  # broken: no raise
            continue
        data = page.data if form == "text" else page.html
        expected = page.expected if form == "text" else page.expected_html
        got = to_contract_json(parse_page(data, url=page.url, fetched_at=page.fetched_at))
        if _norm(got["items"]) != _norm(expected["items"]) or got["section"] != expected["section"]:
            wrong.append(page.url)
    assert not wrong
