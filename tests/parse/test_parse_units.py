"""Unit checks of the reader's small parts: datelines, ages, decoding, index entries, furniture."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.model import Dateline
from wiredesk.parse.age import is_partial_age, parse_age, published_interval
from wiredesk.parse.dateline import format_dateline, match_dateline, parse_dateline, strip_kicker
from wiredesk.parse.decode import Decoded, Unreadable, decode_bytes
from wiredesk.parse.furniture import meer_uit_section, page_date
from wiredesk.parse.index import parse_index_entry
from wiredesk.parse.page import parse_page


@pytest.mark.parametrize(
    ("text", "places", "agencies"),
    [
        ("KYIV (ANP/AFP) - Tekst", ("KYIV",), ("ANP", "AFP")),
        ("GAZA/JERUZALEM (ANP) - Tekst", ("GAZA", "JERUZALEM"), ("ANP",)),
        ("KOMSOMOLSK AAN DE AMOER (ANP/RTR) - x", ("KOMSOMOLSK AAN DE AMOER",), ("ANP", "RTR")),
        ("ST. ANTON AM ARLBERG (ANP) - x", ("ST. ANTON AM ARLBERG",), ("ANP",)),
        ("GAZA-STAD (ANP) – x", ("GAZA-STAD",), ("ANP",)),
        ("MÜNCHEN (ANP/DPA) — x", ("MÜNCHEN",), ("ANP", "DPA")),
        ("OŚWIĘCIM (ANP) - x", ("OŚWIĘCIM",), ("ANP",)),
        ("DEN HAAG/ (ANP) - x", ("DEN HAAG",), ("ANP",)),
        ("EREDIVISIEALKMAAR (ANP) - x", ("ALKMAAR",), ("ANP",)),
        ("'S-HERTOGENBOSCH (ANP) - x", ("'S-HERTOGENBOSCH",), ("ANP",)),
        ("NEW YORK (ANP/RTR/AFP/BLOOMBERG) - x", ("NEW YORK",), ("ANP", "RTR", "AFP", "BLOOMBERG")),
        ("GOES - De gemeente", ("GOES",), ()),
        ("Borsele - De gemeente", ("Borsele",), ()),
        ("BERGEN OP ZOOM - De", ("BERGEN OP ZOOM",), ()),
    ],
)
def test_datelines(text: str, places: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    dateline = parse_dateline(text)
    assert dateline is not None
    assert (dateline.places, dateline.agencies) == (places, agencies)


@pytest.mark.parametrize(
    "text",
    [
        "De NAVO (ANP) - zegt iets",
        "Volgens persbureau (ANP) - meldde",
        "VS - China",  # the stoplist: never a regional place
        "NAVO - top",
        "Dit is gewoon een zin - met een streepje.",
        "ARNHEM (AN",
        "ALKMAAR (anp) - x",
        "2024 (ANP) - x",
    ],
)
def test_not_datelines(text: str) -> None:
    assert parse_dateline(text) is None


def test_agencyless_can_be_switched_off() -> None:
    assert match_dateline("GOES - De gemeente", allow_agencyless=False) is None


def test_kicker_words_only_when_a_place_remains() -> None:
    assert strip_kicker("EREDIVISIEALKMAAR") == "ALKMAAR"
    assert strip_kicker("VOETBAL ROTTERDAM") == "ROTTERDAM"
    assert strip_kicker("OSAKA") == "OSAKA"
    assert strip_kicker("WEERT") == "WEERT"
    assert strip_kicker("TENNIS") == "TENNIS"


def test_format_round_trip() -> None:
    for dateline in (
        Dateline("A/B (ANP/AFP) - ", ("A", "B"), ("ANP", "AFP")),
        Dateline("GOES - ", ("GOES",), ()),
    ):
        assert parse_dateline(format_dateline(dateline)) == dateline


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("1 minuut geleden", timedelta(minutes=1), timedelta(minutes=2)),
        ("38 minuten geleden", timedelta(minutes=38), timedelta(minutes=39)),
        ("1 uur geleden", timedelta(hours=1), timedelta(hours=2)),
        ("2 dagen geleden", timedelta(days=2), timedelta(days=3)),
        ("1 dag geleden", timedelta(days=1), timedelta(days=2)),
        ("1 week geleden", timedelta(days=7), timedelta(days=14)),
        ("3 weken geleden", timedelta(days=21), timedelta(days=28)),
        ("1 maand geleden", timedelta(days=30), timedelta(days=60)),
        ("2 jaar geleden", timedelta(days=730), timedelta(days=1095)),
    ],
)
def test_age_units_and_floor_rounding(text: str, low: timedelta, high: timedelta) -> None:
    age = parse_age(text)
    assert age is not None
    assert (age.raw, age.min_delta, age.max_delta) == (text, low, high)
    fetched = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
    interval = published_interval(age, fetched)
    assert interval.earliest == fetched - high
    assert interval.latest == fetched - low
    assert published_interval(age, None).earliest is None


def test_partial_ages() -> None:
    for text in ("3", "3 u", "3 uur gel", "38 minu", "2 dagen", "1 jaar geleden"[:-1]):
        assert is_partial_age(text), text
    for text in ("De 3", "3 appels", "3 uur later"):
        assert not is_partial_age(text), text


def test_decode_rules() -> None:
    assert decode_bytes("é".encode("cp1252")) == Decoded("é", "cp1252")
    assert decode_bytes(b"\xef\xbb\xbfcaf\xc3\xa9") == Decoded("café", "utf-8-sig")
    cut = "café ‘x".encode()[:-2]  # a 3-byte quote cut after its first byte
    assert decode_bytes(cut) == Decoded("café ", "utf-8")
    assert decode_bytes(b"a\r\nb\rc\xc2\xa0d") == Decoded("a\nb\nc d", "utf-8")
    latin = decode_bytes(b"Een lange zin over een caf\xe9 in Gouda met een vreemd teken \x81.")
    assert isinstance(latin, Decoded)
    assert latin.encoding == "latin-1"
    assert "café" in latin.text
    for data, code in [
        (b"", "empty"),
        (b" \n\n ", "empty"),
        (b"abc\x00def", "binary"),
        (b"\x1f\x8b\x08\x00rest", "binary"),
        (b"%PDF-1.4 ...", "binary"),
        (bytes(range(1, 9)) * 50, "binary"),
    ]:
        result = decode_bytes(data)
        assert isinstance(result, Unreadable)
        assert result.code == code


def test_too_large_is_refused_before_decoding() -> None:
    parsed = parse_page(b"x" * (20 * 1024 * 1024 + 1))
    assert [p.code for p in parsed.problems] == ["too_large"]


def test_index_entry_interval_in_amsterdam_time() -> None:
    fetched = datetime(2026, 2, 3, 9, 15, tzinfo=UTC)  # 10:15 in Amsterdam (CET)
    entry = parse_index_entry("- Binnenland 9:31 Treinen rijden weer", fetched)
    assert entry is not None
    assert (entry.section, entry.time, entry.title) == ("Binnenland", "9:31", "Treinen rijden weer")
    assert entry.published.earliest == datetime(2026, 2, 3, 8, 31, tzinfo=UTC)
    assert entry.published.latest == datetime(2026, 2, 3, 8, 32, tzinfo=UTC)
    later = parse_index_entry("- Zeeuws-Vlaanderen 23:50 Nachtelijk nieuws", fetched)
    assert later is not None
    assert later.published.earliest is not None
    assert later.published.earliest.date().day == 2  # yesterday: it is only 10:15 now
    assert parse_index_entry("- Tholen 25:10 x", fetched) is None


def test_furniture_lines() -> None:
    assert meer_uit_section("Meer uit Buitenland") == "Buitenland"
    assert meer_uit_section("Meer uit Beveland") == "Beveland"
    assert meer_uit_section("Meer uit de rapporten blijkt dat het misging.") is None
    assert page_date("woensdag 1 januari 2025") == datetime(2025, 1, 1).date()
    assert page_date("1 uur geleden") is None


def test_capitals_inside_a_body_never_start_an_item() -> None:
    page = (
        "Titel van het stuk\n"
        "UTRECHT (ANP) - De NAVO zegt (ANP) - dat de VS - en de EU - meedoen. ROME (ANP) - niet.\n"
        "Meer uit Binnenland\n"
        "ZWOLLE (ANP) - Tekst een.\n"
        "1 uur geleden"
    )
    items = parse_page(page).items
    assert [item.places for item in items] == [("UTRECHT",), ("ZWOLLE",)]
    assert items[1].age == "1 uur geleden"


def test_body_line_starting_with_an_age_phrase_stays_body() -> None:
    page = "Kop\nGOUDA (ANP) - Eerste alinea.\n2 dagen geleden ging het mis.\nMeer uit Binnenland"
    (item,) = parse_page(page).items
    assert item.body == "Eerste alinea.\n2 dagen geleden ging het mis."


def test_agencyless_dateline_inside_a_body_is_body() -> None:
    page = "Kop\nGOES (ANP) - Eerste alinea.\nKAPELLE - ook dit is body.\nMeer uit Zeeland"
    (item,) = parse_page(page).items
    assert item.body == "Eerste alinea.\nKAPELLE - ook dit is body."


def test_naive_fetched_at_is_utc_and_offset_is_kept() -> None:
    page = "Kop\nGOES (ANP) - x.\nMeer uit Zeeland\nKAPELLE (ANP) - y.\n2 uur geleden"
    parsed = parse_page(page, fetched_at=datetime(2026, 2, 3, 9, 0))
    assert parsed.fetched_at == datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
    assert parsed.items[1].published.latest == datetime(2026, 2, 3, 7, 0, tzinfo=UTC)


def test_cut_page_leftovers_are_not_items_or_sections() -> None:
    base = "Kop\nGOUDA (ANP) - Een.\n"
    assert parse_page(base + "Meer uit Bu").section is None  # the name may be cut
    assert parse_page(base + "Meer uit Buitenland").section == "Buitenland"
    assert parse_page(base + "Meer uit Bu\n").section == "Bu"  # a whole line: as written
    (main,) = parse_page(base + "M").items
    assert main.body == "Een."
    page = parse_page(
        base + "Meer uit Binnenland\nEDAM (ANP) - Twee.\n1 uur geledenLEIDEN (ANP) - "
    )
    assert [item.places for item in page.items] == [("GOUDA",), ("EDAM",)]
    assert page.items[1].age == "1 uur geleden"


def test_html_age_inside_the_paragraph_or_before_the_text() -> None:
    page = parse_page(
        "<html><body><article><h1>Kop</h1><p>GOUDA (ANP) - Kaas.</p></article><ul>"
        '<li><p>EDAM (ANP) - Ook kaas. <span class="age">2 uur geleden</span></p></li>'
        "<li><p><small>3 uur geleden</small> LEIDEN (ANP) - Sleutels.</p></li></ul></body></html>"
    )
    assert [(i.places, i.age, i.body) for i in page.items] == [
        (("GOUDA",), None, "Kaas."),
        (("EDAM",), "2 uur geleden", "Ook kaas."),
        (("LEIDEN",), "3 uur geleden", "Sleutels."),
    ]


def test_html_index_entry_with_inline_time() -> None:
    page = parse_page(
        "<html><body><h1>Tholen</h1><section><h2>Net binnen</h2><ul>"
        "<li>- <span>Binnenland</span> <time>9:05</time> <a>Titel een</a></li>"
        "<li>- <span>Tholen</span> <time>8:40</time> <a>Titel twee</a></li></ul></section>"
        "<div><p>THOLEN - De haven gaat open.</p><span>1 uur geleden</span></div></body></html>"
    )
    assert [(e.section, e.time, e.title) for e in page.index_entries] == [
        ("Binnenland", "9:05", "Titel een"),
        ("Tholen", "8:40", "Titel twee"),
    ]
    assert page.section == "Tholen"
    assert [(i.places, i.age) for i in page.items] == [(("THOLEN",), "1 uur geleden")]


def test_no_dash_and_spelled_out_agency_tolerated() -> None:
    page = parse_page(
        "Kop\nKYIV (ANP) De president sprak.\nMeer uit Buitenland\nROME (ANP/Reuters): Ja."
    )
    assert [(i.places, i.agencies, i.body) for i in page.items] == [
        (("KYIV",), ("ANP",), "De president sprak."),
        (("ROME",), ("ANP", "Reuters"), "Ja."),
    ]


def test_kicker_with_a_digit_and_s_places() -> None:
    assert parse_dateline("FORMULE1ZANDVOORT (ANP) - x") == Dateline(
        "FORMULE1ZANDVOORT (ANP) - ", ("ZANDVOORT",), ("ANP",)
    )
    found = parse_dateline("'s-Heerenhoek - De markt")
    assert found is not None
    assert found.places == ("'s-Heerenhoek",)
    assert parse_dateline("Betrokkenen - onder wie deskundigen") is None


def test_deeply_nested_html_is_read_flat() -> None:
    # a tree builder is quadratic on this; the reader reads such pages without a tree
    html = "<html><body>" + "<div>" * 60_000 + "<h1>Kop</h1><p>KYIV (ANP) - Tekst.</p>"
    parsed = parse_page(html + "</div>" * 60_000 + "</body></html>")
    assert [(i.places, i.body, i.headline) for i in parsed.items] == [(("KYIV",), "Tekst.", "Kop")]


def test_spaced_dashes_are_never_inside_a_place() -> None:
    assert parse_dateline("A - A - A - B") is None
    assert parse_dateline("ST.-PETERSBURG (ANP) - x") is not None


def test_undecodable_and_utf16() -> None:
    for data in (b"\xff\xfea\x00b", bytes(range(0x80, 0xA0)) * 30):
        result = decode_bytes(data)
        assert isinstance(result, Unreadable)
        assert result.code == "undecodable"
    wide = decode_bytes(b"\xff\xfe" + "Kop\nKYIV (ANP) - x".encode("utf-16-le"))
    assert wide == Decoded("Kop\nKYIV (ANP) - x", "utf-16")
