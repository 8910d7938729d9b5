"""The Spark batch job: the same reader over many inputs on Apache Spark, output as Parquet.

The only module that imports pyspark. Each Spark task reads one contiguous run of input
files with `wiredesk.batch.process.process_input` (sources -> `parse_page` -> dedup keys) and
the job writes the records in input order to `OUT/pages/`. The driver then merges them with
the store's own ingest (`wiredesk.batch.load`) into a scratch archive and writes its items,
versions, sightings and problems as Parquet (`OUT/items/` ...), so the batch's tables are the
ones an archive holds. `wiredesk load OUT` merges the same records into any archive.

Runs as `wiredesk batch INPUTS --out DIR` (local mode, `--executors N`), or on a cluster with
`spark-submit .../wiredesk/batch/spark.py INPUTS --out DIR` (the master comes from
spark-submit; the inputs must then be paths every executor can read).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from wiredesk.batch.load import MANIFEST, PAGES, load_batch
from wiredesk.batch.process import expand_inputs, process_input
from wiredesk.batch.records import COLUMNS
from wiredesk.errors import InputError, UsageError


class SparkUnavailable(RuntimeError):
    """Spark cannot run here (pyspark or Java missing); the message says how to fix it."""


@dataclass(slots=True)
class BatchReport:
    """What one batch run did."""

    inputs: int = 0
    records: int = 0
    pages: int = 0
    source_problems: int = 0
    pages_with_problems: int = 0
    item_sightings: int = 0
    distinct_texts: int = 0
    executors: int = 0
    spark_seconds: float = 0.0
    merge_seconds: float = 0.0
    merged: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One paragraph for people."""
        rate = self.pages / self.spark_seconds if self.spark_seconds > 0 else 0.0
        text = (
            f"{self.inputs:,} inputs, {self.pages:,} pages ({self.pages_with_problems:,} with "
            f"problems, {self.source_problems:,} unreadable records), {self.item_sightings:,} "
            f"item sightings, {self.distinct_texts:,} distinct texts; "
            f"Spark {self.spark_seconds:.1f} s on {self.executors} executor(s)"
            f" ({rate:,.0f} pages/s)"
        )
        if self.merged:
            text += (
                f"; merged: {self.merged.get('items', 0):,} items, "
                f"{self.merged.get('versions', 0):,} versions in {self.merge_seconds:.1f} s"
            )
        return text + "."


def _check_java() -> None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return
    if shutil.which("java") is None:
        raise SparkUnavailable(
            "Java is not installed (Spark needs it): apt-get install default-jre-headless, "
            "or run `bash scripts/system-deps.sh`"
        )


def local_session(
    executors: int = 2, memory: str = "1g", master: str | None = None, app: str = "wiredesk-batch"
) -> Any:
    """A SparkSession in local mode with `executors` worker threads, on loopback only, no UI.

    With `master` (e.g. `spark://host:7077`, `yarn`) the session runs on that cluster instead.

    Raises:
        SparkUnavailable: pyspark or Java is missing, or Spark does not start.
    """
    _check_java()
    # Executors must run this very interpreter (the venv with wiredesk installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable("pyspark is not installed: pip install 'wiredesk[spark]'") from exc
    builder = (
        SparkSession.builder.master(master or f"local[{max(1, executors)}]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(max(2, executors * 2)))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.python.worker.reuse", "true")
    )
    if master is None:
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # the JVM failing to start surfaces as many exception types
        raise SparkUnavailable(f"Spark did not start: {exc}".splitlines()[0][:400]) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def _schema() -> Any:
    from pyspark.sql.types import BinaryType, LongType, StringType, StructField, StructType

    kinds = {"int64": LongType(), "string": StringType(), "binary": BinaryType()}
    return StructType([StructField(name, kinds[kind], True) for name, kind in COLUMNS])


