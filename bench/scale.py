"""Scale benchmark: ingest and query on PostgreSQL next to SQLite, and Spark with 1 and 2 executors.

All on the same generated crawl, in one run:
1. ingest the crawl into SQLite (reference) and into PostgreSQL (a throwaway local server);
2. run the same queries on both (median of repeats), checking both give the same counts;
3. run the Spark batch job (parse stage) with 1 and 2 local executors: pages/s and scaling
   efficiency = (pages/s with 2) / (2 x pages/s with 1).

4. bench/search.py's corpus and query kinds (the search issue's benchmark) on both engines.

Usage: .venv/bin/python bench/scale.py [--pages 3000] [--seed 1] [--no-spark] [--search-items N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pgserver
from wiredesk.archive import Archive

QUERIES = [
    "president",
    "kabinet OR minister",
    '"de politie"',
    '"minister president"~5',
    "onderzoek*",
    "place:amsterdam",
    "section:buitenland AND rusland",
    "* NOT politie",
]


def _time(fn: object, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_stores(crawl: Path, work: Path, pages: int) -> None:
    server = pgserver.start_server()
    try:
        url = server.create_database("bench")
        rows = []
        archives = {}
        for name, location in (("sqlite", str(work / "bench.db")), ("postgresql", url)):
            archive = Archive.open(location)
            start = time.perf_counter()
            report = archive.ingest([str(crawl)])
            seconds = time.perf_counter() - start
            archives[name] = archive
            rows.append((name, report.pages, seconds, report.pages / seconds, report.items_total))
        ref = rows[0][3]
        print(f"\nIngest of {pages:,} generated pages (one process)")
        print(
            f"{'backend':<12}{'pages':>8}{'seconds':>10}{'pages/s':>10}{'vs sqlite':>11}"
            f"{'items':>8}"
        )
        for name, n, seconds, rate, items in rows:
            print(f"{name:<12}{n:>8,}{seconds:>10.1f}{rate:>10,.0f}{rate / ref:>10.2f}x{items:>8,}")

        print("\nQueries (median of 5; count(*) + first 20 hits with snippets)")
        print(f"{'query':<34}{'hits':>7}{'sqlite ms':>11}{'pg ms':>9}{'pg/sqlite':>11}")
        for q in QUERIES:
            times = {}
            totals = {}
            for name, archive in archives.items():
                totals[name] = archive.search(q, limit=20).total
                times[name] = _time(lambda a=archive, q=q: a.search(q, limit=20))
            same = "" if totals["sqlite"] == totals["postgresql"] else "  COUNTS DIFFER"
            print(
                f"{q:<34}{totals['sqlite']:>7,}{times['sqlite'] * 1000:>11.1f}"
                f"{times['postgresql'] * 1000:>9.1f}{times['postgresql'] / times['sqlite']:>10.2f}x"
                f"{same}"
            )
        dutch_config_counts(archives["postgresql"], archives["sqlite"])
        for archive in archives.values():
            archive.close()
    finally:
        server.stop()


TERMS = ["kinderen", "verkiezingen", "gemeente", "politie", "minister", "Rusland", "werd", "zijn"]


def dutch_config_counts(pg: Archive, lite: Archive) -> None:
    """Hits of one-word queries: wiredesk's analyzer (both backends) vs PostgreSQL's `dutch`."""
    print("\nOne-word counts: wiredesk analyzer (SQLite = PostgreSQL) vs to_tsvector('dutch')")
    print(f"{'word':<14}{'wiredesk':>10}{'pg dutch':>10}")
    raw = pg.store.raw  # type: ignore[attr-defined]
    for word in TERMS:
        ours = lite.search(word, limit=0).total
        assert ours == pg.search(word, limit=0).total
        (dutch,) = raw.execute(
            "SELECT count(*) FROM items WHERE to_tsvector('dutch', coalesce(headline, '') || ' '"
            " || body) @@ plainto_tsquery('dutch', %s)",
            (word,),
        ).fetchone()
        print(f"{word:<14}{ours:>10,}{dutch:>10,}")


def bench_spark(crawl: Path, work: Path) -> None:
    from wiredesk.batch.spark import local_session, run_batch

    print("\nSpark batch job (read + parse + keys, Parquet out; merge not included)")
    print(f"{'executors':>10}{'pages':>8}{'seconds':>10}{'pages/s':>10}{'efficiency':>12}")
    base = None
    for executors in (1, 2):
        spark = local_session(executors=executors, memory="1g")
        try:
            # warm-up: start the Python workers once
            run_batch(spark, [str(crawl)], work / f"warm{executors}", merge=False)
            report = run_batch(
                spark,
                [str(crawl)],
                work / f"spark{executors}",
                merge=False,
                partitions=executors * 4,
            )
        finally:
            spark.stop()
        rate = report.pages / report.spark_seconds
        base = base or rate
        eff = rate / (executors * base)
        print(
            f"{executors:>10}{report.pages:>8,}{report.spark_seconds:>10.1f}{rate:>10,.0f}{eff:>11.0%}"
        )


def bench_search_corpus(n: int, work: Path) -> None:
    """bench/search.py's corpus and query kinds (the search issue's benchmark) on both engines."""
    import sqlite3

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import numpy as np
    import search as search_bench  # bench/search.py

    from wiredesk.query import api, scratch
    from wiredesk.store import postgres_index, postgres_search
    from wiredesk.store.postgres import PostgresStore

    items, vocab = search_bench.generate(n, 1)
    specs = search_bench.query_specs(vocab, np.random.default_rng(2), 5)
    search_bench.build_sqlite(work / "search.db", items)
    lite = sqlite3.connect(work / "search.db")
    server = pgserver.start_server()
    try:
        store = PostgresStore(server.create_database("search"))
        start = time.perf_counter()
        with store.raw.transaction():
            rowids: list[int] = []
            for k in range(0, len(items), 5_000):
                rowids += scratch.insert(store.conn, items[k : k + 5_000], index=False)
            postgres_index.update_index(store.raw, rowids)
        store.raw.execute("VACUUM ANALYZE")
        pg_build = time.perf_counter() - start
        print(
            f"\nSearch benchmark corpus (bench/search.py): {n:,} items; PostgreSQL index build"
            f" {pg_build:.1f} s"
        )
        print(
            f"{'kind':<11}{'queries':>8}{'sqlite p50':>12}{'pg p50':>9}{'sqlite max':>12}"
            f"{'pg max':>9}  counts"
        )
        kinds: dict[str, list[tuple[float, float, bool]]] = {}
        for spec in specs:
            q = spec["q"]
            t0 = time.perf_counter()
            a = api.search(lite, q, limit=20)
            t1 = time.perf_counter()
            b = postgres_search.search(store.raw, q, limit=20)
            t2 = time.perf_counter()
            kinds.setdefault(spec["kind"], []).append((t1 - t0, t2 - t1, a.total == b.total))
        for kind, rows in kinds.items():
            lt = [r[0] * 1000 for r in rows]
            pt = [r[1] * 1000 for r in rows]
            same = "same" if all(r[2] for r in rows) else "DIFFER"
            print(
                f"{kind:<11}{len(rows):>8}{statistics.median(lt):>12.1f}"
                f"{statistics.median(pt):>9.1f}{max(lt):>12.1f}{max(pt):>9.1f}  {same}"
            )
        store.close()
    finally:
        server.stop()
        lite.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument(
        "--search-items",
        type=int,
        default=20_000,
        help="items of the search benchmark corpus (0: skip)",
    )
    args = parser.parse_args()
    from wiredesk.generate import generate_pages, write_crawl

    with tempfile.TemporaryDirectory(prefix="wiredesk-scale-") as tmp:
        work = Path(tmp)
        crawl = work / "crawl"
        write_crawl(crawl, generate_pages(args.pages, seed=args.seed), seed=args.seed, fmt="mixed")
        bench_stores(crawl, work, args.pages)
        if args.search_items:
            bench_search_corpus(args.search_items, work)
        if not args.no_spark:
            bench_spark(crawl, work)


if __name__ == "__main__":
    main()
