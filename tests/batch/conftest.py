"""Spark fixtures: one local-mode SparkSession per test session (loopback only, no UI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A small local SparkSession; the tests fail with the reason when Spark cannot start.

    `WIREDESK_SKIP_SPARK=1` is the only, explicit opt-out (documented in the README).
    """
    if os.environ.get("WIREDESK_SKIP_SPARK", "").strip() not in ("", "0"):
        pytest.skip("WIREDESK_SKIP_SPARK is set: Spark tests skipped on request")
    from wiredesk.batch.spark import SparkUnavailable, local_session

    try:
        session = local_session(executors=2, memory="768m")
    except SparkUnavailable as exc:
        pytest.fail(f"cannot start Spark: {exc}", pytrace=False)
    yield session
    session.stop()


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker; without it (-p no:xdist) it must still be known.
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")
