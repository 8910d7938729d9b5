"""`wiredesk generate`: write a synthetic crawl (text, HTML, WARC, JSONL or a mix) to a folder."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import click

from wiredesk.errors import UsageError


def register(group: click.Group) -> None:
    """Add `generate` to the command group."""
    group.add_command(generate)


@click.command()
@click.option(
    "--pages",
    "n_pages",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="How many pages to generate.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="The same seed gives the same crawl, byte for byte.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "warc", "jsonl", "mixed"]),
    default="text",
    show_default=True,
    help="How to write the pages.",
)
@click.option(
    "--days",
    type=click.FloatRange(min=1),
    default=90.0,
    show_default=True,
    help="Length of the crawl span in days.",
)
@click.option(
    "--end",
    "end",
    default=None,
    help="End of the crawl span (ISO-8601 with offset; default 2026-02-01T00:00Z).",
)
@click.option(
    "--cut-fraction",
    type=click.FloatRange(0, 1),
    default=0.6,
    show_default=True,
    help="Share of pages truncated at 2000 bytes.",
)
@click.option(
    "--broken-fraction",
    type=click.FloatRange(0, 1),
    default=0.015,
    show_default=True,
    help="Share of deliberately unreadable pages.",
)
@click.option(
    "--truth",
    is_flag=True,
    help="Also write truth.tsv: the wire id and version of every item on every page.",
)
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def generate(
    n_pages: int,
    seed: int,
    fmt: str,
    days: float,
    end: str | None,
    cut_fraction: float,
    broken_fraction: float,
    truth: bool,
    out: Path,
) -> None:
    """Write a realistic synthetic crawl of the portal to OUT (with manifest.json)."""
    from wiredesk.generate import GeneratorConfig, generate_pages
    from wiredesk.generate.write import write_crawl

    config = GeneratorConfig(days=days, cut_fraction=cut_fraction, broken_fraction=broken_fraction)
    if end is not None:
        try:
            end_at = datetime.fromisoformat(end)
        except ValueError as exc:
            raise UsageError("--end", f"not an ISO-8601 time: {end!r}") from exc
        if end_at.tzinfo is None:
            raise UsageError("--end", "give a UTC offset, e.g. 2026-02-01T00:00:00+00:00")
        config = GeneratorConfig(
            end=end_at, days=days, cut_fraction=cut_fraction, broken_fraction=broken_fraction
        )
    started = time.perf_counter()
    manifest = write_crawl(out, generate_pages(n_pages, seed, config), seed, fmt, truth=truth)
    seconds = time.perf_counter() - started
    rate = manifest["pages"] / seconds if seconds > 0 else 0.0
    click.echo(
        f"{manifest['pages']:,} pages ({manifest['broken']} broken) written to {out} as {fmt} "
        f"in {seconds:.1f} s ({rate:,.0f} pages/s)",
        err=True,
    )
