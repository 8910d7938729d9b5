"""Sources: every format round-trips through iter_pages; bad inputs give Problems, not errors."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wiredesk.generate import GeneratedPage, generate_pages
from wiredesk.generate.write import write_crawl
from wiredesk.model import Page, Problem
from wiredesk.sources.read import iter_pages
from wiredesk.sources.sniff import sniff_format
from wiredesk.sources.stdin import iter_stream_pages

N = 150


@pytest.fixture(scope="module")
def generated() -> list[GeneratedPage]:
    return list(generate_pages(N, seed=21))


def _pages(results: list[Page | Problem]) -> list[Page]:
    return [r for r in results if isinstance(r, Page)]


def _problems(results: list[Page | Problem]) -> list[Problem]:
    return [r for r in results if isinstance(r, Problem)]


def _forms(page: GeneratedPage) -> set[bytes]:
    forms = {page.data}
    if page.layout != "broken":
        forms.add(page.html.encode())
        forms.add(page.text.encode())
    return forms


@pytest.mark.parametrize("fmt", ["text", "html", "warc", "jsonl", "mixed"])
def test_round_trip(tmp_path: Path, generated: list[GeneratedPage], fmt: str) -> None:
    manifest = write_crawl(tmp_path, generated, seed=21, fmt=fmt)
    assert manifest["pages"] == N
    assert (tmp_path / "manifest.json").is_file()
    results = list(iter_pages([tmp_path]))
    pages = _pages(results)
    broken = sum(p.layout == "broken" for p in generated)
    if fmt in ("text", "html"):
        assert len(pages) == N
        assert not _problems(results)
        assert all(p.fetched_at is None and p.ref.kind == "file" for p in pages)
    if fmt == "jsonl":
        assert len(pages) == N - broken
        assert {p.code for p in _problems(results)} <= {"jsonl_bad_line"}
        assert all(":" in p.input for p in _problems(results))
    if fmt == "warc":
        assert len(pages) == N
        assert broken == 0 or [p.code for p in _problems(results)] == ["warc_truncated"]
        assert all(p.fetched_at is not None and p.url for p in pages)
    # every page read back is byte-identical to one form of a generated page
    known = set().union(*(_forms(p) for p in generated))
    assert all(p.data in known for p in pages)


def test_warc_pages_carry_time_url_and_charset(
    tmp_path: Path, generated: list[GeneratedPage]
) -> None:
    write_crawl(tmp_path, generated, seed=21, fmt="warc")
    pages = _pages(list(iter_pages([tmp_path / "crawl-000.warc.gz"])))
    assert len(pages) == len(generated)
    for page, source in zip(pages, generated, strict=True):
        assert source.fetched_at is not None
        assert page.fetched_at == source.fetched_at.astimezone(UTC)
        assert page.url == source.url or source.url is None
        assert page.encoding in ("utf-8", "windows-1252")
        assert page.ref.offset is not None


def test_plain_files_take_the_given_time(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kop\nGOES - Tekst.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("verborgen", encoding="utf-8")
    (tmp_path / "notes.md").write_text("geen pagina", encoding="utf-8")
    when = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    pages = _pages(list(iter_pages([tmp_path], fetched_at=when)))
    assert [Path(p.ref.location).name for p in pages] == ["a.txt"]
    assert pages[0].fetched_at == when
    assert pages[0].data == b"Kop\nGOES - Tekst.\n"


def test_bad_inputs_are_problems(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "junk.warc.gz").write_bytes(b"\x1f\x8b rommel" * 10)
    (tmp_path / "bad.jsonl").write_text(
        '{"url": "u", "text": "ok"}\n{kapot\n[1]\n{"url": 1}\n', encoding="utf-8"
    )
    results = list(iter_pages([tmp_path / "nope.txt", tmp_path]))
    problems = _problems(results)
    assert problems[0] == Problem(
        "missing", str(tmp_path / "nope.txt"), "no such file or directory", stage="source"
    )
    assert problems[0].line() == f"{tmp_path / 'nope.txt'}: no such file or directory"
    codes = [p.code for p in problems]
    assert codes.count("jsonl_bad_line") == 3
    assert "warc_corrupt" in codes
    assert [p.input.rsplit(":", 1)[1] for p in problems if p.code == "jsonl_bad_line"] == [
        "2",
        "3",
        "4",
    ]
    # empty and binary files are pages: the parser names their problem
    assert {Path(p.ref.location).name for p in _pages(results)} >= {"empty.txt", "bin.txt"}


def test_stdin_streams(generated: list[GeneratedPage], tmp_path: Path) -> None:
    write_crawl(tmp_path, generated[:20], seed=1, fmt="warc")
    data = (tmp_path / "crawl-000.warc.gz").read_bytes()
    pages = _pages(list(iter_stream_pages(io.BytesIO(data))))
    assert len(pages) == 20
    lines = b"".join(json.dumps({"url": f"u{i}", "text": "x"}).encode() + b"\n" for i in range(3))
    assert len(_pages(list(iter_stream_pages(io.BytesIO(lines))))) == 3
    single = _pages(list(iter_stream_pages(io.BytesIO(b"Kop\nGOES - x"))))
    assert single[0].ref.kind == "stdin"


def test_sniff() -> None:
    assert sniff_format(b"WARC/1.0\r\n") == "warc"
    assert sniff_format(gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n")) == "warc"
    assert sniff_format(b'{"url": "x", "text": "y"}\n') == "jsonl"
    assert sniff_format(b"\xef\xbb\xbf<!DOCTYPE html><html>") == "html"
    assert sniff_format(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert sniff_format(b"<feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert sniff_format(b"Webmail\nKies je webmail\n") == "text"
    assert sniff_format(b"") == "text"


def test_feed_entries(tmp_path: Path) -> None:
    pytest.importorskip("feedparser")
    feed = tmp_path / "nieuws.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Kop een</title><link>https://portaal.example.nl/1</link>"
        "<description>GOES - Tekst een.</description></item>"
        "<item><title>Kop twee</title><link>https://portaal.example.nl/2</link>"
        "<description>GOES - Tekst twee.</description></item></channel></rss>",
        encoding="utf-8",
    )
    pages = _pages(list(iter_pages([feed])))
    assert [p.url for p in pages] == [
        "https://portaal.example.nl/1",
        "https://portaal.example.nl/2",
    ]
    assert b"Kop een" in pages[0].data
    assert pages[0].format == "html"


def test_garbage_never_raises(tmp_path: Path) -> None:
    import random

    rng = random.Random(5)
    pages = list(generate_pages(5, seed=3))
    write_crawl(tmp_path, pages, seed=3, fmt="warc")
    warc = (tmp_path / "crawl-000.warc.gz").read_bytes()
    for i in range(30):
        # cut, flip and append junk: every result is a Page or a Problem, never an exception
        data = bytearray(warc[: rng.randrange(len(warc))])
        for _ in range(i % 4):
            if data:
                data[rng.randrange(len(data))] ^= 0xFF
        data += rng.randbytes(i * 3)
        path = tmp_path / f"junk{i}.warc.gz"
        path.write_bytes(bytes(data))
        results = list(iter_pages([path]))
        assert all(isinstance(r, Page | Problem) for r in results)
        jsonl = tmp_path / f"junk{i}.jsonl"
        jsonl.write_bytes(rng.randbytes(200) + b"\n" + b'{"text": 1}\n')
        assert all(isinstance(r, Problem) for r in iter_pages([jsonl]))
