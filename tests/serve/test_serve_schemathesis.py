"""Property tests of the HTTP API against its own OpenAPI document (schemathesis, in-process ASGI).

Bounded: a few examples per operation, no deadline, no network. Every answer must be a
documented status with a documented content type and a body that fits the schema; no 5xx.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from serve_testkit import build_archive

from wiredesk.archive import Archive
from wiredesk.serve.access import sqlite_conn
from wiredesk.serve.app import create_app
from wiredesk.serve.auth import create_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _app_and_secret(tmp: Path) -> tuple[object, str]:
    db = build_archive(tmp / "schemathesis.db", n=40, seed=11)
    with Archive.open(db) as archive:
        secret = create_token(sqlite_conn(archive), "schemathesis")
    return create_app(str(db)), secret


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx: schemathesis.SerializationContext, value: object) -> bytes:
    """JSONL bodies are text: send the generated string as UTF-8."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


_APP, _SECRET = _app_and_secret(Path(__import__("tempfile").mkdtemp(prefix="wiredesk-st-")))
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@pytest.mark.timeout(240)
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_to_its_openapi(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {_SECRET}"}, checks=CHECKS)
