"""Load on the web server: N clients on loopback against search and item pages, with and without
an ingest running into the same archive.

    .venv/bin/python bench/serve.py [--clients 8] [--seconds 30] [--pages 1500]

Generates its own crawl (`wiredesk.generate`), ingests the first part, serves the archive with
`wiredesk serve` in its own process, and measures two phases of `--seconds` each:
reference (reads only) and under ingest (a separate process ingests the rest of the crawl, in
batches, into the same archive). Prints requests/s, p50/p95 per route and errors (must be 0).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
WIREDESK = str(ROOT / ".venv" / "bin" / "wiredesk")
WORDS = (
    "poetin",
    "kabinet",
    "brand",
    "trump",
    "storing",
    "rusland",
    "vlissingen",
    "haven",
    "woningtekort",
    "ongeluk",
    "rechtbank",
    "politie",
    "oekra*",
    '"tweede kamer"',
    "*",
)


def _pages(n: int, seed: int, start: int = 0, stop: int | None = None) -> list[object]:
    from wiredesk.generate import generate_pages
    from wiredesk.model import Page, SourceRef

    out = []
    for i, g in enumerate(generate_pages(n, seed=seed)):
        if i < start or (stop is not None and i >= stop):
            continue
        ref = SourceRef("generated", f"bench-{seed}", record_id=str(i))
        out.append(Page(data=g.data, ref=ref, url=g.url, fetched_at=g.fetched_at))
    return out


def ingest_worker(db: str, n: int, seed: int, start: int, batch: int, stop_file: str) -> None:
    """Ingest pages [start, n) in batches until done or told to stop (runs in its own process)."""
    from wiredesk.archive import Archive

    pages = _pages(n, seed, start)
    print("ready", flush=True)
    done = 0
    with Archive.open(db) as archive:
        for i in range(0, len(pages), batch):
            if Path(stop_file).exists():
                break
            report = archive.ingest_pages(pages[i : i + batch])
            done += report.pages
    print(json.dumps({"pages": done}), flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("bench: the server exited early")
        try:
            if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("bench: the server did not come up")


FAILURES: list[str] = []


def _client(
    url: str, ids: list[str], until: float, seed: int, out: list[tuple[str, float, bool]]
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=30) as c:
        while time.monotonic() < until:
            roll = rng.random()
            if roll < 0.4:
                kind, path, params = "search page", "/", {"q": rng.choice(WORDS)}
            elif roll < 0.7:
                kind, path, params = (
                    "api search",
                    "/api/search",
                    {"q": rng.choice(WORDS), "limit": 20},
                )
            else:
                kind, path, params = "item page", f"/items/{rng.choice(ids)}", {}
            t0 = time.perf_counter()
            try:
                status = c.get(path, params=params).status_code
                ok = status == 200
                if not ok:
                    FAILURES.append(f"{status} {path} {params}")
            except httpx.HTTPError as exc:
                ok = False
                FAILURES.append(f"{type(exc).__name__} {path} {params}")
            out.append((kind, time.perf_counter() - t0, ok))


def _phase(url: str, ids: list[str], clients: int, seconds: float) -> list[tuple[str, float, bool]]:
    until = time.monotonic() + seconds
    results: list[list[tuple[str, float, bool]]] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(target=_client, args=(url, ids, until, i, results[i]))
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for rs in results for r in rs]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _rows(name: str, rs: list[tuple[str, float, bool]], seconds: float) -> list[tuple[str, ...]]:
    rows = []
    for kind in ("search page", "api search", "item page", "all"):
        sel = [r for r in rs if kind == "all" or r[0] == kind]
        times = [t * 1000 for _, t, _ in sel]
        errors = sum(1 for *_, ok in sel if not ok)
        rows.append(
            (
                name,
                kind,
                f"{len(sel) / seconds:8.1f}",
                f"{statistics.median(times) if times else 0:7.1f}",
                f"{_pct(times, 0.95):7.1f}",
                str(errors),
            )
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--pages", type=int, default=1500, help="pages in the generated crawl")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument(
        "--ingest-worker",
        nargs=4,
        metavar=("DB", "START", "BATCH", "STOPFILE"),
        help=argparse.SUPPRESS,
    )
    args = ap.parse_args()
    if args.ingest_worker:
        db, start, batch, stop_file = args.ingest_worker
        ingest_worker(db, args.pages, args.seed, int(start), int(batch), stop_file)
        return

    from wiredesk.archive import Archive

    tmp = Path(tempfile.mkdtemp(prefix="wiredesk-bench-serve-"))
    db = str(tmp / "bench.db")
    first = args.pages // 2
    t0 = time.perf_counter()
    with Archive.open(db) as archive:
        archive.ingest_pages(_pages(args.pages, args.seed, 0, first))
        ids = [h.id for h in archive.search("*", limit=500, sort="newest").hits]
        stats = archive.stats()
    print(f"archive: {stats['items']} items from {first} pages ({time.perf_counter() - t0:.1f} s)")

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [WIREDESK, "--archive", db, "serve", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_up(url, server)
        _phase(url, ids, args.clients, 2.0)  # warm up caches and connections
        reference = _phase(url, ids, args.clients, args.seconds)

        stop_file = str(tmp / "stop")
        ingest = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--pages",
                str(args.pages),
                "--seed",
                str(args.seed),
                "--ingest-worker",
                db,
                str(first),
                "25",
                stop_file,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert ingest.stdout is not None
        ingest.stdout.readline()  # "ready": its pages are generated, writing starts now
        loaded = _phase(url, ids, args.clients, args.seconds)
        Path(stop_file).touch()
        out, _ = ingest.communicate(timeout=300)
        ingested = json.loads(out.decode().strip().splitlines()[-1])["pages"] if out.strip() else 0
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            print("bench: the server took over 15 s to stop; killed it", file=sys.stderr)
            server.kill()
            server.wait()

    print(
        f"{args.clients} clients, {args.seconds:.0f} s per phase; ingest wrote {ingested} pages "
        f"during the second phase"
    )
    header = ("phase", "route", "req/s", "p50 ms", "p95 ms", "errors")
    rows = [
        header,
        *_rows("reference", reference, args.seconds),
        *_rows("under ingest", loaded, args.seconds),
    ]
    widths = [max(len(r[i].strip()) for r in rows) for i in range(len(header))]
    for r in rows:
        print(
            "  ".join(
                c.strip().rjust(w) if i >= 2 else c.strip().ljust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    ref_rate = len(reference) / args.seconds
    load_rate = len(loaded) / args.seconds
    ref_p95 = _pct([t for _, t, _ in reference], 0.95)
    load_p95 = _pct([t for _, t, _ in loaded], 0.95)
    print(
        f"ratio under ingest / reference: req/s {load_rate / ref_rate:.2f}, "
        f"p95 {load_p95 / ref_p95 if ref_p95 else 0:.2f}"
    )
    errors = sum(1 for *_, ok in reference + loaded if not ok)
    for line in sorted(set(FAILURES))[:20]:
        print("  failed:", line)
    if errors:
        raise SystemExit(f"bench: {errors} errors")


if __name__ == "__main__":
    main()
