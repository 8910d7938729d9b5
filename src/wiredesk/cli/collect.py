"""`wiredesk collect CONFIG.toml (--once | --forever)`: keep the archive current from the web."""

from __future__ import annotations

import logging
import signal
import sys
from types import FrameType
from typing import Any

import click

from wiredesk.errors import UsageError


class _LogFormatter(logging.Formatter):
    """`2026-01-05T12:00:01Z fetch 200 https://... 12.3 kB 85 ms`: one line per event, UTC."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        import time

        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created))


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LogFormatter("%(asctime)s %(message)s"))
    logger = logging.getLogger("wiredesk.collect")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False
    # httpx logs every request at INFO; ours already says it in one line with size and time
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


@click.command("collect")
@click.argument("config_path", metavar="CONFIG.toml")
@click.option("--once", is_flag=True, help="Poll due sources, fetch new links, then exit (cron).")
@click.option("--forever", is_flag=True, help="Keep polling as sources come due.")
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Stop after fetching N pages (robots.txt not counted).",
)
@click.option("--quiet", "-q", is_flag=True, help="Log only warnings and errors.")
@click.pass_context
def collect_command(
    ctx: click.Context,
    config_path: str,
    once: bool,
    forever: bool,
    max_pages: int | None,
    quiet: bool,
) -> None:
    """Poll the section pages and feeds in CONFIG.toml, fetch new articles, ingest them.

    Politely: robots.txt, a per-host delay and concurrency limit, retries with backoff,
    timeouts, size limits, only the configured hosts. State lives in the archive, so a
    restarted collector resumes. SIGINT/SIGTERM stop it after the pages being fetched now.
    See docs/collector.md for the configuration.
    """
    from wiredesk.archive import Archive
    from wiredesk.sources.collect.collector import Collector
    from wiredesk.sources.collect.config import load_config

    if once == forever:
        raise UsageError("collect", "give exactly one of --once or --forever")
    config = load_config(config_path)
    _setup_logging(quiet)
    log = logging.getLogger("wiredesk.collect")
    with Archive.open(ctx.obj["archive"]) as archive:
        collector = Collector.for_archive(config, archive, max_pages=max_pages)
        previous: dict[signal.Signals, Any] = {}

        def stop(signum: int, _frame: FrameType | None) -> None:
            log.warning(
                "%s: stopping after the pages being fetched now (again to abort)",
                signal.Signals(signum).name,
            )
            collector.stop()
            for sig, handler in previous.items():  # a second signal acts at once
                signal.signal(sig, handler)

        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, stop)
        try:
            if once:
                collector.run_once()
            else:
                collector.run_forever()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


@click.command("collect-stats")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def collect_stats_command(ctx: click.Context, fmt: str) -> None:
    """The collector's counters: fetched, new, unchanged, skipped, errors by kind, bytes."""
    import json

    from wiredesk.archive import Archive
    from wiredesk.sources.collect.collector import collector_counters

    with Archive.open(ctx.obj["archive"]) as archive:
        counters = collector_counters(archive)
    if fmt == "json":
        click.echo(json.dumps(counters))
        return
    if not counters or (counters["requests"] == 0 and counters["last_poll"] is None):
        click.echo("the collector has not run on this archive")
        return
    by_kind = counters.pop("errors_by_kind", {})
    rows = {**counters, **{f"errors.{k}": v for k, v in by_kind.items()}}
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        shown = f"{value:,}" if isinstance(value, int) else ("-" if value is None else value)
        click.echo(f"{key.replace('_', ' '):<{width}}  {shown}")


def register(group: click.Group) -> None:
    """Add `collect` and `collect-stats` to the CLI."""
    group.add_command(collect_command)
    group.add_command(collect_stats_command)
