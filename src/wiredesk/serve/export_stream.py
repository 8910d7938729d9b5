"""Stream an export while it is written: the archive writes into a queue on its own thread.

The archive's exporter wants a file; `QueueFile` is one whose writes become chunks of the
HTTP response, so a large export never sits in memory or on disk. When the client goes away
the generator is closed, the writer sees `cancelled` and stops.
"""

from __future__ import annotations

import io
import logging
import queue
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO, cast

from fastapi.responses import StreamingResponse

from wiredesk.serve.access import open_reader

EXPORT_MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}
_CHUNK = 64 * 1024
_DONE = object()
log = logging.getLogger("wiredesk.serve")


class ExportCancelled(Exception):
    """The client stopped reading."""


class QueueFile(io.RawIOBase):
    """A write-only file whose bytes go into a bounded queue."""

    def __init__(self, chunks: queue.Queue[object], cancelled: threading.Event) -> None:
        super().__init__()
        self._chunks = chunks
        self._cancelled = cancelled
        self._buffer = bytearray()
        self._position = 0

    def writable(self) -> bool:
        """Yes."""
        return True

    def tell(self) -> int:
        """Bytes written so far (pyarrow asks)."""
        return self._position

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        """Buffer `data`; hand full chunks to the reader."""
        size = len(data)
        self._buffer += data
        self._position += size
        if len(self._buffer) >= _CHUNK:
            self._put(bytes(self._buffer))
            self._buffer.clear()
        return size

    def flush(self) -> None:
        """Nothing to do: chunks go out when full, the rest at the end."""

    def finish(self) -> None:
        """Hand over what is left."""
        if self._buffer:
            self._put(bytes(self._buffer))
            self._buffer.clear()

    def _put(self, item: object) -> None:
        while True:
            if self._cancelled.is_set():
                raise ExportCancelled
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue


def _produce(
    location: str,
    fmt: str,
    query: str | None,
    chunks: queue.Queue[object],
    cancelled: threading.Event,
) -> None:
    out = QueueFile(chunks, cancelled)
    try:
        with open_reader(location) as archive:
            archive.export(cast(BinaryIO, out), fmt, query=query)
        out.finish()
    except ExportCancelled:
        return
    except Exception as exc:  # reported in the log; the client sees a cut-off file
        log.error("export %s of %r failed: %s", fmt, query, exc)
    finally:
        if not cancelled.is_set():
            # The reader is waiting for this; it may take a moment if the queue is full.
            while True:
                try:
                    chunks.put(_DONE, timeout=0.5)
                    break
                except queue.Full:
                    if cancelled.is_set():
                        break


def export_chunks(location: str, fmt: str, query: str | None) -> Iterator[bytes]:
    """The export's bytes in chunks, written by a thread of its own."""
    chunks: queue.Queue[object] = queue.Queue(maxsize=16)
    cancelled = threading.Event()
    thread = threading.Thread(
        target=_produce, args=(location, fmt, query, chunks, cancelled), daemon=True, name="export"
    )
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            assert isinstance(item, bytes)
            yield item
    finally:
        cancelled.set()


def export_filename(fmt: str, query: str | None) -> str:
    """`wiredesk-20250101T1200Z-hits.csv` (or `-all` without a query)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%MZ")
    return f"wiredesk-{stamp}-{'hits' if query else 'all'}.{fmt}"


def stream_export(
    location: str, fmt: str, query: str | None, total: int | None
) -> StreamingResponse:
    """A streamed download of every item (or every hit of `query`) in `fmt`."""
    headers = {"Content-Disposition": f'attachment; filename="{export_filename(fmt, query)}"'}
    if total is not None:
        headers["X-Total-Count"] = str(total)
    return StreamingResponse(
        export_chunks(location, fmt, query), media_type=EXPORT_MEDIA_TYPES[fmt], headers=headers
    )
