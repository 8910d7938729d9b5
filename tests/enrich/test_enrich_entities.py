"""People and organisations: one canonical entity per real one; nothing invented."""

from __future__ import annotations

from datetime import date

import pytest

from wiredesk.enrich.aliases import default_table, parse_tables
from wiredesk.enrich.entities import EntityRecognizer, entity_ids, is_demonym


@pytest.fixture(scope="module")
def recognizer() -> EntityRecognizer:
    return EntityRecognizer()


def ids(rec: EntityRecognizer, headline: str | None, body: str | None) -> list[str]:
    return entity_ids(rec.recognise(headline, body))


def test_alias_variants_are_one_person(recognizer: EntityRecognizer) -> None:
    for text in ("Poetin sprak.", "Vladimir Poetin sprak.", "Putin sprak.", "Poetins woorden."):
        assert ids(recognizer, None, text) == ["person:vladimir-poetin"], text
    for text in ("Zelensky zei", "Zelenski zei", "Volodymyr Zelensky zei"):
        assert ids(recognizer, None, text) == ["person:volodymyr-zelensky"], text


def test_organisation_aliases(recognizer: EntityRecognizer) -> None:
    assert ids(recognizer, None, "De NAVO en de NATO.") == ["org:navo"]
    assert ids(recognizer, None, "De VN en de Verenigde Naties.") == ["org:vn"]
    # All-caps aliases must match exactly: the word `vn` in lower case is not the UN.
    assert ids(recognizer, None, "Het ging om vn.") == []


def test_canonical_lookup() -> None:
    table = default_table()
    assert table.canonical("Putin") == table.canonical("Vladimir Poetin")
    assert table.canonical("Kim") is None  # weak alias: needs context


def test_weak_alias_needs_context(recognizer: EntityRecognizer) -> None:
    assert ids(recognizer, "Kim Jong-un in Rusland", "Kim bezocht een fabriek.") == [
        "person:kim-jong-un"
    ]
    assert ids(recognizer, None, "Kim bezocht een fabriek.") == []


def test_roles_map_only_when_unambiguous_in_context() -> None:
    rec = EntityRecognizer(role_mode="context")
    with_name = rec.recognise(None, "De Russische president Vladimir Poetin sprak.")
    assert [m.how for m in with_name] == ["role", "alias"]
    assert entity_ids(with_name) == ["person:vladimir-poetin"]
    assert rec.recognise(None, "De Amerikaanse president sprak.") == []
    dated = EntityRecognizer(role_mode="date")
    said = dated.recognise(None, "De Amerikaanse president sprak.", day=date(2023, 5, 1))
    who = entity_ids(said)
    assert who == ["person:joe-biden"]


def test_unknown_people_and_organisations_by_rule(recognizer: EntityRecognizer) -> None:
    mentions = recognizer.recognise(
        None, "Volgens topman Richard Grenell is het Kennedy Center dicht. Grenell zweeg."
    )
    assert [(m.text, m.entity.id) for m in mentions] == [
        ("Richard Grenell", "person:richard-grenell"),
        ("Kennedy Center", "org:kennedy-center"),
        ("Grenell", "person:richard-grenell"),
    ]
    text = "Het bestuur van Zeeuwse Energie Maatschappij en Jan Pietersz."
    rule = recognizer.recognise(None, text)
    assert {m.entity.kind for m in rule} == {"org", "person"}


def test_no_entities_invented(recognizer: EntityRecognizer) -> None:
    assert recognizer.recognise(None, "het regent vandaag in het hele land, zegt de weerman.") == []
    assert recognizer.recognise("", "") == []
    assert recognizer.recognise(None, None) == []
    assert recognizer.recognise("Dinsdag", "Volgens De Het.") == []


def test_places_and_demonyms_are_not_names(recognizer: EntityRecognizer) -> None:
    assert ids(recognizer, None, "Volgens de Verenigde Staten is Rusland schuldig.") == []
    assert is_demonym("Russische")
    assert is_demonym("Amerikaanse")
    assert not is_demonym("Jesse")


def test_own_tables() -> None:
    table = parse_tables(
        [["org:x", "org", "Xylofoonbond", "XB|~Xylo"]],
        [["de voorzitter van xb", "org:x", "2020-01-01", ""]],
    )
    rec = EntityRecognizer(table, rules=False)
    assert entity_ids(rec.recognise(None, "De XB en Xylo.")) == ["org:x"]
    assert entity_ids(rec.recognise(None, "Xylo alleen.")) == []
