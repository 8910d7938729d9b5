"""Regenerate the golden JSON files of the page reader: tests/golden/parse/<layout>/<case>.json.

Every fixture page (`.txt` or `.html`) is parsed with the same crawl time and its contract JSON
written next to it. Review every changed golden by eye (git diff) before committing: a golden is
what a careful annotator would write, not whatever the code prints.

    .venv/bin/python scripts/regen_golden.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.page import parse_page

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "parse"
FETCHED_AT = datetime.fromisoformat("2026-02-03T10:15:00+01:00")


def fixtures() -> list[Path]:
    return sorted(p for p in GOLDEN.glob("*/*") if p.suffix in {".txt", ".html"})


def render(page: Path) -> str:
    url_file = page.with_suffix(".url")
    url = url_file.read_text(encoding="utf-8").strip() if url_file.exists() else None
    parsed = parse_page(page.read_bytes(), url=url, fetched_at=FETCHED_AT)
    return json.dumps(to_contract_json(parsed), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report goldens that differ")
    args = parser.parse_args()
    stale = 0
    for page in fixtures():
        golden = page.with_suffix(".json")
        text = render(page)
        old = golden.read_text(encoding="utf-8") if golden.exists() else None
        if old == text:
            continue
        stale += 1
        print(("differs: " if args.check else "wrote: ") + str(golden.relative_to(GOLDEN)))
        if not args.check:
            golden.write_text(text, encoding="utf-8")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
