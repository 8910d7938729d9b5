"""Property tests of the HTTP API against its own OpenAPI document (schemathesis, in-process ASGI).

Bounded: a few examples per operation, no deadline, no network. Every answer must be a
documented status with a documented content type and a body that fits the schema; no 5xx.
"""

from __future__ import annotations

import tempfile
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


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx: schemathesis.SerializationContext, value: object) -> bytes:
    """JSONL bodies are text: send the generated string as UTF-8."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


# The app is made at import (schemathesis reads its OpenAPI document then) on an empty
# archive, which costs only the migrations; the fixture fills it before the test runs.
_DB = Path(tempfile.mkdtemp(prefix="wiredesk-schemathesis-")) / "st.db"
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(_DB)))


@pytest.fixture(scope="module")
def writer_header() -> dict[str, str]:
    """Generated pages in the app's archive (ingest examples write there too) and a token."""
    build_archive(_DB, n=40, seed=11)
    with Archive.open(_DB) as archive:
        secret = create_token(sqlite_conn(archive), "schemathesis")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.timeout(240)
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_to_its_openapi(
    case: schemathesis.Case, writer_header: dict[str, str]
) -> None:
    case.call_and_validate(headers=writer_header, checks=CHECKS)
