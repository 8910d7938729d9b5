"""The generator: deterministic, realistic (every layout and irregularity), ages that fit."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from wiredesk.generate import GeneratedPage, GeneratorConfig, generate_pages
from wiredesk.generate.ages import age_parts

N = 3000


@pytest.fixture(scope="module")
def pages() -> list[GeneratedPage]:
    return list(generate_pages(N, seed=11))


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_same_seed_same_bytes() -> None:
    one = [(p.url, p.data) for p in generate_pages(200, seed=3)]
    two = [(p.url, p.data) for p in generate_pages(200, seed=3)]
    other = [(p.url, p.data) for p in generate_pages(200, seed=4)]
    assert one == two
    assert one != other


def test_every_layout_and_irregularity_appears(pages: list[GeneratedPage]) -> None:
    seen = set().union(*(p.features for p in pages))
    wanted = {
        "layout_A",
        "layout_B",
        "layout_C",
        "layout_D",
        "regional_article",
        "cut",
        "cut_before_list",
        "broken_binary",
        "broken_undecodable",
        "broken_empty",
        "broken_nul",
        "enc_cp1252",
        "enc_utf-8-sig",
        "crlf",
        "nbsp",
        "leading_blank",
        "no_url",
        "anp_suffix",
        "multi_place",
        "agency_list",
        "empty_place",
        "kicker",
        "kiev_kyiv",
        "odd_place",
        "regional_dateline",
        "mixed_case_place",
        "intertitle",
        "odd_char",
        "missing_space",
        "lead_brief",
        "cut_in_body",
        "cut_in_dl",
        "cut_in_age",
        "cut_in_hl",
        "cut_in_section",
        "cut_mid_char",
    }
    assert wanted <= seen, wanted - seen
    texts = "\n".join(p.text for p in pages)
    for marker in (
        "KYIV (",
        "KIEV (",
        "DEN HAAG/ (ANP)",
        "Meer uit Beveland",
        "Net binnen",
        "Editie:",
        "ANP ",
        "(ANP).",
    ):
        assert marker in texts, marker
    assert re.search(r"geleden[A-Z]", texts), "compact lists glue ages to the next dateline"
    assert re.search(r"\n\d+ \w+ geleden\n", texts), "layouts A/C put ages on their own line"
    assert re.search(r"- \w[\w-]* \d{1,2}:\d\d ", texts), "Net binnen lines"
    assert re.search(r"[a-z]\.[A-Z][a-z]", texts), "a missing space after a full stop"
    assert "ƫ" in texts


def test_age_units_and_versions(pages: list[GeneratedPage]) -> None:
    units = {
        item["age"].split()[1]
        for p in pages
        if p.expected
        for item in p.expected["items"]
        if item["age"]
    }
    assert {"minuten", "uur", "dagen", "week", "weken", "maand", "maanden"} <= units
    versions = {t.version for p in pages for t in p.truth}
    assert versions == {1, 2}
    urls = [p.url for p in pages if p.url and p.layout in "AB"]
    assert len(urls) > len(set(urls)), "the same URL is crawled again"


def test_ages_match_fetch_times(pages: list[GeneratedPage]) -> None:
    checked = 0
    for page in pages:
        if page.expected is None:
            continue
        assert page.fetched_at is not None
        assert page.expected["fetched_at"] == page.fetched_at.isoformat()
        for item, truth in zip(page.expected["items"], page.truth, strict=True):
            published = item["published"]
            latest = datetime.fromisoformat(published["latest"])
            assert latest <= page.fetched_at
            assert truth.published <= latest
            if item["age"] is None:
                assert published["earliest"] is None
                continue
            earliest = datetime.fromisoformat(published["earliest"])
            assert earliest <= truth.published
            elapsed = (page.fetched_at - truth.published).total_seconds()
            assert age_parts(elapsed)[0] == item["age"]
            checked += 1
    assert checked > 10_000


def test_expected_text_is_on_the_page(pages: list[GeneratedPage]) -> None:
    for page in pages[:800]:
        if page.expected is None:
            assert page.layout == "broken"
            continue
        text = _norm(page.text)
        for item in page.expected["items"]:
            assert _norm(item["body"]) in text
            if item["headline"]:
                assert _norm(item["headline"]) in text
        if page.cut:
            assert len(page.data) == 2000


def test_briefs_recur_with_shifting_ages(pages: list[GeneratedPage]) -> None:
    ages: dict[str, set[str]] = {}
    for page in pages:
        for item, truth in zip(
            page.expected["items"] if page.expected else [], page.truth, strict=True
        ):
            if item["age"]:
                ages.setdefault(truth.wire_id, set()).add(item["age"])
    assert max(len(a) for a in ages.values()) >= 3
    assert sum(len(a) > 1 for a in ages.values()) > 100


def test_lead_briefs_are_the_articles_lead(pages: list[GeneratedPage]) -> None:
    mains = {}
    for page in pages:
        for item, truth in zip(
            page.expected["items"] if page.expected else [], page.truth, strict=True
        ):
            if item["role"] == "main" and truth.version == 1 and not page.cut:
                mains[truth.wire_id] = item["body"].split("\n")[0]
    pairs = 0
    for page in pages:
        for item, truth in zip(
            page.expected["items"] if page.expected else [], page.truth, strict=True
        ):
            if truth.lead_of in mains and item["age"]:
                assert _norm(item["body"]) == _norm(mains[truth.lead_of])
                pairs += 1
    assert pairs > 0


def test_html_form(pages: list[GeneratedPage]) -> None:
    page = next(p for p in pages if p.layout == "A")
    html = page.html
    assert html.startswith("<!DOCTYPE html>")
    assert f"<h1>{page.expected['items'][0]['headline']}" in html or "<h1>" in html
    assert "Meer uit" in html
    assert page.expected_html is not None


def test_config_knobs() -> None:
    config = GeneratorConfig(
        cut_fraction=0.0,
        broken_fraction=0.0,
        days=10,
        end=datetime.fromisoformat("2025-07-01T00:00:00+00:00"),
    )
    pages = list(generate_pages(100, seed=1, config=config))
    assert not any(p.cut or p.layout == "broken" for p in pages)
    assert all(p.fetched_at and p.fetched_at.utcoffset() == timedelta(hours=2) for p in pages)


def test_to_page(pages: list[GeneratedPage]) -> None:
    page = next(p for p in pages if p.layout == "B")
    as_text = page.to_page()
    assert as_text.data == page.data
    assert as_text.fetched_at == page.fetched_at
    assert as_text.ref.kind == "generated"
    assert page.to_page("html").data == page.html.encode()
