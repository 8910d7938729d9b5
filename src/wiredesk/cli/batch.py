"""`wiredesk batch` (the Spark job, local mode) and `wiredesk load` (merge its output)."""

from __future__ import annotations

from pathlib import Path

import click

from wiredesk.errors import InputError, StoreError, UsageError
from wiredesk.model import Problem


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder for the Parquet tables.",
)
@click.option(
    "--executors",
    default=2,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Local Spark worker threads.",
)
@click.option("--memory", default="1g", show_default=True, help="Spark driver memory.")
@click.option(
    "--master", default=None, help="A Spark master URL to run on a cluster instead of local mode."
)
@click.option(
    "--fetched-at", metavar="ISO", help="Crawl time of plain files that do not carry one."
)
@click.option(
    "--merge/--no-merge",
    default=True,
    show_default=True,
    help="Also write items/versions/sightings/problems (merged by the store's rules).",
)
@click.option("--overwrite", is_flag=True, help="Replace an earlier batch output in --out.")
def batch_command(
    inputs: tuple[str, ...],
    out: Path,
    executors: int,
    memory: str,
    master: str | None,
    fetched_at: str | None,
    merge: bool,
    overwrite: bool,
) -> None:
    """Read many WARC/text/HTML/JSONL inputs on Apache Spark and write Parquet to --out.

    Uses the same page reader and dedup functions as `wiredesk ingest`; merge the result
    into an archive with `wiredesk load DIR` (same merge rules as ingest).
    """
    from wiredesk.cli.ingest import parse_fetched_at

    try:
        from wiredesk.batch.spark import SparkUnavailable, local_session, run_batch
    except ImportError as exc:  # pragma: no cover - the batch module has no hard imports
        raise UsageError("batch", f"the batch job cannot be loaded: {exc}") from exc
    from wiredesk.batch.process import expand_inputs

    when = parse_fetched_at(fetched_at)
    if not expand_inputs(list(inputs)):  # fail before starting Spark
        raise InputError(", ".join(inputs), "no input files found")
    try:
        spark = local_session(executors=executors, memory=memory, master=master)
    except SparkUnavailable as exc:
        raise UsageError("batch", str(exc)) from exc
    try:
        report = run_batch(
            spark, list(inputs), out, fetched_at=when, merge=merge, overwrite=overwrite
        )
    finally:
        spark.stop()
    click.echo(report.summary(), err=True)
    click.echo(str(out))


@click.command("load")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.pass_context
def load_command(ctx: click.Context, out_dir: Path) -> None:
    """Merge the output of `wiredesk batch` into the archive (same merge rules as ingest)."""
    from wiredesk.archive import Archive
    from wiredesk.batch.load import load_batch

    if not out_dir.is_dir():
        raise InputError(str(out_dir), "no such folder")

    def tell(problem: Problem) -> None:
        click.echo(f"wiredesk: {problem.line()}", err=True)

    with Archive.open(ctx.obj["archive"]) as archive:
        try:
            report = load_batch(archive.store, out_dir, on_problem=tell)
        except OSError as exc:
            raise StoreError(str(out_dir), f"cannot read the batch output: {exc}") from exc
    click.echo(report.summary(), err=True)


def register(group: click.Group) -> None:
    """Add `batch` and `load` to the CLI."""
    group.add_command(batch_command)
    group.add_command(load_command)
