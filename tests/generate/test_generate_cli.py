"""`wiredesk generate` writes a crawl with a manifest; bad options are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wiredesk.cli.main import main


def _run(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_generate_mixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "crawl"
    assert (
        _run(["generate", "--pages", "60", "--seed", "2", "--format", "mixed", "--truth", str(out)])
        == 0
    )
    truth = (out / "truth.tsv").read_text(encoding="utf-8").splitlines()
    assert truth[0].startswith("n\tposition\trole\twire_id")
    assert len(truth) > 60
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"] == 60
    assert manifest["seed"] == 2
    assert {"text", "html", "warc", "jsonl"} <= set(manifest["per_format"])
    assert list(out.glob("crawl-*.warc.gz"))
    assert "pages/s" in capsys.readouterr().err


def test_generate_is_reproducible(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert _run(["generate", "--pages", "30", "--seed", "9", str(tmp_path / name)]) == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.txt"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.txt"))
    assert files_a == files_b
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a
    )


def test_generate_bad_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["generate", "--pages", "5", "--end", "gisteren", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err.startswith("wiredesk: --end: ")
