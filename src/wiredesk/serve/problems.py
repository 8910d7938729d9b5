"""Errors as RFC 9457 problem details (`application/problem+json`) with type, title, status, detail.

Routes raise `ApiProblem`; the handlers installed by `install_problem_handlers` turn it, request
validation errors, wiredesk errors (a query syntax error carries its column) and any unexpected
exception into a problem document. Unexpected exceptions never show their text to the client.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from wiredesk.errors import AccessError, InputError, QuerySyntaxError, UsageError, WiredeskError

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://wiredesk.invalid/problems/"
log = logging.getLogger("wiredesk.serve")

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Invalid parameters",
    500: "Internal server error",
    503: "Service unavailable",
}


class ApiProblem(Exception):
    """A problem to answer with; `kind` becomes the last part of the `type` URI."""

    def __init__(
        self, status: int, kind: str, detail: str, *, title: str | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.title = title or _TITLES.get(status, "Error")
        self.extra = extra


def problem_body(
    status: int, kind: str, detail: str, title: str | None = None, **extra: Any
) -> dict[str, Any]:
    """The problem document as a dict."""
    return {
        "type": TYPE_BASE + kind,
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }


def problem_response(problem: ApiProblem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """A JSON response with the problem media type."""
    body = problem_body(
        problem.status, problem.kind, problem.detail, problem.title, **problem.extra
    )
    return JSONResponse(
        body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def from_wiredesk_error(exc: WiredeskError) -> ApiProblem:
    """Map the wiredesk error tree onto HTTP statuses."""
    if isinstance(exc, QuerySyntaxError):
        return ApiProblem(
            400,
            "query-syntax",
            exc.why,
            title="Query syntax error",
            column=exc.column,
            query=exc.query,
        )
    if isinstance(exc, AccessError):
        return ApiProblem(403, "forbidden", f"{exc.what}: {exc.why}")
    if isinstance(exc, InputError | UsageError):
        return ApiProblem(400, "bad-input", f"{exc.what}: {exc.why}")
    return ApiProblem(500, "internal", "the archive could not answer this request")


def _validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body", "header")]
        errors.append(
            {"name": ".".join(loc) or "request", "reason": str(err.get("msg", "invalid"))}
        )
    detail = "; ".join(f"{e['name']}: {e['reason']}" for e in errors) or "invalid request"
    return detail, errors


# Renders a problem as an HTML page for browsers (the web UI); None: always problem+json.
HtmlRenderer = Callable[[Request, ApiProblem], Awaitable[Response]]


def wants_html(request: Request) -> bool:
    """True for web UI pages (not /api/...) asked for by a browser."""
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def install_problem_handlers(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Register the handlers that turn every error into problem+json (or a page, for browsers)."""

    async def answer(
        request: Request, problem: ApiProblem, headers: Mapping[str, str] | None = None
    ) -> Response:
        if html is not None and wants_html(request):
            return await html(request, problem)
        return problem_response(problem, headers)

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return await answer(request, exc, headers)

    async def on_wiredesk(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WiredeskError)
        problem = from_wiredesk_error(exc)
        if problem.status >= 500:
            log.error("archive error on %s: %s", request.url.path, exc)
        return await answer(request, problem)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        detail, errors = _validation_detail(exc)
        return await answer(request, ApiProblem(422, "invalid-parameters", detail, errors=errors))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        kind = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http")
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return await answer(request, ApiProblem(exc.status_code, kind, detail), exc.headers)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return await answer(
            request, ApiProblem(500, "internal", "unexpected error; see the server log")
        )

    app.add_exception_handler(ApiProblem, on_problem)
    app.add_exception_handler(WiredeskError, on_wiredesk)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
