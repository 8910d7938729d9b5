"""Ingest speed and memory on generated pages, next to a bare FTS5 insert of the same pages.

    .venv/bin/python bench/ingest.py                 # 10,000 and 100,000 pages
    .venv/bin/python bench/ingest.py --pages 1000000 --small 100000
    .venv/bin/python bench/ingest.py --workers 2     # also with a parse pool of 2 processes
    .venv/bin/python bench/ingest.py --threshold-study --pages 20000

Pages are generated once (wiredesk.generate) into a cache file of length-prefixed records, so
generation time is not measured. Every measurement runs in its own process, so the peak
memory (ru_maxrss) of each is its own. The reference inserts the same raw pages, decoded, into
an SQLite FTS5 table in transactions of the same size, with no parsing and no deduplication.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "wiredesk-bench"
BATCH = 250


def data_file(n: int, seed: int) -> Path:
    """A cache file holding the first n generated pages (made once)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"pages-{seed}-{n}.bin"
    if path.exists():
        return path
    from wiredesk.generate import generate_pages

    tmp = path.with_suffix(".part")
    started = time.perf_counter()
    with tmp.open("wb") as fh:
        for i, g in enumerate(generate_pages(n, seed=seed)):
            rec = pickle.dumps(
                (g.url, g.fetched_at.isoformat() if g.fetched_at else None, g.data, g.layout)
            )
            fh.write(struct.pack("<I", len(rec)) + rec)
            if (i + 1) % 50_000 == 0:
                print(f"  generated {i + 1:,} pages", file=sys.stderr)
    tmp.rename(path)
    print(f"  generated {n:,} pages in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def read_records(path: Path, n: int) -> Iterator[tuple[str | None, str | None, bytes, str]]:
    with path.open("rb") as fh:
        for _ in range(n):
            head = fh.read(4)
            if not head:
                return
            (size,) = struct.unpack("<I", head)
            yield pickle.loads(fh.read(size))


def iter_pages(path: Path, n: int) -> Iterator[object]:
    from wiredesk.model import Page, SourceRef

    for i, (url, fetched, data, _layout) in enumerate(read_records(path, n)):
        yield Page(
            data=data,
            ref=SourceRef("generated", path.name, i),
            url=url,
            fetched_at=datetime.fromisoformat(fetched) if fetched else None,
        )


def run_ingest(path: Path, n: int, workers: int) -> dict[str, object]:
    from wiredesk.store.ingest import ingest_pages
    from wiredesk.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        started = time.perf_counter()
        report = ingest_pages(store, iter_pages(path, n), workers=workers, batch_size=BATCH)
        elapsed = time.perf_counter() - started
        stats = store.stats()
        size = (Path(tmp) / "bench.db").stat().st_size
        store.close()
    return {
        "pages": n,
        "seconds": elapsed,
        "pages_per_s": n / elapsed,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "items": stats["items"],
        "sightings": stats["sightings"],
        "versions": stats["versions"],
        "problems": stats["problems"],
        "db_mb": size / 1e6,
        "summary": report.summary(),
    }


def run_reference(path: Path, n: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "ref.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE VIRTUAL TABLE pages USING fts5(url, fetched_at, text)")
        started = time.perf_counter()
        rows: list[tuple[str | None, str | None, str]] = []
        for url, fetched, data, _layout in read_records(path, n):
            rows.append((url, fetched, data.decode("utf-8", errors="replace")))
            if len(rows) >= BATCH:
                conn.execute("BEGIN")
                conn.executemany("INSERT INTO pages VALUES (?,?,?)", rows)
                conn.execute("COMMIT")
                rows = []
        if rows:
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO pages VALUES (?,?,?)", rows)
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        conn.close()
    return {
        "pages": n,
        "seconds": elapsed,
        "pages_per_s": n / elapsed,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def in_child(args: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def threshold_study(n: int, seed: int) -> None:
    """Jaccard of true wire updates vs other items' texts, from the generator's truth."""
    from wiredesk.dedup.match import places_compatible, times_compatible
    from wiredesk.dedup.near import jaccard, shingles
    from wiredesk.generate import generate_pages
    from wiredesk.model import Interval

    def moment(text: str | None) -> datetime | None:
        return datetime.fromisoformat(text) if text else None

    texts: dict[tuple[str, int], tuple[dict[str, object], Interval]] = {}
    for g in generate_pages(n, seed=seed):
        if not g.expected:
            continue
        items = g.expected["items"]
        for idx, (item, truth) in enumerate(zip(items, g.truth, strict=False)):
            if g.cut and idx == len(items) - 1:
                continue  # cut copies are matched by prefix, not by similarity
            key = (truth.wire_id, truth.version)
            seen = Interval(
                moment(item["published"]["earliest"]), moment(item["published"]["latest"])
            )
            old = texts.get(key)
            texts[key] = (item, old[1].intersect(seen) if old else seen)
    wires: dict[str, dict[int, tuple[dict[str, object], frozenset[str], Interval]]] = {}
    for (wire, version), (item, interval) in texts.items():
        wires.setdefault(wire, {})[version] = (item, shingles(str(item["body"])), interval)
    updates = sorted(jaccard(v[1][1], v[2][1]) for v in wires.values() if 1 in v and 2 in v)
    firsts = [(w, v[1]) for w, v in wires.items() if 1 in v]
    cross: list[tuple[float, bool]] = []
    for i, (a, (ia, sa, pa)) in enumerate(firsts[:1500]):
        for b, (ib, sb, pb) in firsts:
            if b <= a or ia["role"] != ib["role"]:
                continue
            if not places_compatible(ia["places"], ib["places"]):  # type: ignore[arg-type]
                continue
            j = jaccard(sa, sb)
            if j >= 0.3:
                cross.append((j, times_compatible(pa, pb)))
        if i % 1000 == 0:
            print(f"  compared {i:,} texts", file=sys.stderr)

    def pct(q: float) -> float:
        return updates[min(len(updates) - 1, int(q * len(updates)))]

    print(f"{n:,} pages: {len(texts):,} distinct texts, {len(updates):,} wire updates")
    print(
        f"update v1~v2 Jaccard: min {updates[0]:.2f}, p1 {pct(0.01):.2f}, p5 {pct(0.05):.2f},"
        f" median {pct(0.5):.2f}"
    )
    print(f"pairs of different items (same role, shared place) at J >= 0.3: {len(cross):,}")
    print(
        f"{'threshold':>9} {'updates missed':>15} {'other pairs >= t':>17}"
        f" {'of which time-compatible':>25}"
    )
    for t in (0.4, 0.5, 0.6, 0.7, 0.8):
        missed = sum(1 for j in updates if j < t)
        above = sum(1 for j, _ in cross if j >= t)
        both = sum(1 for j, ok in cross if j >= t and ok)
        print(f"{t:>9.1f} {missed:>8}/{len(updates):<6} {above:>17} {both:>25}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000, help="the smaller run for memory")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=0, help="also run with a parse pool")
    ap.add_argument("--threshold-study", action="store_true")
    ap.add_argument("--child", choices=["ingest", "reference"], help=argparse.SUPPRESS)
    ap.add_argument("--source-pages", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.threshold_study:
        threshold_study(args.pages, args.seed)
        return
    path = data_file(args.source_pages or args.pages, args.seed)
    if args.child == "ingest":
        print(json.dumps(run_ingest(path, args.pages, args.workers)))
        return
    if args.child == "reference":
        print(json.dumps(run_reference(path, args.pages)))
        return

    rows = []
    for n in dict.fromkeys(s for s in (args.small, args.pages) if s <= args.pages):
        # The smaller run reads the first n pages of the same cached file.
        source = str(args.source_pages or args.pages)
        sub = ["--pages", str(n), "--source-pages", source, "--seed", str(args.seed)]
        ref = in_child([*sub, "--child", "reference"])
        ing = in_child([*sub, "--child", "ingest"])
        rows.append(("reference FTS5 insert", ref, None))
        rows.append(("wiredesk ingest, 1 process", ing, ref))
        if args.workers:
            pool = in_child([*sub, "--child", "ingest", "--workers", str(args.workers)])
            rows.append((f"wiredesk ingest, {args.workers} parse workers", pool, ref))
    print(f"{'run':<34}{'pages':>10}{'s':>9}{'pages/s':>10}{'x ref':>8}{'peak MB':>9}")
    for name, r, ref in rows:
        ratio = f"{r['pages_per_s'] / ref['pages_per_s']:.2f}" if ref else "1.00"
        print(
            f"{name:<34}{r['pages']:>10,}{r['seconds']:>9.1f}{r['pages_per_s']:>10,.0f}"
            f"{ratio:>8}{r['maxrss_mb']:>9.0f}"
        )
    for name, r, ref in rows:
        if ref:
            print(f"{name}, {r['pages']:,} pages: {r['summary']} archive {r['db_mb']:.0f} MB")


if __name__ == "__main__":
    main()
