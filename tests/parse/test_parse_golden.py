"""Fixture pages of every layout and irregularity parse to their reviewed golden JSON."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.page import parse_page

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "parse"
FETCHED = datetime.fromisoformat("2026-02-03T10:15:00+01:00")
PAGES = sorted(p for p in GOLDEN.glob("*/*") if p.suffix in {".txt", ".html"})


def test_every_layout_has_fixtures() -> None:
    layouts = {page.parent.name for page in PAGES}
    assert layouts == {"boilerplate_article", "compact_article", "section_index", "regional_index"}
    assert any(page.suffix == ".html" for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_page_matches_golden(page: Path) -> None:
    golden = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    url_file = page.with_suffix(".url")
    url = url_file.read_text(encoding="utf-8").strip() if url_file.exists() else None
    parsed = to_contract_json(parse_page(page.read_bytes(), url=url, fetched_at=FETCHED))
    assert parsed == golden


@pytest.mark.parametrize("page", [p for p in PAGES if p.suffix == ".txt"], ids=lambda p: p.name)
def test_text_fixture_layout_matches_its_folder(page: Path) -> None:
    assert parse_page(page.read_bytes()).layout == page.parent.name
