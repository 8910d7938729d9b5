"""Adversarial cases: what real pages of the portal may hold that the generator never writes.

Each case states what a careful annotator following shared/spec/parse-output.md would write.
The cut checks cut realistic pages at every byte: a cut page must give a prefix of the uncut
page's items, the last one possibly cut (same headline and dateline, a prefix of the body).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.dateline import parse_dateline
from wiredesk.parse.furniture import meer_uit_section
from wiredesk.parse.page import parse_page

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "parse"
WEBMAIL = (
    "Webmail\nKies je webmail\n"
    "Naast je eigen webmail biedt de portal ook DELTA webmail; geef eenmalig je voorkeur op.\n\n"
)

Row = tuple[str, str | None, tuple[str, ...], tuple[str, ...], str, str | None]


def rows(data: bytes | str) -> list[Row]:
    """The page's items as comparable tuples (role, headline, places, agencies, body, age)."""
    items = to_contract_json(parse_page(data))["items"]
    return [
        (
            item["role"],
            item["headline"],
            tuple(item["places"]),
            tuple(item["agencies"]),
            item["body"],
            item["age"],
        )
        for item in items
    ]


def a_page(*blocks: str) -> str:
    """A layout-A page: webmail block, then the blocks separated by blank lines."""
    return WEBMAIL + "\n\n".join(blocks) + "\n"


# -- datelines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("VOETBAL: ROTTERDAM (ANP) - Het", ("ROTTERDAM",)),
        ("VOETBAL | ROTTERDAM (ANP) - Het", ("ROTTERDAM",)),
        ("TOUR DE FRANCEPARIJS (ANP) - De", ("PARIJS",)),
        ("WK VOETBALDOHA (ANP) - De", ("DOHA",)),
        ("BIATHLONOSTERSUND (ANP) - De", ("OSTERSUND",)),
        ("SCHAATSENHEERENVEEN (ANP) - De", ("HEERENVEEN",)),
        ("KOMSOMOLSK AAN DE AMOER (ANP) - De", ("KOMSOMOLSK AAN DE AMOER",)),
        ("GOLFE-JUAN (ANP) - De", ("GOLFE-JUAN",)),
        ("L'AQUILA (ANP) - De", ("L'AQUILA",)),
        ("ST.-PETERSBURG (ANP) - De", ("ST.-PETERSBURG",)),
        ("ŁÓDŹ (ANP) - De", ("ŁÓDŹ",)),
        ("NIEUW- EN SINT JOOSLAND - De dorpsraad", ("NIEUW- EN SINT JOOSLAND",)),
        ("'S-HEERENHOEK - In het dorp", ("'S-HEERENHOEK",)),
    ],
)
def test_dateline_places(text: str, places: tuple[str, ...]) -> None:
    dateline = parse_dateline(text)
    assert dateline is not None
    assert dateline.places == places


# -- furniture look-alikes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Meer uit Buitenland", "Buitenland"),
        ("Meer uit Zeeuws-Vlaanderen", "Zeeuws-Vlaanderen"),
        ("Meer uit NL & Wereld", "NL & Wereld"),
        ("Meer uit eigen zak", None),
        ("Meer uit Oekraïne gevlucht dan verwacht", None),
    ],
)
def test_meer_uit_needs_a_section_name(line: str, section: str | None) -> None:
    assert meer_uit_section(line) == section


def test_headline_mentioning_webmail_is_a_headline() -> None:
    page = a_page(
        "Storing bij webmail verholpen",
        "Storing bij webmail verholpen",
        "AMSTERDAM (ANP) - De storing bij de webmail van een provider is verholpen.",
    )
    assert rows(page) == [
        (
            "main",
            "Storing bij webmail verholpen",
            ("AMSTERDAM",),
            ("ANP",),
            "De storing bij de webmail van een provider is verholpen.",
            None,
        )
    ]


def test_date_and_edition_lookalikes_below_the_items_are_headlines() -> None:
    page = a_page(
        "Kop",
        "Kop",
        "UTRECHT (ANP) - Tekst.",
        "Meer uit Binnenland",
        "Woensdag 1 januari 2025",
        "ZWOLLE (ANP) - Nieuwjaarsduik.",
        "1 uur geleden\nEditie: 2025 van Sail",
        "AMSTERDAM (ANP) - Sail trok miljoenen.",
    )
    got = rows(page)
    assert [row[1] for row in got] == ["Kop", "Woensdag 1 januari 2025", "Editie: 2025 van Sail"]
    assert got[1][5] == "1 uur geleden"


