"""Crash safety: SIGKILL an ingest at random moments; the archive stays consistent each time,
a re-run completes, and the final export equals that of an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wiredesk.store.sqlite import SQLiteStore

WIREDESK = [sys.executable, "-m", "wiredesk"]
PAGES = 2000
KILLS = 10


def _ingest(db: Path, crawl: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*WIREDESK, "--archive", str(db), "ingest", str(crawl)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _export(db: Path) -> bytes:
    done = subprocess.run(
        [*WIREDESK, "--archive", str(db), "export", "--format", "jsonl", "-"],
        capture_output=True,
        timeout=600,
        check=True,
    )
    return done.stdout


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.jsonl"
    gen = tmp_path / "gen"
    subprocess.run(
        [
            *WIREDESK,
            "generate",
            "--pages",
            str(PAGES),
            "--seed",
            "3",
            "--format",
            "jsonl",
            str(gen),
        ],
        capture_output=True,
        timeout=600,
        check=True,
    )
    # one input file, so the run's order of pages is fixed
    parts = sorted(gen.glob("*.jsonl"))
    crawl.write_bytes(b"".join(p.read_bytes() for p in parts))

    reference = tmp_path / "reference.db"
    started = time.monotonic()
    assert _ingest(reference, crawl).wait(timeout=600) == 0
    full = time.monotonic() - started

    db = tmp_path / "killed.db"
    rnd = random.Random(11)
    stats_seen = []
    for _ in range(KILLS):
        proc = _ingest(db, crawl)
        # Somewhere between start-up and the end of a whole run: a fixed window scaled by the
        # measured run time, so kills land mid-run however loaded the machine is; each resumed run
        # gets a little further (batches of 250 pages commit as they go).
        time.sleep(rnd.uniform(0.15, 0.4) * full)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        if not db.exists():
            continue
        store = SQLiteStore(db, read_only=True)
        try:
            assert store.check() == []
            stats_seen.append(store.stats()["pages"])
        finally:
            store.close()
    assert stats_seen == sorted(stats_seen)  # committed work is never lost
    assert len(set(stats_seen)) >= 3  # the kills really landed in the middle of runs
    assert _ingest(db, crawl).wait(timeout=600) == 0
    assert _export(db) == _export(reference)
    a, b = SQLiteStore(db, read_only=True), SQLiteStore(reference, read_only=True)
    try:
        assert a.stats() == b.stats()
        assert a.check() == []
    finally:
        a.close()
        b.close()
