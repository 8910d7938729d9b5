"""A deterministic crawl of hand-built pages (S's store fakes: exact repeats, wire updates,
cut-off copies, brief/article pairs) and a writer that ingests one share of it.

Run as `python pg_fake_crawl.py URL SHARE SHARES`: ingest every page whose number modulo
SHARES is SHARE or SHARE+1 (so each page is written by two writers), in a shuffled order.
"""

from __future__ import annotations

import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from store_fakes import T0, fake_reader, make_page
from test_store_order_property import BASES, _variants

from wiredesk.model import Page

PAGES = 160


def crawl_pages(n: int = PAGES, seed: int = 3) -> list[Page]:
    """`n` pages, each listing a few variants of the base items, with distinct crawl times."""
    rnd = random.Random(seed)
    pages = []
    for p in range(n):
        picks = rnd.sample(range(len(BASES)), rnd.randint(1, len(BASES)))
        items = [_variants(b)[rnd.randint(0, 3)] for b in picks]
        pages.append(
            make_page(items, url=f"https://x.test/{p}", fetched_at=T0 + timedelta(minutes=p))
        )
    return pages


def main() -> None:
    from wiredesk.store.ingest import ingest_pages
    from wiredesk.store.postgres import PostgresStore

    url, share, shares = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    mine = [p for i, p in enumerate(crawl_pages()) if i % shares in (share, (share + 1) % shares)]
    random.Random(share).shuffle(mine)
    store = PostgresStore(url)
    try:
        ingest_pages(store, mine, reader=fake_reader, batch_size=4)
    finally:
        store.close()


if __name__ == "__main__":
    main()
