"""Four ingest processes writing overlapping crawls into one PostgreSQL archive end with the
same items as one process ingesting everything (into SQLite, even); readers keep working."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from wiredesk.archive import Archive

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]

WRITERS = 4


sys.path.insert(0, str(Path(__file__).resolve().parent))


def canonical(conn: Any) -> frozenset[tuple[object, ...]]:
    """The archive's items, each named by where it was seen (ids depend on arrival order)."""
    groups: dict[int, set[tuple[object, object]]] = {}
    for item, url, loc, pos in conn.execute(
        "SELECT s.item, p.url, p.source_location, s.position FROM sightings s"
        " JOIN pages p ON p.rowid = s.page"
    ):
        groups.setdefault(int(item), set()).add((url or loc, pos))
    out = set()
    for row in conn.execute(
        "SELECT rowid, places, agencies, body, earliest, latest, first_seen, last_seen,"
        " n_versions, n_sightings, headline, conflict FROM items"
    ):
        versions = frozenset(
            r[0] for r in conn.execute("SELECT body FROM versions WHERE item = ?", (row[0],))
        )
        out.add((frozenset(groups[int(row[0])]), *row[1:], versions))
    return frozenset(out)


def _read_meanwhile(url: str, stop: threading.Event, seen: list[int], errors: list[Any]) -> None:
    try:
        with Archive.open(url, read_only=True) as reader:
            while not stop.is_set():
                seen.append(reader.stats()["items"])
                reader.search("kroon OR oorlog", limit=5)
    except BaseException as exc:  # reported by the test's assertion
        errors.append(exc)


def test_four_writers_equal_one(pg_url: str, tmp_path: Path) -> None:
    from pg_fake_crawl import crawl_pages
    from store_fakes import fake_reader

    from wiredesk.store.ingest import ingest_pages
    from wiredesk.store.sqlite import SQLiteStore

    Archive.open(pg_url).close()  # migrate once (concurrent first opens: the test below)
    stop = threading.Event()
    seen: list[int] = []
    errors: list[Any] = []
    thread = threading.Thread(target=_read_meanwhile, args=(pg_url, stop, seen, errors))
    thread.start()
    writer = str(Path(__file__).with_name("pg_fake_crawl.py"))
    procs = [
        subprocess.Popen(
            [sys.executable, writer, pg_url, str(k), str(WRITERS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for k in range(WRITERS)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    stop.set()
    thread.join(timeout=60)
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode()[-2000:]
    assert not errors, errors
    assert seen, "the reader ran"
    assert seen == sorted(seen), "readers see whole batches only: counts never fall"

    one = SQLiteStore(tmp_path / "one.db")
    try:
        ingest_pages(one, crawl_pages(), reader=fake_reader)
        want, want_stats = canonical(one.conn), one.stats()
    finally:
        one.close()
    with Archive.open(pg_url) as shared:
        assert shared.check() == []
        assert shared.stats() == want_stats
        assert canonical(shared.store.conn) == want


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    from wiredesk.generate import generate_pages, write_crawl

    out = tmp_path_factory.mktemp("crawl")
    write_crawl(out, generate_pages(200, seed=5), seed=5, fmt="text")
    return sorted(str(p) for p in out.rglob("*.txt"))


def test_four_cli_ingests_of_a_generated_crawl_store_nothing_twice(
    crawl: list[str], pg_url: str, tmp_path: Path
) -> None:
    n = len(crawl)
    # Each writer takes half of the files from its own offset: every file is read twice.
    shares = [[crawl[(k * n // WRITERS + i) % n] for i in range(n // 2)] for k in range(WRITERS)]
    env = {**os.environ, "WIREDESK_ARCHIVE": pg_url}
    Archive.open(pg_url).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "wiredesk", "ingest", *share],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for share in shares
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode()[-2000:]
    with Archive.open(tmp_path / "one.db") as one:
        one.ingest(crawl)
        want = one.stats()
    with Archive.open(pg_url) as shared:
        assert shared.check() == []
        got = shared.stats()
        conn = shared.store.conn
        dup_pages = conn.execute("SELECT count(*) - count(DISTINCT page_key) FROM pages")
        assert dup_pages.fetchone()[0] == 0
        assert (
            conn.execute(
                "SELECT count(*) FROM (SELECT page, position FROM sightings GROUP BY 1, 2"
                " HAVING count(*) > 1) d"
            ).fetchone()[0]
            == 0
        )
    # Pages, sightings and versions are those of one process. The number of items can differ
    # by a few when the merge itself depends on the order pages arrive in (the same happens
    # with one process reading the files in another order; reported to the store's owner).
    for key in ("pages", "sightings", "versions", "problems"):
        assert got[key] == want[key], key
    assert abs(got["items"] - want["items"]) <= max(10, want["items"] // 100)


def test_concurrent_first_opens_migrate_once(pg_url: str) -> None:
    code = "import sys; from wiredesk.archive import Archive; Archive.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_url]) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with Archive.open(pg_url) as archive:
        rows = archive.store.conn.execute(
            "SELECT component, version, count(*) FROM schema_migrations GROUP BY 1, 2"
        ).fetchall()
    assert rows
    assert all(n == 1 for _, _, n in rows)
