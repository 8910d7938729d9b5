"""Page reader speed: pages/s of parse_page (text and HTML) next to a regex pass and trafilatura.

All figures come from one run on one core (CPU time of this process, so that other work on a
shared machine does not count), over pages generated here (wiredesk.generate):
  - regex pass   one precompiled regular expression over the same bytes (finds datelines only),
  - parse text   parse_page on the crawled text form (bytes as written: cut, cp1252, BOM ...),
  - parse html   parse_page on the HTML form of the same pages,
  - trafilatura  trafilatura.extract on the HTML form (keeps the article, drops the briefs).
Also: items exactly right against the generator's expected output.

    .venv/bin/python bench/parse.py [--pages 10000] [--trafilatura-pages 1000]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from wiredesk.generate import generate_pages
from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.page import parse_page

KEYS = ("role", "headline", "places", "agencies", "body", "age")
DATELINE = re.compile(rb"(?m)^(?:\d+ \w+ geleden)?([A-Z][A-Z .'/-]+) \(([A-Z/]+)\) - ")


def _norm(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: " ".join(i[k].split()) if isinstance(i[k], str) else i[k] for k in KEYS} for i in items
    ]


def _rate(work: Callable[[Any], object], inputs: Sequence[Any], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for one in inputs:
            work(one)
        best = min(best, time.process_time() - start)
    return len(inputs) / best


def _accuracy(pages: Sequence[Any], html: bool) -> tuple[int, int]:
    right = total = 0
    for page in pages:
        expected = page.expected_html if html else page.expected
        got = parse_page(page.html if html else page.data, url=page.url, fetched_at=page.fetched_at)
        want = _norm(expected["items"])
        have = _norm(to_contract_json(got)["items"])
        total += len(want)
        right += sum(1 for a, b in zip(want, have, strict=False) if a == b)
        right -= max(0, len(have) - len(want))  # a spurious item costs one
    return right, total


def main() -> None:
    parser = argparse.ArgumentParser(description="page reader speed")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--trafilatura-pages", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    pages = [p for p in generate_pages(args.pages, seed=args.seed) if p.expected is not None]
    texts = [p.data for p in pages]
    htmls = [p.html for p in pages]  # rendered before timing
    print(f"{len(pages)} generated pages (broken ones left out), seed {args.seed}")
    print(
        f"mean size: text {sum(map(len, texts)) / len(texts):.0f} B, "
        f"html {sum(map(len, htmls)) / len(htmls):.0f} chars"
    )

    rows: list[tuple[str, float, str]] = []
    regex = _rate(lambda data: sum(1 for _ in DATELINE.finditer(data)), texts, repeat=3)
    rows.append(("regex pass over the text bytes (datelines only)", regex, ""))
    text_rate = _rate(parse_page, texts)
    right, total = _accuracy(pages, html=False)
    rows.append(("parse_page, text form", text_rate, f"{right}/{total} items exact"))
    html_rate = _rate(parse_page, htmls)
    right, total = _accuracy(pages, html=True)
    rows.append(("parse_page, HTML form", html_rate, f"{right}/{total} items exact"))
    try:
        import trafilatura
    except ImportError:  # the reference is optional: the table then says so
        trafilatura = None  # type: ignore[assignment]
    if trafilatura is not None:
        sample = htmls[: args.trafilatura_pages]
        traf = _rate(lambda html: trafilatura.extract(html), sample)
        rows.append((f"trafilatura.extract, HTML ({len(sample)} pages)", traf, "article only"))
    else:
        traf = None
        rows.append(("trafilatura.extract (not installed: pip install '.[bench]')", 0.0, ""))

    print()
    print(f"{'what':52} {'pages/s':>10} {'vs text':>8}  notes")
    for name, rate, note in rows:
        ratio = f"{rate / text_rate:7.2f}x" if rate else "      -"
        print(f"{name:52} {rate:10.0f} {ratio}  {note}")
    if traf:
        print(
            f"\nHTML path / trafilatura: {html_rate / traf:.1f}x (aim >= 10x); "
            f"text path {text_rate:.0f} pages/s (aim >= 5000)"
        )


if __name__ == "__main__":
    main()
