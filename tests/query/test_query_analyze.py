"""The Dutch analyzer: tokens, folding, stemming, exact keys."""

from __future__ import annotations

from wiredesk.query.analyze import exact_key, fold, fold_pattern, folded_and_stems, stems, tokens


def test_folding() -> None:
    assert fold("Genève") == fold("Geneve") == "geneve"
    assert fold("Oekraïne") == "oekraine"
    assert fold("ƫrg") == "erg"
    assert fold("Straße") == "strasse"
    assert fold("ØRESUND") == "oresund"


def test_stemming_conflates_inflections() -> None:
    assert stems("Russische Russisch") == ["russisch", "russisch"]
    assert stems("bezoeken bezoek")[0] == stems("bezoek")[0]
    assert stems("katten")[0] == stems("kat")[0] or stems("katten")[0] == "kat"


def test_tokens_split_hyphens_and_numbers_keep_spans() -> None:
    text = "Kim Jong-un, 55.000 mensen"
    toks = tokens(text)
    assert [t.folded for t in toks] == ["kim", "jong", "un", "55", "000", "mensen"]
    assert [text[t.start : t.end] for t in toks][:3] == ["Kim", "Jong", "un"]


def test_fast_path_equals_tokens() -> None:
    text = "De Russische président bezocht Genève op 3-4 maart ⑴ café"
    folded, stemmed = folded_and_stems(text)
    assert folded == [t.folded for t in tokens(text)]
    assert stemmed == [t.stem for t in tokens(text)]


def test_exact_key_and_patterns() -> None:
    assert exact_key("  DEN  HAAG ") == exact_key("den haag") == "den haag"
    assert exact_key("GENÈVE") == "geneve"
    assert fold_pattern("Gen?ve*") == "gen?ve*"
