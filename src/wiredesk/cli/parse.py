"""`wiredesk parse [--fetched-at ISO] [--url URL] PATH|-`: one page -> the parse-output JSON."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from wiredesk.errors import InputError, UsageError
from wiredesk.parse.contract import to_contract_json
from wiredesk.parse.decode import MAX_BYTES
from wiredesk.parse.page import parse_page


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            "--fetched-at", f"{value!r} is not an ISO-8601 time (e.g. 2026-02-03T10:15:00+01:00)"
        ) from None
    # a time without an offset is taken as UTC (crawlers and WARC files record UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _read_input(path: str) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return data
    target = Path(path)
    if not target.exists():
        raise InputError(path, "no such file")
    if target.is_dir():
        raise InputError(path, "is a directory, not a page (use `wiredesk ingest` for folders)")
    try:
        size = target.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"too large ({size / 1048576:.0f} MB; the limit is 20 MB)")
        with target.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None


def register(group: click.Group) -> None:
    """Add `wiredesk parse` to the command group."""

    @group.command("parse")
    @click.option("--fetched-at", "fetched_at", metavar="ISO", help="Crawl time (ISO-8601).")
    @click.option("--url", metavar="URL", help="The page's URL, if known.")
    @click.argument("path", metavar="PATH|-")
    def parse_command(fetched_at: str | None, url: str | None, path: str) -> None:
        """Read one crawled page (text or HTML) and print its items as JSON.

        Exit 0 when the page was read (even without news items), 2 with one line on stderr when
        it cannot be read (missing, a directory, empty, binary, undecodable, over 20 MB).
        """
        moment = _parse_time(fetched_at)
        data = _read_input(path)
        parsed = parse_page(data, url=url, fetched_at=moment)
        if parsed.problems:
            problem = parsed.problems[0]
            raise InputError("<stdin>" if path == "-" else path, problem.message)
        click.echo(json.dumps(to_contract_json(parsed), ensure_ascii=False, indent=2))
