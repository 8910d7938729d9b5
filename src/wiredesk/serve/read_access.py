"""Who may read what: open reading, token-only reading, and the snippet-only role.

The app's `state.read_access` picks the policy (set by `wiredesk serve --read-access`):

- `open` (the default): anyone reads everything; tokens matter only for writes.
- `token`: reads need a token; a `snippet` token sees snippets, a `reader`/`writer` token all.
- `snippets`: anyone may search and count, but anonymous callers see snippets only; a
  `reader`/`writer` token sees full text.

A caller limited to snippets (the `snippet` role, or anonymous under `snippets`) may search,
count, explain and read KWIC lines (up to `SNIPPET_KWIC_WIDTH` words either side), but never
a full body: item pages and routes, version
diffs, exports and frozen sets' items answer 403, and search and latest-item answers carry
an empty `body` (the highlighted snippet stays).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wiredesk.serve.problems import PROBLEM_MEDIA_TYPE, ApiProblem, problem_body

POLICIES = ("open", "token", "snippets")
# The widest KWIC context a snippet-only caller may ask for (words either side).
SNIPPET_KWIC_WIDTH = 10
# The most words of a text a snippet-only caller sees in one hit (around the first match).
SNIPPET_WORDS = 24
SNIPPET_ROLE = "snippet"

# Paths whose answers hold full bodies.
FULL_TEXT = re.compile(
    r"^(/api/items/[^/]+(/diff)?|/api/export|/items/[^/]+(/diff)?|/api/frozen/[^/]+)/?$"
)
# JSON answers whose hits carry a `body` to blank out.
BODY_STRIPPED = ("/api/search", "/api/latest")
# Always open: assets, the API description and the docs page.
PUBLIC = re.compile(r"^(/static/.*|/favicon\.ico|/openapi\.json|/docs|/help)$")


def _problem(
    request: Request, status: int, kind: str, detail: str
) -> Awaitable[Response] | Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            problem_body(status, kind, detail), status_code=status, media_type=PROBLEM_MEDIA_TYPE
        )
    from wiredesk.serve.web import error_page

    return error_page(request, ApiProblem(status, kind, detail))


def _caller_role(request: Request) -> tuple[str | None, bool]:
    """The role of the request's bearer token (None without one) and whether a token was bad."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None, False
    from wiredesk.serve.access import open_reader, sqlite_conn
    from wiredesk.serve.auth import verify_secret

    with open_reader(request.app.state.access.location) as archive:
        caller = verify_secret(sqlite_conn(archive), secret.strip())
    return (caller.role, False) if caller else (None, True)


def clip_parts(
    parts: Sequence[tuple[str, bool]], max_words: int = SNIPPET_WORDS
) -> list[tuple[str, bool]]:
    """At most `max_words` words of a snippet, from a few words before its first match on.

    Search snippets of short items hold the whole text; a snippet-only caller gets a window.
    """
    words = [(w, m, i) for i, (text, m) in enumerate(parts) for w in text.split()]
    if len(words) <= max_words:
        return list(parts)
    first = next((k for k, (_, m, _) in enumerate(words) if m), 0)
    start = max(0, min(first - max_words // 4, len(words) - max_words))
    window = words[start : start + max_words]
    out: list[tuple[str, bool]] = [("… ", False)] if start > 0 else []
    for n, (w, m, _) in enumerate(window):
        if n == 0:
            out.append((w, m))
        elif out[-1][1] == m:
            out[-1] = (out[-1][0] + " " + w, m)
        elif m:  # the space stays outside the highlighted match
            out[-1] = (out[-1][0] + " ", False)
            out.append((w, m))
        else:
            out.append((" " + w, m))
    if start + max_words < len(words):
        out.append((" …", False))
    return out


def clip_snippet(parts: Sequence[Any]) -> list[Any]:
    """`clip_parts` over the web pages' snippet parts (objects with `text` and `match`)."""
    from wiredesk.serve.schemas import SnippetPart

    clipped = clip_parts([(p.text, p.match) for p in parts])
    return [SnippetPart(text=t, match=m) for t, m in clipped]


def snippets_only(policy: str, role: str | None) -> bool:
    """True when a caller with `role` (None: anonymous) sees snippets only under `policy`."""
    if role is None:
        return policy == "snippets"
    return role == SNIPPET_ROLE


class ReadAccessMiddleware(BaseHTTPMiddleware):
    """Applies the read policy and the snippet-only limits to every request."""

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Refuse, limit or pass the request."""
        policy = str(getattr(request.app.state, "read_access", "open"))
        path = request.url.path
        if PUBLIC.match(path):
            return await call_next(request)
        role, bad = _caller_role(request)
        if bad:
            return await _as_response(
                _problem(
                    request, 401, "unauthorized", "the token is not valid (unknown or revoked)"
                )
            )
        if role is None and policy == "token":
            return await _as_response(
                _problem(
                    request,
                    401,
                    "unauthorized",
                    "this archive is read with a token: send `Authorization: Bearer <token>`",
                )
            )
        if not snippets_only(policy, role):
            return await call_next(request)
        request.state.snippets_only = True  # the web pages show short excerpts only
        if FULL_TEXT.match(path):
            return await _as_response(
                _problem(
                    request,
                    403,
                    "snippets-only",
                    "this access may search and count but not read full texts (snippets only)",
                )
            )
        width = request.query_params.get("width", "")
        if path == "/api/kwic" and width.isdigit() and int(width) > SNIPPET_KWIC_WIDTH:
            return await _as_response(
                _problem(
                    request,
                    403,
                    "snippets-only",
                    f"snippets only: KWIC lines up to {SNIPPET_KWIC_WIDTH} words either side",
                )
            )
        response = await call_next(request)
        if path in BODY_STRIPPED and response.status_code == 200:
            return await _strip_bodies(response)
        return response


async def _as_response(value: Awaitable[Response] | Response) -> Response:
    if isinstance(value, Response):
        return value
    return await value


async def _strip_bodies(response: Response) -> Response:
    chunks = [c async for c in response.body_iterator]  # type: ignore[attr-defined]
    raw = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in chunks)
    data = json.loads(raw)
    for key in ("hits", "items"):
        for hit in data.get(key) or []:
            if isinstance(hit, dict) and "body" in hit:
                hit["body"] = ""
            if isinstance(hit, dict) and isinstance(hit.get("snippet"), list):
                parts = clip_parts([(str(p["text"]), bool(p["match"])) for p in hit["snippet"]])
                hit["snippet"] = [{"text": t, "match": m} for t, m in parts]
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Response(
        json.dumps(data, ensure_ascii=False).encode("utf-8"),
        status_code=response.status_code,
        headers=headers,
        media_type="application/json",
    )
