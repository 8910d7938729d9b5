"""Dateline and body places resolve to the offline gazetteer; unknown places stay unresolved."""

from __future__ import annotations

import pytest

from wiredesk.enrich.folding import fold
from wiredesk.enrich.places import PlaceResolver


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver()


def _id(resolver: PlaceResolver, written: str) -> str | None:
    place = resolver.resolve(written).place
    return place.id if place else None


def test_kiev_and_kyiv_are_the_same_place(resolver: PlaceResolver) -> None:
    assert _id(resolver, "KIEV") == _id(resolver, "KYIV") == _id(resolver, "Kiev") == "703448"


def test_dutch_exonym_parijs_is_paris_france(resolver: PlaceResolver) -> None:
    place = resolver.resolve("PARIJS").place
    assert place is not None
    assert (place.name, place.country, place.id) == ("Paris", "FR", "2988507")
    assert place.lat == pytest.approx(48.85, abs=0.1)
    assert place.lon == pytest.approx(2.35, abs=0.1)


@pytest.mark.parametrize(
    ("written", "country", "name"),
    [
        ("BEIROET", "LB", "Beirut"),
        ("KEULEN", "DE", "Köln"),
        ("MOSKOU", "RU", "Moscow"),
        ("PEKING", "CN", "Beijing"),
        ("KAAPSTAD", "ZA", "Cape Town"),
        ("JERUZALEM", "IL", "Jerusalem"),
        ("KOMSOMOLSK AAN DE AMOER", "RU", "Komsomolsk-on-Amur"),
        ("DEN HAAG", "NL", "The Hague"),
        ("ST. ANTON AM ARLBERG", "AT", "St Anton am Arlberg"),
        ("GAZA-STAD", "PS", "Gaza"),
        ("GENÈVE", "CH", "Geneva"),
        ("MÜNCHEN", "DE", "Munich"),
        ("OŚWIĘCIM", "PL", "Oświęcim"),
        ("GOES", "NL", "Goes"),
        ("VLISSINGEN", "NL", "Vlissingen"),
        ("Borsele", "NL", "Borssele"),
        ("NOORDWIJK", "NL", "Noordwijk-Binnen"),
        ("ISTANBOEL", "TR", "Istanbul"),
    ],
)
def test_places_as_written(resolver: PlaceResolver, written: str, country: str, name: str) -> None:
    place = resolver.resolve(written).place
    assert place is not None, written
    assert (place.name, place.country) == (name, country)


def test_accents_and_case_do_not_matter(resolver: PlaceResolver) -> None:
    assert _id(resolver, "GENEVE") == _id(resolver, "Genève") == _id(resolver, "GENÈVE")
    assert _id(resolver, "OSWIECIM") == _id(resolver, "Oświęcim")


def test_country_datelines_resolve_to_the_country(resolver: PlaceResolver) -> None:
    place = resolver.resolve("OMAN").place
    assert place is not None
    assert (place.kind, place.country) == ("country", "OM")
    # ... unless the capital carries the country's name.
    lux = resolver.resolve("LUXEMBURG").place
    assert lux is not None
    assert (lux.kind, lux.country) == ("city", "LU")


def test_regions_and_dutch_municipalities_from_the_own_table(resolver: PlaceResolver) -> None:
    strip = resolver.resolve("GAZASTROOK").place
    assert strip is not None
    assert (strip.kind, strip.country) == ("region", "PS")
    westland = resolver.resolve("WESTLAND").place
    assert westland is not None
    assert westland.country == "NL"


@pytest.mark.parametrize("written", ["XQZWORP", "NIEUWPLAATSJE-AAN-ZEE-OOST", "", "   ", "???"])
def test_unknown_places_stay_unresolved(resolver: PlaceResolver, written: str) -> None:
    resolution = resolver.resolve(written)
    assert resolution.place is None
    assert resolution.as_written == written


def test_fold() -> None:
    assert fold("  GAZA – Stad ") == "gaza-stad"
    assert fold("Łódź") == "lodz"


def test_body_places(resolver: PlaceResolver) -> None:
    text = "Volgens de Verenigde Staten reisde Kim naar Rusland en daarna naar Den Haag."
    found = [(m.text, m.place.country) for m in resolver.body_places(text)]
    assert found == [("Verenigde Staten", "US"), ("Rusland", "RU"), ("Den Haag", "NL")]


def test_body_places_skip_taken_spans_and_common_words(resolver: PlaceResolver) -> None:
    text = "Dat meldt de Washington Post. Best mogelijk dat het regent."
    skip = [(text.index("Washington Post"), text.index("Washington Post") + 15)]
    assert resolver.body_places(text, skip=skip) == []
    assert resolver.body_places("") == []
