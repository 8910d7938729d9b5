"""`wiredesk parse` on good and bad input: JSON, or one line and exit 2; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wiredesk.cli.main import main

PAGE = (
    "Kop van het stuk\n"
    "GOUDA (ANP) - De kaas is op.\n"
    "Meer uit Binnenland\n"
    "EDAM (ANP/RTR) - Ook hier.\n"
    "2 uur geleden"
)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main([*args])
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 1), out, err


def test_parse_prints_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    code, out, _ = _run(["parse", "--fetched-at", "2026-02-03T10:15:00+01:00", str(page)], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["page_kind"] == "article"
    assert data["section"] == "Binnenland"
    assert data["fetched_at"] == "2026-02-03T10:15:00+01:00"
    assert [i["places"] for i in data["items"]] == [["GOUDA"], ["EDAM"]]
    assert data["items"][1]["published"] == {
        "earliest": "2026-02-03T07:15:00+01:00",
        "latest": "2026-02-03T08:15:00+01:00",
    }
    assert data["index_entries"] == []


def _bad(tmp_path: Path, name: str) -> str:
    target = tmp_path / name
    if name == "empty.txt":
        target.write_bytes(b"")
    elif name == "binary.bin":
        target.write_bytes(bytes(range(256)) * 40)
    elif name == "nul.txt":
        target.write_bytes(b"KYIV (ANP) - tekst\x00\x00 meer tekst")
    elif name == "big.txt":
        with target.open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    elif name == "folder":
        target.mkdir()
    return str(target)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("empty.txt", "empty"),
        ("binary.bin", "binary"),
        ("nul.txt", "binary"),
        ("big.txt", "too large"),
        ("folder", "directory"),
        ("missing.txt", "no such file"),
    ],
)
def test_unreadable_input_gives_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, why: str
) -> None:
    path = _bad(tmp_path, name)
    code, out, err = _run(["parse", path], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"wiredesk: {path}: ")
    assert why in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    [
        "<html><body><h1>Contact</h1><p>Bel ons gerust.</p></body></html>",
        "Gewoon wat tekst zonder nieuws.\nNog een regel.",
        "\n\n<!doctype html><html></html>",
    ],
)
def test_readable_page_without_news_gives_empty_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text(content, encoding="utf-8")
    code, out, _ = _run(["parse", str(page)], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["items"] == []
    assert data["page_kind"] == "unknown"


def test_bad_fetched_at_is_a_usage_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    code, _, err = _run(["parse", "--fetched-at", "gisteren", str(page)], capsys)
    assert code == 2
    assert err.startswith("wiredesk: --fetched-at: ")


def test_stdin_through_the_installed_command() -> None:
    exe = Path(sys.executable).with_name("wiredesk")
    if not exe.exists():
        pytest.skip("the console script is not installed in this environment")
    done = subprocess.run(
        [str(exe), "parse", "--url", "https://example.org/a", "-"],
        input=PAGE.encode("cp1252"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["url"] == "https://example.org/a"
    assert len(data["items"]) == 2
    empty = subprocess.run(
        [str(exe), "parse", "-"], input=b"", capture_output=True, check=False, timeout=60
    )
    assert empty.returncode == 2
    assert empty.stderr.decode().strip() == "wiredesk: <stdin>: empty file (no text)"
