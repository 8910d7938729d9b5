"""Unit tests of the pure dedup functions: normalising, keys, shingles, MinHash bands, matching,
merging of sightings and the choice of the current version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wiredesk.dedup.fingerprint import (
    article_lead_key,
    brief_lead_key,
    exact_key,
    head_key,
    item_id,
    lead_key,
    text_hash,
)
from wiredesk.dedup.match import (
    Candidate,
    decide_cut_off,
    decide_near,
    is_prefix,
    leads,
    places_compatible,
)
from wiredesk.dedup.merge import (
    ItemFacts,
    SightingFacts,
    VersionFacts,
    add_sighting,
    current_version,
    narrow_interval,
    new_item,
)
from wiredesk.dedup.near import MinHasher, NearSettings, containment, jaccard, shingles
from wiredesk.dedup.normalize import normalize_names, normalize_text, paragraphs, words
from wiredesk.model import Interval

T = datetime(2026, 2, 3, 10, tzinfo=UTC)
TEXT = (
    "De Italiaanse justitie doet onderzoek naar een man van 80 voor zijn rol in het organiseren "
    "van reizen naar Sarajevo in de jaren 90 om op mensen te schieten, meldt persbureau Reuters."
)


def test_normalize_text_folds_case_quotes_dashes_and_space():
    assert normalize_text("  Hij zei: \u201cJa\u201d \u2013  nu\n") == 'hij zei: "ja" - nu'
    assert normalize_text("Sardini\u01ab") == normalize_text("Sardiniё".replace("ё", "ë"))


def test_normalize_names_sorts_and_drops_empty():
    assert normalize_names(["RTR", "ANP", "", "afp"]) == ("afp", "anp", "rtr")


def test_words_and_paragraphs():
    assert words("Hallo, wereld! 55.000 doden") == ["hallo", "wereld", "55", "000", "doden"]
    assert paragraphs("a\n\n b \n") == ["a", "b"]


def test_exact_key_ignores_agency_order_case_and_spacing_but_not_text():
    a = exact_key(["PARIJS"], ["ANP", "AFP"], TEXT)
    assert a == exact_key(["Parijs"], ["AFP", "ANP"], "  " + TEXT.replace(" ", "  "))
    assert a != exact_key(["PARIJS"], ["ANP"], TEXT)
    assert a != exact_key(["PARIJS"], ["ANP", "AFP"], TEXT + " Meer.")
    assert a != exact_key(["BERLIJN"], ["ANP", "AFP"], TEXT)


def test_item_id_is_a_prefix_of_the_first_key():
    key = exact_key(["PARIJS"], ["ANP"], TEXT)
    assert item_id(key) == key[:16]
    assert len(item_id(key)) == 16


def test_text_hash_ignores_whitespace():
    assert text_hash("a  b") == text_hash("a b") != text_hash("a c")


def test_head_key_needs_enough_words_and_matches_a_cut_copy():
    assert head_key(["X"], "te kort") is None
    assert head_key(["ROME"], TEXT) == head_key(["ROME"], TEXT[:70])
    assert head_key(["ROME"], TEXT) != head_key(["MILAAN"], TEXT)


def test_lead_keys_pair_a_brief_with_an_article_first_paragraph():
    body = TEXT + "\nTweede alinea van het artikel."
    assert article_lead_key(["MILAAN"], body) == brief_lead_key(["MILAAN"], TEXT)
    assert article_lead_key(["MILAAN"], TEXT) is None  # one paragraph is not an article
    assert brief_lead_key(["MILAAN"], body) is None
    assert lead_key(["MILAAN"], TEXT) == brief_lead_key(["Milaan"], TEXT)


def test_shingles_jaccard_containment():
    a = shingles("een twee drie vier", 3)
    assert a == frozenset({"een twee drie", "twee drie vier"})
    assert shingles("kort", 3) == frozenset({"kort"})
    assert shingles("", 3) == frozenset()
    b = shingles("een twee drie vijf", 3)
    assert jaccard(a, b) == pytest.approx(1 / 3)
    assert jaccard(frozenset(), frozenset()) == 0.0
    assert containment(frozenset({"een twee drie"}), a) == 1.0
    assert containment(frozenset(), a) == 0.0


def test_near_settings_pick_bands_for_the_threshold_and_reject_nonsense():
    s = NearSettings(threshold=0.5, num_perm=128)
    assert s.bands * s.rows <= 128
    assert s.bands > 1
    assert "threshold=0.5" in s.describe()
    with pytest.raises(ValueError):
        NearSettings(threshold=0)


def test_minhash_bands_are_deterministic_and_shared_by_near_duplicates():
    hasher = MinHasher(NearSettings())
    _sh1, bands1 = hasher.bands_for_text(TEXT)
    _, again = MinHasher(NearSettings()).bands_for_text(TEXT)
    assert bands1 == again
    assert len(bands1) == hasher.settings.bands
    _, bands2 = hasher.bands_for_text(TEXT + " Het onderzoek loopt al langer.")
    assert set(bands1) & set(bands2)
    _, other = hasher.bands_for_text(
        "Een heel ander bericht over de kaasmarkt in Alkmaar dit jaar."
    )
    assert not set(bands1) & set(other)
    assert all(-(2**63) <= h < 2**63 for _, h in bands1)
    assert hasher.bands_for_text("") == (frozenset(), [])


def test_is_prefix_allows_a_word_cut_in_half():
    assert is_prefix("De Italiaanse jus", TEXT)
    assert is_prefix(TEXT, TEXT)
    assert not is_prefix("De Franse justitie", TEXT)
    assert not is_prefix("", TEXT)
    assert not is_prefix(TEXT + " extra", TEXT)


def test_places_compatible():
    assert places_compatible(["GAZA", "JERUZALEM"], ["Jeruzalem"])
    assert places_compatible([], ["ROME"])
    assert not places_compatible(["ROME"], ["MILAAN"])


def test_leads():
    assert leads(TEXT, TEXT + "\nMeer.")
    assert not leads(TEXT, TEXT)
    assert not leads(TEXT + "\nMeer.", TEXT)


def test_decide_cut_off_sighting_and_completion():
    full = Candidate(item=1, version=10, body=TEXT, places=("MILAAN",))
    d = decide_cut_off(TEXT[:90], ["MILAAN"], True, [full])
    assert d is not None
    assert (d.kind, d.item, d.version, d.rule) == (
        "sighting",
        1,
        10,
        "cut-off-prefix",
    )
    cut = Candidate(item=2, version=20, body=TEXT[:90], places=("MILAAN",), truncated=True)
    d = decide_cut_off(TEXT, ["MILAAN"], False, [cut])
    assert d is not None
    assert (d.kind, d.item, d.rule) == ("completes", 2, "completes-cut-off")
    assert decide_cut_off(TEXT[:90], ["ROME"], True, [full]) is None
    assert decide_cut_off("Iets anders dan dit", ["MILAAN"], True, [full]) is None


def test_decide_near_picks_the_most_similar_above_threshold():
    update = TEXT + " Het onderzoek loopt al langer."
    cands = [
        Candidate(
            item=5, version=50, body="Een ander bericht over heel iets anders.", places=("MILAAN",)
        ),
        Candidate(item=3, version=30, body=TEXT, places=("MILAAN",)),
    ]
    d = decide_near(shingles(update), ["MILAAN"], cands, 0.5)
    assert d is not None
    assert (d.kind, d.item, d.version, d.rule) == (
        "version",
        3,
        30,
        "near-duplicate",
    )
    assert 0.5 <= d.similarity < 1
    assert decide_near(shingles(update), ["ROME"], cands, 0.5) is None
    assert decide_near(shingles(update), ["MILAAN"], cands, 0.99) is None
    article = Candidate(item=7, version=70, body=TEXT + "\nTweede alinea.", places=("MILAAN",))
    assert decide_near(shingles(TEXT), ["MILAAN"], [article], 0.1, body=TEXT) is None


def _facts(published: Interval) -> ItemFacts:
    facts, conflict = new_item(
        "abc", ["X"], ["ANP"], "body", SightingFacts(T, published, None, "Binnenland")
    )
    assert not conflict
    return facts


def test_add_sighting_narrows_counts_and_fills():
    facts = _facts(Interval(T - timedelta(hours=2), T - timedelta(hours=1)))
    later = T + timedelta(minutes=30)
    seen = SightingFacts(
        later, Interval(later - timedelta(hours=2), later - timedelta(hours=1)), "Kop", None
    )
    out, conflict = add_sighting(facts, seen)
    assert not conflict
    assert out.published == Interval(T - timedelta(hours=1, minutes=30), T - timedelta(hours=1))
    assert (out.n_sightings, out.first_seen, out.last_seen, out.headline, out.section) == (
        2,
        T,
        later,
        "Kop",
        "Binnenland",
    )


def test_add_sighting_flags_a_contradiction_and_keeps_the_interval():
    published = Interval(T - timedelta(hours=2), T - timedelta(hours=1))
    facts = _facts(published)
    seen = SightingFacts(
        T + timedelta(days=2), Interval(T + timedelta(days=1), T + timedelta(days=2))
    )
    out, conflict = add_sighting(facts, seen)
    assert conflict
    assert out.conflict
    assert out.published == published
    assert out.n_sightings == 2


def test_narrow_interval_open_ends_and_empty_sighting():
    assert narrow_interval(Interval(), Interval(None, T)) == (Interval(None, T), False)
    assert narrow_interval(Interval(None, T), Interval(T + timedelta(hours=1), None))[1]
    empty = Interval(T, T - timedelta(hours=1))
    assert narrow_interval(Interval(), empty) == (Interval(), True)


def test_new_item_with_an_empty_interval_is_flagged():
    facts, conflict = new_item("x", [], [], "b", SightingFacts(T, Interval(T, T - timedelta(1))))
    assert conflict
    assert facts.conflict
    assert facts.published == Interval()


def test_current_version_is_first_seen_last_with_unknown_oldest():
    v1, v2, v3 = VersionFacts(1, T), VersionFacts(2, T + timedelta(hours=1)), VersionFacts(3, None)
    assert current_version([v1, v2, v3]) == v2
    assert current_version([v3, v1]) == v1
    assert current_version([VersionFacts(1, T), VersionFacts(2, T)]).number == 2
    with pytest.raises(ValueError):
        current_version([])
