"""Readers keep working while an ingest writes (WAL): stats, plain SELECTs and search."""

from __future__ import annotations

import random
import threading
from datetime import timedelta
from pathlib import Path

from store_fakes import T0, brief, fake_reader, make_page

from wiredesk.archive import Archive
from wiredesk.store.ingest import ingest_pages
from wiredesk.store.sqlite import SQLiteStore

WORDS = [
    "kroon",
    "louvre",
    "parijs",
    "museum",
    "dieven",
    "kraak",
    "keizerin",
    "brug",
    "trein",
    "storing",
    "raad",
    "wet",
    "stad",
]


def _text(k: int) -> str:
    rnd = random.Random(k)
    return " ".join(rnd.choice(WORDS) + str(rnd.randrange(1000)) for _ in range(25))


def _pages(n: int):
    for i in range(n):
        yield make_page(
            [brief(_text(i % 97))],
            url=f"https://x.test/{i}",
            fetched_at=T0 + timedelta(minutes=i),
        )


def test_readers_work_while_an_ingest_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    SQLiteStore(path).close()  # create and migrate first
    errors: list[BaseException] = []
    done = threading.Event()

    def write() -> None:
        try:
            store = SQLiteStore(path)
            ingest_pages(store, _pages(3000), reader=fake_reader, batch_size=50)
            store.close()
        except BaseException as exc:  # report in the main thread
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    seen_pages: list[int] = []
    reads = 0
    with Archive.open(path, read_only=True) as archive:
        while not done.is_set() or reads < 5:
            stats = archive.stats()
            seen_pages.append(stats["pages"])
            row = archive.store.conn.execute("SELECT count(*), max(rowid) FROM items").fetchone()
            assert row[0] <= stats["items"] + 3000
            archive.search("kroon", limit=5)
            reads += 1
    writer.join()
    assert not errors, errors
    assert reads >= 5
    assert seen_pages == sorted(seen_pages)  # committed batches only ever add pages
    with Archive.open(path, read_only=True) as archive:
        assert archive.stats()["pages"] == 3000
        assert archive.stats()["items"] == 97
        assert archive.check() == []
