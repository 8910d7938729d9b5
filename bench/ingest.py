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
import os
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
    """Jaccard of true wire updates vs the closest different item, from the generator's truth."""
    from wiredesk.dedup.near import jaccard, shingles
    from wiredesk.generate import generate_pages

    texts: dict[tuple[str, int], tuple[str, tuple[str, ...], str]] = {}
    for g in generate_pages(n, seed=seed):
        if not g.expected:
            continue
        for item, truth in zip(g.expected["items"], g.truth, strict=False):
            key = (truth.wire_id, truth.version)
            body = item["body"]
            old = texts.get(key)
            # keep the longest copy (pages are cut)
            if old is None or len(body) > len(old[0]):
                texts[key] = (body, tuple(item["places"]), item["role"])
    from wiredesk.dedup.match import places_compatible

    by_wire: dict[str, dict[int, frozenset[str]]] = {}
    meta: dict[str, tuple[tuple[str, ...], str]] = {}
    for (wire, version), (body, places, role) in texts.items():
        by_wire.setdefault(wire, {})[version] = shingles(body)
        meta[wire] = (places, role)
    same = [jaccard(v[1], v[2]) for v in by_wire.values() if 1 in v and 2 in v]
    firsts = [(w, v[1]) for w, v in by_wire.items() if 1 in v]
    closest = []
    for i, (wire, sh) in enumerate(firsts[:3000]):
        best = 0.0
        places, role = meta[wire]
        for other, osh in firsts:
            # only pairs the matcher would compare: same role, a shared place
            if other != wire and meta[other][1] == role and places_compatible(
                places, meta[other][0]
            ):
                best = max(best, jaccard(sh, osh))
        closest.append(best)
        if i % 500 == 0:
            print(f"  compared {i:,} texts", file=sys.stderr)

    def pct(values: list[float], q: float) -> float:
        s = sorted(values)
        return s[min(len(s) - 1, int(q * len(s)))] if s else float("nan")

    print(f"{len(texts):,} distinct texts, {len(same):,} wire updates (v1 vs v2)")
    print("                         min    p1     p5    p50    p95    p99    max")
    for name, vals in (("update v1~v2", same), ("closest other item", closest)):
        print(
            f"{name:<22}" + "".join(f"{pct(vals, q):7.2f}" for q in (0, 0.01, 0.05, 0.5, 0.95, 0.99))
            + f"{max(vals) if vals else float('nan'):7.2f}"
        )
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        missed = sum(1 for s in same if s < t)
        merged = sum(1 for c in closest if c >= t)
        print(
            f"threshold {t:.1f}: updates missed {missed}/{len(same)},"
            f" different items above it {merged}/{len(closest)}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000, help="the smaller run for memory")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=0, help="also run with a parse pool")
    ap.add_argument("--threshold-study", action="store_true")
    ap.add_argument("--child", choices=["ingest", "reference"], help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.threshold_study:
        threshold_study(args.pages, args.seed)
        return
    path = data_file(args.pages, args.seed)
    if args.child == "ingest":
        print(json.dumps(run_ingest(path, args.pages, args.workers)))
        return
    if args.child == "reference":
        print(json.dumps(run_reference(path, args.pages)))
        return

    rows = []
    sizes = [s for s in (args.small, args.pages) if s <= args.pages]
    for n in dict.fromkeys(sizes):
        base = ["--pages", str(args.pages), "--seed", str(args.seed)]
        sub = [*base[:0], "--pages", str(n), "--seed", str(args.seed)]
        os.link(path, data_file_path := CACHE / f"pages-{args.seed}-{n}.bin") if (
            n != args.pages and not (CACHE / f"pages-{args.seed}-{n}.bin").exists()
        ) else None
        _ = data_file_path if n != args.pages else None
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