# -- headlines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    ["Premier biedt ontslag aan.", "Wie wint?", "Eindelijk!", "Minister:", "'Ik blijf.'"],
)
def test_brief_headline_after_age_line_keeps_its_last_character(headline: str) -> None:
    page = a_page(
        "Kop",
        "Kop",
        "DEN HAAG (ANP) - Hoofdartikel.",
        "Meer uit Politiek",
        "Eerste brief",
        "DEN HAAG (ANP) - Brief een.",
        f"2 uur geleden\n{headline}",
        "UTRECHT (ANP) - Brief twee.",
    )
    got = rows(page)
    assert got[2] == ("list", headline, ("UTRECHT",), ("ANP",), "Brief twee.", None)
    assert got[1][5] == "2 uur geleden"


def test_first_section_title_ending_in_a_full_stop_is_kept() -> None:
    page = (
        "woensdag 1 januari 2025\nEditie: NL & Wereld | Zeeland\n\nPolitiek\n\n"
        "ANP Kabinet: 'Geen nieuwe belastingen.'\n\nDEN HAAG (ANP) - Tekst.\n\n1 week geleden\n"
    )
    assert rows(page)[0][1] == "Kabinet: 'Geen nieuwe belastingen.'"


def test_intertitles_of_every_shape_stay_in_the_body() -> None:
    paragraphs = [
        "Zorgen",
        '"Te weinig, te laat"',
        "Wat gaat er gebeuren?",
        "12 dijkvakken krijgen voorrang",
        "ANP meldde eerder dat het geld op is.",
        "AFP schreef dat ook de VS - en vooral Florida - bouwen.",
        'Zij zei: "AMSTERDAM - en niet alleen Amsterdam - moet droog blijven".',
        "VS - China",
        "De NAVO-top begint om 9:05 uur.",
        "Kritiek uit de Kamer",
        "2 dagen geleden kwamen zij nog bijeen.",
    ]
    page = a_page("Kop", "Kop", "DEN HAAG (ANP) - Eerste alinea.", *paragraphs)
    assert rows(page) == [
        (
            "main",
            "Kop",
            ("DEN HAAG",),
            ("ANP",),
            "\n".join(["Eerste alinea.", *paragraphs]),
            None,
        )
    ]


# -- cuts ------------------------------------------------------------------------------------


def test_cut_line_like_an_age_inside_the_main_article_is_body() -> None:
    got = rows("Kop\nDEN HAAG (ANP) - Eerste alinea.\n12 d")
    assert got[0][4] == "Eerste alinea.\n12 d"


def test_cut_age_after_a_brief_is_dropped() -> None:
    got = rows("Kop\nDEN HAAG (ANP) - Een.\nMeer uit Binnenland\nGOUDA (ANP) - Kaas.\n12 u")
    assert got[-1] == ("list", None, ("GOUDA",), ("ANP",), "Kaas.", None)


@pytest.mark.parametrize(
    "tail",
    ["Ajax - Feyenoord op groot scherm in Goes", "Ajax - Feyenoord op groot scherm\n\nGOES (AN"],
)
def test_cut_headline_after_age_line_is_no_item(tail: str) -> None:
    page = a_page(
        "Kop", "Kop", "GOES - Hoofdartikel.", "Meer uit Beveland", "Titel", "KAPELLE - Brief."
    )
    got = rows(page + "\n2 dagen geleden\n" + tail)
    assert [row[2] for row in got] == [("GOES",), ("KAPELLE",)]
    assert got[-1][5] == "2 dagen geleden"


def _cut_pages() -> list[Path]:
    return sorted(
        page for page in GOLDEN.glob("*/*.txt") if page.name.startswith(("h_", "a_", "d_"))
    )


def _check_every_cut(data: bytes) -> None:
    full = rows(data)
    # every 3rd byte keeps the test fast; UTF-8 cuts of short pages are left to the decode tests
    for size in range(1, len(data), 3):
        if data[size] & 0xC0 == 0x80 and len(data) < 1024:
            continue
        cut = rows(data[:size])
        assert len(cut) <= len(full), size
        for index, (got, want) in enumerate(zip(cut, full, strict=False)):
            if index < len(cut) - 1:
                assert got == want, size
            else:
                assert got[:4] == want[:4], size
                assert want[4].startswith(got[4]), size
                assert got[5] in (None, want[5]), size


@pytest.mark.parametrize("page", _cut_pages(), ids=lambda p: p.name)
def test_every_cut_of_a_fixture_page_is_a_prefix(page: Path) -> None:
    _check_every_cut(page.read_bytes())


