"""Spark fixtures: one local-mode SparkSession per test session (loopback only, no UI)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A small local SparkSession; the tests fail with the reason when Spark cannot start."""
    from wiredesk.batch.spark import SparkUnavailable, local_session

    try:
        session = local_session(executors=2, memory="768m")
    except SparkUnavailable as exc:
        pytest.fail(f"cannot start Spark: {exc}", pytrace=False)
    yield session
    session.stop()
