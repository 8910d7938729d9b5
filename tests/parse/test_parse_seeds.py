"""The two real seed pages parse exactly: checked against structural facts, not pasted text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.page import parse_page

FETCHED = datetime.fromisoformat("2026-02-03T10:15:00+01:00")

# per item: places, agencies, age, first words of the body, last words, paragraph count
Fact = tuple[list[str], list[str], str | None, str, str, int]
SEED_000: list[Fact] = [
    (["PYONGYANG"], ["ANP"], None, "De Russische president", "aan Pyongyang.", 4),
    (["PARIJS"], ["ANP", "AFP"], "1 uur geleden", "Een kostbare kroon", "ernstig beschadigd.", 1),
    (["KYIV"], ["ANP", "AFP"], "1 uur geleden", "Ongeveer 55.000", "de oorlog.", 1),
    (["WASHINGTON"], ["ANP"], "2 uur geleden", "De hoogste leider", "Midden-Oosten gestuurd.", 1),
    (["MILAAN"], ["ANP", "RTR"], "2 uur geleden", "De Italiaanse justitie", "in beeld.", 1),
    (["TEHERAN"], ["ANP", "AFP"], "2 uur geleden", "De Iraanse minister", "zouden mislukken.", 1),
    (["NEW YORK"], ["ANP", "AFP", "RTR"], "3 uur geleden", "De humanitaire", "Cuba leveren.", 1),
    (["WASHINGTON"], ["ANP"], "3 uur geleden", "De aanpak van", "aldus Trump.", 1),
]
SEED_002: list[Fact] = [
    (["KOMSOMOLSK AAN DE AMOER"], ["ANP", "RTR"], None, "De Noord-Koreaanse", "in 2019.", 3),
    (["CARACAS"], ["ANP", "RTR"], "3 uur geleden", "Venezuela en", "van Venezuela.", 1),
    (["WASHINGTON"], ["ANP"], "4 uur geleden", "De Amerikaanse president", "hem opvolgt.", 1),
    (["WASHINGTON"], ["ANP"], "4 uur geleden", "De Russische president", "hebben afgeslagen.", 1),
    (["PARIJS"], ["ANP", "RTR"], "5 uur geleden", "De Oekraïense president", "op X.", 1),
    (["BEIROET"], ["ANP"], "5 uur geleden", "Het Internationale", "en Hezbollah.", 1),
    (["BEIROET"], ["ANP", "AFP", "RTR"], "6 uur geleden", "Hezbollah is klaar", "toespraak.", 1),
    (["WASHINGTON"], ["ANP"], "7 uur geleden", "De VS loven", "worden geboden.", 1),
]
# headline: first words and word count (the whole line is not copied into the repo)
SEEDS = {
    "000_0a3fddbdcc22dee7.txt": (SEED_000, "Poetin doet", 8),
    "002_26c6d2cb005ef2e9.txt": (SEED_002, "Kim Jong-un bezoekt", 7),
}


def _check(page: dict[str, Any], facts: list[Fact], head: str, words: int) -> None:
    assert page["page_kind"] == "article"
    assert page["section"] == "Buitenland"
    items = page["items"]
    assert isinstance(items, list)
    assert len(items) == len(facts)
    main = items[0]
    assert main["role"] == "main"
    assert main["headline"].startswith(head)
    assert len(main["headline"].split()) == words
    for item, (places, agencies, age, first, last, paragraphs) in zip(items, facts, strict=True):
        assert item["places"] == places
        assert item["agencies"] == agencies
        assert item["age"] == age
        assert item["body"].startswith(first)
        assert item["body"].endswith(last)
        assert item["body"].count("\n") == paragraphs - 1
        assert "geleden" not in item["body"][-20:]
    for item in items[1:]:
        assert item["role"] == "list"
        assert item["headline"] is None


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_parses_exactly(seeds_dir: Path, name: str) -> None:
    facts, head, words = SEEDS[name]
    page = to_contract_json(parse_page((seeds_dir / name).read_bytes(), fetched_at=FETCHED))
    _check(page, facts, head, words)
    assert page["fetched_at"] == "2026-02-03T10:15:00+01:00"
    assert page["items"][1]["published"]["latest"] is not None


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_in_cp1252_with_crlf_reads_the_same(seeds_dir: Path, name: str) -> None:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    data = ("\n\n" + text).replace("\n", "\r\n").encode("cp1252")
    facts, head, words = SEEDS[name]
    _check(to_contract_json(parse_page(data, fetched_at=FETCHED)), facts, head, words)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_as_html_reads_the_same(seeds_dir: Path, name: str) -> None:
    import html

    lines = (seeds_dir / name).read_text(encoding="utf-8").splitlines()
    body = [f"<h1>{html.escape(lines[0])}</h1>"] + [f"<p>{html.escape(x)}</p>" for x in lines[1:]]
    page = "<html><body><nav>Home</nav><article>" + "".join(body) + "</article></body></html>"
    facts, head, words = SEEDS[name]
    _check(to_contract_json(parse_page(page, fetched_at=FETCHED)), facts, head, words)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_cut_at_2000_bytes_keeps_what_is_there(seeds_dir: Path, name: str) -> None:
    data = (seeds_dir / name).read_bytes()
    facts = SEEDS[name][0]
    for cut in range(200, len(data), 37):
        items = to_contract_json(parse_page(data[:cut], fetched_at=FETCHED))["items"]
        assert len(items) <= len(facts)
        for index, item in enumerate(items):
            places, agencies, age, _first, _last, _paragraphs = facts[index]
            assert item["places"] == places
            assert item["agencies"] == agencies
            assert item["age"] in (age, None)
            if index < len(items) - 1:
                assert item["age"] == age
