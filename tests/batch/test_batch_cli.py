"""`wiredesk batch` and `wiredesk load` fail with one line on bad arguments (no Spark needed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def wd(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", "--archive", str(cwd / "a.db"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_load_of_a_folder_that_is_no_batch_output(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    done = wd("load", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("wiredesk: ")
    assert "not the output of `wiredesk batch`" in done.stderr
    assert "Traceback" not in done.stderr


def test_batch_of_stdin_or_nothing_is_refused_before_spark_starts(tmp_path: Path) -> None:
    done = wd("batch", "-", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert done.returncode == 2
    assert "stdin cannot be read by a batch job" in done.stderr
    (tmp_path / "empty").mkdir()
    done = wd("batch", str(tmp_path / "empty"), "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert done.returncode == 2
    assert "no input files found" in done.stderr
    assert "Traceback" not in done.stderr
