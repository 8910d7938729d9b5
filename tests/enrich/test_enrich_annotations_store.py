"""The enrichment tables in a real SQLite archive: sync, reads, incremental = one-shot."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiredesk.archive import Archive


def _seed_files(seeds_dir: Path) -> list[Path]:
    files = sorted(seeds_dir.glob("*.txt"))
    if len(files) < 2:
        pytest.skip("needs the two seed pages")
    return files


def _stories(archive: Archive) -> dict[str, tuple[str, str]]:
    conn = archive.store.conn  # type: ignore[attr-defined]
    rows = conn.execute(
        "SELECT i.id, e.story_id, e.storyline_id FROM enrich_items e"
        " JOIN items i ON i.rowid = e.item_rowid"
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def test_enrich_fills_the_tables(tmp_path: Path, seeds_dir: Path) -> None:
    files = _seed_files(seeds_dir)
    with Archive.open(tmp_path / "a.db") as archive:
        archive.ingest(files)
        n_items = archive.stats()["items"]
        counts = archive.enrich()
        assert counts["annotated"] == n_items
        assert counts["assigned_to_stories"] == n_items
        ids = {e["id"] for e in archive.entities(limit=500)}
        assert {"person:vladimir-poetin", "person:kim-jong-un"} <= ids
        people = archive.entities(kind="person", limit=500)
        assert all(e["kind"] == "person" for e in people)
        stories = archive.stories(min_items=1, limit=500)
        assert sum(s["items"] for s in stories) == n_items
        # Nothing new: a second run does nothing.
        assert archive.enrich()["annotated"] == 0


def test_incremental_enrich_equals_one_shot(tmp_path: Path, seeds_dir: Path) -> None:
    first, second = _seed_files(seeds_dir)[:2]
    with Archive.open(tmp_path / "step.db") as step:
        step.ingest([first])
        step.enrich()
        step.ingest([second])
        step.enrich()
        stepwise = _stories(step)
    with Archive.open(tmp_path / "once.db") as once:
        once.ingest([first])
        once.ingest([second])
        once.enrich()
        assert _stories(once) == stepwise


def test_reading_before_the_tables_exist_is_one_clear_error(
    tmp_path: Path, seeds_dir: Path
) -> None:
    from wiredesk.errors import StoreError

    with Archive.open(tmp_path / "old.db") as archive:
        archive.ingest(_seed_files(seeds_dir)[:1])
        archive.store.conn.execute("DROP TABLE enrich_items")  # type: ignore[attr-defined]
        with pytest.raises(StoreError, match="not enriched yet"):
            archive.entities()


def test_query_field_values(tmp_path: Path, seeds_dir: Path) -> None:
    from wiredesk.enrich.query_fields import country_code_for, entity_ids_for, matching_rowids

    assert entity_ids_for("Poetin") == entity_ids_for("putin") == ["person:vladimir-poetin"]
    assert entity_ids_for("NATO") == entity_ids_for("navo") == ["org:navo"]
    assert entity_ids_for("person:x-y") == ["person:x-y"]
    assert entity_ids_for("Richard Grenells") == ["person:richard-grenells", "org:richard-grenells"]
    assert country_code_for("Frankrijk") == country_code_for("fr") == "FR"
    assert country_code_for("Parijs") is None  # a city is not a country
    with Archive.open(tmp_path / "q.db") as archive:
        archive.ingest(_seed_files(seeds_dir))
        archive.enrich()
        conn = archive.store.conn  # type: ignore[attr-defined]
        poetin = matching_rowids(conn, "entity", "Poetin")
        assert poetin
        assert matching_rowids(conn, "country", "FR")
        story = conn.execute("SELECT story_id FROM enrich_items LIMIT 1").fetchone()[0]
        assert matching_rowids(conn, "story", story)
        assert matching_rowids(conn, "entity", "Nobody Atall") == []


def test_story_detail_and_counts(tmp_path: Path, seeds_dir: Path) -> None:
    from wiredesk.enrich.query_fields import count_by, matching_rowids

    with Archive.open(tmp_path / "s.db") as archive:
        archive.ingest(_seed_files(seeds_dir))
        archive.enrich()
        biggest = archive.stories(limit=1)[0]
        detail = archive.story(biggest["id"])
        assert detail is not None
        assert len(detail["items"]) == biggest["items"]
        assert biggest["id"] in {s["id"] for s in detail["storyline_stories"]}
        assert archive.story("story-999999") is None
        conn = archive.store.conn  # type: ignore[attr-defined]
        everything = count_by(conn, "entity")
        assert everything[0]["count"] >= everything[-1]["count"]
        only = count_by(conn, "country", matching_rowids(conn, "entity", "Poetin"))
        assert only
        assert all(set(row) == {"key", "label", "count"} for row in only)
        assert count_by(conn, "story", []) == []
