"""The WAL stays bounded: an ingest checkpoints it every few batches and truncates it at the end."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from store_fakes import T0, brief, fake_reader, make_page

from wiredesk.store.ingest import ingest_pages
from wiredesk.store.sqlite import SQLiteStore, connect


def _pages(n: int):
    for i in range(n):
        yield make_page(
            [brief(f"bericht {i} over de raad en de stad, nummer {i * 7}")],
            url=f"https://x.test/{i}",
            fetched_at=T0 + timedelta(minutes=i),
        )


def test_ingest_leaves_an_empty_wal_while_a_reader_stays_connected(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    store = SQLiteStore(path)
    reader = connect(path, read_only=True)
    try:
        assert reader.execute("SELECT count(*) FROM pages").fetchone()[0] == 0
        ingest_pages(store, _pages(200), reader=fake_reader, batch_size=10)
        wal = Path(str(path) + "-wal")
        assert wal.exists()
        assert wal.stat().st_size == 0
        assert reader.execute("SELECT count(*) FROM pages").fetchone()[0] == 200
    finally:
        reader.close()
        store.close()
    after = SQLiteStore(path, read_only=True)
    try:
        assert after.check() == []
    finally:
        after.close()
