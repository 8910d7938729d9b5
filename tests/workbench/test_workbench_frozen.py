"""A frozen set gives identical results after further ingests, version updates and a re-ingest."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wiredesk.archive import Archive
from wiredesk.errors import UsageError
from wiredesk.model import Page, SourceRef
from wiredesk.query.frozen import checksum, freeze, frozen_counts, list_frozen, load_frozen, verify
from wiredesk.query.scope import Scope

BODY = (
    "ZIERIKZEE (ANP) - De Zeelandbrug is dinsdagochtend urenlang dicht geweest na een aanvaring "
    "met een binnenvaartschip. Volgens Rijkswaterstaat raakte het schip een van de pijlers van de "
    "brug. Inspecteurs onderzoeken of de constructie schade heeft opgelopen. Het verkeer tussen "
    "Zierikzee en Noord-Beveland werd omgeleid via de Oosterscheldekering, wat flinke vertraging "
    "opleverde voor forensen en vrachtverkeer."
)
UPDATE = " De schipper is door de politie verhoord."


def _article(body: str, hours: int) -> Page:
    text = f"Zeelandbrug dicht na aanvaring door binnenvaartschip\n{body}\nMeer uit Binnenland\n"
    return Page(
        text.encode("utf-8"),
        SourceRef("file", f"brug-{hours}.txt"),
        url="https://portal.example/binnenland/zeelandbrug-dicht",
        fetched_at=datetime(2025, 3, 4, 9, tzinfo=UTC) + timedelta(hours=hours),
        format="text",
    )


def _conn(archive: Archive) -> sqlite3.Connection:
    conn = archive.store.conn  # type: ignore[attr-defined]
    assert isinstance(conn, sqlite3.Connection)
    return conn


def _snapshot(archive: Archive, name: str) -> tuple[str, str, list[str], object]:
    f = load_frozen(_conn(archive), name)
    lines = [json.dumps(r, sort_keys=True) for r in f.records]
    return f.set_id, f.checksum, lines, frozen_counts(f, "week")


def test_frozen_set_survives_ingests_versions_and_reingest(
    tmp_path: Path, wb_pages: list[object]
) -> None:
    half = len(wb_pages) // 2
    with Archive.open(tmp_path / "a.db") as archive:
        archive.ingest_pages([*wb_pages[:half], _article(BODY, 0)])
        conn = _conn(archive)
        first = freeze(conn, "*", "all-then")
        brug = freeze(conn, "zeelandbrug", "brug")
        assert brug.n_items == 1
        assert "verhoord" not in brug.records[0]["body"]
        freeze(conn, "politie OR kabinet", "subset", scope=Scope(merge=False))
        freeze(conn, "zzyzxnotaword", "empty")
        before = {n: _snapshot(archive, n) for n in ("all-then", "subset", "empty", "brug")}
        items_then = {r["id"]: (r["n_versions"], r["n_sightings"]) for r in first.records}

        # Further ingests (new items, sightings), a new version of a frozen item, a re-ingest.
        archive.ingest_pages([*wb_pages[half:], _article(BODY + UPDATE, 5)])
        archive.ingest_pages([*wb_pages, _article(BODY, 0), _article(BODY + UPDATE, 5)])
        live = archive.item(brug.records[0]["id"])
        assert live is not None
        assert live.n_versions == 2
        assert "verhoord" in live.body
        now = {
            str(i): (int(v), int(s))
            for i, v, s in conn.execute("SELECT id, n_versions, n_sightings FROM items")
        }
        # The live archive did change under the frozen set ...
        assert len(now) > len(items_then)
        assert any(now[i] != vs for i, vs in items_then.items())
        assert any(now[i][0] > vs[0] for i, vs in items_then.items()), "no version update"
        # ... and the frozen sets did not.
        for name, snap in before.items():
            assert _snapshot(archive, name) == snap, name
            assert verify(load_frozen(conn, name))
        # A new freeze of the same query now is a different set with a different id.
        again = freeze(conn, "*", "all-now")
        assert again.set_id != first.set_id
        assert again.n_items == len(now)
        names = [s.name for s in list_frozen(conn)]
        assert names == ["all-then", "brug", "subset", "empty", "all-now"]
        assert "verhoord" not in load_frozen(conn, "brug").records[0]["body"]


def test_same_result_gets_the_same_id_and_empty_sets_are_results(
    wb_archive: Path, tmp_path: Path
) -> None:
    import shutil

    shutil.copy(wb_archive, tmp_path / "a.db")
    with Archive.open(tmp_path / "a.db") as archive:
        conn = _conn(archive)
        a = freeze(conn, "politie", "a")
        b = freeze(conn, "politie", "b")
        assert a.set_id == b.set_id
        assert a.checksum == b.checksum
        c = freeze(conn, "politie", "c", scope=Scope(wire="exclude"))
        assert c.set_id != a.set_id
        e = freeze(conn, "zzyzxnotaword", "e")
        assert e.n_items == 0
        assert e.checksum == checksum([])
        assert frozen_counts(e, None)[0]["count"] == 0
        with pytest.raises(UsageError):
            freeze(conn, "politie", "a")
        with pytest.raises(UsageError):
            freeze(conn, "politie", "  ")
        with pytest.raises(UsageError):
            load_frozen(conn, "missing")
