"""Bad pages in a batch (binary, undecodable, empty, 50 MB) with the real page reader: one
problem each, naming the input, the batch goes on, the raw input is kept."""

from __future__ import annotations

from pathlib import Path

from store_fakes import T0

from wiredesk.model import Page, Problem, SourceRef
from wiredesk.store.ingest import ingest_pages
from wiredesk.store.sqlite import SQLiteStore


def _page(data: bytes, name: str) -> Page:
    return Page(data=data, ref=SourceRef("file", name), url=f"https://x.test/{name}", fetched_at=T0)


def test_bad_pages_do_not_stop_the_batch(tmp_path: Path, seeds_dir: Path) -> None:
    seed = sorted(seeds_dir.glob("*.txt"))[0].read_bytes()
    big = (b"PARIJS (ANP) - " + b"woord " * 200 + b"\n") * (50 * 1024 * 1024 // 1216)
    pages = [
        _page(b"\x00\x01\x02\x03" * 64, "binary.txt"),
        _page(seed, "good.txt"),
        _page(b"", "empty.txt"),
        _page(bytes(range(128, 256)) * 40, "undecodable.txt"),
        _page(big, "huge.txt"),
    ]
    store = SQLiteStore(tmp_path / "a.db")
    seen: list[Problem] = []
    report = ingest_pages(store, pages, on_problem=seen.append)
    assert report.pages == 5
    assert report.sightings >= 5  # the good page's items are in
    named = {p.input for p in seen}
    assert {"binary.txt", "empty.txt", "huge.txt"} <= named
    assert all("\n" not in p.line() for p in seen)
    for page in pages:
        sha = store.conn.execute(
            "SELECT raw_sha256 FROM pages WHERE source_location=?", (page.ref.location,)
        ).fetchone()[0]
        assert store.raw_input(sha) == page.data
    listed = {p.input for p in store.problems()}
    assert named <= listed
    assert store.check() == []
    store.close()