def _records(part: Iterator[tuple[int, str]], fetched_iso: str | None) -> Iterator[tuple[Any, ...]]:
    fetched_at = datetime.fromisoformat(fetched_iso) if fetched_iso else None
    names = [name for name, _ in COLUMNS]
    for input_no, path in part:
        for rec in process_input(input_no, path, fetched_at):
            yield tuple(rec[n] for n in names)


def _prepare_out(out: Path, overwrite: bool) -> None:
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise UsageError("--out", f"{out} is not empty (give --overwrite to replace it)")
        if not (out / MANIFEST).is_file():
            raise UsageError("--out", f"{out} is not a batch output; refusing to delete it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def run_batch(
    spark: Any,
    inputs: Sequence[str],
    out: str | Path,
    *,
    fetched_at: datetime | None = None,
    partitions: int | None = None,
    merge: bool = True,
    overwrite: bool = False,
) -> BatchReport:
    """Read, parse and key every page of `inputs` on Spark; write Parquet to `out`.

    Args:
        spark: the SparkSession (see `local_session`).
        inputs: files and folders (WARC, text, HTML, JSONL), as for `wiredesk ingest`.
        out: the output folder (`pages/`, and with `merge` also `items/`, `versions/`,
            `sightings/`, `problems/`, plus a manifest).
        fetched_at: crawl time of plain files that carry none.
        partitions: Spark tasks (default: a few per executor, at most one per input file).
        merge: also merge the pages through the store's ingest and write the archive tables.
        overwrite: replace an earlier batch output in `out`.

    Raises:
        InputError: no input files.
        UsageError: `out` holds something else.
    """
    out = Path(out)
    files = expand_inputs(inputs)
    if not files:
        raise InputError(", ".join(inputs), "no input files found")
    _prepare_out(out, overwrite)
    sc = spark.sparkContext
    report = BatchReport(inputs=len(files), executors=int(sc.defaultParallelism))
    slices = partitions or min(len(files), max(1, sc.defaultParallelism * 4))
    started = time.perf_counter()
    fetched_iso = fetched_at.isoformat() if fetched_at else None
    # parallelize() slices the list into contiguous runs, so partition i holds inputs in order
    # and its part file sorts before partition i+1's: the output keeps the input order.
    rdd = sc.parallelize(list(enumerate(files)), slices).mapPartitions(
        lambda part: _records(part, fetched_iso)
    )
    frame = spark.createDataFrame(rdd, _schema())
    frame.write.mode("error").parquet(str(out / PAGES))
    _summarise(spark, out, report)
    report.spark_seconds = time.perf_counter() - started
    manifest = {
        "format": 1,
        "inputs": files,
        "fetched_at": fetched_iso,
        "report": asdict(report),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    if merge:
        began = time.perf_counter()
        report.merged = write_archive_tables(out)
        report.merge_seconds = time.perf_counter() - began
        manifest["report"] = asdict(report)
        (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return report


def _summarise(spark: Any, out: Path, report: BatchReport) -> None:
    from pyspark.sql import functions as F

    pages = spark.read.parquet(str(out / PAGES))
    row = pages.agg(
        F.count(F.lit(1)).alias("records"),
        F.sum(F.when(F.col("kind") == "page", 1).otherwise(0)).alias("pages"),
        F.sum(F.when(F.col("kind") == "problem", 1).otherwise(0)).alias("source_problems"),
        F.sum(
            F.when(F.col("parsed").contains('"p":[]'), 0)
            .when(F.col("kind") == "page", 1)
            .otherwise(0)
        ).alias("with_problems"),
    ).collect()[0]
    report.records = int(row["records"] or 0)
    report.pages = int(row["pages"] or 0)
    report.source_problems = int(row["source_problems"] or 0)
    report.pages_with_problems = int(row["with_problems"] or 0)
    keys = pages.select(F.explode(F.from_json(F.col("item_keys"), "array<string>")).alias("key"))
    counted = keys.agg(
        F.count(F.lit(1)).alias("n"), F.countDistinct("key").alias("distinct")
    ).collect()[0]
    report.item_sightings = int(counted["n"] or 0)
    report.distinct_texts = int(counted["distinct"] or 0)


_TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "versions": (
        "SELECT i.id, v.number, v.headline, v.body, v.text_hash, v.first_seen, v.truncated,"
        " v.similarity, v.rule FROM versions v JOIN items i ON i.rowid = v.item"
        " ORDER BY i.rowid, v.number",
        [
            ("item_id", "string"),
            ("number", "int64"),
            ("headline", "string"),
            ("body", "string"),
            ("text_hash", "string"),
            ("first_seen", "string"),
            ("truncated", "int64"),
            ("similarity", "float64"),
            ("rule", "string"),
        ],
    ),
    "sightings": (
        "SELECT i.id, v.number, p.url, s.fetched_at, s.position, s.role, s.age, s.earliest,"
        " s.latest, s.conflict, s.truncated, s.similarity, s.rule, p.source_location,"
        " p.page_key FROM sightings s JOIN items i ON i.rowid = s.item"
        " JOIN versions v ON v.rowid = s.version JOIN pages p ON p.rowid = s.page"
        " ORDER BY s.rowid",
        [
            ("item_id", "string"),
            ("version", "int64"),
            ("url", "string"),
            ("fetched_at", "string"),
            ("position", "int64"),
            ("role", "string"),
            ("age", "string"),
            ("earliest", "string"),
            ("latest", "string"),
            ("conflict", "int64"),
            ("truncated", "int64"),
            ("similarity", "float64"),
            ("rule", "string"),
            ("input", "string"),
            ("page_key", "string"),
        ],
    ),
    "problems": (
        "SELECT pr.input, pr.code, pr.stage, pr.message, p.url, p.fetched_at, p.raw_sha256"
        " FROM problems pr LEFT JOIN pages p ON p.rowid = pr.page ORDER BY pr.rowid",
        [
            ("input", "string"),
            ("code", "string"),
            ("stage", "string"),
            ("message", "string"),
            ("url", "string"),
            ("fetched_at", "string"),
            ("raw_sha256", "string"),
        ],
    ),
}


def write_archive_tables(out: Path) -> dict[str, int]:
    """Merge `out/pages` through the ingest into a scratch archive; write its tables as Parquet.

    Returns:
        Rows written per table (`items`, `versions`, `sightings`, `problems`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from wiredesk.store.export import export_items
    from wiredesk.store.sqlite import SQLiteStore

    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="wiredesk-merge-", dir=out) as scratch:
        store = SQLiteStore(Path(scratch) / "merge.db")
        try:
            load_batch(store, out)
            (out / "items").mkdir()
            counts["items"] = export_items(store, out / "items" / "part-00000.parquet", "parquet")
            for name, (sql, columns) in _TABLES.items():
                schema = pa.schema([(c, getattr(pa, t)()) for c, t in columns])
                (out / name).mkdir()
                n = 0
                with pq.ParquetWriter(str(out / name / "part-00000.parquet"), schema) as writer:
                    cur = store.conn.execute(sql)
                    while rows := cur.fetchmany(10_000):
                        writer.write_table(
                            pa.Table.from_pylist(
                                [dict(zip(schema.names, r, strict=True)) for r in rows],
                                schema=schema,
                            )
                        )
                        n += len(rows)
                counts[name] = n
        finally:
            store.close()
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """`spark-submit wiredesk/batch/spark.py INPUTS... --out DIR` (the cluster entry point)."""
    import argparse

    parser = argparse.ArgumentParser(prog="wiredesk-batch", description=__doc__)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--fetched-at")
    parser.add_argument("--no-merge", action="store_true")
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("wiredesk-batch").getOrCreate()
    fetched = datetime.fromisoformat(args.fetched_at) if args.fetched_at else None
    report = run_batch(
        spark,
        args.inputs,
        args.out,
        fetched_at=fetched,
        merge=not args.no_merge,
        overwrite=args.overwrite,
    )
    print(report.summary(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
