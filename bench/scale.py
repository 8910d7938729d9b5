"""Scale benchmark: ingest and query on PostgreSQL next to SQLite, and Spark with 1 and 2 executors.

All on the same generated crawl, in one run:
1. ingest the crawl into SQLite (reference) and into PostgreSQL (a throwaway local server);
2. run the same queries on both (median of repeats), checking both give the same counts;
3. run the Spark batch job (parse stage) with 1 and 2 local executors: pages/s and scaling
   efficiency = (pages/s with 2) / (2 x pages/s with 1).

Usage: .venv/bin/python bench/scale.py [--pages 3000] [--seed 1] [--no-spark]
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
                spark, [str(crawl)], work / f"spark{executors}", merge=False,
                partitions=executors * 4,
            )
        finally:
            spark.stop()
        rate = report.pages / report.spark_seconds
        base = base or rate
        eff = rate / (executors * base)
        print(f"{executors:>10}{report.pages:>8,}{report.spark_seconds:>10.1f}{rate:>10,.0f}{eff:>11.0%}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    from wiredesk.generate import generate_pages, write_crawl

    with tempfile.TemporaryDirectory(prefix="wiredesk-scale-") as tmp:
        work = Path(tmp)
        crawl = work / "crawl"
        write_crawl(crawl, generate_pages(args.pages, seed=args.seed), seed=args.seed, fmt="mixed")
        bench_stores(crawl, work, args.pages)
        if not args.no_spark:
            bench_spark(crawl, work)


if __name__ == "__main__":
    main()