@pytest.mark.parametrize("name", ["000_0a3fddbdcc22dee7.txt", "002_26c6d2cb005ef2e9.txt"])
def test_every_cut_of_a_seed_is_a_prefix(seeds_dir: Path, name: str) -> None:
    path = seeds_dir / name
    if not path.exists():
        pytest.skip("seed page not available")
    _check_every_cut(path.read_bytes())


def test_age_phrases_starting_a_paragraph_are_body() -> None:
    page = (
        "Kop\nDEN HAAG (ANP) - Tekst.\n3 jaar geleden, zei hij, begon het.\n"
        "2 dagen geleden kwam hij.\nMeer uit Zeeland\nGOES - De eerste.\n"
        "2 dagen geleden KAPELLE - De tweede.\n"
    )
    assert rows(page) == [
        (
            "main",
            "Kop",
            ("DEN HAAG",),
            ("ANP",),
            "Tekst.\n3 jaar geleden, zei hij, begon het.\n2 dagen geleden kwam hij.",
            None,
        ),
        ("list", None, ("GOES",), (), "De eerste.", "2 dagen geleden"),
        ("list", None, ("KAPELLE",), (), "De tweede.", None),
    ]


def test_subtitle_between_doubled_headline_and_dateline() -> None:
    page = a_page("Kop van het stuk", "Kop van het stuk", "Ondertitel", "DEN HAAG (ANP) - Tekst.")
    assert rows(page)[0][1] == "Kop van het stuk"


def test_glued_regional_brief_may_start_in_lower_case() -> None:
    page = (
        "Zeeland\nNet binnen\n- Tholen 8:40 Titel\nGOES - De eerste.\n"
        "2 dagen geledenKAPELLE - dinsdag opent de school.\n"
    )
    assert rows(page)[-1] == ("list", None, ("KAPELLE",), (), "dinsdag opent de school.", None)


def test_cut_paragraph_start_after_the_list_heading_is_body() -> None:
    page = a_page(
        "Kop", "Kop", "DEN HAAG (ANP) - Een.", "Meer uit Binnenland", "Titel", "GOUDA (ANP) - Kaas."
    )
    assert rows(page + "\nM")[-1][4] == "Kaas.\nM"
    assert rows("Kop\nDEN HAAG (ANP) - Een.\nMeer u")[0][4] == "Een."


def _as_layout_a(seed: bytes) -> tuple[str, list[Row]]:
    """The seed's items rewritten at run time as a layout-A page (webmail, headline twice,
    blank lines, brief headlines ending in a full stop, ages on their own line)."""
    parsed = parse_page(seed)
    main, briefs = parsed.items[0], parsed.items[1:]
    blocks = [main.headline or "", main.headline or ""]
    paragraphs = main.body.split("\n")
    blocks += [(main.dateline or "") + paragraphs[0], *paragraphs[1:], f"Meer uit {parsed.section}"]
    want: list[Row] = [
        ("main", main.headline, main.places, main.agencies, main.body, None),
    ]
    for number, brief in enumerate(briefs, 1):
        headline = f"Bericht nummer {number} van de dag."
        blocks += [headline, (brief.dateline or "") + brief.body]
        if brief.age is not None:
            blocks[-1] += "\n\n" + brief.age
        want.append(("list", headline, brief.places, brief.agencies, brief.body, brief.age))
    return a_page(*blocks), want


@pytest.mark.parametrize("name", ["000_0a3fddbdcc22dee7.txt", "002_26c6d2cb005ef2e9.txt"])
def test_seed_items_rewritten_as_layout_a_come_back(seeds_dir: Path, name: str) -> None:
    path = seeds_dir / name
    if not path.exists():
        pytest.skip("seed page not available")
    page, want = _as_layout_a(path.read_bytes())
    assert rows(page) == want
    assert rows(page.replace("\n", "\r\n").encode("cp1252", "replace")) == rows(
        page.encode("cp1252", "replace")
    )


def test_age_glued_to_the_next_headline() -> None:
    page = a_page(
        "Kop",
        "Kop",
        "DEN HAAG (ANP) - Een.",
        "Meer uit Binnenland",
        "Titel",
        "GOUDA (ANP) - Kaas.",
        '2 uur geleden"Ik blijf"',
        "DEN HAAG (ANP) - Twee.",
        "3 uur geleden12 doden bij brand",
        "LONDEN (ANP) - Drie.",
    )
    got = rows(page)
    assert [(row[1], row[5]) for row in got[1:]] == [
        ("Titel", "2 uur geleden"),
        ('"Ik blijf"', "3 uur geleden"),
        ("12 doden bij brand", None),
    ]
