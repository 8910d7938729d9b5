"""Write generated pages to disk as a crawl: text files, HTML files, WARC, JSONL or a mix.

Layout of the output folder:
    text/NNNN/NNNNNNN_<hash>.txt   one page per file, bytes exactly as generated (fmt text/mixed)
    html/NNNN/NNNNNNN_<hash>.html  the HTML form, UTF-8 (fmt html/mixed)
    crawl-NNN.warc.gz              HTTP response records, plus request/metadata records now and then
    crawl-NNN.jsonl                one `{"url", "fetched_at", "text"|"html"}` object per line
    pages.tsv                      where each page went, with its URL, crawl time and layout
    manifest.json                  seed, counts per layout and format, time span
    truth.tsv                      with `truth=True`: per page and item, the wire id, version and
                                   the article a lead brief belongs to (for dedup checks)
Plain files cannot carry a crawl time; pages.tsv keeps it for tests and benchmarks.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wiredesk.generate.pages import GeneratedPage

FORMATS = ("text", "html", "warc", "jsonl", "mixed")
_WARC_RECORDS_PER_FILE = 10_000
_CHARSET = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "cp1252": "windows-1252"}


class _Writer:
    """Holds the open WARC/JSONL files and the counters while pages stream through."""

    def __init__(self, out: Path, seed: int, truth: bool) -> None:
        self.out = out
        self.rng = random.Random(f"write-{seed}")  # noqa: S311 -- reproducible, not secret
        self.counts: Counter[str] = Counter()
        self.layouts: Counter[str] = Counter()
        self.warc_file: IO[bytes] | None = None
        self.warc: WARCWriter | None = None
        self.warc_records = 0
        self.warc_files: list[Path] = []
        self.jsonl: IO[str] | None = None
        self.index = (out / "pages.tsv").open("w", encoding="utf-8")
        self.index.write("n\tformat\twhere\turl\tfetched_at\tlayout\n")
        self.truth: IO[str] | None = None
        if truth:
            self.truth = (out / "truth.tsv").open("w", encoding="utf-8")
            self.truth.write("n\tposition\trole\twire_id\tversion\tlead_of\tpublished\n")
        self.first: datetime | None = None
        self.last: datetime | None = None

    def note(self, n: int, page: GeneratedPage, fmt: str, where: str) -> None:
        self.counts[fmt] += 1
        self.layouts[page.layout] += 1
        fetched = page.fetched_at.isoformat() if page.fetched_at else ""
        self.index.write(f"{n}\t{fmt}\t{where}\t{page.url or ''}\t{fetched}\t{page.layout}\n")
        if self.truth is not None and page.expected is not None:
            for position, (item, truth) in enumerate(
                zip(page.expected["items"], page.truth, strict=True)
            ):
                self.truth.write(
                    f"{n}\t{position}\t{item['role']}\t{truth.wire_id}\t"
                    f"{truth.version}\t{truth.lead_of or ''}\t"
                    f"{truth.published.isoformat()}\n"
                )
        if page.fetched_at is not None:
            self.first = min(self.first or page.fetched_at, page.fetched_at)
            self.last = max(self.last or page.fetched_at, page.fetched_at)

    def file(self, n: int, page: GeneratedPage, kind: str) -> None:
        data = page.data if kind == "text" or page.layout == "broken" else page.html.encode()
        digest = hashlib.sha1(data).hexdigest()[:16]  # noqa: S324 -- a name, not security
        ext = "txt" if kind == "text" else "html"
        path = self.out / kind / f"{n // 1000:04d}" / f"{n:07d}_{digest}.{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.note(n, page, kind, str(path.relative_to(self.out)))

    def _warc_writer(self, max_files: int | None) -> WARCWriter:
        full = self.warc_records >= _WARC_RECORDS_PER_FILE
        if self.warc is None or (full and (max_files is None or len(self.warc_files) < max_files)):
            if self.warc_file is not None:
                self.warc_file.close()
            path = self.out / f"crawl-{len(self.warc_files):03d}.warc.gz"
            self.warc_files.append(path)
            self.warc_file = path.open("wb")
            self.warc = WARCWriter(self.warc_file, gzip=True)
            self.warc_records = 0
        return self.warc

    def warc_record(self, n: int, page: GeneratedPage, max_files: int | None = None) -> None:
        writer = self._warc_writer(max_files)
        html = page.layout != "broken" and self.rng.random() < 0.3
        body = page.html.encode() if html else page.data
        charset = "utf-8" if html else _CHARSET[page.encoding]
        mime = "text/html" if html else "text/plain"
        if page.layout == "broken":
            mime = "application/octet-stream" if "broken_binary" in page.features else mime
        headers = [("Content-Type", f"{mime}; charset={charset}"), ("Server", "nginx")]
        roll = self.rng.random()
        if roll < 0.05:
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        elif roll < 0.1:
            body = _chunked(body)
            headers.append(("Transfer-Encoding", "chunked"))
        if "Transfer-Encoding" not in dict(headers):
            headers.append(("Content-Length", str(len(body))))
        url = page.url or f"{_placeholder_url(n)}"
        date = (page.fetched_at or datetime.now(UTC)).astimezone(UTC)
        warc_date = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.rng.random() < 0.05:
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    f"GET {url} HTTP/1.1", [("User-Agent", "crawler")], is_http_request=True
                ),
                warc_headers_dict={"WARC-Date": warc_date},
            )
            writer.write_record(request)
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": warc_date},
        )
        writer.write_record(record)
        if self.rng.random() < 0.01:
            meta = writer.create_warc_record(
                url,
                "metadata",
                payload=io.BytesIO(b"via: generator\n"),
                warc_content_type="application/warc-fields",
                warc_headers_dict={"WARC-Date": warc_date},
            )
            writer.write_record(meta)
        self.warc_records += 1
        self.note(n, page, "warc", f"{self.warc_files[-1].name}#{self.warc_records}")

    def truncated_record(self) -> None:
        """Append one response record cut in half to the last WARC file (a dead crawler)."""
        if self.warc_file is None:
            return
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        body = ("VLISSINGEN (ANP) - Afgebroken opname. " * 80).encode()
        writer.write_record(
            writer.create_warc_record(
                f"{_placeholder_url(0)}-afgebroken",
                "response",
                payload=io.BytesIO(body),
                http_headers=StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1"
                ),
                warc_headers_dict={"WARC-Date": "2026-01-01T00:00:00Z"},
            )
        )
        raw = buffer.getvalue()
        self.warc_file.write(raw[: len(raw) // 2])
        self.counts["warc_truncated_records"] += 1

    def jsonl_line(self, n: int, page: GeneratedPage) -> None:
        if self.jsonl is None:
            self.jsonl = (self.out / "crawl-000.jsonl").open("w", encoding="utf-8")
        fetched = page.fetched_at.isoformat() if page.fetched_at else None
        if page.layout == "broken":
            # A line a crashed exporter left behind: not JSON.
            self.jsonl.write('{"url": "' + (page.url or "") + '", "text": "afgebroken\n')
        else:
            record: dict[str, Any] = {"url": page.url, "fetched_at": fetched}
            if self.rng.random() < 0.2:
                record["html"] = page.html
            else:
                record["text"] = page.text
            self.jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.note(n, page, "jsonl", "crawl-000.jsonl")

    def close(self) -> None:
        if self.warc_file is not None:
            self.warc_file.close()
        if self.jsonl is not None:
            self.jsonl.close()
        self.index.close()
        if self.truth is not None:
            self.truth.close()


def _placeholder_url(n: int) -> str:
    return f"https://portaal.example.nl/onbekend/{n}"


def _chunked(body: bytes) -> bytes:
    out = bytearray()
    for i in range(0, len(body), 700):
        chunk = body[i : i + 700]
        out += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    return bytes(out + b"0\r\n\r\n")


def write_crawl(
    out_dir: str | Path,
    pages: Iterable[GeneratedPage],
    seed: int,
    fmt: str = "text",
    *,
    truth: bool = False,
) -> dict[str, Any]:
    """Write pages into out_dir in one format (or a mix) and return the manifest written.

    Args:
        out_dir: the output folder (created if needed).
        pages: generated pages, e.g. `generate_pages(n, seed)`.
        seed: recorded in the manifest; also seeds the choices of the writer (mix, HTTP framing).
        fmt: "text", "html", "warc", "jsonl" or "mixed" (some .txt, some .html, one or two
            .warc.gz and a .jsonl, so every source is exercised).
        truth: also write truth.tsv (wire ids of the items of the text form, page by page).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writer = _Writer(out, seed, truth)
    broken = 0
    total = 0
    try:
        for n, page in enumerate(pages):
            total += 1
            broken += page.layout == "broken"
            kind = fmt
            if fmt == "mixed":
                roll = writer.rng.random()
                kind = (
                    "text"
                    if roll < 0.4
                    else "html"
                    if roll < 0.6
                    else "warc"
                    if roll < 0.85
                    else "jsonl"
                )
                if n < 4:  # even a tiny mix has every source
                    kind = ("text", "html", "warc", "jsonl")[n]
            if kind in ("text", "html"):
                writer.file(n, page, kind)
            elif kind == "warc":
                writer.warc_record(n, page, max_files=2 if fmt == "mixed" else None)
            else:
                writer.jsonl_line(n, page)
        if broken and writer.warc_file is not None:
            writer.truncated_record()
    finally:
        writer.close()
    manifest = {
        "generator": "wiredesk.generate",
        "seed": seed,
        "format": fmt,
        "pages": total,
        "broken": broken,
        "per_layout": dict(sorted(writer.layouts.items())),
        "per_format": dict(sorted(writer.counts.items())),
        "span": {
            "first_fetch": writer.first.isoformat() if writer.first else None,
            "last_fetch": writer.last.isoformat() if writer.last else None,
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
