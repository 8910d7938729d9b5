"""Property tests of the page reader: generated pages in layouts A-D come back exactly.

Pages are built here from random datelines, agencies, bodies, headlines and ages, rendered as
text (and as HTML), parsed, and compared item by item with what was put in. Also: parse_page
never raises, intervals are ordered, datelines round-trip, and a page cut anywhere gives a
prefix of what the whole page gives.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wiredesk.model import Dateline
from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.dateline import KICKERS, format_dateline, parse_dateline
from wiredesk.parse.page import parse_page

FETCHED = datetime(2026, 2, 3, 9, 15, tzinfo=UTC)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

UPPER = "ABCDEFGHIJKLMNOPRSTUVWZÉÈÜÖŚŁ"
KNOWN_PLACES = [
    "KYIV",
    "DEN HAAG",
    "KOMSOMOLSK AAN DE AMOER",
    "ST. ANTON AM ARLBERG",
    "GAZA-STAD",
    "MÜNCHEN",
    "GENÈVE",
    "OŚWIĘCIM",
    "NEW YORK",
    "'S-HERTOGENBOSCH",
    "IJMUIDEN",
]
AGENCIES = ["ANP", "AFP", "RTR", "DPA", "BELGA", "BLOOMBERG", "AP"]
WORDS = [
    "kabinet",
    "gemeente",
    "dinsdag",
    "miljoen",
    "euro",
    "politie",
    "de",
    "het",
    "een",
    "in",
    "op",
    "met",
    "voor",
    "zegt",
    "heeft",
    "nieuwe",
    "plannen",
    "NAVO",
    "VS",
    "Trump",
    "café",
    "Oekraïne",
    "3-1",
    "12,5",
    "(ANP)",
    "-",
    "zo'n",
    "Sardiniƫ",
    "ruim",
    "mensen",
    "over",
]
STARTERS = ["De", "Het", "Een", "Volgens", "In", "Op", "Bij", "Zeker"]
SECTIONS = ["Binnenland", "Buitenland", "Politiek", "Economie", "Sport", "Beveland"]
UNITS = [
    ("minuut", "minuten", 59),
    ("uur", "uur", 23),
    ("dag", "dagen", 6),
    ("week", "weken", 4),
    ("maand", "maanden", 11),
    ("jaar", "jaar", 5),
]
WEBMAIL = [
    "Webmail",
    "Kies je webmail",
    "De portal biedt naast de gewone webmail ook DELTA webmail; geef je voorkeur eenmalig op.",
]


def _word(draw: st.DrawFn) -> str:
    return draw(st.text(alphabet=UPPER, min_size=3, max_size=9))


@st.composite
def places(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(KNOWN_PLACES))
    words = [_word(draw) for _ in range(draw(st.integers(1, 3)))]
    place = draw(st.sampled_from([" ", "-"])).join(words)
    assume(not place.startswith(KICKERS))
    return place


@st.composite
def datelines(draw: st.DrawFn, *, agencies: bool = True) -> Dateline:
    place_list = tuple(draw(st.lists(places(), min_size=1, max_size=3)))
    agency_list: tuple[str, ...] = ()
    if agencies:
        agency_list = ("ANP", *draw(st.lists(st.sampled_from(AGENCIES[1:]), max_size=3)))
    dateline = Dateline("", place_list, agency_list)
    return Dateline(format_dateline(dateline), place_list, agency_list)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=14))
    return " ".join([draw(st.sampled_from(STARTERS)), *words]) + "."


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    parts = draw(st.lists(sentences(), min_size=1, max_size=3))
    glue = draw(st.sampled_from([" ", " ", ""]))  # sometimes a missing space after a full stop
    return glue.join(parts)


@st.composite
def headlines(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from([w for w in WORDS if w not in "-(ANP)"]), max_size=7))
    # real headlines may end in any mark (`Premier biedt ontslag aan.`, `Wie wint?`)
    end = draw(st.sampled_from(["", "", "", ".", "?", "!", ":"]))
    return " ".join([draw(st.sampled_from(STARTERS)), *words]) + end


@st.composite
def ages(draw: st.DrawFn) -> str:
    one, many, top = draw(st.sampled_from(UNITS))
    count = draw(st.integers(1, top))
    return f"{count} {one if count == 1 else many} geleden"


@st.composite
def items(draw: st.DrawFn, *, headline: bool, agencies: bool = True) -> dict[str, Any]:
    dateline = draw(datelines(agencies=agencies))
    body = draw(st.lists(paragraphs(), min_size=1, max_size=3))
    return {
        "headline": draw(headlines()) if headline else None,
        "places": list(dateline.places),
        "agencies": list(dateline.agencies),
        "dateline": dateline.raw,
        "paragraphs": body,
        "age": draw(ages()),
    }


def _expected(entry: dict[str, Any], role: str, *, age: bool = True) -> dict[str, Any]:
    return {
        "role": role,
        "headline": entry["headline"],
        "places": entry["places"],
        "agencies": entry["agencies"],
        "body": "\n".join(entry["paragraphs"]),
        "age": entry["age"] if age and role == "list" else None,
    }


@st.composite
def compact_pages(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """Layout B: headline, main article, `Meer uit`, briefs with ages glued to datelines."""
    main = draw(items(headline=True))
    briefs = draw(st.lists(items(headline=False), max_size=6))
    last_age = draw(st.booleans())
    lines = [main["headline"], main["dateline"] + main["paragraphs"][0], *main["paragraphs"][1:]]
    lines.append(f"Meer uit {draw(st.sampled_from(SECTIONS))}")
    prefix = ""
    for brief in briefs:
        lines.append(prefix + brief["dateline"] + brief["paragraphs"][0])
        lines.extend(brief["paragraphs"][1:])
        prefix = brief["age"]
    if briefs and last_age:
        lines.append(prefix)
    expected = [_expected(main, "main")]
    expected += [_expected(b, "list") for b in briefs[:-1]]
    expected += [_expected(b, "list", age=last_age) for b in briefs[-1:]]
    return "\n".join(lines), expected


@st.composite
def boilerplate_pages(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """Layout A: webmail, headline twice, blank lines, briefs with headlines and age lines."""
    main = draw(items(headline=True))
    briefs = draw(st.lists(items(headline=True), max_size=5))
    intertitles = ["Reactie", '"Onzeker"', "Kosten", "Wat nu?", "12 doden", "VS - China", "AFP"]
    main["paragraphs"].insert(1, draw(st.sampled_from(intertitles)))
    blocks = [*WEBMAIL, "", main["headline"], "", main["headline"], ""]
    blocks += [main["dateline"] + main["paragraphs"][0], *main["paragraphs"][1:]]
    blocks.append(f"Meer uit {draw(st.sampled_from(SECTIONS))}")
    text = "\n".join(blocks[:6]) + "\n" + "\n\n".join(blocks[6:]) + "\n\n"
    for brief in briefs:
        text += brief["headline"] + "\n\n" + brief["dateline"] + "\n\n".join(brief["paragraphs"])
        text += "\n\n" + brief["age"] + "\n"
    expected = [_expected(main, "main")] + [_expected(b, "list") for b in briefs]
    return text, expected


@st.composite
def section_pages(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """Layout C: date line, edition line, heading, `ANP ` titles, ages on their own line."""
    briefs = draw(st.lists(items(headline=True), min_size=1, max_size=5))
    text = "\n".join([*WEBMAIL, "woensdag 1 januari 2025", "Editie: NL & Wereld | Zeeland", ""])
    text += "\n" + draw(st.sampled_from(SECTIONS)) + "\n\n"
    for brief in briefs:
        text += "ANP " + brief["headline"] + "\n\n" + brief["dateline"]
        text += "\n\n".join(brief["paragraphs"]) + "\n\n" + brief["age"] + "\n"
    return text, [_expected(b, "list") for b in briefs]


@st.composite
def regional_pages(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """Layout D: `Net binnen` entries, then agency-less briefs with glued ages."""
    briefs = draw(st.lists(items(headline=False, agencies=False), min_size=1, max_size=5))
    lines = ["vrijdag 7 februari 2025", "Editie: NL & Wereld | Zeeland", "Net binnen"]
    for _ in range(draw(st.integers(1, 4))):
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        lines.append(f"- {draw(st.sampled_from(SECTIONS))} {hour}:{minute:02d} {draw(headlines())}")
    prefix = ""
    for brief in briefs:
        lines.append(prefix + brief["dateline"] + brief["paragraphs"][0])
        lines.extend(brief["paragraphs"][1:])
        prefix = brief["age"]
    lines.append(prefix)
    return "\n".join(lines), [_expected(b, "list") for b in briefs]


def _items(page: dict[str, Any]) -> list[dict[str, Any]]:
    keys = ("role", "headline", "places", "agencies", "body", "age")
    return [{key: item[key] for key in keys} for item in page["items"]]


def _check_intervals(page: dict[str, Any]) -> None:
    for item in page["items"]:
        earliest, latest = item["published"]["earliest"], item["published"]["latest"]
        assert latest is not None
        assert datetime.fromisoformat(latest) <= FETCHED
        if earliest is not None:
            assert datetime.fromisoformat(earliest) <= datetime.fromisoformat(latest)


ANY_PAGE = st.one_of(compact_pages(), boilerplate_pages(), section_pages(), regional_pages())


@SETTINGS
@given(ANY_PAGE)
def test_generated_pages_come_back_exactly(case: tuple[str, list[dict[str, Any]]]) -> None:
    text, expected = case
    page = to_contract_json(parse_page(text.encode("utf-8"), fetched_at=FETCHED))
    assert _items(page) == expected
    _check_intervals(page)


@SETTINGS
@given(ANY_PAGE, st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), st.booleans())
def test_encodings_and_line_ends_do_not_matter(
    case: tuple[str, list[dict[str, Any]]], encoding: str, crlf: bool
) -> None:
    text, expected = case
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        data = ("\n" + text).encode(encoding)
    except UnicodeEncodeError:
        assume(False)
        return
    assert _items(to_contract_json(parse_page(data, fetched_at=FETCHED))) == expected


def _as_html(text: str) -> str:
    """Render a compact or boilerplate text page as portal-style HTML (article + aside list)."""
    lines = [line for line in text.split("\n") if line]
    head, *rest = [line for line in lines if "webmail" not in line.lower()]
    if rest and rest[0] == head:
        rest = rest[1:]
    cut = next((i for i, line in enumerate(rest) if line.startswith("Meer uit ")), len(rest))
    article = "".join(f"<p>{html.escape(line)}</p>" for line in rest[:cut])
    aside = "".join(f"<div>{html.escape(line)}</div>" for line in rest[cut:])
    return (
        "<!doctype html><html><head><title>x</title></head><body><header><nav>Menu</nav></header>"
        f"<main><article><h1>{html.escape(head)}</h1>{article}</article>"
        f"<aside>{aside}</aside></main><footer>Colofon</footer></body></html>"
    )


@SETTINGS
@given(st.one_of(compact_pages(), boilerplate_pages()))
def test_html_rendering_gives_the_same_items(case: tuple[str, list[dict[str, Any]]]) -> None:
    text, expected = case
    page = to_contract_json(parse_page(_as_html(text), fetched_at=FETCHED))
    assert _items(page) == expected


@SETTINGS
@given(ANY_PAGE, st.floats(0.0, 1.0))
def test_a_cut_page_gives_a_prefix_of_the_whole(
    case: tuple[str, list[dict[str, Any]]], where: float
) -> None:
    text, expected = case
    data = text.encode("utf-8")
    cut = data[: int(len(data) * where)]
    got = _items(to_contract_json(parse_page(cut, fetched_at=FETCHED)))
    assert len(got) <= len(expected)
    for index, (item, whole) in enumerate(zip(got, expected, strict=False)):
        assert item["places"] == whole["places"]
        assert item["agencies"] == whole["agencies"]
        assert item["role"] == whole["role"]
        assert whole["body"].startswith(item["body"])
        if index < len(got) - 1:
            assert item == whole
        else:
            assert item["age"] in (whole["age"], None)
            assert item["headline"] in (whole["headline"], None)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=3000), st.text(max_size=3000)))
def test_parse_page_never_raises(data: bytes | str) -> None:
    parsed = parse_page(data, fetched_at=FETCHED)
    page = to_contract_json(parsed)
    _check_intervals(page)
    if parsed.problems:
        assert parsed.items == ()
        assert parsed.problems[0].code in {"empty", "binary", "undecodable", "too_large"}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Kop",
                "KYIV (ANP) - x",
                "2 uur geleden",
                "Meer uit X",
                "",
                "- A 9:05 t",
                "Net binnen",
                "GOES - De",
                "<p>",
                "1 uur geledenGOES - y",
                "Borsele - Een",
            ]
        ),
        max_size=30,
    )
)
def test_line_soup_never_raises_and_intervals_hold(lines: list[str]) -> None:
    _check_intervals(to_contract_json(parse_page("\n".join(lines), fetched_at=FETCHED)))


@settings(max_examples=300, deadline=None)
@given(datelines(agencies=True) | datelines(agencies=False))
def test_dateline_round_trip(dateline: Dateline) -> None:
    assert parse_dateline(format_dateline(dateline)) == dateline


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 500), st.sampled_from(UNITS), st.integers(0, 10**7))
def test_age_interval_is_ordered(count: int, unit: tuple[str, str, int], secs: int) -> None:
    one, many, _ = unit
    age = f"{count} {one if count == 1 else many} geleden"
    text = f"Kop\nA (ANP) - x.\nMeer uit B\nC (ANP) - y.\n{age}"
    page = to_contract_json(parse_page(text, fetched_at=FETCHED + timedelta(seconds=secs)))
    published = page["items"][1]["published"]
    assert datetime.fromisoformat(published["earliest"]) < datetime.fromisoformat(
        published["latest"]
    )
