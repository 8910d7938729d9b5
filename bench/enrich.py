"""Enrichment speed next to the reader's, on generated pages, in the same run.

    .venv/bin/python bench/enrich.py [--pages 2000] [--seed 0]

Generates pages (wiredesk.generate), reads them with the reader (wiredesk.parse.parse_page),
then runs each enricher over the items read: dateline places; people, organisations and
body places (one pass); stories (incremental). Prints items/s for each and the cost of all
enrichment relative to reading (and to ingesting into an SQLite archive, which reads,
deduplicates and stores). Times are CPU seconds of this process. The gazetteer index is
built before timing (once per machine).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds one call takes (this process), and its result.

    CPU time rather than wall time: the machines this runs on are often shared, and the
    ratios between steps are what matters.
    """
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-ingest", action="store_true", help="skip the archive ingest reference")
    args = ap.parse_args()

    from wiredesk.enrich.entities import EntityRecognizer
    from wiredesk.enrich.gazetteer import shared_gazetteer
    from wiredesk.enrich.places import PlaceResolver
    from wiredesk.enrich.stories import StoryItem, StoryTracker
    from wiredesk.generate import generate_pages
    from wiredesk.parse.page import parse_page

    t_gaz, _ = timed(shared_gazetteer)
    pages = list(generate_pages(args.pages, seed=args.seed))
    t_read, parsed = timed(
        lambda: [
            parse_page(p.data if not p.text else p.text, url=p.url, fetched_at=p.fetched_at)
            for p in pages
        ]
    )
    items = [it for pp in parsed for it in pp.items]
    n = len(items)
    print(f"{len(pages):,} generated pages, {n:,} items read (gazetteer ready in {t_gaz:.2f} s)")

    resolver = PlaceResolver()
    recognizer = EntityRecognizer(places=resolver)

    def datelines() -> None:
        for it in items:
            resolver.resolve_all(it.places)

    def entities_and_places() -> list[Any]:
        # One pass gives both: the place finder's places are reused for body places.
        return [recognizer.recognise_with_places(it.headline, it.body)[0] for it in items]

    t_dl, _ = timed(datelines)
    t_ent, mentions = timed(entities_and_places)

    def stories() -> None:
        tracker = StoryTracker()
        for k, (it, ms) in enumerate(zip(items, mentions, strict=True)):
            tracker.add(
                StoryItem(
                    id=str(k),
                    headline=it.headline,
                    body=it.body,
                    published=it.published.latest or it.published.earliest,
                    places=it.places,
                    entities=tuple(m.entity.id for m in ms),
                )
            )

    t_st, _ = timed(stories)

    t_ingest = None
    if not args.no_ingest:
        try:
            from wiredesk.archive import Archive
            from wiredesk.model import Page, SourceRef

            with tempfile.TemporaryDirectory() as tmp:
                archive = Archive.open(Path(tmp) / "bench.db")
                raw = [
                    Page(
                        data=(p.text or "").encode() if p.text else p.data,
                        ref=SourceRef("generated", f"page-{k}"),
                        url=p.url,
                        fetched_at=p.fetched_at,
                    )
                    for k, p in enumerate(pages)
                ]
                t_ingest, _ = timed(lambda: archive.ingest_pages(raw))
                archive.close()
        except Exception as exc:  # the store may be mid-change; the table still stands
            print(f"(ingest reference skipped: {exc})")

    rows = [
        ("reader: parse_page", t_read),
        ("dateline places", t_dl),
        ("people, organisations + body places", t_ent),
        ("stories (incremental)", t_st),
    ]
    enrich_total = t_dl + t_ent + t_st
    rows.append(("all enrichment", enrich_total))
    if t_ingest is not None:
        rows.append(("ingest into SQLite (read+dedup+store)", t_ingest))
    print(f"\n{'step':<40} {'items/s':>10} {'x reader time':>14}")
    for label, secs in rows:
        print(f"{label:<40} {n / secs:>10,.0f} {secs / t_read:>14.2f}")
    base = t_ingest if t_ingest is not None else t_read
    what = "ingest" if t_ingest is not None else "reading"
    factor = (base + enrich_total) / base
    verdict = "more" if factor > 2 else "less"
    print(
        f"\ningest with enrichment would take {factor:.2f}x the time of {what} alone "
        f"({verdict} than 2x slower)"
    )


if __name__ == "__main__":
    main()
