"""The FastAPI side of tokens: read `Authorization: Bearer <secret>` and check the role.

Secrets are never logged: they travel only in the header, and failures name no secret.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wiredesk.serve.access import ArchiveAccess, open_reader, sqlite_conn
from wiredesk.serve.auth import Caller, verify_secret
from wiredesk.serve.problems import ApiProblem

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A secret from `wiredesk token create`; writes need the `writer` role.",
)


def caller_of(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller | None:
    """The caller a request's bearer token belongs to; None without a token.

    Raises:
        ApiProblem: 401 when a token is given but is not valid.
    """
    if credentials is None:
        return None
    access: ArchiveAccess = request.app.state.access
    # A handle of its own: dependencies may run on another thread than the endpoint.
    with open_reader(access.location) as archive:
        caller = verify_secret(sqlite_conn(archive), credentials.credentials)
    if caller is None:
        raise ApiProblem(401, "unauthorized", "the token is not valid (unknown or revoked)")
    return caller


def require_writer(caller: Annotated[Caller | None, Depends(caller_of)]) -> Caller:
    """The caller, when its role may write.

    Raises:
        ApiProblem: 401 without a token, 403 when the role may not write.
    """
    if caller is None:
        raise ApiProblem(401, "unauthorized", "writes need `Authorization: Bearer <token>`")
    if not caller.may("write"):
        raise ApiProblem(403, "forbidden", f"the role {caller.role!r} may not write")
    return caller
